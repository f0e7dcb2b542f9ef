package bench

import (
	"strconv"
	"strings"
)

// The live benchmarks run in a network namespace holding exactly n
// interfaces: lo, then (n-1)/2 veth pairs with both ends in the namespace
// (nio<i>a, nio<i>b), and, when n-1 is odd, one bridge (niobr). All stay
// down, so every counter is 0: that is the ground truth the benchmarks
// check each implementation against before timing it.

// LiveNames returns the sorted-by-creation names of a live namespace of n
// interfaces.
func LiveNames(n int) []string {
	names := []string{"lo"}
	for i := 0; i < (n-1)/2; i++ {
		names = append(names, vethName(i, 'a'), vethName(i, 'b'))
	}
	if n > 1 && (n-1)%2 == 1 {
		names = append(names, "niobr")
	}
	return names
}

func vethName(i int, end byte) string {
	return "nio" + strconv.Itoa(i) + string(end)
}

// LiveBatch returns the `ip -batch` input that creates the interfaces of
// [LiveNames] (all but lo, which every namespace has).
func LiveBatch(n int) string {
	var b strings.Builder
	for i := 0; i < (n-1)/2; i++ {
		b.WriteString("link add " + vethName(i, 'a') + " type veth peer name " + vethName(i, 'b') + "\n")
	}
	if n > 1 && (n-1)%2 == 1 {
		b.WriteString("link add niobr type bridge\n")
	}
	return b.String()
}
