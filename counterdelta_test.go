package netio

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// counterDeltaBig is the reference for CounterDelta: modular arithmetic
// on big integers.
func counterDeltaBig(last, cur uint64, width int) (uint64, bool, bool) {
	if width <= 0 || width >= 64 {
		width = 64
	}
	if cur >= last {
		return cur - last, false, true
	}
	mod := new(big.Int).Lsh(big.NewInt(1), uint(width))
	if new(big.Int).SetUint64(last).Cmp(mod) >= 0 || new(big.Int).SetUint64(cur).Cmp(mod) >= 0 {
		return 0, false, false
	}
	d := new(big.Int).Sub(new(big.Int).SetUint64(cur), new(big.Int).SetUint64(last))
	d.Mod(d, mod)
	return d.Uint64(), true, true
}

func TestCounterDelta(t *testing.T) {
	tests := []struct {
		name      string
		last, cur uint64
		width     int
		wantDelta uint64
		wantWrap  bool
		wantOK    bool
	}{
		{"rise", 10, 25, 64, 15, false, true},
		{"equal", 7, 7, 32, 0, false, true},
		{"32-bit wrap", math.MaxUint32 - 9, 5, 32, 10 + 5, true, true},
		{"32-bit wrap from max to 0", math.MaxUint32, 0, 32, 1, true, true},
		{"64-bit wrap", math.MaxUint64 - 2, 4, 64, 3 + 4, true, true},
		{"64-bit decrease is modular", 10_000_000_000, 5, 64, math.MaxUint64 - 10_000_000_000 + 5 + 1, true, true},
		{"32-bit declared but last too wide", 1 << 33, 5, 32, 0, false, false},
		{"32-bit declared but cur too wide", math.MaxUint32, 1 << 32, 32, 1, false, true},
		{"width 0 means 64", 3, 1, 0, math.MaxUint64 - 1, true, true},
		{"width 16", 65530, 4, 16, 10, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, w, ok := CounterDelta(tt.last, tt.cur, tt.width)
			if d != tt.wantDelta || w != tt.wantWrap || ok != tt.wantOK {
				t.Errorf("CounterDelta(%d, %d, %d) = %d, %v, %v; want %d, %v, %v",
					tt.last, tt.cur, tt.width, d, w, ok, tt.wantDelta, tt.wantWrap, tt.wantOK)
			}
		})
	}
}

func TestCounterDeltaMatchesBigInt(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	near := func(width int) uint64 { // values near 0 and near 2^width
		switch rng.IntN(4) {
		case 0:
			return rng.Uint64N(1000)
		case 1:
			if width >= 64 {
				return math.MaxUint64 - rng.Uint64N(1000)
			}
			return 1<<width - 1 - rng.Uint64N(1000)
		case 2:
			return rng.Uint64()
		}
		return rng.Uint64N(1 << 34)
	}
	for range 50000 {
		width := []int{32, 64, 16, 0, 63}[rng.IntN(5)]
		last, cur := near(width), near(width)
		d, w, ok := CounterDelta(last, cur, width)
		wd, ww, wok := counterDeltaBig(last, cur, width)
		if d != wd || w != ww || ok != wok {
			t.Fatalf("CounterDelta(%d, %d, %d) = %d, %v, %v; reference %d, %v, %v", last, cur, width, d, w, ok, wd, ww, wok)
		}
	}
}
