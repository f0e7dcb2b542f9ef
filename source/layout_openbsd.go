//go:build openbsd

package source

// Compile-time checks that the offsets package parse decodes OpenBSD
// interface messages by agree with golang.org/x/sys/unix's IfMsghdr and
// IfData for the arch being built (cgo -godefs of sys/net/if.h). Each line
// fails to compile unless its two numbers are equal ([n]struct{} is
// assignable to [0]struct{} only for n == 0).

import (
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/netio-go/netio/parse"
)

// sizeofIfMsghdr is 168 on LP64 and arm, 160 on 386: the decoder accepts
// exactly those two ifm_hdrlen values.
const sizeofIfMsghdr = int(unsafe.Sizeof(unix.IfMsghdr{}))

var (
	_ [0]struct{} = [(sizeofIfMsghdr - parse.OpenBSDIfMsghdrSize) * (sizeofIfMsghdr - parse.OpenBSDIfMsghdrSize386)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfMsghdr{}.Hdrlen) - parse.OpenBSDIfMsghdrHdrlen]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfMsghdr{}.Index) - parse.OpenBSDIfMsghdrIndex]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfMsghdr{}.Addrs) - parse.OpenBSDIfMsghdrAddrs]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfMsghdr{}.Data) - parse.OpenBSDIfMsghdrData]struct{}{}

	// The twelve counters parse reads as consecutive u64 from Ipackets.
	_ [0]struct{} = [unsafe.Offsetof(unix.IfData{}.Ipackets) - parse.OpenBSDIfDataIpackets]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfData{}.Ierrors) - (parse.OpenBSDIfDataIpackets + 1*8)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfData{}.Opackets) - (parse.OpenBSDIfDataIpackets + 2*8)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfData{}.Oerrors) - (parse.OpenBSDIfDataIpackets + 3*8)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfData{}.Collisions) - (parse.OpenBSDIfDataIpackets + 4*8)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfData{}.Ibytes) - (parse.OpenBSDIfDataIpackets + 5*8)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfData{}.Obytes) - (parse.OpenBSDIfDataIpackets + 6*8)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfData{}.Imcasts) - (parse.OpenBSDIfDataIpackets + 7*8)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfData{}.Omcasts) - (parse.OpenBSDIfDataIpackets + 8*8)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfData{}.Iqdrops) - (parse.OpenBSDIfDataIpackets + 9*8)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfData{}.Oqdrops) - (parse.OpenBSDIfDataIpackets + 10*8)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfData{}.Noproto) - (parse.OpenBSDIfDataIpackets + 11*8)]struct{}{}

	// Routing-socket constants parse mirrors as literals.
	_ [0]struct{} = [unix.RTM_IFINFO - 14]struct{}{}
	_ [0]struct{} = [unix.RTM_VERSION - 5]struct{}{}
	_ [0]struct{} = [unix.RTA_IFP - 0x10]struct{}{}
	_ [0]struct{} = [unix.AF_LINK - 18]struct{}{}
)
