//go:build windows

package source

import "fmt"

func open(c Config) (Source, error) {
	switch c.Kind {
	case "", "auto", "iphlpapi":
		return OpenIPHlpAPI()
	}
	return nil, fmt.Errorf("netio: source %q: %w on windows", c.Kind, ErrUnsupported)
}
