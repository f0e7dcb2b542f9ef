// Package netio reports per-network-interface I/O counters.
//
// It is a drop-in for gopsutil v4's net.IOCounters family: the same
// [IOCountersStat] (fields, JSON tags, String), the same "all" row, the same
// HOST_PROC handling. Beyond it, [Counters] carries every counter the source
// has (the detailed Linux error counters, the BSD and Windows extras), says
// which ones this reading really provides, and declares the width at which
// each wraps; a [Reader] polls without allocating.
//
// # Migrating from gopsutil
//
// Change the import path from "github.com/shirou/gopsutil/v4/net" to
// "github.com/netio-go/netio"; the calls are the same, and so are the rows
// read from the files today's kernels print. What differs:
//
//   - HOST_PROC in a context is set with [WithEnv]: gopsutil's
//     common.EnvMap has a gopsutil type netio cannot see.
//   - A file that is not what a kernel prints is an error naming the
//     file, line, interface, field and text ([ParseError]), with the
//     rows before the bad line; gopsutil skips short lines, never reads
//     the header, and reads ten columns. A blank line, a value count other
//     than the header's, a non-number in any column and a name no Linux
//     interface can have are all errors.
//   - Columns are mapped by the header's names, so the 2.0 and 2.1
//     layouts decode right (gopsutil misreads the second and drops the
//     first).
//   - An interface printed as "No statistics available." by 2.0–2.6.2x
//     kernels is reported (with zero counters in IOCountersStat and no
//     counters present in [Counters]) instead of being skipped.
//   - A file over 64 MiB is refused.
//
// # Allocation
//
// Decoding allocates nothing. A [Reader] keeps its source open, re-reads
// into a reused buffer, appends into the caller's slice and interns
// interface names, so a steady-state read allocates nothing (on macOS and
// the BSDs the sysctl source gets a new buffer per reading); tests prove it
// with testing.AllocsPerRun.
//
// # Platforms
//
// On Linux the gopsutil calls read <HOST_PROC>/net/dev, and a [Reader]
// reads netlink (RTM_GETSTATS), /proc/net/dev or sysfs, in any network
// namespace. macOS and the BSDs read sysctl, Windows iphlpapi. Elsewhere
// live reads return an error wrapping [ErrUnsupported]; decoding files
// works everywhere.
package netio
