//go:build netbsd

package source

import (
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// fetchIfList makes the request {CTL_NET, PF_ROUTE (34), 0, 0,
// NET_RT_IFLIST, 0} through golang.org/x/sys/unix.SysctlRaw and returns the
// buffer and the dotted MIB. NetBSD 8 numbers NET_RT_IFLIST 6 and keeps 5
// (x/sys's NET_RT_IFLIST) as the pre-8.0 NET_RT_OIFLIST; both give the same
// 152-byte RTM_IFINFO messages, so it asks for 6 and falls back to 5 on
// kernels that do not know 6.
func fetchIfList() ([]byte, string, error) {
	const iflist, oiflist = 6, 5 // NetBSD 8+ NET_RT_IFLIST, NET_RT_OIFLIST
	mib := iflist
	b, err := unix.SysctlRaw("net", unix.AF_ROUTE, 0, 0, iflist, 0)
	if err != nil {
		mib = oiflist
		b, err = unix.SysctlRaw("net", unix.AF_ROUTE, 0, 0, oiflist, 0)
	}
	if err != nil {
		return nil, "", os.NewSyscallError("sysctl net.route.0.0.iflist.0", err)
	}
	return b, "4.34.0.0." + strconv.Itoa(mib) + ".0", nil
}
