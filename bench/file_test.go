//go:build linux

package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/netio-go/netio"
	"github.com/netio-go/netio/parse"
	"github.com/prometheus/procfs"
	gnet "github.com/shirou/gopsutil/v4/net"
)

// The "file" benchmarks decode generated /proc/net/dev inputs of N
// interfaces (Generate), each implementation checked against the
// generator's ground truth before it is timed.

// fileSizes are the N of the file benchmarks.
var fileSizes = []int{1, 16, 256, 4096}

// A fileInput is one generated input, in memory and on disk at
// <root>/net/dev so proc-rooted readers (procfs.NewFS, netio's HostProc)
// can read it.
type fileInput struct {
	n    int
	data []byte
	rows []Row
	root string // a fake proc root
	path string // root/net/dev
}

var (
	inputsOnce sync.Once
	inputsDir  string
	inputs     map[int]*fileInput
	inputsErr  error
)

// fileInputs writes the inputs once per process, to tmpfs (/dev/shm) when
// there is one so the reads measure the page cache, not a disk.
func fileInputs(tb testing.TB) map[int]*fileInput {
	tb.Helper()
	inputsOnce.Do(func() {
		base := ""
		if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
			base = "/dev/shm"
		}
		inputsDir, inputsErr = os.MkdirTemp(base, "netio-bench-")
		if inputsErr != nil {
			return
		}
		inputs = map[int]*fileInput{}
		for _, n := range fileSizes {
			data, rows := Generate(n, uint64(n))
			root := filepath.Join(inputsDir, fmt.Sprint(n))
			in := &fileInput{n: n, data: data, rows: rows, root: root, path: filepath.Join(root, "net", "dev")}
			if inputsErr = os.MkdirAll(filepath.Dir(in.path), 0o755); inputsErr != nil {
				return
			}
			if inputsErr = os.WriteFile(in.path, data, 0o644); inputsErr != nil {
				return
			}
			inputs[n] = in
		}
	})
	if inputsErr != nil {
		tb.Fatal(inputsErr)
	}
	return inputs
}

func TestMain(m *testing.M) {
	code := m.Run()
	if inputsDir != "" {
		os.RemoveAll(inputsDir)
	}
	os.Exit(code)
}

// Ground-truth checks. Each returns an error naming the first mismatch.

func checkGopsutil(want []Row, got []gnet.IOCountersStat) error {
	if len(got) != len(want) {
		return fmt.Errorf("gopsutil: %d rows, want %d", len(got), len(want))
	}
	for i, g := range got {
		v := want[i].Values
		w := gnet.IOCountersStat{Name: want[i].Name, BytesRecv: v[RxBytes], PacketsRecv: v[RxPackets],
			Errin: v[RxErrs], Dropin: v[RxDrop], Fifoin: v[RxFIFO], BytesSent: v[TxBytes],
			PacketsSent: v[TxPackets], Errout: v[TxErrs], Dropout: v[TxDrop], Fifoout: v[TxFIFO]}
		if g != w {
			return fmt.Errorf("gopsutil row %d: got %v, want %v", i, g, w)
		}
	}
	return nil
}

func checkStats(want []Row, got []netio.IOCountersStat) error {
	if len(got) != len(want) {
		return fmt.Errorf("netio: %d rows, want %d", len(got), len(want))
	}
	for i, g := range got {
		v := want[i].Values
		w := netio.IOCountersStat{Name: want[i].Name, BytesRecv: v[RxBytes], PacketsRecv: v[RxPackets],
			Errin: v[RxErrs], Dropin: v[RxDrop], Fifoin: v[RxFIFO], BytesSent: v[TxBytes],
			PacketsSent: v[TxPackets], Errout: v[TxErrs], Dropout: v[TxDrop], Fifoout: v[TxFIFO]}
		if g != w {
			return fmt.Errorf("netio row %d: got %v, want %v", i, g, w)
		}
	}
	return nil
}

func checkProcfs(want []Row, got procfs.NetDev) error {
	if len(got) != len(want) {
		return fmt.Errorf("procfs: %d rows, want %d", len(got), len(want))
	}
	for _, r := range want {
		v := r.Values
		w := procfs.NetDevLine{Name: r.Name, RxBytes: v[RxBytes], RxPackets: v[RxPackets],
			RxErrors: v[RxErrs], RxDropped: v[RxDrop], RxFIFO: v[RxFIFO], RxFrame: v[RxFrame],
			RxCompressed: v[RxCompressed], RxMulticast: v[RxMulticast], TxBytes: v[TxBytes],
			TxPackets: v[TxPackets], TxErrors: v[TxErrs], TxDropped: v[TxDrop], TxFIFO: v[TxFIFO],
			TxCollisions: v[TxColls], TxCarrier: v[TxCarrier], TxCompressed: v[TxCompressed]}
		if g := got[r.Name]; g != w {
			return fmt.Errorf("procfs %q: got %+v, want %+v", r.Name, g, w)
		}
	}
	return nil
}

// checkRecords checks all 16 columns; parse's first 16 fields are the
// kernel's columns in order.
func checkRecords(want []Row, got []parse.Record) error {
	if len(got) != len(want) {
		return fmt.Errorf("parser: %d records, want %d", len(got), len(want))
	}
	for i := range got {
		g := &got[i]
		if string(g.Name) != want[i].Name {
			return fmt.Errorf("parser record %d: name %q, want %q", i, g.Name, want[i].Name)
		}
		for c := range NumColumns {
			f := parse.Field(c)
			if !g.Has.Has(f) || g.Values[f] != want[i].Values[c] {
				return fmt.Errorf("parser %q column %d: got %d (present %v), want %d",
					want[i].Name, c, g.Values[f], g.Has.Has(f), want[i].Values[c])
			}
		}
	}
	return nil
}

// Hot paths, one helper each, shared by the benchmarks and the tests.

// readFloor reads f from offset 0 to EOF into buf[:0] with pread(2) and
// returns the bytes read.
func readFloor(f *os.File, buf []byte) ([]byte, error) {
	buf = buf[:0]
	for {
		if len(buf) == cap(buf) {
			return buf, fmt.Errorf("buffer of %d bytes too small", cap(buf))
		}
		n, err := f.ReadAt(buf[len(buf):cap(buf)], int64(len(buf)))
		buf = buf[:len(buf)+n]
		if err == io.EOF || n == 0 {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// scanFloor walks buf line by line, the least a text parser must do, and
// returns the number of lines.
func scanFloor(buf []byte) int {
	lines := 0
	for len(buf) > 0 {
		i := bytes.IndexByte(buf, '\n')
		if i < 0 {
			return lines + 1
		}
		buf = buf[i+1:]
		lines++
	}
	return lines
}

// naiveColumns decodes buf the plain way, into dst[:0] as parseAll does:
// the reference issue 2 quotes for the parser's speed ("a naive
// allocation-free column decode"). Past the two header lines, each line is
// a name up to its last colon and NumColumns values split on spaces, read
// digit by digit.
func naiveColumns(buf []byte, dst []parse.Record) ([]parse.Record, error) {
	dst = dst[:0]
	for skip := 0; skip < 2; skip++ {
		i := bytes.IndexByte(buf, '\n')
		if i < 0 {
			return dst, errors.New("naive: no header")
		}
		buf = buf[i+1:]
	}
	for len(buf) > 0 {
		line := buf
		if i := bytes.IndexByte(buf, '\n'); i >= 0 {
			line, buf = buf[:i], buf[i+1:]
		} else {
			buf = nil
		}
		colon := bytes.LastIndexByte(line, ':')
		if colon < 0 {
			return dst, errors.New("naive: no colon")
		}
		dst = append(dst, parse.Record{Name: bytes.TrimLeft(line[:colon], " "), Has: parse.Portable})
		rec := &dst[len(dst)-1]
		vals := line[colon+1:]
		for c := range NumColumns {
			for len(vals) > 0 && vals[0] == ' ' {
				vals = vals[1:]
			}
			var v uint64
			n := 0
			for ; n < len(vals) && vals[n] >= '0' && vals[n] <= '9'; n++ {
				v = v*10 + uint64(vals[n]-'0')
			}
			if n == 0 {
				return dst, fmt.Errorf("naive: %q column %d: no number", rec.Name, c)
			}
			rec.Values[c] = v
			vals = vals[n:]
		}
	}
	return dst, nil
}

// parseAll decodes buf with the bare netio parser into dst[:0].
func parseAll(d *parse.ProcNetDev, buf []byte, dst []parse.Record) ([]parse.Record, error) {
	dst = dst[:0]
	d.Reset(buf)
	for d.Next() {
		dst = parse.AppendRecord(dst, d.Record())
	}
	return dst, d.Err()
}

// readStats takes one steady-state reading of r into dst[:0].
func readStats(r *netio.Reader, dst []netio.IOCountersStat) ([]netio.IOCountersStat, error) {
	return r.ReadStats(dst[:0])
}

// recordRow sets up a row that decodes the in-memory bytes into a reused
// []parse.Record with decode, after checking one decoding against the
// ground truth.
func recordRow(tb testing.TB, in *fileInput, decode func(buf []byte, dst []parse.Record) ([]parse.Record, error)) (op func() error, done func()) {
	recs, err := decode(in.data, nil)
	if err == nil {
		err = checkRecords(in.rows, recs)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return func() error {
		var err error
		recs, err = decode(in.data, recs)
		return err
	}, func() {}
}

// A fileImpl is one row of the file table: setup checks the
// implementation against the ground truth and returns the timed op.
type fileImpl struct {
	name  string
	setup func(tb testing.TB, in *fileInput) (op func() error, done func())
}

var fileImpls = []fileImpl{
	{"floor-read", func(tb testing.TB, in *fileInput) (func() error, func()) {
		f, err := os.Open(in.path)
		if err != nil {
			tb.Fatal(err)
		}
		buf := make([]byte, 0, len(in.data)+4096)
		op := func() error {
			var err error
			buf, err = readFloor(f, buf)
			return err
		}
		if err := op(); err != nil || !bytes.Equal(buf, in.data) {
			tb.Fatalf("floor-read: read %d bytes, want %d (%v)", len(buf), len(in.data), err)
		}
		return op, func() { f.Close() }
	}},
	{"floor-scan", func(tb testing.TB, in *fileInput) (func() error, func()) {
		if got := scanFloor(in.data); got != in.n+2 {
			tb.Fatalf("floor-scan: %d lines, want %d", got, in.n+2)
		}
		return func() error { scanSink = scanFloor(in.data); return nil }, func() {}
	}},
	{"naive-columns", func(tb testing.TB, in *fileInput) (func() error, func()) {
		return recordRow(tb, in, naiveColumns)
	}},
	{"gopsutil", func(tb testing.TB, in *fileInput) (func() error, func()) {
		got, err := gnet.IOCountersByFile(true, in.path)
		if err == nil {
			err = checkGopsutil(in.rows, got)
		}
		if err != nil {
			tb.Fatal(err)
		}
		return func() error {
			_, err := gnet.IOCountersByFile(true, in.path)
			return err
		}, func() {}
	}},
	{"procfs", func(tb testing.TB, in *fileInput) (func() error, func()) {
		fs, err := procfs.NewFS(in.root)
		if err != nil {
			tb.Fatal(err)
		}
		got, err := fs.NetDev()
		if err == nil {
			err = checkProcfs(in.rows, got)
		}
		if err != nil {
			tb.Fatal(err)
		}
		return func() error { _, err := fs.NetDev(); return err }, func() {}
	}},
	{"netio-parser", func(tb testing.TB, in *fileInput) (func() error, func()) {
		var d parse.ProcNetDev
		return recordRow(tb, in, func(buf []byte, dst []parse.Record) ([]parse.Record, error) {
			return parseAll(&d, buf, dst)
		})
	}},
	{"netio-IOCountersByFile", func(tb testing.TB, in *fileInput) (func() error, func()) {
		got, err := netio.IOCountersByFile(true, in.path)
		if err == nil {
			err = checkStats(in.rows, got)
		}
		if err != nil {
			tb.Fatal(err)
		}
		return func() error {
			_, err := netio.IOCountersByFile(true, in.path)
			return err
		}, func() {}
	}},
	{"netio-Reader", func(tb testing.TB, in *fileInput) (func() error, func()) {
		r, err := netio.NewReader(context.Background(), netio.ReaderOptions{HostProc: in.root})
		if err != nil {
			tb.Fatal(err)
		}
		stats, err := readStats(r, nil)
		if err == nil {
			err = checkStats(in.rows, stats)
		}
		if err != nil {
			tb.Fatal(err)
		}
		return func() error {
			var err error
			stats, err = readStats(r, stats)
			return err
		}, func() { r.Close() }
	}},
}

var scanSink int

// timeOp warms op up once, then times it with allocations reported.
func timeOp(b *testing.B, op func() error) {
	if err := op(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := op(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFile times every implementation on every input:
// BenchmarkFile/n=<N>/<implementation>.
func BenchmarkFile(b *testing.B) {
	in := fileInputs(b)
	for _, n := range fileSizes {
		for _, impl := range fileImpls {
			b.Run(fmt.Sprintf("n=%d/%s", n, impl.name), func(b *testing.B) {
				op, done := impl.setup(b, in[n])
				defer done()
				timeOp(b, op)
			})
		}
	}
}

// TestFileGroundTruth runs every implementation's ground-truth check,
// so `go test` catches a wrong decoder without running the benchmarks.
func TestFileGroundTruth(t *testing.T) {
	in := fileInputs(t)
	for _, n := range fileSizes {
		for _, impl := range fileImpls {
			t.Run(fmt.Sprintf("n=%d/%s", n, impl.name), func(t *testing.T) {
				op, done := impl.setup(t, in[n])
				defer done()
				if err := op(); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}

// TestFileSteadyStateAllocs asserts the netio steady-state rows allocate
// nothing (the other rows allocate by design or are peers).
func TestFileSteadyStateAllocs(t *testing.T) {
	in := fileInputs(t)
	for _, n := range fileSizes {
		for _, impl := range fileImpls {
			switch impl.name {
			case "netio-parser", "netio-Reader", "floor-read", "floor-scan", "naive-columns":
			default:
				continue
			}
			t.Run(fmt.Sprintf("n=%d/%s", n, impl.name), func(t *testing.T) {
				op, done := impl.setup(t, in[n])
				defer done()
				if a := testing.AllocsPerRun(50, func() {
					if err := op(); err != nil {
						t.Fatal(err)
					}
				}); a != 0 {
					t.Errorf("%v allocs/op, want 0", a)
				}
			})
		}
	}
}
