package netio

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/netio-go/netio/parse"
)

// The property test simulates hosts whose interfaces carry random traffic
// and injects, with a seeded generator, 32-bit wraps, 64-bit wraps, resets
// (with and without an index change), interfaces appearing (some reusing a
// vanished name), vanishing, renamed (same index) and reordered. The
// simulation knows the true traffic of every interface in every period and
// which events it injected; that is the oracle every delta is checked
// against, exactly.

type simIf struct {
	name   string
	index  int32
	has    FieldSet
	narrow FieldSet
	raw    [parse.NumFields]uint64 // what the source shows
}

type simEvent struct {
	flags   Flags
	wrapped FieldSet
	traffic [parse.NumFields]uint64
}

type sim struct {
	rng     *rand.Rand
	ifs     []*simIf
	gone    []string
	nextIdx int32
	nextID  int
	indexed bool
	now     time.Duration
}

func (s *sim) width(i *simIf, f int) int {
	if i.narrow&(1<<f) != 0 {
		return 32
	}
	return 64
}

// newIf makes an interface. Initial interfaces (boundary true) start with
// some counters close below their wrap point so that they wrap soon;
// appearing ones start at zero, as a new device does.
func (s *sim) newIf(boundary bool) *simIf {
	i := &simIf{has: parse.Portable}
	if s.rng.IntN(3) == 0 {
		i.has |= parse.LinuxDetail
	}
	switch s.rng.IntN(3) {
	case 1: // macOS NET_RT_IFLIST2 style: byte counters 32-bit
		i.narrow = rxBytes | txBytes
	case 2: // old Windows MIB_IFROW style: everything 32-bit
		i.narrow = i.has
	}
	if len(s.gone) > 0 && s.rng.IntN(3) == 0 {
		k := s.rng.IntN(len(s.gone))
		i.name = s.gone[k]
		s.gone = append(s.gone[:k], s.gone[k+1:]...)
	} else {
		i.name = fmt.Sprintf("if%d", s.nextID)
		s.nextID++
	}
	if s.indexed {
		s.nextIdx++
		i.index = s.nextIdx
	}
	if boundary {
		i.raw[parse.RxPackets] = 1 + s.rng.Uint64N(1e6)
		for f := range i.raw {
			// RxPackets starts nonzero and never near its wrap, so every
			// period has a nonzero counter that rose: a wrap of all nonzero
			// counters at once is indistinguishable from a reset.
			if i.has&(1<<f) == 0 || f == int(parse.RxPackets) || s.rng.IntN(4) != 0 {
				continue
			}
			span := uint64(2e5)
			if byteFields&(1<<f) != 0 {
				span = 2e9
			}
			if s.width(i, f) == 32 {
				i.raw[f] = math.MaxUint32 - s.rng.Uint64N(span)
			} else {
				i.raw[f] = math.MaxUint64 - s.rng.Uint64N(span)
			}
		}
	}
	return i
}

// trafficFor draws one period's traffic: always some packets and bytes
// both ways, sometimes errors and drops.
func (s *sim) trafficFor(i *simIf) [parse.NumFields]uint64 {
	var t [parse.NumFields]uint64
	for f := range t {
		if i.has&(1<<f) == 0 {
			continue
		}
		switch {
		case byteFields&(1<<f) != 0:
			t[f] = 1 + s.rng.Uint64N(1e9)
		case f == int(parse.RxPackets) || f == int(parse.TxPackets):
			t[f] = 1 + s.rng.Uint64N(1e5)
		case s.rng.IntN(5) == 0:
			t[f] = s.rng.Uint64N(100)
		}
	}
	return t
}

// step advances the simulation by one period and returns the reading and
// what the oracle expects for each interface of it, by position.
func (s *sim) step() ([]Counters, []simEvent, time.Duration) {
	period := time.Duration(500+s.rng.IntN(1500)) * time.Millisecond
	s.now += period
	var events []simEvent
	// Names freed this period are reusable from the next one: a name that
	// vanishes and reappears within one period is a re-created device,
	// which the diff sees (and flags) as a reset of that name.
	var freed []string
	defer func() { s.gone = append(s.gone, freed...) }()
	kept := s.ifs[:0]
	for _, i := range s.ifs {
		if s.rng.IntN(30) == 0 { // vanishes
			freed = append(freed, i.name)
			continue
		}
		kept = append(kept, i)
	}
	s.ifs = kept
	for _, i := range s.ifs {
		var ev simEvent
		t := s.trafficFor(i)
		switch r := s.rng.IntN(100); {
		case r < 5: // reset: counters restart below where they were
			ev.flags = FlagReset
			if s.indexed && s.rng.IntN(2) == 0 {
				s.nextIdx++
				i.index = s.nextIdx
			}
			for f := range t {
				if i.raw[f] > 0 && t[f] >= i.raw[f] {
					t[f] = s.rng.Uint64N(i.raw[f])
				}
				i.raw[f] = t[f]
			}
		case r < 8 && s.indexed: // renamed, same index, counters go on
			ev.flags = FlagRenamed
			freed = append(freed, i.name)
			i.name = fmt.Sprintf("if%d", s.nextID)
			s.nextID++
			fallthrough
		default:
			for f := range t {
				old := i.raw[f]
				if w := s.width(i, f); w == 32 {
					i.raw[f] = (old + t[f]) & math.MaxUint32
				} else {
					i.raw[f] = old + t[f]
				}
				if i.raw[f] < old {
					ev.wrapped |= 1 << f
				}
			}
			if ev.wrapped != 0 {
				ev.flags |= FlagWrapped
			}
		}
		ev.traffic = t
		events = append(events, ev)
	}
	for s.rng.IntN(6) == 0 { // appears, with one period of traffic
		i := s.newIf(false)
		t := s.trafficFor(i)
		i.raw = t
		s.ifs = append(s.ifs, i)
		events = append(events, simEvent{flags: FlagNew, traffic: t})
	}
	if s.rng.IntN(4) == 0 { // the source lists them in another order
		s.rng.Shuffle(len(s.ifs), func(a, b int) {
			s.ifs[a], s.ifs[b] = s.ifs[b], s.ifs[a]
			events[a], events[b] = events[b], events[a]
		})
	}
	return s.reading(), events, period
}

func (s *sim) reading() []Counters {
	cs := make([]Counters, len(s.ifs))
	for k, i := range s.ifs {
		cs[k] = Counters{Name: i.name, Index: i.index, Has: i.has, Narrow: i.narrow, Values: i.raw}
	}
	return cs
}

func TestDiffProperties(t *testing.T) {
	var injected [4]int // new, wrapped, reset, renamed
	var wraps32, wraps64 int
	for seed := range uint64(300) {
		s := &sim{rng: rand.New(rand.NewPCG(seed, 0x6e6574696f)), indexed: seed%2 == 0}
		for range 1 + s.rng.IntN(8) {
			s.ifs = append(s.ifs, s.newIf(true))
		}
		var d, ds Differ // ds uses DiffSwap on its own copies
		var swapped []Delta
		var run RunningTotals
		var wantAll [parse.NumFields]uint64
		last := &Snapshot{Counters: s.reading()}
		last.Stamp(time.Unix(0, 0))
		deltas := d.Diff(nil, last)
		swapped = ds.DiffSwap(swapped[:0], &Snapshot{Counters: slices.Clone(last.Counters), Wall: last.Wall, Mono: last.Mono})
		for k, dl := range deltas { // first call: absolute values, all new
			if dl.Flags != FlagNew || dl.Values != last.Counters[k].Values || dl.Period != 0 {
				t.Fatalf("seed %d: first Diff entry %d = %+v, want the absolute values flagged new", seed, k, dl)
			}
		}
		for step := 1; step <= 60; step++ {
			cs, events, period := s.step()
			cur := &Snapshot{Counters: cs}
			cur.Stamp(time.Unix(0, 0).Add(s.now))
			deltas = d.Diff(deltas[:0], cur)
			sw := &Snapshot{Counters: slices.Clone(cur.Counters), Wall: cur.Wall, Mono: cur.Mono}
			swapped = ds.DiffSwap(swapped[:0], sw)
			if len(sw.Counters) != 0 || !slices.Equal(swapped, deltas) {
				t.Fatalf("seed %d step %d: DiffSwap and Diff disagree:\n%s", seed, step, cmp.Diff(swapped, deltas))
			}
			if between := DiffBetween(nil, cur, last); !slices.Equal(between, deltas) {
				t.Fatalf("seed %d step %d: DiffBetween and Differ disagree:\n%s", seed, step, cmp.Diff(between, deltas))
			}
			if len(deltas) != len(events) {
				t.Fatalf("seed %d step %d: %d deltas for %d interfaces", seed, step, len(deltas), len(events))
			}
			var wantSum [parse.NumFields]uint64
			summed := 0
			for k := range deltas {
				got, ev := &deltas[k], &events[k]
				want := Delta{Name: cs[k].Name, Index: cs[k].Index, Values: ev.traffic, Has: cs[k].Has,
					Wrapped: ev.wrapped, Flags: ev.flags, Period: period}
				if ev.flags&FlagNew != 0 {
					want.Period = 0 // absolute values
				}
				if want != *got {
					diff := cmp.Diff(want, *got)
					t.Fatalf("seed %d step %d interface %q: delta is not the true traffic and events (-want +got):\n%s\nlast: %+v\ncur: %+v",
						seed, step, cs[k].Name, diff, findIf(last, cs[k].Name, cs[k].Index), cs[k])
				}
				for i := range injected {
					if ev.flags&(1<<i) != 0 {
						injected[i]++
					}
				}
				for f := range ev.traffic {
					if ev.wrapped&(1<<f) != 0 && cs[k].Narrow&(1<<f) != 0 {
						wraps32++
					} else if ev.wrapped&(1<<f) != 0 {
						wraps64++
					}
				}
				for f := range wantAll {
					wantAll[f] += ev.traffic[f] // running totals count new interfaces
				}
				if ev.flags&FlagNew != 0 {
					continue // Sum leaves them out
				}
				summed++
				for f := range wantSum {
					wantSum[f] += ev.traffic[f]
				}
			}
			if tot := Sum(deltas, nil); tot.Values != wantSum || tot.Interfaces != summed || summed > 0 && tot.Period != period {
				t.Fatalf("seed %d step %d: Sum = %v over %v (%d interfaces), want %v over %v (%d)",
					seed, step, tot.Values, tot.Period, tot.Interfaces, wantSum, period, summed)
			}
			run.Add(deltas)
			last = cur
		}
		if all := run.All(); all.Values != wantAll {
			t.Fatalf("seed %d: running total %v, want the true traffic %v", seed, all.Values, wantAll)
		}
	}
	t.Logf("injected events checked: new %d, wrapped %d (32-bit counter wraps %d, 64-bit %d), reset %d, renamed %d",
		injected[0], injected[1], wraps32, wraps64, injected[2], injected[3])
	if wraps32 == 0 || wraps64 == 0 {
		t.Errorf("the generator injected %d 32-bit and %d 64-bit wraps; want both", wraps32, wraps64)
	}
	for i, n := range injected {
		if n == 0 {
			t.Errorf("the generator injected no %q event", flagNames[i])
		}
	}
}

func findIf(s *Snapshot, name string, index int32) *Counters {
	for i := range s.Counters {
		if s.Counters[i].Name == name || index != 0 && s.Counters[i].Index == index {
			return &s.Counters[i]
		}
	}
	return nil
}
