//go:build linux

package bench

import (
	"encoding/binary"
	"errors"
	"fmt"

	"golang.org/x/sys/unix"
)

// A LinkStats is one interface's entry of an RTM_GETSTATS dump: its index
// and its struct rtnl_link_stats64, field by field in kernel order
// (rx_packets, tx_packets, rx_bytes, tx_bytes, rx_errors, tx_errors,
// rx_dropped, tx_dropped, multicast, collisions, ...). Kernels give 23 to
// 25 fields; N says how many this one gave.
type LinkStats struct {
	// Index is the interface index, from the if_stats_msg header.
	Index int32
	// N is the number of rtnl_link_stats64 fields the kernel gave (23 to
	// 25), at most len(Values): a longer struct's tail is not kept.
	N int
	// Values holds the first N fields of rtnl_link_stats64, in kernel
	// order; the rest are 0.
	Values [25]uint64
}

// A StatsDump is the bare floor of the netlink path: one NETLINK_ROUTE
// socket kept open, one RTM_GETSTATS dump (IFLA_STATS_LINK_64 only) per
// call, received into a reused buffer and decoded into a reused slice.
// A steady-state Dump allocates nothing.
type StatsDump struct {
	fd  int
	seq uint32
	req [unix.NLMSG_HDRLEN + 12]byte
	buf []byte
}

// OpenStatsDump opens the socket.
func OpenStatsDump() (*StatsDump, error) {
	fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.NETLINK_ROUTE)
	if err != nil {
		return nil, fmt.Errorf("netlink socket: %w", err)
	}
	if err := unix.Bind(fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("netlink bind: %w", err)
	}
	return &StatsDump{fd: fd, buf: make([]byte, 64<<10)}, nil
}

var errDumpIntr = errors.New("netlink: dump interrupted (NLM_F_DUMP_INTR)")

// Dump appends one LinkStats per interface to dst. If the kernel flags
// the dump as interrupted (the device list changed), it starts again, at
// most 3 times.
func (d *StatsDump) Dump(dst []LinkStats) ([]LinkStats, error) {
	base := len(dst)
	for try := 0; ; try++ {
		var err error
		dst, err = d.dump(dst[:base])
		if err != errDumpIntr || try == 2 {
			return dst, err
		}
	}
}

func (d *StatsDump) dump(dst []LinkStats) ([]LinkStats, error) {
	d.seq++
	ne := binary.NativeEndian
	req := d.req[:]
	ne.PutUint32(req[0:], uint32(len(req)))
	ne.PutUint16(req[4:], unix.RTM_GETSTATS)
	ne.PutUint16(req[6:], unix.NLM_F_REQUEST|unix.NLM_F_DUMP)
	ne.PutUint32(req[8:], d.seq)
	ne.PutUint32(req[12:], 0)
	// struct if_stats_msg: family, pad1, pad2, ifindex, filter_mask.
	clear(req[16:])
	req[16] = unix.AF_UNSPEC
	ne.PutUint32(req[24:], 1<<(unix.IFLA_STATS_LINK_64-1))
	if _, err := unix.Write(d.fd, req); err != nil {
		return dst, fmt.Errorf("netlink send: %w", err)
	}
	intr := false
	for {
		// read(2), not recvfrom: Recvfrom allocates the sender's address.
		// The buffer is larger than any dump message the kernel builds
		// (at most 32 KiB per skb).
		n, err := unix.Read(d.fd, d.buf)
		if err != nil {
			return dst, fmt.Errorf("netlink recv: %w", err)
		}
		b := d.buf[:n]
		for len(b) >= unix.NLMSG_HDRLEN {
			l := int(ne.Uint32(b[0:]))
			typ := ne.Uint16(b[4:])
			flags := ne.Uint16(b[6:])
			seq := ne.Uint32(b[8:])
			if l < unix.NLMSG_HDRLEN || l > len(b) {
				return dst, errors.New("netlink: bad message length")
			}
			msg := b[unix.NLMSG_HDRLEN:l]
			if al := (l + 3) &^ 3; al < len(b) {
				b = b[al:]
			} else {
				b = b[len(b):]
			}
			if seq != d.seq {
				continue
			}
			if flags&unix.NLM_F_DUMP_INTR != 0 {
				intr = true
			}
			switch typ {
			case unix.NLMSG_DONE:
				if intr {
					return dst, errDumpIntr
				}
				return dst, nil
			case unix.NLMSG_ERROR:
				if len(msg) >= 4 {
					if e := int32(ne.Uint32(msg)); e != 0 {
						return dst, fmt.Errorf("netlink: %w", unix.Errno(-e))
					}
				}
				return dst, errors.New("netlink: error message")
			case unix.RTM_NEWSTATS:
				var err error
				dst, err = appendStats(dst, msg)
				if err != nil {
					return dst, err
				}
			}
		}
	}
}

// appendStats decodes one RTM_NEWSTATS body: if_stats_msg, then
// attributes, of which IFLA_STATS_LINK_64 is the one asked for.
func appendStats(dst []LinkStats, msg []byte) ([]LinkStats, error) {
	ne := binary.NativeEndian
	if len(msg) < 12 {
		return dst, errors.New("netlink: short if_stats_msg")
	}
	dst = append(dst, LinkStats{Index: int32(ne.Uint32(msg[4:]))})
	s := &dst[len(dst)-1]
	a := msg[12:]
	for len(a) >= 4 {
		al := int(ne.Uint16(a[0:]))
		typ := ne.Uint16(a[2:]) &^ (unix.NLA_F_NESTED | unix.NLA_F_NET_BYTEORDER)
		if al < 4 || al > len(a) {
			return dst, errors.New("netlink: bad attribute length")
		}
		if typ == unix.IFLA_STATS_LINK_64 {
			v := a[4:al]
			if len(v) < 23*8 {
				return dst, errors.New("netlink: short rtnl_link_stats64")
			}
			s.N = min(len(v)/8, len(s.Values))
			for i := range s.N {
				s.Values[i] = ne.Uint64(v[i*8:])
			}
		}
		if al = (al + 3) &^ 3; al < len(a) {
			a = a[al:]
		} else {
			break
		}
	}
	if s.N == 0 {
		return dst, errors.New("netlink: no IFLA_STATS_LINK_64 attribute")
	}
	return dst, nil
}

// Close closes the socket.
func (d *StatsDump) Close() error { return unix.Close(d.fd) }
