//go:build windows && (amd64 || arm64)

package source

// Compile-time checks that the MIB_IF_ROW2 offsets package parse decodes
// by agree with golang.org/x/sys/windows's MibIfRow2 on amd64 and arm64.
// (On 386 x/sys's MibIfRow2 lacks the padding before TransmitLinkSpeed
// and is 1348 bytes, not 1352: it is wrong there, which is why netio
// decodes bytes.) Each line fails to compile unless its two numbers are
// equal ([n]struct{} is assignable to [0]struct{} only for n == 0).

import (
	"unsafe"

	"golang.org/x/sys/windows"

	"github.com/netio-go/netio/parse"
)

var (
	_ [0]struct{} = [unsafe.Sizeof(windows.MibIfRow2{}) - parse.MibIfRow2Size]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(windows.MibIfTable2{}.Table) - parse.MibIfTable2Rows]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(windows.MibIfRow2{}.InterfaceIndex) - parse.MibIfRow2InterfaceIndex]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(windows.MibIfRow2{}.Alias) - parse.MibIfRow2Alias]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(windows.MibIfRow2{}.Description) - parse.MibIfRow2Description]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(windows.MibIfRow2{}.InterfaceAndOperStatusFlags) - parse.MibIfRow2Flags]struct{}{}

	// The seventeen counters parse reads as consecutive u64 from InOctets.
	_ [0]struct{} = [unsafe.Offsetof(windows.MibIfRow2{}.InOctets) - parse.MibIfRow2InOctets]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(windows.MibIfRow2{}.InUcastPkts) - (parse.MibIfRow2InOctets + 1*8)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(windows.MibIfRow2{}.InNUcastPkts) - (parse.MibIfRow2InOctets + 2*8)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(windows.MibIfRow2{}.InDiscards) - (parse.MibIfRow2InOctets + 3*8)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(windows.MibIfRow2{}.InErrors) - (parse.MibIfRow2InOctets + 4*8)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(windows.MibIfRow2{}.InUnknownProtos) - (parse.MibIfRow2InOctets + 5*8)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(windows.MibIfRow2{}.InUcastOctets) - (parse.MibIfRow2InOctets + 6*8)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(windows.MibIfRow2{}.InMulticastOctets) - (parse.MibIfRow2InOctets + 7*8)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(windows.MibIfRow2{}.InBroadcastOctets) - (parse.MibIfRow2InOctets + 8*8)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(windows.MibIfRow2{}.OutOctets) - (parse.MibIfRow2InOctets + 9*8)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(windows.MibIfRow2{}.OutUcastPkts) - (parse.MibIfRow2InOctets + 10*8)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(windows.MibIfRow2{}.OutNUcastPkts) - (parse.MibIfRow2InOctets + 11*8)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(windows.MibIfRow2{}.OutDiscards) - (parse.MibIfRow2InOctets + 12*8)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(windows.MibIfRow2{}.OutErrors) - (parse.MibIfRow2InOctets + 13*8)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(windows.MibIfRow2{}.OutUcastOctets) - (parse.MibIfRow2InOctets + 14*8)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(windows.MibIfRow2{}.OutMulticastOctets) - (parse.MibIfRow2InOctets + 15*8)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(windows.MibIfRow2{}.OutBroadcastOctets) - parse.MibIfRow2OutBroadcastOctets]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(windows.MibIfRow2{}.OutBroadcastOctets) - (parse.MibIfRow2InOctets + 16*8)]struct{}{}

	// The legacy MIB_IFROW is right on every arch.
	_ [0]struct{} = [unsafe.Sizeof(windows.MibIfRow{}) - parse.MibIfRowSize]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(windows.MibIfRow{}.Index) - parse.MibIfRowIndex]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(windows.MibIfRow{}.InOctets) - parse.MibIfRowInOctets]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(windows.MibIfRow{}.DescrLen) - parse.MibIfRowDescrLen]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(windows.MibIfRow{}.Descr) - parse.MibIfRowDescr]struct{}{}
)
