package fuzz

import (
	"strconv"
	"strings"

	"github.com/netio-go/netio/parse"
)

// This file is the slow reference decoder for /proc/net/dev: readability
// over speed, written from FORMATS.md §1 with strings and strconv, so that
// the fast decoder in package parse can be checked against it on every
// input. It doubles as a description of the format.

// refResult is what the reference makes of a file: the records before the
// first bad line and, for a bad file, the line and reason.
type refResult struct {
	Layout  parse.ProcNetDevLayout
	Records []parse.Record
	ErrLine int
	Err     error // a parse sentinel, strconv.ErrSyntax or strconv.ErrRange
}

// refColumns maps header names to fields, per direction.
var refColumns = [2]map[string]parse.Field{
	{"bytes": parse.RxBytes, "packets": parse.RxPackets, "errs": parse.RxErrors, "drop": parse.RxDrop,
		"fifo": parse.RxFIFO, "frame": parse.RxFrame, "compressed": parse.RxCompressed, "multicast": parse.RxMulticast},
	{"bytes": parse.TxBytes, "packets": parse.TxPackets, "errs": parse.TxErrors, "drop": parse.TxDrop,
		"fifo": parse.TxFIFO, "colls": parse.Collisions, "carrier": parse.TxCarrier, "compressed": parse.TxCompressed,
		"multicast": parse.RxMulticast}, // ~2.1.80-90 appended multicast after the tx columns
}

func isBlank(r rune) bool { return r == ' ' || r == '\t' }

func refProcNetDev(text string) refResult {
	if text == "" {
		return refResult{ErrLine: 1, Err: parse.ErrEmpty}
	}
	lines := strings.Split(text, "\n")
	if strings.HasSuffix(text, "\n") {
		lines = lines[:len(lines)-1] // the final newline ends the last line
	}
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r") // lines may end in CR LF
	}
	if !strings.HasPrefix(lines[0], "Inter-|") {
		return refResult{ErrLine: 1, Err: parse.ErrHeader}
	}
	if len(lines) < 2 {
		return refResult{ErrLine: 2, Err: parse.ErrHeader}
	}

	// Header line 2: " face |<rx names>|<tx names>".
	var res refResult
	badHeader := refResult{ErrLine: 2, Err: parse.ErrHeader}
	h := strings.TrimFunc(lines[1], isBlank)
	if !strings.HasPrefix(h, "face |") {
		return badHeader
	}
	groups := strings.Split(strings.TrimPrefix(h, "face |"), "|")
	if len(groups) != 2 {
		return badHeader
	}
	var cols []parse.Field // -1 marks a column the reference does not know
	seen := map[parse.Field]bool{}
	names := map[string]bool{}
	for dir, g := range groups {
		for _, name := range strings.FieldsFunc(g, isBlank) {
			names[name] = true
			f, known := refColumns[dir][name]
			if !known {
				cols = append(cols, 0xff)
				continue
			}
			if seen[f] {
				return badHeader
			}
			seen[f] = true
			cols = append(cols, f)
		}
	}
	if len(cols) > 64 {
		return badHeader
	}
	for _, f := range []parse.Field{parse.RxPackets, parse.RxErrors, parse.TxPackets, parse.TxErrors} {
		if !seen[f] {
			return badHeader
		}
	}
	switch {
	case names["compressed"]:
		res.Layout = parse.LayoutCurrent
	case names["bytes"]:
		res.Layout = parse.Layout21
	default:
		res.Layout = parse.Layout20
	}

	for n, line := range lines[2:] {
		lineNo := n + 3
		fail := func(err error) refResult {
			res.ErrLine, res.Err = lineNo, err
			return res
		}
		colon := strings.LastIndex(line, ":")
		if colon < 0 {
			return fail(parse.ErrNoColon)
		}
		name := strings.TrimFunc(line[:colon], isBlank)
		switch {
		case name == "":
			return fail(parse.ErrEmptyName)
		case len(name) > 15, name == ".", name == "..", strings.ContainsAny(name, "/\x00 \t\n\v\f\r"):
			return fail(parse.ErrName)
		}
		rec := parse.Record{Name: []byte(name)}
		rest := line[colon+1:]
		if strings.TrimFunc(rest, isBlank) == "No statistics available." {
			res.Records = append(res.Records, rec)
			continue
		}
		values := strings.FieldsFunc(rest, isBlank)
		for k, v := range values {
			if k >= len(cols) {
				return fail(parse.ErrFieldCount)
			}
			if strings.Trim(v, "0123456789") != "" {
				if strings.HasPrefix(v, "-") {
					return fail(parse.ErrNegative)
				}
				return fail(strconv.ErrSyntax)
			}
			u, err := strconv.ParseUint(v, 10, 64)
			if err != nil {
				return fail(strconv.ErrRange) // only digits: the value is too large
			}
			if cols[k] != 0xff {
				rec.Set(cols[k], u)
			}
		}
		if len(values) != len(cols) {
			return fail(parse.ErrFieldCount)
		}
		res.Records = append(res.Records, rec)
	}
	return res
}
