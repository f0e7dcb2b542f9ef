//go:build linux

package source_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/netio-go/netio"
	"github.com/netio-go/netio/internal/ipjson"
	"github.com/netio-go/netio/internal/nstest"
	"github.com/netio-go/netio/parse"
	"github.com/netio-go/netio/source"
	"golang.org/x/sys/unix"
)

// requireLive turns the namespace tests' skips into failures when
// NETIO_REQUIRE_NETNS=1 (CI sets it where it runs as root with iproute2).
func requireLive(t testing.TB) {
	t.Helper()
	if os.Getenv("NETIO_REQUIRE_NETNS") == "1" {
		if os.Geteuid() != 0 {
			t.Fatal("NETIO_REQUIRE_NETNS=1 but not root")
		}
		if _, err := exec.LookPath("ip"); err != nil {
			t.Fatal("NETIO_REQUIRE_NETNS=1 but iproute2's ip is missing")
		}
	}
}

// ipView is iproute2's reading of a namespace: per interface, the fields
// it printed.
type ipView map[string]map[parse.Field]uint64

func ipLinks(t *testing.T, ns string) ipView {
	t.Helper()
	links, err := ipjson.Links(nstest.IP(t, "-n", ns, "-s", "-s", "-j", "link", "show"))
	if err != nil {
		t.Fatal(err)
	}
	v := ipView{}
	for name, kv := range links {
		m := map[parse.Field]uint64{}
		for k, val := range kv {
			f, ok := parse.FieldByName(k)
			if !ok {
				t.Fatalf("ipjson names field %q, which parse.FieldByName does not know", k)
			}
			m[f] = val
		}
		v[name] = m
	}
	return v
}

// ipStat derives gopsutil's row from iproute2's fields with /proc/net/dev's
// folding of rx drop (dropped + missed).
func ipStat(name string, m map[parse.Field]uint64) netio.IOCountersStat {
	return netio.IOCountersStat{Name: name,
		BytesRecv: m[parse.RxBytes], PacketsRecv: m[parse.RxPackets], Errin: m[parse.RxErrors],
		Dropin: m[parse.RxDropped] + m[parse.RxMissedErrors], Fifoin: m[parse.RxFIFO],
		BytesSent: m[parse.TxBytes], PacketsSent: m[parse.TxPackets], Errout: m[parse.TxErrors],
		Dropout: m[parse.TxDrop], Fifoout: m[parse.TxFIFO]}
}

// mountSysfs mounts a sysfs made inside namespace ns on a temporary
// directory (what `ip netns exec` does for its child), unmounted at the end.
func mountSysfs(t testing.TB, ns string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Mkdir(dir+"/sys", 0o755); err != nil {
		t.Fatal(err)
	}
	err := nstest.Do(t, ns, func() error { return unix.Mount("sysfs", dir+"/sys", "sysfs", 0, "") })
	if err != nil {
		t.Fatalf("mounting sysfs of %s: %v", ns, err)
	}
	t.Cleanup(func() { unix.Unmount(dir+"/sys", unix.MNT_DETACH) })
	return dir + "/sys"
}

type namedSource struct {
	name string
	src  source.Source
}

// readAll reads every source back to back until two rounds agree, and
// returns the last round's records per source, keyed by interface name.
func readAll(t *testing.T, srcs []namedSource) []map[string]parse.Record {
	t.Helper()
	var last []map[string]parse.Record
	for range 50 {
		round := make([]map[string]parse.Record, len(srcs))
		for i, s := range srcs {
			recs, err := s.src.Read(nil)
			if err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			round[i] = map[string]parse.Record{}
			for _, r := range recs {
				round[i][string(r.Name)] = r.Clone()
			}
		}
		if last != nil && cmp.Equal(round, last) {
			return round
		}
		last = round
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the namespace did not go quiet")
	return nil
}

func stats(recs map[string]parse.Record) map[string]netio.IOCountersStat {
	var list []parse.Record
	for _, r := range recs {
		list = append(list, r)
	}
	r := netio.NewReaderFromSource(&fixed{list})
	s, _ := r.ReadStats(nil)
	m := map[string]netio.IOCountersStat{}
	for _, x := range s {
		m[x.Name] = x
	}
	return m
}

// fixed is a source that returns the same records every time.
type fixed struct{ recs []parse.Record }

func (f *fixed) Name() string { return "fixed" }
func (f *fixed) Read(dst []parse.Record) ([]parse.Record, error) {
	return append(dst, f.recs...), nil
}
func (f *fixed) Close() error { return nil }

// TestLiveAgreement makes traffic on veth pairs inside a namespace of its
// own and reads the namespace with every Linux source, reached every way
// (by name, by PID, and sysfs through a sysfs mounted inside it): all
// give the same IOCountersStat, the same as `ip -s -s -j link` (which reads
// netlink's RTM_GETLINK), and netlink and sysfs give the same detailed
// counters iproute2 prints.
func TestLiveAgreement(t *testing.T) {
	requireLive(t)
	ns := nstest.New(t)
	nstest.Veth(t, ns, "nioa", "niob")
	nstest.Veth(t, ns, "e\x1b[31mx", "nioc")
	nstest.IP(t, "-n", ns, "link", "set", "nioc", "down") // its peer's frames are dropped
	pid := nstest.Sleeper(t, ns)
	sys := mountSysfs(t, ns)

	nstest.SendFrames(t, ns, "nioa", 700, 200)
	nstest.SendFrames(t, ns, "niob", 300, 1514)
	nstest.SendFrames(t, ns, "e\x1b[31mx", 50, 100)

	open := func(c source.Config) source.Source {
		t.Helper()
		s, err := source.Open(c)
		if err != nil {
			t.Fatalf("%+v: %v", c, err)
		}
		t.Cleanup(func() { s.Close() })
		if c.Kind != "" && s.Name() != c.Kind {
			t.Fatalf("asked for %s, got %s", c.Kind, s.Name())
		}
		return s
	}
	srcs := []namedSource{
		{"procfs --netns", open(source.Config{Kind: "procfs", NetNS: ns})},
		{"procfs --pid", open(source.Config{Kind: "procfs", PID: pid})},
		{"netlink --netns", open(source.Config{Kind: "netlink", NetNS: ns})},
		{"netlink --netns path", open(source.Config{Kind: "netlink", NetNS: "/var/run/netns/" + ns})},
		{"netlink --pid", open(source.Config{Kind: "netlink", PID: pid})},
		{"sysfs (mounted in the namespace)", open(source.Config{Kind: "sysfs", HostSys: sys})},
		{"sysfs --pid", open(source.Config{Kind: "sysfs", PID: pid})},
		{"auto --netns", open(source.Config{NetNS: ns})},
	}
	if srcs[len(srcs)-1].src.Name() != "netlink" {
		t.Errorf("auto chose %s, want netlink", srcs[len(srcs)-1].src.Name())
	}
	round := readAll(t, srcs)
	ip := ipLinks(t, ns)

	want := map[string]netio.IOCountersStat{}
	for name, m := range ip {
		want[name] = ipStat(name, m)
	}
	for i, s := range srcs {
		if diff := cmp.Diff(want, stats(round[i])); diff != "" {
			t.Errorf("%s: IOCountersStat differs from ip -s -s -j link (-ip +%s):\n%s", s.name, s.name, diff)
		}
	}
	// The traffic really happened and lands where expected.
	a, b := want["nioa"], want["niob"]
	if a.PacketsSent != 700 || b.PacketsRecv != 700 || b.PacketsSent != 300 || a.BytesRecv != 300*1514 {
		t.Errorf("traffic: nioa %+v niob %+v", a, b)
	}
	if want["e\x1b[31mx"].Dropout == 0 && want["nioc"].Dropin == 0 {
		t.Errorf("no drops from sending to a down peer: %+v", want)
	}

	// Detailed counters: netlink and sysfs give every field iproute2
	// prints, with the same values.
	for i, s := range srcs {
		if !strings.HasPrefix(s.name, "netlink") && !strings.HasPrefix(s.name, "sysfs") {
			continue
		}
		for name, m := range ip {
			rec, ok := round[i][name]
			if !ok {
				t.Errorf("%s: %q missing", s.name, name)
				continue
			}
			for f, v := range m {
				if got, ok := rec.Get(f); !ok || got != v {
					t.Errorf("%s: %q %s = %d (present %v), ip says %d", s.name, name, f, got, ok, v)
				}
			}
			if !rec.Has.Has(parse.RxNoHandler) {
				t.Errorf("%s: %q has no rx_nohandler", s.name, name)
			}
		}
	}
	// Indexes agree between netlink and sysfs.
	for name, r := range round[2] {
		if r.Index == 0 || round[5][name].Index != r.Index {
			t.Errorf("%q: netlink index %d, sysfs index %d", name, r.Index, round[5][name].Index)
		}
	}
}

// TestLiveFilters checks that the name and kind filters are applied by
// every source, and that refused interfaces are not read.
func TestLiveFilters(t *testing.T) {
	requireLive(t)
	ns := nstest.New(t)
	nstest.Veth(t, ns, "nioa", "niob")
	nstest.Veth(t, ns, "nioc", "niod")
	sys := mountSysfs(t, ns)
	keep := func(name []byte) bool { return !bytes.Equal(name, []byte("niob")) }
	for _, tc := range []struct {
		c    source.Config
		want []string
	}{
		{source.Config{Kind: "netlink", NetNS: ns, Keep: keep}, []string{"lo", "nioa", "nioc", "niod"}},
		{source.Config{Kind: "netlink", NetNS: ns, Keep: keep, NoLoopback: true}, []string{"nioa", "nioc", "niod"}},
		{source.Config{Kind: "netlink", NetNS: ns, Physical: true}, nil},
		{source.Config{Kind: "sysfs", HostSys: sys, Keep: keep, NoLoopback: true}, []string{"nioa", "nioc", "niod"}},
		{source.Config{Kind: "sysfs", HostSys: sys, Physical: true}, nil},
		{source.Config{Kind: "procfs", NetNS: ns, Keep: keep}, []string{"lo", "nioa", "nioc", "niod"}},
	} {
		got := readNames(t, tc.c)
		if diff := cmp.Diff(tc.want, got, cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
			t.Errorf("%s noloop=%v physical=%v (-want +got):\n%s", tc.c.Kind, tc.c.NoLoopback, tc.c.Physical, diff)
		}
	}
	// procfs cannot tell kinds in another namespace.
	if _, err := source.Open(source.Config{Kind: "procfs", NetNS: ns, Physical: true}); !errors.Is(err, source.ErrUnsupported) {
		t.Errorf("procfs --netns --physical: %v, want ErrUnsupported", err)
	}
}

// readNames opens a source with c, reads it once and returns the names.
func readNames(t *testing.T, c source.Config) []string {
	t.Helper()
	s, err := source.Open(c)
	if err != nil {
		t.Fatalf("%s: %v", c.Kind, err)
	}
	recs, err := s.Read(nil)
	s.Close()
	if err != nil {
		t.Fatalf("%s: %v", c.Kind, err)
	}
	var names []string
	for _, r := range recs {
		names = append(names, string(r.Name))
	}
	return names
}

// TestProcFSKindUnknown: with kind filters, a /proc/net/dev line whose
// name this host's sysfs does not list (a copied /proc tree) has no known
// kind: not a loopback unless called "lo", and not physical.
func TestProcFSKindUnknown(t *testing.T) {
	if _, err := os.Stat("/sys/class/net/lo/type"); err != nil {
		t.Skipf("no sysfs: %v", err)
	}
	proc := t.TempDir()
	if err := os.Mkdir(proc+"/net", 0o755); err != nil {
		t.Fatal(err)
	}
	dev := "Inter-|   Receive                                                |  Transmit\n" +
		" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n" +
		"    lo: 1 1 0 0 0 0 0 0 1 1 0 0 0 0 0 0\n" +
		"niofake0: 2 2 0 0 0 0 0 0 2 2 0 0 0 0 0 0\n"
	if err := os.WriteFile(proc+"/net/dev", []byte(dev), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		noLoop, physical bool
		want             []string
	}{
		{noLoop: true, want: []string{"niofake0"}},
		{physical: true, want: nil},
	} {
		got := readNames(t, source.Config{Kind: "procfs", HostProc: proc, NoLoopback: tc.noLoop, Physical: tc.physical})
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("noloop=%v physical=%v (-want +got):\n%s", tc.noLoop, tc.physical, diff)
		}
	}
}

// TestProcFSKindFiltersOtherPID: procfs looks kinds up in this process's
// sysfs, which says nothing of another process's namespace, so kind
// filters with PID are refused, as with NetNS.
func TestProcFSKindFiltersOtherPID(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    source.Config
	}{
		{"no loopback", source.Config{Kind: "procfs", PID: os.Getpid(), NoLoopback: true}},
		{"physical", source.Config{Kind: "procfs", PID: os.Getpid(), Physical: true}},
		{"both", source.Config{Kind: "procfs", PID: os.Getpid(), NoLoopback: true, Physical: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := source.Open(tc.c)
			if err == nil {
				s.Close()
			}
			if !errors.Is(err, source.ErrUnsupported) {
				t.Errorf("procfs --pid %+v: %v, want ErrUnsupported", tc.c, err)
			}
		})
	}
	// Without kind filters the same PID reads.
	if got := readNames(t, source.Config{Kind: "procfs", PID: os.Getpid()}); len(got) == 0 {
		t.Error("procfs --pid: no interfaces")
	}
}

// openFDs counts this process's open descriptors of files below the directory
// under.
func openFDs(t *testing.T, under string) int {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("cannot list /proc/self/fd: %v", err)
	}
	// Only this test's descriptors: others (the runtime's, other tests')
	// come and go meanwhile.
	n := 0
	for _, fd := range fds {
		if target, err := os.Readlink("/proc/self/fd/" + fd.Name()); err == nil && strings.HasPrefix(target, under) {
			n++
		}
	}
	return n
}

// TestLiveSysFSClosesVanished: the descriptors of interfaces deleted
// between readings are closed at the next reading, not kept until Close.
func TestLiveSysFSClosesVanished(t *testing.T) {
	requireLive(t)
	ns := nstest.New(t)
	nstest.Veth(t, ns, "nioa", "niob")
	sys := mountSysfs(t, ns)
	n0 := openFDs(t, sys)
	sf, err := source.Open(source.Config{Kind: "sysfs", HostSys: sys})
	if err != nil {
		t.Fatal(err)
	}
	defer sf.Close()
	if recs, err := sf.Read(nil); err != nil || len(recs) != 3 {
		t.Fatalf("first reading: %d records, %v", len(recs), err)
	}
	n1 := openFDs(t, sys)
	perIf := (n1 - n0 - 1) / 3 // the class directory, then as many per interface
	if perIf < 1 {
		t.Fatalf("%d descriptors before, %d after reading 3 interfaces", n0, n1)
	}
	t.Logf("%d descriptors before Open, %d after reading 3 interfaces", n0, n1)
	nstest.IP(t, "-n", ns, "link", "del", "nioa") // and its peer niob
	recs, err := sf.Read(nil)
	if err != nil || len(recs) != 1 || string(recs[0].Name) != "lo" {
		t.Fatalf("after deleting the veths: %d records, %v", len(recs), err)
	}
	if n2 := openFDs(t, sys); n2 > n0+1+perIf {
		t.Errorf("%d descriptors open after the veths went (%d before opening, %d with 3 interfaces): want at most %d", n2, n0, n1, n0+1+perIf)
	}
	sf.Close()
	if n3 := openFDs(t, sys); n3 != n0 {
		t.Errorf("%d descriptors open after Close, %d before Open", n3, n0)
	}
}

// TestLiveSysFSPIDOtherMounts: a process that joined another network
// namespace without a mount namespace of its own sees the caller's /sys,
// which lists other interfaces than its /proc/<pid>/net/dev: sysfs --pid
// refuses it rather than read the wrong namespace.
func TestLiveSysFSPIDOtherMounts(t *testing.T) {
	requireLive(t)
	ns := nstest.New(t)
	nstest.Veth(t, ns, "nioa", "niob")
	cmd := exec.Command("sleep", "3600")
	// Started from a thread inside ns: the child inherits the network
	// namespace, and keeps this process's mount namespace (and /sys).
	if err := nstest.Do(t, ns, cmd.Start); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	pid := cmd.Process.Pid
	self, _ := os.Readlink("/proc/self/ns/net")
	if other, err := os.Readlink(fmt.Sprintf("/proc/%d/ns/net", pid)); err != nil || other == self {
		t.Fatalf("process %d in %q (%v), want another namespace than %q", pid, other, err, self)
	}
	s, err := source.Open(source.Config{Kind: "sysfs", PID: pid})
	if err == nil {
		s.Close()
		t.Fatalf("sysfs --pid %d (a /sys of another namespace): no error", pid)
	}
	if !strings.Contains(err.Error(), "does not show the network namespace") {
		t.Errorf("sysfs --pid %d: %v, want it to say the view shows another namespace", pid, err)
	}
	// The same namespace through a process whose mounts match reads.
	if got := readNames(t, source.Config{Kind: "sysfs", PID: nstest.Sleeper(t, ns)}); len(got) != 3 {
		t.Errorf("sysfs --pid of a process of ip netns exec: %q, want lo, nioa, niob", got)
	}
}

// TestLiveSysFSCaptureBytes: each captured blob is the file's bytes,
// newline included, as a read of the file gives them.
func TestLiveSysFSCaptureBytes(t *testing.T) {
	requireLive(t)
	ns := nstest.New(t)
	nstest.Veth(t, ns, "nioa", "niob")
	sys := mountSysfs(t, ns)
	sf, err := source.OpenSysFS(source.Config{HostSys: sys}, true) // with operstate and speed
	if err != nil {
		t.Fatal(err)
	}
	defer sf.Close()
	var diff string
	for range 20 { // a quiet namespace: retried only if a counter moved
		recs, err := sf.Read(nil)
		if err != nil {
			t.Fatal(err)
		}
		got, want := map[string]string{}, map[string]string{}
		for _, b := range sf.AppendCapture(nil) {
			got[b.Path] = string(b.Data)
			f, err := os.ReadFile(filepath.Join(filepath.Dir(sys), b.Path))
			if err != nil {
				t.Fatal(err)
			}
			want[b.Path] = string(f)
		}
		if len(recs) != 3 || len(got) < 3*(parse.NumSysfsStats+2) {
			t.Fatalf("%d records, %d blobs", len(recs), len(got))
		}
		if _, ok := got["sys/class/net/nioa/operstate"]; !ok {
			t.Fatalf("no operstate captured: %v", got)
		}
		if diff = cmp.Diff(want, got); diff == "" {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Errorf("sysfs capture differs from the files (-files +capture):\n%s", diff)
}

// TestLiveChanges adds, renames and deletes interfaces between readings:
// the netlink name cache follows, and sysfs drops vanished interfaces.
func TestLiveChanges(t *testing.T) {
	requireLive(t)
	ns := nstest.New(t)
	nstest.Veth(t, ns, "nioa", "niob")
	sys := mountSysfs(t, ns)
	nl, err := source.Open(source.Config{Kind: "netlink", NetNS: ns})
	if err != nil {
		t.Fatal(err)
	}
	defer nl.Close()
	sf, err := source.Open(source.Config{Kind: "sysfs", HostSys: sys})
	if err != nil {
		t.Fatal(err)
	}
	defer sf.Close()
	names := func(s source.Source) string {
		t.Helper()
		recs, err := s.Read(nil)
		if err != nil {
			t.Fatalf("%s: %v", s.Name(), err)
		}
		var n []string
		for _, r := range recs {
			n = append(n, fmt.Sprintf("%s@%d", r.Name, r.Index))
		}
		return strings.Join(n, " ")
	}
	// Each name with its index, as netlink (whose link dump names every
	// index afresh) sees it; sysfs must agree.
	check := func(step, want string) {
		t.Helper()
		byNetlink := sortedWords(names(nl))
		var got []string
		for _, w := range strings.Fields(byNetlink) {
			got = append(got, w[:strings.IndexByte(w, '@')])
		}
		if g := strings.Join(got, " "); g != want {
			t.Errorf("%s: netlink: got %q, want %q", step, g, want)
		}
		if got := sortedWords(names(sf)); got != byNetlink {
			t.Errorf("%s: sysfs: got %q, netlink %q", step, got, byNetlink)
		}
	}
	check("start", sortedWords("lo nioa niob"))
	nstest.IP(t, "-n", ns, "link", "set", "nioa", "down")
	nstest.IP(t, "-n", ns, "link", "set", "nioa", "name", "nioz")
	check("rename", sortedWords("lo nioz niob"))
	nstest.Veth(t, ns, "nioc", "niod")
	check("add", sortedWords("lo nioz niob nioc niod"))
	nstest.IP(t, "-n", ns, "link", "del", "nioc")
	check("delete", sortedWords("lo nioz niob"))
	// Names that pass to another device: a swap, and a device re-created
	// under its old name between two readings.
	nstest.IP(t, "-n", ns, "link", "set", "niob", "down")
	nstest.IP(t, "-n", ns, "link", "set", "nioz", "name", "niot")
	nstest.IP(t, "-n", ns, "link", "set", "niob", "name", "nioz")
	nstest.IP(t, "-n", ns, "link", "set", "niot", "name", "niob")
	check("swap", sortedWords("lo nioz niob"))
	nstest.IP(t, "-n", ns, "link", "del", "nioz")
	nstest.IP(t, "-n", ns, "link", "add", "nioz", "type", "veth", "peer", "name", "niob")
	check("re-created", sortedWords("lo nioz niob"))
}

// sortedWords sorts space-separated words (netlink lists by ifindex, sysfs
// in directory order).
func sortedWords(s string) string {
	w := strings.Fields(s)
	for i := range w {
		for j := i + 1; j < len(w); j++ {
			if w[j] < w[i] {
				w[i], w[j] = w[j], w[i]
			}
		}
	}
	return strings.Join(w, " ")
}

// TestLiveCapture decodes what each source captured and gets the records
// the source returned.
func TestLiveCapture(t *testing.T) {
	requireLive(t)
	ns := nstest.New(t)
	nstest.Veth(t, ns, "nioa", "niob")
	nstest.SendFrames(t, ns, "nioa", 10, 100)
	sys := mountSysfs(t, ns)

	nl, err := source.Open(source.Config{Kind: "netlink", NetNS: ns})
	if err != nil {
		t.Fatal(err)
	}
	defer nl.Close()
	recs, err := nl.Read(nil)
	if err != nil {
		t.Fatal(err)
	}
	blobs := nl.(source.Capturer).AppendCapture(nil)
	if len(blobs) != 2 || blobs[0].Path != "netlink/getlink.bin" || blobs[1].Path != "netlink/getstats.bin" {
		t.Fatalf("netlink capture paths: %v", blobs)
	}
	var dl parse.NetlinkLinks
	names := map[int32]string{}
	dl.Reset(blobs[0].Data)
	for dl.Next() {
		names[dl.Index()] = string(dl.Name())
	}
	var ds parse.NetlinkStats
	ds.Reset(blobs[1].Data)
	var got []parse.Record
	for ds.Next() {
		r := ds.Record().Clone()
		r.Name = []byte(names[r.Index])
		got = append(got, r)
	}
	if dl.Err() != nil || ds.Err() != nil || !ds.Done() {
		t.Fatalf("decoding the capture: %v %v", dl.Err(), ds.Err())
	}
	if diff := cmp.Diff(clone(recs), got); diff != "" {
		t.Errorf("netlink capture decodes differently (-read +capture):\n%s", diff)
	}

	sf, err := source.Open(source.Config{Kind: "sysfs", HostSys: sys})
	if err != nil {
		t.Fatal(err)
	}
	defer sf.Close()
	recs, err = sf.Read(nil)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, b := range sf.(source.Capturer).AppendCapture(nil) {
		files[b.Path] = b.Data
	}
	for _, r := range recs {
		var d parse.Sysfs
		d.Reset(r.Name)
		base := "sys/class/net/" + string(r.Name) + "/"
		for i := 0; i < parse.NumSysfsStats; i++ {
			file, _ := parse.SysfsStat(i)
			b, ok := files[base+"statistics/"+file]
			if !ok {
				t.Fatalf("capture lacks %s", base+"statistics/"+file)
			}
			d.Stat(i, b)
		}
		d.Attr(parse.AttrIfindex, files[base+"ifindex"])
		if _, ok := files[base+"type"]; !ok {
			t.Errorf("capture lacks %stype", base)
		}
		if diff := cmp.Diff(r.Clone(), d.Record().Clone()); diff != "" || d.Err() != nil {
			t.Errorf("sysfs capture of %s decodes differently (%v) (-read +capture):\n%s", r.Name, d.Err(), diff)
		}
	}
	if len(recs) != 3 {
		t.Errorf("sysfs read %d interfaces, want 3", len(recs))
	}
}

func clone(recs []parse.Record) []parse.Record {
	out := make([]parse.Record, len(recs))
	for i := range recs {
		out[i] = recs[i].Clone()
	}
	return out
}

// TestLiveNetNSErrors: a missing namespace is a clear error.
func TestLiveNetNSErrors(t *testing.T) {
	for _, kind := range []string{"netlink", "procfs"} {
		_, err := source.Open(source.Config{Kind: kind, NetNS: "nio-does-not-exist-" + strconv.Itoa(os.Getpid())})
		if !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s: %v, want ErrNotExist", kind, err)
		}
	}
	if _, err := source.Open(source.Config{Kind: "sysfs", NetNS: "x"}); !errors.Is(err, source.ErrUnsupported) {
		t.Errorf("sysfs --netns: %v, want ErrUnsupported", err)
	}
	if _, err := source.Open(source.Config{Kind: "netlink", NetNS: "x", PID: 1}); err == nil {
		t.Error("PID and NetNS together: no error")
	}
	// Refused even when both name something that exists, rather than one
	// silently winning.
	if os.Geteuid() == 0 {
		if _, err := exec.LookPath("ip"); err == nil {
			ns := nstest.New(t)
			for _, kind := range []string{"auto", "netlink", "procfs"} {
				s, err := source.Open(source.Config{Kind: kind, NetNS: ns, PID: 1})
				if err == nil {
					s.Close()
				}
				if err == nil || !strings.Contains(err.Error(), "do not combine") {
					t.Errorf("%s with NetNS %s and PID 1: %v, want a PID and a namespace refused", kind, ns, err)
				}
			}
		}
	}
	// Said once, before any source is tried, and saying what is wrong.
	notNS := filepath.Join(t.TempDir(), "not-a-namespace")
	if err := os.WriteFile(notNS, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		c    source.Config
		want string
	}{
		{source.Config{PID: -5}, "PID -5 is not a process ID"},
		{source.Config{PID: 1 << 30}, "no process 1073741824"},
		{source.Config{NetNS: notNS}, notNS + " is not a network namespace"},
		{source.Config{NetNS: "nio-does-not-exist"}, "looked in /run/netns"},
	} {
		for _, kind := range []string{"auto", "netlink", "procfs"} {
			tc.c.Kind = kind
			_, err := source.Open(tc.c)
			if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Count(err.Error(), tc.want) != 1 {
				t.Errorf("%s %+v: %v, want one %q", kind, tc.c, err, tc.want)
			}
		}
	}
}

// TestLiveChurn reads while another goroutine creates and deletes veth
// pairs as fast as it can: no reading fails (an interface that vanishes
// mid-read drops out of that reading; a netlink dump that stays
// interrupted after its retries is reported as ErrDumpInterrupted, the
// only error allowed), and a reading without error names no interface
// twice.
func TestLiveChurn(t *testing.T) {
	requireLive(t)
	ns := nstest.New(t)
	nstest.Veth(t, ns, "nioa", "niob")
	sys := mountSysfs(t, ns)
	var srcs []source.Source
	for _, c := range []source.Config{
		{Kind: "netlink", NetNS: ns}, {Kind: "sysfs", HostSys: sys}, {Kind: "procfs", NetNS: ns},
	} {
		s, err := source.Open(c)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		srcs = append(srcs, s)
	}
	stop := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		var batch strings.Builder
		for i := 0; i < 40; i++ {
			fmt.Fprintf(&batch, "link add nioc%d type veth peer name niod%d\n", i, i)
		}
		for i := 0; i < 40; i++ {
			fmt.Fprintf(&batch, "link del nioc%d\n", i)
		}
		for {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			cmd := exec.Command("ip", "-n", ns, "-batch", "-")
			cmd.Stdin = strings.NewReader(batch.String())
			if out, err := cmd.CombinedOutput(); err != nil {
				done <- fmt.Errorf("ip -batch: %v: %s", err, out)
				return
			}
		}
	}()
	var dst []parse.Record
	intr := 0
	deadline := time.Now().Add(2 * time.Second)
	for n := 0; time.Now().Before(deadline); n++ {
		s := srcs[n%len(srcs)]
		var err error
		dst, err = s.Read(dst[:0])
		if errors.Is(err, source.ErrDumpInterrupted) {
			intr++
			continue
		}
		if err != nil {
			close(stop)
			t.Fatalf("%s reading %d: %v", s.Name(), n, err)
		}
		seen := map[string]bool{}
		for _, r := range dst {
			if seen[string(r.Name)] {
				t.Errorf("%s reading %d: %q twice", s.Name(), n, r.Name)
			}
			seen[string(r.Name)] = true
		}
		if !seen["nioa"] || !seen["lo"] {
			t.Errorf("%s reading %d: stable interfaces missing: %v", s.Name(), n, seen)
		}
	}
	close(stop)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	t.Logf("%d netlink readings stayed interrupted after retries", intr)
}

// TestSelfNetTrap runs a helper process in another network namespace with
// the host's /proc (what `ip netns exec` gives, and what a container with
// the host's /proc mounted sees): /proc/net/dev there shows the helper's
// namespace, not /proc/1's, and SelfNetTrap says so; in the test's own
// namespace it does not.
func TestSelfNetTrap(t *testing.T) {
	if os.Getenv("NETIO_SELFNET_HELPER") == "1" {
		trap, err := source.SelfNetTrap("/proc")
		fmt.Printf("trap=%v err=%v\n", trap, err)
		return
	}
	requireLive(t)
	self, _ := os.Readlink("/proc/self/ns/net")
	init, err := os.Readlink("/proc/1/ns/net") // needs ptrace rights over pid 1
	if trap, terr := source.SelfNetTrap(""); terr != nil || err == nil && trap != (self != init) {
		t.Errorf("own namespace (%s, pid 1 in %s): trap %v, err %v", self, init, trap, terr)
	}
	ns := nstest.New(t)
	out := nstest.Run(t, "ip", "netns", "exec", ns, "env", "NETIO_SELFNET_HELPER=1", os.Args[0], "-test.run", "^TestSelfNetTrap$")
	if !bytes.Contains(out, []byte("trap=true err=<nil>")) {
		t.Errorf("helper in %s: %s", ns, out)
	}
}
