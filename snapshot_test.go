package netio

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestReaderSnapshot(t *testing.T) {
	dir := t.TempDir()
	dev := filepath.Join(dir, "net", "dev")
	if err := os.MkdirAll(filepath.Dir(dev), 0o755); err != nil {
		t.Fatal(err)
	}
	a, err := os.ReadFile("testdata/procnetdev/cookiecutter-flask-proc-dump--linux-2020-laptop-wlp0s20f3-docker0-snapshot-a.procnetdev")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dev, a, 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := NewReader(context.Background(), ReaderOptions{HostProc: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var s0, s1 Snapshot
	before := time.Now()
	if err := r.Snapshot(&s0); err != nil {
		t.Fatal(err)
	}
	if err := r.Snapshot(&s1); err != nil {
		t.Fatal(err)
	}
	if len(s1.Counters) != 4 || s1.Counters[2].Name != "wlp0s20f3" {
		t.Fatalf("snapshot counters = %+v", s1.Counters)
	}
	if want := (SourceID{Kind: "procfs", Path: dev}); s1.Source != want {
		t.Errorf("Source = %+v, want %+v (a fixture tree has no namespace)", s1.Source, want)
	}
	if p := s1.Period(&s0); p < 0 || p > time.Since(before) {
		t.Errorf("period %v outside [0, %v]", p, time.Since(before))
	}
	if s1.Wall.Before(before) || s1.Wall != s1.Wall.Round(0) {
		t.Errorf("Wall = %v: before the reading or carries a monotonic reading", s1.Wall)
	}
	if n := testing.AllocsPerRun(50, func() { _ = r.Snapshot(&s1) }); n != 0 {
		t.Errorf("steady-state Reader.Snapshot: %v allocs, want 0", n)
	}
}

func TestSourceIDComparable(t *testing.T) {
	a := SourceID{Kind: "procfs", Path: "/proc/net/dev", NetNS: 1}
	b := SourceID{Kind: "procfs", Path: "/proc/net/dev", NetNS: 2}
	if !a.Comparable(a) || a.Comparable(b) || !a.Comparable(SourceID{}) {
		t.Error("Comparable: want same true, other namespace false, zero true")
	}
}
