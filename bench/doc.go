// Package bench measures netio side by side with gopsutil v4 and
// prometheus/procfs, and checks that netio's gopsutil-compatible API gives
// gopsutil's output byte for byte.
//
// It is a separate module (github.com/netio-go/netio/bench) so that the
// peers it compares against never become dependencies of netio itself.
// Run ./run.sh for the full table; README.md explains the rows.
//
// The package holds the shared pieces of the benchmarks: a generator of
// /proc/net/dev text in the current kernel layout with its ground truth
// ([Generate]), the interface names of the live namespaces ([LiveNames]),
// and, on Linux, a bare netlink RTM_GETSTATS dump ([StatsDump]) used as
// the floor of the netlink path.
package bench
