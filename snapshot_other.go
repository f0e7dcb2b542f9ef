//go:build !linux

package netio

// netNSOf returns 0: network namespaces are Linux only.
func netNSOf(path string) uint64 { return 0 }
