package fuzz

import (
	"encoding/binary"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/netio-go/netio/fixture"
	"github.com/netio-go/netio/parse"
)

// This file fuzzes the rtnetlink decoders with an encoder written from the
// wire layout in FORMATS.md §3: nlmsghdr (len u32, type u16, flags u16,
// seq u32, pid u32), ifinfomsg (family u8, pad, type u16, index i32,
// flags u32, change u32), if_stats_msg (family, pad, pad u16, ifindex
// u32, filter_mask u32), rtattr (len u16 with the header, type u16,
// payload padded to 4) and struct rtnl_link_stats64 / rtnl_link_stats.

const (
	nlDone        = 3
	nlError       = 2
	nlNoop        = 1
	nlNewLink     = 16
	nlDelLink     = 17
	nlNewStats    = 92
	nlFMulti      = 0x2
	nlFDumpIntr   = 0x10
	aIfName       = 3
	aMTU          = 4
	aStats        = 7
	aOperState    = 16
	aLinkInfo     = 18
	aStats64      = 23
	aPad          = 42
	aParentDev    = 56
	aStatsLink64  = 1
	arphrdEther   = 1
	arphrdLoop    = 772
	iffUp         = 0x1
	iffLoopbackFl = 0x8
)

// linkStats64 lists struct rtnl_link_stats64 in member order (member i is
// the u64 at 8*i; in struct rtnl_link_stats the u32 at 4*i) with the
// record field each fills (package parse's Field docs).
var linkStats64 = []parse.Field{
	parse.RxPackets, parse.TxPackets, parse.RxBytes, parse.TxBytes, // 0..24
	parse.RxErrors, parse.TxErrors, parse.RxDropped, parse.TxDrop, // 32..56
	parse.RxMulticast, parse.Collisions, parse.RxLengthErrors, parse.RxOverErrors, // 64..88
	parse.RxCRCErrors, parse.RxFrameErrors, parse.RxFIFO, parse.RxMissedErrors, // 96..120
	parse.TxAbortedErrors, parse.TxCarrierErrors, parse.TxFIFO, parse.TxHeartbeatErrors, // 128..152
	parse.TxWindowErrors, parse.RxCompressed, parse.TxCompressed, // 160..176
	parse.RxNoHandler,        // 184, Linux 4.6+
	parse.RxOtherhostDropped, // 192, Linux 5.19+ (64-bit struct only)
}

// foldLinux sets the /proc/net/dev sums of FORMATS.md §1.1 from the parts,
// when all parts are present; a sum is 32-bit (kept modulo 2^32) if a
// part is.
func foldLinux(r *parse.Record) {
	for _, s := range []struct {
		sum   parse.Field
		parts []parse.Field
	}{
		{parse.RxDrop, []parse.Field{parse.RxDropped, parse.RxMissedErrors}},
		{parse.RxFrame, []parse.Field{parse.RxLengthErrors, parse.RxOverErrors, parse.RxCRCErrors, parse.RxFrameErrors}},
		{parse.TxCarrier, []parse.Field{parse.TxCarrierErrors, parse.TxAbortedErrors, parse.TxWindowErrors, parse.TxHeartbeatErrors}},
	} {
		var v uint64
		all, narrow := true, false
		for _, p := range s.parts {
			all = all && r.Has.Has(p)
			narrow = narrow || r.Narrow.Has(p)
			v += r.Values[p]
		}
		if all {
			if narrow {
				v %= 1 << 32 // a sum of 32-bit counters is a 32-bit counter
			}
			r.Set(s.sum, v)
			if narrow {
				r.Narrow = r.Narrow.With(s.sum)
			}
		}
	}
}

// nlEnc builds netlink messages.
type nlEnc struct {
	o    byteOrder
	buf  []byte
	ends []int // offset after each message
}

// msg appends a message of type typ with the given body.
func (e *nlEnc) msg(typ, flags uint16, seq uint32, body []byte) {
	n := 16 + len(body)
	e.buf = e.o.AppendUint32(e.buf, uint32(n))
	e.buf = e.o.AppendUint16(e.buf, typ)
	e.buf = e.o.AppendUint16(e.buf, flags)
	e.buf = e.o.AppendUint32(e.buf, seq)
	e.buf = e.o.AppendUint32(e.buf, 4242) // nlmsg_pid
	e.buf = append(e.buf, body...)
	for len(e.buf)%4 != 0 {
		e.buf = append(e.buf, 0)
	}
	e.ends = append(e.ends, len(e.buf))
}

// attr appends an attribute to b, padded to 4 bytes.
func attr(o byteOrder, b []byte, typ uint16, data []byte) []byte {
	b = o.AppendUint16(b, uint16(4+len(data)))
	b = o.AppendUint16(b, typ)
	b = append(b, data...)
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

// stats encodes n members of the stats struct, 8 or 4 bytes each, and
// records them in r.
func genStats(g *gen, o byteOrder, r *parse.Record, n, size int) []byte {
	var b []byte
	for i := range n {
		v := g.counter(8 * size)
		if size == 8 {
			b = o.AppendUint64(b, v)
		} else {
			b = o.AppendUint32(b, uint32(v))
		}
		if i < len(linkStats64) {
			r.Set(linkStats64[i], v)
			if size == 4 {
				r.Narrow = r.Narrow.With(linkStats64[i])
			}
		}
	}
	return b
}

// nlLink is what a generated link message should decode to.
type nlLink struct {
	Rec     parse.Record
	Oper    parse.OperState
	Kind    parse.LinkKind
	Deleted bool
}

// genLinkDump generates an RTM_GETLINK dump (or notifications) and the
// links it holds.
func genLinkDump(g *gen) (e *nlEnc, want []nlLink, done, intr bool) {
	e = &nlEnc{o: order(g.bool())}
	o := e.o
	if g.intn(4) == 0 { // an acknowledgement ahead of the dump
		body := o.AppendUint32(nil, 0)
		body = append(body, make([]byte, 16)...)
		e.msg(nlError, 0x100, 1, body)
	}
	n := g.intn(6)
	for i := range n {
		if g.intn(8) == 0 {
			e.msg(nlNoop, 0, 1, nil)
		}
		var l nlLink
		l.Rec.Name = g.linuxName(false)
		l.Rec.Index = int32(1 + g.intn(1<<20))
		typ := uint16(arphrdEther)
		flags := uint32(iffUp)
		switch g.intn(4) {
		case 0:
			typ = arphrdLoop
			l.Kind |= parse.KindLoopback
		case 1:
			flags |= iffLoopbackFl
			l.Kind |= parse.KindLoopback
		}
		msgType := uint16(nlNewLink)
		if g.intn(8) == 0 {
			msgType, l.Deleted = nlDelLink, true
		}
		body := []byte{0, 0}
		body = o.AppendUint16(body, typ)
		body = o.AppendUint32(body, uint32(l.Rec.Index))
		body = o.AppendUint32(body, flags)
		body = o.AppendUint32(body, 0xffffffff)

		// Attributes, in the kernel's order (rtnl_fill_ifinfo), some
		// optional.
		body = attr(o, body, aIfName, append(append([]byte{}, l.Rec.Name...), 0))
		body = attr(o, body, aMTU, o.AppendUint32(nil, 1500))
		if g.bool() {
			l.Oper = parse.OperState(g.intn(7))
			body = attr(o, body, aOperState, []byte{byte(l.Oper)})
		}
		var stats32 parse.Record
		switch g.intn(4) {
		case 0: // no statistics
		case 1: // IFLA_STATS only (before 2.6.35)
			n32 := []int{23, 24}[g.intn(2)]
			body = attr(o, body, aStats, genStats(g, o, &l.Rec, n32, 4))
		default: // IFLA_STATS64, maybe after IFLA_PAD, then IFLA_STATS
			if g.bool() {
				body = attr(o, body, aPad, nil)
			}
			n64 := []int{23, 24, 25, 26}[g.intn(4)] // 184, 192, 200 bytes, a future 208
			body = attr(o, body, aStats64, genStats(g, o, &l.Rec, n64, 8))
			if g.bool() {
				body = attr(o, body, aStats, genStats(g, o, &stats32, 24, 4))
			}
		}
		linkInfo, parent := g.intn(3) == 0, g.intn(5) == 0
		if linkInfo {
			body = attr(o, body, aLinkInfo, attr(o, nil, 1, []byte("veth\x00")))
		}
		if parent {
			body = attr(o, body, aParentDev, []byte("0000:00:1f.6\x00"))
		}
		if parent || !linkInfo && l.Kind&parse.KindLoopback == 0 {
			l.Kind |= parse.KindPhysical
		}
		foldLinux(&l.Rec)
		var mflags uint16 = nlFMulti
		if g.intn(10) == 0 { // the link list changed during the dump
			mflags |= nlFDumpIntr
			intr = true
		}
		e.msg(msgType, mflags, uint32(i), body)
		want = append(want, l)
	}
	if done = g.intn(8) != 0; done {
		e.msg(nlDone, nlFMulti, 1, o.AppendUint32(nil, 0))
	}
	return e, want, done, intr
}

// decodeLinks decodes buf, reusing d.
func decodeLinks(d *parse.NetlinkLinks, dst []nlLink, buf []byte) ([]nlLink, error) {
	d.Reset(buf)
	for d.Next() {
		dst = append(dst, nlLink{Rec: *d.Record(), Oper: d.OperState(), Kind: d.Kind(), Deleted: d.Deleted()})
	}
	return dst, d.Err()
}

// netlinkSeeds adds the netlink dumps recorded in the fixtures of
// testdata/linux (the first sample's, up to 64 KiB each) and edge cases.
func netlinkSeeds(f *testing.F, name string) {
	fixtures, _ := filepath.Glob("../testdata/linux/*.tar.gz")
	found := 0
	for _, p := range fixtures {
		fx, err := fixture.Open(p, fixture.Limits{})
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range fx.SampleFiles(0, "netlink") {
			if filepath.Base(file.Path) == name && len(file.Data) <= 64<<10 {
				f.Add(file.Data)
				found++
			}
		}
	}
	if found == 0 {
		f.Fatalf("no netlink/%s of at most 64 KiB in the fixtures of testdata/linux", name)
	}
	f.Add([]byte{})
	f.Add(make([]byte, 16))                                             // nlmsg_len 0
	f.Add([]byte{16, 0, 0, 0, 3, 0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0})      // bare NLMSG_DONE
	f.Add([]byte{20, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 255}) // NLMSG_ERROR cut short
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 16, 0, 0, 0})                  // nlmsg_len beyond the input
}

// FuzzNetlinkLinks decodes the input as an RTM_GETLINK dump in both byte
// orders (no panic; errors positional at an offset inside the input;
// names inside the input), then uses it as choices for a generated dump
// and requires: every link back exactly (name, index, counters of
// IFLA_STATS64 of 184 to 208 bytes or IFLA_STATS, folded sums, operstate,
// kind), NLM_F_DUMP_INTR reported, no allocation, and every truncation of the dump inside a message
// an error, at a message boundary the links before it and no NLMSG_DONE.
func FuzzNetlinkLinks(f *testing.F) {
	netlinkSeeds(f, "getlink.bin")
	for i := range 8 {
		f.Add([]byte{byte(i), byte(i * 37), 5, 9, 200, 3, 3, 3, 3, 3, 3})
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, big := range []bool{false, true} {
			d := parse.NetlinkLinks{BigEndian: big}
			d.Reset(data)
			for d.Next() {
				if !within(d.Name(), data) || !within(d.Record().Name, data) {
					t.Fatalf("name %q is not inside the input", d.Name())
				}
			}
			if err := d.Err(); err != nil {
				checkBinaryErr(t, err, len(data))
			}
			parse.NetlinkMessagesEnd(data, big)
		}

		e, want, done, intr := genLinkDump(&gen{b: data})
		d := parse.NetlinkLinks{BigEndian: e.o == binary.BigEndian}
		got, err := decodeLinks(&d, nil, e.buf)
		if err != nil {
			t.Fatalf("generated dump: %v", err)
		}
		opt := cmpopts.EquateEmpty()
		if diff := cmp.Diff(want, cloneLinks(got), opt); diff != "" {
			t.Fatalf("generated dump (-want +got):\n%s", diff)
		}
		if d.Interrupted() != intr {
			t.Fatalf("Interrupted %v, want %v", d.Interrupted(), intr)
		}
		if d.Done() != done || !parse.NetlinkMessagesEnd(e.buf, d.BigEndian) && done {
			t.Fatalf("Done %v, NetlinkMessagesEnd %v, want %v", d.Done(), parse.NetlinkMessagesEnd(e.buf, d.BigEndian), done)
		}
		dst := make([]nlLink, 0, len(want))
		if a := testing.AllocsPerRun(3, func() { dst, _ = decodeLinks(&d, dst[:0], e.buf) }); a != 0 {
			t.Fatalf("%v allocations per decoding, want 0", a)
		}

		// Truncations.
		boundary := map[int]int{0: 0} // offset -> messages before it
		for i, end := range e.ends {
			boundary[end] = i + 1
		}
		for _, k := range cuts(len(e.buf), e.ends) {
			got, err := decodeLinks(&d, dst[:0], e.buf[:k])
			if _, ok := boundary[k]; !ok {
				if err == nil {
					t.Fatalf("cut at %d of %d inside a message: no error", k, len(e.buf))
				}
				checkBinaryErr(t, err, k)
				continue
			}
			if err != nil || d.Done() {
				t.Fatalf("cut at message boundary %d: error %v, done %v", k, err, d.Done())
			}
			if len(got) > len(want) || !cmp.Equal(cloneLinks(got), want[:len(got)], opt) {
				t.Fatalf("cut at message boundary %d: records are not a prefix of the dump's", k)
			}
		}
	})
}

func cloneLinks(ls []nlLink) []nlLink {
	out := make([]nlLink, len(ls))
	for i, l := range ls {
		out[i] = l
		out[i].Rec = l.Rec.Clone()
	}
	return out
}

// genStatsDump generates an RTM_GETSTATS dump of IFLA_STATS_LINK_64.
func genStatsDump(g *gen) (e *nlEnc, want []parse.Record) {
	e = &nlEnc{o: order(g.bool())}
	o := e.o
	n := g.intn(6)
	for range n {
		var r parse.Record
		r.Index = int32(1 + g.intn(1<<20))
		body := []byte{0, 0, 0, 0}
		body = o.AppendUint32(body, uint32(r.Index))
		body = o.AppendUint32(body, 1<<(aStatsLink64-1)) // filter_mask
		if g.intn(6) != 0 {
			n64 := []int{23, 24, 25, 26}[g.intn(4)]
			body = attr(o, body, aStatsLink64, genStats(g, o, &r, n64, 8))
		}
		if g.intn(4) == 0 { // another nested group this decoder skips
			body = attr(o, body, 2, attr(o, nil, 1, o.AppendUint64(nil, 7)))
		}
		foldLinux(&r)
		e.msg(nlNewStats, nlFMulti, 1, body)
		want = append(want, r)
	}
	e.msg(nlDone, nlFMulti, 1, o.AppendUint32(nil, 0))
	return e, want
}

func decodeStats(d *parse.NetlinkStats, dst []parse.Record, buf []byte) ([]parse.Record, error) {
	d.Reset(buf)
	for d.Next() {
		dst = append(dst, *d.Record())
	}
	return dst, d.Err()
}

// FuzzNetlinkStats is FuzzNetlinkLinks for RTM_GETSTATS dumps.
func FuzzNetlinkStats(f *testing.F) {
	netlinkSeeds(f, "getstats.bin")
	for i := range 8 {
		f.Add([]byte{byte(i), byte(i * 37), 5, 9, 200, 3, 3, 3, 3, 3, 3})
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, big := range []bool{false, true} {
			d := parse.NetlinkStats{BigEndian: big}
			d.Reset(data)
			for d.Next() {
				d.Record()
			}
			if err := d.Err(); err != nil {
				checkBinaryErr(t, err, len(data))
			}
		}

		e, want := genStatsDump(&gen{b: data})
		d := parse.NetlinkStats{BigEndian: e.o == binary.BigEndian}
		got, err := decodeStats(&d, nil, e.buf)
		if err != nil || !d.Done() {
			t.Fatalf("generated dump: %v, done %v", err, d.Done())
		}
		if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("generated dump (-want +got):\n%s", diff)
		}
		dst := make([]parse.Record, 0, len(want))
		if a := testing.AllocsPerRun(3, func() { dst, _ = decodeStats(&d, dst[:0], e.buf) }); a != 0 {
			t.Fatalf("%v allocations per decoding, want 0", a)
		}
		boundary := map[int]bool{0: true}
		for _, end := range e.ends {
			boundary[end] = true
		}
		for _, k := range cuts(len(e.buf), e.ends) {
			got, err := decodeStats(&d, dst[:0], e.buf[:k])
			if !boundary[k] {
				if err == nil {
					t.Fatalf("cut at %d of %d inside a message: no error", k, len(e.buf))
				}
				checkBinaryErr(t, err, k)
				continue
			}
			if err != nil || d.Done() || !cmp.Equal(got, want[:len(got)], cmpopts.EquateEmpty()) {
				t.Fatalf("cut at message boundary %d: error %v, done %v, or not a prefix", k, err, d.Done())
			}
		}
	})
}
