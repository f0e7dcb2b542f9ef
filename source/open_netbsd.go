//go:build netbsd

package source

import "fmt"

func open(c Config) (Source, error) {
	switch c.Kind {
	case "", "auto", "sysctl":
		return OpenSysctl()
	}
	return nil, fmt.Errorf("netio: source %q: %w on netbsd", c.Kind, ErrUnsupported)
}
