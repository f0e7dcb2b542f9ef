package netio

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/netio-go/netio/parse"
)

// benchSnapshots returns two snapshots of n interfaces, one second apart,
// with every /proc/net/dev counter present and rising; shuffled puts the
// newer one in a different order.
func benchSnapshots(n int, shuffled bool) (cur, last *Snapshot) {
	rng := rand.New(rand.NewPCG(1, 2))
	last, cur = new(Snapshot), new(Snapshot)
	for i := range n {
		c := Counters{Name: fmt.Sprintf("veth%05d", i), Has: parse.Portable}
		for f := parse.Field(0); f <= parse.TxCompressed; f++ {
			c.Values[f] = rng.Uint64N(1 << 40)
		}
		last.Counters = append(last.Counters, c)
		for f := parse.Field(0); f <= parse.TxCompressed; f++ {
			c.Values[f] += rng.Uint64N(1 << 20)
		}
		cur.Counters = append(cur.Counters, c)
	}
	if shuffled {
		rng.Shuffle(n, func(i, j int) { cur.Counters[i], cur.Counters[j] = cur.Counters[j], cur.Counters[i] })
	}
	last.Stamp(time.Unix(1000, 0))
	cur.Stamp(time.Unix(1001, 0))
	return cur, last
}

// diff4096 diffs 4096 interfaces into dst; the helper behind both
// BenchmarkDiff4096 and TestDiffAllocs.
func diff4096(tb testing.TB, d *Differ, dst []Delta, cur, last *Snapshot) []Delta {
	dst = d.opts.between(dst[:0], cur, last, &d.m)
	if len(dst) != len(cur.Counters) {
		tb.Fatalf("got %d deltas, want %d", len(dst), len(cur.Counters))
	}
	return dst
}

func BenchmarkDiff4096(b *testing.B) {
	for _, shuffled := range []bool{false, true} {
		name := "same-order"
		if shuffled {
			name = "reordered"
		}
		b.Run(name, func(b *testing.B) {
			cur, last := benchSnapshots(4096, shuffled)
			var d Differ
			dst := diff4096(b, &d, nil, cur, last)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				dst = diff4096(b, &d, dst, cur, last)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/4096, "ns/interface")
		})
	}
}

// BenchmarkDiffer4096 is the stateful Differ in steady state: the diff
// plus keeping a copy of the snapshot for the next call.
func BenchmarkDiffer4096(b *testing.B) {
	cur, last := benchSnapshots(4096, false)
	var d Differ
	dst := d.Diff(nil, last)
	dst = d.Diff(dst[:0], cur)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		dst = d.Diff(dst[:0], cur) // same counters again: no decreases
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/4096, "ns/interface")
}

// BenchmarkDifferSwap4096 is the stateful Differ without the copy; the
// refill of the snapshot it hands back (a Reader's job) is not timed.
func BenchmarkDifferSwap4096(b *testing.B) {
	cur, _ := benchSnapshots(4096, false)
	var d Differ
	var s Snapshot
	s.CopyFrom(cur)
	dst := d.DiffSwap(nil, &s)
	s.CopyFrom(cur)
	dst = d.DiffSwap(dst[:0], &s)
	b.ReportAllocs()
	b.ResetTimer()
	var timed time.Duration
	for range b.N {
		s.CopyFrom(cur)
		start := time.Now()
		dst = d.DiffSwap(dst[:0], &s)
		timed += time.Since(start)
	}
	b.ReportMetric(float64(timed.Nanoseconds())/float64(b.N)/4096, "ns/interface")
}
