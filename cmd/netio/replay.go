package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/netio-go/netio"
	"github.com/netio-go/netio/fixture"
)

func init() {
	register(&command{name: "replay", summary: "print a fixture's samples as live reading would", run: runReplay})
}

// replayLine is one line of replay --json.
type replayLine struct {
	// Time is the recorded wall-clock time, null when not recorded.
	Time *string `json:"time"`
	// Source is the recorded source the counters were decoded from.
	Source string `json:"source"`
	// Counters are the interfaces in gopsutil's shape.
	Counters []netio.IOCountersStat `json:"counters"`
}

func runReplay(ctx context.Context, args []string, stdout, _ io.Writer) error {
	fs := newFlags("replay", "replay [--json] [--rates] [--source NAME] FIXTURE", stdout)
	asJSON := fs.Bool("json", false, `JSON Lines, one {"time","source","counters"} object per sample`)
	rates := fs.Bool("rates", false, "per-second rates between consecutive samples, as netio watch prints them (with --json, its JSON Lines)")
	raw := fs.Bool("bytes", false, "with --rates: raw numbers instead of human units")
	src := fs.String("source", "auto", "the recorded `SOURCE` to decode when a sample holds several (auto: the first recorded)")
	lf := addLimitFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError("replay: want one FIXTURE, got %d arguments", fs.NArg())
	}
	if *raw && !*rates {
		return usageError("replay: --bytes applies to --rates only")
	}
	f, err := fixture.Open(fs.Arg(0), lf.lim)
	if err != nil {
		return err
	}
	rp, err := fixture.NewReplay(f, *src)
	if err != nil {
		return err
	}
	r := netio.NewReaderFromSource(rp)
	defer r.Close()
	if *rates {
		return replayRates(ctx, f, rp, r, *raw, *asJSON, stdout)
	}
	var stats []netio.IOCountersStat
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		stats, err = r.ReadStats(stats[:0])
		if errors.Is(err, io.EOF) {
			return nil
		}
		s := &f.Manifest.Samples[rp.Sample()]
		if err != nil {
			return fmt.Errorf("replay %s: sample %s: %w", f.Path, s.Dir, err)
		}
		if *asJSON {
			line := replayLine{Source: rp.Source(), Counters: stats}
			if s.Time != "" {
				line.Time = &s.Time
			}
			b, err := json.Marshal(line)
			if err != nil {
				return err
			}
			if _, err := stdout.Write(append(b, '\n')); err != nil {
				return err
			}
			continue
		}
		head := "sample " + s.Dir
		if s.Time != "" {
			head += "  " + s.Time
		}
		fmt.Fprintf(stdout, "# %s  +%s  %s\n", head, s.Offset(), rp.Source())
		if err := writeStatTable(stdout, stats); err != nil {
			return err
		}
	}
}

// replayRates prints the rates between consecutive samples with watch's
// code, on the recorded clock: Reader.Snapshot stamps each reading with
// the sample's recorded wall time and monotonic offset (Replay is a
// recorded clock), so periods are the recorded monotonic ones.
func replayRates(ctx context.Context, f *fixture.Fixture, rp *fixture.Replay, r *netio.Reader, raw, asJSON bool, stdout io.Writer) error {
	n := len(f.Manifest.Samples)
	if n < 2 {
		return fmt.Errorf("replay --rates: %s has %d sample; rates need two", f.Path, n)
	}
	for i := 1; i < n; i++ {
		if a, b := f.Manifest.Samples[i-1], f.Manifest.Samples[i]; a.MonoNS == b.MonoNS {
			return fmt.Errorf("replay --rates: %s: samples %s and %s have the same mono_ns (%d; no timing was recorded): rates need a period",
				f.Path, a.Dir, b.Dir, a.MonoNS)
		}
	}
	w := &watcher{r: r, count: n - 1, raw: raw, json: asJSON, out: stdout}
	w.wait = func(ctx context.Context) error { return ctx.Err() }
	if err := w.run(ctx); err != nil {
		return fmt.Errorf("replay %s: sample %s: %w", f.Path, f.Manifest.Samples[max(rp.Sample(), 0)].Dir, err)
	}
	return nil
}
