package source

import (
	"errors"
	"io"
	"os"
	"slices"

	"github.com/netio-go/netio/parse"
)

// A ProcFS reads a file in the format of Linux /proc/net/dev: the live
// file, another process's /proc/<pid>/net/dev, or any copy of one.
//
// It keeps the file open and re-reads it from offset 0 on every Read into a
// buffer it reuses, so a steady-state Read allocates nothing. The kernel
// hands out /proc/net/dev one page per read(2) (seq_file), so Read loops to
// EOF; reading at offset 0 makes the kernel regenerate the file, and the later
// reads continue at the offset where the last ended, which keeps seq_file
// from re-walking the device list for every page.
type ProcFS struct {
	path string
	f    *os.File
	buf  []byte
	size int // the buffer the first read needs, at least
	dec  parse.ProcNetDev
}

// OpenProcFS opens path, a file in the /proc/net/dev format.
func OpenProcFS(path string) (*ProcFS, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	size := 8192 // /proc files report size 0
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() < maxProcNetDev {
		size = int(fi.Size()) + 1 // +1 to see EOF without growing
	}
	p := &ProcFS{path: path, f: f, size: size}
	p.dec.Source = path
	return p, nil
}

// UseBuffer makes the reads use buf's storage, grown as they need, instead
// of a buffer of their own: a caller that opens a ProcFS per reading (the
// one-shot gopsutil calls) keeps one buffer for all. Bytes returns the
// storage, grown or not. Call it before the first read.
func (p *ProcFS) UseBuffer(buf []byte) { p.buf = buf[:0] }

// Name returns "procfs".
func (p *ProcFS) Name() string { return "procfs" }

// Bytes reads the file again and returns its bytes, valid until the next
// call to Read or Bytes; for callers that decode it themselves.
func (p *ProcFS) Bytes() ([]byte, error) {
	if err := p.fetch(); err != nil {
		return nil, err
	}
	return p.buf, nil
}

// SetKeep makes Read skip, before decoding their counters, the
// interfaces whose names keep rejects; nil keeps all.
func (p *ProcFS) SetKeep(keep func(name []byte) bool) { p.dec.Keep = keep }

// appliesFilters tells Open that ProcFS applies Config.Keep itself (the
// opener passes it with SetKeep).
func (p *ProcFS) appliesFilters() {}

// Path returns the path the source reads.
func (p *ProcFS) Path() string { return p.path }

// Read re-reads the file and appends one record per interface line. On a
// decode error it returns the records before the bad line and the error.
func (p *ProcFS) Read(dst []parse.Record) ([]parse.Record, error) {
	if err := p.fetch(); err != nil {
		return dst, err
	}
	p.dec.Reset(p.buf)
	for p.dec.Next() {
		dst = parse.AppendRecord(dst, p.dec.Record())
	}
	return dst, p.dec.Err()
}

// maxProcNetDev bounds one reading: 4096 interfaces take about 500 KiB; a
// file beyond 64 MiB is not /proc/net/dev.
const maxProcNetDev = 64 << 20

// errTooLarge is returned for a file beyond maxProcNetDev.
var errTooLarge = errors.New("file larger than 64 MiB")

func (p *ProcFS) fetch() error {
	if p.f == nil {
		return os.ErrClosed
	}
	// ReadAt issues pread(2) from offset 0 (the kernel regenerates the
	// file) and continues at the offset the last read ended, until EOF.
	if cap(p.buf) < p.size {
		p.buf = make([]byte, 0, p.size)
	}
	buf := p.buf[:cap(p.buf)]
	n := 0
	for {
		m, err := p.f.ReadAt(buf[n:], int64(n))
		n += m
		if err == io.EOF {
			break
		}
		if err != nil {
			p.buf = buf[:0]
			return err
		}
		// The buffer is full: grow it and read on.
		if len(buf) >= maxProcNetDev {
			p.buf = buf[:0]
			return &os.PathError{Op: "read", Path: p.path, Err: errTooLarge}
		}
		buf = slices.Grow(buf[:n], len(buf))[:2*len(buf)]
	}
	p.buf = buf[:n]
	return nil
}

// AppendCapture appends the raw file of the last Read as "proc/net/dev".
func (p *ProcFS) AppendCapture(dst []Blob) []Blob {
	return append(dst, Blob{Path: "proc/net/dev", Data: p.buf})
}

// Close closes the file.
func (p *ProcFS) Close() error {
	if p.f == nil {
		return nil
	}
	err := p.f.Close()
	p.f = nil
	return err
}
