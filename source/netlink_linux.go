//go:build linux

package source

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"slices"
	"unsafe"

	"github.com/netio-go/netio/parse"
	"golang.org/x/sys/unix"
)

// ErrDumpInterrupted is returned (wrapped) when every retry of a netlink
// dump came back flagged NLM_F_DUMP_INTR: the interface list kept changing
// during the dump, so an interface may be missing or listed twice. The
// records are still returned with it.
var ErrDumpInterrupted = errors.New("netlink dump interrupted by concurrent changes")

// maxDumpRetries bounds the retries of an interrupted dump.
const maxDumpRetries = 3

// Netlink wire numbers (linux/netlink.h, linux/rtnetlink.h, linux/if_link.h).
const (
	nlmFRequest         = 0x1
	nlmFDump            = 0x300
	rtmGetLink          = 18
	rtmGetStats         = 94
	iflaExtMask         = 29
	rtextFilterSkipStat = 1 << 3 // RTEXT_FILTER_SKIP_STATS
	statsFilterLink64   = 1 << (1 - 1)
	rtmgrpLink          = 1 // RTMGRP_LINK
	nlRecvRoom          = 64 << 10
	maxNetlinkDump      = 256 << 20
)

// A Netlink reads the counters over an rtnetlink socket.
//
// Its fast path is an RTM_GETSTATS dump asking only for
// IFLA_STATS_LINK_64: a struct rtnl_link_stats64 per interface keyed by
// ifindex, about a quarter of the kernel's cost of printing /proc/net/dev.
// Names come from an ifindex→name cache filled by an RTM_GETLINK dump
// (asked with RTEXT_FILTER_SKIP_STATS, which leaves out the IPv6 protocol
// statistics), refreshed when a
// stats message names an index the cache lacks, and whenever a second
// socket subscribed to RTMGRP_LINK has received a link notification
// (created, deleted, renamed, state change) since the last reading. The
// name filter and kind filters are decided once per cached link, so
// refused interfaces cost a map lookup and their counters are never
// decoded.
//
// On kernels without RTM_GETSTATS (before 4.7) it falls back to reading the
// counters from the RTM_GETLINK dump itself (IFLA_STATS64).
//
// A dump flagged NLM_F_DUMP_INTR is retried up to 3 times. A kernel error
// (NLMSG_ERROR, such as EPERM from an SELinux policy) is returned wrapping
// its syscall.Errno. A steady-state Read allocates nothing.
//
// Capture paths (relative to a fixture sample; the fixture replayer reads
// them back, so they are fixed): "netlink/getstats.bin" holds the
// RTM_GETSTATS reply of the last Read and "netlink/getlink.bin" the
// RTM_GETLINK reply the names were taken from, possibly from an earlier
// Read (in the fallback mode it is this Read's counters, and there is no
// getstats.bin).
// Each file is the messages as received, datagrams concatenated, in host
// byte order, up to and including NLMSG_DONE.
type Netlink struct {
	nsIno   uint64 // see NetNSInode
	fd      int    // dump socket
	mon     int    // RTMGRP_LINK notification socket, or -1
	seq     uint32
	big     bool
	dirty   bool // a dump was abandoned: drain before the next request
	statsOK bool // RTM_GETSTATS works; else read counters from RTM_GETLINK

	sbuf    []byte // last RTM_GETSTATS reply
	lbuf    []byte // last RTM_GETLINK reply
	scratch []byte // monitor drain buffer
	req     [40]byte

	links map[int32]*nlLink
	dense []*nlLink // links by index, when indexes are dense
	gen   uint32
	stale bool

	keep       func([]byte) bool
	noLoopback bool
	physical   bool

	dl parse.NetlinkLinks
	ds parse.NetlinkStats
}

// nlLink is one cached link.
type nlLink struct {
	name []byte
	kind parse.LinkKind
	keep bool
	gen  uint32
}

// OpenNetlink opens rtnetlink sockets in the caller's network namespace
// (or, with c.NetNS or c.PID, in that one) and reads once to check the
// kernel answers. c's filters apply.
func OpenNetlink(c Config) (*Netlink, error) {
	path, err := c.targetNetNS()
	if err != nil {
		return nil, err
	}
	n := &Netlink{fd: -1, mon: -1, keep: c.Keep, noLoopback: c.NoLoopback, physical: c.Physical,
		links: make(map[int32]*nlLink), stale: true, statsOK: true}
	n.big = binary.NativeEndian.Uint16([]byte{0, 1}) == 1
	n.dl.BigEndian, n.ds.BigEndian = n.big, n.big
	n.dl.Source, n.ds.Source = "netlink/getlink.bin", "netlink/getstats.bin"
	n.dl.CheckSeq, n.ds.CheckSeq = true, true
	n.nsIno = netNSInode(path)
	err = inNetNS(path, func() error {
		var err error
		if n.fd, err = nlSocket(0, 0); err != nil {
			return err
		}
		// Without a monitor every Read refreshes the names.
		n.mon, _ = nlSocket(rtmgrpLink, unix.SOCK_NONBLOCK)
		return nil
	})
	if err != nil {
		n.Close()
		return nil, err
	}
	if _, err := n.Read(nil); err != nil && !errors.Is(err, ErrDumpInterrupted) {
		n.Close()
		return nil, err
	}
	return n, nil
}

func nlSocket(groups uint32, flags int) (int, error) {
	fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC|flags, unix.NETLINK_ROUTE)
	if err != nil {
		return -1, os.NewSyscallError("socket", err)
	}
	if err := unix.Bind(fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK, Groups: groups}); err != nil {
		unix.Close(fd)
		return -1, os.NewSyscallError("bind", err)
	}
	if flags&unix.SOCK_NONBLOCK == 0 {
		// A kernel that never answers must not hang a poller forever.
		tv := unix.Timeval{Sec: 10}
		unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv)
	}
	return fd, nil
}

// Name returns "netlink".
func (n *Netlink) Name() string { return "netlink" }

// NetNSInode returns the inode number of the network namespace the
// sockets were opened in (0 if it could not be seen), which tells
// snapshots of different namespaces apart (netio.SourceID).
func (n *Netlink) NetNSInode() uint64 { return n.nsIno }

func (n *Netlink) appliesFilters() {}

// Read takes one reading and appends a record per kept interface, in
// ifindex order as the kernel dumps them.
func (n *Netlink) Read(dst []parse.Record) ([]parse.Record, error) {
	if n.fd < 0 {
		return dst, os.ErrClosed
	}
	n.drainMonitor()
	if !n.statsOK {
		return n.readLinks(dst)
	}
	if n.stale {
		if err := n.refresh(); err != nil {
			return dst, err
		}
	}
	base := len(dst)
	for try := 0; ; try++ {
		var err error
		n.sbuf, err = n.dump(n.sbuf, rtmGetStats)
		if err != nil {
			return dst[:base], err
		}
		n.ds.Seq = n.seq
		dst, err = n.decodeStats(dst[:base])
		if err != nil {
			return dst, err
		}
		if n.ds.Errno() == int32(unix.EOPNOTSUPP) || n.ds.Errno() == int32(unix.EINVAL) {
			// No RTM_GETSTATS (Linux < 4.7): read counters from RTM_GETLINK.
			n.statsOK = false
			return n.readLinks(dst[:base])
		}
		if !n.ds.Interrupted() || try == maxDumpRetries {
			break
		}
	}
	return dst, n.result(&n.ds, n.ds.Err(), n.ds.Errno(), n.ds.Interrupted())
}

// decodeStats decodes n.sbuf, appending the kept links' records. A link
// index the cache lacks makes it refresh the cache once and start over.
func (n *Netlink) decodeStats(dst []parse.Record) ([]parse.Record, error) {
	base := len(dst)
	refreshed := false
	for {
		n.ds.Reset(n.sbuf)
		missing := false
		for n.ds.Next() {
			l := n.link(n.ds.Index())
			if l == nil {
				if !refreshed {
					missing = true
					break
				}
				continue // created and gone between the two dumps
			}
			if !l.keep {
				continue
			}
			dst = parse.AppendRecord(dst, n.ds.Record())
			dst[len(dst)-1].Name = l.name
		}
		if !missing {
			return dst, nil
		}
		// A link the cache has not seen: refresh once, decode again.
		if err := n.refresh(); err != nil {
			return dst[:base], err
		}
		refreshed = true
		dst = dst[:base]
	}
}

// link returns the cached link of index idx, or nil.
func (n *Netlink) link(idx int32) *nlLink {
	if uint32(idx) < uint32(len(n.dense)) {
		return n.dense[idx]
	}
	return n.links[idx]
}

// result turns a decoder's outcome into Read's error.
func (n *Netlink) result(d interface{ Done() bool }, err error, errno int32, intr bool) error {
	switch {
	case errno != 0:
		return fmt.Errorf("netio: netlink: %w", unix.Errno(errno))
	case err != nil:
		return err
	case !d.Done():
		return errors.New("netio: netlink: dump ended without NLMSG_DONE")
	case intr:
		return fmt.Errorf("netio: netlink: %w", ErrDumpInterrupted)
	}
	return nil
}

// readLinks reads counters from an RTM_GETLINK dump (the fallback mode).
func (n *Netlink) readLinks(dst []parse.Record) ([]parse.Record, error) {
	var err error
	for try := 0; ; try++ {
		if n.lbuf, err = n.dump(n.lbuf, rtmGetLink); err != nil {
			return dst, err
		}
		n.dl.Seq = n.seq
		n.dl.Reset(n.lbuf)
		for n.dl.Next() {
		}
		if !n.dl.Interrupted() || try == maxDumpRetries {
			break
		}
	}
	n.dl.Reset(n.lbuf)
	for n.dl.Next() {
		if n.wants(n.dl.Name(), n.dl.Kind()) {
			dst = parse.AppendRecord(dst, n.dl.Record())
		}
	}
	return dst, n.result(&n.dl, n.dl.Err(), n.dl.Errno(), n.dl.Interrupted())
}

func (n *Netlink) wants(name []byte, kind parse.LinkKind) bool {
	if n.noLoopback && kind&parse.KindLoopback != 0 || n.physical && kind&parse.KindPhysical == 0 {
		return false
	}
	return n.keep == nil || n.keep(name)
}

// refresh rebuilds the ifindex→name cache from an RTM_GETLINK dump.
func (n *Netlink) refresh() error {
	var err error
	for try := 0; ; try++ {
		if n.lbuf, err = n.dump(n.lbuf, rtmGetLink); err != nil {
			return err
		}
		n.dl.Seq = n.seq
		n.dl.Reset(n.lbuf)
		for n.dl.Next() {
		}
		if !n.dl.Interrupted() || try == maxDumpRetries {
			break
		}
	}
	if err := n.result(&n.dl, n.dl.Err(), n.dl.Errno(), false); err != nil {
		return err
	}
	n.gen++
	n.dl.Reset(n.lbuf)
	for n.dl.Next() {
		idx, name, kind := n.dl.Index(), n.dl.Name(), n.dl.Kind()
		l := n.links[idx]
		if l == nil || string(l.name) != string(name) || l.kind != kind {
			l = &nlLink{name: append([]byte(nil), name...), kind: kind}
			l.keep = n.wants(l.name, kind)
			n.links[idx] = l
		}
		l.gen = n.gen
	}
	maxIdx := int32(-1)
	for idx, l := range n.links {
		if l.gen != n.gen {
			delete(n.links, idx)
		} else {
			maxIdx = max(maxIdx, idx)
		}
	}
	// Indexes are usually small and dense: look them up in a slice then.
	n.dense = n.dense[:0]
	if maxIdx >= 0 && int(maxIdx) < 4*len(n.links)+64 {
		n.dense = slices.Grow(n.dense, int(maxIdx)+1)[:maxIdx+1]
		clear(n.dense)
		for idx, l := range n.links {
			n.dense[idx] = l
		}
	}
	n.stale = false
	return nil
}

// drainMonitor empties the notification socket; anything there (or an
// overrun) means the cache may be stale.
func (n *Netlink) drainMonitor() {
	if n.mon < 0 {
		n.stale = true
		return
	}
	if n.scratch == nil {
		n.scratch = make([]byte, 16<<10)
	}
	for {
		m, err := recvfrom(n.mon, n.scratch, unix.MSG_DONTWAIT|unix.MSG_TRUNC)
		if err == unix.EINTR {
			continue
		}
		if err == unix.EAGAIN {
			return
		}
		if err != nil || m > 0 { // ENOBUFS: notifications were lost
			n.stale = true
		}
		if err != nil && err != unix.ENOBUFS {
			return
		}
	}
}

// dump sends a dump request of type typ and receives the whole reply into
// buf, as received: datagrams concatenated up to NLMSG_DONE or an error.
func (n *Netlink) dump(buf []byte, typ uint16) ([]byte, error) {
	if n.dirty {
		n.drain()
	}
	n.seq++
	req := n.req[:]
	ne := binary.NativeEndian
	switch typ {
	case rtmGetStats:
		req = req[:16+12]
		clear(req)
		ne.PutUint32(req[16+8:], statsFilterLink64) // if_stats_msg.filter_mask
	default:
		req = req[:16+16+8]
		clear(req)
		ne.PutUint16(req[32:], 8) // IFLA_EXT_MASK attribute
		ne.PutUint16(req[34:], iflaExtMask)
		if n.statsOK {
			ne.PutUint32(req[36:], rtextFilterSkipStat)
		}
	}
	ne.PutUint32(req[0:], uint32(len(req)))
	ne.PutUint16(req[4:], typ)
	ne.PutUint16(req[6:], nlmFRequest|nlmFDump)
	ne.PutUint32(req[8:], n.seq)
	for {
		_, err := unix.Write(n.fd, req)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return buf, os.NewSyscallError("netlink send", err)
		}
		break
	}
	n.dirty = true
	buf = buf[:0]
	for {
		if cap(buf)-len(buf) < nlRecvRoom {
			if len(buf) > maxNetlinkDump {
				return buf, errors.New("netio: netlink dump larger than 256 MiB")
			}
			buf = append(buf[:cap(buf)], make([]byte, max(cap(buf), nlRecvRoom))...)[:len(buf)]
		}
		room := buf[len(buf):cap(buf)]
		m, err := recvfrom(n.fd, room, unix.MSG_TRUNC)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return buf, os.NewSyscallError("netlink recv", err)
		}
		if m > len(room) {
			return buf, fmt.Errorf("netio: netlink: datagram of %d bytes truncated to %d", m, len(room))
		}
		got := buf[len(buf) : len(buf)+m]
		buf = buf[:len(buf)+m]
		if m == 0 || parse.NetlinkMessagesEnd(got, n.big) {
			break
		}
	}
	n.dirty = false
	return buf, nil
}

// drain discards what an abandoned dump left in the socket.
func (n *Netlink) drain() {
	if n.scratch == nil {
		n.scratch = make([]byte, 16<<10)
	}
	for {
		_, err := recvfrom(n.fd, n.scratch, unix.MSG_DONTWAIT|unix.MSG_TRUNC)
		if err != nil && err != unix.EINTR && err != unix.ENOBUFS {
			break
		}
	}
	n.dirty = false
}

// recvfrom is recvfrom(2) without a source address, which x/sys/unix's
// Recvfrom would allocate.
func recvfrom(fd int, p []byte, flags int) (int, error) {
	r, _, e := unix.Syscall6(unix.SYS_RECVFROM, uintptr(fd), uintptr(unsafe.Pointer(unsafe.SliceData(p))),
		uintptr(len(p)), uintptr(flags), 0, 0)
	if e != 0 {
		return int(r), e
	}
	return int(r), nil
}

// AppendCapture appends the raw replies of the last Read: see the capture
// paths in the type's documentation.
func (n *Netlink) AppendCapture(dst []Blob) []Blob {
	dst = append(dst, Blob{Path: "netlink/getlink.bin", Data: n.lbuf})
	if n.statsOK {
		dst = append(dst, Blob{Path: "netlink/getstats.bin", Data: n.sbuf})
	}
	return dst
}

// Close closes the sockets.
func (n *Netlink) Close() error {
	var err error
	if n.fd >= 0 {
		err = unix.Close(n.fd)
		n.fd = -1
	}
	if n.mon >= 0 {
		unix.Close(n.mon)
		n.mon = -1
	}
	return err
}
