//go:build linux

package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"

	"github.com/netio-go/netio/internal/nstest"
)

// skipOrFail skips a test that needs what this host lacks, unless
// NETIO_REQUIRE_NETNS=1 (set by .ci/steps) turns the skip into a failure.
func skipOrFail(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("NETIO_REQUIRE_NETNS") == "1" {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}

func ipCmd(t *testing.T, args ...string) {
	t.Helper()
	out, err := exec.Command("ip", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("ip %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// Frames the sender writes: a fixed length, an experimental EtherType and
// a locally administered unicast destination nobody owns, so that nothing
// answers and the receiving side only counts them.
const (
	liveFrames   = 1000
	liveFrameLen = 300
	liveEthType  = 0x88b5 // IEEE 802 local experimental
)

// TestWatchLive runs watch on a network namespace it creates, in which a
// veth end receives a known number of frames of known size from its peer
// in a second namespace, and checks that the rates watch reports, times
// their periods, add up to exactly that traffic.
func TestWatchLive(t *testing.T) {
	if os.Geteuid() != 0 {
		skipOrFail(t, "needs root to create network namespaces")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		skipOrFail(t, "needs iproute2's ip: %v", err)
	}
	var rnd [3]byte
	rand.Read(rnd[:])
	id := "nio" + hex.EncodeToString(rnd[:])
	nsA, nsB, vA, vB := id+"a", id+"b", id+"a", id+"b"
	if out, err := exec.Command("ip", "netns", "add", nsA).CombinedOutput(); err != nil {
		skipOrFail(t, "cannot create a network namespace: %v: %s", err, out)
	}
	t.Cleanup(func() { exec.Command("ip", "netns", "del", nsA).Run() })
	ipCmd(t, "netns", "add", nsB)
	t.Cleanup(func() { exec.Command("ip", "netns", "del", nsB).Run() })
	ipCmd(t, "link", "add", "name", vA, "netns", nsA, "type", "veth", "peer", "name", vB, "netns", nsB)
	for _, nv := range [][2]string{{nsA, vA}, {nsB, vB}} {
		// No IPv6 means no router solicitations or DAD: the only frames on
		// the link are ours. (Absent IPv6 support is fine too.)
		exec.Command("ip", "netns", "exec", nv[0], "sh", "-c",
			"echo 1 > /proc/sys/net/ipv6/conf/"+nv[1]+"/disable_ipv6").Run()
		ipCmd(t, "-n", nv[0], "link", "set", nv[1], "up")
	}
	for _, nv := range [][2]string{{nsA, vA}, {nsB, vB}} {
		nstest.WaitCarrier(t, nv[0], nv[1]) // frames sent before it are dropped
	}

	for _, src := range []string{"procfs", "netlink"} {
		t.Run(src, func(t *testing.T) { watchLive(t, src, nsA, nsB, vA, vB) })
	}
}

// watchLive watches namespace B with source src while the sender sends its
// frames from A, and checks the reported rates against them.
func watchLive(t *testing.T, src, nsA, nsB, vA, vB string) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"watch", "--json", "-i", "100ms", "--source", src, "--netns", nsB, "--include", vB}, pw, io.Discard)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	var reps []jsonReport
	next := func() {
		t.Helper()
		if !lines.Scan() {
			t.Fatalf("watch stopped: %v", <-done)
		}
		var r jsonReport
		if err := json.Unmarshal(lines.Bytes(), &r); err != nil {
			t.Fatalf("report %q: %v", lines.Text(), err)
		}
		reps = append(reps, r)
	}
	next() // the baseline is taken: traffic from now on is counted

	sender := exec.Command("ip", "netns", "exec", nsA, os.Args[0], "-test.run=^TestWatchLiveSender$", "-test.count=1")
	sender.Env = append(os.Environ(), "NETIO_LIVE_SEND_IF="+vA)
	if out, err := sender.CombinedOutput(); err != nil || !strings.Contains(string(out), "PASS") {
		t.Fatalf("sender in %s: %v\n%s", nsA, err, out)
	}
	for range 3 { // the frames are counted by now: veth delivers synchronously
		next()
	}
	cancel()
	go io.Copy(io.Discard, pr)
	if err := <-done; err != nil {
		t.Fatalf("watch: %v", err)
	}

	var rxBytes, rxPackets, txBytes, totalRx float64
	for _, r := range reps {
		if len(r.Interfaces) != 1 || r.Interfaces[0].Name != vB {
			t.Fatalf("report %+v: want only %s (--include)", r, vB)
		}
		i := r.Interfaces[0]
		if len(i.Flags) != 0 {
			t.Errorf("report %+v: flags %v, want none", r, i.Flags)
		}
		rxBytes += i.BytesRecvPerSec * r.Period
		rxPackets += i.PacketsRecvPerSec * r.Period
		txBytes += i.BytesSentPerSec * r.Period
		totalRx += r.Total["bytesRecvPerSec"] * r.Period
	}
	t.Logf("%d reports; %s received %.6f bytes in %.6f packets", len(reps), vB, rxBytes, rxPackets)
	if math.Abs(rxBytes-liveFrames*liveFrameLen) > 1e-3 {
		t.Errorf("sum of rx rate x period = %v bytes, want %d", rxBytes, liveFrames*liveFrameLen)
	}
	if math.Abs(rxPackets-liveFrames) > 1e-6 {
		t.Errorf("sum of rx packet rate x period = %v, want %d", rxPackets, liveFrames)
	}
	if math.Abs(totalRx-liveFrames*liveFrameLen) > 1e-3 {
		t.Errorf("total line: %v bytes, want %d", totalRx, liveFrames*liveFrameLen)
	}
	if txBytes != 0 {
		t.Errorf("%s sent %v bytes; nothing should answer", vB, txBytes)
	}
}

// TestWatchLiveSender is TestWatchLive's helper process: run inside the
// sending namespace, it writes the frames. It does nothing otherwise.
func TestWatchLiveSender(t *testing.T) {
	ifName := os.Getenv("NETIO_LIVE_SEND_IF")
	if ifName == "" {
		t.Skip("helper process for TestWatchLive")
	}
	ifi, err := net.InterfaceByName(ifName)
	if err != nil {
		t.Fatal(err)
	}
	// Protocol 0: the socket sends only.
	fd, err := syscall.Socket(syscall.AF_PACKET, syscall.SOCK_RAW, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(fd)
	dst := [6]byte{0x02, 0, 0x5e, 0x10, 0, 0x01}
	frame := make([]byte, liveFrameLen)
	copy(frame[0:6], dst[:])
	copy(frame[6:12], ifi.HardwareAddr)
	binary.BigEndian.PutUint16(frame[12:14], liveEthType)
	to := &syscall.SockaddrLinklayer{Ifindex: ifi.Index, Halen: 6}
	copy(to.Addr[:], dst[:])
	for i := range liveFrames {
		if err := syscall.Sendto(fd, frame, 0, to); err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
	}
	fmt.Println("sent", liveFrames, "frames of", liveFrameLen, "bytes on", ifName)
}
