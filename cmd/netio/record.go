package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/netio-go/netio/fixture"
	"github.com/netio-go/netio/parse"
	"github.com/netio-go/netio/source"
)

func init() {
	register(&command{name: "record", summary: "record raw counter captures as a fixture", run: runRecord})
}

// recordSources are the sources record tries on each OS, in order; the
// first is the one replay serves by default.
func recordSources(goos string) []string {
	switch goos {
	case "linux":
		return []string{"procfs", "sysfs", "netlink"}
	case "windows":
		return []string{"iphlpapi"}
	case "darwin", "freebsd", "openbsd", "netbsd":
		return []string{"sysctl"}
	}
	return nil
}

func runRecord(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("record", "record -o FILE|DIR [-i INTERVAL] [-n COUNT | --duration D] [--source NAMES] [--netns NAME | --pid PID] [--note TEXT]", stdout)
	out := fs.StringP("output", "o", "", "write the fixture to `PATH`: NAME.tar.gz or NAME.tgz (gzip'd tar), NAME.tar, or a new directory")
	interval := fs.DurationP("interval", "i", time.Second, "time between samples")
	count := fs.IntP("count", "n", 0, "stop after `N` samples (0: no limit)")
	duration := fs.Duration("duration", 0, "stop once `D` has passed since the first sample; a sample due at exactly D is taken (0: no limit)")
	srcs := fs.String("source", "all", "the sources to capture, `NAMES`: all (every one that works here), or a comma-separated list of "+strings.Join(recordSources(runtime.GOOS), ", "))
	note := fs.String("note", "", "free `TEXT` stored in the manifest's notes (what the host was doing)")
	pid := fs.Int("pid", 0, "record the network namespace of process `PID` (Linux)")
	netns := fs.String("netns", "", "record network namespace `NAME|PATH` (ip netns name or nsfs path; Linux, needs CAP_SYS_ADMIN; sysfs cannot read it)")
	quiet := fs.BoolP("quiet", "q", false, "no progress on stderr")
	noScrub := fs.Bool("no-scrub", false, "record captures byte for byte, with the link-layer and IP addresses netlink link dumps, routing-socket lists and MIB_IF_TABLE2 rows hold (default: zeroed)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError("record: unexpected argument %q", fs.Arg(0))
	}
	if *out == "" {
		return usageError("record: -o FILE|DIR is required")
	}
	if *pid != 0 && *netns != "" {
		return usageError("record: --pid and --netns do not combine")
	}
	switch {
	case *interval <= 0:
		return usageError("record: --interval must be positive, got %v", *interval)
	case *count < 0:
		return usageError("record: --count must not be negative, got %d", *count)
	case *duration < 0:
		return usageError("record: --duration must not be negative, got %v", *duration)
	}

	if err := fixture.CheckWritable(*out); err != nil {
		return err
	}
	cfg := source.Config{HostProc: os.Getenv("HOST_PROC"), HostSys: os.Getenv("HOST_SYS"), PID: *pid, NetNS: *netns}
	opened, err := openRecordSources(cfg, *srcs, stderr)
	if err != nil {
		return err
	}
	defer func() {
		for _, s := range opened {
			s.Close()
		}
	}()

	m := fixture.HostManifest()
	m.NetioVersion = versionString()
	m.Notes = *note
	if *count != 1 {
		m.Interval = interval.String()
	}
	b := fixture.NewBuilder(m)

	progress := func(start time.Time) {
		if !*quiet {
			fmt.Fprintf(stderr, "netio record: %d samples, %s elapsed, %s\n",
				b.Samples(), time.Since(start).Round(time.Millisecond), humanBytes(b.Bytes()))
		}
	}
	var (
		start time.Time
		recs  []parse.Record
		blobs []source.Blob
		caps  []fixture.Capture
		timer *time.Timer
	)
loop:
	for i := 0; *count == 0 || i < *count; i++ {
		if i > 0 {
			next := start.Add(time.Duration(i) * *interval)
			if *duration > 0 && next.Sub(start) > *duration {
				break
			}
			if timer == nil {
				timer = time.NewTimer(time.Until(next))
				defer timer.Stop()
			} else {
				timer.Reset(time.Until(next))
			}
			select {
			case <-ctx.Done():
				break loop
			case <-timer.C:
			}
		} else if ctx.Err() != nil {
			break
		}
		now := time.Now()
		if i == 0 {
			start = now
		}
		caps = caps[:0]
		for _, s := range opened {
			var rerr error
			recs, rerr = s.Read(recs[:0])
			blobs = s.(source.Capturer).AppendCapture(blobs[:0])
			files := make([]fixture.File, len(blobs))
			for j, bl := range blobs {
				files[j] = fixture.File{Path: bl.Path, Data: bl.Data}
				if !*noScrub {
					// Nothing private: addresses are zeroed in a copy.
					d, err := fixture.Scrub(m.GOOS, m.GOARCH, bl.Path, bl.Data)
					if err != nil {
						return fmt.Errorf("record: %s: %w (--no-scrub records it as read)", s.Name(), err)
					}
					files[j].Data = d
				}
			}
			if rerr != nil {
				fmt.Fprintf(stderr, "netio record: sample %d: %s: %v (raw bytes kept)\n", i, s.Name(), rerr)
			}
			caps = append(caps, fixture.Capture{Source: s.Name(), Files: files, Err: rerr})
		}
		nfiles, nbytes := 0, int64(0)
		for _, c := range caps {
			nfiles += len(c.Files)
			for _, f := range c.Files {
				nbytes += int64(len(f.Data))
			}
		}
		if !b.Fits(nfiles, nbytes) {
			if b.Samples() == 0 {
				return fmt.Errorf("record: one sample of %d files, %s is beyond the fixture size limits", nfiles, humanBytes(nbytes))
			}
			fmt.Fprintf(stderr, "netio record: stopping at %d samples: one more would make the fixture too large to open with the default limits\n", b.Samples())
			break
		}
		if err := b.AddSample(now, now.Sub(start), caps); err != nil {
			return err
		}
		progress(start)
	}
	if b.Samples() == 0 {
		return errors.New("record: interrupted before the first sample; nothing written")
	}
	f, err := b.Fixture()
	if err != nil {
		return err
	}
	if err := fixture.Write(*out, f); err != nil {
		return err
	}
	if !*quiet {
		fmt.Fprintf(stderr, "netio record: wrote %s: %d samples of %s\n", *out, b.Samples(), strings.Join(f.Manifest.SourceNames(), ", "))
	}
	return nil
}

// openRecordSources opens the sources named in list ("all" or names).
// With "all", a source this host lacks is skipped with a note on stderr.
func openRecordSources(cfg source.Config, list string, stderr io.Writer) ([]source.Source, error) {
	all := list == "all" || list == "auto" || list == ""
	names := recordSources(runtime.GOOS)
	if !all {
		names = strings.Split(list, ",")
	}
	var opened []source.Source
	for _, n := range names {
		cfg.Kind = strings.TrimSpace(n)
		s, err := source.Open(cfg)
		if err == nil {
			if _, ok := s.(source.Capturer); !ok {
				s.Close()
				err = fmt.Errorf("source %q cannot capture its raw bytes: %w", cfg.Kind, source.ErrUnsupported)
			} else if s.Name() != cfg.Kind {
				// Open fell back to another kind; record each kind once.
				s.Close()
				err = fmt.Errorf("source %q: %w here", cfg.Kind, source.ErrUnsupported)
			}
		}
		if err != nil {
			if all {
				fmt.Fprintf(stderr, "netio record: skipping %s: %v\n", cfg.Kind, err)
				continue
			}
			for _, o := range opened {
				o.Close()
			}
			return nil, err
		}
		opened = append(opened, s)
	}
	if len(opened) == 0 {
		return nil, fmt.Errorf("record: no source to capture on %s: %w", runtime.GOOS, source.ErrUnsupported)
	}
	return opened, nil
}

// humanBytes formats n as "512 B", "4.5 KiB", "12.0 MiB".
func humanBytes(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	case n < 1<<30:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
}
