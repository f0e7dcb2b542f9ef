package parse_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/netio-go/netio/fixture"
	"github.com/netio-go/netio/parse"
)

// routeFixtures are the replay fixtures of testdata/<goos>/ that no real
// host has recorded yet: their captures are built by this package's test
// encoder from the C declarations (route_enc_test.go), in the file layout
// `netio record` writes on those systems (source/sysctl_<goos>.go).
var routeFixtures = []struct {
	variant, goos, goarch, byteOrder string
}{
	{"darwin-iflist2", "darwin", "arm64", "little"},
	{"freebsd11-amd64", "freebsd", "amd64", "little"},
	{"freebsd9-386", "freebsd", "386", "little"},
	{"openbsd-amd64", "openbsd", "amd64", "little"},
	{"openbsd-ppc64", "openbsd", "ppc64", "big"},
	{"netbsd-amd64", "netbsd", "amd64", "little"},
}

const routeFixtureSamples = 3

func routeFixturePath(variant, goos string) string {
	return filepath.Join("..", "testdata", goos, "synthetic-"+variant+".tar.gz")
}

// routeFixtureFiles returns sample k's files as the sysctl source of goos
// captures them.
func routeFixtureFiles(t *testing.T, variant, goos string, k int) []fixture.File {
	_, list, mibs, _ := parse.RouteSample(t, variant, k)
	switch goos {
	case "darwin":
		files := []fixture.File{{Path: "sysctl/4.17.0.0.6.0.bin", Data: list}}
		for i, b := range mibs {
			files = append(files, fixture.File{Path: fmt.Sprintf("sysctl/4.18.0.2.%d.1.bin", i), Data: b})
		}
		return files
	case "netbsd":
		return []fixture.File{{Path: "sysctl/4.34.0.0.6.0.bin", Data: list}}
	}
	return []fixture.File{{Path: "sysctl/4.17.0.0.3.0.bin", Data: list}}
}

// TestRouteFixtures replays testdata/{darwin,freebsd,openbsd,netbsd}
// fixtures and compares each sample with the records the encoder was
// given, then verifies their goldens. With -update it rebuilds them.
func TestRouteFixtures(t *testing.T) {
	for _, c := range routeFixtures {
		t.Run(c.variant, func(t *testing.T) {
			path := routeFixturePath(c.variant, c.goos)
			if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
				writeRouteFixture(t, path, c.variant, c.goos, c.goarch, c.byteOrder)
			}
			f, err := fixture.Open(path, fixture.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			rp, err := fixture.NewReplay(f, "sysctl")
			if err != nil {
				t.Fatal(err)
			}
			for k := range routeFixtureSamples {
				got, err := rp.Read(nil)
				if err != nil {
					t.Fatalf("sample %d: %v", k, err)
				}
				_, _, _, want := parse.RouteSample(t, c.variant, k)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("sample %d (-encoded +replayed):\n%s", k, diff)
				}
			}
			if rep := fixture.Verify(f, false); !rep.OK() {
				t.Errorf("verify: %v", rep.Problems)
			}
		})
	}
}

func writeRouteFixture(t *testing.T, path, variant, goos, goarch, order string) {
	m := fixture.Manifest{GOOS: goos, GOARCH: goarch, ByteOrder: order,
		Notes: "SYNTHETIC, not recorded on a " + goos + " host: each sample's sysctl buffers were " +
			"encoded by netio's parse tests (parse/route_enc_test.go, layout " + variant + ") from the C " +
			"struct declarations in FORMATS.md sections 4-5, in the files netio record writes there. " +
			"Counters grow by fixed steps between samples; 32-bit ones wrap. Replace with a real " +
			"recording when one exists."}
	m.Interval = "1s"
	b := fixture.NewBuilder(m)
	base := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	for k := range routeFixtureSamples {
		d := time.Duration(k) * time.Second
		caps := []fixture.Capture{{Source: "sysctl", Files: routeFixtureFiles(t, variant, goos, k)}}
		if err := b.AddSample(base.Add(d), d, caps); err != nil {
			t.Fatal(err)
		}
	}
	f, err := b.Fixture()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	os.Remove(path)
	if err := fixture.Write(path, f); err != nil {
		t.Fatal(err)
	}
	if f, err = fixture.Open(path, fixture.Limits{}); err != nil {
		t.Fatal(err)
	}
	if rep := fixture.Verify(f, true); !rep.OK() {
		t.Fatalf("verify --update: %v", rep.Problems)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
}
