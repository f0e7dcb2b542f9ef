package netio

import (
	"math/bits"
	"strings"
	"sync"
	"time"

	"github.com/netio-go/netio/parse"
)

// Flags say what happened to an interface between two snapshots.
type Flags uint8

const (
	// FlagNew: the interface is not in the older snapshot (or this is a
	// [Differ]'s first call); its delta is its counters as if compared to
	// all zeros, with Period 0: they are not known to be the traffic of
	// the period (the interface may only have been missing from the older
	// snapshot), so it has no rate and [Sum] leaves it out.
	FlagNew Flags = 1 << iota
	// FlagWrapped: at least one counter declared 32-bit (or a 64-bit one)
	// wrapped once; [Delta.Wrapped] says which. The delta is exact.
	FlagWrapped
	// FlagReset: the counters restarted (the device was re-created, the
	// driver reloaded, a PPP link reconnected): the index changed, the
	// counters fell together, or a wrap would imply an impossible rate. The
	// delta is the new value of every counter, never a wrap.
	FlagReset
	// FlagRenamed: the interface has a new name but the same index as an
	// interface of the older snapshot; it was diffed against that one.
	// Only sources that know indexes can tell.
	FlagRenamed
	// FlagBackward: a counter fell, but neither a wrap nor a reset can
	// explain it (a driver that sums per-CPU or per-slave counters can
	// step back); [Delta.Backward] says which. Their delta is 0, the other
	// counters' deltas are exact.
	FlagBackward
)

var flagNames = [...]string{"new", "wrapped", "reset", "renamed", "backward"}

// Names appends the names of the flags in f ("new", "wrapped", "reset",
// "renamed", "backward") to dst.
func (f Flags) Names(dst []string) []string {
	for i, n := range flagNames {
		if f&(1<<i) != 0 {
			dst = append(dst, n)
		}
	}
	return dst
}

// String returns the flag names joined by commas, "" for none.
func (f Flags) String() string { return strings.Join(f.Names(nil), ",") }

// A Delta is how much one interface's counters rose between two snapshots.
type Delta struct {
	// Name is the interface's name in the newer snapshot.
	Name string
	// Index is its index in the newer snapshot, 0 when unknown.
	Index int32
	// Values holds the increase of each counter in Has; the others are 0.
	// Never negative: a wrap is undone, a reset counts the new value.
	Values [parse.NumFields]uint64
	// Has is the set of fields both snapshots provide (the newer one's for
	// a new or reset interface).
	Has FieldSet
	// Wrapped is the set of counters that wrapped (FlagWrapped).
	Wrapped FieldSet
	// Backward is the set of counters that stepped back (FlagBackward):
	// their delta is 0.
	Backward FieldSet
	// Flags say whether the interface is new, wrapped, reset, renamed or
	// stepped back.
	Flags Flags
	// Period is the time between the two snapshots ([Snapshot.Period]);
	// 0 for a FlagNew delta, which holds absolute values. It is negative
	// only if the wall clock stepped back between snapshots that carry no
	// monotonic reading; rates are then 0.
	Period time.Duration
}

// Stat returns the delta in gopsutil's shape: the increase of each of its
// counters, 0 for a counter not in Has.
func (d *Delta) Stat() IOCountersStat { return statOf(d.Name, &d.Values, d.Has) }

// CompareName orders deltas by name, byte-wise, like libstatgrab's
// sg_network_io_compare_name; use it with slices.SortStableFunc to keep
// duplicate names in order of appearance.
func CompareName(a, b Delta) int { return strings.Compare(a.Name, b.Name) }

// Defaults of [DiffOptions]: a wrap is implausible if it implies more than
// 100 Gbit/s, or for packet-like counters more packets than 100 Gbit/s of
// minimum-size Ethernet frames (84 bytes on the wire with preamble and
// gap): about 148.8 million per second.
const (
	DefaultMaxByteRate   = 100e9 / 8
	DefaultMaxPacketRate = DefaultMaxByteRate / 84
)

// DiffOptions tune how decreases are judged.
//
// A counter that fell is a wrap only if its wrapped delta, at the width the
// newer snapshot declares ([Counters.Narrow]: 32-bit, otherwise 64-bit), is
// plausible: a 64-bit counter wraps only from near 2^64. The bound is, for
// byte counters, the link speed in bytes per second when LinkSpeed knows
// it, else MaxByteRate; for every other counter (packets, errors, drops:
// all count packets) the link speed over 84-byte frames, else
// MaxPacketRate. A period that is not positive is judged as one second.
//
// The interface is a reset instead (every counter's delta is its new
// value) if any of these hold:
//
//   - both snapshots know its index and the indexes differ;
//   - at least two of its counters were nonzero and all of them fell;
//   - a fallen counter does not fit its width or its wrap is implausible,
//     and a restart is plausible: no counter's new value exceeds what the
//     bound allows over the period.
//
// If a restart is not plausible either (the counters that did not fall
// are too large to have been counted since), the fallen counters stepped
// back: FlagBackward, delta 0.
//
// A device re-created between two readings whose counters have already
// passed the old values, with no index to tell, cannot be told from a
// continuation: its delta is then short by the old values.
//
// With link speeds a reset of a 32-bit counter is caught whenever the old
// value was more than two periods of line rate below 2^32 (the bound is
// twice the speed: see LinkSpeed); without, a 32-bit byte counter's reset
// can pass for a wrap (4 GiB in a second is plausible at 100 Gbit/s), which
// is why the falling-together rule exists.
type DiffOptions struct {
	// MaxByteRate bounds byte counters, in bytes per second;
	// 0 means DefaultMaxByteRate.
	MaxByteRate float64
	// MaxPacketRate bounds the other counters, per second;
	// 0 means DefaultMaxPacketRate.
	MaxPacketRate float64
	// LinkSpeed, if set, returns an interface's link speed in bits per
	// second, or 0 when unknown (see [SysfsLinkSpeed]). The bound is then
	// twice the speed, since hardware counters are refreshed on their own
	// schedule. It is only called for an interface with a fallen counter.
	LinkSpeed func(c *Counters) uint64
}

// byteFields are the counters that count bytes; the others count packets.
const byteFields FieldSet = 1<<parse.RxBytes | 1<<parse.TxBytes |
	1<<parse.RxUnicastBytes | 1<<parse.RxMulticastBytes | 1<<parse.RxBroadcastBytes |
	1<<parse.TxUnicastBytes | 1<<parse.TxMulticastBytes | 1<<parse.TxBroadcastBytes

// DiffBetween appends to dst the deltas from last to cur, one per interface
// of cur in cur's order, with the default [DiffOptions], and returns it.
//
// Interfaces are matched by index where both snapshots know it (an index
// names one device for its life, while a name can pass to another: a
// swap, or a rename and a new device under the old name), then the rest
// by name: the k-th interface named X in cur with the k-th named X in
// last, so duplicate names pair in order of appearance. A pair whose
// names differ is flagged FlagRenamed; a pair whose indexes differ (the
// same name on a new device) is a reset. Any other interface of cur passes
// through as if compared to zeros (FlagNew, Period 0); interfaces only in
// last are dropped. If the two snapshots come from different sources
// ([SourceID.Comparable]), every interface is new. A source without
// indexes (/proc/net/dev) cannot tell a rename: the renamed interface is
// new.
//
// Matching is O(n): the common case, the same names in the same order, is
// a positional comparison; otherwise a map is built. DiffBetween uses
// pooled scratch space: in steady state, once dst has room, it allocates
// nothing.
func DiffBetween(dst []Delta, cur, last *Snapshot) []Delta {
	var o DiffOptions
	return o.DiffBetween(dst, cur, last)
}

// DiffBetween is the package's [DiffBetween] with options o.
func (o *DiffOptions) DiffBetween(dst []Delta, cur, last *Snapshot) []Delta {
	m := matcherPool.Get().(*matcher)
	dst = o.between(dst, cur, last, m)
	matcherPool.Put(m)
	return dst
}

var matcherPool = sync.Pool{New: func() any { return new(matcher) }}

// A Differ is libstatgrab's stateful diff: each call to [Differ.Diff]
// returns the deltas since the previous call, the first call the absolute
// values (all FlagNew, Period 0). It keeps its own copy of the last
// snapshot and its scratch space, so once warm it allocates nothing.
//
// The zero Differ uses the default options. A Differ is safe for
// concurrent use; calls are serialised.
type Differ struct {
	mu     sync.Mutex
	opts   DiffOptions
	last   Snapshot
	primed bool
	m      matcher
}

// NewDiffer returns a Differ using opts.
func NewDiffer(opts DiffOptions) *Differ { return &Differ{opts: opts} }

// Diff appends to dst the deltas from the previous call's snapshot to cur,
// as [DiffBetween] does, and remembers cur (a copy: the caller may reuse
// cur).
func (d *Differ) Diff(dst []Delta, cur *Snapshot) []Delta {
	d.mu.Lock()
	defer d.mu.Unlock()
	dst = d.diff(dst, cur)
	d.last.CopyFrom(cur)
	return dst
}

// DiffSwap is [Differ.Diff] without the copy, for a poller that refills
// its snapshot before every call (as [Reader.Snapshot] does): the Differ
// keeps cur's Counters as the previous snapshot and gives cur the older
// Counters' storage back, emptied. The deltas name the same strings, so
// they stay valid.
func (d *Differ) DiffSwap(dst []Delta, cur *Snapshot) []Delta {
	d.mu.Lock()
	defer d.mu.Unlock()
	dst = d.diff(dst, cur)
	older := d.last.Counters[:0]
	d.last = *cur
	cur.Counters = older
	return dst
}

func (d *Differ) diff(dst []Delta, cur *Snapshot) []Delta {
	if d.primed {
		return d.opts.between(dst, cur, &d.last, &d.m)
	}
	d.primed = true
	for i := range cur.Counters {
		dst = appendNew(dst, &cur.Counters[i])
	}
	return dst
}

// Reset forgets the previous snapshot: the next Diff returns absolute
// values again.
func (d *Differ) Reset() {
	d.mu.Lock()
	d.primed = false
	d.mu.Unlock()
}

// A matcher is the scratch space for matching interfaces.
type matcher struct {
	byName  map[string]int32 // name -> first unmatched occurrence in last
	next    []int32          // next occurrence in last of the same name, or -1
	byIndex map[int32]int32  // interface index -> unmatched index in last
	match   []int32          // per cur: index in last, or -1
	used    []bool           // per last: matched
}

func (o *DiffOptions) between(dst []Delta, cur, last *Snapshot, m *matcher) []Delta {
	period := cur.Period(last)
	cs, ls := cur.Counters, last.Counters
	if !cur.Source.Comparable(last.Source) {
		for i := range cs {
			dst = appendNew(dst, &cs[i])
		}
		return dst
	}
	if len(cs) == len(ls) {
		same := true
		for i := range cs {
			a, b := cs[i].Index, ls[i].Index
			if cs[i].Name != ls[i].Name || a != b && a != 0 && b != 0 {
				same = false
				break
			}
		}
		if same {
			n := len(dst)
			dst = grow(dst, len(cs))[:n+len(cs)]
			for i := range cs {
				o.diffOne(&dst[n+i], &cs[i], &ls[i], period, 0)
			}
			return dst
		}
	}
	m.matchInterfaces(cs, ls)
	dst = grow(dst, len(cs))
	for i := range cs {
		j := m.match[i]
		if j < 0 {
			dst = appendNew(dst, &cs[i])
			continue
		}
		var f Flags
		if cs[i].Name != ls[j].Name {
			f = FlagRenamed
		}
		dst = dst[:len(dst)+1]
		o.diffOne(&dst[len(dst)-1], &cs[i], &ls[j], period, f)
	}
	return dst
}

// grow makes room for n more deltas, so that appending them one at a time
// does not reallocate repeatedly.
func grow(dst []Delta, n int) []Delta {
	if cap(dst)-len(dst) < n {
		nd := make([]Delta, len(dst), len(dst)+n)
		copy(nd, dst)
		dst = nd
	}
	return dst
}

// matchInterfaces sets m.match: for each interface of cs, the index of
// its partner in ls or -1. Interfaces are paired by index first, where both
// know it (an index names one device for its life; a name can move to
// another), then the rest by name, in order of appearance.
func (m *matcher) matchInterfaces(cs, ls []Counters) {
	m.match = resize(m.match, len(cs))
	for i := range m.match {
		m.match[i] = -1
	}
	m.used = m.used[:0]
	for range ls {
		m.used = append(m.used, false)
	}
	m.matchIndexes(cs, ls)

	// By name, among the interfaces of ls still unpaired: the k-th of cs
	// named X with the k-th of ls. One map write per name when names are
	// unique (the common case); with duplicates, chain each name's
	// occurrences in order.
	if m.byName == nil {
		m.byName = make(map[string]int32, len(ls))
	}
	clear(m.byName)
	m.next = resize(m.next, len(ls))
	free := 0
	for j := range ls {
		m.next[j] = -1
		if !m.used[j] {
			m.byName[ls[j].Name] = int32(j)
			free++
		}
	}
	if len(m.byName) != free {
		clear(m.byName)
		for j := len(ls) - 1; j >= 0; j-- {
			if m.used[j] {
				continue
			}
			if head, ok := m.byName[ls[j].Name]; ok {
				m.next[j] = head
			}
			m.byName[ls[j].Name] = int32(j)
		}
	}
	for i := range cs {
		if m.match[i] >= 0 {
			continue
		}
		j, ok := m.byName[cs[i].Name]
		if !ok {
			continue
		}
		m.match[i] = j
		m.used[j] = true
		if m.next[j] >= 0 { // the next occurrence is this name's partner now
			m.byName[cs[i].Name] = m.next[j]
		} else {
			delete(m.byName, cs[i].Name)
		}
	}
}

// matchIndexes pairs the interfaces of cs and ls that have the same
// nonzero index (the first of ls, if a broken source repeats one).
func (m *matcher) matchIndexes(cs, ls []Counters) {
	indexed := false
	for j := range ls {
		if ls[j].Index != 0 {
			indexed = true
			break
		}
	}
	if !indexed {
		return
	}
	if m.byIndex == nil {
		m.byIndex = make(map[int32]int32, len(ls))
	}
	clear(m.byIndex)
	for j := len(ls) - 1; j >= 0; j-- {
		if ls[j].Index != 0 {
			m.byIndex[ls[j].Index] = int32(j)
		}
	}
	for i := range cs {
		if cs[i].Index == 0 {
			continue
		}
		if j, ok := m.byIndex[cs[i].Index]; ok {
			m.match[i] = j
			m.used[j] = true
			delete(m.byIndex, cs[i].Index)
		}
	}
}

func resize(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n)
	}
	return s[:n]
}

// appendNew appends c's counters as a delta from zero, with no period.
func appendNew(dst []Delta, c *Counters) []Delta {
	dst = append(dst, Delta{})
	d := &dst[len(dst)-1]
	d.Name, d.Index, d.Flags, d.Has = c.Name, c.Index, FlagNew, c.Has
	setPresent(d, c)
	return dst
}

// setPresent sets d's values to c's present counters (a reset or new
// interface: the delta is the new value).
func setPresent(d *Delta, c *Counters) {
	for f := range d.Values {
		if c.Has&(1<<f) != 0 {
			d.Values[f] = c.Values[f]
		} else {
			d.Values[f] = 0
		}
	}
}

// diffOne sets every field of d to the delta from l to c (so d need not
// be zeroed first: callers reslice dst over old deltas).
func (o *DiffOptions) diffOne(d *Delta, c, l *Counters, period time.Duration, flags Flags) {
	d.Name, d.Index, d.Period = c.Name, c.Index, period
	has := c.Has & l.Has
	d.Has, d.Wrapped, d.Backward = has, 0, 0
	if c.Index != 0 && l.Index != 0 && c.Index != l.Index {
		o.reset(d, c, flags)
		return
	}
	// Branch-free over every field: absent fields get 0 whatever the
	// inputs hold, and only present fields can fall.
	// Fields above the highest either reading has are absent from both:
	// not touching them keeps a /proc/net/dev record (16 fields) to two
	// cache lines per side.
	var fell FieldSet
	cv, lv, dv := &c.Values, &l.Values, &d.Values
	n := bits.Len64(uint64(c.Has | l.Has))
	for f := range n {
		bit := uint64(has>>f) & 1
		dv[f] = (cv[f] - lv[f]) & -bit
		if cv[f] < lv[f] {
			fell |= FieldSet(bit) << f
		}
	}
	clear(dv[n:])
	if fell == 0 {
		d.Flags = flags
		return
	}
	o.judge(d, c, l, fell, period, flags)
}

// judge decides, for an interface some of whose counters fell, between
// wraps and a reset (see [DiffOptions]).
func (o *DiffOptions) judge(d *Delta, c, l *Counters, fell FieldSet, period time.Duration, flags Flags) {
	has := d.Has
	var nonzero FieldSet
	for f := range l.Values {
		if has&(1<<f) != 0 && l.Values[f] != 0 {
			nonzero |= 1 << f
		}
	}
	if nonzero&^fell == 0 && nonzero&(nonzero-1) != 0 { // >= 2 nonzero, all fell
		o.reset(d, c, flags)
		return
	}
	secs := period.Seconds()
	if secs <= 0 {
		secs = 1
	}
	maxBytes, maxPackets := o.bounds(c)
	bound := func(f int) float64 {
		if byteFields&(1<<f) != 0 {
			return maxBytes * secs
		}
		return maxPackets * secs
	}
	var wrapped, back FieldSet
	for f := range d.Values {
		if fell&(1<<f) == 0 {
			continue
		}
		width := 64
		if c.Narrow&(1<<f) != 0 {
			width = 32
		}
		delta, _, ok := CounterDelta(l.Values[f], c.Values[f], width)
		if !ok || float64(delta) > bound(f) {
			back |= 1 << f
			continue
		}
		d.Values[f] = delta
		wrapped |= 1 << f
	}
	if back != 0 {
		restart := true // every counter small enough to count since one
		for f := range c.Values {
			if c.Has&(1<<f) != 0 && float64(c.Values[f]) > bound(f) {
				restart = false
				break
			}
		}
		if restart {
			o.reset(d, c, flags)
			return
		}
		for f := range d.Values {
			if back&(1<<f) != 0 {
				d.Values[f] = 0
			}
		}
		flags |= FlagBackward
	}
	if wrapped != 0 {
		flags |= FlagWrapped
	}
	d.Wrapped, d.Backward, d.Flags = wrapped, back, flags
}

// bounds returns the highest plausible byte and packet rates for c.
func (o *DiffOptions) bounds(c *Counters) (maxBytes, maxPackets float64) {
	if o.LinkSpeed != nil {
		if bps := o.LinkSpeed(c); bps > 0 {
			b := 2 * float64(bps) / 8
			return b, b / 84
		}
	}
	maxBytes, maxPackets = o.MaxByteRate, o.MaxPacketRate
	if maxBytes <= 0 {
		maxBytes = DefaultMaxByteRate
	}
	if maxPackets <= 0 {
		maxPackets = DefaultMaxPacketRate
	}
	return maxBytes, maxPackets
}

// reset makes d a reset: every present counter's delta is its new value.
func (o *DiffOptions) reset(d *Delta, c *Counters, flags Flags) {
	d.Has = c.Has
	d.Wrapped, d.Backward = 0, 0
	d.Flags = flags | FlagReset
	setPresent(d, c)
}
