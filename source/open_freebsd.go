//go:build freebsd

package source

import "fmt"

func open(c Config) (Source, error) {
	switch c.Kind {
	case "", "auto", "sysctl":
		return OpenSysctl()
	}
	return nil, fmt.Errorf("netio: source %q: %w on freebsd", c.Kind, ErrUnsupported)
}
