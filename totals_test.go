package netio

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/netio-go/netio/parse"
)

func TestSumSkipsAndNeverGoesNegative(t *testing.T) {
	// gopsutil#511: diffing "all" rows goes negative when an interface
	// disappears. Summing deltas cannot: the vanished interface just stops
	// contributing.
	last := snap(0, ctr("eth0", 0, 0, 1000, 10, 1000, 10), ctr("docker0", 0, 0, 900_000, 900, 900_000, 900), ctr("lo", 0, 0, 50, 1, 50, 1))
	cur := snap(time.Second, ctr("eth0", 0, 0, 1600, 16, 1100, 11), ctr("lo", 0, 0, 80, 2, 80, 2))
	deltas := DiffBetween(nil, cur, last)

	all := Sum(deltas, nil)
	if got, want := all.Values[parse.RxBytes], uint64(600+30); got != want {
		t.Errorf("Sum rx bytes = %d, want %d", got, want)
	}
	skipLo := Classifier(func(name string) bool { return name == "lo" })
	phys := Sum(deltas, skipLo)
	want := Total{Has: traffic, Period: time.Second, Interfaces: 1}
	want.Values[parse.RxBytes], want.Values[parse.RxPackets] = 600, 6
	want.Values[parse.TxBytes], want.Values[parse.TxPackets] = 100, 1
	if diff := cmp.Diff(want, phys); diff != "" {
		t.Errorf("Sum without lo (-want +got):\n%s", diff)
	}
	if got := phys.Rate(parse.RxBytes); got != 600 {
		t.Errorf("Total.Rate(RxBytes) = %v, want 600", got)
	}
}

func TestRunningTotalsAcrossWrapsAndResets(t *testing.T) {
	const max32 = 1<<32 - 1
	narrow := rxBytes | txBytes
	snaps := []*Snapshot{
		snap(0, ctr("en0", 0, narrow, max32-100, 10, 0, 1)),
		snap(time.Second, ctr("en0", 0, narrow, 50, 11, 10, 2)),                                // rx wrapped: +151
		snap(2*time.Second, ctr("en0", 0, narrow, 20, 1, 5, 1)),                                // reset: +20
		snap(3*time.Second, ctr("en0", 0, narrow, 70, 3, 5, 2)),                                // +50
		snap(4*time.Second, ctr("en0", 0, narrow, 90, 4, 9, 3), ctr("tun0", 0, 0, 1, 1, 1, 1)), // +20, tun0 new: +1
		snap(5*time.Second, ctr("en0", 0, narrow, 95, 5, 9, 3)),                                // tun0 vanished
	}
	var d Differ
	run := RunningTotals{Skip: func(name string) bool { return name == "tun0" }}
	var deltas []Delta
	for _, s := range snaps {
		deltas = d.Diff(deltas[:0], s)
		run.Add(deltas)
	}
	en0, ok := run.Interface("en0")
	if !ok {
		t.Fatal("no running total for en0")
	}
	// The first Diff gives the absolute value, then deltas: a counter
	// carried across the wrap and the reset.
	wantRx := uint64(max32-100) + 151 + 20 + 50 + 20 + 5
	if got := en0.Values[parse.RxBytes]; got != wantRx {
		t.Errorf("en0 running rx bytes = %d, want %d", got, wantRx)
	}
	if en0.Flags != FlagNew|FlagWrapped|FlagReset {
		t.Errorf("en0 running flags = %v, want new,wrapped,reset", en0.Flags)
	}
	if en0.Period != 5*time.Second {
		t.Errorf("en0 running period = %v, want 5s", en0.Period)
	}
	tun0, _ := run.Interface("tun0")
	if got := tun0.Values[parse.RxBytes]; got != 1 {
		t.Errorf("tun0 running rx bytes = %d, want 1", got)
	}
	if got := run.All().Values[parse.RxBytes]; got != wantRx {
		t.Errorf("overall running rx bytes = %d, want %d (tun0 skipped)", got, wantRx)
	}
	run.Forget("tun0")
	if _, ok := run.Interface("tun0"); ok {
		t.Error("tun0 still there after Forget")
	}
}

// TestTotalPeriod: a Total's period is the longest of its deltas', so a
// new interface's delta (no period) added after does not clear it.
func TestTotalPeriod(t *testing.T) {
	tests := []struct {
		name    string
		periods []time.Duration
		want    time.Duration
	}{
		{name: "one delta", periods: []time.Duration{time.Second}, want: time.Second},
		{name: "a new delta after", periods: []time.Duration{time.Second, 0}, want: time.Second},
		{name: "a new delta before", periods: []time.Duration{0, time.Second}, want: time.Second},
		{name: "a shorter delta after", periods: []time.Duration{2 * time.Second, time.Second}, want: 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tot Total
			for _, p := range tt.periods {
				tot.Add(&Delta{Name: "eth0", Period: p})
			}
			if tot.Period != tt.want || tot.Interfaces != len(tt.periods) {
				t.Errorf("Period %v, Interfaces %d; want %v, %d", tot.Period, tot.Interfaces, tt.want, len(tt.periods))
			}
		})
	}
}

// TestRunningTotalsNegativePeriod: a delta whose period is negative (the
// wall clock stepped back) adds no time, and takes none away.
func TestRunningTotalsNegativePeriod(t *testing.T) {
	var run RunningTotals
	run.Add([]Delta{{Name: "eth0", Period: 2 * time.Second}})
	run.Add([]Delta{{Name: "eth0", Period: -time.Second}})
	eth0, ok := run.Interface("eth0")
	if !ok {
		t.Fatal("no running total for eth0")
	}
	if eth0.Period != 2*time.Second {
		t.Errorf("eth0 running period = %v, want 2s", eth0.Period)
	}
	if got := run.All().Period; got != 2*time.Second {
		t.Errorf("overall running period = %v, want 2s", got)
	}
}

func TestLoopbackOrVirtual(t *testing.T) {
	sys := t.TempDir()
	for _, n := range []string{"lo", "veth12ab", "docker0"} {
		if err := os.MkdirAll(filepath.Join(sys, "devices", "virtual", "net", n), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	isVirtual := LoopbackOrVirtual(WithEnv(context.Background(), EnvMap{"HOST_SYS": sys}))
	tests := []struct {
		name string
		want bool
	}{
		{"lo", true},
		{"veth12ab", true},
		{"docker0", true},
		{"eth0", false},
		{"lo0", true},
		{"Loopback Pseudo-Interface 1", true},
		{"..", false},
		{"a/b", false},
		{"", false},
	}
	for _, tt := range tests {
		for range 2 { // the second answer comes from the cache
			if got := isVirtual(tt.name); got != tt.want {
				t.Errorf("LoopbackOrVirtual(%q) = %v, want %v", tt.name, got, tt.want)
			}
		}
	}
}

func TestRates(t *testing.T) {
	d := dl("eth0", 0, 0, 0, 250*time.Millisecond, 1000, 10, 500, 5)
	want := Rates{BytesRecv: 4000, BytesSent: 2000, PacketsRecv: 40, PacketsSent: 20}
	if diff := cmp.Diff(want, d.Rates()); diff != "" {
		t.Errorf("Rates (-want +got):\n%s", diff)
	}
	if got := d.Rate(parse.RxCRCErrors); got != 0 {
		t.Errorf("Rate of an absent field = %v, want 0", got)
	}
	if got := PerSecond(100, 0); got != 0 {
		t.Errorf("PerSecond with no period = %v, want 0", got)
	}
}
