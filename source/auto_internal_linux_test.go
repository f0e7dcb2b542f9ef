//go:build linux

package source

import (
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/netio-go/netio/internal/nstest"
	"github.com/netio-go/netio/parse"
	"golang.org/x/sys/unix"
)

// TestAutoFallsBack: when netlink is refused (EPERM, as an SELinux policy
// or a seccomp filter answers), auto reads procfs.
func TestAutoFallsBack(t *testing.T) {
	saved := openNetlink
	defer func() { openNetlink = saved }()
	openNetlink = func(Config) (Source, error) {
		return nil, fmt.Errorf("netio: netlink: %w", unix.EPERM)
	}
	s, err := Open(Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Name() != "procfs" {
		t.Errorf("auto chose %s, want procfs", s.Name())
	}
	if _, err := Open(Config{Kind: "auto", HostProc: "/nonexistent"}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("auto on a missing proc tree: %v", err)
	}
}

// TestNetlinkLinkMode: the fallback for kernels without RTM_GETSTATS
// (counters from RTM_GETLINK's IFLA_STATS64) reads the same records as the
// RTM_GETSTATS path, in a quiet namespace of its own.
func TestNetlinkLinkMode(t *testing.T) {
	if os.Getenv("NETIO_REQUIRE_NETNS") != "1" {
		nstest.Skip(t)
	}
	ns := nstest.New(t)
	nstest.Veth(t, ns, "nioa", "niob")
	nstest.SendFrames(t, ns, "nioa", 20, 100)
	n, err := OpenNetlink(Config{NetNS: ns})
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	read := func(statsOK bool) []parse.Record {
		n.statsOK = statsOK
		recs, err := n.Read(nil)
		if err != nil {
			t.Fatal(err)
		}
		out := make([]parse.Record, len(recs))
		for i := range recs {
			out[i] = recs[i].Clone()
		}
		return out
	}
	var diff string
	for range 20 {
		stats, links := read(true), read(false)
		if diff = cmp.Diff(stats, links); diff == "" {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if diff != "" {
		t.Errorf("RTM_GETSTATS and RTM_GETLINK readings differ (-stats +links):\n%s", diff)
	}
	blobs := n.AppendCapture(nil)
	if len(blobs) != 1 || blobs[0].Path != "netlink/getlink.bin" {
		t.Errorf("link-mode capture: %v", blobs)
	}
}
