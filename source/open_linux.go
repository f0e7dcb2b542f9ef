//go:build linux

package source

import "fmt"

func open(c Config) (Source, error) {
	switch c.Kind {
	case "", "auto", "procfs":
		return OpenProcFS(c.hostProc() + "/net/dev")
	}
	return nil, fmt.Errorf("netio: source %q: %w on linux", c.Kind, ErrUnsupported)
}
