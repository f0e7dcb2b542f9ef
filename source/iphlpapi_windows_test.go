//go:build windows

package source

import (
	"bytes"
	"io"
	"net"
	"os"
	"testing"

	"golang.org/x/sys/windows"

	"github.com/netio-go/netio/parse"
)

// underWine reports whether the test runs under Wine (ntdll exports
// wine_get_version there, never on Windows).
func underWine() bool {
	return windows.NewLazySystemDLL("ntdll.dll").NewProc("wine_get_version").Find() == nil
}

// needWine skips a test that only means something under Wine, or fails it
// when NETIO_REQUIRE_WINE=1 (CI's Wine step), so a broken Wine detection
// cannot pass silently.
func needWine(t *testing.T) {
	t.Helper()
	if underWine() {
		return
	}
	if os.Getenv("NETIO_REQUIRE_WINE") == "1" {
		t.Fatal("NETIO_REQUIRE_WINE=1 but ntdll has no wine_get_version: not running under Wine")
	}
	t.Skip("Wine-only check: compares with Linux's /proc/net/dev as Wine sees it")
}

func TestIPHlpAPIRead(t *testing.T) {
	s, err := OpenIPHlpAPI()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	recs, err := s.Read(nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) == 0 {
		t.Fatal("no interfaces")
	}
	for _, r := range recs {
		if len(r.Name) == 0 || !r.Has.Has(parse.RxBytes) || !r.Has.Has(parse.TxPackets) {
			t.Errorf("record %q index %d: name or counters missing", r.Name, r.Index)
		}
		if p := r.Values[parse.RxUnicastPackets] + r.Values[parse.RxNonUnicastPackets]; r.Values[parse.RxPackets] != p {
			t.Errorf("%q: rx packets %d != unicast + non-unicast %d", r.Name, r.Values[parse.RxPackets], p)
		}
	}
	// The capture is the whole table, and decoding it gives the records.
	blobs := s.AppendCapture(nil)
	if len(blobs) != 1 || blobs[0].Path != "iphlpapi/GetIfTable2.bin" {
		t.Fatalf("capture %+v", blobs)
	}
	data := blobs[0].Data
	n := int(data[0]) | int(data[1])<<8 | int(data[2])<<16 | int(data[3])<<24
	if len(data) != 8+n*1352 {
		t.Fatalf("capture of %d bytes for %d rows", len(data), n)
	}
	var d parse.MIBIfTable2
	again, filtered, err := parse.AppendMIBIfTable2(nil, &d, data, false)
	if err != nil || filtered != s.Filtered() || len(again) != len(recs) || n != len(recs)+filtered {
		t.Fatalf("capture decodes to %d records (%d filtered, %v); Read gave %d (%d filtered) of %d rows",
			len(again), filtered, err, len(recs), s.Filtered(), n)
	}
	for i := range recs {
		if !bytes.Equal(again[i].Name, recs[i].Name) || again[i].Index != recs[i].Index {
			t.Errorf("row %d: capture %q/%d, Read %q/%d", i, again[i].Name, again[i].Index, recs[i].Name, recs[i].Index)
		}
	}
	t.Logf("%d interfaces, %d filter interfaces left out", len(recs), s.Filtered())
}

// TestOpenAuto checks that Open picks the iphlpapi source on Windows and
// refuses kinds that do not exist here.
func TestOpenAuto(t *testing.T) {
	s, err := Open(Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Name() != "iphlpapi" {
		t.Fatalf("auto source %q, want iphlpapi", s.Name())
	}
	if _, ok := s.(Capturer); !ok {
		t.Fatal("iphlpapi source is not a Capturer")
	}
	if _, err := Open(Config{Kind: "netlink"}); err == nil {
		t.Fatal("netlink opened on windows")
	}
}

// procNetDev reads Linux's /proc/net/dev through Wine's Z: drive.
func procNetDev(t *testing.T) map[string]parse.Record {
	t.Helper()
	b, err := os.ReadFile(`Z:\proc\net\dev`)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := parse.AppendProcNetDev(nil, `Z:\proc\net\dev`, b)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]parse.Record{}
	for _, r := range recs {
		m[string(r.Name)] = r.Clone()
	}
	return m
}

// TestIPHlpAPIAgreesWithProcNetDev brackets one GetIfTable2 reading
// between two readings of /proc/net/dev: Wine fills MIB_IF_ROW2 from that
// file, so for every interface each counter Wine maps must lie between the
// two. Wine puts all packets in the unicast counters and leaves
// OutNUcastPkts 0 (WINE.md §6), so packets are compared unicast to total,
// and the non-unicast split, octet splits and link speeds are not checked.
func TestIPHlpAPIAgreesWithProcNetDev(t *testing.T) {
	needWine(t)
	s, err := OpenIPHlpAPI()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	pushLoopback(t, 256<<10)
	before := procNetDev(t)
	recs, err := s.Read(nil)
	if err != nil {
		t.Fatal(err)
	}
	after := procNetDev(t)
	pairs := []struct{ win, proc parse.Field }{
		{parse.RxBytes, parse.RxBytes}, {parse.TxBytes, parse.TxBytes},
		{parse.RxUnicastPackets, parse.RxPackets}, {parse.TxUnicastPackets, parse.TxPackets},
		{parse.RxErrors, parse.RxErrors}, {parse.TxErrors, parse.TxErrors},
		{parse.RxDrop, parse.RxDrop}, {parse.TxDrop, parse.TxDrop},
	}
	seen := map[string]bool{}
	for _, r := range recs {
		name := string(r.Name)
		b, ok1 := before[name]
		a, ok2 := after[name]
		if !ok1 && !ok2 {
			t.Errorf("GetIfTable2 lists %q, /proc/net/dev does not", name)
			continue
		}
		if !ok1 || !ok2 {
			t.Logf("%q came or went during the check; not compared", name)
			continue
		}
		seen[name] = true
		for _, p := range pairs {
			v, lo, hi := r.Values[p.win], b.Values[p.proc], a.Values[p.proc]
			if v < lo || v > hi {
				t.Errorf("%s %s = %d, /proc/net/dev %s went %d -> %d", name, p.win, v, p.proc, lo, hi)
			}
		}
	}
	for name := range after {
		if !seen[name] && before[name].Name != nil {
			t.Errorf("/proc/net/dev lists %q, GetIfTable2 does not", name)
		}
	}
	if !seen["lo"] {
		t.Error(`no "lo" interface under Wine`)
	}
}

// TestIPHlpAPILoopbackGrows pushes 1 MiB over a loopback TCP connection
// (Wine cannot do UDP) and checks lo's byte counters grow by at least
// that much both ways.
func TestIPHlpAPILoopbackGrows(t *testing.T) {
	needWine(t)
	s, err := OpenIPHlpAPI()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	lo := func() parse.Record {
		recs, err := s.Read(nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			if string(r.Name) == "lo" {
				return r.Clone()
			}
		}
		t.Fatal(`no "lo"`)
		return parse.Record{}
	}
	const n = 1 << 20
	b := lo()
	pushLoopback(t, n)
	a := lo()
	for _, f := range []parse.Field{parse.RxBytes, parse.TxBytes} {
		if d := a.Values[f] - b.Values[f]; d < n {
			t.Errorf("lo %s grew by %d after sending %d bytes", f, d, n)
		}
	}
	if a.Values[parse.RxPackets] <= b.Values[parse.RxPackets] {
		t.Errorf("lo rx packets did not grow: %d -> %d", b.Values[parse.RxPackets], a.Values[parse.RxPackets])
	}
}

// pushLoopback sends n bytes over a TCP connection on 127.0.0.1.
func pushLoopback(t *testing.T, n int64) {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	done := make(chan error, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			done <- err
			return
		}
		defer c.Close()
		_, err = io.Copy(io.Discard, c)
		done <- err
	}()
	c, err := net.Dial("tcp4", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.CopyN(c, zeroReader{}, n); err != nil {
		t.Fatal(err)
	}
	c.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// TestIPHlpAPIReadAllocs measures a steady-state Read: the table is copied
// into a reused buffer and decoded into a reused slice.
func TestIPHlpAPIReadAllocs(t *testing.T) {
	s, err := OpenIPHlpAPI()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	dst, err := s.Read(nil)
	if err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(50, func() {
		if dst, err = s.Read(dst[:0]); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("steady-state Read: %v allocs, want 0", allocs)
	}
}

func BenchmarkIPHlpAPIRead(b *testing.B) {
	s, err := OpenIPHlpAPI()
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	dst, _ := s.Read(nil)
	b.ReportAllocs()
	for b.Loop() {
		if dst, err = s.Read(dst[:0]); err != nil {
			b.Fatal(err)
		}
	}
}
