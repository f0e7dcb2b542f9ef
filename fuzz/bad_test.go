package fuzz

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/netio-go/netio/parse"
)

// This file checks the malformed-input corpus in testdata/bad against its
// manifest, testdata/bad/EXPECTED.

const badDir = "../testdata/bad"

// badSentinels maps the outcome names of EXPECTED to errors.
var badSentinels = map[string]error{
	"ErrEmpty": parse.ErrEmpty, "ErrHeader": parse.ErrHeader, "ErrNoColon": parse.ErrNoColon,
	"ErrEmptyName": parse.ErrEmptyName, "ErrFieldCount": parse.ErrFieldCount,
	"ErrNegative": parse.ErrNegative, "ErrShort": parse.ErrShort, "ErrLength": parse.ErrLength,
	"ErrVersion": parse.ErrVersion, "ErrName": parse.ErrName,
	"ErrSyntax": strconv.ErrSyntax, "ErrRange": strconv.ErrRange,
}

// A badCase is one line of EXPECTED.
type badCase struct {
	file    string
	outcome string // a key of badSentinels, or "ok"
	where   string // "line", "offset" or "records"
	n       int
}

func readExpected(t *testing.T) []badCase {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(badDir, "EXPECTED"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []badCase
	sc := bufio.NewScanner(bytes.NewReader(b))
	for ln := 1; sc.Scan(); ln++ {
		l := strings.TrimSpace(sc.Text())
		if l == "" || l[0] == '#' {
			continue
		}
		f := strings.Fields(l)
		if len(f) != 4 {
			t.Fatalf("EXPECTED:%d: want 4 columns, got %q", ln, l)
		}
		n, err := strconv.Atoi(f[3])
		if err != nil {
			t.Fatalf("EXPECTED:%d: %v", ln, err)
		}
		c := badCase{file: f[0], outcome: f[1], where: f[2], n: n}
		_, known := badSentinels[c.outcome]
		switch {
		case c.outcome == "ok" && c.where != "records",
			c.outcome != "ok" && (!known || c.where != "line" && c.where != "offset"):
			t.Fatalf("EXPECTED:%d: bad outcome or position in %q", ln, l)
		}
		cases = append(cases, c)
	}
	return cases
}

// expandRecipe builds a file from a recipe: lines of
// text "<quoted>" or repeat <count> "<quoted>"; '#' starts a comment.
func expandRecipe(recipe []byte) ([]byte, error) {
	var out []byte
	for i, l := range strings.Split(string(recipe), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || l[0] == '#' {
			continue
		}
		verb, rest, _ := strings.Cut(l, " ")
		count := 1
		if verb == "repeat" {
			var num string
			num, rest, _ = strings.Cut(rest, " ")
			n, err := strconv.Atoi(num)
			if err != nil || n < 0 || n > 64<<20 {
				return nil, fmt.Errorf("recipe line %d: bad count %q", i+1, num)
			}
			count = n
		} else if verb != "text" {
			return nil, fmt.Errorf("recipe line %d: unknown verb %q", i+1, verb)
		}
		s, err := strconv.Unquote(rest)
		if err != nil {
			return nil, fmt.Errorf("recipe line %d: %v", i+1, err)
		}
		out = append(out, strings.Repeat(s, count)...)
	}
	return out, nil
}

// decodeBad decodes b as the extension of file says and returns the
// number of records and the error.
func decodeBad(t *testing.T, file string, b []byte) (int, error) {
	switch filepath.Ext(file) {
	case ".procnetdev", ".recipe":
		recs, err := parse.AppendProcNetDev(nil, "/proc/net/dev", b)
		return len(recs), err
	case ".sysfs":
		var d parse.Sysfs
		d.Reset([]byte("eth0"))
		d.Stat(0, b)
		return 1, d.Err()
	case ".netlink":
		var d parse.NetlinkLinks
		d.Reset(b)
		n := 0
		for d.Next() {
			n++
		}
		return n, d.Err()
	case ".miftable2":
		recs, _, err := parse.AppendMIBIfTable2(nil, new(parse.MIBIfTable2), b, true)
		return len(recs), err
	case ".route-freebsd":
		recs, err := parse.AppendRouteIfList(nil, "sysctl", parse.RouteLayout{OS: parse.RouteFreeBSD, LongSize: 8}, b)
		return len(recs), err
	}
	t.Fatalf("%s: no decoder for this extension", file)
	return 0, nil
}

// TestMalformedCorpus decodes every file of testdata/bad and requires the
// outcome EXPECTED lists: the sentinel (errors.Is), a *parse.ParseError
// at the listed line or offset, a bounded excerpt; or success with the
// listed number of records. /proc/net/dev files must also get the same
// answer from the slow reference decoder. Every file must be listed.
func TestMalformedCorpus(t *testing.T) {
	cases := readExpected(t)
	listed := map[string]bool{"EXPECTED": true}
	for _, c := range cases {
		if listed[c.file] {
			t.Errorf("EXPECTED lists %s twice", c.file)
		}
		listed[c.file] = true
	}
	entries, err := os.ReadDir(badDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !listed[e.Name()] {
			t.Errorf("%s is in testdata/bad but not in EXPECTED", e.Name())
		}
	}

	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(badDir, c.file))
			if err != nil {
				t.Fatal(err)
			}
			if filepath.Ext(c.file) == ".recipe" {
				if b, err = expandRecipe(b); err != nil {
					t.Fatal(err)
				}
				if len(b) < 1<<20 {
					t.Fatalf("recipe makes %d bytes, want at least 1 MiB", len(b))
				}
			}
			n, err := decodeBad(t, c.file, b)
			if c.outcome == "ok" {
				if err != nil || n != c.n {
					t.Fatalf("got %d records, error %v; want %d records, no error", n, err, c.n)
				}
			} else {
				want := badSentinels[c.outcome]
				if !errors.Is(err, want) {
					t.Fatalf("error %v, want %s", err, c.outcome)
				}
				var pe *parse.ParseError
				if !errors.As(err, &pe) {
					t.Fatalf("error %v (%T) is not a *parse.ParseError", err, err)
				}
				at := pe.Line
				if c.where == "offset" {
					at = pe.Offset
					if pe.Line != 0 {
						t.Errorf("binary format error with line %d", pe.Line)
					}
				}
				if at != c.n {
					t.Errorf("error %q at %s %d, want %s %d", err, c.where, at, c.where, c.n)
				}
				if len(err.Error()) > 300 {
					t.Errorf("error message of %d bytes, want it bounded", len(err.Error()))
				}
			}
			if ext := filepath.Ext(c.file); ext == ".procnetdev" || ext == ".recipe" {
				ref := refProcNetDev(string(b))
				switch {
				case c.outcome == "ok" && (ref.Err != nil || len(ref.Records) != c.n):
					t.Errorf("reference decoder: %d records, error %v at line %d", len(ref.Records), ref.Err, ref.ErrLine)
				case c.outcome != "ok" && (ref.Err != badSentinels[c.outcome] || ref.ErrLine != c.n):
					t.Errorf("reference decoder: error %v at line %d", ref.Err, ref.ErrLine)
				}
			}
		})
	}
}
