//go:build linux

// Package nstest makes throwaway Linux network namespaces with veth pairs
// for live tests, and runs code inside them. Tests that use it skip when
// not root or when iproute2's ip is missing; every namespace it makes is
// uniquely named (prefix "nio") and deleted at the end of the test.
package nstest

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"runtime"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// Skip skips t unless live namespace tests can run here.
func Skip(t testing.TB) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("live namespace test: needs root")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		t.Skip("live namespace test: needs iproute2's ip")
	}
}

// New creates a network namespace, brings its loopback up, turns IPv6 off
// in it (so the kernel sends no neighbour discovery on its own), and
// deletes it when t ends. It returns the namespace's name.
func New(t testing.TB) string {
	t.Helper()
	Skip(t)
	name := fmt.Sprintf("nio%08x", rand.Uint32())
	IP(t, "netns", "add", name)
	t.Cleanup(func() { exec.Command("ip", "netns", "del", name).Run() })
	IP(t, "-n", name, "link", "set", "lo", "up")
	Run(t, "ip", "netns", "exec", name, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1")
	return name
}

// Veth adds a veth pair a, b in namespace ns, sets both up and waits for
// their carriers.
func Veth(t testing.TB, ns, a, b string) {
	t.Helper()
	IP(t, "-n", ns, "link", "add", a, "type", "veth", "peer", "name", b)
	IP(t, "-n", ns, "link", "set", a, "up")
	IP(t, "-n", ns, "link", "set", b, "up")
	// The carrier comes up asynchronously; a frame sent before it does is
	// dropped on transmit (tx_dropped), not sent.
	for _, ifname := range []string{a, b} {
		WaitCarrier(t, ns, ifname)
	}
}

// WaitCarrier waits up to 10 s for ifname in ns to report LOWER_UP (its
// carrier), failing t if it does not.
func WaitCarrier(t testing.TB, ns, ifname string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		out := IP(t, "-n", ns, "-o", "link", "show", "dev", ifname)
		if bytes.Contains(out, []byte("LOWER_UP")) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s in %s: no carrier after 10 s: %s", ifname, ns, out)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// IP runs ip with args and returns its output, failing t on error.
func IP(t testing.TB, args ...string) []byte {
	t.Helper()
	return Run(t, "ip", args...)
}

// Run runs a command and returns its standard output, failing t on error.
func Run(t testing.TB, name string, args ...string) []byte {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %q: %v: %s", name, args, err, stderr.Bytes())
	}
	return out
}

// Do runs fn on an OS thread that has joined namespace ns, and returns the
// thread to its own namespace after. Sockets fn opens stay in ns.
func Do(t testing.TB, ns string, fn func() error) error {
	t.Helper()
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		// The thread is not unlocked if it cannot return to its own
		// namespace, so the runtime throws it away.
		self, err := os.Open("/proc/thread-self/ns/net")
		if err != nil {
			errc <- err
			return
		}
		defer self.Close()
		target, err := os.Open("/var/run/netns/" + ns)
		if err != nil {
			errc <- err
			return
		}
		defer target.Close()
		if err := unix.Setns(int(target.Fd()), unix.CLONE_NEWNET); err != nil {
			errc <- fmt.Errorf("setns %s: %w", ns, err)
			return
		}
		err = fn()
		if rerr := unix.Setns(int(self.Fd()), unix.CLONE_NEWNET); rerr != nil {
			errc <- fmt.Errorf("returning from %s: %w", ns, rerr)
			return
		}
		runtime.UnlockOSThread()
		errc <- err
	}()
	return <-errc
}

// SendFrames sends n raw Ethernet frames of size bytes (at least 60) out of
// interface ifname of namespace ns through an AF_PACKET socket. The frames
// are broadcast with a local-experimental EtherType (0x88b5), so no
// protocol answers them.
func SendFrames(t testing.TB, ns, ifname string, n, size int) {
	t.Helper()
	if size < 60 {
		t.Fatalf("frame size %d below the Ethernet minimum of 60", size)
	}
	err := Do(t, ns, func() error {
		fd, err := unix.Socket(unix.AF_PACKET, unix.SOCK_RAW, 0)
		if err != nil {
			return err
		}
		defer unix.Close(fd)
		ifi, err := interfaceIndex(ifname)
		if err != nil {
			return err
		}
		frame := make([]byte, size)
		copy(frame, []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0, 1, 0x88, 0xb5})
		sa := &unix.SockaddrLinklayer{Ifindex: ifi, Protocol: 0xb588, Halen: 6, Addr: [8]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}}
		for range n {
			if err := unix.Sendto(fd, frame, 0, sa); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("sending frames in %s: %v", ns, err)
	}
}

// interfaceIndex reads the index of ifname in the calling thread's
// namespace from netlink-free ioctl.
func interfaceIndex(ifname string) (int, error) {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM, 0)
	if err != nil {
		return 0, err
	}
	defer unix.Close(fd)
	ifr, err := unix.NewIfreq(ifname)
	if err != nil {
		return 0, err
	}
	if err := unix.IoctlIfreq(fd, unix.SIOCGIFINDEX, ifr); err != nil {
		return 0, fmt.Errorf("index of %s: %w", ifname, err)
	}
	return int(ifr.Uint32()), nil
}

// Sleeper starts a process inside ns that lives until t ends, and returns
// its pid: /proc/<pid>/net/dev then shows the namespace.
func Sleeper(t testing.TB, ns string) int {
	t.Helper()
	cmd := exec.Command("ip", "netns", "exec", ns, "sleep", "3600")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	pid := cmd.Process.Pid
	// ip joins the namespace, then execs sleep: wait for the switch.
	self, _ := os.Readlink("/proc/self/ns/net")
	for range 400 {
		if ns, err := os.Readlink(fmt.Sprintf("/proc/%d/ns/net", pid)); err == nil && ns != self {
			if comm, _ := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid)); string(comm) == "sleep\n" {
				return pid
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("process %d did not enter namespace %s", pid, ns)
	return 0
}
