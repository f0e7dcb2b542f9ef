// Package source fetches raw interface-counter bytes from the kernel and
// decodes them with package parse.
//
// A source only acquires bytes: it reads /proc/net/dev, sysfs files, a
// netlink dump, a sysctl buffer or a GetIfTable2 table into buffers it
// reuses, and hands them to a decoder of package parse. The files named
// *_<goos>.go here build for their OS only; besides them, only
// open_other.go (every OS netio has no source for) and sysctl_bsd.go
// (FreeBSD, NetBSD, OpenBSD) carry //go:build lines. Every source can hand
// over the raw bytes of its last reading ([Capturer]), which is what a
// fixture records, and the fixture replayer is one more source feeding
// recorded bytes to the same decoders.
//
// # Adding a source
//
//  1. Put the decoder in package parse, untagged, with its tests and fuzz
//     target.
//  2. Put acquisition in source/<name>_<goos>.go; implement [Source] and
//     [Capturer]; reuse buffers so a steady-state Read allocates nothing,
//     and prove it with an AllocsPerRun test.
//  3. Register it in the platform's source list so "auto" can choose it.
package source

import (
	"errors"

	"github.com/netio-go/netio/parse"
)

// A Source takes readings of the interface counters.
//
// A Source is not safe for concurrent use.
type Source interface {
	// Name is the kind of source: "procfs", "sysfs", "netlink", "sysctl",
	// "iphlpapi" or "replay".
	Name() string
	// Read takes one reading and appends one record per interface to dst.
	// Record names borrow from the source's buffers: they are valid until
	// the next call to Read or Close.
	Read(dst []parse.Record) ([]parse.Record, error)
	// Close releases the source's descriptors.
	Close() error
}

// A Capturer is a [Source] that can hand over the raw bytes of its last
// reading, for `netio record`.
type Capturer interface {
	// AppendCapture appends the raw inputs of the last Read to dst. The
	// blobs borrow from the source's buffers until the next Read.
	AppendCapture(dst []Blob) []Blob
}

// A Blob is one raw input of a reading.
type Blob struct {
	// Path is slash-separated and relative to a fixture sample directory,
	// such as "proc/net/dev" or "netlink/getlink.bin".
	Path string
	// Data is the bytes as the kernel gave them.
	Data []byte
}

// ErrUnsupported is returned (wrapped) by sources that do not exist on this
// platform.
var ErrUnsupported = errors.New("not supported")
