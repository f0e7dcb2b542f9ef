package main

import (
	"path"
	"slices"

	"github.com/netio-go/netio"
	"github.com/spf13/pflag"
)

// sourceFlags are the flags that choose what a live command reads; show,
// watch and record share them.
type sourceFlags struct {
	source     string
	include    []string
	exclude    []string
	pid        int
	netns      string
	noLoopback bool
	physical   bool
}

func addSourceFlags(fs *pflag.FlagSet) *sourceFlags {
	sf := &sourceFlags{}
	fs.StringVar(&sf.source, "source", "auto", "the live `SOURCE` to read: auto (the fastest that works; on Linux netlink, falling back to procfs), or on Linux netlink, procfs, sysfs; sysctl on macOS and the BSDs; iphlpapi on Windows")
	fs.StringSliceVar(&sf.include, "include", nil, "only interfaces whose names match a `GLOB` (repeatable, comma-separated)")
	fs.StringSliceVar(&sf.exclude, "exclude", nil, "leave out interfaces whose names match a `GLOB` (repeatable, comma-separated)")
	fs.IntVar(&sf.pid, "pid", 0, "read the network namespace of process `PID` (Linux; 1 = the host's, with HOST_PROC in a container)")
	fs.StringVar(&sf.netns, "netns", "", "read network namespace `NAME|PATH` (ip netns name or nsfs path; Linux, needs CAP_SYS_ADMIN)")
	fs.BoolVar(&sf.noLoopback, "no-loopback", false, "leave out the loopback device")
	fs.BoolVar(&sf.physical, "physical", false, "only interfaces backed by hardware")
	return sf
}

// readerOptions turns the flags into the Reader's options.
func (sf *sourceFlags) readerOptions() netio.ReaderOptions {
	return netio.ReaderOptions{Source: sf.source, Include: sf.include, Exclude: sf.exclude,
		PID: sf.pid, NetNS: sf.netns, NoLoopback: sf.noLoopback, Physical: sf.physical}
}

// sourceNames are the --source values of some platform; which of them
// work here is for the Reader to say.
var sourceNames = []string{"auto", "netlink", "procfs", "sysfs", "sysctl", "iphlpapi"}

// check reports a bad combination or value of the flags as a usage error
// naming cmd, before any source is opened.
func (sf *sourceFlags) check(cmd string) error {
	if !slices.Contains(sourceNames, sf.source) {
		return usageError("%s: --source %q is not one of %v", cmd, sf.source, sourceNames)
	}
	if sf.pid < 0 {
		return usageError("%s: --pid must not be negative, got %d", cmd, sf.pid)
	}
	if sf.pid != 0 && sf.netns != "" {
		return usageError("%s: --pid and --netns do not combine", cmd)
	}
	for _, g := range append(slices.Clip(sf.include), sf.exclude...) {
		if _, err := path.Match(g, ""); err != nil {
			return usageError("%s: bad glob %q: %v", cmd, g, err)
		}
	}
	return nil
}
