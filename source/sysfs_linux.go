//go:build linux

package source

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"unsafe"

	"github.com/netio-go/netio/parse"
	"golang.org/x/sys/unix"
)

// A SysFS reads /sys/class/net/<if>/statistics/* (all 24 files) plus each
// interface's ifindex and type, and optionally operstate and speed.
//
// Every Read lists the class directory again (getdents(2) into a reused
// buffer), so interfaces that appear or vanish are seen at once. For an
// interface seen for the first time it reads ifindex and type, checks for a
// "device" link (hardware) and applies the filters; only then does it open
// the statistics files of a kept interface. Their descriptors stay open
// and are re-read with pread(2) at offset 0, which makes the kernel print
// the value afresh, so a steady-state Read allocates nothing. Open
// descriptors are bounded by a quarter of RLIMIT_NOFILE; interfaces beyond
// that budget open, read and close their files on every Read.
//
// Each file read calls the driver's stats hook anew: the 24 values of one
// interface are not one snapshot, and sysfs is the slowest Linux source.
// An interface whose files fail with ENOENT, ENODEV or EINVAL (it is being
// or has been unregistered) is left out of that reading and forgotten; the
// call does not fail.
//
// Capture paths (relative to a fixture sample; the fixture replayer reads
// them back, so they are fixed): "sys/class/net/<if>/statistics/<file>"
// for every statistics file read, "sys/class/net/<if>/ifindex" and
// "sys/class/net/<if>/type", and with link state "…/operstate" and
// "…/speed"; each blob is the file's bytes as read.
//
// /sys/class/net lists the interfaces of the network namespace that was
// current for the process that mounted that sysfs, not the reader's: to
// read another namespace, point HostSys at a sysfs mounted from inside it
// (as `ip netns exec` does), or use [Config.PID].
type SysFS struct {
	nsIno     uint64 // see NetNSInode
	dir       string // <HostSys>/class/net
	dirfd     int
	dents     []byte
	ifs       map[string]*sysIf
	order     []*sysIf
	gen       uint32
	raw       []byte // bytes of this reading's files
	path      []byte // scratch for relative paths
	dec       parse.Sysfs
	fdBudget  int
	fdsOpen   int
	linkState bool

	keep       func([]byte) bool
	noLoopback bool
	physical   bool
}

// sysIf is one known interface.
type sysIf struct {
	name    []byte
	ino     uint64 // of its class directory entry: which device the name is
	keep    bool
	gen     uint32
	pending bool                       // listed, not yet discovered
	statfd  int32                      // statistics directory, or -1
	fds     [parse.NumSysfsStats]int32 // open fd; -1 reopen per read; -2 absent
	index   []byte                     // raw ifindex file
	typ     []byte                     // raw type file
	spans   [parse.NumSysfsStats + 2][2]int32
	oper    parse.OperState
	speed   int32
	hasOper bool
	hasSpd  bool
}

const (
	fdReopen = -1
	fdAbsent = -2
)

// OpenSysFS opens the sysfs source on <c.HostSys>/class/net (or, with
// c.PID, on <HostProc>/<PID>/root/sys/class/net after checking it lists the
// interfaces of <HostProc>/<PID>/net/dev). With linkState it also reads
// operstate and speed on every Read ([SysFS.LinkState]).
func OpenSysFS(c Config, linkState bool) (*SysFS, error) {
	if c.NetNS != "" {
		return nil, fmt.Errorf("netio: sysfs cannot read network namespace %q: sysfs shows the namespace it was mounted in; use the netlink or procfs source, or HostSys with a sysfs mounted inside it: %w", c.NetNS, ErrUnsupported)
	}
	sys := c.HostSys
	if sys == "" {
		sys = "/sys"
	}
	var ns uint64 // the namespace sysfs shows, when known
	switch {
	case c.PID != 0:
		sys = c.pidPath("root/sys")
		ns = netNSInode(c.pidPath("ns/net"))
	case sys == "/sys":
		ns = netNSInode("") // mounted, as a rule, in the caller's namespace
	}
	s := &SysFS{nsIno: ns, dir: sys + "/class/net", dirfd: -1, ifs: make(map[string]*sysIf),
		keep: c.Keep, noLoopback: c.NoLoopback, physical: c.Physical, linkState: linkState,
		dents: make([]byte, 32<<10), raw: make([]byte, 0, 4096), path: make([]byte, 0, 64)}
	s.dec.Source = s.dir
	fd, err := unix.Open(s.dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: s.dir, Err: err}
	}
	s.dirfd = fd
	var lim unix.Rlimit
	s.fdBudget = 256
	if unix.Getrlimit(unix.RLIMIT_NOFILE, &lim) == nil && lim.Cur/4 > 256 {
		s.fdBudget = int(min(lim.Cur/4, 1<<20))
	}
	if c.PID != 0 {
		if err := s.checkPID(c); err != nil {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// checkPID checks that the sysfs view lists the interfaces
// <HostProc>/<PID>/net/dev lists: a process whose mount namespace has no
// sysfs of its own network namespace sees another namespace's devices.
func (s *SysFS) checkPID(c Config) error {
	for try := 0; ; try++ {
		b, err := os.ReadFile(c.pidPath("net/dev"))
		if err != nil {
			return err
		}
		recs, err := parse.AppendProcNetDev(nil, c.pidPath("net/dev"), b)
		if err != nil {
			return err
		}
		want := map[string]bool{}
		for _, r := range recs {
			want[string(r.Name)] = true
		}
		got := map[string]bool{}
		if err := s.list(func(name []byte, _ uint64) { got[string(name)] = true }); err != nil {
			return err
		}
		same := len(got) == len(want)
		for n := range got {
			same = same && want[n]
		}
		if same {
			return nil
		}
		if try == 2 {
			return fmt.Errorf("netio: %s does not show the network namespace of process %d (its interfaces differ from %s); use the netlink or procfs source", s.dir, c.PID, c.pidPath("net/dev"))
		}
	}
}

// Name returns "sysfs".
func (s *SysFS) Name() string { return "sysfs" }

// NetNSInode returns the inode number of the network namespace whose
// devices this sysfs lists (see Netlink's), or 0 when that is not known:
// another HostSys shows the namespace it was mounted in.
func (s *SysFS) NetNSInode() uint64 { return s.nsIno }

func (s *SysFS) appliesFilters() {}

// list calls fn with each interface name in the class directory and the
// inode of its entry.
func (s *SysFS) list(fn func(name []byte, ino uint64)) error {
	if _, err := unix.Seek(s.dirfd, 0, 0); err != nil {
		return &os.PathError{Op: "seek", Path: s.dir, Err: err}
	}
	for {
		n, err := unix.Getdents(s.dirfd, s.dents)
		if err == unix.EINTR {
			continue
		}
		if err == unix.EINVAL && len(s.dents) < 1<<20 { // buffer too small for one entry
			s.dents = make([]byte, 2*len(s.dents))
			continue
		}
		if err != nil {
			return &os.PathError{Op: "getdents", Path: s.dir, Err: err}
		}
		if n <= 0 {
			return nil
		}
		// struct linux_dirent64: d_ino u64, d_off s64, d_reclen u16,
		// d_type u8, d_name (NUL-terminated).
		for b := s.dents[:n]; len(b) >= 19; {
			reclen := int(*(*uint16)(unsafe.Pointer(&b[16])))
			if reclen < 19 || reclen > len(b) {
				return &os.PathError{Op: "getdents", Path: s.dir, Err: errors.New("malformed directory entry")}
			}
			ino := binary.NativeEndian.Uint64(b[0:8])
			typ := b[18]
			name := b[19:reclen]
			for i, c := range name {
				if c == 0 {
					name = name[:i]
					break
				}
			}
			b = b[reclen:]
			if string(name) == "." || string(name) == ".." {
				continue
			}
			// Interfaces are symlinks into /sys/devices; regular files
			// such as bonding_masters are not interfaces.
			if typ != unix.DT_LNK && typ != unix.DT_DIR && typ != unix.DT_UNKNOWN {
				continue
			}
			fn(name, ino)
		}
	}
}

// Read lists the interfaces, reads the kept ones and appends their records
// in directory order.
func (s *SysFS) Read(dst []parse.Record) ([]parse.Record, error) {
	if s.dirfd < 0 {
		return dst, os.ErrClosed
	}
	s.gen++
	s.order = s.order[:0]
	err := s.list(s.visit)
	if err != nil {
		return dst, err
	}
	s.discoverPending()
	for name, si := range s.ifs {
		if si.gen != s.gen {
			s.forget(name, si)
		}
	}
	s.raw = s.raw[:0]
	var firstErr error
	for _, si := range s.order {
		if !si.keep {
			continue
		}
		rec, err := s.readIf(si)
		if err != nil {
			if vanished(err) {
				s.forget(string(si.name), si)
				continue
			}
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		dst = parse.AppendRecord(dst, rec)
	}
	return dst, firstErr
}

// visit notes an interface of the listing; a new one is discovered after
// the listing, once the number of interfaces is known. A name whose entry
// has another inode than before names another device now (a rename, or a
// device re-created under the name): the old one's descriptors, which
// follow that device, are dropped and the name discovered afresh.
func (s *SysFS) visit(name []byte, ino uint64) {
	si := s.ifs[string(name)]
	if si != nil && si.ino != ino {
		s.forget(string(name), si)
		si = nil
	}
	if si == nil {
		si = &sysIf{name: append([]byte(nil), name...), ino: ino, statfd: -1, pending: true}
		s.ifs[string(si.name)] = si
	}
	si.gen = s.gen
	s.order = append(s.order, si)
}

// discoverPending discovers the new interfaces of this listing. When every
// interface's 24 files fit in the descriptor budget they are all kept
// open; else each interface keeps only its statistics directory open and
// opens its files relative to it on every Read; past the budget, files are
// opened by path from the class directory.
func (s *SysFS) discoverPending() {
	full := len(s.order)*(parse.NumSysfsStats+1) <= s.fdBudget
	kept := s.order[:0]
	for _, si := range s.order {
		if si.pending && !s.discover(si, full) {
			s.forget(string(si.name), si)
			continue // vanished while being discovered
		}
		kept = append(kept, si)
	}
	s.order = kept
}

// discover reads a new interface's ifindex and type, applies the filters
// and opens the descriptors of a kept interface. It reports false if the
// interface vanished.
func (s *SysFS) discover(si *sysIf, full bool) bool {
	si.pending = false
	for i := range si.fds {
		si.fds[i] = fdReopen
	}
	for i := range si.spans {
		si.spans[i] = [2]int32{-1, -1}
	}
	si.keep = s.keep == nil || s.keep(si.name)
	if !si.keep {
		return true // refused by name: nothing is read
	}
	var err error
	if si.index, err = s.readSmall(si.name, "ifindex"); err != nil {
		return false
	}
	if si.typ, err = s.readSmall(si.name, "type"); err != nil {
		return false
	}
	if s.noLoopback || s.physical {
		s.dec.Reset(si.name)
		s.dec.Attr(parse.AttrType, si.typ)
		typ, _ := s.dec.Type()
		loop := typ == 772 // ARPHRD_LOOPBACK
		hw := unix.Faccessat(s.dirfd, string(si.name)+"/device", unix.F_OK, 0) == nil
		if s.noLoopback && loop || s.physical && !hw {
			si.keep = false
			return true
		}
	}
	if s.fdsOpen >= s.fdBudget {
		return true // files opened by path on every Read
	}
	fd, err := s.openRel(si.name, "/statistics", "")
	if err != nil {
		return !vanished(err)
	}
	si.statfd = int32(fd)
	s.fdsOpen++
	if !full {
		return true
	}
	for i := range si.fds {
		if s.fdsOpen >= s.fdBudget {
			break
		}
		fd, err := s.openStat(si, i)
		if err == unix.ENOENT && i == parse.NumSysfsStats-1 { // rx_nohandler: Linux 4.6+
			si.fds[i] = fdAbsent
			continue
		}
		if err != nil {
			return !vanished(err)
		}
		si.fds[i] = int32(fd)
		s.fdsOpen++
	}
	return true
}

// readSmall reads <if>/<file> whole (discovery only).
func (s *SysFS) readSmall(name []byte, file string) ([]byte, error) {
	fd, err := unix.Openat(s.dirfd, string(name)+"/"+file, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	defer unix.Close(fd)
	b := make([]byte, 32)
	n, err := unix.Pread(fd, b, 0)
	if err != nil {
		return nil, err
	}
	return b[:n], nil
}

// openStat opens statistics file i of si without allocating: relative to
// its statistics directory when that is open, else by path.
func (s *SysFS) openStat(si *sysIf, i int) (int, error) {
	file, _ := parse.SysfsStat(i)
	if si.statfd >= 0 {
		p := append(s.path[:0], file...)
		p = append(p, 0)
		s.path = p
		return openat(int(si.statfd), p)
	}
	return s.openRel(si.name, "/statistics/", file)
}

// openRel opens <if><mid><file> below the class directory without
// allocating.
func (s *SysFS) openRel(name []byte, mid, file string) (int, error) {
	p := append(s.path[:0], name...)
	p = append(p, mid...)
	p = append(p, file...)
	p = append(p, 0)
	s.path = p
	return openat(s.dirfd, p)
}

// openat is openat(2) of a NUL-terminated path, without allocating.
func openat(dirfd int, p []byte) (int, error) {
	for {
		r, _, e := unix.Syscall6(unix.SYS_OPENAT, uintptr(dirfd), uintptr(unsafe.Pointer(&p[0])),
			uintptr(unix.O_RDONLY|unix.O_CLOEXEC), 0, 0, 0)
		if e == unix.EINTR {
			continue
		}
		if e != 0 {
			return -1, e
		}
		return int(r), nil
	}
}

// readIf reads one interface's files into s.raw and decodes them.
func (s *SysFS) readIf(si *sysIf) (*parse.Record, error) {
	s.dec.Reset(si.name)
	for i := range si.fds {
		fd := int(si.fds[i])
		if fd == fdAbsent {
			si.spans[i] = [2]int32{-1, -1}
			continue
		}
		closeAfter := false
		if fd == fdReopen {
			var err error
			fd, err = s.openStat(si, i)
			if err == unix.ENOENT && i == parse.NumSysfsStats-1 {
				// No rx_nohandler before Linux 4.6 (the files before it
				// were read, so the interface is there).
				si.fds[i] = fdAbsent
				si.spans[i] = [2]int32{-1, -1}
				continue
			}
			if err != nil {
				return nil, err
			}
			closeAfter = true
		}
		b, err := s.pread(fd)
		if closeAfter {
			unix.Close(fd)
		}
		if err != nil {
			return nil, err
		}
		si.spans[i] = [2]int32{int32(len(s.raw) - len(b)), int32(len(s.raw))}
		if !s.dec.Stat(i, b) {
			return nil, s.dec.Err()
		}
	}
	if !s.dec.Attr(parse.AttrIfindex, si.index) {
		return nil, s.dec.Err()
	}
	if s.linkState {
		s.readState(si)
	}
	return s.dec.Record(), nil
}

// readState reads operstate and speed; speed fails with EINVAL on a link
// that is down, which only means "unknown".
func (s *SysFS) readState(si *sysIf) {
	si.hasOper, si.hasSpd = false, false
	for k, file := range [2]string{"operstate", "speed"} {
		si.spans[parse.NumSysfsStats+k] = [2]int32{-1, -1}
		fd, err := s.openRel(si.name, "/", file)
		if err != nil {
			continue
		}
		b, err := s.pread(fd)
		unix.Close(fd)
		if err != nil {
			continue
		}
		si.spans[parse.NumSysfsStats+k] = [2]int32{int32(len(s.raw) - len(b)), int32(len(s.raw))}
		var d parse.Sysfs
		d.Reset(si.name)
		if k == 0 && d.Attr(parse.AttrOperstate, b) {
			si.oper, si.hasOper = d.OperState()
		} else if k == 1 && d.Attr(parse.AttrSpeed, b) {
			si.speed, si.hasSpd = d.Speed()
		}
	}
}

// pread reads a small file at offset 0, appending to s.raw.
func (s *SysFS) pread(fd int) ([]byte, error) {
	if cap(s.raw)-len(s.raw) < 64 {
		s.raw = append(s.raw[:cap(s.raw)], make([]byte, cap(s.raw)+64)...)[:len(s.raw)]
	}
	room := s.raw[len(s.raw) : len(s.raw)+64]
	for {
		n, err := unix.Pread(fd, room, 0)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, err
		}
		s.raw = s.raw[:len(s.raw)+n]
		return room[:n], nil
	}
}

// vanished reports whether err means the interface is gone or going.
func vanished(err error) bool {
	return errors.Is(err, unix.ENOENT) || errors.Is(err, unix.ENODEV) || errors.Is(err, unix.EINVAL) ||
		errors.Is(err, unix.ENXIO)
}

func (s *SysFS) closeFds(si *sysIf) {
	if si.statfd >= 0 {
		unix.Close(int(si.statfd))
		s.fdsOpen--
		si.statfd = -1
	}
	for i, fd := range si.fds {
		if fd >= 0 {
			unix.Close(int(fd))
			s.fdsOpen--
			si.fds[i] = fdReopen
		}
	}
}

func (s *SysFS) forget(name string, si *sysIf) {
	s.closeFds(si)
	if s.ifs[name] == si {
		delete(s.ifs, name)
	}
	si.keep = false
}

// A LinkState is an interface's operational state and speed as sysfs
// reports them.
type LinkState struct {
	// OperState is "operstate".
	OperState parse.OperState
	// SpeedMbps is "speed" in Mbit/s, -1 when the driver does not know.
	SpeedMbps int32
	// HasOper and HasSpeed say which were read (speed fails on a link that
	// is down).
	HasOper, HasSpeed bool
}

// LinkState returns the state of the interface named name as of the last
// Read, when the source was opened with link state.
func (s *SysFS) LinkState(name []byte) (LinkState, bool) {
	si := s.ifs[string(name)]
	if si == nil || !s.linkState {
		return LinkState{}, false
	}
	return LinkState{si.oper, si.speed, si.hasOper, si.hasSpd}, true
}

// AppendCapture appends the files of the last Read (see the capture paths
// in the type's documentation).
func (s *SysFS) AppendCapture(dst []Blob) []Blob {
	for _, si := range s.order {
		if !si.keep || s.ifs[string(si.name)] != si {
			continue
		}
		base := "sys/class/net/" + string(si.name) + "/"
		dst = append(dst, Blob{Path: base + "ifindex", Data: si.index}, Blob{Path: base + "type", Data: si.typ})
		for i, sp := range si.spans {
			if sp[0] < 0 || sp[1] > int32(len(s.raw)) {
				continue
			}
			var path string
			switch {
			case i < parse.NumSysfsStats:
				file, _ := parse.SysfsStat(i)
				path = base + "statistics/" + file
			case i == parse.NumSysfsStats:
				path = base + "operstate"
			default:
				path = base + "speed"
			}
			dst = append(dst, Blob{Path: path, Data: s.raw[sp[0]:sp[1]]})
		}
	}
	return dst
}

// Close closes every descriptor.
func (s *SysFS) Close() error {
	for name, si := range s.ifs {
		s.forget(name, si)
	}
	if s.dirfd < 0 {
		return nil
	}
	err := unix.Close(s.dirfd)
	s.dirfd = -1
	return err
}
