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
// "github.com/netio-go/netio"; calls and results stay the same. One
// difference: an interface printed as "No statistics available." by
// 2.2–2.6.2x kernels is reported (with zero counters in IOCountersStat and
// no counters present in [Counters]) instead of being skipped.
//
// # Allocation
//
// Decoding allocates nothing. A [Reader] keeps its file open, re-reads
// into a reused buffer, appends into the caller's slice and interns
// interface names, so a steady-state read allocates nothing; tests prove it
// with testing.AllocsPerRun.
//
// # Platforms
//
// Linux reads /proc/net/dev. Other platforms return an error wrapping
// [ErrUnsupported] for live reads; decoding files works everywhere.
package netio
