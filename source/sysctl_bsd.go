//go:build freebsd || netbsd || openbsd

package source

import (
	"runtime"

	"github.com/netio-go/netio/parse"
)

// A Sysctl reads the interface counters of FreeBSD, NetBSD or OpenBSD from
// the NET_RT_IFLIST routing-socket sysctl and decodes them with
// [parse.RouteIfList]: one RTM_IFINFO message per interface, its if_data
// counters and the name from its link-level sockaddr_dl. The layout follows
// the kernel's version and arch (FORMATS.md §5). How each OS makes the
// request is documented beside its fetchIfList.
//
// Read allocates: the sysctl result is a new buffer per call. The capture
// holds the buffer of the last Read as "sysctl/<mib>.bin", <mib> the
// dotted decimal MIB passed to sysctl(3), such as "sysctl/4.17.0.0.3.0.bin".
type Sysctl struct {
	buf    []byte
	path   string
	layout parse.RouteLayout
	dec    parse.RouteIfList
}

// OpenSysctl returns a sysctl source for this host.
func OpenSysctl() (*Sysctl, error) {
	layout, _ := parse.RouteLayoutFor(runtime.GOOS, runtime.GOARCH)
	s := &Sysctl{layout: layout}
	s.dec.Layout = layout
	if _, err := s.Read(nil); err != nil {
		return nil, err
	}
	return s, nil
}

// Name returns "sysctl".
func (s *Sysctl) Name() string { return "sysctl" }

// Read takes one reading and appends one record per interface. On a
// decode error it returns the records before the bad message and the
// error.
func (s *Sysctl) Read(dst []parse.Record) ([]parse.Record, error) {
	b, mib, err := fetchIfList()
	if err != nil {
		return dst, err
	}
	s.buf, s.path = b, "sysctl/"+mib+".bin"
	s.dec.Source = "sysctl " + mib
	s.dec.Reset(s.buf)
	for s.dec.Next() {
		dst = parse.AppendRecord(dst, s.dec.Record())
	}
	return dst, s.dec.Err()
}

// AppendCapture appends the raw buffer of the last Read.
func (s *Sysctl) AppendCapture(dst []Blob) []Blob {
	return append(dst, Blob{Path: s.path, Data: s.buf})
}

// Close does nothing: sysctl keeps no descriptor.
func (s *Sysctl) Close() error { return nil }
