package fuzz

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/netio-go/netio/parse"
)

// This file fuzzes the routing-socket interface-list decoder for macOS,
// FreeBSD, OpenBSD and NetBSD, and the macOS ifmibdata decoder, with an
// encoder written from the struct layouts in FORMATS.md §4 and §5 (offsets
// as the tables there give them; nothing is taken from package parse).

// bsdCounters are the eleven consecutive if_data counters every BSD has,
// ifi_ipackets to ifi_noproto, and the fields they fill (Field docs);
// FreeBSD 11+ and OpenBSD have ifi_oqdrops after ifi_iqdrops.
var (
	bsdCounters   = []parse.Field{parse.RxPackets, parse.RxErrors, parse.TxPackets, parse.TxErrors, parse.Collisions, parse.RxBytes, parse.TxBytes, parse.RxMulticast, parse.TxMulticast, parse.RxDrop, parse.RxNoProto}
	bsdCountersOQ = []parse.Field{parse.RxPackets, parse.RxErrors, parse.TxPackets, parse.TxErrors, parse.Collisions, parse.RxBytes, parse.TxBytes, parse.RxMulticast, parse.TxMulticast, parse.RxDrop, parse.TxDrop, parse.RxNoProto}
)

// An ifmLayout is one interface-message layout of one kernel.
type ifmLayout struct {
	name     string
	os       parse.RouteOS
	bigOK    bool // the layout exists on big-endian hosts
	longSize int  // sizeof(long) of the kernel (sockaddr padding on FreeBSD/OpenBSD)
	version  byte
	typ      byte
	hdr      int // message header size: the sockaddrs start here
	index    int // offset of the u16 ifm_index
	addrs    int // offset of the int ifm_addrs
	first    int // offset of ifi_ipackets in the message
	width    int // counter size in bytes
	fields   []parse.Field
	sndDrops int                           // offset of macOS ifm_snd_drops (u32), or 0
	fits32   bool                          // byte counters declared 32-bit while they fit (macOS 11+)
	mark     func(msg []byte, o byteOrder) // writes the bytes that tell layouts apart
}

var ifmLayouts = []ifmLayout{
	// macOS if_msghdr2 (160 bytes), if_data64 at 32, ipackets at 32+24.
	{name: "darwin-ifinfo2", os: parse.RouteDarwin, longSize: 8, version: 5, typ: 0x12, hdr: 160,
		index: 12, addrs: 4, first: 32 + 24, width: 8, fields: bsdCounters, sndDrops: 24, fits32: true},
	// macOS if_msghdr (112 bytes), 32-bit if_data at 16, ipackets at 16+20.
	{name: "darwin-ifinfo", os: parse.RouteDarwin, longSize: 8, version: 5, typ: 0xe, hdr: 112,
		index: 12, addrs: 4, first: 16 + 20, width: 4, fields: bsdCounters},
	// FreeBSD 11+: 168 bytes on every arch, ifi_datalen u16 at 16+6 = 152,
	// and (what tells it from 7-10 big-endian) a nonzero u32 ifi_mtu at 16+8.
	{name: "freebsd11", os: parse.RouteFreeBSD, bigOK: true, longSize: 8, version: 5, typ: 14, hdr: 168,
		index: 12, addrs: 4, first: 16 + 24, width: 8, fields: bsdCountersOQ, mark: markFreeBSD11},
	{name: "freebsd11-ilp32", os: parse.RouteFreeBSD, bigOK: true, longSize: 4, version: 5, typ: 14, hdr: 168,
		index: 12, addrs: 4, first: 16 + 24, width: 8, fields: bsdCountersOQ, mark: markFreeBSD11},
	// FreeBSD 7-10 on LP64: ifi_datalen u8 at 16+7 = 152, u_long counters
	// after mtu, metric, baudrate: ipackets at 16+32.
	{name: "freebsd7-10-lp64", os: parse.RouteFreeBSD, bigOK: true, longSize: 8, version: 5, typ: 14, hdr: 168,
		index: 12, addrs: 4, first: 16 + 32, width: 8, fields: bsdCounters,
		mark: func(m []byte, o byteOrder) { m[16+7] = 152 }},
	// FreeBSD 7-9 on 386 (if_data 80 bytes), 10 on 386 (84), 7-10 on arm
	// (96): 4-byte u_long, ipackets at 16+8+12.
	{name: "freebsd7-9-386", os: parse.RouteFreeBSD, longSize: 4, version: 5, typ: 14, hdr: 16 + 80,
		index: 12, addrs: 4, first: 16 + 20, width: 4, fields: bsdCounters,
		mark: func(m []byte, o byteOrder) { m[16+7] = 80 }},
	{name: "freebsd10-386", os: parse.RouteFreeBSD, longSize: 4, version: 5, typ: 14, hdr: 16 + 84,
		index: 12, addrs: 4, first: 16 + 20, width: 4, fields: bsdCounters,
		mark: func(m []byte, o byteOrder) { m[16+7] = 84 }},
	{name: "freebsd7-10-arm", os: parse.RouteFreeBSD, longSize: 4, version: 5, typ: 14, hdr: 16 + 96,
		index: 12, addrs: 4, first: 16 + 20, width: 4, fields: bsdCounters,
		mark: func(m []byte, o byteOrder) { m[16+7] = 96 }},
	// OpenBSD: ifm_hdrlen u16 at 4 (168 on LP64 and arm, 160 on 386),
	// index at 6, addrs at 12, if_data at 24, ipackets at 24+24.
	{name: "openbsd", os: parse.RouteOpenBSD, bigOK: true, longSize: 8, version: 5, typ: 14, hdr: 168,
		index: 6, addrs: 12, first: 24 + 24, width: 8, fields: bsdCountersOQ,
		mark: func(m []byte, o byteOrder) { o.PutUint16(m[4:], 168) }},
	{name: "openbsd-386", os: parse.RouteOpenBSD, longSize: 4, version: 5, typ: 14, hdr: 160,
		index: 6, addrs: 12, first: 24 + 24, width: 8, fields: bsdCountersOQ,
		mark: func(m []byte, o byteOrder) { o.PutUint16(m[4:], 160) }},
	// NetBSD: RTM_VERSION 4, RTM_IFINFO 20, 152 bytes, if_data at 16 with
	// u64 from mtu at 8: ipackets at 16+32.
	{name: "netbsd", os: parse.RouteNetBSD, bigOK: true, longSize: 8, version: 4, typ: 20, hdr: 152,
		index: 12, addrs: 4, first: 16 + 32, width: 8, fields: bsdCounters},
}

// markFreeBSD11 writes a FreeBSD 11+ if_data's ifi_datalen and ifi_mtu.
func markFreeBSD11(m []byte, o byteOrder) {
	o.PutUint16(m[16+6:], 152)
	o.PutUint32(m[16+8:], 1500)
}

// sdlSize is sizeof(struct sockaddr_dl) per kernel (FORMATS.md §5 table).
func sdlSize(kernel parse.RouteOS) int {
	switch kernel {
	case parse.RouteFreeBSD:
		return 54
	case parse.RouteOpenBSD:
		return 32
	}
	return 20
}

// saAlign is the sockaddr padding per kernel (FORMATS.md §4.1 and §5).
func saAlign(l *ifmLayout) int {
	switch l.os {
	case parse.RouteDarwin:
		return 4
	case parse.RouteNetBSD:
		return 8
	}
	return l.longSize
}

func roundUp(n, a int) int { return (n + a - 1) / a * a }

// rtEnc builds routing messages.
type rtEnc struct {
	o    byteOrder
	buf  []byte
	ends []int
}

func (e *rtEnc) add(msg []byte) {
	e.buf = append(e.buf, msg...)
	e.ends = append(e.ends, len(e.buf))
}

// addrMsg appends an RTM_NEWADDR-like message that the decoder must skip.
func (e *rtEnc) addrMsg(g *gen, l *ifmLayout, typ byte) {
	m := make([]byte, 20+roundUp(16, saAlign(l)))
	e.o.PutUint16(m, uint16(len(m)))
	m[2], m[3] = l.version, typ
	for i := 4; i < len(m); i++ {
		m[i] = g.u8()
	}
	e.add(m)
}

// genIfList generates an interface list of layout l in byte order o.
func genIfList(g *gen, l *ifmLayout, o byteOrder) (*rtEnc, []parse.Record) {
	e := &rtEnc{o: o}
	var want []parse.Record
	align := saAlign(l)
	n := g.intn(6)
	for range n {
		var r parse.Record
		r.Name = g.linuxName(false)
		r.Index = int32(g.u16())
		m := make([]byte, l.hdr)
		m[2], m[3] = l.version, l.typ
		o.PutUint16(m[l.index:], uint16(r.Index))
		if l.mark != nil {
			l.mark(m, o)
		}
		for i, f := range l.fields {
			v := g.counter(8 * l.width)
			if l.width == 8 {
				o.PutUint64(m[l.first+8*i:], v)
				if l.fits32 && (f == parse.RxBytes || f == parse.TxBytes) && v <= math.MaxUint32 {
					r.Narrow = r.Narrow.With(f)
				}
			} else {
				o.PutUint32(m[l.first+4*i:], uint32(v))
				r.Narrow = r.Narrow.With(f)
			}
			r.Set(f, v)
		}
		if l.sndDrops != 0 {
			v := uint64(g.u32())
			o.PutUint32(m[l.sndDrops:], uint32(v))
			r.Set(parse.TxDrop, v)
			r.Narrow = r.Narrow.With(parse.TxDrop)
		}
		// Sockaddrs: rarely some ahead of RTA_IFP (a sockaddr_in, or
		// one with sa_len 0 that takes one padding unit), then the
		// link-level sockaddr_dl.
		addrs := uint32(0x10)
		for bit := uint32(1); bit < 0x10; bit <<= 1 {
			if g.intn(8) != 0 {
				continue
			}
			addrs |= bit
			if g.bool() {
				m = append(m, make([]byte, align)...)
			} else {
				sa := make([]byte, roundUp(16, align))
				sa[0], sa[1] = 16, 2
				m = append(m, sa...)
			}
		}
		o.PutUint32(m[l.addrs:], addrs)
		sdl := make([]byte, max(sdlSize(l.os), 8+len(r.Name)+6))
		sdl[0], sdl[1] = byte(len(sdl)), 18
		o.PutUint16(sdl[2:], uint16(r.Index))
		sdl[4], sdl[5], sdl[6] = 6, byte(len(r.Name)), 6
		copy(sdl[8:], r.Name)
		copy(sdl[8+len(r.Name):], []byte{2, 0, 0, 1, 2, 3})
		m = append(m, sdl...)
		m = append(m, make([]byte, roundUp(len(sdl), align)-len(sdl))...)
		o.PutUint16(m, uint16(len(m)))
		e.add(m)
		want = append(want, r)
		for k := 0; k < 3 && g.intn(3) == 0; k++ {
			typ := byte(12) // RTM_NEWADDR
			if l.os == parse.RouteDarwin && g.bool() {
				typ = 0x13 // RTM_NEWMADDR2
			}
			e.addrMsg(g, l, typ)
		}
	}
	return e, want
}

func decodeIfList(d *parse.RouteIfList, dst []parse.Record, buf []byte) ([]parse.Record, error) {
	d.Reset(buf)
	for d.Next() {
		dst = append(dst, *d.Record())
	}
	return dst, d.Err()
}

// routeSeeds adds the recorded buffers of one kernel from testdata.
func routeSeeds(f *testing.F, prefix string) {
	files, _ := filepath.Glob("../parse/testdata/route/" + prefix + "*.bin")
	more, _ := filepath.Glob("../testdata/" + prefix + "*/*.bin")
	files = append(files, more...)
	if len(files) == 0 {
		f.Fatalf("no route-socket captures for %s in testdata", prefix)
	}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	// Edge cases: empty; a header cut short; rtm_msglen 0, 3 and beyond
	// the buffer; an unknown version; a sockaddr_dl whose sdl_nlen runs
	// past sdl_len.
	f.Add([]byte{})
	f.Add([]byte{4, 0})
	f.Add([]byte{0, 0, 5, 14})
	f.Add([]byte{3, 0, 5, 14})
	f.Add([]byte{0xff, 0xff, 5, 14, 0, 0})
	f.Add([]byte{4, 0, 99, 14})
}

// fuzzRoute is the body of the four route-socket targets: the input is
// decoded as a buffer of kernel os in every byte order and long size
// (no panic, positional errors, names inside the input), then it chooses
// one of os's layouts and a generated list that must come back exactly,
// with no allocation, every truncation inside a message an error and at a
// message boundary the records before it.
func fuzzRoute(t *testing.T, kernel parse.RouteOS, data []byte) {
	for _, big := range []bool{false, true} {
		for _, long := range []int{4, 8} {
			d := parse.RouteIfList{Layout: parse.RouteLayout{OS: kernel, BigEndian: big, LongSize: long}}
			d.Reset(data)
			for d.Next() {
				if !within(d.Record().Name, data) {
					t.Fatalf("name %q is not inside the input", d.Record().Name)
				}
			}
			if err := d.Err(); err != nil {
				checkBinaryErr(t, err, len(data))
			}
			checkScrubRoute(t, d.Layout, data)
		}
	}

	g := &gen{b: data}
	var ls []*ifmLayout
	for i := range ifmLayouts {
		if ifmLayouts[i].os == kernel {
			ls = append(ls, &ifmLayouts[i])
		}
	}
	l := ls[g.intn(len(ls))]
	big := l.bigOK && g.bool()
	e, want := genIfList(g, l, order(big))
	d := parse.RouteIfList{Layout: parse.RouteLayout{OS: kernel, BigEndian: big, LongSize: l.longSize}}
	got, err := decodeIfList(&d, nil, e.buf)
	if len(want) == 0 && errors.Is(err, parse.ErrEmpty) {
		err = nil // an empty list is an empty buffer
	}
	if err != nil {
		t.Fatalf("%s: generated list: %v", l.name, err)
	}
	opt := cmpopts.EquateEmpty()
	if diff := cmp.Diff(want, cloneAll(got), opt); diff != "" {
		t.Fatalf("%s: generated list (-want +got):\n%s", l.name, diff)
	}
	checkScrubRoute(t, d.Layout, e.buf)
	dst := make([]parse.Record, 0, len(want))
	if a := testing.AllocsPerRun(3, func() { dst, _ = decodeIfList(&d, dst[:0], e.buf) }); a != 0 && len(e.buf) > 0 {
		t.Fatalf("%s: %v allocations per decoding, want 0", l.name, a)
	}
	records := map[int]int{}
	for i, end := range e.ends {
		records[end] = i + 1
	}
	for _, k := range cuts(len(e.buf), e.ends) {
		got, err := decodeIfList(&d, dst[:0], e.buf[:k])
		if k == 0 {
			if !errors.Is(err, parse.ErrEmpty) {
				t.Fatalf("%s: empty buffer: %v, want ErrEmpty", l.name, err)
			}
			continue
		}
		if _, ok := records[k]; !ok {
			if err == nil {
				t.Fatalf("%s: cut at %d of %d inside a message: no error", l.name, k, len(e.buf))
			}
			checkBinaryErr(t, err, k)
			continue
		}
		if err != nil || !cmp.Equal(cloneAll(got), want[:len(got)], opt) {
			t.Fatalf("%s: cut at message boundary %d: error %v, or not a prefix", l.name, k, err)
		}
	}
}

// checkScrubRoute requires ScrubRouteIfList to keep what decodes: a
// scrubbed copy of b decodes to the same records (those before the first
// error, if any), and scrubbing again changes nothing.
func checkScrubRoute(t *testing.T, l parse.RouteLayout, b []byte) {
	t.Helper()
	before, _ := parse.AppendRouteIfList(nil, "", l, b)
	s := bytes.Clone(b)
	parse.ScrubRouteIfList(s, l)
	after, _ := parse.AppendRouteIfList(nil, "", l, s)
	if diff := cmp.Diff(cloneAll(before), cloneAll(after), cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("layout %+v: records changed by scrubbing (-before +after):\n%s", l, diff)
	}
	again := bytes.Clone(s)
	parse.ScrubRouteIfList(again, l)
	if !bytes.Equal(again, s) {
		t.Fatalf("layout %+v: scrubbing twice differs from once", l)
	}
}

// FuzzRouteDarwin: macOS NET_RT_IFLIST2 and NET_RT_IFLIST buffers.
func FuzzRouteDarwin(f *testing.F) {
	routeSeeds(f, "darwin-iflist")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRoute(t, parse.RouteDarwin, data) })
}

// FuzzRouteFreeBSD: FreeBSD 7-10 and 11+ NET_RT_IFLIST buffers.
func FuzzRouteFreeBSD(f *testing.F) {
	routeSeeds(f, "freebsd")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRoute(t, parse.RouteFreeBSD, data) })
}

// FuzzRouteOpenBSD: OpenBSD NET_RT_IFLIST buffers.
func FuzzRouteOpenBSD(f *testing.F) {
	routeSeeds(f, "openbsd")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRoute(t, parse.RouteOpenBSD, data) })
}

// FuzzRouteNetBSD: NetBSD NET_RT_IFLIST buffers.
func FuzzRouteNetBSD(f *testing.F) {
	routeSeeds(f, "netbsd")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRoute(t, parse.RouteNetBSD, data) })
}

// encodeIfMib encodes a macOS struct ifmibdata (FORMATS.md §4.4): name
// NUL-padded at 0, ifmd_snd_drops u32 at 32, if_data64 at 52 whose eleven
// counters start at 52+24.
func encodeIfMib(g *gen, name []byte) ([]byte, parse.Record) {
	b := make([]byte, 180)
	copy(b, name)
	r := parse.Record{Name: name}
	for i, f := range bsdCounters {
		v := g.counter(64)
		binary.LittleEndian.PutUint64(b[52+24+8*i:], v)
		r.Set(f, v)
	}
	v := uint64(g.u32())
	binary.LittleEndian.PutUint32(b[32:], uint32(v))
	r.Set(parse.TxDrop, v)
	r.Narrow = r.Narrow.With(parse.TxDrop)
	return b, r
}

// FuzzIfMibData decodes the input as a macOS ifmibdata record (no panic,
// positional errors), round-trips a generated one (every truncation
// ErrShort, one more byte ErrLength), and joins a generated NET_RT_IFLIST2
// list with generated ifmibdata records through AppendDarwinIfList2: names
// and indexes from the list, every counter from ifmibdata, vanished
// interfaces left out.
func FuzzIfMibData(f *testing.F) {
	seedFiles(f, "../parse/testdata/route/darwin-ifmibdata*.bin")
	f.Add(make([]byte, 180))
	f.Add(make([]byte, 181))
	f.Add([]byte(strings.Repeat("x", 180)))
	f.Fuzz(func(t *testing.T, data []byte) {
		var r parse.Record
		if err := parse.DecodeIfMibData(&r, "ifmib", data); err != nil {
			checkBinaryErr(t, err, len(data))
		} else if !within(r.Name, data) {
			t.Fatalf("name %q is not inside the input", r.Name)
		}

		g := &gen{b: data}
		b, want := encodeIfMib(g, g.linuxName(false))
		if err := parse.DecodeIfMibData(&r, "ifmib", b); err != nil {
			t.Fatalf("generated record: %v", err)
		}
		if diff := cmp.Diff(want, r.Clone()); diff != "" {
			t.Fatalf("generated record (-want +got):\n%s", diff)
		}
		if a := testing.AllocsPerRun(3, func() { parse.DecodeIfMibData(&r, "", b) }); a != 0 {
			t.Fatalf("%v allocations per decoding, want 0", a)
		}
		for k := range len(b) {
			err := parse.DecodeIfMibData(&r, "ifmib", b[:k])
			if want := map[bool]error{true: parse.ErrEmpty, false: parse.ErrShort}[k == 0]; !errors.Is(err, want) {
				t.Fatalf("cut at %d: %v, want %v", k, err, want)
			}
			checkBinaryErr(t, err, k)
		}
		if err := parse.DecodeIfMibData(&r, "ifmib", append(b, 0)); !errors.Is(err, parse.ErrLength) {
			t.Fatalf("181 bytes: %v, want ErrLength", err)
		}

		// The list joined with ifmibdata.
		l := &ifmLayouts[0]
		e, list := genIfList(g, l, order(false))
		mibs := map[int32][]byte{}
		var joined []parse.Record
		for _, lr := range list {
			if _, dup := mibs[lr.Index]; dup {
				continue // ifmib answers per index: keep lists with distinct ones
			}
			if g.intn(6) == 0 {
				mibs[lr.Index] = nil // vanished between the two sysctls
				continue
			}
			mb, mr := encodeIfMib(g, lr.Name)
			mibs[lr.Index] = mb
			mr.Index = lr.Index
			joined = append(joined, mr)
		}
		if len(mibs) != len(list) {
			return
		}
		if len(list) == 0 {
			return // an empty list is an empty buffer: ErrEmpty
		}
		got, err := parse.AppendDarwinIfList2(nil, "iflist2", e.buf, func(i int32) ([]byte, error) { return mibs[i], nil })
		if err != nil {
			t.Fatalf("joined list: %v", err)
		}
		if diff := cmp.Diff(joined, cloneAll(got), cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("joined list (-want +got):\n%s", diff)
		}
		// A record whose name differs from the list's is an error.
		for i, lr := range list {
			if mibs[lr.Index] == nil {
				continue
			}
			other := bytes.Clone(mibs[lr.Index])
			other[0] ^= 0x20
			if other[0] == 0 || other[0] == '/' || other[0] == ' ' {
				other[0] = 'Z'
			}
			if bytes.Equal(other[:16], mibs[lr.Index][:16]) {
				continue
			}
			_, err := parse.AppendDarwinIfList2(nil, "iflist2", e.buf, func(j int32) ([]byte, error) {
				if j == lr.Index {
					return other, nil
				}
				return mibs[j], nil
			})
			if !errors.Is(err, parse.ErrName) {
				t.Fatalf("list entry %d with a differing ifmibdata name: %v, want ErrName", i, err)
			}
			break
		}
	})
}
