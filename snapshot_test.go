package netio

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
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

// TestSnapshotPeriod: the monotonic readings give the period only when
// both snapshots have one; else the wall times do.
func TestSnapshotPeriod(t *testing.T) {
	t0 := time.Unix(1_700_000_000, 0)
	tests := []struct {
		name      string
		cur, last Snapshot
		want      time.Duration
	}{
		{
			name: "both monotonic",
			cur:  Snapshot{Wall: t0.Add(9 * time.Second), Mono: 5 * time.Second},
			last: Snapshot{Wall: t0, Mono: 2 * time.Second},
			want: 3 * time.Second,
		},
		{
			name: "only the newer monotonic",
			cur:  Snapshot{Wall: t0.Add(2 * time.Second), Mono: 5 * time.Second},
			last: Snapshot{Wall: t0},
			want: 2 * time.Second,
		},
		{
			name: "only the older monotonic",
			cur:  Snapshot{Wall: t0.Add(2 * time.Second)},
			last: Snapshot{Wall: t0, Mono: 5 * time.Second},
			want: 2 * time.Second,
		},
		{
			name: "neither monotonic, wall clock stepped back",
			cur:  Snapshot{Wall: t0.Add(-time.Second)},
			last: Snapshot{Wall: t0},
			want: -time.Second,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cur.Period(&tt.last); got != tt.want {
				t.Errorf("Period = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestSnapshotReusedAcrossReaders: a Snapshot filled by one Reader and
// then by another carries the second Reader's source.
func TestSnapshotReusedAcrossReaders(t *testing.T) {
	var readers []*Reader
	for _, name := range []string{"eth0", "eth1"} {
		root := writeProc(t, name+": 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16")
		r, err := NewReader(context.Background(), ReaderOptions{HostProc: root})
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		readers = append(readers, r)
	}
	var s Snapshot
	for i, r := range readers {
		if err := r.Snapshot(&s); err != nil {
			t.Fatal(err)
		}
		if len(s.Counters) != 1 || s.Counters[0].Name != []string{"eth0", "eth1"}[i] {
			t.Fatalf("reader %d: counters %+v", i, s.Counters)
		}
		if want := r.sourceID(); s.Source != want {
			t.Errorf("reader %d: Source = %+v, want %+v", i, s.Source, want)
		}
	}
	// A copy of reader 0's snapshot, then a reading of reader 1 into it:
	// the Source is reader 1's again, not the copied one.
	var from0 Snapshot
	if err := readers[0].Snapshot(&from0); err != nil {
		t.Fatal(err)
	}
	s.CopyFrom(&from0)
	if err := readers[1].Snapshot(&s); err != nil {
		t.Fatal(err)
	}
	if want := readers[1].sourceID(); s.Source != want {
		t.Errorf("after CopyFrom: Source = %+v, want reader 1's %+v", s.Source, want)
	}
}

// TestCopyFromKeepsSource: a copy carries where its counters came from.
func TestCopyFromKeepsSource(t *testing.T) {
	o := snap(time.Second, ctr("eth0", 2, 0, 1000, 10, 500, 5))
	o.Source = SourceID{Kind: "procfs", Path: "/proc/net/dev", NetNS: 7}
	var s Snapshot
	s.CopyFrom(o)
	if diff := cmp.Diff(o.Counters, s.Counters); diff != "" {
		t.Errorf("Counters (-want +got):\n%s", diff)
	}
	if s.Source != o.Source || s.Wall != o.Wall || s.Mono != o.Mono {
		t.Errorf("copy: Source %+v, Wall %v, Mono %v; want %+v, %v, %v", s.Source, s.Wall, s.Mono, o.Source, o.Wall, o.Mono)
	}
}
