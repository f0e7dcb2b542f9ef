package parse

import (
	"slices"
	"strconv"
)

// A Field names one counter of a [Record]. Fields index [Record.Values].
//
// The first sixteen are the portable counters, in /proc/net/dev column
// order; on Linux the drop, frame and carrier columns of /proc/net/dev are
// sums of kernel counters, and sources that see the parts (sysfs, netlink)
// compute the same sums so every Linux source yields the same portable view.
// The detailed fields after them are only present where a source reports
// them separately.
type Field uint8

// The counters. Each field's comment names every source that fills it and
// the counter's width there, in bits: 32 where the decoder declares it in
// [Record.Narrow] (it wraps at 2^32), 64 where it does not. The sources:
//
// Linux: a /proc/net/dev column ([ProcNetDev]); a sysfs file
// /sys/class/net/<if>/statistics/<file> ([Sysfs]); netlink, a member of
// struct rtnl_link_stats64 in IFLA_STATS64 (RTM_NEWLINK, [NetlinkLinks]) or
// IFLA_STATS_LINK_64 (RTM_NEWSTATS, [NetlinkStats]); IFLA_STATS, the same
// member of the 32-bit struct rtnl_link_stats, which NetlinkLinks reads only
// when IFLA_STATS64 is absent (before 2.6.35). All but IFLA_STATS declare
// every counter 64-bit, although on 32-bit kernels some drivers' counters
// still wrap at 2^32 (FORMATS.md §1.2).
//
// macOS: ifmibdata, the struct ifmibdata of sysctl
// net.link.generic.ifdata.<index>.general (its if_data64 and
// ifmd_snd_drops), which the live source reads ([AppendDarwinIfList2],
// [DecodeIfMibData]); NET_RT_IFLIST2, struct if_msghdr2 and its if_data64
// ([RouteIfList]); NET_RT_IFLIST, struct if_msghdr and its 32-bit if_data
// ([RouteIfList]).
//
// BSD: the if_data of NET_RT_IFLIST's if_msghdr ([RouteIfList]): FreeBSD
// 11+ (u64), FreeBSD 7-10 (u_long: 64 on LP64, 32 on 386 and arm),
// OpenBSD (u64), NetBSD (u64).
//
// Windows: MIB_IF_ROW2 of GetIfTable2's MIB_IF_TABLE2, which the live
// source reads ([MIBIfTable2]); MIB_IFROW of the legacy GetIfTable's
// MIB_IFTABLE, all DWORDs ([MIBIfTable], a decoder only).
const (
	// RxBytes: bytes received. Linux: /proc/net/dev rx "bytes" (none in
	// the 2.0 layout), sysfs rx_bytes, netlink rx_bytes: 64; IFLA_STATS
	// rx_bytes: 32. macOS: ifi_ibytes of ifmibdata: 64; of NET_RT_IFLIST2:
	// a u64 that macOS 11+ fills from 32 bits (rounded down to 1 KiB) for
	// non-Apple binaries, so 32 while it fits, 64 above (older macOS); of
	// NET_RT_IFLIST: 32. BSD: ifi_ibytes of FreeBSD
	// 11+, OpenBSD and NetBSD: 64; of FreeBSD 7-10: 64 on LP64, 32 on 386
	// and arm. Windows: MIB_IF_ROW2 InOctets: 64; MIB_IFTABLE dwInOctets: 32.
	RxBytes Field = iota
	// RxPackets: packets received. Linux: /proc/net/dev rx "packets", sysfs
	// rx_packets, netlink rx_packets: 64; IFLA_STATS rx_packets: 32. macOS:
	// ifi_ipackets of ifmibdata and NET_RT_IFLIST2: 64; of NET_RT_IFLIST:
	// 32. BSD: ifi_ipackets of FreeBSD 11+, OpenBSD and NetBSD: 64; of
	// FreeBSD 7-10: 64 on LP64, 32 on 386 and arm. Windows: MIB_IF_ROW2
	// InUcastPkts + InNUcastPkts: 64; MIB_IFTABLE dwInUcastPkts +
	// dwInNUcastPkts, kept modulo 2^32: 32.
	RxPackets
	// RxErrors: receive errors. Linux: /proc/net/dev rx "errs", sysfs
	// rx_errors, netlink rx_errors: 64; IFLA_STATS rx_errors: 32. macOS:
	// ifi_ierrors of ifmibdata and NET_RT_IFLIST2: 64; of NET_RT_IFLIST: 32.
	// BSD: ifi_ierrors of FreeBSD 11+, OpenBSD and NetBSD: 64; of FreeBSD
	// 7-10: 64 on LP64, 32 on 386 and arm. Windows: MIB_IF_ROW2 InErrors:
	// 64; MIB_IFTABLE dwInErrors: 32.
	RxErrors
	// RxDrop: received packets dropped. Linux: /proc/net/dev rx "drop", the
	// kernel's rx_dropped + rx_missed_errors: 64; sysfs and netlink: the
	// same sum of rx_dropped and rx_missed_errors ([Record.FoldLinuxDetail],
	// when both are read): 64; IFLA_STATS: that sum modulo 2^32: 32. macOS:
	// ifi_iqdrops of ifmibdata and NET_RT_IFLIST2: 64; of NET_RT_IFLIST: 32.
	// BSD: ifi_iqdrops of FreeBSD 11+, OpenBSD and NetBSD: 64; of FreeBSD
	// 7-10: 64 on LP64, 32 on 386 and arm. Windows: MIB_IF_ROW2 InDiscards:
	// 64; MIB_IFTABLE dwInDiscards: 32.
	RxDrop
	// RxFIFO: receive FIFO errors. Linux: /proc/net/dev rx "fifo", sysfs
	// rx_fifo_errors, netlink rx_fifo_errors: 64; IFLA_STATS rx_fifo_errors:
	// 32. Not on macOS, the BSDs or Windows.
	RxFIFO
	// RxFrame: receive framing errors. Linux: /proc/net/dev rx "frame", the
	// kernel's rx_length_errors + rx_over_errors + rx_crc_errors +
	// rx_frame_errors: 64; sysfs and netlink: the same sum
	// ([Record.FoldLinuxDetail], when all four are read): 64; IFLA_STATS:
	// that sum modulo 2^32: 32. Not on macOS, the BSDs or Windows.
	RxFrame
	// RxCompressed: compressed packets received. Linux: /proc/net/dev rx
	// "compressed" (current layout only), sysfs rx_compressed, netlink
	// rx_compressed: 64; IFLA_STATS rx_compressed: 32. Not on macOS, the
	// BSDs or Windows.
	RxCompressed
	// RxMulticast: multicast packets received. Linux: /proc/net/dev rx
	// "multicast" (current layout; last on the line in ~2.1.80-2.1.90),
	// sysfs multicast, netlink multicast: 64; IFLA_STATS multicast: 32.
	// macOS: ifi_imcasts of ifmibdata and NET_RT_IFLIST2: 64; of
	// NET_RT_IFLIST: 32. BSD: ifi_imcasts of FreeBSD 11+, OpenBSD and
	// NetBSD: 64; of FreeBSD 7-10: 64 on LP64, 32 on 386 and arm. Not on
	// Windows (see RxNonUnicastPackets and RxMulticastBytes).
	RxMulticast
	// TxBytes: bytes sent. Linux: /proc/net/dev tx "bytes" (none in the 2.0
	// layout), sysfs tx_bytes, netlink tx_bytes: 64; IFLA_STATS tx_bytes:
	// 32. macOS: ifi_obytes of ifmibdata: 64; of NET_RT_IFLIST2: a u64
	// that macOS 11+ fills from 32 bits (rounded down to 1 KiB) for
	// non-Apple binaries, so 32 while it fits, 64 above (older macOS); of
	// NET_RT_IFLIST: 32. BSD: ifi_obytes of FreeBSD 11+,
	// OpenBSD and NetBSD: 64; of FreeBSD 7-10: 64 on LP64, 32 on 386 and
	// arm. Windows: MIB_IF_ROW2 OutOctets: 64; MIB_IFTABLE dwOutOctets: 32.
	TxBytes
	// TxPackets: packets sent. Linux: /proc/net/dev tx "packets", sysfs
	// tx_packets, netlink tx_packets: 64; IFLA_STATS tx_packets: 32. macOS:
	// ifi_opackets of ifmibdata and NET_RT_IFLIST2: 64; of NET_RT_IFLIST:
	// 32. BSD: ifi_opackets of FreeBSD 11+, OpenBSD and NetBSD: 64; of
	// FreeBSD 7-10: 64 on LP64, 32 on 386 and arm. Windows: MIB_IF_ROW2
	// OutUcastPkts + OutNUcastPkts: 64; MIB_IFTABLE dwOutUcastPkts +
	// dwOutNUcastPkts, kept modulo 2^32: 32.
	TxPackets
	// TxErrors: transmit errors. Linux: /proc/net/dev tx "errs", sysfs
	// tx_errors, netlink tx_errors: 64; IFLA_STATS tx_errors: 32. macOS:
	// ifi_oerrors of ifmibdata and NET_RT_IFLIST2: 64; of NET_RT_IFLIST: 32.
	// BSD: ifi_oerrors of FreeBSD 11+, OpenBSD and NetBSD: 64; of FreeBSD
	// 7-10: 64 on LP64, 32 on 386 and arm. Windows: MIB_IF_ROW2 OutErrors:
	// 64; MIB_IFTABLE dwOutErrors: 32.
	TxErrors
	// TxDrop: packets dropped on transmit. Linux: /proc/net/dev tx "drop",
	// sysfs tx_dropped, netlink tx_dropped: 64; IFLA_STATS tx_dropped: 32.
	// macOS: the u32 send-queue drops, ifmibdata ifmd_snd_drops: 32;
	// NET_RT_IFLIST2 ifm_snd_drops: 32; none in NET_RT_IFLIST. BSD:
	// ifi_oqdrops of FreeBSD 11+ and OpenBSD: 64; none in FreeBSD 7-10 or
	// NetBSD. Windows: MIB_IF_ROW2 OutDiscards: 64; MIB_IFTABLE
	// dwOutDiscards: 32.
	TxDrop
	// TxFIFO: transmit FIFO errors. Linux: /proc/net/dev tx "fifo", sysfs
	// tx_fifo_errors, netlink tx_fifo_errors: 64; IFLA_STATS tx_fifo_errors:
	// 32. Not on macOS, the BSDs or Windows.
	TxFIFO
	// Collisions: collisions. Linux: /proc/net/dev tx "colls", sysfs
	// collisions, netlink collisions: 64; IFLA_STATS collisions: 32. macOS:
	// ifi_collisions of ifmibdata and NET_RT_IFLIST2: 64; of NET_RT_IFLIST:
	// 32. BSD: ifi_collisions of FreeBSD 11+, OpenBSD and NetBSD: 64; of
	// FreeBSD 7-10: 64 on LP64, 32 on 386 and arm. Not on Windows.
	Collisions
	// TxCarrier: transmit carrier errors. Linux: /proc/net/dev tx "carrier",
	// the kernel's tx_carrier_errors + tx_aborted_errors + tx_window_errors
	// + tx_heartbeat_errors: 64; sysfs and netlink: the same sum
	// ([Record.FoldLinuxDetail], when all four are read): 64; IFLA_STATS:
	// that sum modulo 2^32: 32. Not on macOS, the BSDs or Windows.
	TxCarrier
	// TxCompressed: compressed packets sent. Linux: /proc/net/dev tx
	// "compressed" (current layout only), sysfs tx_compressed, netlink
	// tx_compressed: 64; IFLA_STATS tx_compressed: 32. Not on macOS, the
	// BSDs or Windows.
	TxCompressed

	// RxDropped: rx_dropped alone (RxDrop minus RxMissedErrors). Linux:
	// sysfs rx_dropped, netlink rx_dropped: 64; IFLA_STATS rx_dropped: 32.
	// Not in /proc/net/dev, nor on macOS, the BSDs or Windows.
	RxDropped
	// RxMissedErrors: Linux: sysfs rx_missed_errors, netlink
	// rx_missed_errors: 64; IFLA_STATS rx_missed_errors: 32. Not in
	// /proc/net/dev (it is part of RxDrop), nor off Linux.
	RxMissedErrors
	// RxLengthErrors: Linux: sysfs rx_length_errors, netlink
	// rx_length_errors: 64; IFLA_STATS rx_length_errors: 32. Not in
	// /proc/net/dev (it is part of RxFrame), nor off Linux.
	RxLengthErrors
	// RxOverErrors: Linux: sysfs rx_over_errors, netlink rx_over_errors:
	// 64; IFLA_STATS rx_over_errors: 32. Not in /proc/net/dev (it is part
	// of RxFrame), nor off Linux.
	RxOverErrors
	// RxCRCErrors: Linux: sysfs rx_crc_errors, netlink rx_crc_errors: 64;
	// IFLA_STATS rx_crc_errors: 32. Not in /proc/net/dev (it is part of
	// RxFrame), nor off Linux.
	RxCRCErrors
	// RxFrameErrors: Linux: sysfs rx_frame_errors, netlink
	// rx_frame_errors: 64; IFLA_STATS rx_frame_errors: 32. Not in
	// /proc/net/dev (it is part of RxFrame), nor off Linux.
	RxFrameErrors
	// TxAbortedErrors: Linux: sysfs tx_aborted_errors, netlink
	// tx_aborted_errors: 64; IFLA_STATS tx_aborted_errors: 32. Not in
	// /proc/net/dev (it is part of TxCarrier), nor off Linux.
	TxAbortedErrors
	// TxCarrierErrors: Linux: sysfs tx_carrier_errors, netlink
	// tx_carrier_errors: 64; IFLA_STATS tx_carrier_errors: 32. Not in
	// /proc/net/dev (it is part of TxCarrier), nor off Linux.
	TxCarrierErrors
	// TxHeartbeatErrors: Linux: sysfs tx_heartbeat_errors, netlink
	// tx_heartbeat_errors: 64; IFLA_STATS tx_heartbeat_errors: 32. Not in
	// /proc/net/dev (it is part of TxCarrier), nor off Linux.
	TxHeartbeatErrors
	// TxWindowErrors: Linux: sysfs tx_window_errors, netlink
	// tx_window_errors: 64; IFLA_STATS tx_window_errors: 32. Not in
	// /proc/net/dev (it is part of TxCarrier), nor off Linux.
	TxWindowErrors
	// RxNoHandler: packets dropped for want of a protocol handler (Linux
	// 4.6+). Linux: sysfs rx_nohandler, netlink rx_nohandler (IFLA_STATS64
	// or IFLA_STATS_LINK_64 of 192 bytes or more): 64; IFLA_STATS
	// rx_nohandler (the 96-byte struct): 32. Not in /proc/net/dev, nor off
	// Linux.
	RxNoHandler
	// RxOtherhostDropped: packets dropped for another host (Linux 5.19+).
	// Linux: netlink rx_otherhost_dropped (IFLA_STATS64 or
	// IFLA_STATS_LINK_64 of 200 bytes or more): 64. Not in /proc/net/dev,
	// sysfs or IFLA_STATS, nor off Linux.
	RxOtherhostDropped

	// RxNoProto: received packets for an unknown protocol. macOS:
	// ifi_noproto of ifmibdata and NET_RT_IFLIST2: 64; of NET_RT_IFLIST:
	// 32. BSD: ifi_noproto of FreeBSD 11+, OpenBSD and NetBSD: 64; of
	// FreeBSD 7-10: 64 on LP64, 32 on 386 and arm. Windows: MIB_IF_ROW2
	// InUnknownProtos: 64; MIB_IFTABLE dwInUnknownProtos: 32. Not on Linux.
	RxNoProto
	// TxMulticast: multicast packets sent. macOS: ifi_omcasts of ifmibdata
	// and NET_RT_IFLIST2: 64; of NET_RT_IFLIST: 32. BSD: ifi_omcasts of
	// FreeBSD 11+, OpenBSD and NetBSD: 64; of FreeBSD 7-10: 64 on LP64, 32
	// on 386 and arm. Not on Linux or Windows.
	TxMulticast
	// RxUnicastPackets: Windows: MIB_IF_ROW2 InUcastPkts: 64; MIB_IFTABLE
	// dwInUcastPkts: 32. Windows only.
	RxUnicastPackets
	// RxNonUnicastPackets: Windows: MIB_IF_ROW2 InNUcastPkts: 64;
	// MIB_IFTABLE dwInNUcastPkts: 32. Windows only.
	RxNonUnicastPackets
	// TxUnicastPackets: Windows: MIB_IF_ROW2 OutUcastPkts: 64; MIB_IFTABLE
	// dwOutUcastPkts: 32. Windows only.
	TxUnicastPackets
	// TxNonUnicastPackets: Windows: MIB_IF_ROW2 OutNUcastPkts: 64;
	// MIB_IFTABLE dwOutNUcastPkts: 32. Windows only.
	TxNonUnicastPackets
	// RxUnicastBytes: Windows: MIB_IF_ROW2 InUcastOctets: 64. Not in
	// MIB_IFTABLE; Windows only.
	RxUnicastBytes
	// RxMulticastBytes: Windows: MIB_IF_ROW2 InMulticastOctets: 64. Not in
	// MIB_IFTABLE; Windows only.
	RxMulticastBytes
	// RxBroadcastBytes: Windows: MIB_IF_ROW2 InBroadcastOctets: 64. Not in
	// MIB_IFTABLE; Windows only.
	RxBroadcastBytes
	// TxUnicastBytes: Windows: MIB_IF_ROW2 OutUcastOctets: 64. Not in
	// MIB_IFTABLE; Windows only.
	TxUnicastBytes
	// TxMulticastBytes: Windows: MIB_IF_ROW2 OutMulticastOctets: 64. Not in
	// MIB_IFTABLE; Windows only.
	TxMulticastBytes
	// TxBroadcastBytes: Windows: MIB_IF_ROW2 OutBroadcastOctets: 64. Not in
	// MIB_IFTABLE; Windows only.
	TxBroadcastBytes

	// NumFields is the number of fields; it is not a field.
	NumFields
)

// fieldNames are the JSON keys of the fields, in Field order. They follow
// the kernel's rtnl_link_stats64 names where Linux has the counter.
var fieldNames = [NumFields]string{
	RxBytes:             "rx_bytes",
	RxPackets:           "rx_packets",
	RxErrors:            "rx_errors",
	RxDrop:              "rx_drop",
	RxFIFO:              "rx_fifo",
	RxFrame:             "rx_frame",
	RxCompressed:        "rx_compressed",
	RxMulticast:         "rx_multicast",
	TxBytes:             "tx_bytes",
	TxPackets:           "tx_packets",
	TxErrors:            "tx_errors",
	TxDrop:              "tx_drop",
	TxFIFO:              "tx_fifo",
	Collisions:          "collisions",
	TxCarrier:           "tx_carrier",
	TxCompressed:        "tx_compressed",
	RxDropped:           "rx_dropped",
	RxMissedErrors:      "rx_missed_errors",
	RxLengthErrors:      "rx_length_errors",
	RxOverErrors:        "rx_over_errors",
	RxCRCErrors:         "rx_crc_errors",
	RxFrameErrors:       "rx_frame_errors",
	TxAbortedErrors:     "tx_aborted_errors",
	TxCarrierErrors:     "tx_carrier_errors",
	TxHeartbeatErrors:   "tx_heartbeat_errors",
	TxWindowErrors:      "tx_window_errors",
	RxNoHandler:         "rx_nohandler",
	RxOtherhostDropped:  "rx_otherhost_dropped",
	RxNoProto:           "rx_noproto",
	TxMulticast:         "tx_multicast",
	RxUnicastPackets:    "rx_unicast_packets",
	RxNonUnicastPackets: "rx_nonunicast_packets",
	TxUnicastPackets:    "tx_unicast_packets",
	TxNonUnicastPackets: "tx_nonunicast_packets",
	RxUnicastBytes:      "rx_unicast_bytes",
	RxMulticastBytes:    "rx_multicast_bytes",
	RxBroadcastBytes:    "rx_broadcast_bytes",
	TxUnicastBytes:      "tx_unicast_bytes",
	TxMulticastBytes:    "tx_multicast_bytes",
	TxBroadcastBytes:    "tx_broadcast_bytes",
}

// String returns the field's JSON key, such as "rx_bytes".
func (f Field) String() string {
	if f < NumFields {
		return fieldNames[f]
	}
	return "field(" + strconv.Itoa(int(f)) + ")"
}

// FieldByName returns the field whose [Field.String] is name.
func FieldByName(name string) (Field, bool) {
	for f, n := range fieldNames {
		if n == name {
			return Field(f), true
		}
	}
	return 0, false
}

// A FieldSet is a set of fields, one bit per [Field].
type FieldSet uint64

// Portable is the set of the sixteen /proc/net/dev counters.
const Portable FieldSet = 1<<(TxCompressed+1) - 1

// AllFields is the set of every field.
const AllFields FieldSet = 1<<NumFields - 1

// LinuxDetail is the set of counters sysfs and netlink report beyond the
// /proc/net/dev columns (rx_otherhost_dropped only comes from netlink).
const LinuxDetail FieldSet = 1<<RxDropped | 1<<RxMissedErrors | 1<<RxLengthErrors |
	1<<RxOverErrors | 1<<RxCRCErrors | 1<<RxFrameErrors | 1<<TxAbortedErrors |
	1<<TxCarrierErrors | 1<<TxHeartbeatErrors | 1<<TxWindowErrors | 1<<RxNoHandler

// Has reports whether f is in s.
func (s FieldSet) Has(f Field) bool { return f < NumFields && s&(1<<f) != 0 }

// With returns s with f added.
func (s FieldSet) With(f Field) FieldSet { return s | 1<<f }

// A Record is one interface's counters from one reading of one source.
//
// A Record returned by a decoder borrows Name from the decoder's input: it
// is valid until the decoder's next call to Next or Reset. Use [Record.Clone]
// to keep it longer.
type Record struct {
	// Name is the interface name as the source gave it, byte for byte; it
	// is never normalised. On Linux it is 1 to 15 bytes, not "." or "..",
	// and may hold any byte but NUL, '/' and white space: ':' (a
	// /proc/net/dev name ends at the line's last colon, as in "team0:1"),
	// UTF-8 and control bytes such as ESC are kept. BSD and macOS names
	// from an interface list ([RouteIfList]) are 1 to 15 bytes of any byte
	// but NUL; [DecodeIfMibData] checks ifmd_name by the Linux rules.
	// Windows names are the UTF-8 form of the interface Alias.
	Name []byte
	// Index is the interface index, or 0 when the source does not say.
	Index int32
	// Values holds the counters, indexed by [Field]. A value is meaningful
	// only if its field is in Has.
	Values [NumFields]uint64
	// Has is the set of fields this reading really provides. A field not in
	// Has is "not available", which is different from 0.
	Has FieldSet
	// Narrow is the set of fields the source declared 32 bits wide: they wrap
	// at 2^32. Every other present field wraps at 2^64.
	Narrow FieldSet
}

// Get returns the value of f and whether the record has it.
func (r *Record) Get(f Field) (uint64, bool) {
	if !r.Has.Has(f) {
		return 0, false
	}
	return r.Values[f], true
}

// Set stores v as the value of f and marks f present.
func (r *Record) Set(f Field, v uint64) {
	r.Values[f] = v
	r.Has |= 1 << f
}

// Width returns the number of bits at which f wraps: 32 or 64.
func (r *Record) Width(f Field) int {
	if r.Narrow.Has(f) {
		return 32
	}
	return 64
}

// Clone returns a copy of r whose Name does not alias r's.
func (r *Record) Clone() Record {
	c := *r
	c.Name = append([]byte(nil), r.Name...)
	return c
}

// AppendRecord appends *r to dst and returns the extended slice. It does
// what append(dst, *r) does with one copy of the record where the Go
// compiler makes two (through a temporary), a saving of about 4 % of a
// /proc/net/dev parse (BenchmarkProcNetDev). The appended record borrows
// r.Name as r does.
func AppendRecord(dst []Record, r *Record) []Record {
	dst = slices.Grow(dst, 1)[:len(dst)+1]
	dst[len(dst)-1] = *r
	return dst
}

// FoldLinuxDetail sets the folded /proc/net/dev counters (RxDrop, RxFrame,
// TxCarrier) from the detailed kernel counters, the way the kernel's
// dev_seq_printf_stats does, for every sum whose parts are all present. A
// Linux source that reads the parts (sysfs, netlink) calls it so that every
// Linux source gives the same portable counters. A sum is declared 32-bit
// if any of its parts is, and is then kept modulo 2^32.
func (r *Record) FoldLinuxDetail() {
	r.fold(RxDrop, RxDropped, RxMissedErrors)
	r.fold(RxFrame, RxLengthErrors, RxOverErrors, RxCRCErrors, RxFrameErrors)
	r.fold(TxCarrier, TxCarrierErrors, TxAbortedErrors, TxWindowErrors, TxHeartbeatErrors)
}

func (r *Record) fold(sum Field, parts ...Field) {
	var v uint64
	narrow := false
	for _, p := range parts {
		if !r.Has.Has(p) {
			return
		}
		v += r.Values[p]
		narrow = narrow || r.Narrow.Has(p)
	}
	if narrow {
		// The sum of counters that wrap at 2^32 is kept modulo 2^32, so it
		// is itself a 32-bit counter: its deltas are the sums of the
		// parts' deltas (as a 32-bit kernel's unsigned long sum is).
		v &= 1<<32 - 1
		r.Narrow |= 1 << sum
	} else {
		r.Narrow &^= 1 << sum
	}
	r.Set(sum, v)
}
