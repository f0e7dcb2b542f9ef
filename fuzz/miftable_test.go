package fuzz

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strconv"
	"testing"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/netio-go/netio/parse"
)

// This file fuzzes the Windows MIB_IF_TABLE2 and legacy MIB_IFTABLE
// decoders with encoders written from FORMATS.md §6.1 and §6.2:
// MIB_IF_TABLE2 is NumEntries (u32) at 0, four bytes of padding and rows
// of 1352 bytes from 8; a MIB_IF_ROW2 has InterfaceIndex at 8, Alias
// WCHAR[257] at 28, Description WCHAR[257] at 542, the flags byte at 1152
// and seventeen u64 counters from InOctets at 1208. MIB_IFTABLE is
// dwNumEntries at 0 and rows of 860 bytes from 4; a MIB_IFROW has wszName
// WCHAR[256] at 0, dwIndex at 512, twelve DWORDs from dwInOctets at 552,
// dwDescrLen at 600 and bDescr[256] at 604. Little-endian everywhere.

// row2Counters are the MIB_IF_ROW2 counters from InOctets, in order, and
// the fields they fill (Field docs).
var row2Counters = []parse.Field{parse.RxBytes, parse.RxUnicastPackets, parse.RxNonUnicastPackets,
	parse.RxDrop, parse.RxErrors, parse.RxNoProto, parse.RxUnicastBytes, parse.RxMulticastBytes,
	parse.RxBroadcastBytes, parse.TxBytes, parse.TxUnicastPackets, parse.TxNonUnicastPackets,
	parse.TxDrop, parse.TxErrors, parse.TxUnicastBytes, parse.TxMulticastBytes, parse.TxBroadcastBytes}

// rowCounters are the MIB_IFROW DWORDs from dwInOctets up to dwOutErrors
// (dwOutQLen, the twelfth, is not a counter).
var rowCounters = []parse.Field{parse.RxBytes, parse.RxUnicastPackets, parse.RxNonUnicastPackets,
	parse.RxDrop, parse.RxErrors, parse.RxNoProto, parse.TxBytes, parse.TxUnicastPackets,
	parse.TxNonUnicastPackets, parse.TxDrop, parse.TxErrors}

// genWide returns up to max UTF-16 code units: mostly valid text (ASCII,
// other BMP, surrogate pairs), sometimes unpaired surrogates.
func genWide(g *gen, max int) []uint16 {
	n := g.intn(max + 1)
	var u []uint16
	for len(u) < n {
		switch g.intn(5) {
		case 0:
			u = append(u, 0x20+uint16(g.intn(0x5f)))
		case 1:
			c := g.u16()
			if c == 0 {
				c = 'a'
			}
			u = append(u, c) // any unit, lone surrogates included
		case 2:
			r1, r2 := utf16.EncodeRune(0x10000 + rune(g.u32()%0x100000))
			u = append(u, uint16(r1), uint16(r2))
		default:
			u = append(u, 'a'+uint16(g.intn(26)))
		}
	}
	return u[:min(len(u), max)]
}

// wideString is the independent oracle for a WCHAR string: the units up
// to the first NUL, decoded by unicode/utf16 (lone surrogates become
// U+FFFD).
func wideString(u []uint16) string {
	for i, c := range u {
		if c == 0 {
			u = u[:i]
			break
		}
	}
	return string(utf16.Decode(u))
}

func putWide(b []byte, u []uint16) {
	for i, c := range u {
		binary.LittleEndian.PutUint16(b[2*i:], c)
	}
}

// genTable2 generates a MIB_IF_TABLE2 and what each row decodes to.
func genTable2(g *gen) (buf []byte, want []parse.Record, filter []bool) {
	n := g.intn(5)
	buf = make([]byte, 8+n*1352)
	binary.LittleEndian.PutUint32(buf, uint32(n))
	for i := range n {
		row := buf[8+i*1352:][:1352]
		var r parse.Record
		index := g.u32()
		r.Index = int32(index)
		binary.LittleEndian.PutUint32(row[8:], index)
		var alias, descr []uint16
		switch g.intn(4) {
		case 0: // no alias: the description names it
			descr = genWide(g, 256)
		case 1: // neither: "ifindex<N>"
		default:
			alias, descr = genWide(g, 256), genWide(g, 40)
		}
		putWide(row[28:], alias)
		putWide(row[542:], descr)
		name := wideString(alias)
		if name == "" {
			name = wideString(descr)
		}
		if name == "" {
			name = "ifindex" + strconv.FormatUint(uint64(index), 10)
		}
		r.Name = []byte(name)
		flags := g.u8()
		row[1152] = flags
		filter = append(filter, flags&2 != 0) // FilterInterface, bit 1
		for k, f := range row2Counters {
			v := g.counter(64)
			binary.LittleEndian.PutUint64(row[1208+8*k:], v)
			r.Set(f, v)
		}
		r.Set(parse.RxPackets, r.Values[parse.RxUnicastPackets]+r.Values[parse.RxNonUnicastPackets])
		r.Set(parse.TxPackets, r.Values[parse.TxUnicastPackets]+r.Values[parse.TxNonUnicastPackets])
		want = append(want, r)
	}
	return buf, want, filter
}

// genTable generates a legacy MIB_IFTABLE and what each row decodes to.
func genTable(g *gen) (buf []byte, want []parse.Record) {
	n := g.intn(5)
	buf = make([]byte, 4+n*860)
	binary.LittleEndian.PutUint32(buf, uint32(n))
	for i := range n {
		row := buf[4+i*860:][:860]
		var r parse.Record
		index := g.u32()
		r.Index = int32(index)
		binary.LittleEndian.PutUint32(row[512:], index)
		var wname []uint16
		var descr []byte
		if g.intn(3) != 0 {
			wname = genWide(g, 256)
		}
		for range g.intn(40) {
			c := g.u8()
			if c == 0 {
				c = 'x'
			}
			descr = append(descr, c)
		}
		putWide(row[0:], wname)
		copy(row[604:], descr)
		binary.LittleEndian.PutUint32(row[600:], uint32(len(descr)))
		name := wideString(wname)
		if name == "" {
			name = string(descr) // ANSI bytes as they are
		}
		if name == "" {
			name = "ifindex" + strconv.FormatUint(uint64(index), 10)
		}
		r.Name = []byte(name)
		for k, f := range rowCounters {
			v := uint64(g.u32())
			binary.LittleEndian.PutUint32(row[552+4*k:], uint32(v))
			r.Set(f, v)
		}
		binary.LittleEndian.PutUint32(row[552+4*11:], g.u32()) // dwOutQLen
		r.Set(parse.RxPackets, uint64(uint32(r.Values[parse.RxUnicastPackets]+r.Values[parse.RxNonUnicastPackets])))
		r.Set(parse.TxPackets, uint64(uint32(r.Values[parse.TxUnicastPackets]+r.Values[parse.TxNonUnicastPackets])))
		r.Narrow = r.Has
		want = append(want, r)
	}
	return buf, want
}

func decodeTable2(d *parse.MIBIfTable2, dst []parse.Record, buf []byte) ([]parse.Record, []bool, error) {
	var filter []bool
	d.Reset(buf)
	for d.Next() {
		dst = append(dst, *d.Record())
		filter = append(filter, d.Filter())
	}
	return dst, filter, d.Err()
}

// checkTableCuts requires every truncation and extension of a table of
// rows of size bytes from offset hdr to be an error, through decode.
func checkTableCuts(t *testing.T, buf []byte, hdr, size int, decode func([]byte) error) {
	t.Helper()
	// Every cut in the header; around each row edge and inside rows.
	var ks []int
	for k := 0; k < len(buf) && k <= hdr+16; k++ {
		ks = append(ks, k)
	}
	for r := hdr; r < len(buf); r += size {
		for _, d := range []int{-1, 1, 8, size / 3, size / 2, size - 8, size - 1} {
			if k := r + d; k > hdr+16 && k < len(buf) {
				ks = append(ks, k)
			}
		}
	}
	for _, k := range ks {
		err := decode(buf[:k])
		want := parse.ErrShort
		if k == 0 {
			want = parse.ErrEmpty
		}
		if !errors.Is(err, want) {
			t.Fatalf("cut at %d of %d: %v, want %v", k, len(buf), err, want)
		}
		checkBinaryErr(t, err, k)
	}
	for _, extra := range []int{1, size - 1, size + 1} {
		long := append(append([]byte{}, buf...), make([]byte, extra)...)
		if err := decode(long); !errors.Is(err, parse.ErrLength) {
			t.Fatalf("%d extra bytes: %v, want ErrLength", extra, err)
		}
	}
}

// checkScrubTable2 requires ScrubMIBIfTable2 to keep what decodes (the
// same records and error class) and to be idempotent.
func checkScrubTable2(t *testing.T, b []byte) {
	t.Helper()
	var d parse.MIBIfTable2
	before, _, err1 := decodeTable2(&d, nil, b)
	before = cloneAll(before)
	s := bytes.Clone(b)
	parse.ScrubMIBIfTable2(s)
	after, _, err2 := decodeTable2(&d, nil, s)
	if diff := cmp.Diff(before, cloneAll(after), cmpopts.EquateEmpty()); diff != "" || (err1 == nil) != (err2 == nil) {
		t.Fatalf("scrubbing changed the decoding (errors %v, %v) (-before +after):\n%s", err1, err2, diff)
	}
	again := bytes.Clone(s)
	parse.ScrubMIBIfTable2(again)
	if !bytes.Equal(again, s) {
		t.Fatalf("scrubbing twice differs from once")
	}
}

// FuzzMIBIfTable2 decodes the input as a MIB_IF_TABLE2 (no panic,
// positional errors; the size must be exactly 8 + NumEntries×1352) and
// round-trips a generated table: names are the Alias in UTF-8 as
// unicode/utf16 decodes it, else the Description, else "ifindex<N>";
// packets are unicast + non-unicast; the filter flag is bit 1. No
// allocation once the name arena has grown; every truncation ErrShort,
// any extra byte ErrLength.
func FuzzMIBIfTable2(f *testing.F) {
	seedFiles(f, "../parse/testdata/windows/GetIfTable2.bin")
	f.Add([]byte{})
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0})
	f.Add([]byte{1, 0, 0, 0, 0, 0, 0, 0})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		var d parse.MIBIfTable2
		if _, _, err := decodeTable2(&d, nil, data); err != nil {
			checkBinaryErr(t, err, len(data))
		}
		checkScrubTable2(t, data)

		buf, want, wantFilter := genTable2(&gen{b: data})
		got, filter, err := decodeTable2(&d, nil, buf)
		if err != nil {
			t.Fatalf("generated table: %v", err)
		}
		opt := cmpopts.EquateEmpty()
		if diff := cmp.Diff(want, cloneAll(got), opt); diff != "" {
			t.Fatalf("generated table (-want +got):\n%s", diff)
		}
		if !cmp.Equal(wantFilter, filter, opt) {
			t.Fatalf("filter flags %v, want %v", filter, wantFilter)
		}
		kept, skipped, err := parse.AppendMIBIfTable2(nil, &d, buf, false)
		nf := 0
		for _, fl := range wantFilter {
			if fl {
				nf++
			}
		}
		if err != nil || skipped != nf || len(kept) != len(want)-nf {
			t.Fatalf("AppendMIBIfTable2: %d kept, %d skipped, %v; want %d, %d", len(kept), skipped, err, len(want)-nf, nf)
		}
		checkScrubTable2(t, buf)
		dst := make([]parse.Record, 0, len(want))
		if a := testing.AllocsPerRun(3, func() {
			d.Reset(buf)
			dst = dst[:0]
			for d.Next() {
				dst = append(dst, *d.Record())
			}
		}); a != 0 {
			t.Fatalf("%v allocations per decoding, want 0", a)
		}
		checkTableCuts(t, buf, 8, 1352, func(b []byte) error {
			_, _, err := decodeTable2(&d, dst[:0], b)
			return err
		})
	})
}

// FuzzMIBIfTable is FuzzMIBIfTable2 for the legacy 32-bit MIB_IFTABLE:
// every counter declared 32-bit, packets unicast + non-unicast modulo
// 2^32, names wszName, else bDescr's bytes, else "ifindex<N>".
func FuzzMIBIfTable(f *testing.F) {
	seedFiles(f, "../parse/testdata/windows/GetIfTable.bin")
	f.Add([]byte{})
	f.Add([]byte{0, 0, 0, 0})
	f.Add([]byte{1, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		var d parse.MIBIfTable
		decode := func(dst []parse.Record, b []byte) ([]parse.Record, error) {
			d.Reset(b)
			for d.Next() {
				dst = append(dst, *d.Record())
			}
			return dst, d.Err()
		}
		if _, err := decode(nil, data); err != nil {
			checkBinaryErr(t, err, len(data))
		}

		buf, want := genTable(&gen{b: data})
		got, err := decode(nil, buf)
		if err != nil {
			t.Fatalf("generated table: %v", err)
		}
		if diff := cmp.Diff(want, cloneAll(got), cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("generated table (-want +got):\n%s", diff)
		}
		dst := make([]parse.Record, 0, len(want))
		if a := testing.AllocsPerRun(3, func() { dst, _ = decode(dst[:0], buf) }); a != 0 {
			t.Fatalf("%v allocations per decoding, want 0", a)
		}
		checkTableCuts(t, buf, 4, 860, func(b []byte) error {
			_, err := decode(dst[:0], b)
			return err
		})
	})
}
