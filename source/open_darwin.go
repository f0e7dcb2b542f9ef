//go:build darwin

package source

import "fmt"

func open(c Config) (Source, error) {
	switch c.Kind {
	case "", "auto", "sysctl":
		return OpenSysctl()
	}
	return nil, fmt.Errorf("netio: source %q: %w on darwin", c.Kind, ErrUnsupported)
}
