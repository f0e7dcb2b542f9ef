package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/netio-go/netio"
	"github.com/netio-go/netio/fixture"
	"github.com/spf13/pflag"
)

func init() {
	register(&command{name: "inspect", summary: "summarise a fixture's manifest", run: runInspect})
}

// limitFlags are the hostile-input limits of the commands that read
// fixtures.
type limitFlags struct{ lim fixture.Limits }

func addLimitFlags(fs *pflag.FlagSet) *limitFlags {
	lf := &limitFlags{}
	fs.Int64Var(&lf.lim.MaxTotalBytes, "max-bytes", fixture.DefaultMaxTotalBytes, "refuse a fixture whose files total more than `N` bytes")
	fs.Int64Var(&lf.lim.MaxEntryBytes, "max-entry-bytes", fixture.DefaultMaxEntryBytes, "refuse a fixture with a file over `N` bytes")
	fs.IntVar(&lf.lim.MaxEntries, "max-entries", fixture.DefaultMaxEntries, "refuse a fixture of more than `N` entries")
	return lf
}

func runInspect(ctx context.Context, args []string, stdout, _ io.Writer) error {
	fs := newFlags("inspect", "inspect [--json] FIXTURE", stdout)
	asJSON := fs.Bool("json", false, "write the manifest as JSON")
	lf := addLimitFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError("inspect: want one FIXTURE, got %d arguments", fs.NArg())
	}
	f, err := fixture.Open(fs.Arg(0), lf.lim)
	if err != nil {
		return err
	}
	m := &f.Manifest
	if *asJSON {
		return writeJSON(stdout, m)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "fixture\t%s\n", escapeName(f.Path))
	rec := ""
	if m.NetioVersion != "" {
		rec = ", recorded by netio " + escapeName(m.NetioVersion)
	}
	fmt.Fprintf(tw, "format\t%s v%d%s\n", m.Format, m.Version, rec)
	host := m.GOOS
	if m.GOARCH != "" {
		host += "/" + m.GOARCH
	}
	if m.ByteOrder != "" {
		host += ", " + m.ByteOrder + "-endian"
	}
	if m.Kernel != "" {
		host += ", kernel " + escapeName(m.Kernel)
	}
	fmt.Fprintf(tw, "host\t%s\n", host)
	var srcs []string
	for _, s := range m.Sources {
		d := s.Name + " (" + strings.Join(s.Dirs, ", ") + ")"
		if !fixture.HasDecoder(s.Name, m.GOOS) {
			d += " [no decoder in this netio]"
		}
		srcs = append(srcs, d)
	}
	fmt.Fprintf(tw, "sources\t%s\n", strings.Join(srcs, "; "))
	first, last := &m.Samples[0], &m.Samples[len(m.Samples)-1]
	span := fmt.Sprintf("%d", len(m.Samples))
	if m.Interval != "" {
		span += ", interval " + m.Interval
	}
	if first.Time != "" {
		span += ", " + first.Time
		if len(m.Samples) > 1 {
			span += " .. " + last.Time
		}
	}
	if len(m.Samples) > 1 {
		span += " (" + (last.Offset() - first.Offset()).Round(time.Millisecond).String() + ")"
	}
	fmt.Fprintf(tw, "samples\t%s\n", span)
	var files int
	var size int64
	for _, s := range m.Samples {
		files += s.Files
		size += s.Bytes
	}
	golden := 0
	for i := range m.Samples {
		if _, ok := f.Golden(i); ok {
			golden++
		}
	}
	fmt.Fprintf(tw, "size\t%d files, %s raw; %d of %d samples have goldens\n", files, humanBytes(size), golden, len(m.Samples))
	fmt.Fprintf(tw, "interfaces\t%s\n", inspectInterfaces(f))
	if err := tw.Flush(); err != nil {
		return err
	}
	if m.Notes != "" {
		// Notes are free text: printed after the table, line by line,
		// each line made terminal-safe.
		fmt.Fprintln(stdout, "notes:")
		for _, l := range strings.Split(m.Notes, "\n") {
			fmt.Fprintf(stdout, "  %s\n", escapeName(l))
		}
	}
	return nil
}

// inspectInterfaces lists the interfaces of the first sample, as the first
// source with a decoder sees them.
func inspectInterfaces(f *fixture.Fixture) string {
	for _, s := range f.Manifest.Sources {
		if !fixture.HasDecoder(s.Name, f.Manifest.GOOS) {
			continue
		}
		rp, err := fixture.NewReplay(f, s.Name)
		if err != nil {
			continue
		}
		r := netio.NewReaderFromSource(rp)
		cs, err := r.Read(nil)
		r.Close()
		const show = 12
		names := make([]string, 0, show+1)
		for i := range cs {
			if i == show {
				names = append(names, "...")
				break
			}
			names = append(names, escapeName(cs[i].Name))
		}
		out := fmt.Sprintf("%d in sample 0000 (%s): %s", len(cs), s.Name, strings.Join(names, " "))
		if err != nil {
			out += "; decode error: " + err.Error()
		}
		return out
	}
	return "unknown (no decoder for the recorded sources)"
}
