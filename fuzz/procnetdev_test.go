package fuzz

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/netio-go/netio/parse"
)

// fastProcNetDev runs the fast decoder and reports in the reference's terms.
func fastProcNetDev(text []byte) refResult {
	var d parse.ProcNetDev
	d.Reset(text)
	var res refResult
	for d.Next() {
		res.Records = append(res.Records, d.Record().Clone())
	}
	res.Layout = d.Layout()
	if err := d.Err(); err != nil {
		var pe *parse.ParseError
		if !errors.As(err, &pe) {
			res.Err = err
			return res
		}
		res.ErrLine, res.Err = pe.Line, pe.Err
		for _, known := range knownErrors { // in the reference's terms: the sentinel
			if errors.Is(pe.Err, known) {
				res.Err = known
				break
			}
		}
	}
	return res
}

// agree reports how the fast decoder's result differs from the reference's.
func agree(t *testing.T, text []byte) {
	t.Helper()
	want := refProcNetDev(string(text))
	got := fastProcNetDev(text)
	if want.Err != nil {
		// The layout of a file whose header failed is not defined.
		if want.ErrLine <= 2 {
			want.Layout, got.Layout = 0, 0
		}
	}
	opt := cmp.Comparer(func(a, b error) bool { return a == b })
	if diff := cmp.Diff(want, got, opt); diff != "" {
		t.Errorf("fast decoder disagrees with the reference (-want +got):\n%s\ninput: %q", diff, truncate(text))
	}
}

func truncate(b []byte) string {
	if len(b) > 600 {
		return string(b[:600]) + "…"
	}
	return string(b)
}

// procNetDevFiles lists every /proc/net/dev file in testdata.
func procNetDevFiles(t testing.TB) []string {
	files, err := filepath.Glob("../testdata/procnetdev/*.procnetdev")
	if err != nil || len(files) == 0 {
		t.Fatalf("no /proc/net/dev files in testdata: %v", err)
	}
	return files
}

// TestProcNetDevCorpus decodes every real capture in testdata with both
// decoders and requires the same records, or the same error at the same
// line.
func TestProcNetDevCorpus(t *testing.T) {
	for _, f := range procNetDevFiles(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			agree(t, b)
			if res := refProcNetDev(string(b)); res.Err == nil && len(res.Records) == 0 {
				t.Errorf("reference decoded no interfaces from a capture")
			}
		})
	}
}

// procNetDevSeeds are edge cases beyond the captures, one per line kind.
var procNetDevSeeds = []string{
	"",          // empty
	"Inter-|\n", // header line 1 only
	"Inter-|\n face |packets errs|packets errs\n", // smallest header
	"Inter-|\n face |packets errs|packets errs\nlo: 1 2 3 4\n",
	"Inter-|\n face |packets errs|packets errs\nlo: 1 2 3\n",                      // short
	"Inter-|\n face |packets errs|packets errs\nlo: 1 2 3 4 5\n",                  // long
	"Inter-|\n face |packets errs|packets errs\nlo: -1 2 3 4\n",                   // negative
	"Inter-|\n face |packets errs|packets errs\nlo: 18446744073709551616 2 3 4\n", // 2^64
	"Inter-|\n face |packets errs|packets errs\nlo: 000000000000000000000001 2 3 4\n",
	"Inter-|\n face |packets errs|packets errs\na:b:1 2 3 4\n", // name ends at the last colon
	"Inter-|\n face |packets errs|packets errs\ndummy0: No statistics available.\n",
	"Inter-|\n face |packets errs|packets errs\r\nlo: 1 2 3 4\r\n",   // CRLF
	"Inter-|\n face |packets errs|packets errs\n\x1b[31m: 1 2 3 4\n", // ESC in a name
	"Inter-|\n face |packets errs|packets errs\nlo: 1\t2 3\x004\n",   // tab, NUL
	"Inter-|\n face |packets errs x|packets errs\nlo: 1 2 3 4 5\n",   // unknown column
	"Inter-|\n face |packets errs packets|packets errs\n",            // a column named twice
	"Inter-|\n face |a|b|c\n",
	"Inter-|\n face |packets errs|packets errs\n:1 2 3 4\n", // empty name
	"Inter-|\n face |packets errs|packets errs\n" + strings.Repeat("9", 300) + ": 1 2 3 4\n",
}

// FuzzProcNetDev checks the fast /proc/net/dev decoder against the slow
// reference on every input: the same records, or the same error at the
// same line. Seeds: every capture in testdata and the edge cases above.
func FuzzProcNetDev(f *testing.F) {
	for _, file := range procNetDevFiles(f) {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range procNetDevSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		agree(t, text)
	})
}
