package main

import (
	"github.com/netio-go/netio"
	"github.com/spf13/pflag"
)

// sourceFlags are the flags that choose what a live command reads; show,
// watch and record share them.
type sourceFlags struct {
	source  string
	include []string
	exclude []string
}

func addSourceFlags(fs *pflag.FlagSet) *sourceFlags {
	sf := &sourceFlags{}
	fs.StringVar(&sf.source, "source", "auto", "the live `SOURCE` to read: auto, procfs")
	fs.StringSliceVar(&sf.include, "include", nil, "only interfaces whose names match a `GLOB` (repeatable, comma-separated)")
	fs.StringSliceVar(&sf.exclude, "exclude", nil, "leave out interfaces whose names match a `GLOB` (repeatable, comma-separated)")
	return sf
}

// readerOptions turns the flags into the Reader's options.
func (sf *sourceFlags) readerOptions() netio.ReaderOptions {
	return netio.ReaderOptions{Source: sf.source, Include: sf.include, Exclude: sf.exclude}
}
