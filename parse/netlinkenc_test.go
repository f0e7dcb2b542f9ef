package parse

import "encoding/binary"

// A test-only encoder of rtnetlink messages, written from the documented
// layouts (FORMATS.md §3: linux/netlink.h, linux/rtnetlink.h,
// linux/if_link.h) and not from the decoder's tables, so that the decoder
// is checked against an independent statement of the wire format.

// Wire numbers, as the uapi headers define them.
const (
	encNLMSG_NOOP    = 1
	encNLMSG_ERROR   = 2
	encNLMSG_DONE    = 3
	encNLMSG_OVERRUN = 4

	encNLM_F_MULTI     = 0x2
	encNLM_F_DUMP_INTR = 0x10

	encRTM_NEWLINK  = 16
	encRTM_DELLINK  = 17
	encRTM_NEWSTATS = 92

	encIFLA_IFNAME          = 3
	encIFLA_MTU             = 4
	encIFLA_STATS           = 7
	encIFLA_OPERSTATE       = 16
	encIFLA_LINKINFO        = 18
	encIFLA_STATS64         = 23
	encIFLA_PAD             = 42
	encIFLA_PARENT_DEV_NAME = 56
	encNLA_F_NESTED         = 0x8000

	encIFLA_STATS_UNSPEC  = 0
	encIFLA_STATS_LINK_64 = 1

	encIFF_UP       = 0x1
	encIFF_LOOPBACK = 0x8
	encARPHRD_ETHER = 1
	encARPHRD_LOOP  = 772
)

// encStatsMembers are the members of struct rtnl_link_stats64 in order:
// member i is a __u64 at offset 8*i (and, in struct rtnl_link_stats, a
// __u32 at 4*i), as the FORMATS.md §3 table gives them.
var encStatsMembers = []string{
	"rx_packets", "tx_packets", "rx_bytes", "tx_bytes", "rx_errors", "tx_errors",
	"rx_dropped", "tx_dropped", "multicast", "collisions", "rx_length_errors",
	"rx_over_errors", "rx_crc_errors", "rx_frame_errors", "rx_fifo_errors",
	"rx_missed_errors", "tx_aborted_errors", "tx_carrier_errors", "tx_fifo_errors",
	"tx_heartbeat_errors", "tx_window_errors", "rx_compressed", "tx_compressed",
	"rx_nohandler", "rx_otherhost_dropped",
}

// encJSONName maps a kernel member name to the record's JSON field name:
// the same name except where the record keeps /proc/net/dev's naming.
func encJSONName(member string) string {
	switch member {
	case "tx_dropped":
		return "tx_drop"
	case "multicast":
		return "rx_multicast"
	case "rx_fifo_errors":
		return "rx_fifo"
	case "tx_fifo_errors":
		return "tx_fifo"
	}
	return member
}

type nlEncoder struct {
	order interface {
		binary.ByteOrder
		binary.AppendByteOrder
	}
}

func (e nlEncoder) u16(b []byte, v uint16) []byte { return e.order.AppendUint16(b, v) }
func (e nlEncoder) u32(b []byte, v uint32) []byte { return e.order.AppendUint32(b, v) }
func (e nlEncoder) u64(b []byte, v uint64) []byte { return e.order.AppendUint64(b, v) }

func nlPad4(b []byte) []byte {
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

// msg returns one netlink message: nlmsghdr {len u32, type u16, flags u16,
// seq u32, pid u32} then payload, padded to 4 bytes.
func (e nlEncoder) msg(typ, flags uint16, seq uint32, payload []byte) []byte {
	var b []byte
	b = e.u32(b, uint32(16+len(payload)))
	b = e.u16(b, typ)
	b = e.u16(b, flags)
	b = e.u32(b, seq)
	b = e.u32(b, 0)
	b = append(b, payload...)
	return nlPad4(b)
}

// attr returns one rtattr {len u16, type u16} + data, padded.
func (e nlEncoder) attr(typ uint16, data []byte) []byte {
	var b []byte
	b = e.u16(b, uint16(4+len(data)))
	b = e.u16(b, typ)
	b = append(b, data...)
	return nlPad4(b)
}

// ifinfomsg returns struct ifinfomsg {family u8, pad u8, type u16, index
// i32, flags u32, change u32}.
func (e nlEncoder) ifinfomsg(arphrd uint16, index int32, flags uint32) []byte {
	b := []byte{0, 0}
	b = e.u16(b, arphrd)
	b = e.u32(b, uint32(index))
	b = e.u32(b, flags)
	b = e.u32(b, 0xffffffff)
	return b
}

// ifstatsmsg returns struct if_stats_msg {family u8, pad1 u8, pad2 u16,
// ifindex u32, filter_mask u32}.
func (e nlEncoder) ifstatsmsg(index int32, mask uint32) []byte {
	b := []byte{0, 0, 0, 0}
	b = e.u32(b, uint32(index))
	b = e.u32(b, mask)
	return b
}

// stats64 returns a size-byte rtnl_link_stats64 with vals by member name;
// bytes beyond the known members are filled with 0xee (a future tail).
func (e nlEncoder) stats64(size int, vals map[string]uint64) []byte {
	b := make([]byte, 0, size)
	for _, m := range encStatsMembers {
		if len(b)+8 > size {
			break
		}
		b = e.u64(b, vals[m])
	}
	for len(b) < size {
		b = append(b, 0xee)
	}
	return b
}

// stats32 returns a size-byte rtnl_link_stats (u32 members).
func (e nlEncoder) stats32(size int, vals map[string]uint64) []byte {
	b := make([]byte, 0, size)
	for _, m := range encStatsMembers {
		if len(b)+4 > size {
			break
		}
		b = e.u32(b, uint32(vals[m]))
	}
	for len(b) < size {
		b = append(b, 0xee)
	}
	return b
}

// ifname returns a NUL-terminated IFLA_IFNAME payload.
func nlIfname(s string) []byte { return append([]byte(s), 0) }

// nlDistinct returns a value per member, all different, seeded by k, and
// some above 2^32 so truncation shows.
func nlDistinct(k uint64) map[string]uint64 {
	m := make(map[string]uint64)
	for i, name := range encStatsMembers {
		m[name] = k*1_000_003 + uint64(i+1)*7919
		if i%3 == 0 {
			m[name] += 5 << 32
		}
	}
	return m
}

// nlExpected returns the record the kernel layout implies for a link
// with these member values, given how many members the payload held and
// whether they were 32-bit: each member fills its field, and the folded
// /proc/net/dev counters are the kernel's sums (FORMATS.md §1, PEERS.md
// §2.12), written out here rather than taken from Record.FoldLinuxDetail.
func nlExpected(name string, index int32, vals map[string]uint64, members int, narrow bool) Record {
	r := Record{Name: []byte(name), Index: index}
	v := func(m string) uint64 {
		x := vals[m]
		if narrow {
			x &= 0xffffffff
		}
		return x
	}
	for _, m := range encStatsMembers[:members] {
		f, ok := FieldByName(encJSONName(m))
		if !ok {
			panic("no field " + m)
		}
		r.Values[f] = v(m)
		r.Has |= 1 << f
		if narrow {
			r.Narrow |= 1 << f
		}
	}
	set := func(json string, x uint64) {
		f, _ := FieldByName(json)
		r.Values[f] = x
		r.Has |= 1 << f
		if narrow {
			r.Narrow |= 1 << f
		}
	}
	set("rx_drop", v("rx_dropped")+v("rx_missed_errors"))
	set("rx_frame", v("rx_length_errors")+v("rx_over_errors")+v("rx_crc_errors")+v("rx_frame_errors"))
	set("tx_carrier", v("tx_carrier_errors")+v("tx_aborted_errors")+v("tx_window_errors")+v("tx_heartbeat_errors"))
	return r
}
