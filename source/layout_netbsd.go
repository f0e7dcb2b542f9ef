//go:build netbsd

package source

// Compile-time checks that the offsets package parse decodes NetBSD
// interface messages by agree with golang.org/x/sys/unix's IfMsghdr and
// IfData for the arch being built (cgo -godefs of sys/net/if.h). Each line
// fails to compile unless its two numbers are equal ([n]struct{} is
// assignable to [0]struct{} only for n == 0).

import (
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/netio-go/netio/parse"
)

var (
	_ [0]struct{} = [unsafe.Sizeof(unix.IfMsghdr{}) - parse.NetBSDIfMsghdrSize]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfMsghdr{}.Addrs) - parse.NetBSDIfMsghdrAddrs]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfMsghdr{}.Index) - parse.NetBSDIfMsghdrIndex]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfMsghdr{}.Data) - parse.NetBSDIfMsghdrData]struct{}{}

	// The eleven counters parse reads as consecutive u64 from Ipackets.
	_ [0]struct{} = [unsafe.Offsetof(unix.IfData{}.Ipackets) - parse.NetBSDIfDataIpackets]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfData{}.Ierrors) - (parse.NetBSDIfDataIpackets + 1*8)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfData{}.Opackets) - (parse.NetBSDIfDataIpackets + 2*8)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfData{}.Oerrors) - (parse.NetBSDIfDataIpackets + 3*8)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfData{}.Collisions) - (parse.NetBSDIfDataIpackets + 4*8)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfData{}.Ibytes) - (parse.NetBSDIfDataIpackets + 5*8)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfData{}.Obytes) - (parse.NetBSDIfDataIpackets + 6*8)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfData{}.Imcasts) - (parse.NetBSDIfDataIpackets + 7*8)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfData{}.Omcasts) - (parse.NetBSDIfDataIpackets + 8*8)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfData{}.Iqdrops) - (parse.NetBSDIfDataIpackets + 9*8)]struct{}{}
	_ [0]struct{} = [unsafe.Offsetof(unix.IfData{}.Noproto) - (parse.NetBSDIfDataIpackets + 10*8)]struct{}{}

	// Routing-socket constants parse mirrors as literals.
	_ [0]struct{} = [unix.RTM_IFINFO - 20]struct{}{}
	_ [0]struct{} = [unix.RTM_VERSION - 4]struct{}{}
	_ [0]struct{} = [unix.RTA_IFP - 0x10]struct{}{}
	_ [0]struct{} = [unix.AF_LINK - 18]struct{}{}
	_ [0]struct{} = [unix.AF_ROUTE - 34]struct{}{}
)
