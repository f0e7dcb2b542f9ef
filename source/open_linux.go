//go:build linux

package source

import (
	"errors"
	"fmt"

	"github.com/netio-go/netio/parse"
	"golang.org/x/sys/unix"
)

// open opens c.Kind. "auto" (or "") tries, fastest first, netlink (an
// RTM_GETSTATS dump, about 0.3 µs per interface in the kernel) and then
// procfs (/proc/net/dev, about 1.1 µs); it takes the first that opens and
// reads, so a kernel or policy that refuses netlink (EPERM from SELinux,
// seccomp, no AF_NETLINK in a sandbox) falls back to procfs. When HostProc
// is set (HOST_PROC: a host's /proc in a container, a fixture tree, or an
// explicit "/proc") "auto" reads procfs there, as gopsutil does. sysfs is never chosen automatically: it costs 24 reads per
// interface.
func open(c Config) (Source, error) {
	return openKind(c)
}

// openNetlink is OpenNetlink; tests replace it to see auto fall back.
var openNetlink = func(c Config) (Source, error) { return OpenNetlink(c) }

func openKind(c Config) (Source, error) {
	if c.Kind != "sysfs" || c.NetNS == "" { // sysfs refuses NetNS itself
		if err := c.checkTarget(); err != nil {
			return nil, err // the same for every source: say it once
		}
	}
	switch c.Kind {
	case "", "auto":
		if c.HostProc != "" {
			return openProcFS(c)
		}
		nl, err := openNetlink(c)
		if err == nil {
			return nl, nil
		}
		p, perr := openProcFS(c)
		if perr != nil {
			return nil, fmt.Errorf("netio: no source works: %w", errors.Join(err, perr))
		}
		return p, nil
	case "netlink":
		return OpenNetlink(c)
	case "procfs":
		return openProcFS(c)
	case "sysfs":
		return OpenSysFS(c, false)
	}
	return nil, fmt.Errorf("netio: source %q: %w on linux (choose one of auto, netlink, procfs, sysfs)", c.Kind, ErrUnsupported)
}

// openProcFS opens the /proc/net/dev of the namespace c asks for:
// <HostProc>/net/dev (which follows self/net: the caller's own namespace,
// see SelfNetTrap), <HostProc>/<PID>/net/dev, or, for a named namespace,
// /proc/thread-self/net/dev opened by a thread inside it (the open file
// stays bound to that namespace). The name filter is applied by the
// decoder before a line's counters are decoded; kind filters look the kind
// up in sysfs by name, so they need the caller's own namespace.
func openProcFS(c Config) (Source, error) {
	var p *ProcFS
	var err error
	switch {
	case c.NetNS != "":
		path, perr := c.targetNetNS()
		if perr != nil {
			return nil, perr
		}
		err = inNetNS(path, func() error {
			var err error
			p, err = OpenProcFS("/proc/thread-self/net/dev")
			return err
		})
		if err == nil && !c.NoLoopback && !c.Physical {
			p.SetKeep(c.Keep)
			return &nsProcFS{p, path, netNSInode(path)}, nil
		}
	case c.PID != 0:
		p, err = OpenProcFS(c.pidPath("net/dev"))
	default:
		p, err = OpenProcFS(c.hostProc() + "/net/dev")
	}
	if err != nil {
		return nil, err
	}
	p.SetKeep(c.Keep) // names are filtered before counters are decoded
	if !c.NoLoopback && !c.Physical {
		return p, nil
	}
	if c.NetNS != "" || c.PID != 0 {
		p.Close()
		return nil, fmt.Errorf("netio: procfs: kind filters in another network namespace are %w; use the netlink source", ErrUnsupported)
	}
	sys := c.HostSys
	if sys == "" {
		sys = "/sys"
	}
	return &kindSource{Source: p, c: c, dir: sys + "/class/net/", kinds: make(map[string]bool)}, nil
}

// A kindSource applies the name and kind filters to a procfs reading,
// looking each new name's kind up in sysfs once.
type kindSource struct {
	Source
	c     Config
	dir   string
	kinds map[string]bool // name -> passes the kind filters
}

func (k *kindSource) appliesFilters() {}

func (k *kindSource) Read(dst []parse.Record) ([]parse.Record, error) {
	n := len(dst)
	dst, err := k.Source.Read(dst)
	total := len(dst) - n
	kept := dst[:n]
	for _, r := range dst[n:] {
		if k.c.Keep != nil && !k.c.Keep(r.Name) {
			continue
		}
		ok, known := k.kinds[string(r.Name)]
		if !known {
			ok = k.lookup(string(r.Name))
			k.kinds[string(r.Name)] = ok
		}
		if ok {
			kept = append(kept, r)
		}
	}
	// Forget the names of gone interfaces once they pile up. A name
	// reused by another kind of device keeps its first verdict until then.
	if len(k.kinds) > 2*total+64 {
		clear(k.kinds)
	}
	return kept, err
}

// lookup reports whether the interface called name passes the kind
// filters. One sysfs does not list (a copied /proc tree, a view of another
// namespace) has no known kind: it is not a loopback unless it is called
// "lo", and not physical.
func (k *kindSource) lookup(name string) bool {
	unknown := !k.c.Physical && name != "lo"
	var d parse.Sysfs
	d.Reset([]byte(name))
	b := make([]byte, 16)
	fd, err := unix.Open(k.dir+name+"/type", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return unknown
	}
	m, _ := unix.Read(fd, b)
	unix.Close(fd)
	if m < 0 || !d.Attr(parse.AttrType, b[:m]) {
		return unknown
	}
	typ, _ := d.Type()
	if k.c.NoLoopback && typ == 772 { // ARPHRD_LOOPBACK
		return false
	}
	if k.c.Physical && unix.Access(k.dir+name+"/device", unix.F_OK) != nil {
		return false
	}
	return true
}

// AppendCapture forwards to procfs.
func (k *kindSource) AppendCapture(dst []Blob) []Blob {
	if c, ok := k.Source.(Capturer); ok {
		return c.AppendCapture(dst)
	}
	return dst
}

// An nsProcFS is a ProcFS whose file was opened inside another network
// namespace. Its Path is the namespace's nsfs path: the path the file was
// opened by, /proc/thread-self/net/dev, names the caller's own namespace
// once the thread is back.
type nsProcFS struct {
	*ProcFS
	ns    string
	nsIno uint64
}

// Path returns the nsfs path of the namespace read.
func (p *nsProcFS) Path() string { return p.ns }

// NetNSInode returns the inode of the namespace read (see Netlink's).
func (p *nsProcFS) NetNSInode() uint64 { return p.nsIno }
