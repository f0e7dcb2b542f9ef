package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/netio-go/netio/fixture"
)

// skipUnlessProcfs skips a test that records the host's procfs.
func skipUnlessProcfs(t *testing.T) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("live recording is tested on Linux")
	}
	if _, err := os.Stat("/proc/net/dev"); err != nil {
		t.Skip("no /proc/net/dev:", err)
	}
}

// recordManifest records the host's procfs with args and returns the
// manifest written.
func recordManifest(t *testing.T, args ...string) fixture.Manifest {
	t.Helper()
	p := filepath.Join(t.TempDir(), "rec.tar")
	args = append([]string{"record", "-q", "--source", "procfs", "-o", p}, args...)
	if _, stderr, err := runNetio(t, context.Background(), args...); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, stderr)
	}
	f, err := fixture.Open(p, fixture.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return f.Manifest
}

// TestRecordStops: the number of samples --count and --duration take, and
// the interval the manifest keeps. Samples are due at whole intervals
// from the first; one due exactly when --duration has passed is taken,
// so a recording spans its duration. The count does not depend on how
// late the timer fires: whether a sample is due is decided on its
// scheduled time.
func TestRecordStops(t *testing.T) {
	skipUnlessProcfs(t)
	tests := []struct {
		name         string
		args         []string
		wantSamples  int
		wantInterval string
	}{
		{"one sample", []string{"-n", "1"}, 1, ""},
		{"one sample with an interval", []string{"-n", "1", "-i", "20ms"}, 1, ""},
		{"two samples", []string{"-n", "2", "-i", "20ms"}, 2, "20ms"},
		{"duration between samples", []string{"-i", "20ms", "--duration", "50ms"}, 3, "20ms"},
		{"duration at a sample", []string{"-i", "20ms", "--duration", "40ms"}, 3, "20ms"},
		{"duration below the interval", []string{"-i", "20ms", "--duration", "10ms"}, 1, "20ms"},
		{"count before duration", []string{"-n", "2", "-i", "20ms", "--duration", "1h"}, 2, "20ms"},
		{"duration before count", []string{"-n", "100", "-i", "20ms", "--duration", "20ms"}, 2, "20ms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := recordManifest(t, tt.args...)
			type shape struct {
				Samples  int
				Interval string
			}
			if d := cmp.Diff(shape{tt.wantSamples, tt.wantInterval}, shape{len(m.Samples), m.Interval}); d != "" {
				t.Errorf("record %v (-want +got):\n%s", tt.args, d)
			}
		})
	}
}

// TestRecordNoScrub: --no-scrub keeps the link-layer addresses a netlink
// link dump holds; by default they are zeroed. The addresses are those of
// a veth pair in a namespace of the test's own.
func TestRecordNoScrub(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("netlink is Linux")
	}
	if !canNetNS(t) {
		t.Skip("needs root and ip (iproute2) for a network namespace")
	}
	ns, macs := quietNetNS(t)
	tests := []struct {
		name     string
		args     []string
		wantMACs bool
	}{
		{"scrubbed", nil, false},
		{"no-scrub", []string{"--no-scrub"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "nl.tar")
			args := append([]string{"record", "-q", "-n", "1", "--netns", ns, "--source", "netlink", "-o", p}, tt.args...)
			if _, stderr, err := runNetio(t, context.Background(), args...); err != nil {
				t.Fatalf("%v: %v\n%s", args, err, stderr)
			}
			f, err := fixture.Open(p, fixture.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			links, ok := f.File("0000/netlink/getlink.bin")
			if !ok {
				t.Fatal("no netlink/getlink.bin in the recording")
			}
			for _, mac := range macs {
				if got := bytes.Contains(links, mac); got != tt.wantMACs {
					t.Errorf("getlink.bin holds the address %x: %v, want %v", mac, got, tt.wantMACs)
				}
			}
		})
	}
}

// TestRecordFlagConflicts: flags that do not combine are usage errors
// (exit status 2), reported before any source is opened or file written.
func TestRecordFlagConflicts(t *testing.T) {
	for _, args := range [][]string{
		{"--pid", "1", "--netns", "nio-none"},
		{"--netns", "nio-none", "--pid", "1"},
	} {
		p := filepath.Join(t.TempDir(), "x.tar")
		all := append([]string{"record", "-q", "-n", "1", "-o", p}, args...)
		_, _, err := runNetio(t, context.Background(), all...)
		if !errors.Is(err, errUsage) {
			t.Errorf("%v: %v, want a usage error", all, err)
		}
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%v wrote %s", all, p)
		}
	}
}
