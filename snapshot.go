package netio

import (
	"path/filepath"
	"strings"
	"time"
)

// A Snapshot is one reading of every interface's counters, stamped with
// when it was taken and where it came from; [DiffBetween] and [Differ]
// turn two of them into deltas.
//
// A Snapshot is reused: [Reader.Snapshot] overwrites it, reusing the
// Counters slice, so a poller that keeps two Snapshots and swaps them
// allocates nothing in steady state.
type Snapshot struct {
	// Counters holds one record per interface, in the source's order.
	Counters []Counters
	// Wall is the wall-clock time of the reading (no monotonic reading),
	// for display and for the "time" of a report.
	Wall time.Time
	// Mono is a monotonic clock reading taken at the same instant as
	// Wall, as an offset from an arbitrary origin fixed for the process
	// (or, for a replayed fixture, for the recording). Only differences
	// mean something: the period between two snapshots is
	// cur.Mono - last.Mono, exact to the clock's resolution and immune to
	// wall-clock steps. 0 means unknown; see [Snapshot.Period].
	Mono time.Duration
	// Source says which source took the reading. Snapshots from different
	// sources are not compared: see [DiffBetween].
	Source SourceID

	srcOf *Reader // the Reader whose identity Source holds
}

// A SourceID identifies where a snapshot's counters come from.
type SourceID struct {
	// Kind is the source's kind, such as "procfs" ([source.Source.Name]).
	Kind string
	// Path is the file the source reads, when it reads one, such as
	// "/proc/net/dev".
	Path string
	// NetNS is the Linux network namespace the counters belong to (the
	// inode of its nsfs file, as in "net:[4026531840]"), or 0 when unknown
	// (other platforms, fixture trees).
	NetNS uint64
}

// Comparable reports whether snapshots from s and o can be diffed: the
// same kind of source reading the same place in the same namespace. A
// zero SourceID (hand-built snapshots) is comparable with anything.
func (s SourceID) Comparable(o SourceID) bool {
	if s == (SourceID{}) || o == (SourceID{}) {
		return true
	}
	return s == o
}

// monoBase is the process's origin for Snapshot.Mono. time.Now carries a
// monotonic clock reading, so t.Sub(monoBase) is monotonic.
var monoBase = time.Now()

// Stamp sets s's Wall and Mono from t, a time.Now() reading. A t without a
// monotonic reading (such as one built with time.Date, or a fake clock in a
// test) makes Mono follow t's wall clock instead.
func (s *Snapshot) Stamp(t time.Time) {
	s.Wall = t.Round(0)
	s.Mono = t.Sub(monoBase)
}

// Period returns the time from last to s: the difference of their
// monotonic readings when both have one, else of their wall times.
func (s *Snapshot) Period(last *Snapshot) time.Duration {
	if s.Mono != 0 && last.Mono != 0 {
		return s.Mono - last.Mono
	}
	return s.Wall.Sub(last.Wall)
}

// CopyFrom makes s a copy of o, reusing s's Counters slice. Names are
// shared (strings are immutable), so a copy of a same-sized snapshot
// allocates nothing.
func (s *Snapshot) CopyFrom(o *Snapshot) {
	s.Counters = append(s.Counters[:0], o.Counters...)
	s.Wall, s.Mono, s.Source, s.srcOf = o.Wall, o.Mono, o.Source, o.srcOf
}

// Snapshot takes one reading into s, reusing s.Counters, and stamps it
// with the time just after the reading completed and the source's
// identity. On error s holds what was decoded before the error.
func (r *Reader) Snapshot(s *Snapshot) error {
	var err error
	s.Counters, err = r.Read(s.Counters[:0])
	if c, ok := r.src.(recordedClock); ok {
		s.Wall, s.Mono = c.RecordedStamp()
	} else {
		s.Stamp(time.Now())
	}
	if s.Source.Kind == "" || s.srcOf != r {
		s.Source = r.sourceID()
		s.srcOf = r
	}
	return err
}

// recordedClock is a source whose readings carry the time they were
// taken, such as a fixture replay (fixture.Replay): Snapshot stamps with
// it instead of the clock, so periods and rates are the recorded ones.
type recordedClock interface {
	RecordedStamp() (wall time.Time, mono time.Duration)
}

// sourceID returns the identity of r's source. It is called once per
// Reader and Snapshot pair, not per reading. A source that reads a file
// says so with a Path method (the namespace is then found from the path);
// one bound to a namespace otherwise (a netlink socket) can say which with
// a NetNSInode method.
func (r *Reader) sourceID() SourceID {
	id := SourceID{Kind: r.src.Name()}
	if p, ok := r.src.(interface{ Path() string }); ok {
		id.Path = p.Path()
		id.NetNS = netNSOf(id.Path)
	}
	if n, ok := r.src.(interface{ NetNSInode() uint64 }); ok {
		id.NetNS = n.NetNSInode()
	}
	return id
}

// nsFileOf returns the nsfs file of the network namespace whose
// /proc/net/dev view path is ("/proc/net/dev" -> "/proc/<self>/ns/net",
// "/host/proc/42/net/dev" -> "/host/proc/42/ns/net"), or "" if path is not
// such a view.
func nsFileOf(path string) string {
	netDir := filepath.Dir(path)
	if filepath.Base(path) != "dev" || filepath.Base(netDir) != "net" {
		return ""
	}
	resolved, err := filepath.EvalSymlinks(netDir) // /proc/net -> /proc/<pid>/net
	if err != nil || !strings.HasSuffix(resolved, "/net") {
		return ""
	}
	return filepath.Join(filepath.Dir(resolved), "ns", "net")
}
