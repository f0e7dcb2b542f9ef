package main

import (
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
