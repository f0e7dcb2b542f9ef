package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files")

// runCLI runs netio with args and returns its outputs and error.
func runCLI(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	err = run(context.Background(), args, &out, &errb)
	return out.String(), errb.String(), err
}

// goldenFile compares got with the file at path, rewriting it with -update.
func goldenFile(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}

func TestTopLevel(t *testing.T) {
	out, _, err := runCLI(t, "--version")
	if err != nil || out != "netio "+version+"\n" {
		t.Errorf("--version: %q, %v", out, err)
	}
	out, _, err = runCLI(t, "-h")
	if err != nil || !bytes.Contains([]byte(out), []byte("show")) {
		t.Errorf("-h: %q, %v", out, err)
	}
	_, stderr, err := runCLI(t)
	if !errors.Is(err, errUsage) || stderr == "" {
		t.Errorf("no command: %v, stderr %q; want a usage error", err, stderr)
	}
	if _, _, err := runCLI(t, "frobnicate"); !errors.Is(err, errUsage) {
		t.Errorf("unknown command: %v, want a usage error", err)
	}
	out, _, err = runCLI(t, "help", "show")
	if err != nil || !bytes.Contains([]byte(out), []byte("--all-fields")) {
		t.Errorf("help show: %q, %v; want show's flags", out, err)
	}
	if _, _, err := runCLI(t, "help", "frobnicate"); !errors.Is(err, errUsage) {
		t.Errorf("help of an unknown command: %v, want a usage error", err)
	}
	for _, c := range []struct {
		args []string
		says string
	}{
		{[]string{"replay", "--bytes", "x.tar"}, "--bytes"},
		{[]string{"record", "-o", "x", "-i", "0"}, "--interval"},
		{[]string{"record", "-o", "x", "-n", "-1"}, "--count"},
		{[]string{"record", "-o", "x", "--duration", "-1s"}, "--duration"},
	} {
		if _, _, err := runCLI(t, c.args...); !errors.Is(err, errUsage) || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%v: %v, want a usage error naming %s", c.args, err, c.says)
		}
	}
}
