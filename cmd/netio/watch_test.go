package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/netio-go/netio"
	"github.com/netio-go/netio/parse"
)

// seqSource is a source.Source that replays a sequence of recorded
// /proc/net/dev texts, one per Read, through the real decoder: the seam is
// bytes recorded on real hosts, not a syscall mock.
type seqSource struct {
	names  []string
	texts  [][]byte
	next   int
	repeat bool // past the end, replay the last text instead of failing
}

func newSeqSource(t *testing.T, files ...string) *seqSource {
	t.Helper()
	s := &seqSource{}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "procnetdev", f))
		if err != nil {
			t.Fatal(err)
		}
		s.names, s.texts = append(s.names, f), append(s.texts, b)
	}
	return s
}

func (s *seqSource) Name() string { return "replay" }

func (s *seqSource) Read(dst []parse.Record) ([]parse.Record, error) {
	if s.next >= len(s.texts) {
		if !s.repeat || len(s.texts) == 0 {
			return dst, io.EOF
		}
		s.next = len(s.texts) - 1
	}
	var err error
	dst, err = parse.AppendProcNetDev(dst, s.names[s.next], s.texts[s.next])
	s.next++
	return dst, err
}

func (s *seqSource) Close() error { return nil }

// fakeClock ticks exactly step per reading, so rates are exact.
type fakeClock struct {
	t    time.Time
	step time.Duration
}

func (c *fakeClock) now() time.Time {
	t := c.t
	c.t = c.t.Add(c.step)
	return t
}

const (
	laptopA = "cookiecutter-flask-proc-dump--linux-2020-laptop-wlp0s20f3-docker0-snapshot-a.procnetdev"
	laptopB = "cookiecutter-flask-proc-dump--linux-2020-laptop-wlp0s20f3-docker0-snapshot-b.procnetdev"
	zte1    = "zte-ont-firmware-dump--linux-4.1.25-zte-ont-pid1-pon-omci-apcli0-garbage-drop.procnetdev"
	zte10   = "zte-ont-firmware-dump--linux-4.1.25-zte-ont-pid10-later-snapshot-apcli0-drop-3323621376.procnetdev"
)

// replayWatch runs watch's loop over files with a fake clock of step.
func replayWatch(t *testing.T, step time.Duration, raw, asJSON bool, files ...string) string {
	t.Helper()
	var out bytes.Buffer
	clock := &fakeClock{t: time.Date(2020, 5, 17, 10, 30, 0, 0, time.UTC), step: step}
	w := &watcher{
		r:     netio.NewReaderFromSource(newSeqSource(t, files...)),
		count: len(files) - 1, raw: raw, json: asJSON, out: &out,
		wait: func(context.Context) error { return nil },
		now:  clock.now,
	}
	defer w.r.Close()
	if err := w.run(context.Background()); err != nil {
		t.Fatalf("watch over %v: %v", files, err)
	}
	return out.String()
}

// checkGolden compares got with testdata/watch/<name> (-update rewrites it).
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	goldenFile(t, filepath.Join("..", "..", "testdata", "watch", name), got)
}

func TestWatchGolden(t *testing.T) {
	// Laptop A -> B (the real minimal delta pair), B -> B (nothing moved),
	// B -> A (every counter fell: a reset); and the ZTE ONT's pid1 -> pid10
	// pair (26 interfaces, a real later reading).
	seq := []string{laptopA, laptopB, laptopB, laptopA}
	tests := []struct {
		name        string
		raw, asJSON bool
		files       []string
	}{
		{"laptop.txt", false, false, seq},
		{"laptop-bytes.txt", true, false, seq},
		{"laptop.jsonl", false, true, seq},
		{"zte-ont.txt", false, false, []string{zte1, zte10}},
		{"zte-ont.jsonl", false, true, []string{zte1, zte10}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkGolden(t, tt.name, replayWatch(t, time.Second, tt.raw, tt.asJSON, tt.files...))
		})
	}
}

// jsonReport mirrors the JSON Lines shape, strictly.
type jsonReport struct {
	Time       string             `json:"time"`
	Period     float64            `json:"period"`
	Interfaces []jsonInterface    `json:"interfaces"`
	Total      map[string]float64 `json:"total"`
}

type jsonInterface struct {
	Name              string   `json:"name"`
	BytesRecvPerSec   float64  `json:"bytesRecvPerSec"`
	BytesSentPerSec   float64  `json:"bytesSentPerSec"`
	PacketsRecvPerSec float64  `json:"packetsRecvPerSec"`
	PacketsSentPerSec float64  `json:"packetsSentPerSec"`
	ErrinPerSec       float64  `json:"errinPerSec"`
	ErroutPerSec      float64  `json:"erroutPerSec"`
	DropinPerSec      float64  `json:"dropinPerSec"`
	DropoutPerSec     float64  `json:"dropoutPerSec"`
	Flags             []string `json:"flags"`
}

func decodeReports(t *testing.T, out string) []jsonReport {
	t.Helper()
	var reps []jsonReport
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		var r jsonReport
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		reps = append(reps, r)
	}
	return reps
}

func find(t *testing.T, r jsonReport, name string) jsonInterface {
	t.Helper()
	for _, i := range r.Interfaces {
		if i.Name == name {
			return i
		}
	}
	t.Fatalf("no interface %q in report %+v", name, r)
	return jsonInterface{}
}

// TestWatchReplayRates checks watch's JSON against values known
// independently of the diff code: the corpus provenance of the laptop pair
// (wlp0s20f3 +66 rx bytes, +1 rx packet, +94 tx bytes, +1 tx packet) and,
// for the reset, the counters of snapshot A as the decoder reads them.
func TestWatchReplayRates(t *testing.T) {
	const step = 2 * time.Second
	reps := decodeReports(t, replayWatch(t, step, false, true, laptopA, laptopB, laptopB, laptopA))
	if len(reps) != 3 {
		t.Fatalf("got %d reports, want 3", len(reps))
	}
	for i, r := range reps {
		if r.Period != step.Seconds() {
			t.Errorf("report %d: period %v, want %v", i, r.Period, step.Seconds())
		}
		if _, err := time.Parse(time.RFC3339Nano, r.Time); err != nil {
			t.Errorf("report %d: time %q is not RFC 3339: %v", i, r.Time, err)
		}
	}
	got := find(t, reps[0], "wlp0s20f3")
	want := jsonInterface{Name: "wlp0s20f3", BytesRecvPerSec: 66 / 2.0, BytesSentPerSec: 94 / 2.0,
		PacketsRecvPerSec: 1 / 2.0, PacketsSentPerSec: 1 / 2.0, Flags: []string{}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("A -> B wlp0s20f3 (-want +got):\n%s", diff)
	}
	if tot := reps[0].Total; tot["bytesRecvPerSec"] != 33 || tot["bytesSentPerSec"] != 47 || len(tot) != 8 {
		t.Errorf("A -> B total = %v, want rx 33 B/s, tx 47 B/s and 8 keys", tot)
	}
	if got := find(t, reps[1], "wlp0s20f3"); got.BytesRecvPerSec != 0 || len(got.Flags) != 0 {
		t.Errorf("B -> B wlp0s20f3 = %+v, want no traffic and no flags", got)
	}
	a, err := netio.CountersByFile(filepath.Join("..", "..", "testdata", "procnetdev", laptopA))
	if err != nil {
		t.Fatal(err)
	}
	got = find(t, reps[2], "wlp0s20f3")
	if s := a[2].Stat(); got.BytesRecvPerSec != float64(s.BytesRecv)/2 || got.PacketsSentPerSec != float64(s.PacketsSent)/2 ||
		!cmp.Equal(got.Flags, []string{"reset"}) {
		t.Errorf("B -> A wlp0s20f3 = %+v, want a reset counting A's values (%+v) over the period", got, s)
	}
	// lo did not move between A and B: its counters are equal, not fallen.
	if got := find(t, reps[2], "lo"); len(got.Flags) != 0 || got.BytesRecvPerSec != 0 {
		t.Errorf("B -> A lo = %+v, want unchanged", got)
	}
}

// withReplay makes run("watch", ...) read files through the test double.
func withReplay(t *testing.T, files ...string) { withReplaySource(t, false, files...) }

func withReplaySource(t *testing.T, repeat bool, files ...string) {
	t.Helper()
	old := newWatchReader
	newWatchReader = func(context.Context, netio.ReaderOptions) (*netio.Reader, error) {
		s := newSeqSource(t, files...)
		s.repeat = repeat
		return netio.NewReaderFromSource(s), nil
	}
	t.Cleanup(func() { newWatchReader = old })
}

func TestWatchCommand(t *testing.T) {
	withReplay(t, laptopA, laptopB, laptopB)
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"watch", "-i", "1ms", "-n", "2", "--json"}, &out, &errOut); err != nil {
		t.Fatalf("watch: %v (stderr %q)", err, errOut.String())
	}
	reps := decodeReports(t, out.String())
	if len(reps) != 2 {
		t.Fatalf("-n 2 wrote %d reports", len(reps))
	}
	if r := reps[0]; r.Period <= 0 || len(r.Interfaces) != 4 {
		t.Errorf("first report %+v: want a positive period and 4 interfaces", r)
	}
	if got := find(t, reps[0], "wlp0s20f3"); got.BytesRecvPerSec*reps[0].Period < 65.99 || got.BytesRecvPerSec*reps[0].Period > 66.01 {
		t.Errorf("rate x period = %v bytes, want 66", got.BytesRecvPerSec*reps[0].Period)
	}
}

func TestWatchInterrupt(t *testing.T) {
	// The last reading repeats, so however late the cancellation arrives
	// under load, only the cancellation ends the command.
	withReplaySource(t, true, laptopA, laptopB)
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"watch", "-i", "50ms"}, pw, io.Discard)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil || !strings.Contains(line, "period") {
		t.Fatalf("first line %q, %v", line, err)
	}
	cancel() // what main's signal.NotifyContext does on SIGINT
	go io.Copy(io.Discard, pr)
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("watch after interrupt: %v, want a clean exit", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("watch did not stop after the context was cancelled")
	}
}

func TestWatchUsage(t *testing.T) {
	withReplay(t, laptopA, laptopB)
	tests := []struct {
		name string
		args []string
	}{
		{"zero interval", []string{"watch", "-i", "0s"}},
		{"negative interval", []string{"watch", "--interval=-1s"}},
		{"negative count", []string{"watch", "-n", "-1"}},
		{"bad duration", []string{"watch", "-i", "soon"}},
		{"extra argument", []string{"watch", "eth0"}},
		{"bad glob", []string{"watch", "--include", "["}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := run(context.Background(), tt.args, io.Discard, io.Discard)
			if tt.name == "bad glob" {
				return // reported by the Reader, which the test double bypasses
			}
			if !errors.Is(err, errUsage) {
				t.Errorf("run(%q) = %v, want a usage error", tt.args, err)
			}
		})
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"watch", "-h"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"--interval", "--count", "--bytes", "--json", "--source", "--include", "--exclude"} {
		if !strings.Contains(out.String(), f) {
			t.Errorf("watch -h does not list %s:\n%s", f, out.String())
		}
	}
}

func TestWatchHumanUnits(t *testing.T) {
	w := &watcher{}
	tests := []struct {
		v          float64
		bytes, num string
	}{
		{0, "0 B", "0.0"},
		{66, "66 B", "66.0"},
		{1023, "1023 B", "1.0k"},
		{1024, "1.0 KiB", "1.0k"},
		{1 << 20, "1.0 MiB", "1.0M"},
		{1536, "1.5 KiB", "1.5k"},
		{3 << 30, "3.0 GiB", "3.2G"},
	}
	for _, tt := range tests {
		if got := w.bytes(tt.v); got != tt.bytes {
			t.Errorf("bytes(%v) = %q, want %q", tt.v, got, tt.bytes)
		}
		if got := w.num(tt.v); got != tt.num {
			t.Errorf("num(%v) = %q, want %q", tt.v, got, tt.num)
		}
	}
	raw := &watcher{raw: true}
	if got := raw.bytes(1536); got != "1536.00" {
		t.Errorf("--bytes: bytes(1536) = %q, want 1536.00", got)
	}
}
