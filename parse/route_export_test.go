package parse

import "testing"

// RouteSample encodes sample k of the routing-socket variant called name
// (see rtVariants) for the fixture generator in route_fixture_test.go:
// the interface list, on macOS the ifmibdata records by index, and the
// records live decoding must give. Every counter of sample k is that of
// sample 0 plus k times a per-counter step, so 32-bit counters near 2^32
// wrap between samples.
func RouteSample(t testing.TB, name string, k int) (layout RouteLayout, list []byte, mibs map[int32][]byte, want []Record) {
	var v rtVariant
	for _, x := range rtVariants() {
		if x.name == name {
			v = x
		}
	}
	if v.msg == nil {
		t.Fatalf("no variant %q", name)
	}
	mibs = map[int32][]byte{}
	for _, f := range rtIfaces(v.wide) {
		s := uint64(k)
		f.ipackets += s * 7_000_000
		f.opackets += s * 6_000_000
		f.ibytes += s * 1_500_000_000
		f.obytes += s * 1_200_000_000
		f.imcasts += s * 10
		f.omcasts += s * 5
		f.ierrors += s
		f.iqdrops += 2 * s
		f.oqdrops += 3 * s
		f.snddrops += 4 * s
		g := f
		if v.layout.OS == RouteDarwin {
			// What a non-Apple binary sees in NET_RT_IFLIST2: bytes
			// rounded down to 1 KiB and truncated to 32 bits; the exact
			// ones come from ifmibdata.
			g.ibytes, g.obytes = uint64(uint32(f.ibytes&^1023)), uint64(uint32(f.obytes&^1023))
			mibs[int32(f.index)] = rtIfMibData(t, f, f.name)
		}
		for _, m := range rtEncode(t, v, g) {
			list = append(list, m...)
		}
		want = append(want, v.want(f))
	}
	return v.layout, list, mibs, want
}
