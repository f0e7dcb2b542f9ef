//go:build linux

package bench

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/netio-go/netio"
	"github.com/netio-go/netio/source"
	"github.com/prometheus/procfs"
	gnet "github.com/shirou/gopsutil/v4/net"
)

// The "live" benchmarks read this process's own network namespace. run.sh
// runs the test binary under `ip netns exec` in a namespace it built with
// LiveBatch(n) and sets NETIO_BENCH_LIVE_N=n; without that variable they
// skip. Ground truth: exactly the interfaces of LiveNames(n), all counters
// zero (every link is down).

const liveEnv = "NETIO_BENCH_LIVE_N"

// netioSources are the Reader sources tried; one a Linux build does not
// have (yet) is skipped.
var netioSources = []string{"procfs", "sysfs", "netlink"}

func liveN(tb testing.TB) int {
	tb.Helper()
	s := os.Getenv(liveEnv)
	if s == "" {
		tb.Skip(liveEnv + " not set: run bench/run.sh (needs root and ip) for the live benchmarks")
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		tb.Fatalf("%s=%q: want a positive count", liveEnv, s)
	}
	return n
}

// checkLiveNames checks that names are exactly LiveNames(n), in any order.
func checkLiveNames(impl string, n int, names []string) error {
	want := LiveNames(n)
	slices.Sort(want)
	got := slices.Clone(names)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		return fmt.Errorf("%s: %d interfaces, want %d (%v... vs %v...)", impl, len(got), len(want),
			got[:min(len(got), 4)], want[:min(len(want), 4)])
	}
	return nil
}

type liveImpl struct {
	name  string
	setup func(tb testing.TB, n int) (op func() error, done func())
}

func liveImpls() []liveImpl {
	impls := []liveImpl{
		{"floor-pread", func(tb testing.TB, n int) (func() error, func()) {
			f, err := os.Open("/proc/net/dev")
			if err != nil {
				tb.Fatal(err)
			}
			buf := make([]byte, 0, 256*(n+2)+4096)
			op := func() error {
				var err error
				buf, err = readFloor(f, buf)
				return err
			}
			if err := op(); err != nil {
				tb.Fatal(err)
			}
			if got := scanFloor(buf); got != n+2 {
				tb.Fatalf("floor-pread: %d lines, want %d", got, n+2)
			}
			return op, func() { f.Close() }
		}},
		{"netlink-getstats", func(tb testing.TB, n int) (func() error, func()) {
			d, err := OpenStatsDump()
			if err != nil {
				tb.Fatal(err)
			}
			stats, err := d.Dump(nil)
			if err != nil {
				tb.Fatal(err)
			}
			if len(stats) != n {
				tb.Fatalf("netlink-getstats: %d interfaces, want %d", len(stats), n)
			}
			for _, s := range stats {
				if s.Values != ([25]uint64{}) {
					tb.Fatalf("netlink-getstats: ifindex %d has non-zero counters %v", s.Index, s.Values)
				}
			}
			return func() error {
				var err error
				stats, err = d.Dump(stats[:0])
				return err
			}, func() { d.Close() }
		}},
		{"gopsutil", func(tb testing.TB, n int) (func() error, func()) {
			got, err := gnet.IOCounters(true)
			if err != nil {
				tb.Fatal(err)
			}
			names := make([]string, len(got))
			for i, g := range got {
				names[i] = g.Name
				if g != (gnet.IOCountersStat{Name: g.Name}) {
					tb.Fatalf("gopsutil: %v, want all zero", g)
				}
			}
			if err := checkLiveNames("gopsutil", n, names); err != nil {
				tb.Fatal(err)
			}
			return func() error { _, err := gnet.IOCounters(true); return err }, func() {}
		}},
		{"procfs", func(tb testing.TB, n int) (func() error, func()) {
			fs, err := procfs.NewFS("/proc")
			if err != nil {
				tb.Fatal(err)
			}
			got, err := fs.NetDev()
			if err != nil {
				tb.Fatal(err)
			}
			var names []string
			for name, l := range got {
				names = append(names, name)
				if l != (procfs.NetDevLine{Name: name}) {
					tb.Fatalf("procfs: %+v, want all zero", l)
				}
			}
			if err := checkLiveNames("procfs", n, names); err != nil {
				tb.Fatal(err)
			}
			return func() error { _, err := fs.NetDev(); return err }, func() {}
		}},
		{"netio-IOCounters", func(tb testing.TB, n int) (func() error, func()) {
			got, err := netio.IOCounters(true)
			if err != nil {
				tb.Fatal(err)
			}
			if err := checkLiveStats("netio-IOCounters", n, got); err != nil {
				tb.Fatal(err)
			}
			return func() error { _, err := netio.IOCounters(true); return err }, func() {}
		}},
	}
	for _, src := range netioSources {
		name := "netio-Reader-" + src
		impls = append(impls, liveImpl{name, func(tb testing.TB, n int) (func() error, func()) {
			r, err := netio.NewReader(context.Background(), netio.ReaderOptions{Source: src})
			if errors.Is(err, source.ErrUnsupported) {
				tb.Skipf("%s: source %q not in this build: %v", name, src, err)
			}
			if err != nil {
				tb.Fatal(err)
			}
			stats, err := readStats(r, nil)
			if err == nil {
				err = checkLiveStats(name, n, stats)
			}
			if err != nil {
				r.Close()
				tb.Fatal(err)
			}
			return func() error {
				var err error
				stats, err = readStats(r, stats)
				return err
			}, func() { r.Close() }
		}})
	}
	return impls
}

func checkLiveStats(impl string, n int, got []netio.IOCountersStat) error {
	names := make([]string, len(got))
	for i, g := range got {
		names[i] = g.Name
		if g != (netio.IOCountersStat{Name: g.Name}) {
			return fmt.Errorf("%s: %v, want all zero", impl, g)
		}
	}
	return checkLiveNames(impl, n, names)
}

// BenchmarkLive times every implementation on this namespace:
// BenchmarkLive/n=<N>/<implementation>.
func BenchmarkLive(b *testing.B) {
	n := liveN(b)
	for _, impl := range liveImpls() {
		b.Run(fmt.Sprintf("n=%d/%s", n, impl.name), func(b *testing.B) {
			op, done := impl.setup(b, n)
			defer done()
			timeOp(b, op)
		})
	}
}

// TestLiveGroundTruth runs every live implementation's check once, and
// asserts the steady-state rows (netlink floor, every netio Reader)
// allocate nothing.
func TestLiveGroundTruth(t *testing.T) {
	n := liveN(t)
	for _, impl := range liveImpls() {
		t.Run(impl.name, func(t *testing.T) {
			op, done := impl.setup(t, n)
			defer done()
			if err := op(); err != nil {
				t.Fatal(err)
			}
			switch impl.name {
			case "gopsutil", "procfs", "netio-IOCounters":
				return // one-shot APIs: they allocate by design
			}
			if a := testing.AllocsPerRun(5, func() {
				if err := op(); err != nil {
					t.Fatal(err)
				}
			}); a != 0 {
				t.Errorf("%v allocs/op, want 0", a)
			}
		})
	}
}
