package fuzz

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/netio-go/netio"
	"github.com/netio-go/netio/parse"
)

// This file fuzzes the diff arithmetic through the root package's exported
// API: CounterDelta for one counter, and a Differ fed snapshots of a
// simulated host whose true traffic the simulation knows.

// FuzzCounterDelta: for a counter of any width that rose by t < 2^width
// from last (modulo 2^width), the delta is exactly t and it wrapped iff
// the new value is below the old; a fall from a value wider than the width
// is never taken for a wrap.
func FuzzCounterDelta(f *testing.F) {
	f.Add(uint64(0), uint64(0), uint8(32))
	f.Add(uint64(1<<32-1), uint64(1), uint8(32))
	f.Add(uint64(1<<32-10), uint64(1<<32-1), uint8(32))
	f.Add(uint64(1<<64-1), uint64(1), uint8(64))
	f.Add(uint64(1<<64-1), uint64(1<<64-1), uint8(64))
	f.Add(uint64(5), uint64(3), uint8(1))
	f.Add(uint64(1<<40), uint64(7), uint8(0))
	f.Fuzz(func(t *testing.T, last, traffic uint64, width uint8) {
		w := int(width)
		bits := w
		if w <= 0 || w >= 64 {
			bits = 64 // documented: any width outside 1..63 means 64
		}
		lim := uint64(1)<<bits - 1 // 2^64-1 when bits is 64
		last &= lim
		traffic &= lim
		cur := (last + traffic) & lim
		delta, wrapped, ok := netio.CounterDelta(last, cur, w)
		if !ok || delta != traffic || wrapped != (cur < last) {
			t.Fatalf("CounterDelta(%d, %d, %d) = %d, %v, %v; want %d, %v, true",
				last, cur, w, delta, wrapped, ok, traffic, cur < last)
		}
		if bits < 64 && cur < last|1<<bits {
			if _, _, ok := netio.CounterDelta(last|1<<bits, cur, w); ok {
				t.Fatalf("CounterDelta(%d, %d, %d): a fall from beyond the width taken for a wrap", last|1<<bits, cur, w)
			}
		}
	})
}

// byteField reports whether f counts bytes (the diff bounds those by the
// byte rate, the others by the packet rate).
func byteField(f parse.Field) bool {
	switch f {
	case parse.RxBytes, parse.TxBytes, parse.RxUnicastBytes, parse.RxMulticastBytes, parse.RxBroadcastBytes,
		parse.TxUnicastBytes, parse.TxMulticastBytes, parse.TxBroadcastBytes:
		return true
	}
	return false
}

// A simIface is one simulated interface: what its source shows.
type simIface struct {
	c     netio.Counters
	alive bool
	gone  int // the step it vanished at
}

// width is the number of bits at which c's counter f wraps.
func width(c *netio.Counters, f parse.Field) int {
	if c.Narrow.Has(f) {
		return 32
	}
	return 64
}

// steady is a counter every simulated interface has that rises every
// period and never wraps, as a real interface's packet count does: with
// it, wraps of other counters never look like "all counters fell".
const steady = parse.RxPackets

// simulate runs the host for the steps the input chooses and checks every
// diff. Each period every interface either carries random traffic (which
// wraps its counters at the width it declares: 32 bits for some, 64 for
// the rest; no more than the diff's plausible rate, and under 2^32 for a
// 32-bit counter, the documented single-wrap limit), or is reset (its
// counters restart, with a new index when the source knows indexes), or
// vanishes; new interfaces appear, some reusing a vanished name. The
// oracle is the traffic the simulation generated: every delta must equal
// it exactly with the right flags, the per-period totals must equal its
// sums, and running totals must carry every interface's whole history.
func simulate(t *testing.T, g *gen) {
	indexed := g.bool()
	var ifs []*simIface
	nextIndex, nextName, step := int32(1), 0, 0
	truth := map[string][parse.NumFields]uint64{} // per name: sum of what each delta should be
	newIface := func(fresh bool) *simIface {
		s := &simIface{alive: true}
		name := fmt.Sprintf("if%d", nextName)
		if !fresh {
			for _, o := range ifs {
				// A name that vanished in an earlier period comes back
				// (one gone and back within a period is a reset).
				if !o.alive && o.gone < step && g.bool() {
					name = o.c.Name
					break
				}
			}
		}
		for _, o := range ifs {
			// Not the name of a live interface, nor of one that vanished
			// in this period (the last snapshot still has it).
			if o.c.Name == name && (o.alive || o.gone == step) {
				name = fmt.Sprintf("if%d", nextName)
			}
		}
		if name == fmt.Sprintf("if%d", nextName) {
			nextName++
		}
		s.c.Name = name
		if indexed {
			s.c.Index = nextIndex
			nextIndex++
		}
		s.c.Has = parse.Portable
		if g.bool() {
			s.c.Has |= parse.LinuxDetail
		}
		switch g.intn(3) {
		case 1:
			s.c.Narrow = 1<<parse.RxBytes | 1<<parse.TxBytes
		case 2:
			s.c.Narrow = s.c.Has
		}
		for f := range parse.NumFields {
			if !s.c.Has.Has(f) {
				continue
			}
			if fresh { // a host's interfaces have counted for a while
				s.c.Values[f] = g.counter(width(&s.c, f))
			} else { // a new device starts near zero
				s.c.Values[f] = uint64(g.u16())
			}
		}
		s.c.Values[steady] = 2 + uint64(g.u16())
		return s
	}
	for range 1 + g.intn(4) {
		ifs = append(ifs, newIface(true))
	}

	opts := netio.DiffOptions{}
	differ := netio.NewDiffer(opts)
	var running netio.RunningTotals
	var snap, last netio.Snapshot
	var mono time.Duration
	var deltas []netio.Delta
	steps := 1 + g.intn(12)
	for ; step < steps; step++ {
		secs := 1 + g.intn(10)
		period := time.Duration(secs) * time.Second
		mono += period
		want := map[string]netio.Delta{}
		if step > 0 {
			for _, s := range ifs {
				if !s.alive {
					continue
				}
				switch ev := g.intn(16); {
				case ev == 0: // vanishes
					s.alive, s.gone = false, step
					continue
				case ev <= 2 && s.reset(g, indexed, &nextIndex): // restarts
					d := netio.Delta{Name: s.c.Name, Index: s.c.Index, Has: s.c.Has, Flags: netio.FlagReset, Period: period}
					for f := range parse.NumFields {
						if s.c.Has.Has(f) {
							d.Values[f] = s.c.Values[f]
						}
					}
					want[s.c.Name] = d
				default: // traffic
					d := netio.Delta{Name: s.c.Name, Index: s.c.Index, Has: s.c.Has, Period: period}
					for f := range parse.NumFields {
						if !s.c.Has.Has(f) {
							continue
						}
						bound := netio.DefaultMaxPacketRate
						if byteField(f) {
							bound = netio.DefaultMaxByteRate
						}
						hi := uint64(bound) * uint64(secs)
						if width(&s.c, f) == 32 {
							hi = min(hi, 1<<32-1)
						}
						var tr uint64
						switch g.intn(4) {
						case 0:
						case 1:
							tr = uint64(g.u16())
						default:
							tr = g.u64() % (hi + 1)
						}
						if f == steady {
							tr = 1 + uint64(g.u16())
						}
						lim := uint64(1)<<width(&s.c, f) - 1
						nv := (s.c.Values[f] + tr) & lim
						if nv < s.c.Values[f] {
							d.Wrapped = d.Wrapped.With(f)
							d.Flags = netio.FlagWrapped
						}
						s.c.Values[f] = nv
						d.Values[f] = tr
					}
					want[s.c.Name] = d
				}
			}
		}
		for range 2 {
			if g.intn(6) == 0 {
				s := newIface(step == 0)
				ifs = append(ifs, s)
			}
		}
		// The snapshot, in an order the input chooses.
		snap.Counters = snap.Counters[:0]
		for _, s := range ifs {
			if s.alive {
				snap.Counters = append(snap.Counters, s.c)
			}
		}
		for i := len(snap.Counters) - 1; i > 0; i-- {
			j := g.intn(i + 1)
			snap.Counters[i], snap.Counters[j] = snap.Counters[j], snap.Counters[i]
		}
		for _, c := range snap.Counters {
			if _, ok := want[c.Name]; !ok { // new: absolute values
				d := netio.Delta{Name: c.Name, Index: c.Index, Has: c.Has, Flags: netio.FlagNew} // absolute: no period
				for f := range parse.NumFields {
					if c.Has.Has(f) {
						d.Values[f] = c.Values[f]
					}
				}
				want[c.Name] = d
			}
		}
		snap.Mono = mono

		deltas = differ.Diff(deltas[:0], &snap)
		if step > 0 {
			stateless := netio.DiffBetween(nil, &snap, &last)
			if diff := cmp.Diff(deltas, stateless, cmpopts.EquateEmpty()); diff != "" {
				t.Fatalf("step %d: Differ and DiffBetween disagree (-Differ +DiffBetween):\n%s", step, diff)
			}
		}
		if len(deltas) != len(snap.Counters) {
			t.Fatalf("step %d: %d deltas for %d interfaces", step, len(deltas), len(snap.Counters))
		}
		var wantTotal [parse.NumFields]uint64
		summed := 0
		for i, d := range deltas {
			if d.Name != snap.Counters[i].Name {
				t.Fatalf("step %d: delta %d is %q, want cur's order (%q)", step, i, d.Name, snap.Counters[i].Name)
			}
			w := want[d.Name]
			if diff := cmp.Diff(w, d); diff != "" {
				t.Fatalf("step %d, %s (-want +got):\n%s", step, d.Name, diff)
			}
			tr := truth[d.Name]
			for f := range parse.NumFields {
				tr[f] += w.Values[f]
			}
			truth[d.Name] = tr
			if w.Flags&netio.FlagNew != 0 {
				continue // Sum leaves new interfaces out
			}
			summed++
			for f := range parse.NumFields {
				wantTotal[f] += w.Values[f]
			}
		}
		if tot := netio.Sum(deltas, nil); tot.Values != wantTotal || tot.Interfaces != summed {
			t.Fatalf("step %d: Sum %v over %d, want %v over %d", step, tot.Values, tot.Interfaces, wantTotal, summed)
		}
		running.Add(deltas)
		last.CopyFrom(&snap)
	}
	for name, tr := range truth {
		got, ok := running.Interface(name)
		if !ok || got.Values != tr {
			t.Fatalf("running total of %s: %v, want %v", name, got.Values, tr)
		}
	}

	// A warm Differ fed the same host again allocates nothing.
	warm := netio.NewDiffer(opts)
	dst := warm.Diff(nil, &last)
	dst = warm.Diff(dst[:0], &last)
	if a := testing.AllocsPerRun(3, func() { dst = warm.Diff(dst[:0], &last) }); a != 0 {
		t.Fatalf("%v allocations per warm Diff, want 0", a)
	}
}

// reset restarts s's counters, as a re-created device or a reloaded
// driver does, in a way the diff can tell: a new index when the source
// knows indexes, else every nonzero counter falls (and at least two are
// nonzero). It reports false, changing nothing, when neither is possible.
func (s *simIface) reset(g *gen, indexed bool, nextIndex *int32) bool {
	nonzero := 0
	for f := range parse.NumFields {
		if s.c.Has.Has(f) && s.c.Values[f] != 0 {
			nonzero++
		}
	}
	if !indexed && nonzero < 2 {
		return false
	}
	if indexed {
		s.c.Index = *nextIndex
		*nextIndex++
	}
	for f := range parse.NumFields {
		if !s.c.Has.Has(f) {
			continue
		}
		tr := uint64(g.u16()) // traffic since the restart
		if old := s.c.Values[f]; old != 0 && !indexed {
			tr %= old // below the old value
		}
		s.c.Values[f] = tr
	}
	s.c.Values[steady] = 1 // below the old value (at least 2), and nonzero
	return true
}

// FuzzDiff drives simulate with the input's bytes as its choices.
func FuzzDiff(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{1, 3, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
	f.Add([]byte{0, 3, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 255, 255, 255, 255, 255, 255, 255, 255})
	f.Add([]byte("\x01\x04\x02\x02\x02\x02\x02\x02\x02\x02\x02\x02\x02\x02\x02\x02\x02\x02\x02\x02\x02\x02\x02\x02"))
	f.Fuzz(func(t *testing.T, data []byte) {
		simulate(t, &gen{b: data})
	})
}
