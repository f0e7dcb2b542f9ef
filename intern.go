package netio

// A nameTable interns interface names across readings so that a steady-state
// reading allocates no strings.
//
// The common case is a reading that lists the same interfaces in the same
// order as the last: the name at position i is compared with last[i]. Other
// names are looked up in a map (a lookup keyed by string(b) does not
// allocate). Names absent from the last reading are forgotten once the map
// has grown well past the number of live interfaces, so interface churn
// (containers coming and going) cannot grow it without bound.
type nameTable struct {
	last []string          // names of the previous reading, by position
	cur  []string          // names of the reading in progress
	byB  map[string]string // every name kept, keyed by itself
}

// intern returns a string equal to b for position i of the current reading.
func (t *nameTable) intern(i int, b []byte) string {
	var s string
	if i < len(t.last) && t.last[i] == string(b) {
		s = t.last[i]
	} else if v, ok := t.byB[string(b)]; ok {
		s = v
	} else {
		s = string(b)
		if t.byB == nil {
			t.byB = make(map[string]string)
		}
		t.byB[s] = s
	}
	t.cur = append(t.cur, s)
	return s
}

// done ends a reading of n names.
func (t *nameTable) done(n int) {
	t.last, t.cur = t.cur, t.last[:0]
	if len(t.byB) > 2*n+64 {
		clear(t.byB)
		for _, s := range t.last {
			t.byB[s] = s
		}
	}
}
