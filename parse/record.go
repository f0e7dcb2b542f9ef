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

// The counters. Per field: where each source takes it from. Widths are
// declared per reading in [Record.Narrow]; a source that declares nothing
// gives 64-bit counters.
const (
	// RxBytes: /proc/net/dev rx "bytes"; sysfs rx_bytes; netlink rx_bytes;
	// BSD/macOS ifi_ibytes; Windows InOctets.
	RxBytes Field = iota
	// RxPackets: /proc/net/dev rx "packets"; sysfs rx_packets; BSD/macOS
	// ifi_ipackets; Windows InUcastPkts + InNUcastPkts.
	RxPackets
	// RxErrors: /proc/net/dev rx "errs"; sysfs rx_errors; BSD/macOS
	// ifi_ierrors; Windows InErrors.
	RxErrors
	// RxDrop: /proc/net/dev rx "drop" = rx_dropped + rx_missed_errors on
	// Linux; BSD/macOS ifi_iqdrops; Windows InDiscards.
	RxDrop
	// RxFIFO: /proc/net/dev rx "fifo"; sysfs rx_fifo_errors.
	RxFIFO
	// RxFrame: /proc/net/dev rx "frame" = rx_length_errors + rx_over_errors +
	// rx_crc_errors + rx_frame_errors on Linux.
	RxFrame
	// RxCompressed: /proc/net/dev rx "compressed"; sysfs rx_compressed.
	RxCompressed
	// RxMulticast: /proc/net/dev rx "multicast"; sysfs multicast;
	// BSD/macOS ifi_imcasts.
	RxMulticast
	// TxBytes: /proc/net/dev tx "bytes"; sysfs tx_bytes; BSD/macOS
	// ifi_obytes; Windows OutOctets.
	TxBytes
	// TxPackets: /proc/net/dev tx "packets"; sysfs tx_packets; BSD/macOS
	// ifi_opackets; Windows OutUcastPkts + OutNUcastPkts.
	TxPackets
	// TxErrors: /proc/net/dev tx "errs"; sysfs tx_errors; BSD/macOS
	// ifi_oerrors; Windows OutErrors.
	TxErrors
	// TxDrop: /proc/net/dev tx "drop"; sysfs tx_dropped; FreeBSD and
	// OpenBSD ifi_oqdrops; macOS ifm_snd_drops; Windows OutDiscards.
	TxDrop
	// TxFIFO: /proc/net/dev tx "fifo"; sysfs tx_fifo_errors.
	TxFIFO
	// Collisions: /proc/net/dev "colls"; sysfs collisions; BSD/macOS
	// ifi_collisions.
	Collisions
	// TxCarrier: /proc/net/dev "carrier" = tx_carrier_errors +
	// tx_aborted_errors + tx_window_errors + tx_heartbeat_errors on Linux.
	TxCarrier
	// TxCompressed: /proc/net/dev tx "compressed"; sysfs tx_compressed.
	TxCompressed

	// RxDropped: sysfs/netlink rx_dropped alone (RxDrop minus RxMissedErrors).
	RxDropped
	// RxMissedErrors: sysfs/netlink rx_missed_errors.
	RxMissedErrors
	// RxLengthErrors: sysfs/netlink rx_length_errors.
	RxLengthErrors
	// RxOverErrors: sysfs/netlink rx_over_errors.
	RxOverErrors
	// RxCRCErrors: sysfs/netlink rx_crc_errors.
	RxCRCErrors
	// RxFrameErrors: sysfs/netlink rx_frame_errors.
	RxFrameErrors
	// TxAbortedErrors: sysfs/netlink tx_aborted_errors.
	TxAbortedErrors
	// TxCarrierErrors: sysfs/netlink tx_carrier_errors.
	TxCarrierErrors
	// TxHeartbeatErrors: sysfs/netlink tx_heartbeat_errors.
	TxHeartbeatErrors
	// TxWindowErrors: sysfs/netlink tx_window_errors.
	TxWindowErrors
	// RxNoHandler: sysfs/netlink rx_nohandler (Linux 4.6+).
	RxNoHandler
	// RxOtherhostDropped: netlink rx_otherhost_dropped (Linux 5.19+).
	RxOtherhostDropped

	// RxNoProto: BSD/macOS ifi_noproto; Windows InUnknownProtos.
	RxNoProto
	// TxMulticast: BSD/macOS ifi_omcasts.
	TxMulticast
	// RxUnicastPackets: Windows InUcastPkts.
	RxUnicastPackets
	// RxNonUnicastPackets: Windows InNUcastPkts.
	RxNonUnicastPackets
	// TxUnicastPackets: Windows OutUcastPkts.
	TxUnicastPackets
	// TxNonUnicastPackets: Windows OutNUcastPkts.
	TxNonUnicastPackets
	// RxUnicastBytes: Windows InUcastOctets.
	RxUnicastBytes
	// RxMulticastBytes: Windows InMulticastOctets.
	RxMulticastBytes
	// RxBroadcastBytes: Windows InBroadcastOctets.
	RxBroadcastBytes
	// TxUnicastBytes: Windows OutUcastOctets.
	TxUnicastBytes
	// TxMulticastBytes: Windows OutMulticastOctets.
	TxMulticastBytes
	// TxBroadcastBytes: Windows OutBroadcastOctets.
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
	// Name is the interface name as the source gave it, byte for byte. On
	// Linux it is at most 15 bytes and may hold any byte but '/', ':' and
	// white space (UTF-8, control bytes such as ESC); it is never
	// normalised. Windows names are the UTF-8 form of the interface Alias.
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
