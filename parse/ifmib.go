package parse

import (
	"bytes"
	"strconv"
)

// macOS struct ifmibdata (bsd/net/if_mib.h), the answer of the sysctl
// net.link.generic.ifdata.<index>.general
// ({CTL_NET, PF_LINK, NETLINK_GENERIC, IFMIB_IFDATA, index, IFDATA_GENERAL}).
// if_data64 is packed to 4 bytes there, so it starts at 52, not 56: do
// not mirror this struct with x/sys's IfData64.
const (
	// DarwinIfMibDataSize is sizeof(struct ifmibdata).
	DarwinIfMibDataSize = 180
	// DarwinIfMibDataSndDrops is the offset of ifmd_snd_drops (u32).
	DarwinIfMibDataSndDrops = 32
	// DarwinIfMibDataData is the offset of ifmd_data (struct if_data64).
	DarwinIfMibDataData = 52
)

// ifmibCols are the counters of an ifmibdata record.
var ifmibCols = append(run(DarwinIfMibDataData+DarwinIfData64Ipackets, 8, bsdOrder[:]...),
	ifCounter{f: TxDrop, off: DarwinIfMibDataSndDrops, w: 4})

// DecodeIfMibData decodes one macOS struct ifmibdata (180 bytes,
// little-endian) into rec: the name from ifmd_name, the eleven 64-bit
// counters of its if_data64 and the 32-bit ifmd_snd_drops as TxDrop. Unlike
// NET_RT_IFLIST2, the kernel hands these byte counters to every process
// exact and 64 bits wide (FORMATS.md §4.4). rec.Name borrows from buf;
// rec.Index is left 0 (the record does not carry it).
func DecodeIfMibData(rec *Record, source string, buf []byte) error {
	*rec = Record{}
	if len(buf) == 0 {
		return &ParseError{Source: source, Err: ErrEmpty}
	}
	if len(buf) != DarwinIfMibDataSize {
		err := ErrLength
		if len(buf) < DarwinIfMibDataSize {
			err = ErrShort
		}
		return &ParseError{Source: source, Offset: len(buf), Field: "ifmibdata",
			Text: strconv.Itoa(len(buf)) + " bytes, want 180", Err: err}
	}
	name := buf[:16]
	if i := bytes.IndexByte(name, 0); i >= 0 {
		name = name[:i]
	}
	if err := checkName(name); err != nil {
		return &ParseError{Source: source, Field: "ifmd_name", Text: excerpt(name), Err: err}
	}
	rec.Name = name
	for _, c := range ifmibCols {
		b := buf[c.off:]
		v := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24
		if c.w == 8 {
			v |= uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
		} else {
			rec.Narrow |= 1 << c.f
		}
		rec.Values[c.f] = v
		rec.Has |= 1 << c.f
	}
	return nil
}

// AppendDarwinIfList2 decodes a macOS NET_RT_IFLIST2 buffer and appends
// one record per interface, taking the name and index from the list and
// every counter from the interface's ifmibdata record, which ifmib returns
// for an index. This is how netio gets exact 64-bit byte counters on macOS:
// the list's own ibytes and obytes are rounded and truncated for
// non-Apple binaries (FORMATS.md §4.3).
//
// ifmib returns nil data and a nil error for an interface that vanished
// between the two sysctls; that interface is left out. Any other error
// from ifmib stops the decoding and is returned as it is. An ifmibdata
// record whose name differs from the list's is an error ([ErrName]).
// The records borrow their names from iflist2.
func AppendDarwinIfList2(dst []Record, source string, iflist2 []byte,
	ifmib func(index int32) ([]byte, error)) ([]Record, error) {
	d := RouteIfList{Source: source, Layout: RouteLayout{OS: RouteDarwin, LongSize: 8}}
	d.Reset(iflist2)
	for d.Next() {
		r := &d.rec
		b, err := ifmib(r.Index)
		if err != nil {
			return dst, err
		}
		if b == nil {
			continue
		}
		var m Record
		if err := DecodeIfMibData(&m, "", b); err != nil {
			if pe, ok := err.(*ParseError); ok {
				pe.Source, pe.Name = ifmibSource(r.Index), string(r.Name)
			}
			return dst, err
		}
		if !bytes.Equal(m.Name, r.Name) {
			return dst, &ParseError{Source: ifmibSource(r.Index), Field: "ifmd_name", Name: string(r.Name),
				Text: excerpt(m.Name), Err: ErrName}
		}
		m.Name, m.Index = r.Name, r.Index
		dst = append(dst, m)
	}
	return dst, d.Err()
}

// ifmibSource names the ifmibdata sysctl of an interface in errors.
func ifmibSource(index int32) string {
	return "sysctl net.link.generic.ifdata." + strconv.Itoa(int(index)) + ".general"
}
