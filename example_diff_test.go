package netio_test

import (
	"context"
	"fmt"
	"log"
	"math"
	"slices"
	"time"

	"github.com/netio-go/netio"
	"github.com/netio-go/netio/parse"
)

// Two readings of the same laptop taken a moment apart (the corpus's
// minimal real delta pair), stamped two seconds apart.
func laptopSnapshots() (last, cur *netio.Snapshot) {
	read := func(file string, at time.Time) *netio.Snapshot {
		c, err := netio.CountersByFile("testdata/procnetdev/cookiecutter-flask-proc-dump--linux-2020-laptop-wlp0s20f3-docker0-" + file)
		if err != nil {
			log.Fatal(err)
		}
		s := &netio.Snapshot{Counters: c}
		s.Stamp(at)
		return s
	}
	t0 := time.Date(2020, 5, 17, 10, 30, 0, 0, time.UTC)
	return read("snapshot-a.procnetdev", t0), read("snapshot-b.procnetdev", t0.Add(2*time.Second))
}

// DiffBetween compares two snapshots the caller owns, into the caller's
// slice; Rate turns a delta into a per-second rate over its exact period.
func ExampleDiffBetween() {
	last, cur := laptopSnapshots()
	deltas := netio.DiffBetween(nil, cur, last)
	slices.SortStableFunc(deltas, netio.CompareName)
	for _, d := range deltas {
		fmt.Printf("%-10s rx %3d bytes (%5.1f B/s)  tx %3d bytes  flags %q\n", d.Name,
			d.Values[parse.RxBytes], d.Rate(parse.RxBytes), d.Values[parse.TxBytes], d.Flags)
	}
	// Output:
	// docker0    rx   0 bytes (  0.0 B/s)  tx   0 bytes  flags ""
	// enp1s0     rx   0 bytes (  0.0 B/s)  tx   0 bytes  flags ""
	// lo         rx   0 bytes (  0.0 B/s)  tx   0 bytes  flags ""
	// wlp0s20f3  rx  66 bytes ( 33.0 B/s)  tx  94 bytes  flags ""
}

// A Differ keeps the previous snapshot: its first call gives absolute
// values, flagged new, as libstatgrab's does; later calls give deltas. A
// counter the source declared 32-bit wraps exactly; a 64-bit one that
// falls is a reset, never 2^32 - old + new.
func ExampleDiffer() {
	var d netio.Differ
	mk := func(at time.Duration, rx uint64, narrow bool) *netio.Snapshot {
		c := netio.Counters{Name: "en0", Has: 1<<parse.RxBytes | 1<<parse.RxPackets}
		c.Values[parse.RxBytes] = rx
		c.Values[parse.RxPackets] = uint64(at / time.Second) // one packet a second
		if narrow {
			c.Narrow = 1 << parse.RxBytes
		}
		s := &netio.Snapshot{Counters: []netio.Counters{c}}
		s.Stamp(time.Unix(0, 0).Add(at))
		return s
	}
	show := func(ds []netio.Delta) {
		fmt.Printf("rx %d bytes over %v, flags %q\n", ds[0].Values[parse.RxBytes], ds[0].Period, ds[0].Flags)
	}
	show(d.Diff(nil, mk(1*time.Second, math.MaxUint32-99, true)))
	show(d.Diff(nil, mk(2*time.Second, 400, true)))   // 32-bit: wrapped
	show(d.Diff(nil, mk(3*time.Second, 9000, false))) // now declared 64-bit
	show(d.Diff(nil, mk(4*time.Second, 5, false)))    // fell: reset
	// Output:
	// rx 4294967196 bytes over 0s, flags "new"
	// rx 500 bytes over 1s, flags "wrapped"
	// rx 8600 bytes over 1s, flags ""
	// rx 5 bytes over 1s, flags "reset"
}

// CounterDelta is the arithmetic of one counter, for other packages.
func ExampleCounterDelta() {
	fmt.Println(netio.CounterDelta(math.MaxUint32-9, 5, 32))
	fmt.Println(netio.CounterDelta(100, 250, 64))
	fmt.Println(netio.CounterDelta(1<<40, 5, 32)) // not a 32-bit counter
	// Output:
	// 15 true true
	// 150 false true
	// 0 false false
}

// Sum adds up one diff's deltas, leaving out what a Classifier reports;
// RunningTotals keep counters that only go up across wraps, resets and
// vanished interfaces.
func ExampleSum() {
	last, cur := laptopSnapshots()
	deltas := netio.DiffBetween(nil, cur, last)
	skip := netio.Classifier(func(name string) bool { return name == "lo" || name == "docker0" })
	t := netio.Sum(deltas, skip)
	fmt.Printf("%d interfaces: rx %.0f B/s, tx %.0f B/s\n", t.Interfaces, t.Rate(parse.RxBytes), t.Rate(parse.TxBytes))

	var run netio.RunningTotals
	run.Add(deltas)
	run.Add(deltas)
	all := run.All()
	fmt.Printf("running: rx %d bytes over %v\n", all.Values[parse.RxBytes], all.Period)
	// Output:
	// 2 interfaces: rx 33 B/s, tx 47 B/s
	// running: rx 132 bytes over 4s
}

// A poller keeps two snapshots and one delta slice: once warm, a round
// allocates nothing.
func ExampleReader_Snapshot() {
	ctx := context.Background()
	r, err := netio.NewReader(ctx, netio.ReaderOptions{})
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	var d netio.Differ
	var snap netio.Snapshot
	var deltas []netio.Delta
	for range 3 {
		if err := r.Snapshot(&snap); err != nil {
			log.Fatal(err)
		}
		deltas = d.Diff(deltas[:0], &snap)
		for _, dl := range deltas {
			_ = dl.Rates() // bytesRecvPerSec, ... over dl.Period
		}
		time.Sleep(10 * time.Millisecond)
	}
}
