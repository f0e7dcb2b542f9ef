//go:build linux

package netio

import (
	"context"
	"syscall"
	"testing"
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
