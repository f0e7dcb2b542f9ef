//go:build darwin

package source

import (
	"errors"
	"os"
	"strconv"

	"golang.org/x/sys/unix"

	"github.com/netio-go/netio/parse"
)

// A Sysctl reads macOS interface counters from two sysctls, the way
// FORMATS.md §4 says is exact:
//
//   - names and indexes from the NET_RT_IFLIST2 routing-socket list
//     ({CTL_NET, PF_ROUTE, 0, 0, NET_RT_IFLIST2, 0}), whose byte counters
//     the kernel rounds down to 1 KiB and truncates to 32 bits for any
//     binary that is not Apple's;
//   - every counter from each interface's ifmibdata record
//     ({CTL_NET, PF_LINK, NETLINK_GENERIC, IFMIB_IFDATA, index,
//     IFDATA_GENERAL}, net.link.generic.ifdata.<index>.general), which the
//     kernel hands to everyone exact and 64 bits wide.
//
// An interface that disappears between the two sysctls (ENOENT) is left
// out of that reading. Counters are 64-bit except ifm_snd_drops (TxDrop,
// 32-bit).
//
// Read allocates: golang.org/x/sys/unix.SysctlRaw returns a new buffer per
// call. The capture holds every buffer of the last Read as
// "sysctl/<mib>.bin", <mib> the dotted decimal MIB passed to sysctl(3):
// "sysctl/4.17.0.0.6.0.bin" for the list and "sysctl/4.18.0.2.<index>.1.bin"
// per interface.
type Sysctl struct {
	list  []byte
	mibs  [][]byte
	index []int32
	n     int
}

// OpenSysctl returns a macOS sysctl source.
func OpenSysctl() (*Sysctl, error) {
	s := &Sysctl{}
	if _, err := s.Read(nil); err != nil {
		return nil, err
	}
	return s, nil
}

// Name returns "sysctl".
func (s *Sysctl) Name() string { return "sysctl" }

// Read takes one reading and appends one record per interface.
func (s *Sysctl) Read(dst []parse.Record) ([]parse.Record, error) {
	list, err := unix.SysctlRaw("net", unix.AF_ROUTE, 0, 0, unix.NET_RT_IFLIST2, 0)
	if err != nil {
		return dst, os.NewSyscallError("sysctl net.route.0.0.iflist2", err)
	}
	s.list, s.n = list, 0
	return parse.AppendDarwinIfList2(dst, "sysctl net.route.0.0.iflist2", s.list, s.ifmib)
}

// ifmib fetches one interface's ifmibdata and keeps it for the capture.
func (s *Sysctl) ifmib(index int32) ([]byte, error) {
	b, err := unix.SysctlRaw("net", unix.AF_LINK, 0, 2, int(index), 1)
	if errors.Is(err, unix.ENOENT) {
		return nil, nil
	}
	if err != nil {
		return nil, os.NewSyscallError("sysctl net.link.generic.ifdata."+strconv.Itoa(int(index))+".general", err)
	}
	if s.n == len(s.mibs) {
		s.mibs = append(s.mibs, nil)
		s.index = append(s.index, 0)
	}
	s.mibs[s.n], s.index[s.n] = b, index
	s.n++
	return b, nil
}

// AppendCapture appends the raw buffers of the last Read.
func (s *Sysctl) AppendCapture(dst []Blob) []Blob {
	dst = append(dst, Blob{Path: "sysctl/4.17.0.0.6.0.bin", Data: s.list})
	for i := range s.n {
		dst = append(dst, Blob{Path: "sysctl/4.18.0.2." + strconv.Itoa(int(s.index[i])) + ".1.bin", Data: s.mibs[i]})
	}
	return dst
}

// Close does nothing: sysctl keeps no descriptor.
func (s *Sysctl) Close() error { return nil }
