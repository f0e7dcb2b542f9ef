//go:build freebsd

package source

// Compile-time checks of the FreeBSD 7-10 layouts package parse decodes
// against golang.org/x/sys/unix's exported IfMsghdr and IfData, which are
// the FreeBSD 8 structs (cgo -godefs) for the arch being built. The
// FreeBSD 11+ layout has no exported x/sys type to check against; the
// parse tests check it against the C declaration. Each line fails to
// compile unless its two numbers are equal ([n]struct{} is assignable to
// [0]struct{} only for n == 0).

import (
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/netio-go/netio/parse"
)

const (
	// longSize is sizeof(u_long): the pointer size on FreeBSD.
	longSize = unsafe.Sizeof(uintptr(0))
	// ipackets7 is where parse reads ifi_ipackets for this arch's u_long.
	ipackets7 = parse.FreeBSD7IfDataIpacketsILP32 + (longSize-4)/4*(parse.FreeBSD7IfDataIpacketsLP64-parse.FreeBSD7IfDataIpacketsILP32)
	// sizeofIfData is what ifi_datalen holds; parse accepts 152 (LP64),
	// 80 (386 7-9), 84 (386 10) and 96 (arm).
	sizeofIfData = int(unsafe.Sizeof(unix.IfData{}))
)

var (
	_ [0]struct{} = [unsafe.Offsetof(unix.IfMsghdr{}.Data) - parse.FreeBSDIfMsghdrData]struct{}{}
	_ [0]struct{} = [unsafe.Sizeof(unix.IfMsghdr{}) - (parse.FreeBSDIfMsghdrData + unsafe.Sizeof(unix.IfData{}))]struct{}{}
	_ [0]struct{} = [(sizeofIfData - 152) * (sizeofIfData - 80) * (sizeofIfData - 96)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfData{}.Datalen) - 7]struct{}{}

	// The eleven counters parse reads as consecutive u_long from Ipackets.
	_ [0]struct{} = [unsafe.Offsetof(unix.IfData{}.Ipackets) - ipackets7]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfData{}.Ierrors) - (ipackets7 + 1*longSize)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfData{}.Opackets) - (ipackets7 + 2*longSize)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfData{}.Oerrors) - (ipackets7 + 3*longSize)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfData{}.Collisions) - (ipackets7 + 4*longSize)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfData{}.Ibytes) - (ipackets7 + 5*longSize)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfData{}.Obytes) - (ipackets7 + 6*longSize)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfData{}.Imcasts) - (ipackets7 + 7*longSize)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfData{}.Omcasts) - (ipackets7 + 8*longSize)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfData{}.Iqdrops) - (ipackets7 + 9*longSize)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfData{}.Noproto) - (ipackets7 + 10*longSize)]struct{}{}

	// Routing-socket constants parse mirrors as literals.
	_ [0]struct{} = [unix.RTM_IFINFO - 14]struct{}{}
	_ [0]struct{} = [unix.RTM_VERSION - 5]struct{}{}
	_ [0]struct{} = [unix.RTA_IFP - 0x10]struct{}{}
	_ [0]struct{} = [unix.AF_LINK - 18]struct{}{}
)
