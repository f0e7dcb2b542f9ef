package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/netio-go/netio/fixture"
)

func init() {
	register(&command{name: "verify", summary: "check fixtures decode to their golden output", run: runVerify})
}

func runVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("verify", "verify [--update] PATH...", stdout)
	update := fl.Bool("update", false, "rewrite the golden expected/NNNN.json files instead of comparing")
	lf := addLimitFlags(fl)
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if fl.NArg() == 0 {
		return usageError("verify: want at least one PATH (a fixture, or a directory to search for fixtures)")
	}
	var paths []string
	for _, a := range fl.Args() {
		found, err := findFixtures(a)
		if err != nil {
			return err
		}
		if len(found) == 0 {
			return fmt.Errorf("verify: no fixture in %s", a)
		}
		paths = append(paths, found...)
	}
	failed := 0
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		f, err := fixture.Open(p, lf.lim)
		if err != nil {
			failed++
			fmt.Fprintf(stdout, "FAIL %s\n  %s\n", escapeName(p), oneLine(err.Error()))
			continue
		}
		rep := fixture.Verify(f, *update)
		if *update && rep.Updated > 0 {
			if err := f.Save(); err != nil {
				return err
			}
		}
		if !rep.OK() {
			failed++
			fmt.Fprintf(stdout, "FAIL %s: %s\n", escapeName(p), rep.Summary())
			for _, pr := range rep.Problems {
				fmt.Fprintf(stdout, "  %s\n", strings.ReplaceAll(pr, "\n", "\n  "))
			}
			continue
		}
		fmt.Fprintf(stdout, "ok   %s: %s\n", escapeName(p), rep.Summary())
	}
	if failed > 0 {
		return fmt.Errorf("verify: %d of %d fixtures failed", failed, len(paths))
	}
	return nil
}

// findFixtures returns path if it is a fixture (a directory holding
// netio-fixture.json, or a file), else every fixture under it: directories
// holding a manifest and .tar, .tar.gz and .tgz files, sorted.
func findFixtures(path string) ([]string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() || isFixtureDir(path) {
		return []string{path}, nil
	}
	var out []string
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != path && isFixtureDir(p) {
				out = append(out, p)
				return filepath.SkipDir
			}
			return nil
		}
		n := d.Name()
		if d.Type().IsRegular() && (strings.HasSuffix(n, ".tar") || strings.HasSuffix(n, ".tar.gz") || strings.HasSuffix(n, ".tgz")) {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

func isFixtureDir(p string) bool {
	_, err := os.Lstat(filepath.Join(p, fixture.ManifestName))
	return err == nil
}
