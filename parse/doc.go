// Package parse decodes the raw interface-counter formats of every kernel
// netio reads into [Record]s.
//
// The decoders are pure: bytes in, Records out. They open no files, make
// no system calls and do not use fmt, so the package builds on every OS
// (no build tags, no assembly) and every decoder can be tested on any
// host.
//
// Most are structs used the same way: Reset with the whole input, call
// Next until it returns false, reading Record after each true, then check
// Err. A Record borrows its Name from the input. The Append functions
// append the records into a slice the caller reuses, and the decoders
// allocate nothing (the Windows ones once their name arena has grown).
// A decoding error is a [*ParseError] (source, line or byte offset,
// interface, field, text) wrapping one of the sentinels ([ErrHeader],
// [ErrName], ...), strconv.ErrSyntax or strconv.ErrRange, for errors.Is.
//
// The decoders:
//
//   - [ProcNetDev]: Linux /proc/net/dev text, every layout since 2.0.
//   - [Sysfs]: the files of /sys/class/net/<if>, one interface at a time
//     (Reset with the name, then Stat and Attr for each file).
//   - [NetlinkLinks], [NetlinkStats]: Linux rtnetlink RTM_GETLINK and
//     RTM_GETSTATS dumps.
//   - [RouteIfList]: the NET_RT_IFLIST(2) sysctl of macOS, FreeBSD,
//     OpenBSD and NetBSD; [AppendDarwinIfList2] and [DecodeIfMibData] add
//     macOS's exact 64-bit counters from the ifmibdata sysctl.
//   - [MIBIfTable2], [MIBIfTable]: Windows GetIfTable2 and GetIfTable.
//
// What they all yield is a [Record]: a name, an index and values indexed
// by [Field], with one [FieldSet] of the fields present and one of those
// 32 bits wide; [AppendRecord] appends a Record with a single copy.
//
// FORMATS.md, which comments here cite by section (FORMATS.md §N), is
// docs/FORMATS.md in the repository: the layout, version history and
// sources of every format.
package parse
