package parse

import (
	"bytes"
	"strconv"
)

// A RouteOS is a kernel whose routing-socket sysctl lists interfaces:
// NET_RT_IFLIST on FreeBSD, OpenBSD and NetBSD, NET_RT_IFLIST2 (or
// NET_RT_IFLIST) on macOS.
type RouteOS uint8

// The routing-socket kernels.
const (
	// RouteUnknown is the zero RouteOS; a [RouteIfList] with it decodes
	// nothing and reports [ErrVersion].
	RouteUnknown RouteOS = iota
	// RouteDarwin: macOS (XNU). RTM_IFINFO2 (0x12) with struct if_msghdr2
	// and 64-bit if_data64, from NET_RT_IFLIST2; or RTM_IFINFO (0xe) with
	// struct if_msghdr and 32-bit if_data, from NET_RT_IFLIST.
	// RTM_VERSION 5.
	RouteDarwin
	// RouteFreeBSD: RTM_IFINFO (14), RTM_VERSION 5. FreeBSD 11 and later
	// (152-byte machine-independent if_data, 64-bit counters, oqdrops) and
	// FreeBSD 7 to 10 (u_long counters: 64-bit on LP64, 32-bit on 386 and
	// arm), told apart by ifi_datalen.
	RouteFreeBSD
	// RouteOpenBSD: RTM_IFINFO (14), RTM_VERSION 5, the header size in
	// ifm_hdrlen: 168 bytes on LP64 and arm, 160 on 386. 64-bit counters,
	// oqdrops.
	RouteOpenBSD
	// RouteNetBSD: RTM_IFINFO (20), RTM_VERSION 4, a 152-byte if_msghdr on
	// every arch, 64-bit counters, no oqdrops.
	RouteNetBSD
)

// String names the OS as GOOS does.
func (o RouteOS) String() string {
	switch o {
	case RouteDarwin:
		return "darwin"
	case RouteFreeBSD:
		return "freebsd"
	case RouteOpenBSD:
		return "openbsd"
	case RouteNetBSD:
		return "netbsd"
	}
	return "unknown"
}

// A RouteLayout says how to read one host's routing-socket messages: the
// kernel, its byte order (routing messages are host-endian) and its
// sizeof(long), to which FreeBSD and OpenBSD pad sockaddrs.
type RouteLayout struct {
	// OS is the kernel.
	OS RouteOS
	// BigEndian is the host's byte order.
	BigEndian bool
	// LongSize is the kernel's sizeof(long): 4 or 8 (0 means 8).
	LongSize int
}

// RouteLayoutFor returns the layout of a kernel named by Go's GOOS and
// GOARCH, such as ("freebsd", "386"), and false if goos has no routing
// socket interface list.
//
// On FreeBSD a 386 process on an amd64 kernel sees the kernel's 8-byte
// sockaddr padding; that only matters for addresses ahead of the
// link-level one, which RTM_IFINFO messages do not carry.
func RouteLayoutFor(goos, goarch string) (RouteLayout, bool) {
	var l RouteLayout
	switch goos {
	case "darwin", "ios":
		l.OS = RouteDarwin
	case "freebsd":
		l.OS = RouteFreeBSD
	case "openbsd":
		l.OS = RouteOpenBSD
	case "netbsd":
		l.OS = RouteNetBSD
	default:
		return l, false
	}
	l.LongSize = 8
	switch goarch {
	case "386", "arm", "mips", "mipsle", "ppc", "wasm":
		l.LongSize = 4
	}
	switch goarch {
	case "ppc64", "mips64", "mips", "s390x", "sparc64", "ppc":
		l.BigEndian = true
	}
	return l, true
}

// Routing-socket constants, as each kernel's headers define them.
const (
	rtmVersion        = 5    // RTM_VERSION on macOS, FreeBSD, OpenBSD
	rtmVersionNetBSD  = 4    // RTM_VERSION on NetBSD
	rtmIfInfo         = 0x0e // RTM_IFINFO on macOS, FreeBSD, OpenBSD
	rtmIfInfo2        = 0x12 // RTM_IFINFO2 on macOS
	rtmIfInfoNetBSD   = 0x14 // RTM_IFINFO on NetBSD
	rtmOIfInfoNetBSD  = 0x0f // RTM_OIFINFO: NetBSD's compat interface message
	rtmOOIfInfoNetBSD = 0x0e // RTM_OOIFINFO: older still
	rtaIFP            = 0x10 // RTA_IFP: the link-level sockaddr_dl
	afLink            = 18   // AF_LINK on all four
)

// An ifCounter is one counter of an interface message: its field, its byte
// offset from the start of the message, and its width in bytes (4 or 8).
// fits32 marks an 8-byte slot the kernel fills from a 32-bit value (macOS
// 11+ NET_RT_IFLIST2 byte counters): it is declared 32-bit unless it holds
// more (as on older kernels, whose values are 64-bit).
type ifCounter struct {
	f      Field
	off    uint16
	w      uint8
	fits32 bool
}

// An ifmFormat is one version of an interface message on one kernel.
type ifmFormat struct {
	name  string      // layout name, for errors and golden output
	hdr   int         // header size: the sockaddrs start here
	index int         // offset of the u16 ifm_index
	addrs int         // offset of the int ifm_addrs
	cols  []ifCounter // the counters
}

// Darwin if_data64 (bsd/net/if_var.h, #pragma pack(4)): ifi_ipackets at
// 24 through ifi_noproto at 104, eleven u64 in the order of bsdOrder.
// Offsets relative to if_data64; if_msghdr2 carries it at 32.
const (
	// DarwinIfMsghdr2Size is sizeof(struct if_msghdr2) on macOS.
	DarwinIfMsghdr2Size = 160
	// DarwinIfMsghdr2Index is the offset of ifm_index (u16).
	DarwinIfMsghdr2Index = 12
	// DarwinIfMsghdr2Addrs is the offset of ifm_addrs (int32).
	DarwinIfMsghdr2Addrs = 4
	// DarwinIfMsghdr2SndDrops is the offset of ifm_snd_drops (u32).
	DarwinIfMsghdr2SndDrops = 24
	// DarwinIfMsghdr2Data is the offset of ifm_data (struct if_data64).
	DarwinIfMsghdr2Data = 32
	// DarwinIfData64Size is sizeof(struct if_data64).
	DarwinIfData64Size = 128
	// DarwinIfData64Ipackets is the offset of ifi_ipackets in if_data64;
	// ifi_ierrors, ifi_opackets, ifi_oerrors, ifi_collisions, ifi_ibytes,
	// ifi_obytes, ifi_imcasts, ifi_omcasts, ifi_iqdrops and ifi_noproto
	// follow as consecutive u64.
	DarwinIfData64Ipackets = 24
	// DarwinIfData64Noproto is the offset of ifi_noproto, the last of them.
	DarwinIfData64Noproto = 104
)

// bsdOrder is the order of the eleven consecutive counters of every BSD
// if_data, ifi_ipackets to ifi_noproto (FreeBSD 11 and OpenBSD put
// ifi_oqdrops between iqdrops and noproto).
var bsdOrder = [...]Field{RxPackets, RxErrors, TxPackets, TxErrors, Collisions,
	RxBytes, TxBytes, RxMulticast, TxMulticast, RxDrop, RxNoProto}

// bsdOrderOQ is bsdOrder with ifi_oqdrops (TxDrop) after ifi_iqdrops.
var bsdOrderOQ = [...]Field{RxPackets, RxErrors, TxPackets, TxErrors, Collisions,
	RxBytes, TxBytes, RxMulticast, TxMulticast, RxDrop, TxDrop, RxNoProto}

// fits32 marks the counters of fields among cols as fits32.
func fits32(cols []ifCounter, fields ...Field) []ifCounter {
	for i := range cols {
		for _, f := range fields {
			if cols[i].f == f {
				cols[i].fits32 = true
			}
		}
	}
	return cols
}

// run lays out fields as consecutive counters of width w from off.
func run(off, w int, fields ...Field) []ifCounter {
	cols := make([]ifCounter, len(fields))
	for i, f := range fields {
		cols[i] = ifCounter{f: f, off: uint16(off + i*w), w: uint8(w)}
	}
	return cols
}

// FreeBSD 11+ if_msghdr and if_data (sys/net/if.h), the same on every arch.
const (
	// FreeBSDIfMsghdrSize is sizeof(struct if_msghdr) on FreeBSD 11+.
	FreeBSDIfMsghdrSize = 168
	// FreeBSDIfMsghdrData is the offset of ifm_data on FreeBSD 7 and later.
	FreeBSDIfMsghdrData = 16
	// FreeBSDIfDataSize is sizeof(struct if_data) on FreeBSD 11+: the
	// value of its u16 ifi_datalen.
	FreeBSDIfDataSize = 152
	// FreeBSDIfDataIpackets is the offset of ifi_ipackets in the FreeBSD
	// 11+ if_data; the counters through ifi_noproto (112) follow as u64,
	// with ifi_oqdrops after ifi_iqdrops.
	FreeBSDIfDataIpackets = 24
)

// FreeBSD 7-10 if_data: eight u_char, then consecutive u_long counters
// from ifi_mtu (ifi_mtu, ifi_metric, ifi_baudrate, ifi_ipackets, ...,
// ifi_noproto), u_long being 8 bytes on LP64 and 4 on 386 and arm.
const (
	// FreeBSD7IfDataIpacketsLP64 is the offset of ifi_ipackets in the
	// FreeBSD 7-10 if_data on LP64 (8 + 3×8).
	FreeBSD7IfDataIpacketsLP64 = 32
	// FreeBSD7IfDataIpacketsILP32 is its offset on 386 and arm (8 + 3×4).
	FreeBSD7IfDataIpacketsILP32 = 20
)

// OpenBSD if_msghdr and if_data (sys/net/if.h).
const (
	// OpenBSDIfMsghdrHdrlen is the offset of the u16 ifm_hdrlen.
	OpenBSDIfMsghdrHdrlen = 4
	// OpenBSDIfMsghdrIndex is the offset of the u16 ifm_index.
	OpenBSDIfMsghdrIndex = 6
	// OpenBSDIfMsghdrAddrs is the offset of the int ifm_addrs.
	OpenBSDIfMsghdrAddrs = 12
	// OpenBSDIfMsghdrData is the offset of ifm_data.
	OpenBSDIfMsghdrData = 24
	// OpenBSDIfDataIpackets is the offset of ifi_ipackets in if_data; the
	// counters through ifi_noproto (112) follow as u64, with ifi_oqdrops
	// after ifi_iqdrops.
	OpenBSDIfDataIpackets = 24
	// OpenBSDIfMsghdrSize is sizeof(struct if_msghdr) on LP64 and arm.
	OpenBSDIfMsghdrSize = 168
	// OpenBSDIfMsghdrSize386 is sizeof(struct if_msghdr) on 386, whose
	// struct timeval is 12 bytes.
	OpenBSDIfMsghdrSize386 = 160
)

// NetBSD if_msghdr and if_data (sys/net/if.h).
const (
	// NetBSDIfMsghdrSize is sizeof(struct if_msghdr) on every arch.
	NetBSDIfMsghdrSize = 152
	// NetBSDIfMsghdrIndex is the offset of the u16 ifm_index.
	NetBSDIfMsghdrIndex = 12
	// NetBSDIfMsghdrAddrs is the offset of the int ifm_addrs.
	NetBSDIfMsghdrAddrs = 4
	// NetBSDIfMsghdrData is the offset of ifm_data.
	NetBSDIfMsghdrData = 16
	// NetBSDIfDataIpackets is the offset of ifi_ipackets in if_data; the
	// eleven counters through ifi_noproto (112) follow as u64.
	NetBSDIfDataIpackets = 32
)

var (
	// macOS NET_RT_IFLIST2: RTM_IFINFO2, if_msghdr2 + if_data64, whose
	// byte counters macOS 11+ truncates to 32 bits (FORMATS.md §4.3).
	fmtDarwinIfInfo2 = ifmFormat{name: "darwin-if_msghdr2", hdr: DarwinIfMsghdr2Size,
		index: DarwinIfMsghdr2Index, addrs: DarwinIfMsghdr2Addrs,
		cols: append(fits32(run(DarwinIfMsghdr2Data+DarwinIfData64Ipackets, 8, bsdOrder[:]...), RxBytes, TxBytes),
			ifCounter{f: TxDrop, off: DarwinIfMsghdr2SndDrops, w: 4})}
	// macOS NET_RT_IFLIST: RTM_IFINFO, 112-byte if_msghdr with the 32-bit
	// if_data at 16, ifi_ipackets at 20 of it.
	fmtDarwinIfInfo = ifmFormat{name: "darwin-if_msghdr", hdr: 112, index: 12, addrs: 4,
		cols: run(16+20, 4, bsdOrder[:]...)}
	// FreeBSD 11+.
	fmtFreeBSD11 = ifmFormat{name: "freebsd11", hdr: FreeBSDIfMsghdrSize, index: 12, addrs: 4,
		cols: run(FreeBSDIfMsghdrData+FreeBSDIfDataIpackets, 8, bsdOrderOQ[:]...)}
	// FreeBSD 7-10 on LP64: u_long counters, ifi_mtu first at 8 of
	// if_data, ifi_ipackets the fourth u_long.
	fmtFreeBSD7LP64 = ifmFormat{name: "freebsd7-lp64", hdr: 16 + 152, index: 12, addrs: 4,
		cols: run(FreeBSDIfMsghdrData+FreeBSD7IfDataIpacketsLP64, 8, bsdOrder[:]...)}
	// FreeBSD 7-10 on ILP32: the same with 4-byte u_long; the header size
	// is 16 + ifi_datalen (80 on 386 7-9, 84 on 386 10, 96 on arm).
	fmtFreeBSD7ILP32 = ifmFormat{name: "freebsd7-ilp32", hdr: 0, index: 12, addrs: 4,
		cols: run(FreeBSDIfMsghdrData+FreeBSD7IfDataIpacketsILP32, 4, bsdOrder[:]...)}
	// OpenBSD, 168 or 160 bytes per ifm_hdrlen.
	fmtOpenBSD = ifmFormat{name: "openbsd", hdr: 0, index: OpenBSDIfMsghdrIndex, addrs: OpenBSDIfMsghdrAddrs,
		cols: run(OpenBSDIfMsghdrData+OpenBSDIfDataIpackets, 8, bsdOrderOQ[:]...)}
	// NetBSD.
	fmtNetBSD = ifmFormat{name: "netbsd", hdr: NetBSDIfMsghdrSize, index: NetBSDIfMsghdrIndex,
		addrs: NetBSDIfMsghdrAddrs, cols: run(NetBSDIfMsghdrData+NetBSDIfDataIpackets, 8, bsdOrder[:]...)}
)

// A RouteIfList decodes the interface messages of a routing-socket
// sysctl buffer (FORMATS.md §4 and §5): NET_RT_IFLIST2 or NET_RT_IFLIST on
// macOS, NET_RT_IFLIST on FreeBSD, OpenBSD and NetBSD.
//
// It yields one [Record] per interface message (RTM_IFINFO2 or RTM_IFINFO)
// with the interface index from the header, the name from the link-level
// sockaddr_dl that follows it, and the counters of its if_data: bytes,
// packets, errors, iqdrops, multicasts, collisions and noproto both ways,
// plus the transmit drops the kernel has (FreeBSD 11+ and OpenBSD
// ifi_oqdrops, macOS ifm_snd_drops; FreeBSD 10 and older and NetBSD have
// none). 32-bit counters (macOS if_data, FreeBSD u_long on 386 and arm,
// macOS ifm_snd_drops) are declared in [Record.Narrow], and so are the
// byte counters of macOS if_msghdr2 while they fit in 32 bits (see
// below). Address and multicast messages are skipped by their length; a
// list without a single interface message is an error (a real one always
// holds lo0).
//
// On macOS the byte counters of both lists are rounded down to 1 KiB, and
// since macOS 11 truncated to 32 bits, for any process that is not an
// Apple platform binary (FORMATS.md §4.3): a value above 2^32-1 can only
// come from an older macOS, whose counters are 64-bit. Use
// [AppendDarwinIfList2] to take exact counters from the ifmibdata sysctl.
//
// Use: set Layout (and Source for errors), Reset with the whole buffer,
// call Next until it returns false, reading Record after each true, then
// check Err. A RouteIfList allocates nothing; it is safe to copy before
// use.
type RouteIfList struct {
	// Source names the input in errors, such as "sysctl net.route.0.0.6.0".
	Source string
	// Layout is the kernel the buffer comes from.
	Layout RouteLayout

	buf     []byte
	off     int
	skipped int
	decoded int
	format  string
	rec     Record
	err     error
}

// Reset starts decoding buf, the whole sysctl result. Errors are reported
// by Next and Err.
func (d *RouteIfList) Reset(buf []byte) {
	d.buf, d.off, d.skipped, d.decoded, d.format, d.err = buf, 0, 0, 0, "", nil
	d.rec = Record{}
	if len(buf) == 0 {
		d.err = &ParseError{Source: d.Source, Err: ErrEmpty}
	} else if d.Layout.OS == RouteUnknown || d.Layout.OS > RouteNetBSD {
		d.err = &ParseError{Source: d.Source, Field: "layout", Text: d.Layout.OS.String(), Err: ErrVersion}
	}
}

func (d *RouteIfList) u16(b []byte) int {
	if d.Layout.BigEndian {
		return int(b[0])<<8 | int(b[1])
	}
	return int(b[0]) | int(b[1])<<8
}

func (d *RouteIfList) u32(b []byte) uint32 {
	if d.Layout.BigEndian {
		return uint32(b[3]) | uint32(b[2])<<8 | uint32(b[1])<<16 | uint32(b[0])<<24
	}
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}

func (d *RouteIfList) u64(b []byte) uint64 {
	if d.Layout.BigEndian {
		return uint64(d.u32(b[4:8])) | uint64(d.u32(b[0:4]))<<32
	}
	return uint64(d.u32(b[0:4])) | uint64(d.u32(b[4:8]))<<32
}

// Next decodes the next interface message. It returns false at the end of
// the buffer or on the first error, which Err then returns.
func (d *RouteIfList) Next() bool {
	for d.err == nil && d.off < len(d.buf) {
		start := d.off
		rest := d.buf[start:]
		if len(rest) < 4 {
			return d.fail(start, "", "rtm_msglen", "message header "+strconv.Itoa(len(rest))+" bytes, want 4", ErrShort)
		}
		ml := d.u16(rest)
		if ml < 4 {
			return d.fail(start, "", "rtm_msglen", strconv.Itoa(ml), ErrLength)
		}
		if ml > len(rest) {
			return d.fail(start, "", "rtm_msglen",
				strconv.Itoa(ml)+" > "+strconv.Itoa(len(rest))+" bytes left", ErrShort)
		}
		msg := rest[:ml]
		d.off += ml
		f, hdr, ok := d.pick(start, msg)
		if !ok {
			return false
		}
		if f == nil {
			d.skipped++
			continue
		}
		d.decoded++
		return d.decode(start, msg, f, hdr)
	}
	if d.err == nil && d.decoded == 0 && d.skipped > 0 {
		// Messages, but none this layout takes for an interface: the
		// wrong layout, or a kernel this decoder does not know.
		return d.fail(len(d.buf), "", "rtm_type", "no interface message among "+strconv.Itoa(d.skipped)+
			" messages for "+d.Layout.OS.String(), ErrVersion)
	}
	return false
}

// pick returns msg's format and header size, a nil format for a message
// that is not an interface message, or false after an error.
func (d *RouteIfList) pick(start int, msg []byte) (*ifmFormat, int, bool) {
	ver, typ := msg[2], msg[3]
	wantVer := byte(rtmVersion)
	var f *ifmFormat
	hdr := 0
	switch d.Layout.OS {
	case RouteDarwin:
		switch typ {
		case rtmIfInfo2:
			f = &fmtDarwinIfInfo2
		case rtmIfInfo:
			f = &fmtDarwinIfInfo
		}
	case RouteFreeBSD:
		if typ != rtmIfInfo {
			break
		}
		// ifi_datalen tells the layouts apart: FreeBSD 11+ has a u16 at
		// 6 of if_data holding 152; 7-10 a u8 at 7 holding sizeof(if_data).
		const dl = FreeBSDIfMsghdrData + 6
		if len(msg) < dl+6 {
			return nil, 0, d.fail(start, "", "ifi_datalen", "message of "+strconv.Itoa(len(msg))+" bytes", ErrShort)
		}
		// Big-endian, both read 00 98 there; then the u32 after them
		// tells: 11+'s ifi_mtu, or 7-10's high half of a u_long ifi_mtu
		// (0). A big-endian 11+ message with ifi_mtu 0 reads as 7-10.
		older := d.Layout.BigEndian && msg[dl] == 0 && d.u32(msg[dl+2:]) == 0
		switch n := int(msg[dl+1]); {
		case d.u16(msg[dl:]) == FreeBSDIfDataSize && !older:
			f = &fmtFreeBSD11
		case n == 152:
			f = &fmtFreeBSD7LP64
		case n == 80 || n == 84 || n == 96:
			f, hdr = &fmtFreeBSD7ILP32, 16+n
		default:
			return nil, 0, d.fail(start, "", "ifi_datalen", strconv.Itoa(d.u16(msg[dl:])), ErrVersion)
		}
	case RouteOpenBSD:
		if typ != rtmIfInfo {
			break
		}
		f = &fmtOpenBSD
		if len(msg) < OpenBSDIfMsghdrHdrlen+2 {
			return nil, 0, d.fail(start, "", "ifm_hdrlen", "message of "+strconv.Itoa(len(msg))+" bytes", ErrShort)
		}
		hdr = d.u16(msg[OpenBSDIfMsghdrHdrlen:])
		if ver == rtmVersion && hdr != OpenBSDIfMsghdrSize && hdr != OpenBSDIfMsghdrSize386 {
			return nil, 0, d.fail(start, "", "ifm_hdrlen", strconv.Itoa(hdr), ErrVersion)
		}
	case RouteNetBSD:
		wantVer = rtmVersionNetBSD
		switch typ {
		case rtmIfInfoNetBSD:
			f = &fmtNetBSD
		case rtmOIfInfoNetBSD, rtmOOIfInfoNetBSD:
			return nil, 0, d.fail(start, "", "rtm_type", strconv.Itoa(int(typ))+" (an interface message of NetBSD before 8)", ErrVersion)
		}
	}
	if f == nil {
		return nil, 0, true
	}
	if ver != wantVer {
		return nil, 0, d.fail(start, "", "rtm_version", strconv.Itoa(int(ver)), ErrVersion)
	}
	if hdr == 0 {
		hdr = f.hdr
	}
	if len(msg) < hdr {
		return nil, 0, d.fail(start, "", f.name,
			"message of "+strconv.Itoa(len(msg))+" bytes, header needs "+strconv.Itoa(hdr), ErrShort)
	}
	return f, hdr, true
}

// decode fills the record from an interface message of format f.
func (d *RouteIfList) decode(start int, msg []byte, f *ifmFormat, hdr int) bool {
	d.format = f.name
	d.rec = Record{Index: int32(d.u16(msg[f.index:]))}
	addrs := d.u32(msg[f.addrs:])
	if addrs&rtaIFP == 0 {
		return d.fail(start, "", "ifm_addrs", "0x"+strconv.FormatUint(uint64(addrs), 16)+" has no RTA_IFP", ErrName)
	}
	// Skip the sockaddrs ahead of RTA_IFP (none in practice), each padded
	// to 4 bytes on macOS, to 8 on NetBSD, to sizeof(long) elsewhere.
	align := d.sockaddrAlign()
	p := hdr
	for bit := uint32(1); bit < rtaIFP; bit <<= 1 {
		if addrs&bit == 0 {
			continue
		}
		if p >= len(msg) {
			return d.fail(start+p, "", "sockaddr", "none left for ifm_addrs bit 0x"+strconv.FormatUint(uint64(bit), 16), ErrShort)
		}
		n := roundSockaddr(int(msg[p]), align)
		if p+n > len(msg) {
			return d.fail(start+p, "", "sockaddr", "ifm_addrs bit 0x"+strconv.FormatUint(uint64(bit), 16)+": "+
				strconv.Itoa(n)+" bytes, "+strconv.Itoa(len(msg)-p)+" left", ErrShort)
		}
		p += n
	}
	if p+8 > len(msg) {
		return d.fail(start+p, "", "sockaddr_dl", strconv.Itoa(len(msg)-p)+" bytes left, want 8", ErrShort)
	}
	sdl := msg[p:]
	salen, nlen := int(sdl[0]), int(sdl[5])
	switch {
	case sdl[1] != afLink:
		return d.fail(start+p, "", "sdl_family", strconv.Itoa(int(sdl[1])), ErrName)
	case salen > len(sdl):
		return d.fail(start+p, "", "sdl_len", strconv.Itoa(salen)+" > "+strconv.Itoa(len(sdl))+" bytes left", ErrShort)
	case 8+nlen > salen:
		return d.fail(start+p, "", "sdl_nlen", strconv.Itoa(nlen)+" in sdl_len "+strconv.Itoa(salen), ErrLength)
	}
	name := sdl[8 : 8+nlen]
	if err := checkBSDName(name); err != nil {
		return d.fail(start+p+8, string(name), "sdl_data", excerpt(name), err)
	}
	d.rec.Name = name
	for _, c := range f.cols {
		b := msg[c.off:]
		if c.w == 4 {
			d.rec.Values[c.f] = uint64(d.u32(b))
			d.rec.Narrow |= 1 << c.f
		} else {
			d.rec.Values[c.f] = d.u64(b)
			if c.fits32 && d.rec.Values[c.f] <= 1<<32-1 {
				d.rec.Narrow |= 1 << c.f
			}
		}
		d.rec.Has |= 1 << c.f
	}
	return true
}

// checkBSDName rejects the names no BSD or macOS kernel gives an
// interface: empty, longer than IFNAMSIZ-1 (15) or holding NUL. Other
// bytes (spaces, '/') are kept as the kernel has them (FORMATS.md §7.8):
// rejecting one name would lose the rest of the list.
func checkBSDName(name []byte) error {
	switch {
	case len(name) == 0:
		return ErrEmptyName
	case len(name) > maxNameLen || bytes.IndexByte(name, 0) >= 0:
		return ErrName
	}
	return nil
}

// sockaddrAlign is the padding of sockaddrs in a message: 4 bytes on
// macOS, 8 on NetBSD, sizeof(long) on FreeBSD and OpenBSD.
func (d *RouteIfList) sockaddrAlign() int {
	switch {
	case d.Layout.OS == RouteDarwin:
		return 4
	case d.Layout.OS == RouteNetBSD, d.Layout.LongSize == 0:
		return 8
	}
	return d.Layout.LongSize
}

// roundSockaddr is the space a sockaddr of sa_len n takes: n rounded up to
// align, or align for an empty one.
func roundSockaddr(n, align int) int {
	if n == 0 {
		return align
	}
	return (n + align - 1) &^ (align - 1)
}

func (d *RouteIfList) fail(off int, name, field, text string, err error) bool {
	d.err = &ParseError{Source: d.Source, Offset: off, Field: field, Name: name, Text: text, Err: err}
	return false
}

// Record returns the record decoded by the last successful Next. It and its
// Name are valid until the next call to Next or Reset.
func (d *RouteIfList) Record() *Record { return &d.rec }

// Format names the message layout of the last record, such as "freebsd11"
// or "darwin-if_msghdr2".
func (d *RouteIfList) Format() string { return d.format }

// Skipped returns how many messages that are not interface messages
// (addresses, multicast memberships) Next has skipped since Reset.
func (d *RouteIfList) Skipped() int { return d.skipped }

// Err returns the first error met, or nil.
func (d *RouteIfList) Err() error { return d.err }

// AppendRouteIfList decodes a whole routing-socket interface list and
// appends its records to dst. The records borrow their names from buf. On
// error it returns the records before the bad message and the error.
func AppendRouteIfList(dst []Record, source string, layout RouteLayout, buf []byte) ([]Record, error) {
	d := RouteIfList{Source: source, Layout: layout}
	d.Reset(buf)
	for d.Next() {
		dst = AppendRecord(dst, &d.rec)
	}
	return dst, d.Err()
}

// ScrubRouteIfList zeroes, in place, everything in a routing-socket
// interface list that [RouteIfList] does not decode and that can identify
// a host: the link-layer address after the name in each interface's
// sockaddr_dl, any other sockaddr of an interface message, and all of
// every other message (interface addresses, multicast memberships) but
// its length, version and type. The list decodes to the same records
// afterwards. Bytes from a malformed message on are zeroed too: nothing
// unparsed is kept. It is how `netio record` keeps fixtures free of
// addresses.
func ScrubRouteIfList(b []byte, layout RouteLayout) {
	d := RouteIfList{Layout: layout}
	d.Reset(b)
	off := 0
	for off < len(b) {
		if len(b)-off < 4 {
			break
		}
		ml := d.u16(b[off:])
		if ml < 4 || ml > len(b)-off {
			break
		}
		msg := b[off : off+ml]
		f, hdr, ok := d.pick(off, msg)
		switch {
		case !ok:
			clear(msg[4:])
			d.err = nil
		case f == nil:
			clear(msg[4:])
		default:
			d.scrubIfMsg(msg, f, hdr)
		}
		off += ml
	}
	clear(b[off:])
}

// scrubIfMsg keeps an interface message's header and the name of its
// sockaddr_dl and zeroes the rest.
func (d *RouteIfList) scrubIfMsg(msg []byte, f *ifmFormat, hdr int) {
	if !d.decode(0, msg, f, hdr) {
		d.err = nil
		clear(msg[hdr:])
		return
	}
	// decode succeeded, so the sockaddrs walk as it walked them: keep the
	// sa_len of any sockaddr ahead of RTA_IFP, the first 8 bytes of the
	// sockaddr_dl and the name; zero the rest after the header.
	name := d.rec.Name
	nameOff := cap(msg) - cap(name)
	keep := func(i int) bool { return i >= nameOff-8 && i < nameOff+len(name) }
	align := d.sockaddrAlign()
	addrs := d.u32(msg[f.addrs:])
	p := hdr
	for bit := uint32(1); bit < rtaIFP; bit <<= 1 {
		if addrs&bit == 0 {
			continue
		}
		n := roundSockaddr(int(msg[p]), align)
		for i := p + 1; i < p+n && i < nameOff-8; i++ {
			msg[i] = 0
		}
		p += n
	}
	for i := p; i < len(msg); i++ {
		if !keep(i) {
			msg[i] = 0
		}
	}
	// The kept sockaddr_dl now holds no address: alen and slen are 0.
	msg[nameOff-8+6], msg[nameOff-8+7] = 0, 0
}
