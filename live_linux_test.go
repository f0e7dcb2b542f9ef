//go:build linux

package netio

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/netio-go/netio/internal/nstest"
)

// ipLinkStats is the part of `ip -s -s -j link show` the test compares.
type ipLinkStats struct {
	IfName  string `json:"ifname"`
	Stats64 struct {
		Rx struct {
			Bytes, Packets, Errors, Dropped, FifoErrors, MissedErrors uint64
		} `json:"rx"`
		Tx struct {
			Bytes, Packets, Errors, Dropped, FifoErrors uint64
		} `json:"tx"`
	} `json:"stats64"`
}

// UnmarshalJSON maps iproute2's snake_case keys.
func (s *ipLinkStats) UnmarshalJSON(b []byte) error {
	var raw struct {
		IfName  string `json:"ifname"`
		Stats64 struct {
			Rx map[string]uint64 `json:"rx"`
			Tx map[string]uint64 `json:"tx"`
		} `json:"stats64"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	s.IfName = raw.IfName
	rx, tx := raw.Stats64.Rx, raw.Stats64.Tx
	s.Stats64.Rx.Bytes, s.Stats64.Rx.Packets, s.Stats64.Rx.Errors = rx["bytes"], rx["packets"], rx["errors"]
	s.Stats64.Rx.Dropped, s.Stats64.Rx.FifoErrors, s.Stats64.Rx.MissedErrors = rx["dropped"], rx["fifo_errors"], rx["missed_errors"]
	s.Stats64.Tx.Bytes, s.Stats64.Tx.Packets, s.Stats64.Tx.Errors = tx["bytes"], tx["packets"], tx["errors"]
	s.Stats64.Tx.Dropped, s.Stats64.Tx.FifoErrors = tx["dropped"], tx["fifo_errors"]
	return nil
}

// ipStats returns iproute2's view of namespace ns as gopsutil rows, keyed
// by name, applying /proc/net/dev's folding (drop = dropped + missed).
func ipStats(t *testing.T, ns string) map[string]IOCountersStat {
	t.Helper()
	var links []ipLinkStats
	if err := json.Unmarshal(escapeControl(nstest.IP(t, "-n", ns, "-s", "-s", "-j", "link", "show")), &links); err != nil {
		t.Fatal(err)
	}
	m := map[string]IOCountersStat{}
	for _, l := range links {
		rx, tx := l.Stats64.Rx, l.Stats64.Tx
		m[l.IfName] = IOCountersStat{Name: l.IfName,
			BytesRecv: rx.Bytes, PacketsRecv: rx.Packets, Errin: rx.Errors, Dropin: rx.Dropped + rx.MissedErrors, Fifoin: rx.FifoErrors,
			BytesSent: tx.Bytes, PacketsSent: tx.Packets, Errout: tx.Errors, Dropout: tx.Dropped, Fifoout: tx.FifoErrors}
	}
	return m
}

// escapeControl escapes the raw control bytes iproute2 writes inside JSON
// strings (it prints interface names verbatim; FORMATS.md §1.3), so the
// output parses.
func escapeControl(b []byte) []byte {
	var out []byte
	for _, c := range b {
		if c < 0x20 && c != '\n' {
			out = append(out, fmt.Sprintf("\\u%04x", c)...)
			continue
		}
		out = append(out, c)
	}
	return out
}

// readQuiet reads /proc/<pid>/net/dev through a Reader until two readings
// agree, so the comparison happens once the namespace is quiet.
func readQuiet(t *testing.T, r *Reader) map[string]IOCountersStat {
	t.Helper()
	var last []IOCountersStat
	for range 50 {
		got, err := r.ReadStats(nil)
		if err != nil {
			t.Fatal(err)
		}
		if cmp.Equal(got, last) {
			m := map[string]IOCountersStat{}
			for _, s := range got {
				m[s.Name] = s
			}
			return m
		}
		last = got
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the namespace did not go quiet")
	return nil
}

// TestLiveNamespaceTraffic sends known traffic over a veth pair inside a
// namespace of its own and checks netio's reading of the kernel's
// /proc/<pid>/net/dev against the frames sent and against iproute2's
// netlink view.
func TestLiveNamespaceTraffic(t *testing.T) {
	ns := nstest.New(t)
	nstest.Veth(t, ns, "nioa", "niob")
	nstest.Veth(t, ns, "e\x1b[31mx", "nioc") // a name that would colour a terminal
	pid := nstest.Sleeper(t, ns)

	r, err := NewReader(context.Background(), ReaderOptions{HostProc: "/proc/" + strconv.Itoa(pid)})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	before := readQuiet(t, r)

	const nA, sizeA, nB, sizeB = 1000, 200, 300, 1514
	nstest.SendFrames(t, ns, "nioa", nA, sizeA)
	nstest.SendFrames(t, ns, "niob", nB, sizeB)
	after := readQuiet(t, r)

	if got := ipStats(t, ns); !cmp.Equal(got, after) {
		t.Errorf("netio and ip -s -s -j link disagree (-ip +netio):\n%s", cmp.Diff(got, after))
	}
	for _, name := range []string{"lo", "nioa", "niob", "nioc", "e\x1b[31mx"} {
		if _, ok := after[name]; !ok {
			t.Errorf("interface %q missing from the reading", name)
		}
	}
	delta := func(name string) IOCountersStat {
		a, b := after[name], before[name]
		return IOCountersStat{Name: name, BytesSent: a.BytesSent - b.BytesSent, BytesRecv: a.BytesRecv - b.BytesRecv,
			PacketsSent: a.PacketsSent - b.PacketsSent, PacketsRecv: a.PacketsRecv - b.PacketsRecv}
	}
	wantA := IOCountersStat{Name: "nioa", PacketsSent: nA, BytesSent: nA * sizeA, PacketsRecv: nB, BytesRecv: nB * sizeB}
	wantB := IOCountersStat{Name: "niob", PacketsSent: nB, BytesSent: nB * sizeB, PacketsRecv: nA, BytesRecv: nA * sizeA}
	if diff := cmp.Diff(wantA, delta("nioa")); diff != "" {
		t.Errorf("nioa traffic (-sent +read):\n%s", diff)
	}
	if diff := cmp.Diff(wantB, delta("niob")); diff != "" {
		t.Errorf("niob traffic (-sent +read):\n%s", diff)
	}
}

// readerLive is the steady-state Reader read measured by both the
// allocation test and the benchmark.
func readerLive(tb testing.TB, r *Reader, dst []Counters) []Counters {
	dst, err := r.Read(dst[:0])
	if err != nil {
		tb.Fatal(err)
	}
	return dst
}

var sinkCounters []Counters

// TestReaderLiveAllocs reads this machine's own /proc/net/dev: after the
// first reading, a Read allocates nothing.
func TestReaderLiveAllocs(t *testing.T) {
	if _, err := os.Stat("/proc/net/dev"); err != nil {
		t.Skip("no /proc/net/dev here")
	}
	r, err := NewReader(context.Background(), ReaderOptions{HostProc: "/proc"})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	dst := readerLive(t, r, nil)
	if len(dst) == 0 {
		t.Fatal("no interfaces in /proc/net/dev")
	}
	if allocs := testing.AllocsPerRun(200, func() { sinkCounters = readerLive(t, r, dst) }); allocs != 0 {
		t.Errorf("steady-state Read: %v allocs, want 0", allocs)
	}
	stats, _ := r.ReadStats(nil)
	if allocs := testing.AllocsPerRun(200, func() { stats, _ = r.ReadStats(stats[:0]) }); allocs != 0 {
		t.Errorf("steady-state ReadStats: %v allocs, want 0", allocs)
	}
}

// oneInterfaceProc gives the proc directory of a process in a fresh
// namespace holding only lo.
func oneInterfaceProc(b *testing.B) string {
	ns := nstest.New(b)
	return "/proc/" + strconv.Itoa(nstest.Sleeper(b, ns))
}

// BenchmarkReaderLive reads /proc/<pid>/net/dev of a namespace with one
// interface with a steady-state Reader.
func BenchmarkReaderLive(b *testing.B) {
	r, err := NewReader(context.Background(), ReaderOptions{HostProc: oneInterfaceProc(b)})
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	dst := readerLive(b, r, nil)
	b.ReportAllocs()
	for b.Loop() {
		dst = readerLive(b, r, dst)
	}
	sinkCounters = dst
}

// BenchmarkPreadLive is the floor for BenchmarkReaderLive: a bare pread of
// the same file into a reused buffer.
func BenchmarkPreadLive(b *testing.B) {
	f, err := os.Open(oneInterfaceProc(b) + "/net/dev")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 64<<10)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f.ReadAt(buf, 0); err != nil && err.Error() != "EOF" {
			b.Fatal(err)
		}
	}
}
