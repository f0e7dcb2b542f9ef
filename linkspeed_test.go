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

	// On a 100 Mbit/s link a 32-bit byte counter that "wrapped" by 1 GB in
	// a second is a reset; without the speed it passes for a wrap.
	last := snap(0, ctr("wan0", 0, traffic, 3_000_000_000, 100, 0, 1))
	cur := snap(time.Second, ctr("wan0", 0, traffic, 2_000_000_000, 200, 0, 2))
	opts := DiffOptions{LinkSpeed: speed}
	want := []Delta{dl("wan0", 0, FlagReset, 0, time.Second, 2_000_000_000, 200, 0, 2)}
	if diff := cmp.Diff(want, opts.DiffBetween(nil, cur, last)); diff != "" {
		t.Errorf("with link speed (-want +got):\n%s", diff)
	}
	want = []Delta{dl("wan0", 0, FlagWrapped, rxBytes, time.Second, 1<<32-3_000_000_000+2_000_000_000, 100, 0, 1)}
	if diff := cmp.Diff(want, DiffBetween(nil, cur, last)); diff != "" {
		t.Errorf("without link speed (-want +got):\n%s", diff)
	}
}
