package netio

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/netio-go/netio/parse"
)

// ctr builds a Counters with the four traffic counters present (and
// nothing else), named, indexed and with the narrow set given.
func ctr(name string, index int32, narrow FieldSet, rxb, rxp, txb, txp uint64) Counters {
	c := Counters{Name: name, Index: index, Narrow: narrow}
	c.Has = 1<<parse.RxBytes | 1<<parse.RxPackets | 1<<parse.TxBytes | 1<<parse.TxPackets
	c.Values[parse.RxBytes], c.Values[parse.RxPackets] = rxb, rxp
	c.Values[parse.TxBytes], c.Values[parse.TxPackets] = txb, txp
	return c
}

// ctrWith returns c with field f present and set to v.
func ctrWith(c Counters, f parse.Field, v uint64) Counters {
	c.Values[f] = v
	c.Has |= 1 << f
	return c
}

// dl builds the expected Delta with the same four counters.
func dl(name string, index int32, flags Flags, wrapped FieldSet, period time.Duration, rxb, rxp, txb, txp uint64) Delta {
	c := ctr(name, index, 0, rxb, rxp, txb, txp)
	return Delta{Name: name, Index: index, Values: c.Values, Has: c.Has, Wrapped: wrapped, Flags: flags, Period: period}
}

func snap(at time.Duration, cs ...Counters) *Snapshot {
	s := &Snapshot{Counters: cs}
	s.Stamp(time.Unix(1_700_000_000, 0).Add(at))
	return s
}

const (
	rxBytes   = FieldSet(1) << parse.RxBytes
	rxPackets = FieldSet(1) << parse.RxPackets
	txBytes   = FieldSet(1) << parse.TxBytes
	txPackets = FieldSet(1) << parse.TxPackets
	traffic   = rxBytes | rxPackets | txBytes | txPackets
)

func TestDiffBetween(t *testing.T) {
	const s = time.Second
	const max32 = math.MaxUint32
	tests := []struct {
		name      string
		opts      DiffOptions
		last, cur *Snapshot
		want      []Delta
	}{
		{
			name: "same order",
			last: snap(0, ctr("lo", 0, 0, 100, 10, 100, 10), ctr("eth0", 0, 0, 1000, 20, 500, 5)),
			cur:  snap(2*s, ctr("lo", 0, 0, 150, 12, 150, 12), ctr("eth0", 0, 0, 4000, 30, 600, 6)),
			want: []Delta{
				dl("lo", 0, 0, 0, 2*s, 150-100, 12-10, 150-100, 12-10),
				dl("eth0", 0, 0, 0, 2*s, 4000-1000, 30-20, 600-500, 6-5),
			},
		},
		{
			name: "period is exact, not whole seconds",
			last: snap(0, ctr("eth0", 0, 0, 0, 0, 0, 0)),
			cur:  snap(1500*time.Millisecond+7, ctr("eth0", 0, 0, 1, 1, 1, 1)),
			want: []Delta{dl("eth0", 0, 0, 0, 1500*time.Millisecond+7, 1, 1, 1, 1)},
		},
		{
			name: "reordered, new and vanished",
			last: snap(0, ctr("a", 0, 0, 10, 1, 10, 1), ctr("gone", 0, 0, 99, 9, 99, 9), ctr("b", 0, 0, 20, 2, 20, 2)),
			cur:  snap(s, ctr("b", 0, 0, 25, 3, 20, 2), ctr("new", 0, 0, 7, 1, 8, 1), ctr("a", 0, 0, 11, 2, 12, 2)),
			want: []Delta{
				dl("b", 0, 0, 0, s, 25-20, 3-2, 0, 0),
				dl("new", 0, FlagNew, 0, 0, 7, 1, 8, 1), // absolute values: no period
				dl("a", 0, 0, 0, s, 11-10, 2-1, 12-10, 2-1),
			},
		},
		{
			name: "duplicate names pair in order of appearance",
			last: snap(0, ctr("eth0", 0, 0, 100, 1, 0, 0), ctr("x", 0, 0, 0, 0, 0, 0), ctr("eth0", 0, 0, 5000, 50, 0, 0)),
			cur:  snap(s, ctr("eth0", 0, 0, 101, 2, 0, 0), ctr("eth0", 0, 0, 5005, 51, 0, 0)),
			want: []Delta{
				dl("eth0", 0, 0, 0, s, 101-100, 2-1, 0, 0),
				dl("eth0", 0, 0, 0, s, 5005-5000, 51-50, 0, 0),
			},
		},
		{
			name: "32-bit wrap is exact",
			last: snap(0, ctr("en0", 4, rxBytes|txBytes, max32-9, 100, 50, 7)),
			cur:  snap(s, ctr("en0", 4, rxBytes|txBytes, 5, 104, 60, 8)),
			want: []Delta{dl("en0", 4, FlagWrapped, rxBytes, s, 10+5, 104-100, 60-50, 8-7)},
		},
		{
			name: "64-bit counter that fell is a reset, not 2^32 arithmetic",
			last: snap(0, ctr("ppp0", 0, 0, 10_000_000_000, 9_000_000, 200, 3)),
			cur:  snap(s, ctr("ppp0", 0, 0, 5, 1, 300, 4)),
			want: []Delta{dl("ppp0", 0, FlagReset, 0, s, 5, 1, 300, 4)},
		},
		{
			name: "64-bit wrap near 2^64",
			last: snap(0, ctr("eth0", 0, 0, math.MaxUint64-99, 10, 0, 0)),
			cur:  snap(s, ctr("eth0", 0, 0, 400, 11, 0, 0)),
			want: []Delta{dl("eth0", 0, FlagWrapped, rxBytes, s, 100+400, 11-10, 0, 0)},
		},
		{
			name: "one counter stepping back, the others far beyond a restart: backward, not a reset",
			last: snap(0, ctrWith(ctr("bond0", 4, 0, 9e12, 9e9, 8e12, 8e9), parse.TxDrop, 100)),
			cur:  snap(s, ctrWith(ctr("bond0", 4, 0, 9e12+1000, 9e9+10, 8e12+1000, 8e9+10), parse.TxDrop, 99)),
			want: []Delta{func() Delta {
				d := dl("bond0", 4, FlagBackward, 0, s, 1000, 10, 1000, 10)
				d.Has |= 1 << parse.TxDrop
				d.Backward = 1 << parse.TxDrop
				return d
			}()},
		},
		{
			name: "a counter stepping back beside a 32-bit wrap: both flagged",
			last: snap(0, ctrWith(ctr("en0", 0, rxBytes, max32-9, 9e9, 8e12, 8e9), parse.RxErrors, 7)),
			cur:  snap(s, ctrWith(ctr("en0", 0, rxBytes, 5, 9e9+10, 8e12+1000, 8e9+10), parse.RxErrors, 6)),
			want: []Delta{func() Delta {
				d := dl("en0", 0, FlagWrapped|FlagBackward, rxBytes, s, 15, 10, 1000, 10)
				d.Has |= 1 << parse.RxErrors
				d.Backward = 1 << parse.RxErrors
				return d
			}()},
		},
		{
			name: "one counter falling on a small interface is a reset: a restart fits the bound",
			last: snap(0, ctrWith(ctr("tap0", 0, 0, 5000, 50, 4000, 40), parse.TxDrop, 100)),
			cur:  snap(s, ctrWith(ctr("tap0", 0, 0, 6000, 60, 5000, 50), parse.TxDrop, 3)),
			want: []Delta{func() Delta {
				d := dl("tap0", 0, FlagReset, 0, s, 6000, 60, 5000, 50)
				d.Has |= 1 << parse.TxDrop
				d.Values[parse.TxDrop] = 3
				return d
			}()},
		},
		{
			name: "index changed is a reset even if counters rose",
			last: snap(0, ctr("veth1", 7, 0, 100, 1, 100, 1)),
			cur:  snap(s, ctr("veth1", 9, 0, 200, 2, 200, 2)),
			want: []Delta{dl("veth1", 9, FlagReset, 0, s, 200, 2, 200, 2)},
		},
		{
			name: "unknown index does not make a reset",
			last: snap(0, ctr("veth1", 0, 0, 100, 1, 100, 1)),
			cur:  snap(s, ctr("veth1", 9, 0, 200, 2, 200, 2)),
			want: []Delta{dl("veth1", 9, 0, 0, s, 200-100, 2-1, 200-100, 2-1)},
		},
		{
			name: "32-bit counters that all fell together are a reset",
			last: snap(0, ctr("wan", 0, traffic, 3_000_000_000, 2_000_000, 1_000_000_000, 900_000)),
			cur:  snap(s, ctr("wan", 0, traffic, 1000, 10, 2000, 20)),
			want: []Delta{dl("wan", 0, FlagReset, 0, s, 1000, 10, 2000, 20)},
		},
		{
			name: "32-bit packet wrap implying 4e9 packets/s is a reset",
			last: snap(0, ctr("wan", 0, traffic, 100, 5, 3_000_000_000, 7)),
			cur:  snap(s, ctr("wan", 0, traffic, 200, 4, 3_000_001_000, 8)),
			want: []Delta{dl("wan", 0, FlagReset, 0, s, 200, 4, 3_000_001_000, 8)},
		},
		{
			name: "32-bit byte wrap over a 1 Gbit/s link implying 4 GB/s is a reset",
			opts: DiffOptions{LinkSpeed: func(*Counters) uint64 { return 1e9 }},
			last: snap(0, ctr("wan", 0, traffic, 1000, 5, 3_000_000_000, 7)),
			cur:  snap(s, ctr("wan", 0, traffic, 2000, 6, 1_000, 8)),
			want: []Delta{dl("wan", 0, FlagReset, 0, s, 2000, 6, 1_000, 8)},
		},
		{
			name: "the same wrap without a link speed is plausible at 100 Gbit/s",
			last: snap(0, ctr("wan", 0, traffic, 1000, 5, 3_000_000_000, 7)),
			cur:  snap(s, ctr("wan", 0, traffic, 2000, 6, 1_000, 8)),
			want: []Delta{dl("wan", 0, FlagWrapped, txBytes, s, 2000-1000, 6-5, 1<<32-3_000_000_000+1_000, 8-7)},
		},
		{
			name: "a lower MaxByteRate makes it a reset",
			opts: DiffOptions{MaxByteRate: 1e9},
			last: snap(0, ctr("wan", 0, traffic, 1000, 5, 3_000_000_000, 7)),
			cur:  snap(s, ctr("wan", 0, traffic, 2000, 6, 1_000, 8)),
			want: []Delta{dl("wan", 0, FlagReset, 0, s, 2000, 6, 1_000, 8)},
		},
		{
			name: "renamed: same index, new name",
			last: snap(0, ctr("eth0", 3, 0, 1000, 10, 500, 5), ctr("lo", 1, 0, 0, 0, 0, 0)),
			cur:  snap(s, ctr("lo", 1, 0, 0, 0, 0, 0), ctr("enp3s0", 3, 0, 1500, 15, 600, 6)),
			want: []Delta{
				dl("lo", 1, 0, 0, s, 0, 0, 0, 0),
				dl("enp3s0", 3, FlagRenamed, 0, s, 1500-1000, 15-10, 600-500, 6-5),
			},
		},
		{
			name: "names swapped: each index keeps its counters",
			last: snap(0, ctr("eth0", 2, 0, 9e12, 9e9, 8e12, 8e9), ctr("eth1", 3, 0, 5e9, 5e6, 4e9, 4e6)),
			cur:  snap(s, ctr("eth1", 2, 0, 9e12+100, 9e9+1, 8e12+100, 8e9+1), ctr("eth0", 3, 0, 5e9+50, 5e6+1, 4e9+50, 4e6+1)),
			want: []Delta{
				dl("eth1", 2, FlagRenamed, 0, s, 100, 1, 100, 1),
				dl("eth0", 3, FlagRenamed, 0, s, 50, 1, 50, 1),
			},
		},
		{
			name: "renamed, and a new device under the old name",
			last: snap(0, ctr("eth0", 2, 0, 9e12, 9e9, 8e12, 8e9)),
			cur:  snap(s, ctr("wan0", 2, 0, 9e12+1000, 9e9+10, 8e12+1000, 8e9+10), ctr("eth0", 5, 0, 70, 1, 80, 1)),
			want: []Delta{
				dl("wan0", 2, FlagRenamed, 0, s, 1000, 10, 1000, 10),
				dl("eth0", 5, FlagNew, 0, 0, 70, 1, 80, 1),
			},
		},
		{
			name: "duplicate names reordered: paired by index",
			last: snap(0, ctr("tap", 5, 0, 1000, 10, 0, 0), ctr("tap", 7, 0, 9000, 90, 0, 0)),
			cur:  snap(s, ctr("tap", 7, 0, 9100, 91, 0, 0), ctr("tap", 5, 0, 1010, 11, 0, 0)),
			want: []Delta{
				dl("tap", 7, 0, 0, s, 100, 1, 0, 0),
				dl("tap", 5, 0, 0, s, 10, 1, 0, 0),
			},
		},
		{
			name: "snapshots of different sources: everything is new",
			last: &Snapshot{Counters: []Counters{ctr("eth0", 0, 0, 1000, 10, 0, 0)}, Source: SourceID{Kind: "procfs", NetNS: 1}},
			cur:  &Snapshot{Counters: []Counters{ctr("eth0", 0, 0, 1500, 11, 0, 0)}, Source: SourceID{Kind: "procfs", NetNS: 2}},
			want: []Delta{dl("eth0", 0, FlagNew, 0, 0, 1500, 11, 0, 0)},
		},
		{
			name: "an index repeated in last pairs with its first occurrence",
			last: snap(0, ctr("eth0", 5, 0, 1000, 10, 0, 0), ctr("eth1", 5, 0, 900_000, 900, 0, 0)),
			cur:  snap(s, ctr("eth0", 5, 0, 1500, 15, 0, 0)),
			want: []Delta{dl("eth0", 5, 0, 0, s, 500, 5, 0, 0)},
		},
		{
			name: "an index repeated in cur pairs only once",
			last: snap(0, ctr("eth0", 5, 0, 1000, 10, 0, 0)),
			cur:  snap(s, ctr("eth0", 5, 0, 1500, 15, 0, 0), ctr("eth1", 5, 0, 70, 1, 0, 0)),
			want: []Delta{
				dl("eth0", 5, 0, 0, s, 500, 5, 0, 0),
				dl("eth1", 5, FlagNew, 0, 0, 70, 1, 0, 0),
			},
		},
		{
			name: "the only nonzero counter wrapping at 32 bits is a wrap, not a reset",
			last: snap(0, ctr("en0", 0, rxBytes, max32-9, 0, 0, 0)),
			cur:  snap(s, ctr("en0", 0, rxBytes, 5, 3, 0, 0)),
			want: []Delta{dl("en0", 0, FlagWrapped, rxBytes, s, 10+5, 3, 0, 0)},
		},
		{
			name: "32-bit byte wrap at 1.5 times a 1 Gbit/s line rate is plausible (the bound is twice the speed)",
			opts: DiffOptions{LinkSpeed: func(*Counters) uint64 { return 1e9 }},
			last: snap(0, ctr("wan", 0, traffic, 1000, 5, 1<<32-100_000_000, 7)),
			cur:  snap(s, ctr("wan", 0, traffic, 2000, 6, 87_500_000, 8)),
			want: []Delta{dl("wan", 0, FlagWrapped, txBytes, s, 1000, 1, 187_500_000, 1)},
		},
		{
			// The bound is 2*1e9/8/84 = 2976190.48 packets/s.
			name: "32-bit packet wrap just under twice a 1 Gbit/s line rate of 84-byte frames is a wrap",
			opts: DiffOptions{LinkSpeed: func(*Counters) uint64 { return 1e9 }},
			last: snap(0, ctr("wan", 0, traffic, 1000, 1<<32-1_000_000, 500, 7)),
			cur:  snap(s, ctr("wan", 0, traffic, 2000, 1_976_190, 600, 8)),
			want: []Delta{dl("wan", 0, FlagWrapped, rxPackets, s, 1000, 2_976_190, 100, 1)},
		},
		{
			name: "32-bit packet wrap just over twice a 1 Gbit/s line rate of 84-byte frames is a reset",
			opts: DiffOptions{LinkSpeed: func(*Counters) uint64 { return 1e9 }},
			last: snap(0, ctr("wan", 0, traffic, 1000, 1<<32-1_000_000, 500, 7)),
			cur:  snap(s, ctr("wan", 0, traffic, 2000, 1_976_191, 600, 8)),
			want: []Delta{dl("wan", 0, FlagReset, 0, s, 2000, 1_976_191, 600, 8)},
		},
		{
			name: "a reset's fields are the newer snapshot's",
			last: snap(0, ctrWith(ctr("veth1", 7, 0, 100, 1, 100, 1), parse.TxDrop, 5)),
			cur:  snap(s, ctrWith(ctr("veth1", 9, 0, 200, 2, 200, 2), parse.RxErrors, 3)),
			want: []Delta{func() Delta {
				d := dl("veth1", 9, FlagReset, 0, s, 200, 2, 200, 2)
				d.Has |= 1 << parse.RxErrors
				d.Values[parse.RxErrors] = 3
				return d
			}()},
		},
		{
			name: "no timestamps: bounds judged over one second",
			last: &Snapshot{Counters: []Counters{ctr("wan", 0, traffic, 100, 5, 3_000_000_000, 7)}},
			cur:  &Snapshot{Counters: []Counters{ctr("wan", 0, traffic, 200, 4, 3_000_001_000, 8)}},
			want: []Delta{dl("wan", 0, FlagReset, 0, 0, 200, 4, 3_000_001_000, 8)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.opts.DiffBetween(nil, tt.cur, tt.last)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("DiffBetween mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDiffFieldSets(t *testing.T) {
	last := ctr("eth0", 0, 0, 10, 1, 10, 1)
	cur := ctr("eth0", 0, 0, 20, 2, 20, 2)
	cur.Values[parse.RxNoHandler] = 77 // the newer reading has one more field
	cur.Has |= 1 << parse.RxNoHandler
	got := DiffBetween(nil, snap(time.Second, cur), snap(0, last))
	want := []Delta{dl("eth0", 0, 0, 0, time.Second, 10, 1, 10, 1)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("a field only the newer reading has must not be booked (-want +got):\n%s", diff)
	}
}

func TestDeltaStat(t *testing.T) {
	last := ctr("eth0", 0, 0, 1000, 10, 500, 5)
	cur := ctr("eth0", 0, 0, 1500, 15, 700, 7)
	cur.Values[parse.RxErrors] = 9 // only the newer reading has it: not booked
	cur.Has |= 1 << parse.RxErrors
	got := DiffBetween(nil, snap(time.Second, cur), snap(0, last))
	want := IOCountersStat{Name: "eth0", BytesRecv: 500, PacketsRecv: 5, BytesSent: 200, PacketsSent: 2}
	if diff := cmp.Diff(want, got[0].Stat()); diff != "" {
		t.Errorf("Delta.Stat (-want +got):\n%s", diff)
	}
}

func TestDifferFirstCallAbsolute(t *testing.T) {
	var d Differ
	s0 := snap(0, ctr("eth0", 2, 0, 1000, 10, 500, 5))
	got := d.Diff(nil, s0)
	want := []Delta{dl("eth0", 2, FlagNew, 0, 0, 1000, 10, 500, 5)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("first Diff (-want +got):\n%s", diff)
	}
	// The Differ keeps a copy: reusing the caller's snapshot is safe.
	s0.Counters[0] = ctr("eth0", 2, 0, 1200, 12, 700, 7)
	s0.Stamp(time.Unix(1_700_000_003, 0))
	got = d.Diff(got[:0], s0)
	want = []Delta{dl("eth0", 2, 0, 0, 3*time.Second, 200, 2, 200, 2)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("second Diff (-want +got):\n%s", diff)
	}
	d.Reset()
	got = d.Diff(got[:0], s0)
	want = []Delta{dl("eth0", 2, FlagNew, 0, 0, 1200, 12, 700, 7)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Diff after Reset (-want +got):\n%s", diff)
	}
}

// TestDifferAcrossSources: the Differ's copy of the previous snapshot
// keeps its source, so a snapshot of another source is all new.
func TestDifferAcrossSources(t *testing.T) {
	var d Differ
	d.Diff(nil, &Snapshot{Counters: []Counters{ctr("eth0", 0, 0, 1000, 10, 0, 0)}, Source: SourceID{Kind: "procfs", NetNS: 1}})
	got := d.Diff(nil, &Snapshot{Counters: []Counters{ctr("eth0", 0, 0, 1500, 11, 0, 0)}, Source: SourceID{Kind: "procfs", NetNS: 2}})
	want := []Delta{dl("eth0", 0, FlagNew, 0, 0, 1500, 11, 0, 0)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Diff after a snapshot of another source (-want +got):\n%s", diff)
	}
}

func TestCompareName(t *testing.T) {
	ds := []Delta{{Name: "wlan0", Index: 1}, {Name: "eth0", Index: 2}, {Name: "lo"}, {Name: "eth0", Index: 3}}
	slices.SortStableFunc(ds, CompareName)
	var got []string
	var idx []int32
	for _, d := range ds {
		got = append(got, d.Name)
		idx = append(idx, d.Index)
	}
	if diff := cmp.Diff([]string{"eth0", "eth0", "lo", "wlan0"}, got); diff != "" {
		t.Errorf("sorted names (-want +got):\n%s", diff)
	}
	if idx[0] != 2 || idx[1] != 3 {
		t.Errorf("duplicates out of order of appearance: indexes %v", idx)
	}
}

func TestFlagsString(t *testing.T) {
	tests := []struct {
		f    Flags
		want string
	}{
		{0, ""},
		{FlagNew, "new"},
		{FlagWrapped | FlagReset, "wrapped,reset"},
		{FlagWrapped | FlagBackward, "wrapped,backward"},
		{FlagNew | FlagRenamed, "new,renamed"},
	}
	for _, tt := range tests {
		if got := tt.f.String(); got != tt.want {
			t.Errorf("Flags(%d).String() = %q, want %q", tt.f, got, tt.want)
		}
	}
}

func TestDiffAllocs(t *testing.T) {
	for _, shuffled := range []bool{false, true} {
		cur, last := benchSnapshots(4096, shuffled)
		var d Differ
		dst := diff4096(t, &d, nil, cur, last)
		if n := testing.AllocsPerRun(20, func() { dst = diff4096(t, &d, dst, cur, last) }); n != 0 {
			t.Errorf("shuffled=%v: %v allocs per 4096-interface diff, want 0", shuffled, n)
		}
	}
}

func TestDifferAllocs(t *testing.T) {
	cur, last := benchSnapshots(256, false)
	var d Differ
	dst := d.Diff(nil, last)
	dst = d.Diff(dst[:0], cur)
	n := testing.AllocsPerRun(50, func() {
		dst = d.Diff(dst[:0], last)
		dst = d.Diff(dst[:0], cur)
	})
	if n != 0 {
		t.Errorf("%v allocs per steady-state Differ.Diff pair, want 0", n)
	}
	var s0, s1 Snapshot
	s0.CopyFrom(last)
	dst = d.DiffSwap(dst[:0], &s0)
	s1.CopyFrom(cur)
	dst = d.DiffSwap(dst[:0], &s1)
	n = testing.AllocsPerRun(50, func() {
		s0.CopyFrom(last)
		dst = d.DiffSwap(dst[:0], &s0)
		s1.CopyFrom(cur)
		dst = d.DiffSwap(dst[:0], &s1)
	})
	if n != 0 {
		t.Errorf("%v allocs per steady-state DiffSwap pair, want 0", n)
	}
	n = testing.AllocsPerRun(50, func() { dst = DiffBetween(dst[:0], cur, last) })
	if n != 0 {
		t.Errorf("%v allocs per DiffBetween, want 0", n)
	}
}

func TestDifferConcurrent(t *testing.T) {
	cur, last := benchSnapshots(64, false)
	var d Differ
	done := make(chan []Delta)
	for g := range 4 {
		go func() {
			var dst []Delta
			for k := range 50 {
				s := cur
				if (g+k)%2 == 0 {
					s = last
				}
				dst = d.Diff(dst[:0], s)
				if len(dst) != 64 {
					t.Errorf("got %d deltas, want 64", len(dst))
				}
			}
			done <- dst
		}()
	}
	for range 4 {
		<-done
	}
}
