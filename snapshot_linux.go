//go:build linux

package netio

import "syscall"

// netNSOf returns the network namespace inode of the /proc/net/dev view
// at path, or 0 when path is not one or the namespace cannot be seen.
func netNSOf(path string) uint64 {
	ns := nsFileOf(path)
	if ns == "" {
		return 0
	}
	var st syscall.Stat_t
	if err := syscall.Stat(ns, &st); err != nil {
		return 0
	}
	return st.Ino
}
