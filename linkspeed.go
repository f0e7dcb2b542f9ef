package netio

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// SysfsLinkSpeed returns a [DiffOptions.LinkSpeed] that reads Linux's
// <HOST_SYS>/class/net/<name>/speed (Mbit/s; HOST_SYS from the context
// ([WithEnv]), the environment or "/sys"). It reports 0, unknown, where
// the file is missing or unreadable (not Linux, another namespace's
// interface), says -1 (no link, most virtual devices) or holds anything
// but a positive number. The diff calls it only for an interface one of
// whose counters fell, so it reads the file then, uncached.
func SysfsLinkSpeed(ctx context.Context) func(c *Counters) uint64 {
	dir := hostSys(ctx, "class", "net")
	return func(c *Counters) uint64 {
		name := c.Name
		if name == "" || name == "." || name == ".." || strings.ContainsAny(name, "/\x00") {
			return 0
		}
		b, err := os.ReadFile(filepath.Join(dir, name, "speed"))
		if err != nil {
			return 0
		}
		mbps, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
		if err != nil || mbps <= 0 || mbps > 1<<40 {
			return 0
		}
		return uint64(mbps) * 1_000_000
	}
}
