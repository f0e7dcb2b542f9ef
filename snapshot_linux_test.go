//go:build linux

package netio

import (
	"context"
	"syscall"
	"testing"

	"github.com/netio-go/netio/internal/nstest"
)

func TestSnapshotLiveNamespace(t *testing.T) {
	var st syscall.Stat_t
	if err := syscall.Stat("/proc/self/ns/net", &st); err != nil {
		t.Skipf("cannot stat /proc/self/ns/net: %v", err)
	}
	r, err := NewReader(context.Background(), ReaderOptions{HostProc: "/proc"})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var s Snapshot
	if err := r.Snapshot(&s); err != nil {
		t.Fatal(err)
	}
	if s.Source.NetNS != st.Ino {
		t.Errorf("Source.NetNS = %d, want this process's network namespace %d", s.Source.NetNS, st.Ino)
	}
}

// TestSnapshotNamespacesNotComparable: a reading of another network
// namespace never diffs against one of this namespace, whatever the source
// (a namespace's indexes and names say nothing of another's).
func TestSnapshotNamespacesNotComparable(t *testing.T) {
	nstest.Skip(t)
	ns := nstest.New(t)
	nstest.Veth(t, ns, "nio0a", "nio0b")
	for _, src := range []string{"netlink", "procfs"} {
		t.Run(src, func(t *testing.T) {
			var host, other Snapshot
			for _, c := range []struct {
				s    *Snapshot
				opts ReaderOptions
			}{{&host, ReaderOptions{Source: src}}, {&other, ReaderOptions{Source: src, NetNS: ns}}} {
				r, err := NewReader(context.Background(), c.opts)
				if err != nil {
					t.Fatal(err)
				}
				err = r.Snapshot(c.s)
				r.Close()
				if err != nil {
					t.Fatal(err)
				}
			}
			if host.Source.NetNS == 0 || other.Source.NetNS == 0 || host.Source.Comparable(other.Source) {
				t.Fatalf("host %+v and namespace %+v: want both namespaces known and not comparable", host.Source, other.Source)
			}
			for _, d := range DiffBetween(nil, &other, &host) {
				if d.Flags != FlagNew {
					t.Errorf("%s diffed against the host's readings: %+v", d.Name, d)
				}
			}
		})
	}
}
