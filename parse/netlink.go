package parse

import (
	"encoding/binary"
	"errors"
	"strconv"
)

// Netlink sentinels. A [*ParseError] from [NetlinkLinks] or [NetlinkStats]
// wraps one of these, [ErrShort] or [ErrLength].
var (
	// ErrNetlinkError: the kernel answered with an NLMSG_ERROR message
	// carrying a non-zero error code; the decoder's Errno method returns it.
	ErrNetlinkError = errors.New("netlink error message")
	// ErrOverrun: the kernel reported NLMSG_OVERRUN (data lost).
	ErrOverrun = errors.New("netlink overrun")
)

// Netlink wire constants, from the Linux uapi headers (linux/netlink.h,
// linux/rtnetlink.h, linux/if_link.h). They are mirrored here as literals
// so that this package builds on every OS.
const (
	nlmsgHdrLen   = 16 // struct nlmsghdr
	ifInfoMsgLen  = 16 // struct ifinfomsg
	ifStatsMsgLen = 12 // struct if_stats_msg

	nlmsgNoop    = 1
	nlmsgError   = 2
	nlmsgDone    = 3
	nlmsgOverrun = 4

	nlmFDumpIntr = 0x10 // NLM_F_DUMP_INTR

	rtmNewLink  = 16
	rtmDelLink  = 17
	rtmNewStats = 92

	iflaIfName        = 3
	iflaStats         = 7
	iflaLinkInfo      = 18
	iflaStats64       = 23
	iflaParentDevName = 56

	iflaStatsLink64 = 1 // IFLA_STATS_LINK_64 inside RTM_NEWSTATS

	iflaOperState = 16

	iffLoopback    = 0x8 // IFF_LOOPBACK in ifinfomsg.ifi_flags
	arphrdLoopback = 772 // ARPHRD_LOOPBACK
	nlaTypeMask    = 0x3fff
	stats64MinLen  = 184 // rtnl_link_stats64 before Linux 4.6
	stats32MinLen  = 92  // rtnl_link_stats before Linux 4.6
	statsOtherhost = 24  // index of rx_otherhost_dropped (Linux 5.19+, 64-bit only)
)

// linkStatsFields maps the members of struct rtnl_link_stats64 (IFLA_STATS64,
// IFLA_STATS_LINK_64; each a __u64 at 8*i) and struct rtnl_link_stats
// (IFLA_STATS; each a __u32 at 4*i), in member order, to record fields.
// The 32-bit struct has no rx_otherhost_dropped.
var linkStatsFields = [...]Field{
	RxPackets,          // rx_packets
	TxPackets,          // tx_packets
	RxBytes,            // rx_bytes
	TxBytes,            // tx_bytes
	RxErrors,           // rx_errors
	TxErrors,           // tx_errors
	RxDropped,          // rx_dropped
	TxDrop,             // tx_dropped
	RxMulticast,        // multicast
	Collisions,         // collisions
	RxLengthErrors,     // rx_length_errors
	RxOverErrors,       // rx_over_errors
	RxCRCErrors,        // rx_crc_errors
	RxFrameErrors,      // rx_frame_errors
	RxFIFO,             // rx_fifo_errors
	RxMissedErrors,     // rx_missed_errors
	TxAbortedErrors,    // tx_aborted_errors
	TxCarrierErrors,    // tx_carrier_errors
	TxFIFO,             // tx_fifo_errors
	TxHeartbeatErrors,  // tx_heartbeat_errors
	TxWindowErrors,     // tx_window_errors
	RxCompressed,       // rx_compressed
	TxCompressed,       // tx_compressed
	RxNoHandler,        // rx_nohandler (4.6+)
	RxOtherhostDropped, // rx_otherhost_dropped (5.19+)
}

// A LinkKind is a set of facts about what kind of interface a record is,
// used by kind filters. Sources fill what they can see.
type LinkKind uint8

const (
	// KindLoopback: the loopback device (ARPHRD_LOOPBACK, or IFF_LOOPBACK
	// set in its flags).
	KindLoopback LinkKind = 1 << iota
	// KindPhysical: a device backed by hardware. sysfs: the interface
	// directory has a "device" link. netlink: the link carries
	// IFLA_PARENT_DEV_NAME (Linux 5.16+), or has no IFLA_LINKINFO (no
	// rtnl_link_ops: veth, bridge, tun, vlan, ... all have one) and is not
	// the loopback device.
	KindPhysical
)

// An OperState is an RFC 2863 operational state as Linux reports it in
// sysfs "operstate" and netlink IFLA_OPERSTATE.
type OperState uint8

// The operational states, numbered as IFLA_OPERSTATE numbers them.
const (
	OperUnknown OperState = iota
	OperNotPresent
	OperDown
	OperLowerLayerDown
	OperTesting
	OperDormant
	OperUp
)

var operNames = [...]string{"unknown", "notpresent", "down", "lowerlayerdown", "testing", "dormant", "up"}

// String returns the state as sysfs spells it, such as "up".
func (s OperState) String() string {
	if int(s) < len(operNames) {
		return operNames[s]
	}
	return "operstate(" + strconv.Itoa(int(s)) + ")"
}

// nlReader holds what both netlink decoders share: the buffer, the walk
// over netlink messages, the byte order and the sticky error.
type nlReader struct {
	buf       []byte
	off       int // offset of the next message
	msg       int // offset of the current message
	bigEndian bool
	seq       uint32
	checkSeq  bool
	done      bool
	intr      bool
	skipped   int
	errno     int32
	err       error
}

func (r *nlReader) reset(buf []byte) {
	*r = nlReader{buf: buf, bigEndian: r.bigEndian, seq: r.seq, checkSeq: r.checkSeq}
}

func (r *nlReader) u16(b []byte) uint16 {
	if r.bigEndian {
		return uint16(b[0])<<8 | uint16(b[1])
	}
	return uint16(b[1])<<8 | uint16(b[0])
}

func (r *nlReader) u32(b []byte) uint32 {
	if r.bigEndian {
		return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	}
	return uint32(b[3])<<24 | uint32(b[2])<<16 | uint32(b[1])<<8 | uint32(b[0])
}

// next advances to the next message of type want1 or want2 and returns its
// type and payload. Control messages are handled here: NLMSG_DONE ends the
// walk, NLMSG_ERROR with a non-zero code is a sticky error, NLMSG_NOOP and
// other types are skipped and counted. Every message's NLM_F_DUMP_INTR flag
// is remembered.
func (r *nlReader) next(src string, want1, want2 uint16) (typ uint16, payload []byte, ok bool) {
	for r.err == nil && !r.done {
		rest := r.buf[r.off:]
		if len(rest) == 0 {
			return 0, nil, false
		}
		if len(rest) < nlmsgHdrLen {
			r.fail(src, r.off, "nlmsghdr", "", ErrShort)
			return 0, nil, false
		}
		n := int(r.u32(rest[0:4]))
		if n < nlmsgHdrLen {
			r.fail(src, r.off, "nlmsg_len", strconv.Itoa(n), ErrLength)
			return 0, nil, false
		}
		if n > len(rest) {
			r.fail(src, r.off, "nlmsg_len", strconv.Itoa(n), ErrShort)
			return 0, nil, false
		}
		typ := r.u16(rest[4:6])
		flags := r.u16(rest[6:8])
		seq := r.u32(rest[8:12])
		r.msg = r.off
		// Messages are padded to 4 bytes; the last may lack its padding.
		adv := (n + 3) &^ 3
		if adv > len(rest) {
			adv = len(rest)
		}
		r.off += adv
		if r.checkSeq && seq != r.seq {
			r.skipped++ // a reply to an earlier request
			continue
		}
		if flags&nlmFDumpIntr != 0 {
			r.intr = true
		}
		body := rest[nlmsgHdrLen:n]
		switch typ {
		case nlmsgDone:
			// The payload is the dump's int32 result (0 on success);
			// a negative one means the dump failed.
			r.done = true
			if len(body) >= 4 {
				if code := int32(r.u32(body[0:4])); code < 0 {
					r.errno = -code
					r.fail(src, r.msg+nlmsgHdrLen, "NLMSG_DONE", "errno "+strconv.Itoa(int(-code)), ErrNetlinkError)
				}
			}
			return 0, nil, false
		case nlmsgError:
			if len(body) < 4 {
				r.fail(src, r.msg+nlmsgHdrLen, "nlmsgerr", "", ErrShort)
				return 0, nil, false
			}
			if code := int32(r.u32(body[0:4])); code != 0 {
				r.errno = -code
				r.fail(src, r.msg+nlmsgHdrLen, "nlmsgerr", "errno "+strconv.Itoa(int(-code)), ErrNetlinkError)
				return 0, nil, false
			}
			r.skipped++ // an acknowledgement
		case nlmsgOverrun:
			r.fail(src, r.msg, "", "", ErrOverrun)
			return 0, nil, false
		case want1, want2:
			return typ, body, true
		default:
			r.skipped++
		}
	}
	return 0, nil, false
}

func (r *nlReader) fail(src string, off int, field, text string, err error) {
	if r.err == nil {
		r.err = &ParseError{Source: src, Offset: off, Field: field, Text: text, Err: err}
	}
}

// decodeStats fills rec from a rtnl_link_stats64 (wide) or rtnl_link_stats
// payload whose length the caller checked.
func (r *nlReader) decodeStats(rec *Record, p []byte, wide bool) {
	if wide {
		n := min(len(p)/8, len(linkStatsFields))
		p = p[:8*n]
		if r.bigEndian {
			for i, f := range linkStatsFields[:n] {
				rec.Values[f] = binary.BigEndian.Uint64(p[8*i:])
			}
		} else {
			for i, f := range linkStatsFields[:n] {
				rec.Values[f] = binary.LittleEndian.Uint64(p[8*i:])
			}
		}
		rec.Has |= statsFieldSets[n]
	} else {
		n := min(len(p)/4, statsOtherhost) // the 32-bit struct ends at rx_nohandler
		p = p[:4*n]
		for i, f := range linkStatsFields[:n] {
			if r.bigEndian {
				rec.Values[f] = uint64(binary.BigEndian.Uint32(p[4*i:]))
			} else {
				rec.Values[f] = uint64(binary.LittleEndian.Uint32(p[4*i:]))
			}
		}
		rec.Has |= statsFieldSets[n]
		rec.Narrow |= statsFieldSets[n]
	}
	rec.FoldLinuxDetail()
}

// statsFieldSets[n] is the set of the first n fields of linkStatsFields.
var statsFieldSets = func() (s [len(linkStatsFields) + 1]FieldSet) {
	for i, f := range linkStatsFields {
		s[i+1] = s[i].With(f)
	}
	return s
}()

// nlAttr is one attribute found by walkAttrs.
type nlAttr struct {
	typ  uint16
	data []byte
}

// A NetlinkLinks decodes an RTM_GETLINK dump: the RTM_NEWLINK messages the
// kernel sends, as received (several recv(2) buffers concatenated), ending
// with NLMSG_DONE. It also decodes RTM_NEWLINK and RTM_DELLINK
// notifications.
//
// Per link it reads the ifinfomsg header (index, ARPHRD type, flags) and
// the attributes IFLA_IFNAME, IFLA_STATS64, IFLA_STATS, IFLA_OPERSTATE,
// IFLA_LINKINFO and IFLA_PARENT_DEV_NAME; other attributes are skipped.
// Counters come from IFLA_STATS64 (struct rtnl_link_stats64, 64-bit) of
// any length of at least 184 bytes: 184 before Linux 4.6, 192 with
// rx_nohandler, 200 with rx_otherhost_dropped (5.19); a longer tail from a
// future kernel is ignored. Only when IFLA_STATS64 is absent (before
// 2.6.35) it uses IFLA_STATS (struct rtnl_link_stats, 92 or 96 bytes) and
// declares those counters 32-bit in [Record.Narrow]. The folded
// /proc/net/dev counters are computed with [Record.FoldLinuxDetail].
//
// Next only locates a link and checks its layout; Name, Index, Kind and
// OperState are then cheap, and Record decodes the counters. A caller that
// filters by name or kind calls Record only for the links it keeps.
//
// Values are in the byte order of the host that produced them (netlink is
// host-endian): set BigEndian for a big-endian host's bytes. The zero
// value decodes little-endian and is ready for Reset; a NetlinkLinks
// allocates nothing.
type NetlinkLinks struct {
	// Source names the input in errors, such as "netlink/getlink.bin".
	Source string
	// BigEndian says the bytes come from a big-endian host.
	BigEndian bool
	// Seq, when CheckSeq is set, is the sequence number of the request:
	// messages with another one are replies to an earlier request and are
	// skipped.
	Seq      uint32
	CheckSeq bool

	r       nlReader
	name    []byte
	index   int32
	flags   uint32
	arphrd  uint16
	oper    OperState
	kind    LinkKind
	deleted bool
	stats   []byte
	wide    bool
	rec     Record
}

// Reset starts decoding buf, which holds whole netlink messages.
func (d *NetlinkLinks) Reset(buf []byte) {
	d.r.bigEndian, d.r.seq, d.r.checkSeq = d.BigEndian, d.Seq, d.CheckSeq
	d.r.reset(buf)
	d.name, d.stats = nil, nil
}

func (d *NetlinkLinks) src() string {
	if d.Source == "" {
		return "netlink"
	}
	return d.Source
}

// Next locates the next link message. It returns false at NLMSG_DONE, at
// the end of the input, or on the first error, which Err then returns.
func (d *NetlinkLinks) Next() bool {
	typ, body, ok := d.r.next(d.src(), rtmNewLink, rtmDelLink)
	if !ok {
		return false
	}
	base := d.r.msg + nlmsgHdrLen
	if len(body) < ifInfoMsgLen {
		d.r.fail(d.src(), base, "ifinfomsg", "", ErrShort)
		return false
	}
	d.deleted = typ == rtmDelLink
	d.arphrd = d.r.u16(body[2:4])
	d.index = int32(d.r.u32(body[4:8]))
	d.flags = d.r.u32(body[8:12])
	d.name, d.stats, d.wide, d.oper = nil, nil, false, OperUnknown
	var stats32 []byte
	linkInfo, parent := false, false
	off := ifInfoMsgLen
	for off < len(body) {
		a, adv, ok := d.attr(body, off, base)
		if !ok {
			return false
		}
		switch a.typ {
		case iflaIfName:
			name := a.data
			for i, c := range name {
				if c == 0 {
					name = name[:i]
					break
				}
			}
			d.name = name
		case iflaStats64:
			if len(a.data) < stats64MinLen {
				d.r.fail(d.src(), base+off, "IFLA_STATS64", strconv.Itoa(len(a.data))+" bytes", ErrLength)
				return false
			}
			d.stats, d.wide = a.data, true
		case iflaStats:
			if len(a.data) < stats32MinLen {
				d.r.fail(d.src(), base+off, "IFLA_STATS", strconv.Itoa(len(a.data))+" bytes", ErrLength)
				return false
			}
			stats32 = a.data
		case iflaOperState: // u8
			if len(a.data) >= 1 {
				d.oper = OperState(a.data[0])
			}
		case iflaLinkInfo:
			linkInfo = true
		case iflaParentDevName:
			parent = true
		}
		off += adv
	}
	if d.stats == nil && stats32 != nil {
		d.stats = stats32
	}
	if d.name == nil {
		d.r.fail(d.src(), base, "IFLA_IFNAME", "index "+strconv.Itoa(int(d.index)), ErrEmptyName)
		return false
	}
	if err := checkName(d.name); err != nil {
		d.r.err = &ParseError{Source: d.src(), Offset: base, Field: "IFLA_IFNAME", Text: excerpt(d.name), Err: err}
		return false
	}
	d.kind = 0
	loop := d.arphrd == arphrdLoopback || d.flags&iffLoopback != 0
	if loop {
		d.kind |= KindLoopback
	}
	if parent || !linkInfo && !loop {
		d.kind |= KindPhysical
	}
	return true
}

// attr reads the attribute at body[off:]; base is body's offset in the
// input, for errors. adv is the aligned length to the next attribute.
func (d *NetlinkLinks) attr(body []byte, off, base int) (a nlAttr, adv int, ok bool) {
	return readAttr(&d.r, d.src(), body, off, base)
}

func readAttr(r *nlReader, src string, body []byte, off, base int) (a nlAttr, adv int, ok bool) {
	rest := body[off:]
	if len(rest) < 4 {
		r.fail(src, base+off, "rtattr", "", ErrShort)
		return a, 0, false
	}
	n := int(r.u16(rest[0:2]))
	if n < 4 {
		r.fail(src, base+off, "rta_len", strconv.Itoa(n), ErrLength)
		return a, 0, false
	}
	if n > len(rest) {
		r.fail(src, base+off, "rta_len", strconv.Itoa(n), ErrShort)
		return a, 0, false
	}
	a.typ = r.u16(rest[2:4]) & nlaTypeMask
	a.data = rest[4:n]
	adv = (n + 3) &^ 3
	if adv > len(rest) {
		adv = len(rest)
	}
	return a, adv, true
}

// Name returns the current link's IFLA_IFNAME, borrowing from the input.
func (d *NetlinkLinks) Name() []byte { return d.name }

// Index returns the current link's ifindex.
func (d *NetlinkLinks) Index() int32 { return d.index }

// Type returns the current link's ARPHRD_* device type.
func (d *NetlinkLinks) Type() uint16 { return d.arphrd }

// Flags returns the current link's IFF_* flags.
func (d *NetlinkLinks) Flags() uint32 { return d.flags }

// OperState returns the current link's IFLA_OPERSTATE (OperUnknown when
// absent).
func (d *NetlinkLinks) OperState() OperState { return d.oper }

// Kind returns what kind of link the current one is.
func (d *NetlinkLinks) Kind() LinkKind { return d.kind }

// Deleted reports whether the current message is an RTM_DELLINK
// notification rather than RTM_NEWLINK.
func (d *NetlinkLinks) Deleted() bool { return d.deleted }

// Record decodes the current link's counters. The record and its Name are
// valid until the next call to Next or Reset. A link without statistics
// attributes gives a record with no fields present.
func (d *NetlinkLinks) Record() *Record {
	d.rec = Record{Name: d.name, Index: d.index}
	if d.stats != nil {
		d.r.decodeStats(&d.rec, d.stats, d.wide)
	}
	return &d.rec
}

// Done reports whether NLMSG_DONE ended the input.
func (d *NetlinkLinks) Done() bool { return d.r.done }

// Interrupted reports whether a message so far carried NLM_F_DUMP_INTR: the
// link list changed during the dump, so a link may be missing or repeated.
// Retry the dump.
func (d *NetlinkLinks) Interrupted() bool { return d.r.intr }

// Skipped returns how many messages so far were skipped: acknowledgements,
// replies to other requests, and types this decoder does not read.
func (d *NetlinkLinks) Skipped() int { return d.r.skipped }

// Errno returns the error code of the NLMSG_ERROR message that stopped
// decoding, negated as the kernel sends it negative: 1 for EPERM, or 0. A
// positive code, which no kernel sends, comes back negative.
func (d *NetlinkLinks) Errno() int32 { return d.r.errno }

// Err returns the first error met, or nil.
func (d *NetlinkLinks) Err() error { return d.r.err }

// A NetlinkStats decodes an RTM_GETSTATS dump that asked for
// IFLA_STATS_LINK_64: RTM_NEWSTATS messages, each an if_stats_msg header
// (ifindex at offset 4) followed by the IFLA_STATS_LINK_64 attribute, a
// struct rtnl_link_stats64 of at least 184 bytes (longer tails ignored, as
// for [NetlinkLinks]). The messages carry no names: a caller maps Index to
// a name from an RTM_GETLINK dump, sets Record().Name itself, and skips the
// indexes it does not want before calling Record.
//
// The zero value decodes little-endian and is ready for Reset; a
// NetlinkStats allocates nothing.
type NetlinkStats struct {
	// Source names the input in errors, such as "netlink/getstats.bin".
	Source string
	// BigEndian says the bytes come from a big-endian host.
	BigEndian bool
	// Seq and CheckSeq are as for [NetlinkLinks].
	Seq      uint32
	CheckSeq bool

	r     nlReader
	index int32
	stats []byte
	rec   Record
}

// Reset starts decoding buf, which holds whole netlink messages.
func (d *NetlinkStats) Reset(buf []byte) {
	d.r.bigEndian, d.r.seq, d.r.checkSeq = d.BigEndian, d.Seq, d.CheckSeq
	d.r.reset(buf)
	d.stats = nil
}

func (d *NetlinkStats) src() string {
	if d.Source == "" {
		return "netlink"
	}
	return d.Source
}

// Next locates the next RTM_NEWSTATS message. It returns false at
// NLMSG_DONE, at the end of the input, or on the first error.
func (d *NetlinkStats) Next() bool {
	_, body, ok := d.r.next(d.src(), rtmNewStats, rtmNewStats)
	if !ok {
		return false
	}
	base := d.r.msg + nlmsgHdrLen
	if len(body) < ifStatsMsgLen {
		d.r.fail(d.src(), base, "if_stats_msg", "", ErrShort)
		return false
	}
	d.index = int32(d.r.u32(body[4:8]))
	d.stats = nil
	off := ifStatsMsgLen
	for off < len(body) {
		a, adv, ok := readAttr(&d.r, d.src(), body, off, base)
		if !ok {
			return false
		}
		if a.typ == iflaStatsLink64 {
			if len(a.data) < stats64MinLen {
				d.r.fail(d.src(), base+off, "IFLA_STATS_LINK_64", strconv.Itoa(len(a.data))+" bytes", ErrLength)
				return false
			}
			d.stats = a.data
		}
		off += adv
	}
	return true
}

// Index returns the current message's ifindex.
func (d *NetlinkStats) Index() int32 { return d.index }

// Record decodes the current message's counters. Name is nil; Index is
// set. A message without IFLA_STATS_LINK_64 gives no fields.
func (d *NetlinkStats) Record() *Record {
	d.rec = Record{Index: d.index}
	if d.stats != nil {
		d.r.decodeStats(&d.rec, d.stats, true)
	}
	return &d.rec
}

// Done reports whether NLMSG_DONE ended the input.
func (d *NetlinkStats) Done() bool { return d.r.done }

// Interrupted reports whether a message carried NLM_F_DUMP_INTR.
func (d *NetlinkStats) Interrupted() bool { return d.r.intr }

// Skipped returns how many messages were skipped.
func (d *NetlinkStats) Skipped() int { return d.r.skipped }

// Errno returns the error code of the NLMSG_ERROR message that stopped
// decoding, negated (see [NetlinkLinks.Errno]), or 0.
func (d *NetlinkStats) Errno() int32 { return d.r.errno }

// Err returns the first error met, or nil.
func (d *NetlinkStats) Err() error { return d.r.err }

// NetlinkMessagesEnd scans buf, a concatenation of netlink messages, and
// reports whether it holds the end of a dump: an NLMSG_DONE, an
// NLMSG_OVERRUN (which the decoders report as [ErrOverrun]), or an
// NLMSG_ERROR with a non-zero code. Malformed input also ends it (the
// decoder then reports the error). Sources use it to know when to stop
// receiving.
func NetlinkMessagesEnd(buf []byte, bigEndian bool) bool {
	r := nlReader{bigEndian: bigEndian}
	for off := 0; off+nlmsgHdrLen <= len(buf); {
		n := int(r.u32(buf[off:]))
		if n < nlmsgHdrLen || n > len(buf)-off {
			return true
		}
		switch r.u16(buf[off+4:]) {
		case nlmsgDone, nlmsgOverrun:
			return true
		case nlmsgError:
			if n < nlmsgHdrLen+4 || r.u32(buf[off+nlmsgHdrLen:]) != 0 {
				return true
			}
		}
		off += (n + 3) &^ 3
	}
	return false
}
