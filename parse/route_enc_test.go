package parse

// An encoder for routing-socket interface lists, built from the C struct
// declarations FORMATS.md §4 and §5 quote (XNU bsd/net/if.h and if_var.h,
// FreeBSD, OpenBSD and NetBSD sys/net/if.h), field by field, with the
// padding the C compilers insert written out. It shares nothing with the
// decoder's offset tables: offsets fall out of encoding/binary's packed
// struct layout, and each struct's size is checked against the documented
// sizeof.

import (
	"bytes"
	"encoding/binary"
	"testing"
)

// rtIface is one interface to encode: every counter any kernel has.
type rtIface struct {
	name                                        string
	index                                       uint16
	ipackets, ierrors, opackets, oerrors, colls uint64
	ibytes, obytes, imcasts, omcasts, iqdrops   uint64
	oqdrops, noproto, snddrops                  uint64
}

// rtIfaces returns interfaces whose counters are all different, with
// 64-bit values above 2^32 when wide is set (so a 4-byte read of an 8-byte
// field shows), else below 2^32.
func rtIfaces(wide bool) []rtIface {
	big := uint64(0)
	if wide {
		big = 7 << 32
	}
	mk := func(name string, index uint16, base uint64) rtIface {
		return rtIface{name: name, index: index,
			ipackets: big + base + 1, ierrors: base + 2, opackets: big + base + 3, oerrors: base + 4,
			colls: base + 5, ibytes: big + base + 6, obytes: big + base + 7, imcasts: base + 8,
			omcasts: base + 9, iqdrops: base + 10, oqdrops: base + 11, noproto: base + 12,
			snddrops: base + 13}
	}
	return []rtIface{mk("lo0", 1, 1000), mk("en0", 4, 2000000), mk("bridge100", 17, 3000000000)}
}

// C struct mirrors. Blank fields are padding the C compiler inserts.

// XNU struct if_data64, #pragma pack(4): 128 bytes.
type cDarwinIfData64 struct {
	Type, Typelen, Physical, Addrlen, Hdrlen, Recvquota, Xmitquota, Unused1 uint8
	Mtu, Metric                                                             uint32
	Baudrate, Ipackets, Ierrors, Opackets, Oerrors, Collisions              uint64
	Ibytes, Obytes, Imcasts, Omcasts, Iqdrops, Noproto                      uint64
	Recvtiming, Xmittiming                                                  uint32
	LastchangeSec, LastchangeUsec                                           int32
}

// XNU struct if_msghdr2: 160 bytes.
type cDarwinIfMsghdr2 struct {
	Msglen                             uint16
	Version, Type                      uint8
	Addrs, Flags                       int32
	Index                              uint16
	_                                  uint16
	SndLen, SndMaxlen, SndDrops, Timer int32
	Data                               cDarwinIfData64
}

// XNU struct if_data (32-bit counters): 96 bytes.
type cDarwinIfData struct {
	Type, Typelen, Physical, Addrlen, Hdrlen, Recvquota, Xmitquota, Unused1 uint8
	Mtu, Metric, Baudrate, Ipackets, Ierrors, Opackets, Oerrors, Collisions uint32
	Ibytes, Obytes, Imcasts, Omcasts, Iqdrops, Noproto                      uint32
	Recvtiming, Xmittiming                                                  uint32
	LastchangeSec, LastchangeUsec                                           int32
	Unused2, Hwassist, Reserved1, Reserved2                                 uint32
}

// XNU struct if_msghdr: 112 bytes.
type cDarwinIfMsghdr struct {
	Msglen        uint16
	Version, Type uint8
	Addrs, Flags  int32
	Index         uint16
	_             uint16
	Data          cDarwinIfData
}

// XNU struct ifmibdata: 180 bytes (if_data64 packed at 52).
type cDarwinIfMibData struct {
	Name                                   [16]byte
	Pcount, Flags, SndLen, SndMaxlen, Drop uint32
	Filler                                 [4]uint32
	Data                                   cDarwinIfData64
}

// FreeBSD 11+ struct if_data: 152 bytes.
type cFreeBSDIfData11 struct {
	Type, Physical, Addrlen, Hdrlen, LinkState, Vhid uint8
	Datalen                                          uint16
	Mtu, Metric                                      uint32
	Baudrate, Ipackets, Ierrors, Opackets, Oerrors   uint64
	Collisions, Ibytes, Obytes, Imcasts, Omcasts     uint64
	Iqdrops, Oqdrops, Noproto, Hwassist, Epoch       uint64
	LastchangeSec, LastchangeUsec                    uint64
}

// FreeBSD if_msghdr header (all versions): 16 bytes, if_data follows.
type cFreeBSDIfMsghdrHead struct {
	Msglen        uint16
	Version, Type uint8
	Addrs, Flags  int32
	Index         uint16
	Spare1        uint16
}

// FreeBSD 7-10 struct if_data on LP64 (u_long = 8 bytes): 152 bytes.
type cFreeBSDIfData7LP64 struct {
	Type, Physical, Addrlen, Hdrlen, LinkState, Spare1, Spare2, Datalen uint8
	Mtu, Metric, Baudrate, Ipackets, Ierrors, Opackets, Oerrors         uint64
	Collisions, Ibytes, Obytes, Imcasts, Omcasts, Iqdrops, Noproto      uint64
	Hwassist                                                            uint64
	Epoch                                                               int64
	LastchangeSec, LastchangeUsec                                       int64
}

// FreeBSD 7-9 struct if_data on 386 (u_long, time_t and suseconds_t 4
// bytes): 80 bytes.
type cFreeBSDIfData7I386 struct {
	Type, Physical, Addrlen, Hdrlen, LinkState, Spare1, Spare2, Datalen uint8
	Mtu, Metric, Baudrate, Ipackets, Ierrors, Opackets, Oerrors         uint32
	Collisions, Ibytes, Obytes, Imcasts, Omcasts, Iqdrops, Noproto      uint32
	Hwassist                                                            uint32
	Epoch                                                               int32
	LastchangeSec, LastchangeUsec                                       int32
}

// FreeBSD 10 struct if_data on 386 (uint64_t ifi_hwassist, 4-aligned):
// 84 bytes.
type cFreeBSDIfData10I386 struct {
	Type, Physical, Addrlen, Hdrlen, LinkState, Spare1, Spare2, Datalen uint8
	Mtu, Metric, Baudrate, Ipackets, Ierrors, Opackets, Oerrors         uint32
	Collisions, Ibytes, Obytes, Imcasts, Omcasts, Iqdrops, Noproto      uint32
	Hwassist                                                            uint64
	Epoch                                                               int32
	LastchangeSec, LastchangeUsec                                       int32
}

// FreeBSD 7-10 struct if_data on arm (u_long 4 bytes, time_t 8 bytes and
// 8-aligned, timeval padded to 16): 96 bytes.
type cFreeBSDIfData7Arm struct {
	Type, Physical, Addrlen, Hdrlen, LinkState, Spare1, Spare2, Datalen uint8
	Mtu, Metric, Baudrate, Ipackets, Ierrors, Opackets, Oerrors         uint32
	Collisions, Ibytes, Obytes, Imcasts, Omcasts, Iqdrops, Noproto      uint32
	Hwassist                                                            uint32
	_                                                                   uint32
	Epoch                                                               int64
	LastchangeSec                                                       int64
	LastchangeUsec                                                      int32
	_                                                                   uint32
}

// OpenBSD struct if_msghdr header: 24 bytes, if_data follows.
type cOpenBSDIfMsghdrHead struct {
	Msglen                 uint16
	Version, Type          uint8
	Hdrlen, Index, Tableid uint16
	Pad1, Pad2             uint8
	Addrs, Flags, Xflags   int32
}

// OpenBSD struct if_data on LP64: 144 bytes.
type cOpenBSDIfDataLP64 struct {
	Type, Addrlen, Hdrlen, LinkState                      uint8
	Mtu, Metric, Rdomain                                  uint32
	Baudrate, Ipackets, Ierrors, Opackets, Oerrors        uint64
	Collisions, Ibytes, Obytes, Imcasts, Omcasts, Iqdrops uint64
	Oqdrops, Noproto                                      uint64
	Capabilities                                          uint32
	_                                                     uint32
	LastchangeSec, LastchangeUsec                         int64
}

// OpenBSD struct if_data on 386 (8-byte time_t, 4-byte long, 4-aligned):
// 136 bytes.
type cOpenBSDIfData386 struct {
	Type, Addrlen, Hdrlen, LinkState                      uint8
	Mtu, Metric, Rdomain                                  uint32
	Baudrate, Ipackets, Ierrors, Opackets, Oerrors        uint64
	Collisions, Ibytes, Obytes, Imcasts, Omcasts, Iqdrops uint64
	Oqdrops, Noproto                                      uint64
	Capabilities                                          uint32
	LastchangeSec                                         int64
	LastchangeUsec                                        int32
}

// NetBSD struct if_msghdr header: 16 bytes, if_data follows.
type cNetBSDIfMsghdrHead struct {
	Msglen        uint16
	Version, Type uint8
	Addrs, Flags  int32
	Index         uint16
	_             uint16
}

// NetBSD struct if_data (LP64 and arm): 136 bytes; on 386 the timespec is
// 12 bytes and the message gets 4 bytes of tail padding instead.
type cNetBSDIfData struct {
	Type, Addrlen, Hdrlen, Pad                            uint8
	LinkState                                             int32
	Mtu, Metric, Baudrate, Ipackets, Ierrors, Opackets    uint64
	Oerrors, Collisions, Ibytes, Obytes, Imcasts, Omcasts uint64
	Iqdrops, Noproto                                      uint64
	LastchangeSec, LastchangeNsec                         int64
}

// rtVariant is one kernel/arch/version whose stream the tests encode.
type rtVariant struct {
	name   string
	layout RouteLayout
	// wide: the counters are 64-bit.
	wide bool
	// sizeof(if_msghdr) per the headers, checked against the mirror.
	size int
	// order is the byte order.
	order binary.ByteOrder
	// sdlAlign pads sockaddrs.
	sdlAlign int
	// version, ifinfo, newaddr: the message header bytes.
	version, ifinfo, newaddr uint8
	// msg encodes the interface message header for f, without sockaddrs.
	msg func(f rtIface) any
	// want: the record the decoder must give for f.
	want func(f rtIface) Record
}

// rtRecord builds an expected record; the Has set is fields, the Narrow
// set all of them when narrow.
func rtRecord(f rtIface, narrow bool, withTxDrop uint64, hasTxDrop bool) Record {
	r := Record{Name: []byte(f.name), Index: int32(f.index)}
	set := func(fl Field, v uint64) {
		if narrow {
			v = uint64(uint32(v))
		}
		r.Set(fl, v)
	}
	set(RxPackets, f.ipackets)
	set(RxErrors, f.ierrors)
	set(TxPackets, f.opackets)
	set(TxErrors, f.oerrors)
	set(Collisions, f.colls)
	set(RxBytes, f.ibytes)
	set(TxBytes, f.obytes)
	set(RxMulticast, f.imcasts)
	set(TxMulticast, f.omcasts)
	set(RxDrop, f.iqdrops)
	set(RxNoProto, f.noproto)
	if narrow {
		r.Narrow = r.Has
	}
	if hasTxDrop {
		r.Set(TxDrop, withTxDrop)
	}
	return r
}

func u32(v uint64) uint32 { return uint32(v) }

// rtVariants lists every layout netio decodes.
func rtVariants() []rtVariant {
	le, be := binary.LittleEndian, binary.BigEndian
	darwinData := func(f rtIface) cDarwinIfData64 {
		return cDarwinIfData64{Type: 6, Mtu: 1500, Baudrate: 1e9, Ipackets: f.ipackets, Ierrors: f.ierrors,
			Opackets: f.opackets, Oerrors: f.oerrors, Collisions: f.colls, Ibytes: f.ibytes,
			Obytes: f.obytes, Imcasts: f.imcasts, Omcasts: f.omcasts, Iqdrops: f.iqdrops, Noproto: f.noproto,
			LastchangeSec: 12345}
	}
	head := func(f rtIface) cFreeBSDIfMsghdrHead {
		return cFreeBSDIfMsghdrHead{Version: 5, Type: 14, Addrs: 0x10, Flags: 0x8843, Index: f.index}
	}
	fbsd11 := func(f rtIface) any {
		return &struct {
			H cFreeBSDIfMsghdrHead
			D cFreeBSDIfData11
		}{head(f), cFreeBSDIfData11{Type: 6, LinkState: 2, Datalen: 152, Mtu: 1500,
			Ipackets: f.ipackets, Ierrors: f.ierrors, Opackets: f.opackets, Oerrors: f.oerrors,
			Collisions: f.colls, Ibytes: f.ibytes, Obytes: f.obytes, Imcasts: f.imcasts,
			Omcasts: f.omcasts, Iqdrops: f.iqdrops, Oqdrops: f.oqdrops, Noproto: f.noproto,
			Hwassist: 0xffff, Epoch: 5}}
	}
	fbsd7LP64 := func(f rtIface) any {
		return &struct {
			H cFreeBSDIfMsghdrHead
			D cFreeBSDIfData7LP64
		}{head(f), cFreeBSDIfData7LP64{Type: 6, LinkState: 2, Datalen: 152, Mtu: 1500,
			Ipackets: f.ipackets, Ierrors: f.ierrors, Opackets: f.opackets, Oerrors: f.oerrors,
			Collisions: f.colls, Ibytes: f.ibytes, Obytes: f.obytes, Imcasts: f.imcasts,
			Omcasts: f.omcasts, Iqdrops: f.iqdrops, Noproto: f.noproto, Hwassist: 0xff}}
	}
	obsd := func(f rtIface, hdrlen uint16) cOpenBSDIfMsghdrHead {
		return cOpenBSDIfMsghdrHead{Version: 5, Type: 14, Hdrlen: hdrlen, Index: f.index, Addrs: 0x10, Flags: 0x8843}
	}
	obsdData := func(f rtIface) cOpenBSDIfDataLP64 {
		return cOpenBSDIfDataLP64{Type: 6, Mtu: 1500, Ipackets: f.ipackets, Ierrors: f.ierrors,
			Opackets: f.opackets, Oerrors: f.oerrors, Collisions: f.colls, Ibytes: f.ibytes, Obytes: f.obytes,
			Imcasts: f.imcasts, Omcasts: f.omcasts, Iqdrops: f.iqdrops, Oqdrops: f.oqdrops, Noproto: f.noproto,
			Capabilities: 0x37, LastchangeSec: 99, LastchangeUsec: 7}
	}
	return []rtVariant{
		{name: "darwin-iflist2", layout: RouteLayout{OS: RouteDarwin, LongSize: 8}, wide: true, size: 160,
			order: le, sdlAlign: 4, version: 5, ifinfo: 0x12, newaddr: 0x0c,
			msg: func(f rtIface) any {
				return &cDarwinIfMsghdr2{Version: 5, Type: 0x12, Addrs: 0x10, Flags: 0x8863, Index: f.index,
					SndMaxlen: 512, SndDrops: int32(u32(f.snddrops)), Data: darwinData(f)}
			},
			want: func(f rtIface) Record {
				r := rtRecord(f, false, f.snddrops, true)
				r.Narrow = r.Narrow.With(TxDrop)
				return r
			}},
		{name: "darwin-iflist", layout: RouteLayout{OS: RouteDarwin, LongSize: 8}, wide: false, size: 112,
			order: le, sdlAlign: 4, version: 5, ifinfo: 0x0e, newaddr: 0x0c,
			msg: func(f rtIface) any {
				return &cDarwinIfMsghdr{Version: 5, Type: 0x0e, Addrs: 0x10, Flags: 0x8863, Index: f.index,
					Data: cDarwinIfData{Type: 6, Mtu: 1500, Ipackets: u32(f.ipackets), Ierrors: u32(f.ierrors),
						Opackets: u32(f.opackets), Oerrors: u32(f.oerrors), Collisions: u32(f.colls),
						Ibytes: u32(f.ibytes), Obytes: u32(f.obytes), Imcasts: u32(f.imcasts),
						Omcasts: u32(f.omcasts), Iqdrops: u32(f.iqdrops), Noproto: u32(f.noproto)}}
			},
			want: func(f rtIface) Record { return rtRecord(f, true, 0, false) }},
		{name: "freebsd11-amd64", layout: RouteLayout{OS: RouteFreeBSD, LongSize: 8}, wide: true, size: 168,
			order: le, sdlAlign: 8, version: 5, ifinfo: 14, newaddr: 12,
			msg:  fbsd11,
			want: func(f rtIface) Record { return rtRecord(f, false, f.oqdrops, true) }},
		{name: "freebsd11-386", layout: RouteLayout{OS: RouteFreeBSD, LongSize: 4}, wide: true, size: 168,
			order: le, sdlAlign: 4, version: 5, ifinfo: 14, newaddr: 12,
			msg: func(f rtIface) any {
				return &struct {
					H cFreeBSDIfMsghdrHead
					D cFreeBSDIfData11
				}{head(f), cFreeBSDIfData11{Type: 6, Datalen: 152, Ipackets: f.ipackets, Ierrors: f.ierrors,
					Opackets: f.opackets, Oerrors: f.oerrors, Collisions: f.colls, Ibytes: f.ibytes,
					Obytes: f.obytes, Imcasts: f.imcasts, Omcasts: f.omcasts, Iqdrops: f.iqdrops,
					Oqdrops: f.oqdrops, Noproto: f.noproto}}
			},
			want: func(f rtIface) Record { return rtRecord(f, false, f.oqdrops, true) }},
		{name: "freebsd10-amd64", layout: RouteLayout{OS: RouteFreeBSD, LongSize: 8}, wide: true, size: 168,
			order: le, sdlAlign: 8, version: 5, ifinfo: 14, newaddr: 12,
			msg:  fbsd7LP64,
			want: func(f rtIface) Record { return rtRecord(f, false, 0, false) }},
		{name: "freebsd10-ppc64", layout: RouteLayout{OS: RouteFreeBSD, LongSize: 8, BigEndian: true}, wide: true,
			size: 168, order: be, sdlAlign: 8, version: 5, ifinfo: 14, newaddr: 12,
			// Bytes 6-7 of if_data read 00 98, as FreeBSD 11's big-endian
			// ifi_datalen would: the decoder must still see a 7-10 layout.
			msg:  fbsd7LP64,
			want: func(f rtIface) Record { return rtRecord(f, false, 0, false) }},
		{name: "freebsd11-ppc64", layout: RouteLayout{OS: RouteFreeBSD, LongSize: 8, BigEndian: true}, wide: true,
			size: 168, order: be, sdlAlign: 8, version: 5, ifinfo: 14, newaddr: 12,
			msg:  fbsd11,
			want: func(f rtIface) Record { return rtRecord(f, false, f.oqdrops, true) }},
		{name: "freebsd9-386", layout: RouteLayout{OS: RouteFreeBSD, LongSize: 4}, wide: false, size: 96,
			order: le, sdlAlign: 4, version: 5, ifinfo: 14, newaddr: 12,
			msg: func(f rtIface) any {
				return &struct {
					H cFreeBSDIfMsghdrHead
					D cFreeBSDIfData7I386
				}{head(f), cFreeBSDIfData7I386{Type: 6, Datalen: 80, Mtu: 1500,
					Ipackets: u32(f.ipackets), Ierrors: u32(f.ierrors), Opackets: u32(f.opackets),
					Oerrors: u32(f.oerrors), Collisions: u32(f.colls), Ibytes: u32(f.ibytes),
					Obytes: u32(f.obytes), Imcasts: u32(f.imcasts), Omcasts: u32(f.omcasts),
					Iqdrops: u32(f.iqdrops), Noproto: u32(f.noproto)}}
			},
			want: func(f rtIface) Record { return rtRecord(f, true, 0, false) }},
		{name: "freebsd10-386", layout: RouteLayout{OS: RouteFreeBSD, LongSize: 4}, wide: false, size: 100,
			order: le, sdlAlign: 4, version: 5, ifinfo: 14, newaddr: 12,
			msg: func(f rtIface) any {
				return &struct {
					H cFreeBSDIfMsghdrHead
					D cFreeBSDIfData10I386
				}{head(f), cFreeBSDIfData10I386{Type: 6, Datalen: 84, Mtu: 1500,
					Ipackets: u32(f.ipackets), Ierrors: u32(f.ierrors), Opackets: u32(f.opackets),
					Oerrors: u32(f.oerrors), Collisions: u32(f.colls), Ibytes: u32(f.ibytes),
					Obytes: u32(f.obytes), Imcasts: u32(f.imcasts), Omcasts: u32(f.omcasts),
					Iqdrops: u32(f.iqdrops), Noproto: u32(f.noproto), Hwassist: 1 << 40}}
			},
			want: func(f rtIface) Record { return rtRecord(f, true, 0, false) }},
		{name: "freebsd10-arm", layout: RouteLayout{OS: RouteFreeBSD, LongSize: 4}, wide: false, size: 112,
			order: le, sdlAlign: 4, version: 5, ifinfo: 14, newaddr: 12,
			msg: func(f rtIface) any {
				return &struct {
					H cFreeBSDIfMsghdrHead
					D cFreeBSDIfData7Arm
				}{head(f), cFreeBSDIfData7Arm{Type: 6, Datalen: 96, Mtu: 1500,
					Ipackets: u32(f.ipackets), Ierrors: u32(f.ierrors), Opackets: u32(f.opackets),
					Oerrors: u32(f.oerrors), Collisions: u32(f.colls), Ibytes: u32(f.ibytes),
					Obytes: u32(f.obytes), Imcasts: u32(f.imcasts), Omcasts: u32(f.omcasts),
					Iqdrops: u32(f.iqdrops), Noproto: u32(f.noproto), Epoch: 1}}
			},
			want: func(f rtIface) Record { return rtRecord(f, true, 0, false) }},
		{name: "openbsd-amd64", layout: RouteLayout{OS: RouteOpenBSD, LongSize: 8}, wide: true, size: 168,
			order: le, sdlAlign: 8, version: 5, ifinfo: 14, newaddr: 12,
			msg: func(f rtIface) any {
				return &struct {
					H cOpenBSDIfMsghdrHead
					D cOpenBSDIfDataLP64
				}{obsd(f, 168), obsdData(f)}
			},
			want: func(f rtIface) Record { return rtRecord(f, false, f.oqdrops, true) }},
		{name: "openbsd-ppc64", layout: RouteLayout{OS: RouteOpenBSD, LongSize: 8, BigEndian: true}, wide: true,
			size: 168, order: be, sdlAlign: 8, version: 5, ifinfo: 14, newaddr: 12,
			msg: func(f rtIface) any {
				return &struct {
					H cOpenBSDIfMsghdrHead
					D cOpenBSDIfDataLP64
				}{obsd(f, 168), obsdData(f)}
			},
			want: func(f rtIface) Record { return rtRecord(f, false, f.oqdrops, true) }},
		{name: "openbsd-386", layout: RouteLayout{OS: RouteOpenBSD, LongSize: 4}, wide: true, size: 160,
			order: le, sdlAlign: 4, version: 5, ifinfo: 14, newaddr: 12,
			msg: func(f rtIface) any {
				d := obsdData(f)
				return &struct {
					H cOpenBSDIfMsghdrHead
					D cOpenBSDIfData386
				}{obsd(f, 160), cOpenBSDIfData386{Type: d.Type, Mtu: d.Mtu, Ipackets: d.Ipackets,
					Ierrors: d.Ierrors, Opackets: d.Opackets, Oerrors: d.Oerrors, Collisions: d.Collisions,
					Ibytes: d.Ibytes, Obytes: d.Obytes, Imcasts: d.Imcasts, Omcasts: d.Omcasts,
					Iqdrops: d.Iqdrops, Oqdrops: d.Oqdrops, Noproto: d.Noproto, Capabilities: 0x37}}
			},
			want: func(f rtIface) Record { return rtRecord(f, false, f.oqdrops, true) }},
		{name: "netbsd-amd64", layout: RouteLayout{OS: RouteNetBSD, LongSize: 8}, wide: true, size: 152,
			order: le, sdlAlign: 8, version: 4, ifinfo: 20, newaddr: 12,
			msg: func(f rtIface) any {
				return &struct {
					H cNetBSDIfMsghdrHead
					D cNetBSDIfData
				}{cNetBSDIfMsghdrHead{Version: 4, Type: 20, Addrs: 0x10, Flags: 0x8843, Index: f.index},
					cNetBSDIfData{Type: 6, LinkState: 2, Mtu: 1500, Ipackets: f.ipackets, Ierrors: f.ierrors,
						Opackets: f.opackets, Oerrors: f.oerrors, Collisions: f.colls, Ibytes: f.ibytes,
						Obytes: f.obytes, Imcasts: f.imcasts, Omcasts: f.omcasts, Iqdrops: f.iqdrops,
						Noproto: f.noproto, LastchangeSec: 3}}
			},
			want: func(f rtIface) Record { return rtRecord(f, false, 0, false) }},
	}
}

// rtSockaddrDl encodes a link-level sockaddr_dl: len, AF_LINK, index,
// type, nlen, alen, slen, name + 6-byte address, at least 20 bytes, padded
// to align.
func rtSockaddrDl(order binary.ByteOrder, index uint16, name string, align int) []byte {
	n := 8 + len(name) + 6
	if n < 20 {
		n = 20
	}
	b := make([]byte, n)
	b[0], b[1] = byte(n), 18
	order.PutUint16(b[2:], index)
	b[4], b[5], b[6] = 6, byte(len(name)), 6
	copy(b[8:], name)
	copy(b[8+len(name):], []byte{0x02, 0, 0, 0xaa, 0xbb, byte(index)})
	for len(b)%align != 0 {
		b = append(b, 0)
	}
	return b
}

// rtEncode encodes one interface's messages: the interface message with
// its sockaddr_dl, then one address message (and on macOS one multicast
// message), which the decoder must skip. It returns the stream and the
// offsets where messages end.
func rtEncode(t testing.TB, v rtVariant, f rtIface) (msgs [][]byte) {
	t.Helper()
	var hb bytes.Buffer
	if err := binary.Write(&hb, v.order, v.msg(f)); err != nil {
		t.Fatal(err)
	}
	if hb.Len() != v.size {
		t.Fatalf("%s: mirror of if_msghdr is %d bytes, the headers say %d", v.name, hb.Len(), v.size)
	}
	m := append(hb.Bytes(), rtSockaddrDl(v.order, f.index, f.name, v.sdlAlign)...)
	v.order.PutUint16(m, uint16(len(m)))
	msgs = append(msgs, m)
	// An address message: a 20- or 24-byte ifa_msghdr-like header and an
	// AF_INET sockaddr; the decoder only reads its length and type.
	a := make([]byte, 24+16)
	v.order.PutUint16(a, uint16(len(a)))
	a[2], a[3] = v.version, v.newaddr
	a[24], a[25] = 16, 2
	msgs = append(msgs, a)
	if v.layout.OS == RouteDarwin {
		mm := make([]byte, 28)
		v.order.PutUint16(mm, uint16(len(mm)))
		mm[2], mm[3] = 5, 0x13 // RTM_NEWMADDR2
		msgs = append(msgs, mm)
	}
	return msgs
}

// rtStream encodes all interfaces of v; ends lists every message end.
func rtStream(t testing.TB, v rtVariant) (buf []byte, ends []int, want []Record) {
	for _, f := range rtIfaces(v.wide) {
		for _, m := range rtEncode(t, v, f) {
			buf = append(buf, m...)
			ends = append(ends, len(buf))
		}
		want = append(want, v.want(f))
	}
	return buf, ends, want
}

// rtIfMibData encodes a macOS ifmibdata record for f.
func rtIfMibData(t testing.TB, f rtIface, name string) []byte {
	var nm [16]byte
	copy(nm[:], name)
	rec := cDarwinIfMibData{Name: nm, Pcount: 1, Flags: 0x8863, SndMaxlen: 512, Drop: u32(f.snddrops),
		Data: cDarwinIfData64{Type: 6, Mtu: 1500, Ipackets: f.ipackets, Ierrors: f.ierrors,
			Opackets: f.opackets, Oerrors: f.oerrors, Collisions: f.colls, Ibytes: f.ibytes,
			Obytes: f.obytes, Imcasts: f.imcasts, Omcasts: f.omcasts, Iqdrops: f.iqdrops, Noproto: f.noproto}}
	var b bytes.Buffer
	if err := binary.Write(&b, binary.LittleEndian, &rec); err != nil {
		t.Fatal(err)
	}
	if b.Len() != 180 {
		t.Fatalf("mirror of ifmibdata is %d bytes, want 180", b.Len())
	}
	return b.Bytes()
}
