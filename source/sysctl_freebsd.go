//go:build freebsd

package source

import (
	"os"

	"golang.org/x/sys/unix"
)

// fetchIfList makes the request {CTL_NET, PF_ROUTE, 0, 0, NET_RT_IFLIST, 0}
// through golang.org/x/sys/unix.SysctlRaw and returns the buffer and the
// dotted MIB. FreeBSD 11 and later give the 152-byte if_data with 64-bit
// counters and ifi_oqdrops; FreeBSD 7 to 10 give u_long counters (32-bit on
// 386 and arm) and no transmit drops.
func fetchIfList() ([]byte, string, error) {
	b, err := unix.SysctlRaw("net", unix.AF_ROUTE, 0, 0, unix.NET_RT_IFLIST, 0)
	if err != nil {
		return nil, "", os.NewSyscallError("sysctl net.route.0.0.iflist.0", err)
	}
	return b, "4.17.0.0.3.0", nil
}
