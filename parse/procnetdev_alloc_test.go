package parse

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// genProcNetDev prints n interfaces in the current kernel layout, with
// realistic names of up to 15 bytes and counters spread up to 2^64-1.
func genProcNetDev(n int, seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, 1))
	var b strings.Builder
	b.WriteString(hdrCurrent)
	prefixes := []string{"eth", "veth", "enp0s31f6", "br-", "wlp0s20f3", "lo", "tun"}
	for i := range n {
		name := fmt.Sprintf("%s%d", prefixes[i%len(prefixes)], i)
		if len(name) > 15 {
			name = name[len(name)-15:]
		}
		fmt.Fprintf(&b, "%6s:", name)
		for c := range 16 {
			fmt.Fprintf(&b, " %*d", []int{7, 7, 4, 4, 4, 5, 10, 9, 8, 7, 4, 4, 4, 5, 7, 10}[c], genCounter(rng, c))
		}
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// genCounter draws a value for column c the way busy hosts show them:
// byte counters up to 2^48 and packet counters up to 2^40 on most lines,
// error, drop and fifo counters mostly zero, and one value in 64 anywhere
// up to 2^64-1.
func genCounter(rng *rand.Rand, c int) uint64 {
	if rng.IntN(64) == 0 {
		return rng.Uint64()
	}
	switch c {
	case 0, 8: // bytes
		return rng.Uint64N(1 << 48)
	case 1, 9: // packets
		return rng.Uint64N(1 << 40)
	case 7: // multicast
		return rng.Uint64N(1 << 24)
	}
	if rng.IntN(8) == 0 {
		return rng.Uint64N(1 << 16)
	}
	return 0
}

// decodeProcNetDev is the hot path measured by both the benchmark and the
// allocation test: decode buf into a reused slice.
func decodeProcNetDev(tb testing.TB, d *ProcNetDev, dst []Record, buf []byte) []Record {
	dst = dst[:0]
	d.Reset(buf)
	for d.Next() {
		dst = AppendRecord(dst, d.Record())
	}
	if err := d.Err(); err != nil {
		tb.Fatal(err)
	}
	return dst
}

var sinkRecords []Record

func TestProcNetDevAllocs(t *testing.T) {
	for _, n := range []int{1, 256} {
		buf := genProcNetDev(n, 7)
		var d ProcNetDev
		dst := decodeProcNetDev(t, &d, nil, buf) // warm: the slice grows once
		if len(dst) != n {
			t.Fatalf("decoded %d records, want %d", len(dst), n)
		}
		allocs := testing.AllocsPerRun(100, func() {
			sinkRecords = decodeProcNetDev(t, &d, dst, buf)
		})
		if allocs != 0 {
			t.Errorf("n=%d: %v allocs per decode, want 0", n, allocs)
		}
	}
}

func BenchmarkProcNetDev(b *testing.B) {
	for _, n := range []int{1, 16, 256, 4096} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			buf := genProcNetDev(n, 7)
			var d ProcNetDev
			dst := decodeProcNetDev(b, &d, nil, buf)
			b.SetBytes(int64(len(buf)))
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				dst = decodeProcNetDev(b, &d, dst, buf)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/iface")
			sinkRecords = dst
		})
	}
}
