package netio

import (
	"context"
	"sync"

	"github.com/netio-go/netio/parse"
	"github.com/netio-go/netio/source"
)

// ReaderOptions configure [NewReader].
type ReaderOptions struct {
	// Source picks the source kind: "auto" or "" for the best this host
	// has; on Linux also "netlink", "procfs" or "sysfs". On Linux "auto"
	// reads netlink (RTM_GETSTATS), falling back to procfs when netlink is
	// refused, and reads procfs when a proc tree is named (HostProc or
	// HOST_PROC), as gopsutil does. HOST_PROC set to "/proc" (in the
	// context or the environment) does not count: NewReader takes it for
	// the default, so "auto" still reads netlink; HostProc set to "/proc"
	// here does, and "auto" reads procfs. [Reader.Source] tells which one
	// "auto" chose.
	Source string
	// HostProc and HostSys override where proc and sysfs are mounted.
	// When empty they come from the context's [EnvMap], the environment
	// (HOST_PROC, HOST_SYS) or "/proc" and "/sys", in that order.
	HostProc, HostSys string
	// Include keeps only interfaces whose names match one of these globs
	// (path.Match syntax); empty keeps all. Exclude drops interfaces whose
	// names match one of its globs.
	Include, Exclude []string
	// NoLoopback leaves out the loopback device; Physical keeps only
	// interfaces backed by hardware. They exist on Linux only (the other
	// platforms' sources refuse them). netlink and sysfs apply them, like
	// Include and Exclude, before they decode an interface's counters.
	// procfs applies Include and Exclude before it decodes a line's values,
	// but the kind filters after, looking each name's kind up in sysfs
	// once: so it refuses them with PID or NetNS, and a name sysfs does not
	// list passes NoLoopback unless it is called "lo", and fails Physical.
	// On the other platforms Include and Exclude apply after decoding.
	NoLoopback, Physical bool
	// PID, when not 0, reads the network namespace of that process (Linux):
	// <HostProc>/<PID>/net/dev for procfs, a netlink socket opened in
	// <HostProc>/<PID>/ns/net, and for sysfs <HostProc>/<PID>/root/sys,
	// in place of HostSys. With a host /proc mounted in a container,
	// <HostProc>/net/dev shows the container's own namespace (it follows
	// self/net, as in gopsutil); PID 1 reads the host's. A Reader of it
	// keeps reading after the process exits: see NetNS.
	PID int
	// NetNS, when not empty, reads a named network namespace (Linux): a
	// name made by `ip netns add`, or a path to an nsfs file. Joining it
	// needs CAP_SYS_ADMIN.
	//
	// A Reader of another namespace (NetNS or PID) holds it open through
	// its socket or file: after `ip netns del`, or once the process has
	// exited, readings go on returning that namespace's interfaces, with
	// no error, until Close, and the namespace (and the veth peers in it)
	// stays alive until then. Close and reopen the Readers of namespaces
	// that may go away.
	NetNS string
}

// A Reader takes repeated readings of the interface counters for a poller.
//
// It keeps its source open (on Linux, with Source "auto", the netlink
// sockets, or the /proc/net/dev descriptor when a proc tree is named or
// netlink is refused), re-reads into buffers it reuses, appends into the
// caller's slice and interns interface names: a name seen in the previous
// reading is reused, so a string is allocated only for a new interface. A
// steady-state Read allocates nothing, except on macOS and the BSDs, whose
// sysctl source gets a new buffer per reading.
//
// A Reader is safe for concurrent use; calls are serialised.
type Reader struct {
	mu    sync.Mutex
	src   source.Source
	recs  []parse.Record
	names nameTable
}

// NewReader opens a Reader on this host's counters.
//
// ctx is used only for its [EnvMap] ([WithEnv]), read once here: neither
// NewReader nor the Reader checks it for cancellation, and [Reader.Read]
// takes no context. On Linux a netlink receive that gets no answer fails
// after 10 s (SO_RCVTIMEO), in NewReader (which reads once) as in a read.
func NewReader(ctx context.Context, opts ReaderOptions) (*Reader, error) {
	if opts.HostProc == "" {
		// Left empty when it is the default, so that "auto" knows no proc
		// tree was asked for and may read netlink instead.
		if p := hostProc(ctx); p != "/proc" {
			opts.HostProc = p
		}
	}
	if opts.HostSys == "" {
		opts.HostSys = hostSys(ctx)
	}
	keep, err := newNameFilter(opts.Include, opts.Exclude)
	if err != nil {
		return nil, err
	}
	c := source.Config{Kind: opts.Source, HostProc: opts.HostProc, HostSys: opts.HostSys,
		PID: opts.PID, NetNS: opts.NetNS, NoLoopback: opts.NoLoopback, Physical: opts.Physical}
	if !keep.empty() {
		c.Keep = keep.keep
	}
	src, err := source.Open(c)
	if err != nil {
		return nil, err
	}
	return newReader(src), nil
}

// NewReaderFromSource returns a Reader over src, such as a fixture
// replayer. The Reader owns src and closes it.
func NewReaderFromSource(src source.Source) *Reader { return newReader(src) }

func newReader(src source.Source) *Reader { return &Reader{src: src} }

// Source returns the name of the source the Reader reads ("procfs", ...).
func (r *Reader) Source() string { return r.src.Name() }

// Read takes one reading and appends one [Counters] per interface to dst,
// in the source's order. On error it returns what was decoded before the
// error, and the error.
func (r *Reader) Read(dst []Counters) ([]Counters, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	err := r.readRecords()
	for i := range r.recs {
		rec := &r.recs[i]
		dst = append(dst, Counters{})
		dst[len(dst)-1].setRecord(rec, r.names.intern(i, rec.Name))
	}
	r.names.done(len(r.recs))
	return dst, err
}

// ReadStats is [Reader.Read] in gopsutil's shape.
func (r *Reader) ReadStats(dst []IOCountersStat) ([]IOCountersStat, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	err := r.readRecords()
	for i := range r.recs {
		rec := &r.recs[i]
		dst = append(dst, statOf(r.names.intern(i, rec.Name), &rec.Values, rec.Has))
	}
	r.names.done(len(r.recs))
	return dst, err
}

func (r *Reader) readRecords() error {
	var err error
	r.recs, err = r.src.Read(r.recs[:0])
	return err
}

// Close closes the source.
func (r *Reader) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.src.Close()
}
