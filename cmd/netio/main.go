// Command netio shows, watches, records, replays, verifies and inspects
// network-interface I/O counters. Run "netio -h" for the commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"sort"
	"strings"
	"syscall"

	"github.com/spf13/pflag"
)

// version is netio's version; release builds set it with -ldflags -X.
var version = "0.1.0-dev"

// A command is one subcommand of netio.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

// commands holds every subcommand; each file registers its own in init.
var commands = map[string]*command{}

func register(c *command) { commands[c.name] = c }

// errUsage marks errors caused by a bad command line (exit status 2).
var errUsage = errors.New("usage")

// usageError reports a bad command line.
func usageError(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errUsage}, args...)...)
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		msg := oneLine(err.Error())
		if !strings.HasPrefix(msg, "netio: ") {
			msg = "netio: " + msg
		}
		fmt.Fprintln(os.Stderr, msg)
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// oneLine keeps an error message on one line.
func oneLine(s string) string { return strings.ReplaceAll(s, "\n", "; ") }

// run is netio with its arguments and outputs passed in, for tests.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		usage(stderr)
		return usageError("no command given")
	}
	switch args[0] {
	case "-h", "--help", "help":
		if len(args) > 1 && args[0] == "help" { // netio help CMD: CMD's flags
			if _, ok := commands[args[1]]; ok {
				return run(ctx, []string{args[1], "-h"}, stdout, stderr)
			}
			return usageError("help: unknown command %q (run 'netio -h')", args[1])
		}
		usage(stdout)
		return nil
	case "--version", "version":
		fmt.Fprintln(stdout, "netio", versionString())
		return nil
	}
	c, ok := commands[args[0]]
	if !ok {
		return usageError("unknown command %q (run 'netio -h')", args[0])
	}
	if err := c.run(ctx, args[1:], stdout, stderr); !errors.Is(err, errHelp) {
		return err
	}
	return nil
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: netio COMMAND [flags]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'netio COMMAND -h' for a command's flags; 'netio --version' for the version.")
}

func versionString() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return version
}

// newFlags returns a flag set for a subcommand that reports errors as
// values, and its usage printer.
func newFlags(name, synopsis string, stdout io.Writer) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	fs.Usage = func() {
		fmt.Fprintf(stdout, "Usage: netio %s\n\nFlags:\n", synopsis)
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs
}

// parseFlags parses args; after -h (usage printed) it returns errHelp.
func parseFlags(fs *pflag.FlagSet, args []string) error {
	err := fs.Parse(args)
	if errors.Is(err, pflag.ErrHelp) {
		return errHelp // pflag has printed the usage
	}
	if err != nil {
		return usageError("%s: %v", fs.Name(), err)
	}
	return nil
}

// errHelp ends a command successfully after its usage was printed.
var errHelp = errors.New("help shown")
