package parse

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"
)

// cMibIfRow2 mirrors MIB_IF_ROW2 as netioapi.h declares it (FORMATS.md
// §6.1), with the padding MSVC inserts written out: 3 bytes after the
// InterfaceAndOperStatusFlags bit-field byte, 4 before TransmitLinkSpeed
// (on every arch, since NET_LUID makes the struct 8-aligned).
type cMibIfRow2 struct {
	InterfaceLuid                                        uint64
	InterfaceIndex                                       uint32
	InterfaceGuid                                        [16]byte
	Alias, Description                                   [257]uint16
	PhysicalAddressLength                                uint32
	PhysicalAddress, PermanentPhysicalAddress            [32]byte
	Mtu, Type, TunnelType, MediaType, PhysicalMediumType uint32
	AccessType, DirectionType                            uint32
	Flags                                                uint8
	_                                                    [3]byte
	OperStatus, AdminStatus, MediaConnectState           uint32
	NetworkGuid                                          [16]byte
	ConnectionType                                       uint32
	_                                                    uint32
	TransmitLinkSpeed, ReceiveLinkSpeed                  uint64
	InOctets, InUcastPkts, InNUcastPkts, InDiscards      uint64
	InErrors, InUnknownProtos, InUcastOctets             uint64
	InMulticastOctets, InBroadcastOctets                 uint64
	OutOctets, OutUcastPkts, OutNUcastPkts, OutDiscards  uint64
	OutErrors, OutUcastOctets, OutMulticastOctets        uint64
	OutBroadcastOctets, OutQLen                          uint64
}

// cMibIfRow mirrors the legacy MIB_IFROW (ifmib.h): 860 bytes.
type cMibIfRow struct {
	Name                                                [256]uint16
	Index, Type, Mtu, Speed, PhysAddrLen                uint32
	PhysAddr                                            [8]byte
	AdminStatus, OperStatus, LastChange                 uint32
	InOctets, InUcastPkts, InNUcastPkts, InDiscards     uint32
	InErrors, InUnknownProtos                           uint32
	OutOctets, OutUcastPkts, OutNUcastPkts, OutDiscards uint32
	OutErrors, OutQLen, DescrLen                        uint32
	Descr                                               [256]byte
}

func wide257(s string) (w [257]uint16) {
	copy(w[:256], utf16.Encode([]rune(s)))
	return w
}

// winIface is one row to encode.
type winIface struct {
	alias, descr string
	index        uint32
	flags        uint8
	base         uint64
}

func winRow2(f winIface) cMibIfRow2 {
	b := f.base
	return cMibIfRow2{InterfaceLuid: uint64(f.index) << 24, InterfaceIndex: f.index,
		Alias: wide257(f.alias), Description: wide257(f.descr), PhysicalAddressLength: 6,
		Mtu: 1500, Type: 6, MediaType: 0, AccessType: 2, DirectionType: 0, Flags: f.flags,
		OperStatus: 1, AdminStatus: 1, MediaConnectState: 1, ConnectionType: 1,
		TransmitLinkSpeed: 1e9, ReceiveLinkSpeed: 1e9,
		InOctets: b + 1, InUcastPkts: b + 2, InNUcastPkts: b + 3, InDiscards: b + 4, InErrors: b + 5,
		InUnknownProtos: b + 6, InUcastOctets: b + 7, InMulticastOctets: b + 8, InBroadcastOctets: b + 9,
		OutOctets: b + 10, OutUcastPkts: b + 11, OutNUcastPkts: b + 12, OutDiscards: b + 13,
		OutErrors: b + 14, OutUcastOctets: b + 15, OutMulticastOctets: b + 16, OutBroadcastOctets: b + 17,
		OutQLen: 99}
}

// winWant is the record MIB_IF_ROW2 semantics give for a row.
func winWant(r cMibIfRow2, name string) Record {
	w := Record{Name: []byte(name), Index: int32(r.InterfaceIndex)}
	w.Set(RxBytes, r.InOctets)
	w.Set(RxUnicastPackets, r.InUcastPkts)
	w.Set(RxNonUnicastPackets, r.InNUcastPkts)
	w.Set(RxPackets, r.InUcastPkts+r.InNUcastPkts)
	w.Set(RxDrop, r.InDiscards)
	w.Set(RxErrors, r.InErrors)
	w.Set(RxNoProto, r.InUnknownProtos)
	w.Set(RxUnicastBytes, r.InUcastOctets)
	w.Set(RxMulticastBytes, r.InMulticastOctets)
	w.Set(RxBroadcastBytes, r.InBroadcastOctets)
	w.Set(TxBytes, r.OutOctets)
	w.Set(TxUnicastPackets, r.OutUcastPkts)
	w.Set(TxNonUnicastPackets, r.OutNUcastPkts)
	w.Set(TxPackets, r.OutUcastPkts+r.OutNUcastPkts)
	w.Set(TxDrop, r.OutDiscards)
	w.Set(TxErrors, r.OutErrors)
	w.Set(TxUnicastBytes, r.OutUcastOctets)
	w.Set(TxMulticastBytes, r.OutMulticastOctets)
	w.Set(TxBroadcastBytes, r.OutBroadcastOctets)
	return w
}

// winTable2 encodes a MIB_IF_TABLE2: NumEntries, 4 bytes of padding,
// then the rows.
func winTable2(t testing.TB, rows []cMibIfRow2) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, uint32(len(rows)))
	binary.Write(&b, binary.LittleEndian, uint32(0))
	for i := range rows {
		n := b.Len()
		if err := binary.Write(&b, binary.LittleEndian, &rows[i]); err != nil {
			t.Fatal(err)
		}
		if b.Len()-n != 1352 {
			t.Fatalf("mirror of MIB_IF_ROW2 is %d bytes, want 1352", b.Len()-n)
		}
	}
	return b.Bytes()
}

func winIfaces() []winIface {
	return []winIface{
		{alias: "Loopback Pseudo-Interface 1", descr: "Software Loopback Interface 1", index: 1, flags: 0, base: 0},
		{alias: "Ethernet", descr: "Intel(R) Ethernet Connection", index: 7, flags: IfHardwareInterface | IfConnectorPresent, base: 5 << 40},
		{alias: "Ethernet-WFP Native MAC Layer LightWeight Filter-0000", descr: "Intel(R) Ethernet Connection-WFP", index: 8, flags: IfFilterInterface | IfConnectorPresent, base: 5 << 40},
		{alias: "Wi-Fi 日本語 😀", descr: "Wireless", index: 12, flags: IfHardwareInterface, base: 1 << 33},
		{alias: "", descr: "Description only", index: 21, base: 100},
		{alias: "", descr: "", index: 22, base: 200},
	}
}

func winExpected() (rows []cMibIfRow2, want []Record) {
	for _, f := range winIfaces() {
		r := winRow2(f)
		rows = append(rows, r)
		name := f.alias
		switch {
		case name == "" && f.descr != "":
			name = f.descr
		case name == "":
			name = "ifindex22"
		}
		want = append(want, winWant(r, name))
	}
	return rows, want
}

func TestMIBIfTable2(t *testing.T) {
	rows, want := winExpected()
	buf := winTable2(t, rows)
	var d MIBIfTable2
	d.Source = "GetIfTable2"
	d.Reset(buf)
	if d.Len() != len(rows) {
		t.Fatalf("Len() = %d, want %d", d.Len(), len(rows))
	}
	var got []Record
	var golden []goldenRecord
	var filters []bool
	for d.Next() {
		got = append(got, *d.Record()) // names stay valid until Reset
		golden = append(golden, toGolden(d.Record(), ""))
		filters = append(filters, d.Filter())
	}
	if err := d.Err(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]bool{false, false, true, false, false, false}, filters); diff != "" {
		t.Errorf("Filter() (-want +got):\n%s", diff)
	}
	checkGolden(t, "windows/GetIfTable2", buf, golden)

	recs, filtered, err := AppendMIBIfTable2(nil, &d, buf, false)
	if err != nil || filtered != 1 || len(recs) != len(rows)-1 {
		t.Fatalf("AppendMIBIfTable2 without filters: %d records, %d filtered, %v", len(recs), filtered, err)
	}
	for _, r := range recs {
		if bytes.Contains(r.Name, []byte("Filter")) {
			t.Errorf("filter interface %q kept", r.Name)
		}
	}
	recs, filtered, err = AppendMIBIfTable2(nil, &d, buf, true)
	if err != nil || filtered != 0 || len(recs) != len(rows) {
		t.Fatalf("AppendMIBIfTable2 with filters: %d records, %d filtered, %v", len(recs), filtered, err)
	}
}

func TestMIBIfTable2Errors(t *testing.T) {
	rows, _ := winExpected()
	buf := winTable2(t, rows[:2])
	var d MIBIfTable2
	// Every truncation is an error.
	for n := 0; n < len(buf); n++ {
		d.Reset(buf[:n])
		for d.Next() {
		}
		err := d.Err()
		want := ErrShort
		if n == 0 {
			want = ErrEmpty
		}
		var pe *ParseError
		if !errors.Is(err, want) || !errors.As(err, &pe) {
			t.Fatalf("cut at %d: %v, want %v", n, err, want)
		}
	}
	cases := []struct {
		name string
		buf  []byte
		err  error
	}{
		{"trailing byte", append(bytes.Clone(buf), 0), ErrLength},
		{"NumEntries too large", append([]byte{3, 0, 0, 0, 0, 0, 0, 0}, buf[8:]...), ErrShort},
		{"NumEntries huge", append([]byte{0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0}, buf[8:]...), ErrShort},
		{"NumEntries too small", append([]byte{1, 0, 0, 0, 0, 0, 0, 0}, buf[8:]...), ErrLength},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d.Reset(c.buf)
			if d.Next() {
				t.Fatal("Next true on a bad table")
			}
			if !errors.Is(d.Err(), c.err) {
				t.Fatalf("err = %v, want %v", d.Err(), c.err)
			}
		})
	}
	t.Run("empty table", func(t *testing.T) {
		d.Reset(make([]byte, 8))
		if d.Next() || d.Err() != nil {
			t.Fatalf("0 rows: Next or err %v", d.Err())
		}
	})
	t.Run("odd names never fail", func(t *testing.T) {
		r := winRow2(winIface{index: 3})
		r.Alias[0], r.Alias[1], r.Alias[2] = 0xd800, 'x', 0xdc00 // unpaired surrogates
		for i := range r.Description {
			r.Description[i] = 'D' // no NUL at all
		}
		d.Reset(winTable2(t, []cMibIfRow2{r}))
		if !d.Next() {
			t.Fatal(d.Err())
		}
		if got := string(d.Record().Name); got != "\uFFFDx\uFFFD" {
			t.Fatalf("name %q", got)
		}
		r.Alias = [257]uint16{}
		d.Reset(winTable2(t, []cMibIfRow2{r}))
		if !d.Next() || len(d.Record().Name) != 256 {
			t.Fatalf("unterminated description: %d bytes, %v", len(d.Record().Name), d.Err())
		}
	})
}

// winTable encodes a legacy MIB_IFTABLE: dwNumEntries, then the rows.
func winTable(t testing.TB, rows []cMibIfRow) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, uint32(len(rows)))
	for i := range rows {
		n := b.Len()
		if err := binary.Write(&b, binary.LittleEndian, &rows[i]); err != nil {
			t.Fatal(err)
		}
		if b.Len()-n != 860 {
			t.Fatalf("mirror of MIB_IFROW is %d bytes, want 860", b.Len()-n)
		}
	}
	return b.Bytes()
}

func TestMIBIfTable(t *testing.T) {
	rows := []cMibIfRow{
		{Index: 1, InOctets: 1, InUcastPkts: 0xffffffff, InNUcastPkts: 2, InDiscards: 3, InErrors: 4,
			InUnknownProtos: 5, OutOctets: 6, OutUcastPkts: 7, OutNUcastPkts: 8, OutDiscards: 9,
			OutErrors: 10, OutQLen: 11, DescrLen: 9},
		{Index: 9, InOctets: 0xfffffff0, DescrLen: 256},
		{Index: 10},
	}
	copy(rows[0].Descr[:], "Realtek\x00")
	copy(rows[1].Name[:], utf16.Encode([]rune(`\DEVICE\TCPIP_{1234}`)))
	buf := winTable(t, rows)
	var want []Record
	for i, r := range rows {
		w := Record{Index: int32(r.Index), Name: []byte([]string{"Realtek", `\DEVICE\TCPIP_{1234}`, "ifindex10"}[i])}
		w.Set(RxBytes, uint64(r.InOctets))
		w.Set(RxUnicastPackets, uint64(r.InUcastPkts))
		w.Set(RxNonUnicastPackets, uint64(r.InNUcastPkts))
		w.Set(RxPackets, uint64(r.InUcastPkts+r.InNUcastPkts)) // DWORD sum wraps
		w.Set(RxDrop, uint64(r.InDiscards))
		w.Set(RxErrors, uint64(r.InErrors))
		w.Set(RxNoProto, uint64(r.InUnknownProtos))
		w.Set(TxBytes, uint64(r.OutOctets))
		w.Set(TxUnicastPackets, uint64(r.OutUcastPkts))
		w.Set(TxNonUnicastPackets, uint64(r.OutNUcastPkts))
		w.Set(TxPackets, uint64(r.OutUcastPkts+r.OutNUcastPkts))
		w.Set(TxDrop, uint64(r.OutDiscards))
		w.Set(TxErrors, uint64(r.OutErrors))
		w.Narrow = w.Has
		want = append(want, w)
	}
	var d MIBIfTable
	d.Reset(buf)
	var got []Record
	var golden []goldenRecord
	for d.Next() {
		got = append(got, *d.Record())
		golden = append(golden, toGolden(d.Record(), ""))
	}
	if d.Err() != nil {
		t.Fatal(d.Err())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	checkGolden(t, "windows/GetIfTable", buf, golden)
	for n := 0; n < len(buf); n++ {
		d.Reset(buf[:n])
		for d.Next() {
		}
		if d.Err() == nil {
			t.Fatalf("cut at %d: no error", n)
		}
	}
}

// TestMIBIfTableNames: wszName up to its NUL, else bDescr up to its NUL
// and at most dwDescrLen bytes, else "ifindex<N>".
func TestMIBIfTableNames(t *testing.T) {
	tests := []struct {
		name     string
		wsz      string // wszName, cut to 256 UTF-16 units
		descr    string // bDescr, cut to 256 bytes
		descrLen uint32
		want     string
	}{
		{name: "wszName", wsz: `\DEVICE\TCPIP_{1234}`, descr: "Realtek", descrLen: 8, want: `\DEVICE\TCPIP_{1234}`},
		{name: "wszName ends at its NUL", wsz: "eth\x00junk", want: "eth"},
		{name: "wszName of junk after a NUL: bDescr", wsz: "\x00junk", descr: "Realtek", descrLen: 8, want: "Realtek"},
		{name: "bDescr cut at dwDescrLen", descr: "Realtek PCIe GbE Family Controller", descrLen: 7, want: "Realtek"},
		{name: "bDescr ends at its NUL before dwDescrLen", descr: "Realtek\x00junk", descrLen: 12, want: "Realtek"},
		{name: "dwDescrLen 0: ifindex", descr: "Realtek", descrLen: 0, want: "ifindex5"},
		{name: "dwDescrLen past bDescr: all 256 bytes", descr: strings.Repeat("D", 300), descrLen: 1000, want: strings.Repeat("D", 256)},
		{name: "no name at all: ifindex", descrLen: 256, want: "ifindex5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cMibIfRow{Index: 5, DescrLen: tt.descrLen}
			copy(r.Name[:], utf16.Encode([]rune(tt.wsz)))
			copy(r.Descr[:], tt.descr)
			var d MIBIfTable
			d.Reset(winTable(t, []cMibIfRow{r}))
			if !d.Next() {
				t.Fatal(d.Err())
			}
			if diff := cmp.Diff(tt.want, string(d.Record().Name)); diff != "" {
				t.Errorf("name (-want +got):\n%s", diff)
			}
		})
	}
}

// TestMIBIfTable2Names: the Alias up to its NUL, else the Description up
// to its NUL, else "ifindex<N>"; what follows a NUL is never read.
func TestMIBIfTable2Names(t *testing.T) {
	tests := []struct {
		name         string
		alias, descr string
		want         string
	}{
		{name: "Alias", alias: "Ethernet 2", descr: "Intel", want: "Ethernet 2"},
		{name: "Alias ends at its NUL", alias: "Ethernet\x00junk", descr: "Intel", want: "Ethernet"},
		{name: "Alias of junk after a NUL: Description", alias: "\x00junk", descr: "Intel", want: "Intel"},
		{name: "Description ends at its NUL", descr: "Intel\x00junk", want: "Intel"},
		{name: "both of junk after a NUL: ifindex", alias: "\x00junk", descr: "\x00junk", want: "ifindex3"},
		{name: "surrogate pair", alias: "Wi-Fi \U0001F600", want: "Wi-Fi \U0001F600"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := winRow2(winIface{alias: tt.alias, descr: tt.descr, index: 3})
			var d MIBIfTable2
			d.Reset(winTable2(t, []cMibIfRow2{r}))
			if !d.Next() {
				t.Fatal(d.Err())
			}
			if diff := cmp.Diff(tt.want, string(d.Record().Name)); diff != "" {
				t.Errorf("name (-want +got):\n%s", diff)
			}
		})
	}
}

// benchTable2 decodes a table the way the Windows source does.
func benchTable2(tb testing.TB, d *MIBIfTable2, dst []Record, buf []byte) []Record {
	dst, _, err := AppendMIBIfTable2(dst[:0], d, buf, false)
	if err != nil {
		tb.Fatal(err)
	}
	return dst
}

func TestMIBIfTable2Allocs(t *testing.T) {
	rows, _ := winExpected()
	buf := winTable2(t, rows)
	var d MIBIfTable2
	dst := make([]Record, 0, len(rows))
	benchTable2(t, &d, dst, buf) // grow the name arena once
	if n := testing.AllocsPerRun(100, func() { sinkRouteRecords = benchTable2(t, &d, dst, buf) }); n != 0 {
		t.Errorf("%v allocs per table, want 0", n)
	}
}

func BenchmarkMIBIfTable2(b *testing.B) {
	rows, _ := winExpected()
	var many []cMibIfRow2
	for len(many) < 64 {
		many = append(many, rows...)
	}
	buf := winTable2(b, many[:64])
	var d MIBIfTable2
	dst := make([]Record, 0, 64)
	b.ReportAllocs()
	b.SetBytes(int64(len(buf)))
	for b.Loop() {
		sinkRouteRecords = benchTable2(b, &d, dst, buf)
	}
}
