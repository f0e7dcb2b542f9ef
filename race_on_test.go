//go:build race

package netio

// raceEnabled: the race detector is on. sync.Pool then drops items at
// random, so allocation counts that rely on a pool do not hold.
const raceEnabled = true
