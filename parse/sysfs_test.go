package parse

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// refSysfsField maps each statistics file name (net/core/net-sysfs.c,
// FORMATS.md §2) to the record's JSON field name: the file name except
// where the record keeps /proc/net/dev's naming.
var refSysfsField = map[string]string{
	"rx_packets": "rx_packets", "tx_packets": "tx_packets", "rx_bytes": "rx_bytes",
	"tx_bytes": "tx_bytes", "rx_errors": "rx_errors", "tx_errors": "tx_errors",
	"rx_dropped": "rx_dropped", "tx_dropped": "tx_drop", "multicast": "rx_multicast",
	"collisions": "collisions", "rx_length_errors": "rx_length_errors",
	"rx_over_errors": "rx_over_errors", "rx_crc_errors": "rx_crc_errors",
	"rx_frame_errors": "rx_frame_errors", "rx_fifo_errors": "rx_fifo",
	"rx_missed_errors": "rx_missed_errors", "tx_aborted_errors": "tx_aborted_errors",
	"tx_carrier_errors": "tx_carrier_errors", "tx_fifo_errors": "tx_fifo",
	"tx_heartbeat_errors": "tx_heartbeat_errors", "tx_window_errors": "tx_window_errors",
	"rx_compressed": "rx_compressed", "tx_compressed": "tx_compressed",
	"rx_nohandler": "rx_nohandler",
}

// refSysfs is the slow reference: it reads a statistics directory with
// os.ReadDir, strings and strconv, and folds the /proc/net/dev sums by
// hand (drop = rx_dropped + rx_missed_errors; frame and carrier = their four
// parts).
func refSysfs(t *testing.T, name, dir string) Record {
	t.Helper()
	r := Record{Name: []byte(name)}
	vals := map[string]uint64{}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		v, err := strconv.ParseUint(strings.TrimSuffix(string(b), "\n"), 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		json, ok := refSysfsField[e.Name()]
		if !ok {
			t.Fatalf("unknown file %s", e.Name())
		}
		f, _ := FieldByName(json)
		r.Set(f, v)
		vals[e.Name()] = v
	}
	has := func(names ...string) bool {
		for _, n := range names {
			if _, ok := vals[n]; !ok {
				return false
			}
		}
		return true
	}
	if has("rx_dropped", "rx_missed_errors") {
		r.Set(RxDrop, vals["rx_dropped"]+vals["rx_missed_errors"])
	}
	if has("rx_length_errors", "rx_over_errors", "rx_crc_errors", "rx_frame_errors") {
		r.Set(RxFrame, vals["rx_length_errors"]+vals["rx_over_errors"]+vals["rx_crc_errors"]+vals["rx_frame_errors"])
	}
	if has("tx_carrier_errors", "tx_aborted_errors", "tx_window_errors", "tx_heartbeat_errors") {
		r.Set(TxCarrier, vals["tx_carrier_errors"]+vals["tx_aborted_errors"]+vals["tx_window_errors"]+vals["tx_heartbeat_errors"])
	}
	return r
}

func TestSysfsTable(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < NumSysfsStats; i++ {
		file, f := SysfsStat(i)
		if seen[file] {
			t.Errorf("file %s listed twice", file)
		}
		seen[file] = true
		if want := refSysfsField[file]; f.String() != want {
			t.Errorf("%s fills %s, want %s", file, f, want)
		}
	}
	if len(seen) != len(refSysfsField) {
		t.Errorf("%d files, want %d", len(seen), len(refSysfsField))
	}
}

// TestSysfsCaptures decodes every captured statistics directory in
// testdata/sysfs and compares with the reference.
func TestSysfsCaptures(t *testing.T) {
	dirs, _ := filepath.Glob("../testdata/sysfs/*/statistics")
	if len(dirs) == 0 {
		t.Fatal("no sysfs captures")
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(filepath.Dir(dir)), func(t *testing.T) {
			name := "if0"
			want := refSysfs(t, name, dir)
			d := Sysfs{Source: dir}
			d.Reset([]byte(name))
			for i := 0; i < NumSysfsStats; i++ {
				file, _ := SysfsStat(i)
				b, err := os.ReadFile(filepath.Join(dir, file))
				if errors.Is(err, os.ErrNotExist) {
					continue
				}
				if !d.Stat(i, b) {
					t.Fatalf("%s: %v", file, d.Err())
				}
			}
			got := d.Record()
			if diff := cmp.Diff(want, *got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestSysfsAttrs(t *testing.T) {
	var d Sysfs
	d.Reset([]byte("eth0"))
	for _, a := range []struct {
		a SysfsAttr
		b string
	}{{AttrIfindex, "17\n"}, {AttrType, "772\n"}, {AttrOperstate, "lowerlayerdown\n"}, {AttrSpeed, "-1\n"}} {
		if !d.Attr(a.a, []byte(a.b)) {
			t.Fatalf("%s %q: %v", a.a, a.b, d.Err())
		}
	}
	typ, ok1 := d.Type()
	op, ok2 := d.OperState()
	sp, ok3 := d.Speed()
	if d.Record().Index != 17 || typ != 772 || op != OperLowerLayerDown || sp != -1 || !ok1 || !ok2 || !ok3 {
		t.Errorf("index %d type %d oper %v speed %d", d.Record().Index, typ, op, sp)
	}
	d.Reset([]byte("eth1"))
	if _, ok := d.Type(); ok {
		t.Error("Reset kept the type")
	}
}

func TestSysfsErrors(t *testing.T) {
	tests := []struct {
		name  string
		stat  int
		attr  SysfsAttr
		isAtt bool
		in    string
		err   error
	}{
		{name: "empty file", in: "", err: ErrEmpty},
		{name: "only newline", in: "\n", err: errSyntax},
		{name: "letters", in: "12a\n", err: errSyntax},
		{name: "two newlines", in: "12\n\n", err: errSyntax},
		{name: "space", in: " 12\n", err: errSyntax},
		{name: "negative", in: "-1\n", err: ErrNegative},
		{name: "2^64", in: "18446744073709551616\n", err: errRange},
		{name: "ifindex zero", isAtt: true, attr: AttrIfindex, in: "0\n", err: errRange},
		{name: "ifindex 2^31", isAtt: true, attr: AttrIfindex, in: "2147483648\n", err: errRange},
		{name: "type 65536", isAtt: true, attr: AttrType, in: "65536\n", err: errRange},
		{name: "speed --1", isAtt: true, attr: AttrSpeed, in: "--1\n", err: errSyntax},
		{name: "operstate word", isAtt: true, attr: AttrOperstate, in: "sideways\n", err: errSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Sysfs{Source: "/sys/class/net"}
			d.Reset([]byte("eth0"))
			var ok bool
			if tt.isAtt {
				ok = d.Attr(tt.attr, []byte(tt.in))
			} else {
				ok = d.Stat(tt.stat, []byte(tt.in))
			}
			if ok || !errors.Is(d.Err(), tt.err) {
				t.Fatalf("ok %v, Err %v, want %v", ok, d.Err(), tt.err)
			}
			var pe *ParseError
			if !errors.As(d.Err(), &pe) || pe.Name != "eth0" || pe.Line != 1 || pe.Field == "" {
				t.Errorf("error %#v", d.Err())
			}
			if d.Stat(0, []byte("1\n")) {
				t.Error("error not sticky")
			}
		})
	}
	var d Sysfs
	d.Reset([]byte("eth0"))
	if !d.Stat(0, []byte("18446744073709551615\n")) || d.Record().Values[RxBytes] != 1<<64-1 {
		t.Errorf("max u64: %v", d.Err())
	}
	// A name no kernel gives a directory under /sys/class/net (a fixture
	// can hold any path) fails at Reset, before any file.
	for name, want := range map[string]error{"": ErrEmptyName, "abcdefghijklmnop": ErrName, "..": ErrName, "a b": ErrName} {
		d.Reset([]byte(name))
		var pe *ParseError
		if !errors.Is(d.Err(), want) || !errors.As(d.Err(), &pe) || pe.Name != name || d.Stat(0, []byte("1\n")) {
			t.Errorf("Reset(%q): Err %v, want %v, and Stat to fail", name, d.Err(), want)
		}
	}
	d.Reset([]byte("eth0"))
	if d.Err() != nil {
		t.Errorf("Reset clears the error: %v", d.Err())
	}
}

var sysfsBench = func() (b [NumSysfsStats][]byte) {
	for i := range b {
		b[i] = []byte(strconv.FormatUint(uint64(i)*123456789013, 10) + "\n")
	}
	return b
}()

func decodeSysfsOnce(d *Sysfs, name []byte) {
	d.Reset(name)
	for i := range sysfsBench {
		if !d.Stat(i, sysfsBench[i]) {
			panic(d.Err())
		}
	}
	if !d.Attr(AttrIfindex, []byte("3\n")) || !d.Attr(AttrOperstate, []byte("up\n")) {
		panic(d.Err())
	}
	nlSinkRecs = append(nlSinkRecs[:0], *d.Record())
}

func TestSysfsAllocs(t *testing.T) {
	var d Sysfs
	name := []byte("eth0")
	if n := testing.AllocsPerRun(100, func() { decodeSysfsOnce(&d, name) }); n != 0 {
		t.Errorf("%v allocs per run, want 0", n)
	}
}

func BenchmarkSysfsDecode(b *testing.B) {
	var d Sysfs
	name := []byte("eth0")
	b.ReportAllocs()
	for b.Loop() {
		decodeSysfsOnce(&d, name)
	}
}

func FuzzSysfsValue(f *testing.F) {
	for _, s := range []string{"0\n", "18446744073709551615\n", "18446744073709551616\n", "-1\n", "", "\n", "up\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var d Sysfs
		d.Reset([]byte("x"))
		ok := d.Stat(0, b)
		v, err := strconv.ParseUint(strings.TrimSuffix(string(b), "\n"), 10, 64)
		refOK := err == nil && !strings.HasPrefix(string(b), "+")
		if ok != refOK || ok && d.Record().Values[RxBytes] != v {
			t.Fatalf("%q: ok %v (%v), reference %v %v", b, ok, d.Err(), v, err)
		}
		for a := SysfsAttr(0); a < NumSysfsAttrs; a++ {
			d.Reset([]byte("x"))
			d.Attr(a, b)
		}
	})
}
