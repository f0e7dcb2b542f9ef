package netio

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestSysfsLinkSpeed(t *testing.T) {
	sys := t.TempDir()
	for name, speed := range map[string]string{"eth0": "1000\n", "veth0": "-1\n", "bad0": "fast\n", "wan0": "100\n"} {
		dir := filepath.Join(sys, "class", "net", name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "speed"), []byte(speed), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	speed := SysfsLinkSpeed(WithEnv(context.Background(), EnvMap{"HOST_SYS": sys}))
	tests := []struct {
		name string
		want uint64
	}{
		{"eth0", 1e9}, {"veth0", 0}, {"bad0", 0}, {"missing0", 0}, {"..", 0}, {"a/b", 0},
	}
	for _, tt := range tests {
		if got := speed(&Counters{Name: tt.name}); got != tt.want {
			t.Errorf("speed(%q) = %d, want %d", tt.name, got, tt.want)
		}
	}

	// On a 100 Mbit/s link (a bound of 25 MB/s) a 32-bit byte counter that
	// "wrapped" by 1.3 GB in a second is a reset, if its new value could
	// have been counted since: 2 MB can, 2 GB cannot (the counter stepped
	// back). Without the speed, 100 Gbit/s, both pass for a wrap.
	opts := DiffOptions{LinkSpeed: speed}
	last := snap(0, ctr("wan0", 0, traffic, 3_000_000_000, 100, 0, 1))
	for _, tt := range []struct {
		name     string
		rx       uint64
		withLink Delta
	}{
		{"restart", 2_000_000, dl("wan0", 0, FlagReset, 0, time.Second, 2_000_000, 200, 0, 2)},
		{"step back", 2_000_000_000, func() Delta {
			d := dl("wan0", 0, FlagBackward, 0, time.Second, 0, 100, 0, 1)
			d.Backward = rxBytes
			return d
		}()},
	} {
		cur := snap(time.Second, ctr("wan0", 0, traffic, tt.rx, 200, 0, 2))
		if diff := cmp.Diff([]Delta{tt.withLink}, opts.DiffBetween(nil, cur, last)); diff != "" {
			t.Errorf("%s, with link speed (-want +got):\n%s", tt.name, diff)
		}
		want := []Delta{dl("wan0", 0, FlagWrapped, rxBytes, time.Second, 1<<32-3_000_000_000+tt.rx, 100, 0, 1)}
		if diff := cmp.Diff(want, DiffBetween(nil, cur, last)); diff != "" {
			t.Errorf("%s, without link speed (-want +got):\n%s", tt.name, diff)
		}
	}
}
