package parse

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// Windows MIB_IF_TABLE2 and MIB_IF_ROW2 (netioapi.h), little-endian and the
// same on 386, amd64 and arm64 (FORMATS.md §6.1): NumEntries (u32) at 0,
// four bytes of padding, then NumEntries rows of 1352 bytes from offset 8.
// x/sys/windows's MibIfRow2 and MibIfTable2 get this wrong on 386 (no
// padding before TransmitLinkSpeed), which is why netio reads the bytes.
const (
	// MibIfTable2Rows is the offset of the first row in MIB_IF_TABLE2.
	MibIfTable2Rows = 8
	// MibIfRow2Size is sizeof(MIB_IF_ROW2).
	MibIfRow2Size = 1352
	// MibIfRow2InterfaceIndex is the offset of InterfaceIndex (u32).
	MibIfRow2InterfaceIndex = 8
	// MibIfRow2Alias is the offset of Alias, WCHAR[257].
	MibIfRow2Alias = 28
	// MibIfRow2Description is the offset of Description, WCHAR[257].
	MibIfRow2Description = 542
	// MibIfRow2Flags is the offset of the InterfaceAndOperStatusFlags byte.
	MibIfRow2Flags = 1152
	// MibIfRow2InOctets is the offset of InOctets, the first of seventeen
	// consecutive u64 counters: InOctets, InUcastPkts, InNUcastPkts,
	// InDiscards, InErrors, InUnknownProtos, InUcastOctets,
	// InMulticastOctets, InBroadcastOctets, OutOctets, OutUcastPkts,
	// OutNUcastPkts, OutDiscards, OutErrors, OutUcastOctets,
	// OutMulticastOctets, OutBroadcastOctets.
	MibIfRow2InOctets = 1208
	// MibIfRow2OutBroadcastOctets is the offset of the last of them.
	MibIfRow2OutBroadcastOctets = 1336
)

// The bits of MIB_IF_ROW2.InterfaceAndOperStatusFlags (MSVC allocates
// bit-fields from the least significant bit).
const (
	// IfHardwareInterface: the interface is a hardware interface.
	IfHardwareInterface = 1 << 0
	// IfFilterInterface: the interface is an NDIS filter (LWF) or
	// intermediate driver's view of another interface: its counters are
	// that interface's again.
	IfFilterInterface = 1 << 1
	// IfConnectorPresent: a connector is present.
	IfConnectorPresent = 1 << 2
)

// row2Order is the order of the counters from InOctets.
var row2Order = [...]Field{RxBytes, RxUnicastPackets, RxNonUnicastPackets, RxDrop,
	RxErrors, RxNoProto, RxUnicastBytes, RxMulticastBytes, RxBroadcastBytes,
	TxBytes, TxUnicastPackets, TxNonUnicastPackets, TxDrop, TxErrors,
	TxUnicastBytes, TxMulticastBytes, TxBroadcastBytes}

var row2Cols = run(MibIfRow2InOctets, 8, row2Order[:]...)

// A MIBIfTable2 decodes the Windows MIB_IF_TABLE2 that GetIfTable2 and
// GetIfTable2Ex return, copied out as bytes (FORMATS.md §6.1).
//
// Each row gives one [Record]: Name is the interface Alias (the friendly
// name, as net.Interfaces and gopsutil name interfaces) converted from
// UTF-16 to UTF-8, with an unpaired surrogate replaced by U+FFFD; an empty
// Alias falls back to the Description and then to "ifindex<N>", so one odd
// row never fails the table. Index is InterfaceIndex. The counters are the
// seventeen 64-bit MIB_IF_ROW2 counters, and RxPackets and TxPackets are
// unicast + non-unicast packets (as psutil counts; gopsutil counts unicast
// only and so undercounts broadcast and multicast traffic).
//
// GetIfTable2 lists NDIS filter and intermediate driver interfaces too,
// whose counters repeat those of the interface below them. Next yields
// them like any row and [MIBIfTable2.Filter] says which they are; sources
// leave them out (see [AppendMIBIfTable2]).
//
// Use: Reset with the whole table, call Next until it returns false, then
// check Err. Names go into an arena the decoder reuses from one Reset to
// the next, so once it has grown to a table's names a MIBIfTable2
// allocates nothing. It is safe to copy before use.
type MIBIfTable2 struct {
	// Source names the input in errors, such as "GetIfTable2".
	Source string

	buf   []byte
	n, i  int
	flags byte
	rec   Record
	err   error
	names []byte // UTF-8 names of this table, reused by the next Reset
}

// Reset starts decoding buf, a whole MIB_IF_TABLE2. A table whose size is
// not exactly 8 + NumEntries×1352 bytes is an error, reported by Next and
// Err.
func (d *MIBIfTable2) Reset(buf []byte) {
	d.buf, d.i, d.n, d.flags, d.err = buf, 0, 0, 0, nil
	d.rec, d.names = Record{}, d.names[:0]
	d.n, d.err = wideTable(d.Source, buf, "NumEntries", MibIfTable2Rows, MibIfRow2Size)
}

// wideTable checks a table of n rows of size bytes from offset rows.
func wideTable(source string, buf []byte, field string, rows, size int) (int, error) {
	if len(buf) == 0 {
		return 0, &ParseError{Source: source, Err: ErrEmpty}
	}
	if len(buf) < rows {
		return 0, &ParseError{Source: source, Field: field,
			Text: strconv.Itoa(len(buf)) + " bytes, header needs " + strconv.Itoa(rows), Err: ErrShort}
	}
	n := uint64(le32(buf))
	want := uint64(rows) + n*uint64(size)
	if uint64(len(buf)) != want {
		err := ErrLength
		if uint64(len(buf)) < want {
			err = ErrShort
		}
		return 0, &ParseError{Source: source, Offset: len(buf), Field: field,
			Text: strconv.FormatUint(n, 10) + " rows need " + strconv.FormatUint(want, 10) +
				" bytes, have " + strconv.Itoa(len(buf)), Err: err}
	}
	return int(n), nil
}

func le32(b []byte) uint32 {
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}

func le64(b []byte) uint64 { return uint64(le32(b)) | uint64(le32(b[4:]))<<32 }

// Len returns the number of rows the table declares, once Reset succeeded.
func (d *MIBIfTable2) Len() int { return d.n }

// Next decodes the next row. It returns false after the last row or on an
// error, which Err then returns.
func (d *MIBIfTable2) Next() bool {
	if d.err != nil || d.i >= d.n {
		return false
	}
	row := d.buf[MibIfTable2Rows+d.i*MibIfRow2Size:][:MibIfRow2Size]
	d.i++
	index := le32(row[MibIfRow2InterfaceIndex:])
	d.flags = row[MibIfRow2Flags]
	d.rec = Record{Index: int32(index)}
	// WCHAR[257]: at most 256 characters before the NUL.
	d.rec.Name = d.appendName(row[MibIfRow2Alias:][:512], row[MibIfRow2Description:][:512], index)
	for _, c := range row2Cols {
		d.rec.Values[c.f] = le64(row[c.off:])
	}
	d.rec.Has = 1<<RxPackets | 1<<TxPackets
	for _, c := range row2Cols {
		d.rec.Has |= 1 << c.f
	}
	v := &d.rec.Values
	v[RxPackets] = v[RxUnicastPackets] + v[RxNonUnicastPackets]
	v[TxPackets] = v[TxUnicastPackets] + v[TxNonUnicastPackets]
	return true
}

// appendName converts the first non-empty of two WCHAR strings, else
// "ifindex<index>", into the names arena and returns it. When the arena
// grows, earlier names keep the old array, which is never written again,
// so every name of a table stays valid until the next Reset.
func (d *MIBIfTable2) appendName(alias, descr []byte, index uint32) []byte {
	return arenaName(&d.names, alias, descr, index)
}

func arenaName(names *[]byte, first, second []byte, index uint32) []byte {
	start := len(*names)
	*names = appendWide(*names, first)
	if len(*names) == start {
		*names = appendWide(*names, second)
	}
	if len(*names) == start {
		*names = strconv.AppendUint(append(*names, "ifindex"...), uint64(index), 10)
	}
	n := *names
	return n[start:len(n):len(n)]
}

// appendWide appends the UTF-8 form of the NUL-terminated UTF-16LE string
// in w (all of w when it holds no NUL) to dst.
func appendWide(dst, w []byte) []byte {
	for i := 0; i+1 < len(w); i += 2 {
		u := rune(w[i]) | rune(w[i+1])<<8
		if u == 0 {
			break
		}
		if utf16.IsSurrogate(u) {
			r := utf8.RuneError
			if u < 0xdc00 && i+3 < len(w) {
				u2 := rune(w[i+2]) | rune(w[i+3])<<8
				if r2 := utf16.DecodeRune(u, u2); r2 != utf8.RuneError {
					r = r2
					i += 2
				}
			}
			dst = utf8.AppendRune(dst, r)
			continue
		}
		dst = utf8.AppendRune(dst, u)
	}
	return dst
}

// Record returns the record decoded by the last successful Next. Its Name
// stays valid until the next Reset, so the records of one table can be
// kept together.
func (d *MIBIfTable2) Record() *Record { return &d.rec }

// Flags returns the InterfaceAndOperStatusFlags byte of the last row
// ([IfHardwareInterface], [IfFilterInterface], ...).
func (d *MIBIfTable2) Flags() byte { return d.flags }

// Filter reports whether the last row is a filter or intermediate driver
// interface ([IfFilterInterface]).
func (d *MIBIfTable2) Filter() bool { return d.flags&IfFilterInterface != 0 }

// Err returns the first error met, or nil.
func (d *MIBIfTable2) Err() error { return d.err }

// AppendMIBIfTable2 decodes a whole MIB_IF_TABLE2 and appends one record
// per interface to dst, leaving out filter interfaces unless withFilter is
// set, so that totals count each interface's traffic once. It returns the
// records, how many filter rows it left out, and the error. The records
// borrow their names from d until d's next Reset.
func AppendMIBIfTable2(dst []Record, d *MIBIfTable2, buf []byte, withFilter bool) ([]Record, int, error) {
	d.Reset(buf)
	filtered := 0
	for d.Next() {
		if d.Filter() && !withFilter {
			filtered++
			continue
		}
		r := d.rec
		dst = append(dst, r)
	}
	return dst, filtered, d.Err()
}

// Windows MIB_IFTABLE and MIB_IFROW (ifmib.h), the table the legacy
// GetIfTable returns: dwNumEntries (u32) at 0, then rows of 860 bytes from
// offset 4, on every arch. Counters are 32-bit DWORDs.
const (
	// MibIfTableRows is the offset of the first row in MIB_IFTABLE.
	MibIfTableRows = 4
	// MibIfRowSize is sizeof(MIB_IFROW).
	MibIfRowSize = 860
	// MibIfRowIndex is the offset of dwIndex.
	MibIfRowIndex = 512
	// MibIfRowInOctets is the offset of dwInOctets, the first of twelve
	// consecutive DWORDs: dwInOctets, dwInUcastPkts, dwInNUcastPkts,
	// dwInDiscards, dwInErrors, dwInUnknownProtos, dwOutOctets,
	// dwOutUcastPkts, dwOutNUcastPkts, dwOutDiscards, dwOutErrors,
	// dwOutQLen (not a counter).
	MibIfRowInOctets = 552
	// MibIfRowDescrLen is the offset of dwDescrLen.
	MibIfRowDescrLen = 600
	// MibIfRowDescr is the offset of bDescr[256].
	MibIfRowDescr = 604
)

var rowOrder = [...]Field{RxBytes, RxUnicastPackets, RxNonUnicastPackets, RxDrop,
	RxErrors, RxNoProto, TxBytes, TxUnicastPackets, TxNonUnicastPackets, TxDrop, TxErrors}

var rowCols = run(MibIfRowInOctets, 4, rowOrder[:]...)

// A MIBIfTable decodes the legacy Windows MIB_IFTABLE of GetIfTable
// (FORMATS.md §6.2). Every counter is 32 bits wide and declared so in
// [Record.Narrow]; RxPackets and TxPackets are unicast + non-unicast modulo
// 2^32, so they wrap like the DWORDs they come from. Name is wszName in
// UTF-8, else the bDescr bytes as they are (ANSI code page), else
// "ifindex<N>". Index is dwIndex.
//
// Use it like [MIBIfTable2]. A MIBIfTable allocates nothing once its name
// arena has grown to a table's names.
type MIBIfTable struct {
	// Source names the input in errors, such as "GetIfTable".
	Source string

	buf   []byte
	n, i  int
	rec   Record
	err   error
	names []byte
}

// Reset starts decoding buf, a whole MIB_IFTABLE of exactly
// 4 + dwNumEntries×860 bytes.
func (d *MIBIfTable) Reset(buf []byte) {
	d.buf, d.i, d.n, d.err = buf, 0, 0, nil
	d.rec, d.names = Record{}, d.names[:0]
	d.n, d.err = wideTable(d.Source, buf, "dwNumEntries", MibIfTableRows, MibIfRowSize)
}

// Len returns the number of rows the table declares.
func (d *MIBIfTable) Len() int { return d.n }

// Next decodes the next row; it returns false after the last row or on an
// error.
func (d *MIBIfTable) Next() bool {
	if d.err != nil || d.i >= d.n {
		return false
	}
	row := d.buf[MibIfTableRows+d.i*MibIfRowSize:][:MibIfRowSize]
	d.i++
	index := le32(row[MibIfRowIndex:])
	d.rec = Record{Index: int32(index)}
	start := len(d.names)
	d.names = appendWide(d.names, row[:512])
	if len(d.names) == start {
		descr := row[MibIfRowDescr:][:256]
		if n := le32(row[MibIfRowDescrLen:]); n < 256 {
			descr = descr[:n]
		}
		for _, c := range descr {
			if c == 0 {
				break
			}
			d.names = append(d.names, c)
		}
	}
	if len(d.names) == start {
		d.names = strconv.AppendUint(append(d.names, "ifindex"...), uint64(index), 10)
	}
	d.rec.Name = d.names[start:len(d.names):len(d.names)]
	for _, c := range rowCols {
		d.rec.Values[c.f] = uint64(le32(row[c.off:]))
		d.rec.Has |= 1 << c.f
	}
	v := &d.rec.Values
	v[RxPackets] = uint64(uint32(v[RxUnicastPackets] + v[RxNonUnicastPackets]))
	v[TxPackets] = uint64(uint32(v[TxUnicastPackets] + v[TxNonUnicastPackets]))
	d.rec.Has |= 1<<RxPackets | 1<<TxPackets
	d.rec.Narrow = d.rec.Has
	return true
}

// Record returns the record decoded by the last successful Next; its Name
// stays valid until the next Reset.
func (d *MIBIfTable) Record() *Record { return &d.rec }

// Err returns the first error met, or nil.
func (d *MIBIfTable) Err() error { return d.err }

// Identifying fields of MIB_IF_ROW2 that no decoder reads.
const (
	mibIfRow2Guid        = 12   // InterfaceGuid, 16 bytes
	mibIfRow2PhysAddr    = 1060 // PhysicalAddress and PermanentPhysicalAddress, 2×32 bytes
	mibIfRow2NetworkGuid = 1168 // NetworkGuid, 16 bytes
)

// ScrubMIBIfTable2 zeroes, in place, the fields of a MIB_IF_TABLE2 that
// [MIBIfTable2] does not decode and that can identify a host: each row's
// InterfaceGuid, PhysicalAddress, PermanentPhysicalAddress and
// NetworkGuid (PhysicalAddressLength is kept). The table decodes to the
// same records afterwards. A table whose size does not match its
// NumEntries is zeroed after its first 8 bytes: nothing unparsed is kept.
// It is how `netio record` keeps Windows fixtures free of addresses.
func ScrubMIBIfTable2(b []byte) {
	n, err := wideTable("", b, "NumEntries", MibIfTable2Rows, MibIfRow2Size)
	if err != nil {
		if len(b) > MibIfTable2Rows {
			clear(b[MibIfTable2Rows:])
		}
		return
	}
	for i := range n {
		row := b[MibIfTable2Rows+i*MibIfRow2Size:][:MibIfRow2Size]
		clear(row[mibIfRow2Guid : mibIfRow2Guid+16])
		clear(row[mibIfRow2PhysAddr : mibIfRow2PhysAddr+64])
		clear(row[mibIfRow2NetworkGuid : mibIfRow2NetworkGuid+16])
	}
}
