//go:build windows

package source

import (
	"os"
	"unsafe"

	"golang.org/x/sys/windows"

	"github.com/netio-go/netio/parse"
)

// An IPHlpAPI reads Windows interface counters with one
// GetIfTable2Ex(MibIfTableNormal) call per reading (the same table as
// GetIfTable2: statistics from the top of each interface's filter stack),
// copies the MIB_IF_TABLE2 bytes into a buffer it reuses, releases the
// table with FreeMibTable and decodes the copy with [parse.MIBIfTable2]
// (FORMATS.md §6), so the decoding is the same on 386, amd64 and arm64
// whatever x/sys's MibIfRow2 says.
//
// One call returns every interface, so, unlike gopsutil's GetIfEntry2 per
// interface, an interface that vanishes mid-reading cannot fail the
// reading. Records are named by the interface Alias (the friendly name,
// as net.Interfaces and gopsutil use), count packets as unicast +
// non-unicast, and carry all seventeen 64-bit MIB_IF_ROW2 counters.
//
// NDIS filter and intermediate driver interfaces (InterfaceAndOperStatusFlags
// FilterInterface) repeat the counters of the interface below them. Read
// leaves them out, so totals and the "all" row count each packet once;
// they stay in the capture, and [IPHlpAPI.Filtered] says how many there
// were.
//
// The capture is the raw table as "iphlpapi/GetIfTable2.bin".
type IPHlpAPI struct {
	buf      []byte
	dec      parse.MIBIfTable2
	filtered int
}

// OpenIPHlpAPI returns a GetIfTable2 source. It takes one reading to check
// that the API works.
func OpenIPHlpAPI() (*IPHlpAPI, error) {
	s := &IPHlpAPI{}
	s.dec.Source = "GetIfTable2"
	if _, err := s.Read(nil); err != nil {
		return nil, err
	}
	return s, nil
}

// Name returns "iphlpapi".
func (s *IPHlpAPI) Name() string { return "iphlpapi" }

// Read takes one reading and appends one record per interface that is not
// a filter interface.
func (s *IPHlpAPI) Read(dst []parse.Record) ([]parse.Record, error) {
	if err := s.fetch(); err != nil {
		return dst, err
	}
	var err error
	dst, s.filtered, err = parse.AppendMIBIfTable2(dst, &s.dec, s.buf, false)
	return dst, err
}

// maxIfTableRows bounds the copy: a table claiming more rows than this
// (about 88 MB) is not believed.
const maxIfTableRows = 1 << 16

func (s *IPHlpAPI) fetch() error {
	var t *windows.MibIfTable2
	if err := windows.GetIfTable2Ex(windows.MibIfTableNormal, &t); err != nil {
		return os.NewSyscallError("GetIfTable2Ex", err)
	}
	defer windows.FreeMibTable(unsafe.Pointer(t))
	// NumEntries is the table's first u32 on every arch; the rows start at
	// 8 (x/sys's MibIfTable2 puts them at 4 on 386, so only the pointer
	// and NumEntries are taken from it).
	n := int(*(*uint32)(unsafe.Pointer(t)))
	if n > maxIfTableRows {
		return &parse.ParseError{Source: "GetIfTable2", Field: "NumEntries", Err: parse.ErrLength}
	}
	size := parse.MibIfTable2Rows + n*parse.MibIfRow2Size
	s.buf = append(s.buf[:0], unsafe.Slice((*byte)(unsafe.Pointer(t)), size)...)
	return nil
}

// Filtered returns how many filter interfaces the last Read left out.
func (s *IPHlpAPI) Filtered() int { return s.filtered }

// AppendCapture appends the raw MIB_IF_TABLE2 of the last Read.
func (s *IPHlpAPI) AppendCapture(dst []Blob) []Blob {
	return append(dst, Blob{Path: "iphlpapi/GetIfTable2.bin", Data: s.buf})
}

// Close does nothing: the table is freed after every Read.
func (s *IPHlpAPI) Close() error { return nil }
