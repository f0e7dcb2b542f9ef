//go:build linux

package source

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// netNSPath resolves a --netns argument: a name without '/' is a namespace
// made by `ip netns add` (/run/netns/NAME, or /var/run/netns/NAME on
// systems where /var/run is not a link to /run); anything else is a path
// to an nsfs file, such as /proc/1234/ns/net.
func netNSPath(ns string) (string, error) {
	if strings.ContainsRune(ns, '/') {
		return ns, nil
	}
	if ns == "" || ns == "." || ns == ".." {
		return "", fmt.Errorf("netio: bad network namespace name %q", ns)
	}
	for _, dir := range []string{"/run/netns/", "/var/run/netns/"} {
		if _, err := os.Stat(dir + ns); err == nil {
			return dir + ns, nil
		}
	}
	return "", fmt.Errorf("netio: network namespace %q: %w (looked in /run/netns and /var/run/netns)", ns, os.ErrNotExist)
}

// targetNetNS returns the nsfs path of the namespace c asks for: NetNS, or
// <HostProc>/<PID>/ns/net, or "" for the caller's own.
func (c Config) targetNetNS() (string, error) {
	switch {
	case c.NetNS != "" && c.PID != 0:
		return "", errors.New("netio: a PID and a network namespace do not combine")
	case c.NetNS != "":
		return netNSPath(c.NetNS)
	case c.PID != 0:
		return c.pidPath("ns/net"), nil
	}
	return "", nil
}

// netNSInode returns the inode of the network namespace at the nsfs file
// path ("" for the caller's own), which tells namespaces apart, or 0 if it
// cannot be seen.
func netNSInode(path string) uint64 {
	if path == "" {
		path = "/proc/self/ns/net"
	}
	var st unix.Stat_t
	if unix.Stat(path, &st) != nil {
		return 0
	}
	return st.Ino
}

// checkTarget reports, before any source is tried, why the namespace c
// names (NetNS or PID) cannot be read: a negative PID, no such process or
// namespace, or a file that is not a namespace.
func (c Config) checkTarget() error {
	if c.PID < 0 {
		return fmt.Errorf("netio: PID %d is not a process ID", c.PID)
	}
	path, err := c.targetNetNS()
	if err != nil || path == "" {
		return err
	}
	if c.PID != 0 {
		// <pid>/ns/net may need ptrace rights that <pid>/net/dev does
		// not (procfs reads that): only check the process exists.
		dir := strings.TrimSuffix(c.pidPath(""), "/")
		if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("netio: no process %d (no %s)", c.PID, dir)
		}
		return nil
	}
	var fs unix.Statfs_t
	switch err := unix.Statfs(path, &fs); {
	case errors.Is(err, unix.ENOENT):
		return fmt.Errorf("netio: network namespace %s: %w", path, os.ErrNotExist)
	case err != nil:
		return nil // the source that opens it says why it cannot
	case fs.Type != unix.NSFS_MAGIC && fs.Type != unix.PROC_SUPER_MAGIC:
		return fmt.Errorf("netio: %s is not a network namespace (not an nsfs file)", path)
	}
	return nil
}

// pidPath returns <HostProc>/<PID>/elem.
func (c Config) pidPath(elem string) string {
	return c.hostProc() + "/" + strconv.Itoa(c.PID) + "/" + elem
}

// inNetNS runs fn on an OS thread that has joined the network namespace at
// path (an nsfs file), then returns the thread to its namespace. Sockets
// and /proc/thread-self/net files opened by fn stay bound to the target
// namespace for their lifetime, so only opening needs the switch.
//
// setns(2) changes only the calling thread: fn runs in a goroutine locked
// to its thread. If the thread cannot be restored it is left locked, so the
// Go runtime ends it with the goroutine instead of reusing it elsewhere.
// Joining another namespace needs CAP_SYS_ADMIN (EPERM otherwise).
func inNetNS(path string, fn func() error) error {
	if path == "" {
		return fn()
	}
	target, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return &os.PathError{Op: "open", Path: path, Err: err}
	}
	defer unix.Close(target)
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		orig, err := unix.Open("/proc/thread-self/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			runtime.UnlockOSThread()
			errc <- &os.PathError{Op: "open", Path: "/proc/thread-self/ns/net", Err: err}
			return
		}
		defer unix.Close(orig)
		if err := unix.Setns(target, unix.CLONE_NEWNET); err != nil {
			runtime.UnlockOSThread()
			if err == unix.EINVAL {
				err = fmt.Errorf("%w (not a network namespace)", err)
			}
			errc <- fmt.Errorf("netio: joining network namespace %s: %w", path, err)
			return
		}
		ferr := fn()
		if err := unix.Setns(orig, unix.CLONE_NEWNET); err != nil {
			// Stay locked: the thread dies with this goroutine.
			errc <- errors.Join(ferr, fmt.Errorf("netio: leaving network namespace %s: %w", path, err))
			return
		}
		runtime.UnlockOSThread()
		errc <- ferr
	}()
	return <-errc
}

// SelfNetTrap reports whether <hostProc>/net/dev shows another network
// namespace than <hostProc>/1/net/dev.
//
// /proc/net is a symlink to self/net, which resolves to the reading
// process's own network namespace. With a host's /proc bind-mounted into a
// container (HOST_PROC=/host/proc, as gopsutil and node_exporter users do),
// <HOST_PROC>/net/dev therefore still lists the container's interfaces, not
// the host's. netio keeps that gopsutil-compatible behaviour by default;
// callers who want the host's interfaces set [Config.PID] to 1, which reads
// <HOST_PROC>/1/net/dev (and, for netlink, joins <HOST_PROC>/1/ns/net). This
// function lets a caller detect the situation and warn or switch.
//
// It compares the inode numbers of the two net/dev files: procfs numbers
// each namespace's files apart, and unlike <pid>/ns/net they can be
// examined without ptrace rights over process 1.
func SelfNetTrap(hostProc string) (bool, error) {
	if hostProc == "" {
		hostProc = "/proc"
	}
	var self, init unix.Stat_t
	if err := unix.Stat(hostProc+"/self/net/dev", &self); err != nil {
		return false, &os.PathError{Op: "stat", Path: hostProc + "/self/net/dev", Err: err}
	}
	if err := unix.Stat(hostProc+"/1/net/dev", &init); err != nil {
		return false, &os.PathError{Op: "stat", Path: hostProc + "/1/net/dev", Err: err}
	}
	return self.Ino != init.Ino || self.Dev != init.Dev, nil
}
