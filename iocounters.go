package netio

import (
	"bytes"
	"context"
	"runtime"
	"sync"
	"unsafe"

	"github.com/netio-go/netio/parse"
	"github.com/netio-go/netio/source"
)

// IOCounters returns the I/O counters of every network interface, in the
// order the source lists them. If pernic is false it returns one row named
// "all" holding the sum of every field over all interfaces.
func IOCounters(pernic bool) ([]IOCountersStat, error) {
	return IOCountersWithContext(context.Background(), pernic)
}

// IOCountersWithContext is [IOCounters] with a context. On Linux it reads
// <HOST_PROC>/net/dev, HOST_PROC taken from the context ([WithEnv]), the
// environment, or "/proc", in that order. As in gopsutil, ctx is used only
// for its [EnvMap]: cancellation is not checked.
func IOCountersWithContext(ctx context.Context, pernic bool) ([]IOCountersStat, error) {
	if runtime.GOOS == "linux" {
		return statsOfFile(hostProc(ctx, "net", "dev"), pernic)
	}
	src, err := source.Open(source.Config{HostProc: hostProc(ctx), HostSys: hostSys(ctx)})
	if err != nil {
		return nil, err
	}
	return readStats(src, pernic)
}

// IOCountersByFile is [IOCounters] reading filename, a file in the Linux
// /proc/net/dev format (any kernel since 2.0), on any platform.
//
// This differs from gopsutil on macOS, the BSDs and Windows, where
// gopsutil ignores filename and returns the live counters (the same as
// IOCounters). netio reads the file on every OS, so a /proc/net/dev copy
// decodes the same everywhere; call [IOCounters] for live counters.
func IOCountersByFile(pernic bool, filename string) ([]IOCountersStat, error) {
	return IOCountersByFileWithContext(context.Background(), pernic, filename)
}

// IOCountersByFileWithContext is [IOCountersByFile] with a context.
//
// Unlike gopsutil, a line that cannot be decoded is an error naming the
// line, field and text, never skipped; as in gopsutil, the per-interface
// rows before it are returned with the error, whatever pernic says.
func IOCountersByFileWithContext(_ context.Context, pernic bool, filename string) ([]IOCountersStat, error) {
	return statsOfFile(filename, pernic)
}

// statsOfFile is the one-shot path of the gopsutil calls on a file in the
// /proc/net/dev format: read it whole, decode it, and build the rows with
// one allocation for the rows and one for every name together. The file's
// bytes go to a buffer kept between calls (fileBuffers), so the number of
// allocations does not grow with the file. A poller should keep a
// [Reader] instead, which allocates nothing.
func statsOfFile(path string, pernic bool) ([]IOCountersStat, error) {
	src, err := source.OpenProcFS(path)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	pooled := fileBuffers.Get().(*[]byte)
	src.UseBuffer(*pooled)
	buf, err := src.Bytes()
	defer func() {
		*pooled = buf[:0] // the rows hold copies of the names, and no byte of buf
		fileBuffers.Put(pooled)
	}()
	if err != nil {
		return nil, err
	}
	d := parse.ProcNetDev{Source: path}
	d.Reset(buf)
	rows := bytes.Count(buf, []byte{'\n'}) + 1 - 2 // at most one interface a line after the header
	stats := make([]IOCountersStat, 0, max(rows, 0))
	// Names are at most 15 bytes (the decoder rejects longer ones), so the
	// buffer never grows and each name is a view of it. Were it to grow,
	// the names made so far would keep the old array, which nothing writes.
	names := make([]byte, 0, cap(stats)*15)
	for d.Next() {
		r := d.Record()
		start := len(names)
		names = append(names, r.Name...)
		stats = append(stats, statOf(unsafe.String(&names[start], len(r.Name)), &r.Values, r.Has))
	}
	if err := d.Err(); err != nil || pernic {
		// Like gopsutil, a decode error comes with the per-interface rows
		// before the bad line, whatever pernic says.
		return stats, err
	}
	return SumAll(stats), nil
}

// fileBuffers holds the read buffers of statsOfFile between calls.
var fileBuffers = sync.Pool{New: func() any { return new([]byte) }}

// readStats takes one reading of src, closes it, and returns gopsutil's view.
func readStats(src source.Source, pernic bool) ([]IOCountersStat, error) {
	r := newReader(src)
	defer r.Close()
	stats, err := r.ReadStats(nil)
	if err != nil {
		return stats, err
	}
	if !pernic {
		return SumAll(stats), nil
	}
	return stats, nil
}

// CountersByFile returns the full records of filename, a file in the Linux
// /proc/net/dev format, in file order.
func CountersByFile(filename string) ([]Counters, error) {
	src, err := source.OpenProcFS(filename)
	if err != nil {
		return nil, err
	}
	r := newReader(src)
	defer r.Close()
	return r.Read(nil)
}
