package netio

import (
	"sync"
	"time"

	"github.com/netio-go/netio/parse"
)

// A Total is the sum of the deltas of one diff: the traffic of all (or the
// chosen) interfaces over one period. Summing deltas rather than diffing
// sums keeps it from going negative when an interface disappears
// (gopsutil#511): a vanished interface simply stops contributing.
type Total struct {
	// Values holds the summed increase of each counter; never negative.
	Values [parse.NumFields]uint64
	// Has is the set of fields at least one summed delta had.
	Has FieldSet
	// Flags is the union of the summed deltas' flags.
	Flags Flags
	// Period is the longest period among the summed deltas (they share one
	// when they come from one diff).
	Period time.Duration
	// Interfaces is the number of deltas summed.
	Interfaces int
}

// Add adds d to t.
func (t *Total) Add(d *Delta) {
	t.addValues(d)
	t.Period = max(t.Period, d.Period)
}

func (t *Total) addValues(d *Delta) {
	for f := range t.Values {
		t.Values[f] += d.Values[f]
	}
	t.Has |= d.Has
	t.Flags |= d.Flags
	t.Interfaces++
}

// Sum returns the traffic of one diff's deltas, leaving out those skip
// reports (nil skips nothing; see [LoopbackOrVirtual]) and new interfaces
// (FlagNew): their absolute counters are not known to be traffic of the
// period, and would show as a spike in its rate. Add a new delta with
// [Total.Add] to count it anyway.
func Sum(deltas []Delta, skip Classifier) Total {
	var t Total
	for i := range deltas {
		if deltas[i].Flags&FlagNew != 0 || skip != nil && skip(deltas[i].Name) {
			continue
		}
		t.Add(&deltas[i])
	}
	return t
}

// RunningTotals are counters that only ever go up: per interface and over
// all interfaces, the sum of every delta fed to them. Fed from a [Differ],
// whose first call gives absolute values, an interface's running total is
// its raw counter carried across wraps and resets (what psutil's nowrap
// intends, without undercounting a true wrap), and the overall total keeps
// what vanished interfaces contributed.
//
// A FlagNew delta's absolute counters are added as they are. An interface
// missing from one snapshot (filtered out, or a reading that failed part
// way) comes back new, and its counters are then added a second time: feed
// RunningTotals from snapshots that list every interface, or [RunningTotals.Forget] an
// interface when it vanishes. The totals are uint64: they wrap past
// 2^64-1, which counters starting near 2^64 can reach.
//
// Interfaces are keyed by name. The zero value is ready; it is safe for
// concurrent use.
type RunningTotals struct {
	// Skip, if set, leaves the interfaces it reports out of the overall
	// total (they still get their own). Set it before the first Add.
	Skip Classifier

	mu  sync.Mutex
	all Total
	per map[string]*Total
}

// Add adds each delta to its interface's running total and, unless Skip
// reports it, to the overall total. Once every interface has been seen it
// allocates nothing.
func (r *RunningTotals) Add(deltas []Delta) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.per == nil {
		r.per = make(map[string]*Total)
	}
	var period time.Duration
	for i := range deltas {
		d := &deltas[i]
		t := r.per[d.Name]
		if t == nil {
			t = new(Total)
			r.per[d.Name] = t
		}
		t.addValues(d)
		t.Period += max(d.Period, 0)
		if r.Skip == nil || !r.Skip(d.Name) {
			r.all.addValues(d)
		}
		period = max(period, d.Period)
	}
	r.all.Period += period
}

// All returns the overall running total. Its Period is the time covered:
// the sum over Add calls of the longest period of each; Interfaces counts
// the deltas added. An interface's running total has the sum of its
// deltas' periods.
func (r *RunningTotals) All() Total {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.all
}

// Interface returns the running total of the interface called name.
func (r *RunningTotals) Interface(name string) (Total, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	t, ok := r.per[name]
	if !ok {
		return Total{}, false
	}
	return *t, true
}

// Forget drops the running total of the interface called name (the
// overall total keeps what it contributed), so that interface churn does
// not grow the table without bound.
func (r *RunningTotals) Forget(name string) {
	r.mu.Lock()
	delete(r.per, name)
	r.mu.Unlock()
}
