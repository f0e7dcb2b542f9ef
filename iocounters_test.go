package netio

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/netio-go/netio/parse"
)

var update = flag.Bool("update", false, "rewrite golden files")

// procNetDevFiles lists the real /proc/net/dev captures in testdata.
func procNetDevFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("testdata/procnetdev/*.procnetdev")
	if err != nil || len(files) == 0 {
		t.Fatalf("no captures in testdata/procnetdev: %v", err)
	}
	return files
}

// goldenResult is what a golden file holds for one capture: the gopsutil
// rows (per interface, and the "all" row) or the error.
type goldenResult struct {
	PerNIC []IOCountersStat `json:"pernic,omitempty"`
	All    []IOCountersStat `json:"all,omitempty"`
	Error  string           `json:"error,omitempty"`
}

// TestIOCountersByFileGolden decodes every capture through the public API
// and compares with testdata/golden/iocounters/<capture>.json. The goldens
// were written by -update and reviewed; the decoder itself is checked
// against the slow reference in package fuzz.
func TestIOCountersByFileGolden(t *testing.T) {
	for _, f := range procNetDevFiles(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			var got goldenResult
			per, err := IOCountersByFile(true, f)
			if err != nil {
				got.Error = strings.ReplaceAll(err.Error(), f, filepath.Base(f))
			} else {
				got.PerNIC = per
				if got.All, err = IOCountersByFile(false, f); err != nil {
					t.Fatalf("pernic=false: %v", err)
				}
			}
			b, err := json.MarshalIndent(got, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata/golden/iocounters", strings.TrimSuffix(filepath.Base(f), ".procnetdev")+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, append(b, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), string(b)+"\n"); diff != "" {
				t.Errorf("%s mismatch (-want +got):\n%s", golden, diff)
			}
		})
	}
}

// TestAllRowSumsEveryField checks pernic=false against the per-interface
// rows: every field, fifo included, is the sum.
func TestAllRowSumsEveryField(t *testing.T) {
	for _, f := range procNetDevFiles(t) {
		per, err := IOCountersByFile(true, f)
		if err != nil {
			continue // the golden test covers bad files
		}
		var want IOCountersStat
		want.Name = "all"
		for _, s := range per {
			want.BytesSent += s.BytesSent
			want.BytesRecv += s.BytesRecv
			want.PacketsSent += s.PacketsSent
			want.PacketsRecv += s.PacketsRecv
			want.Errin += s.Errin
			want.Errout += s.Errout
			want.Dropin += s.Dropin
			want.Dropout += s.Dropout
			want.Fifoin += s.Fifoin
			want.Fifoout += s.Fifoout
		}
		all, err := IOCountersByFile(false, f)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]IOCountersStat{want}, all); diff != "" {
			t.Errorf("%s: all row (-want +got):\n%s", filepath.Base(f), diff)
		}
	}
}

func TestIOCountersStatString(t *testing.T) {
	s := IOCountersStat{Name: "e\x1b[31mx", BytesSent: 1, BytesRecv: 2, PacketsSent: 3, PacketsRecv: 4,
		Errin: 5, Errout: 6, Dropin: 7, Dropout: 8, Fifoin: 9, Fifoout: 1<<64 - 1}
	want := `{"name":"e\u001b[31mx","bytesSent":1,"bytesRecv":2,"packetsSent":3,"packetsRecv":4,` +
		`"errin":5,"errout":6,"dropin":7,"dropout":8,"fifoin":9,"fifoout":18446744073709551615}`
	if got := s.String(); got != want {
		t.Errorf("String() =\n%s\nwant\n%s", got, want)
	}
}

const testHeader = "Inter-|   Receive                                                |  Transmit\n" +
	" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"

// writeProc makes a fake proc root whose net/dev lists the given lines.
func writeProc(t *testing.T, lines ...string) string {
	t.Helper()
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "net"), 0o755); err != nil {
		t.Fatal(err)
	}
	text := testHeader + strings.Join(lines, "\n") + "\n"
	if err := os.WriteFile(filepath.Join(root, "net", "dev"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return root
}

// TestHostProcOrder checks where IOCounters looks, in gopsutil's order: the
// context's EnvMap, then $HOST_PROC, then /proc.
func TestHostProcOrder(t *testing.T) {
	ctxRoot := writeProc(t, "ctx0: 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0")
	envRoot := writeProc(t, "env0: 2 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0")
	t.Setenv("HOST_PROC", envRoot)

	got, err := IOCountersWithContext(WithEnv(context.Background(), EnvMap{"HOST_PROC": ctxRoot}), true)
	if err != nil || len(got) != 1 || got[0].Name != "ctx0" {
		t.Errorf("with a context override: %v, %v; want the ctx0 row", got, err)
	}
	got, err = IOCountersWithContext(WithEnv(context.Background(), EnvMap{"HOST_SYS": "/x"}), true)
	if err != nil || len(got) != 1 || got[0].Name != "env0" {
		t.Errorf("with HOST_PROC only in the environment: %v, %v; want the env0 row", got, err)
	}
	got, err = IOCounters(true)
	if err != nil || len(got) != 1 || got[0].Name != "env0" {
		t.Errorf("IOCounters: %v, %v; want the env0 row", got, err)
	}
}

func TestIOCountersByFileErrors(t *testing.T) {
	_, err := IOCountersByFile(true, filepath.Join(t.TempDir(), "missing"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: error %v, want fs.ErrNotExist", err)
	}

	root := writeProc(t, "eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16", "eth1: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 99999999999999999999")
	file := filepath.Join(root, "net", "dev")
	got, err := IOCountersByFile(true, file)
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 4 || pe.Name != "eth1" || pe.Field != "tx compressed" || pe.Source != file {
		t.Fatalf("error = %#v, want a ParseError at line 4, eth1, tx compressed", err)
	}
	if len(got) != 1 || got[0].Name != "eth0" {
		t.Errorf("rows before the error = %v, want eth0", got)
	}
	// As in gopsutil, whatever pernic says: the per-interface rows, not
	// an "all" row.
	got, err = IOCountersByFile(false, file)
	if !errors.As(err, &pe) || pe.Line != 4 {
		t.Errorf("pernic=false: error = %#v, want the ParseError at line 4", err)
	}
	if len(got) != 1 || got[0].Name != "eth0" {
		t.Errorf("pernic=false: rows before the error = %v, want eth0", got)
	}
}

// TestSumAll: the "all" row sums each of the ten fields.
func TestSumAll(t *testing.T) {
	a := IOCountersStat{Name: "eth0", BytesSent: 1, BytesRecv: 2, PacketsSent: 3, PacketsRecv: 4,
		Errin: 5, Errout: 6, Dropin: 7, Dropout: 8, Fifoin: 9, Fifoout: 10}
	b := IOCountersStat{Name: "eth1", BytesSent: 100, BytesRecv: 200, PacketsSent: 300, PacketsRecv: 400,
		Errin: 500, Errout: 600, Dropin: 700, Dropout: 800, Fifoin: 900, Fifoout: 1000}
	want := []IOCountersStat{{Name: "all", BytesSent: 101, BytesRecv: 202, PacketsSent: 303, PacketsRecv: 404,
		Errin: 505, Errout: 606, Dropin: 707, Dropout: 808, Fifoin: 909, Fifoout: 1010}}
	if diff := cmp.Diff(want, SumAll([]IOCountersStat{a, b})); diff != "" {
		t.Errorf("SumAll (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]IOCountersStat{{Name: "all"}}, SumAll(nil)); diff != "" {
		t.Errorf("SumAll(nil) (-want +got):\n%s", diff)
	}
}

// TestCountersPresence checks the full record says which counters the
// reading has: a "No statistics available." interface has none, and is
// all zeros in the gopsutil view.
func TestCountersPresence(t *testing.T) {
	root := writeProc(t, "eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16", "dummy0: No statistics available.")
	got, err := CountersByFile(filepath.Join(root, "net", "dev"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d records, want 2", len(got))
	}
	if got[0].Has != parse.Portable {
		t.Errorf("eth0 has %#x, want the 16 /proc/net/dev fields", got[0].Has)
	}
	if v, ok := got[0].Get(parse.RxFrame); !ok || v != 6 {
		t.Errorf("eth0 rx_frame = %d, %v; want 6, true", v, ok)
	}
	if _, ok := got[0].Get(parse.RxMissedErrors); ok {
		t.Errorf("eth0 claims rx_missed_errors, which /proc/net/dev does not have")
	}
	if got[1].Has != 0 {
		t.Errorf("dummy0 has %#x, want no fields", got[1].Has)
	}
	if s := got[1].Stat(); s != (IOCountersStat{Name: "dummy0"}) {
		t.Errorf("dummy0 stat = %v, want zeros", s)
	}
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	var back []map[string]any
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("Counters JSON does not parse: %v\n%s", err, b)
	}
	if len(back[0]) != 17 || back[0]["rx_frame"] != float64(6) || len(back[1]) != 1 {
		t.Errorf("Counters JSON = %s", b)
	}
}

// TestReaderInternsNames checks that a name seen before is the same
// string, so steady-state reads allocate no names.
func TestReaderInternsNames(t *testing.T) {
	root := writeProc(t, "eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16", "eth1: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16")
	r, err := NewReader(context.Background(), ReaderOptions{HostProc: root})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	first, err := r.Read(nil)
	if err != nil {
		t.Fatal(err)
	}
	// Reorder the file: the names must still come from the table.
	text := testHeader + "eth1: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\neth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n"
	if err := os.WriteFile(filepath.Join(root, "net", "dev"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	second, err := r.Read(nil)
	if err != nil {
		t.Fatal(err)
	}
	if second[0].Name != "eth1" || second[1].Name != "eth0" {
		t.Fatalf("second read order = %s, %s", second[0].Name, second[1].Name)
	}
	if unsafeStringData(second[0].Name) != unsafeStringData(first[1].Name) {
		t.Errorf("eth1 was not interned across reads")
	}
}

func TestNameTableForgetsVanished(t *testing.T) {
	var tab nameTable
	for i := range 1000 {
		tab.intern(0, []byte("veth"+strconv.Itoa(i)))
		tab.done(1)
	}
	if n := len(tab.byB); n > 2*1+64+1 {
		t.Errorf("name table holds %d names after churn, want it bounded", n)
	}
}

func TestNameFilter(t *testing.T) {
	f, err := newNameFilter([]string{"eth*", "lo"}, []string{"eth1"})
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]bool{"eth0": true, "eth1": false, "lo": true, "wlan0": false} {
		if got := f.keep([]byte(name)); got != want {
			t.Errorf("keep(%q) = %v, want %v", name, got, want)
		}
	}
	if _, err := newNameFilter([]string{"["}, nil); err == nil {
		t.Errorf("a bad glob was accepted")
	}
}

// TestNewReaderBadGlob: a bad glob is refused whichever list it is in.
func TestNewReaderBadGlob(t *testing.T) {
	root := writeProc(t, "eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16")
	tests := []struct {
		name             string
		include, exclude []string
		wantErr          error
	}{
		{name: "good globs", include: []string{"eth*"}, exclude: []string{"eth[1-9]"}},
		{name: "bad include", include: []string{"a["}, wantErr: path.ErrBadPattern},
		{name: "bad exclude", exclude: []string{"a["}, wantErr: path.ErrBadPattern},
		{name: "bad exclude after a good one", include: []string{"eth*"}, exclude: []string{"lo", "a["}, wantErr: path.ErrBadPattern},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewReader(context.Background(), ReaderOptions{HostProc: root, Include: tt.include, Exclude: tt.exclude})
			if err == nil {
				r.Close()
			}
			if !errors.Is(err, tt.wantErr) || (err == nil) != (tt.wantErr == nil) {
				t.Errorf("NewReader: error %v, want %v", err, tt.wantErr)
			}
		})
	}
}

// TestReadStatsAllocs: ReadStats, like Read, keeps its name table in
// step, so readings of stable interfaces allocate nothing at all, not
// merely too little to show in an average.
func TestReadStatsAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts do not hold under the race detector")
	}
	root := writeProc(t, "eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16", "eth1: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16")
	r, err := NewReader(context.Background(), ReaderOptions{HostProc: root})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	stats, err := r.ReadStats(nil)
	if err != nil || len(stats) != 2 {
		t.Fatalf("ReadStats: %v, %v", stats, err)
	}
	// One run of many readings: a total, not an average rounded down.
	n := testing.AllocsPerRun(1, func() {
		for range 500 {
			stats, _ = r.ReadStats(stats[:0])
		}
	})
	if n != 0 {
		t.Errorf("500 steady-state ReadStats: %v allocs, want 0", n)
	}
}

// TestOneShotAllocsFlat: the one-shot gopsutil calls allocate the same
// whatever the number of interfaces, for a regular file and for the live
// /proc/net/dev (whose size stat cannot tell): the read buffer is kept
// between calls.
func TestOneShotAllocsFlat(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop the kept buffer at random")
	}
	dir := t.TempDir()
	file := func(n int) string {
		var b strings.Builder
		b.WriteString("Inter-|   Receive                                                |  Transmit\n" +
			" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n")
		for i := range n {
			b.WriteString("veth" + strconv.Itoa(i) + ": 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n")
		}
		p := filepath.Join(dir, strconv.Itoa(n))
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	allocs := func(f func() ([]IOCountersStat, error)) float64 {
		if _, err := f(); err != nil { // warm: the buffer grows once
			t.Fatal(err)
		}
		return testing.AllocsPerRun(20, func() {
			if _, err := f(); err != nil {
				t.Fatal(err)
			}
		})
	}
	small, large := file(2), file(4000)
	a2 := allocs(func() ([]IOCountersStat, error) { return IOCountersByFile(true, small) })
	a4000 := allocs(func() ([]IOCountersStat, error) { return IOCountersByFile(true, large) })
	t.Logf("IOCountersByFile: %v allocations with 2 interfaces, %v with 4000", a2, a4000)
	if a2 != a4000 || a2 > 7 {
		t.Errorf("IOCountersByFile: %v allocations with 2 interfaces, %v with 4000; want the same, at most 7", a2, a4000)
	}
	if _, err := os.Stat("/proc/net/dev"); err == nil {
		live := allocs(func() ([]IOCountersStat, error) {
			return IOCountersByFileWithContext(context.Background(), true, "/proc/net/dev")
		})
		if live > a2 {
			t.Errorf("/proc/net/dev: %v allocations, want at most the regular file's %v", live, a2)
		}
	}
}
