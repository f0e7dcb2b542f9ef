package parse

import (
	"errors"
	"strconv"
)

// Sentinel errors. A [*ParseError] wraps one of these, or one of
// strconv.ErrSyntax and strconv.ErrRange for a bad number, so callers can
// branch with errors.Is.
var (
	// ErrEmpty: the input holds no bytes at all.
	ErrEmpty = errors.New("empty input")
	// ErrHeader: a text format's header is missing or not one this decoder
	// knows.
	ErrHeader = errors.New("missing or unknown header")
	// ErrNoColon: a /proc/net/dev line has no ':' between name and counters.
	ErrNoColon = errors.New("no ':' after the interface name")
	// ErrEmptyName: an interface name is empty.
	ErrEmptyName = errors.New("empty interface name")
	// ErrFieldCount: a line has fewer or more values than its header names.
	ErrFieldCount = errors.New("wrong number of values")
	// ErrNegative: a counter is printed negative.
	ErrNegative = errors.New("negative value")
	// ErrShort: a binary message or buffer ends before the length it
	// declares or the layout needs.
	ErrShort = errors.New("short buffer")
	// ErrLength: a binary length field is impossible (too small, or not
	// one of the sizes a layout allows).
	ErrLength = errors.New("invalid length")
	// ErrVersion: a binary layout version this decoder does not know.
	ErrVersion = errors.New("unknown version")
	// ErrName: an interface name holds bytes or a length no kernel allows.
	ErrName = errors.New("invalid interface name")
)

// Bad numbers wrap strconv's own sentinels.
var (
	errSyntax = strconv.ErrSyntax
	errRange  = strconv.ErrRange
)

// A ParseError says where a decoder found bad input and what it saw.
// It is the only error type the decoders in this package return.
type ParseError struct {
	// Source names the input: a path such as "/proc/net/dev", or a record
	// kind such as "netlink".
	Source string
	// Line is the 1-based line number for text formats, else 0.
	Line int
	// Offset is the byte offset for binary formats (when Line is 0).
	Offset int
	// Field names the field being decoded, such as "rx drop", or is empty.
	Field string
	// Name is the interface name when known.
	Name string
	// Text is a short excerpt of the offending input.
	Text string
	// Err is the reason: one of this package's sentinels, strconv.ErrSyntax
	// or strconv.ErrRange.
	Err error
}

// maxExcerpt bounds [ParseError.Text] so a 1 MB line cannot flood a log.
const maxExcerpt = 48

// Error formats e as
// "netio: /proc/net/dev:5: field "rx drop": value out of range (at "…")".
func (e *ParseError) Error() string {
	b := make([]byte, 0, 96+len(e.Text))
	b = append(b, "netio: "...)
	src := e.Source
	if src == "" {
		src = "input"
	}
	b = append(b, src...)
	if e.Line > 0 {
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(e.Line), 10)
	} else {
		b = append(b, " at byte "...)
		b = strconv.AppendInt(b, int64(e.Offset), 10)
	}
	b = append(b, ": "...)
	if e.Name != "" {
		b = append(b, "interface "...)
		b = strconv.AppendQuote(b, e.Name)
		b = append(b, ": "...)
	}
	if e.Field != "" {
		b = append(b, "field "...)
		b = strconv.AppendQuote(b, e.Field)
		b = append(b, ": "...)
	}
	switch e.Err {
	case strconv.ErrSyntax:
		b = append(b, "not a number"...)
	case strconv.ErrRange:
		b = append(b, "value out of range"...)
	case nil:
		b = append(b, "error"...)
	default:
		b = append(b, e.Err.Error()...)
	}
	if e.Text != "" {
		b = append(b, " (at "...)
		b = strconv.AppendQuote(b, e.Text)
		b = append(b, ')')
	}
	return string(b)
}

// Unwrap returns e.Err.
func (e *ParseError) Unwrap() error { return e.Err }

// excerpt returns at most maxExcerpt bytes of b as a string, marking a cut.
func excerpt(b []byte) string {
	if len(b) > maxExcerpt {
		return string(b[:maxExcerpt]) + "…"
	}
	return string(b)
}
