//go:build openbsd

package source

import (
	"os"
	"syscall"
)

// fetchIfList makes the request {CTL_NET, PF_ROUTE, 0, 0, NET_RT_IFLIST, 0}
// and returns the buffer and the dotted MIB. It goes through the standard
// library's syscall.RouteRIB rather than golang.org/x/sys/unix.SysctlRaw,
// because on OpenBSD x/sys resolves sysctl names from a fixed table that has
// no "net" entry, so SysctlRaw cannot name this MIB; RouteRIB passes the
// numeric MIB to sysctl(2) through libc. (RouteRIB is deprecated in favour
// of x/net/route, which decodes no counters.)
func fetchIfList() ([]byte, string, error) {
	b, err := syscall.RouteRIB(syscall.NET_RT_IFLIST, 0)
	if err != nil {
		return nil, "", os.NewSyscallError("sysctl net.route.0.0.iflist.0", err)
	}
	return b, "4.17.0.0.3.0", nil
}
