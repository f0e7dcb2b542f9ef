//go:build linux

package source_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/netio-go/netio"
	"github.com/netio-go/netio/internal/nstest"
	"github.com/netio-go/netio/parse"
	"github.com/netio-go/netio/source"
)

// readSteady is the hot path the alloc tests and benchmarks share: one
// reading into a reused slice. It panics on error so that only the success
// path is measured.
func readSteady(s source.Source, dst []parse.Record) []parse.Record {
	recs, err := s.Read(dst[:0])
	if err != nil {
		panic(fmt.Sprintf("%s: %v", s.Name(), err))
	}
	return recs
}

var sinkStats []netio.IOCountersStat

// TestSourceAllocs: a steady-state Read allocates nothing, for every Linux
// source, with and without a name filter, and through a Reader. As root it
// reads a namespace of its own (so no other test's interfaces come and go
// meanwhile); else the caller's namespace, which needs no privilege.
func TestSourceAllocs(t *testing.T) {
	var ns, sys string
	if _, err := exec.LookPath("ip"); err == nil && os.Geteuid() == 0 {
		ns = nstest.New(t)
		nstest.Veth(t, ns, "nioa", "niob")
		sys = mountSysfs(t, ns)
	}
	keep := func(name []byte) bool { return len(name) > 0 && name[0] != 'x' }
	for _, kind := range []string{"procfs", "netlink", "sysfs"} {
		base := source.Config{Kind: kind, NetNS: ns}
		opts := netio.ReaderOptions{Source: kind, NetNS: ns, Exclude: []string{"x*"}}
		if kind == "sysfs" && ns != "" {
			base = source.Config{Kind: kind, HostSys: sys}
			opts = netio.ReaderOptions{Source: kind, HostSys: sys, Exclude: []string{"x*"}}
		}
		for _, filtered := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/filtered=%v", kind, filtered), func(t *testing.T) {
				c := base
				if filtered {
					c.Keep, c.NoLoopback = keep, kind != "procfs" || ns == ""
				}
				s, err := source.Open(c)
				if err != nil {
					t.Fatal(err)
				}
				defer s.Close()
				dst := readSteady(s, nil)
				dst = readSteady(s, dst)
				if n := testing.AllocsPerRun(50, func() { dst = readSteady(s, dst) }); n != 0 {
					t.Errorf("%v allocs per Read, want 0", n)
				}
			})
		}
		t.Run(kind+"/Reader", func(t *testing.T) {
			r, err := netio.NewReader(context.Background(), opts)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if r.Source() != kind {
				t.Fatalf("Reader.Source() = %s", r.Source())
			}
			sinkStats, _ = r.ReadStats(sinkStats[:0])
			if n := testing.AllocsPerRun(50, func() { sinkStats, _ = r.ReadStats(sinkStats[:0]) }); n != 0 {
				t.Errorf("%v allocs per ReadStats, want 0", n)
			}
		})
	}
}

// TestAutoChoice: with no proc tree named, auto reads netlink here; with
// one, procfs, as gopsutil does.
func TestAutoChoice(t *testing.T) {
	for _, tc := range []struct {
		c    source.Config
		want string
	}{
		{source.Config{}, "netlink"},
		{source.Config{Kind: "auto"}, "netlink"},
		{source.Config{HostProc: "/proc"}, "procfs"},
	} {
		s, err := source.Open(tc.c)
		if err != nil {
			t.Fatal(err)
		}
		if s.Name() != tc.want {
			t.Errorf("%+v: auto chose %s, want %s", tc.c, s.Name(), tc.want)
		}
		s.Close()
	}
	if _, err := source.Open(source.Config{Kind: "carrier-pigeon"}); err == nil {
		t.Error("unknown kind: no error")
	}
}

// makeIfaces creates a namespace holding n interfaces: lo and (n-1)/2 veth
// pairs, created in one `ip -batch` run.
func makeIfaces(b *testing.B, n int) string {
	b.Helper()
	ns := nstest.New(b)
	if n > 1 {
		var batch strings.Builder
		for i := 0; i < (n-1)/2; i++ {
			fmt.Fprintf(&batch, "link add nio%da type veth peer name nio%db\n", i, i)
		}
		cmd := exec.Command("ip", "-n", ns, "-batch", "-")
		cmd.Stdin = strings.NewReader(batch.String())
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("ip -batch: %v: %s", err, out)
		}
	}
	return ns
}

// BenchmarkLive reads a live namespace of 1, 257 and 4097 interfaces with
// each source (the namespace is made once per size and deleted after).
// ns/iface is the cost per interface of one full reading. Needs root.
//
//	go test ./source -run XXX -bench Live -benchtime 200ms
func BenchmarkLive(b *testing.B) {
	requireLive(b)
	sizes := []int{1, 257, 4097}
	if env := os.Getenv("NETIO_BENCH_SIZES"); env != "" { // such as "1,257"
		sizes = nil
		for _, f := range strings.Split(env, ",") {
			n, err := strconv.Atoi(f)
			if err != nil {
				b.Fatalf("NETIO_BENCH_SIZES: %v", err)
			}
			sizes = append(sizes, n)
		}
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("ifaces=%d", n), func(b *testing.B) {
			ns := makeIfaces(b, n)
			sys := mountSysfs(b, ns)
			for _, c := range []source.Config{
				{Kind: "netlink", NetNS: ns},
				{Kind: "procfs", NetNS: ns},
				{Kind: "sysfs", HostSys: sys},
			} {
				b.Run(c.Kind, func(b *testing.B) {
					s, err := source.Open(c)
					if err != nil {
						b.Fatal(err)
					}
					defer s.Close()
					dst := readSteady(s, nil)
					if len(dst) != n {
						b.Fatalf("read %d interfaces, want %d", len(dst), n)
					}
					b.ReportAllocs()
					b.ResetTimer()
					for b.Loop() {
						dst = readSteady(s, dst)
					}
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/iface")
				})
			}
		})
	}
}

// TestKindFiltersAgree: in the caller's own namespace the three sources
// tell the same interfaces apart as loopback (and, on usual hosts,
// physical), each its own way
// (netlink: link type, flags, IFLA_LINKINFO, IFLA_PARENT_DEV_NAME; sysfs:
// type and the device link; procfs: sysfs looked up by name).
func TestKindFiltersAgree(t *testing.T) {
	for _, kinds := range []source.Config{{NoLoopback: true}, {Physical: true}, {NoLoopback: true, Physical: true}} {
		got := map[string][]string{}
		for _, kind := range []string{"netlink", "sysfs", "procfs"} {
			c := kinds
			c.Kind = kind
			names := readNames(t, c)
			sort.Strings(names)
			if slices.Contains(names, "lo") {
				t.Errorf("%s %+v: lo kept", kind, kinds)
			}
			got[kind] = names
		}
		// sysfs and procfs both ask sysfs; netlink's physical test is its
		// own heuristic (a virtual device without rtnl_link_ops, such as an
		// old ppp, counts as physical there), so a difference is reported,
		// not failed, when physical is asked.
		if !slices.Equal(got["sysfs"], got["procfs"]) {
			t.Errorf("%+v: sysfs keeps %q, procfs %q", kinds, got["sysfs"], got["procfs"])
		}
		if !slices.Equal(got["sysfs"], got["netlink"]) {
			if kinds.Physical {
				t.Logf("%+v: sysfs keeps %q, netlink %q", kinds, got["sysfs"], got["netlink"])
			} else {
				t.Errorf("%+v: sysfs keeps %q, netlink %q", kinds, got["sysfs"], got["netlink"])
			}
		}
	}
}
