package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"github.com/netio-go/netio"
	"github.com/netio-go/netio/parse"
)

func init() {
	register(&command{name: "show", summary: "print the interface counters once", run: runShow})
}

func runShow(ctx context.Context, args []string, stdout, _ io.Writer) error {
	fs := newFlags("show", "show [--json] [--total] [--all-fields] [--file PATH] [--source NAME]", stdout)
	asJSON := fs.Bool("json", false, "write the gopsutil-format JSON array (as encoding/json does, invalid UTF-8 in a name becomes U+FFFD)")
	total := fs.Bool("total", false, `only the "all" row: every counter summed over all interfaces`)
	allFields := fs.Bool("all-fields", false, "every counter the source has (JSON keys: docs/fields.md)")
	file := fs.String("file", "", "read `PATH`, any file in the /proc/net/dev format, instead of the live source")
	sf := addSourceFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError("show: unexpected argument %q", fs.Arg(0))
	}
	if *total && *allFields {
		return usageError("show: --total and --all-fields do not combine")
	}
	if err := sf.check("show"); err != nil {
		return err
	}

	if *file != "" {
		// The source flags choose and filter a live source; silently
		// ignoring them would print interfaces the user left out.
		for _, name := range []string{"source", "include", "exclude", "pid", "netns", "no-loopback", "physical"} {
			if fs.Changed(name) {
				return usageError("show: --%s applies to the live source, not to --file", name)
			}
		}
	}

	var counters []netio.Counters
	var err error
	if *file != "" {
		counters, err = netio.CountersByFile(*file)
	} else {
		var r *netio.Reader
		r, err = netio.NewReader(ctx, sf.readerOptions())
		if err != nil {
			return err
		}
		counters, err = r.Read(nil)
		r.Close()
	}
	if err != nil {
		return err
	}

	if *allFields {
		if *asJSON {
			return writeJSON(stdout, counters)
		}
		return writeAllFields(stdout, counters)
	}
	stats := make([]netio.IOCountersStat, len(counters))
	for i := range counters {
		stats[i] = counters[i].Stat()
	}
	if *total {
		stats = netio.SumAll(stats)
	}
	if *asJSON {
		return writeJSON(stdout, stats)
	}
	return writeStatTable(stdout, stats)
}

func writeJSON(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

func writeStatTable(w io.Writer, stats []netio.IOCountersStat) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "INTERFACE\tRX BYTES\tRX PACKETS\tRX ERRS\tRX DROP\tRX FIFO\tTX BYTES\tTX PACKETS\tTX ERRS\tTX DROP\tTX FIFO\t")
	for _, s := range stats {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t\n", escapeName(s.Name),
			s.BytesRecv, s.PacketsRecv, s.Errin, s.Dropin, s.Fifoin,
			s.BytesSent, s.PacketsSent, s.Errout, s.Dropout, s.Fifoout)
	}
	return tw.Flush()
}

// writeAllFields prints, per interface, every counter its source has, one
// "field value" line each; fields the source lacks are not printed.
func writeAllFields(w io.Writer, counters []netio.Counters) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for i := range counters {
		c := &counters[i]
		if i > 0 {
			fmt.Fprintln(tw)
		}
		head := escapeName(c.Name)
		if c.Index != 0 {
			head += " (index " + strconv.Itoa(int(c.Index)) + ")"
		}
		fmt.Fprintln(tw, head)
		if c.Has == 0 {
			fmt.Fprintln(tw, "  (no statistics available)")
		}
		for f := parse.Field(0); f < parse.NumFields; f++ {
			if v, ok := c.Get(f); ok {
				width := ""
				if c.Narrow.Has(f) {
					width = "\t(32-bit)"
				}
				fmt.Fprintf(tw, "  %s\t%d%s\n", f, v, width)
			}
		}
	}
	return tw.Flush()
}
