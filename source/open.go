package source

import "fmt"

// A Config says which source to open and where it reads.
type Config struct {
	// Kind is the source kind: "auto" (or "") picks the best source that
	// works on this host; else one of the names [Source.Name] returns.
	Kind string
	// HostProc is the proc mount point, "/proc" by default.
	HostProc string
	// HostSys is the sysfs mount point, "/sys" by default.
	HostSys string
	// PID, when not 0, reads the network namespace of process PID (Linux):
	// procfs reads <HostProc>/<PID>/net/dev, netlink opens its socket in
	// <HostProc>/<PID>/ns/net, and sysfs reads that process's own sysfs
	// view, <HostProc>/<PID>/root/sys, after checking that it lists the same
	// interfaces. PID 1 with a host /proc mounted in a container reads the
	// host's interfaces (see SelfNetTrap on Linux).
	PID int
	// NetNS, when not empty, names the network namespace to read (Linux):
	// a name made by `ip netns add` or a path to an nsfs file. The
	// netlink and procfs sources open their socket or file inside it.
	NetNS string
	// Keep, when not nil, is asked for each interface name before the
	// interface's counters are decoded; an interface it refuses is left
	// out of every reading. It must not retain name.
	Keep func(name []byte) bool
	// NoLoopback leaves out the loopback device.
	NoLoopback bool
	// Physical keeps only interfaces backed by hardware (see
	// parse.KindPhysical for how each source tells).
	Physical bool
}

func (c Config) hostProc() string {
	if c.HostProc == "" {
		return "/proc"
	}
	return c.HostProc
}

// Open opens the source c asks for on this platform. The source it
// returns applies c's filters (Keep, NoLoopback, Physical).
func Open(c Config) (Source, error) {
	s, err := open(c)
	if err != nil {
		return nil, err
	}
	if _, ok := s.(filtering); !ok && (c.Keep != nil || c.NoLoopback || c.Physical) {
		if c.NoLoopback || c.Physical {
			s.Close()
			return nil, fmt.Errorf("netio: source %s: kind filters are %w", s.Name(), ErrUnsupported)
		}
		s = &keepSource{Source: s, keep: c.Keep}
	}
	return s, nil
}
