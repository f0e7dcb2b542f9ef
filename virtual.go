package netio

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// A Classifier reports whether an interface, by name, is one to leave out
// of a total. [Sum] and [RunningTotals] take one; tests inject their own so
// they do not depend on the host.
type Classifier func(name string) bool

// LoopbackOrVirtual returns the Classifier that reports loopback and
// virtual interfaces, so totals count only traffic through physical
// devices (and do not count a packet once per bridge, veth, VLAN and bond
// it crosses).
//
// On Linux an interface is virtual when <HOST_SYS>/devices/virtual/net/<name>
// exists (the kernel puts every device without a parent bus there, lo
// included), as netdata does; HOST_SYS comes from the context ([WithEnv]),
// the environment or "/sys". Elsewhere, and where that directory does not
// exist, only the loopback names "lo", "lo0" and names starting with
// "Loopback" (Windows) are reported.
//
// Answers are cached per name (names are reused across readings); the
// cache is dropped when it grows past 4096 names.
func LoopbackOrVirtual(ctx context.Context) Classifier {
	v := &virtualSet{dir: hostSys(ctx, "devices", "virtual", "net")}
	return v.virtual
}

type virtualSet struct {
	dir   string
	mu    sync.Mutex
	cache map[string]bool
}

func (v *virtualSet) virtual(name string) bool {
	if name == "lo" || name == "lo0" || strings.HasPrefix(name, "Loopback") {
		return true
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if is, ok := v.cache[name]; ok {
		return is
	}
	is := false
	if name != "" && name != "." && name != ".." && !strings.ContainsAny(name, "/\x00") {
		_, err := os.Lstat(filepath.Join(v.dir, name))
		is = err == nil
	}
	if v.cache == nil || len(v.cache) >= 4096 {
		v.cache = make(map[string]bool)
	}
	v.cache[name] = is
	return is
}
