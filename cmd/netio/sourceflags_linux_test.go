//go:build linux

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"sort"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/netio-go/netio"
	"github.com/netio-go/netio/internal/nstest"
)

// TestSourceFlagsLive runs `netio show --json` on a namespace of its own
// through every way of reaching it (--netns by name and by path, --pid)
// and every source, with the filters, and checks the interfaces listed and
// that all readings agree.
func TestSourceFlagsLive(t *testing.T) {
	if os.Getenv("NETIO_REQUIRE_NETNS") != "1" {
		nstest.Skip(t)
	}
	ns := nstest.New(t)
	nstest.Veth(t, ns, "nioa", "niob")
	nstest.SendFrames(t, ns, "nioa", 30, 120)
	pid := strconv.Itoa(nstest.Sleeper(t, ns))

	show := func(args ...string) []netio.IOCountersStat {
		t.Helper()
		var out, errb bytes.Buffer
		if err := run(context.Background(), append([]string{"show", "--json"}, args...), &out, &errb); err != nil {
			t.Fatalf("show %q: %v: %s", args, err, errb.Bytes())
		}
		var stats []netio.IOCountersStat
		if err := json.Unmarshal(out.Bytes(), &stats); err != nil {
			t.Fatal(err)
		}
		sort.Slice(stats, func(i, j int) bool { return stats[i].Name < stats[j].Name })
		return stats
	}
	want := show("--netns", ns, "--source", "procfs")
	if len(want) != 3 || want[1].Name != "nioa" || want[1].PacketsSent != 30 {
		t.Fatalf("procfs --netns: %+v", want)
	}
	for _, args := range [][]string{
		{"--netns", ns},
		{"--netns", "/var/run/netns/" + ns, "--source", "netlink"},
		{"--pid", pid, "--source", "netlink"},
		{"--pid", pid, "--source", "procfs"},
		{"--pid", pid, "--source", "sysfs"},
	} {
		if diff := cmp.Diff(want, show(args...)); diff != "" {
			t.Errorf("show %q (-procfs --netns +got):\n%s", args, diff)
		}
	}
	if diff := cmp.Diff(want[1:], show("--netns", ns, "--no-loopback")); diff != "" {
		t.Errorf("--no-loopback (-want +got):\n%s", diff)
	}
	if got := show("--netns", ns, "--physical"); len(got) != 0 {
		t.Errorf("--physical in a veth namespace: %+v", got)
	}
	if diff := cmp.Diff(want[2:], show("--pid", pid, "--source", "sysfs", "--include", "niob")); diff != "" {
		t.Errorf("--include (-want +got):\n%s", diff)
	}
	var out, errb bytes.Buffer
	err := run(context.Background(), []string{"show", "--netns", ns, "--pid", pid}, &out, &errb)
	if err == nil {
		t.Error("--netns with --pid: no error")
	}
	err = run(context.Background(), []string{"show", "--netns", "nio-missing-" + pid}, &out, &errb)
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing namespace: %v", err)
	}
}
