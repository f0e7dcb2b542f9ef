package netio

import (
	"fmt"
	"path"
)

// A nameFilter keeps the interfaces whose names match an include glob (or
// every name when there is none) and no exclude glob. Globs use path.Match
// syntax ("eth*", "veth?", "[a-c]*").
type nameFilter struct {
	include, exclude []string
}

func newNameFilter(include, exclude []string) (nameFilter, error) {
	for _, g := range append(append([]string(nil), include...), exclude...) {
		if _, err := path.Match(g, ""); err != nil {
			return nameFilter{}, fmt.Errorf("netio: bad interface glob %q: %w", g, err)
		}
	}
	return nameFilter{include: include, exclude: exclude}, nil
}

func (f nameFilter) empty() bool { return len(f.include) == 0 && len(f.exclude) == 0 }

// keep reports whether name passes the filter. It does not allocate.
func (f nameFilter) keep(name []byte) bool {
	if len(f.include) > 0 && !matchAny(f.include, name) {
		return false
	}
	return !matchAny(f.exclude, name)
}

func matchAny(globs []string, name []byte) bool {
	for _, g := range globs {
		if ok, _ := path.Match(g, string(name)); ok {
			return true
		}
	}
	return false
}
