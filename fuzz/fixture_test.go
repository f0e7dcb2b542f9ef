package fuzz

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/netio-go/netio/fixture"
	"github.com/netio-go/netio/parse"
)

// This file fuzzes the fixture reader: whole archives (.tar, .tar.gz or
// anything else) and the manifest inside an otherwise valid archive. A
// fixture is hostile input: every failure must be a *fixture.Error
// wrapping one of the package's sentinels, and anything Open accepts must
// be self-consistent (each sample holds exactly the files, bytes and
// digest its manifest records) and survive a write and a re-read
// unchanged. Replaying an accepted fixture must fail, if at all, with a
// positional parse error or a fixture error.

// fuzzLimits keep a fuzzed archive from making Open read much.
var fuzzLimits = fixture.Limits{MaxEntryBytes: 1 << 20, MaxTotalBytes: 4 << 20, MaxEntries: 512}

var fixtureSentinels = []error{fixture.ErrManifest, fixture.ErrVersion, fixture.ErrUnsafe,
	fixture.ErrTooLarge, fixture.ErrDamaged, fixture.ErrMismatch, fixture.ErrNoDecoder}

// baseFixture is a small valid fixture: two samples of procfs and sysfs
// captures, as [fixture.Builder] assembles them.
var baseFixture = sync.OnceValues(func() (*fixture.Fixture, error) {
	b := fixture.NewBuilder(fixture.Manifest{GOOS: "linux", GOARCH: "amd64", ByteOrder: "little",
		Kernel: "6.1.0", Interval: "1s", Notes: "fuzz seed"})
	for i := range 2 {
		dev := currentHeader +
			"    lo:    1000      10    0    0    0     0          0         0     1000      10    0    0    0     0       0          0\n" +
			"  eth0: " + strings.Repeat("12345 ", 15) + "6789\n"
		caps := []fixture.Capture{
			{Source: "procfs", Files: []fixture.File{{Path: "proc/net/dev", Data: []byte(dev)}}},
			{Source: "sysfs", Files: []fixture.File{
				{Path: "sys/class/net/eth0/ifindex", Data: []byte("2\n")},
				{Path: "sys/class/net/eth0/statistics/rx_bytes", Data: []byte("12345\n")},
			}},
		}
		if err := b.AddSample(time.Unix(1700000000+int64(i), 0), time.Duration(i)*time.Second, caps); err != nil {
			return nil, err
		}
	}
	return b.Fixture()
})

// archiveBytes writes fx as a .tar or .tar.gz and returns the bytes.
func archiveBytes(t testing.TB, fx *fixture.Fixture, name string) []byte {
	p := filepath.Join(t.TempDir(), name)
	if err := fixture.Write(p, fx); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// openBytes writes b to a file and opens it as a fixture.
func openBytes(t *testing.T, dir string, b []byte) (*fixture.Fixture, error) {
	p := filepath.Join(dir, "fixture")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return fixture.Open(p, fuzzLimits)
}

// checkFixtureErr requires err to be a *fixture.Error wrapping a sentinel.
func checkFixtureErr(t *testing.T, err error) {
	t.Helper()
	var fe *fixture.Error
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T) is not a *fixture.Error", err, err)
	}
	for _, s := range fixtureSentinels {
		if errors.Is(err, s) {
			return
		}
	}
	t.Fatalf("error %q wraps none of the fixture sentinels", err)
}

// sampleFiles returns every sample's files, for comparisons.
func sampleFiles(fx *fixture.Fixture) [][]fixture.File {
	var out [][]fixture.File
	for i := range fx.Manifest.Samples {
		out = append(out, fx.SampleFiles(i, ""))
	}
	return out
}

// checkAccepted checks a fixture Open accepted: consistent samples, a
// write and re-read that changes nothing, and a replay that fails only
// with positional or fixture errors.
func checkAccepted(t *testing.T, dir string, fx *fixture.Fixture) {
	t.Helper()
	m := &fx.Manifest
	for i, s := range m.Samples {
		files := fx.SampleFiles(i, "")
		var n int64
		for _, f := range files {
			n += int64(len(f.Data))
			if strings.HasPrefix(f.Path, "/") || strings.Contains("/"+f.Path+"/", "/../") {
				t.Fatalf("sample %s: unsafe path %q accepted", s.Dir, f.Path)
			}
		}
		if len(files) != s.Files || n != s.Bytes || fixture.SampleDigest(files) != s.SHA256 {
			t.Fatalf("sample %s: %d files of %d bytes, digest %s; manifest says %d, %d, %s",
				s.Dir, len(files), n, fixture.SampleDigest(files), s.Files, s.Bytes, s.SHA256)
		}
	}
	p := filepath.Join(dir, "again.tar")
	if err := fixture.Write(p, fx); err != nil {
		t.Fatalf("writing an accepted fixture: %v", err)
	}
	again, err := fixture.Open(p, fuzzLimits)
	if err != nil {
		t.Fatalf("re-reading an accepted fixture: %v", err)
	}
	if diff := cmp.Diff(fx.Manifest, again.Manifest, cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("manifest changed through a write and a re-read (-read +re-read):\n%s", diff)
	}
	if diff := cmp.Diff(sampleFiles(fx), sampleFiles(again), cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("files changed through a write and a re-read (-read +re-read):\n%s", diff)
	}
	for _, src := range m.SourceNames() {
		r, err := fixture.NewReplay(fx, src)
		if err != nil {
			checkFixtureErr(t, err)
			continue
		}
		var recs []parse.Record
		for range m.Samples {
			recs, err = r.Read(recs[:0])
			var pe *parse.ParseError
			var fe *fixture.Error
			if err != nil && err != io.EOF && !errors.As(err, &pe) && !errors.As(err, &fe) {
				t.Fatalf("replay of %s: error %v (%T) is neither positional nor a fixture error", src, err, err)
			}
		}
	}
}

// fixtureSeeds adds the base fixture as .tar and .tar.gz, and the small
// recorded and hostile fixtures of testdata.
func fixtureSeeds(f *testing.F) {
	fx, err := baseFixture()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(archiveBytes(f, fx, "base.tar"))
	f.Add(archiveBytes(f, fx, "base.tar.gz"))
	var files []string
	for _, p := range []string{"../testdata/bad-fixtures/*", "../testdata/linux/*.tar*"} {
		m, _ := filepath.Glob(p)
		files = append(files, m...)
	}
	for _, file := range files {
		if st, err := os.Stat(file); err != nil || st.IsDir() || st.Size() > 64<<10 {
			continue // large seeds slow every iteration down
		}
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte{})
	f.Add([]byte{0x1f, 0x8b})
	f.Add(make([]byte, 1024)) // two zero blocks: an empty tar
}

// FuzzFixtureArchive opens the input as a fixture file.
func FuzzFixtureArchive(f *testing.F) {
	fixtureSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		fx, err := openBytes(t, dir, data)
		if err != nil {
			checkFixtureErr(t, err)
			return
		}
		checkAccepted(t, dir, fx)
	})
}

// tarWith returns a tar of the base fixture's entries with the manifest
// replaced by manifest.
func tarWith(t testing.TB, manifest []byte) []byte {
	fx, err := baseFixture()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	add := func(name string, b []byte) {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(b)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		tw.Write(b)
	}
	add(fixture.ManifestName, manifest)
	for i, s := range fx.Manifest.Samples {
		for _, file := range fx.SampleFiles(i, "") {
			add(s.Dir+"/"+file.Path, file.Data)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// FuzzFixtureManifest opens a fixture whose manifest is the input and
// whose other entries are the base fixture's.
func FuzzFixtureManifest(f *testing.F) {
	fx, err := baseFixture()
	if err != nil {
		f.Fatal(err)
	}
	good, err := json.MarshalIndent(fx.Manifest, "", "  ")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	// Edge cases: each a small edit of the good manifest.
	for _, edit := range [][2]string{
		{`"version": 1`, `"version": 2`},
		{`"version": 1`, `"version": 1.5`},
		{`"format": "netio-fixture"`, `"format": "other"`},
		{`"dir": "0001"`, `"dir": "../0001"`},
		{`"dir": "0001"`, `"dir": "0000"`},
		{`"goos": "linux"`, `"goos": "Linux"`},
		{`"goos": "linux"`, `"goos": "windows"`},
		{`"proc"`, `"sys"`},
		{`"proc"`, `".."`},
		{`"files": 1`, `"files": -1`},
		{`"bytes": `, `"bytes": 1`},
		{`"mono_ns": 1000000000`, `"mono_ns": -1`},
		{`"interval": "1s"`, `"interval": "-1s"`},
		{`"byte_order": "little"`, `"byte_order": "middle"`},
	} {
		f.Add(bytes.Replace(good, []byte(edit[0]), []byte(edit[1]), 1))
	}
	f.Add([]byte(`{}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"format":"netio-fixture","version":1,"goos":"linux","sources":[],"samples":[]}`))
	f.Fuzz(func(t *testing.T, manifest []byte) {
		dir := t.TempDir()
		fx, err := openBytes(t, dir, tarWith(t, manifest))
		if err != nil {
			checkFixtureErr(t, err)
			return
		}
		checkAccepted(t, dir, fx)
	})
}

// TestFixtureArchiveTruncations cuts the base fixture's .tar.gz at every
// byte and its .tar at most: each cut of the .tar.gz must fail with a
// fixture error (its gzip trailer is checked); each cut of the .tar must
// fail, or (when only end-of-archive padding is lost) give the very same
// fixture. No cut may silently lose data, and a gzip trailer that does not
// match is ErrDamaged.
func TestFixtureArchiveTruncations(t *testing.T) {
	fx, err := baseFixture()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"base.tar", "base.tar.gz"} {
		full := archiveBytes(t, fx, name)
		dir := t.TempDir()
		accepted := 0
		for k := range len(full) {
			// Every cut of the gzip stream; of the tar, every cut near a
			// block edge or in the end-of-archive area, and a spread.
			if r := k % 512; name == "base.tar" && r > 1 && r < 511 && k < len(full)-1536 && k%37 != 0 {
				continue
			}
			got, err := openBytes(t, dir, full[:k])
			if err != nil {
				checkFixtureErr(t, err)
				continue
			}
			accepted++
			if name == "base.tar.gz" {
				t.Fatalf("%s cut at %d of %d: accepted; a gzip stream without its trailer is damaged", name, k, len(full))
			}
			if !cmp.Equal(got.Manifest, fx.Manifest, cmpopts.EquateEmpty()) ||
				!cmp.Equal(sampleFiles(got), sampleFiles(fx), cmpopts.EquateEmpty()) {
				t.Fatalf("%s cut at %d of %d: accepted with different contents", name, k, len(full))
			}
		}
		t.Logf("%s: %d bytes, %d cuts accepted with identical contents", name, len(full), accepted)
	}
	// A gzip trailer (CRC-32, then the size) that does not match.
	full := archiveBytes(t, fx, "base.tar.gz")
	for i := len(full) - 8; i < len(full); i++ {
		b := bytes.Clone(full)
		b[i] ^= 0x55
		if _, err := openBytes(t, t.TempDir(), b); !errors.Is(err, fixture.ErrDamaged) {
			t.Errorf("gzip trailer byte %d changed: %v, want ErrDamaged", i, err)
		}
	}
}
