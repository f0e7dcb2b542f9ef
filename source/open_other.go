//go:build !linux && !darwin && !freebsd && !openbsd && !netbsd && !windows

package source

import (
	"fmt"
	"runtime"
)

func open(c Config) (Source, error) {
	return nil, fmt.Errorf("netio: reading interface counters is %w yet on %s/%s",
		ErrUnsupported, runtime.GOOS, runtime.GOARCH)
}
