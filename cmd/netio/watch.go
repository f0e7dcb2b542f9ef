package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/netio-go/netio"
)

func init() {
	register(&command{name: "watch", summary: "print per-interface rates every interval until interrupted", run: runWatch})
}

// newWatchReader opens the Reader that watch polls. Tests replace it with
// a Reader over a source that replays recorded /proc/net/dev texts.
var newWatchReader = func(ctx context.Context, opts netio.ReaderOptions) (*netio.Reader, error) {
	return netio.NewReader(ctx, opts)
}

func runWatch(ctx context.Context, args []string, stdout, _ io.Writer) error {
	fs := newFlags("watch", "watch [-i DURATION] [-n COUNT] [--bytes] [--json] [--source NAME] [--include GLOB] [--exclude GLOB]", stdout)
	interval := fs.DurationP("interval", "i", time.Second, "time between reports, such as 500ms or 2s")
	count := fs.IntP("count", "n", 0, "stop after `COUNT` reports (0: until interrupted)")
	raw := fs.Bool("bytes", false, "raw numbers (bytes and packets per second, two decimals) instead of human units in the table")
	asJSON := fs.Bool("json", false, "write JSON Lines, one object per report")
	sf := addSourceFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError("watch: unexpected argument %q", fs.Arg(0))
	}
	if *interval <= 0 {
		return usageError("watch: --interval must be positive, got %v", *interval)
	}
	if *count < 0 {
		return usageError("watch: --count must not be negative, got %d", *count)
	}
	if err := sf.check("watch"); err != nil {
		return err
	}
	r, err := newWatchReader(ctx, sf.readerOptions())
	if err != nil {
		return err
	}
	defer r.Close()
	w := &watcher{r: r, count: *count, raw: *raw, json: *asJSON, out: stdout}
	ticker := time.NewTicker(*interval)
	defer ticker.Stop()
	w.wait = func(ctx context.Context) error {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ticker.C:
			return nil
		}
	}
	return w.run(ctx)
}

// A watcher takes a baseline reading, then one reading per wait, and
// reports the rates between consecutive readings.
type watcher struct {
	r     *netio.Reader
	count int  // reports to write; 0: until ctx is done
	raw   bool // raw numbers instead of human units
	json  bool // JSON Lines
	out   io.Writer
	// wait blocks until the next reading is due, or returns ctx's error.
	wait func(ctx context.Context) error
	// now, if set, restamps each snapshot (tests use a fake clock so that
	// periods, hence rates, are exact).
	now func() time.Time
}

func (w *watcher) take(s *netio.Snapshot) error {
	err := w.r.Snapshot(s)
	if w.now != nil {
		s.Stamp(w.now())
	}
	return err
}

// run reports until count is reached or ctx is done; an interrupt is a
// clean exit, not an error.
func (w *watcher) run(ctx context.Context) error {
	var d netio.Differ
	var snap netio.Snapshot
	if err := w.take(&snap); err != nil {
		return err
	}
	deltas := d.DiffSwap(nil, &snap) // the baseline: absolute values, not shown
	for n := 0; w.count == 0 || n < w.count; n++ {
		if w.wait(ctx) != nil {
			return nil
		}
		last := netio.Snapshot{Wall: snap.Wall, Mono: snap.Mono}
		if err := w.take(&snap); err != nil {
			return err
		}
		deltas = d.DiffSwap(deltas[:0], &snap)
		period := snap.Period(&last)
		var err error
		if w.json {
			err = w.writeJSON(&snap, period, deltas)
		} else {
			err = w.writeTable(&snap, period, deltas)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// total sums the deltas over the period (which matters when no interface
// is left to carry it).
func total(period time.Duration, deltas []netio.Delta) netio.Total {
	t := netio.Sum(deltas, nil)
	t.Period = period
	return t
}

type watchReport struct {
	Time       string           `json:"time"`
	Period     float64          `json:"period"`
	Interfaces []watchInterface `json:"interfaces"`
	Total      netio.Rates      `json:"total"`
}

type watchInterface struct {
	Name string `json:"name"`
	netio.Rates
	Flags []string `json:"flags"`
}

func (w *watcher) writeJSON(s *netio.Snapshot, period time.Duration, deltas []netio.Delta) error {
	rep := watchReport{
		Time:       s.Wall.Format(time.RFC3339Nano),
		Period:     period.Seconds(),
		Interfaces: make([]watchInterface, 0, len(deltas)),
	}
	for i := range deltas {
		d := &deltas[i]
		rep.Interfaces = append(rep.Interfaces, watchInterface{Name: d.Name, Rates: d.Rates(), Flags: d.Flags.Names([]string{})})
	}
	t := total(period, deltas)
	rep.Total = t.Rates()
	b, err := json.Marshal(rep)
	if err != nil {
		return err
	}
	_, err = w.out.Write(append(b, '\n'))
	return err
}

func (w *watcher) writeTable(s *netio.Snapshot, period time.Duration, deltas []netio.Delta) error {
	fmt.Fprintf(w.out, "%s  period %.3fs\n", s.Wall.Format("2006-01-02 15:04:05.000"), period.Seconds())
	tw := tabwriter.NewWriter(w.out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "INTERFACE\tRX BYTES/s\tTX BYTES/s\tRX PKT/s\tTX PKT/s\tRX ERR/s\tTX ERR/s\tRX DROP/s\tTX DROP/s\t FLAGS")
	row := func(name string, r netio.Rates, flags string) {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t %s\n", name,
			w.bytes(r.BytesRecv), w.bytes(r.BytesSent), w.num(r.PacketsRecv), w.num(r.PacketsSent),
			w.num(r.Errin), w.num(r.Errout), w.num(r.Dropin), w.num(r.Dropout), flags)
	}
	for i := range deltas {
		d := &deltas[i]
		row(escapeName(d.Name), d.Rates(), d.Flags.String())
	}
	t := total(period, deltas)
	row("total", t.Rates(), "")
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w.out)
	return err
}

// bytes formats a byte rate: IEC units ("1.5 MiB") or, with --bytes, the
// number of bytes per second.
func (w *watcher) bytes(v float64) string {
	if w.raw {
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
	const units = "KMGTPE"
	if v < 1024 {
		return strconv.FormatFloat(v, 'f', 0, 64) + " B"
	}
	u := -1
	for v >= 1024 && u < len(units)-1 {
		v /= 1024
		u++
	}
	return strconv.FormatFloat(v, 'f', 1, 64) + " " + units[u:u+1] + "iB"
}

// num formats a packet (or error, drop) rate: SI suffixes ("12.3k") or,
// with --bytes, the plain number.
func (w *watcher) num(v float64) string {
	if w.raw {
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
	const units = "kMGTPE"
	if v < 1000 {
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	u := -1
	for v >= 1000 && u < len(units)-1 {
		v /= 1000
		u++
	}
	return strconv.FormatFloat(v, 'f', 1, 64) + units[u:u+1]
}
