package netio

import (
	"context"

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
// environment, or "/proc", in that order.
func IOCountersWithContext(ctx context.Context, pernic bool) ([]IOCountersStat, error) {
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
// line, field and text, never skipped; the rows before it are returned with
// the error.
func IOCountersByFileWithContext(_ context.Context, pernic bool, filename string) ([]IOCountersStat, error) {
	src, err := source.OpenProcFS(filename)
	if err != nil {
		return nil, err
	}
	return readStats(src, pernic)
}

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
