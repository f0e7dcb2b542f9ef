package fuzz

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"unsafe"

	"github.com/netio-go/netio/parse"
)

// This file holds what every target shares: a reader that turns fuzz bytes
// into the choices of a generator (so one input drives both the decoder
// directly and a generator of valid messages), the checks every decoder
// error must pass, and the check that records borrow from the input.

// A gen hands out fuzz bytes as choices. When the bytes run out every
// choice is zero, so any input, even an empty one, generates something.
type gen struct {
	b []byte
}

func (g *gen) u8() byte {
	if len(g.b) == 0 {
		return 0
	}
	c := g.b[0]
	g.b = g.b[1:]
	return c
}

func (g *gen) u16() uint16 { return uint16(g.u8()) | uint16(g.u8())<<8 }
func (g *gen) u32() uint32 { return uint32(g.u16()) | uint32(g.u16())<<16 }
func (g *gen) u64() uint64 { return uint64(g.u32()) | uint64(g.u32())<<32 }

// intn returns a choice in [0, n).
func (g *gen) intn(n int) int {
	if n <= 256 {
		return int(g.u8()) % n
	}
	return int(g.u32() % uint32(n))
}

func (g *gen) bool() bool { return g.u8()&1 == 1 }

// counter returns a counter value of the given width in bits, biased
// towards the values that matter: small ones, ones near a power of ten
// boundary of the text formats, and ones near the top of the width.
func (g *gen) counter(bits int) uint64 {
	lim := uint64(1)<<bits - 1 // 2^64-1 for bits == 64: the shift gives 0
	switch g.u8() % 6 {
	case 0:
		return uint64(g.u8())
	case 1:
		return uint64(g.u32()) & lim
	case 2:
		return lim - uint64(g.u8())
	case 3:
		return uint64(pow10[g.intn(len(pow10))]-1) & lim
	default:
		return g.u64() & lim
	}
}

var pow10 = [...]uint64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19}

// linuxName returns a name a Linux kernel accepts (FORMATS.md §1.3 item 5):
// 1 to 15 bytes, none of '/', ':', NUL or the kernel's isspace bytes
// (\t \n \v \f \r, space and 0xA0), and not "." or "..". Old kernels also
// allowed ':'; colon says whether to keep it.
func (g *gen) linuxName(colon bool) []byte {
	n := 1 + g.intn(15)
	name := make([]byte, n)
	for i := range name {
		c := g.u8()
		switch {
		case c == 0, c == '/', c == ' ', c == 0xa0, c >= '\t' && c <= '\r', c == ':' && !colon:
			c = 'a' + c%26
		}
		name[i] = c
	}
	if s := string(name); s == "." || s == ".." {
		name[0] = 'd'
	}
	return name
}

// knownErrors are every reason a parse.ParseError may carry.
var knownErrors = []error{parse.ErrEmpty, parse.ErrHeader, parse.ErrNoColon, parse.ErrEmptyName,
	parse.ErrFieldCount, parse.ErrNegative, parse.ErrShort, parse.ErrLength, parse.ErrVersion,
	parse.ErrName, parse.ErrNetlinkError, parse.ErrOverrun, strconv.ErrSyntax, strconv.ErrRange}

// checkBinaryErr requires err, from a binary decoder given n bytes, to be
// a *parse.ParseError with a known reason at a byte offset inside the
// input (or at its end).
func checkBinaryErr(t *testing.T, err error, n int) *parse.ParseError {
	t.Helper()
	pe := checkErrType(t, err)
	if pe == nil {
		return nil
	}
	if pe.Line != 0 || pe.Offset < 0 || pe.Offset > n {
		t.Errorf("error %q: line %d offset %d, want line 0 and an offset in [0, %d]", err, pe.Line, pe.Offset, n)
	}
	return pe
}

// checkTextErr requires err, from a text decoder given text, to be a
// *parse.ParseError with a known reason on a line of the input (or one
// past its last line, for a missing header line).
func checkTextErr(t *testing.T, err error, text []byte) *parse.ParseError {
	t.Helper()
	pe := checkErrType(t, err)
	if pe == nil {
		return nil
	}
	lines := 1
	for _, c := range text {
		if c == '\n' {
			lines++
		}
	}
	if pe.Line < 1 || pe.Line > lines+1 {
		t.Errorf("error %q: line %d, want a line in [1, %d]", err, pe.Line, lines+1)
	}
	return pe
}

func checkErrType(t *testing.T, err error) *parse.ParseError {
	t.Helper()
	var pe *parse.ParseError
	if !errors.As(err, &pe) {
		t.Errorf("error %v (%T) is not a *parse.ParseError", err, err)
		return nil
	}
	known := false
	for _, k := range knownErrors {
		if errors.Is(err, k) {
			known = true
			break
		}
	}
	if !known {
		t.Errorf("error %q wraps %v, not one of the parse sentinels or strconv's", err, pe.Err)
	}
	if len(pe.Text) > 64 {
		t.Errorf("error excerpt is %d bytes, want it bounded: %q", len(pe.Text), pe.Text)
	}
	_ = err.Error() // formatting must not panic
	return pe
}

// within reports whether sub lies inside buf's bytes (an empty sub always
// does): a decoder's records borrow their names from its input, and a
// name outside it would mean the decoder read memory it was not given.
func within(sub, buf []byte) bool {
	if len(sub) == 0 {
		return true
	}
	if len(buf) == 0 {
		return false
	}
	b := uintptr(unsafe.Pointer(unsafe.SliceData(buf)))
	s := uintptr(unsafe.Pointer(unsafe.SliceData(sub)))
	return s >= b && s+uintptr(len(sub)) <= b+uintptr(len(buf))
}

// A byteOrder reads and appends in one byte order.
type byteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// order is a byte order chosen by a flag.
func order(big bool) byteOrder {
	if big {
		return binary.BigEndian
	}
	return binary.LittleEndian
}

// cloneAll returns deep copies of recs.
func cloneAll(recs []parse.Record) []parse.Record {
	out := make([]parse.Record, len(recs))
	for i := range recs {
		out[i] = recs[i].Clone()
	}
	return out
}

// seedFiles adds every file matching the glob patterns (relative to the
// fuzz directory) as a seed and fails if a pattern matches nothing.
func seedFiles(f *testing.F, patterns ...string) {
	f.Helper()
	for _, p := range patterns {
		files, err := filepath.Glob(p)
		if err != nil || len(files) == 0 {
			f.Fatalf("seed pattern %s matches no file (%v)", p, err)
		}
		for _, file := range files {
			b, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
}

// cuts returns the truncation points to check in an encoding of n bytes
// whose message boundaries are ends: every point when n is small, else
// the points around each boundary and an even spread, so that a fuzz
// iteration stays fast on large inputs.
func cuts(n int, ends []int) []int {
	if n <= 1024 {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	}
	seen := map[int]bool{}
	var out []int
	add := func(k int) {
		if k >= 0 && k < n && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	for _, e := range append([]int{0}, ends...) {
		for _, d := range []int{-16, -4, -2, -1, 0, 1, 2, 3, 4, 8, 15, 16, 17} {
			add(e + d)
		}
	}
	for i := range 64 {
		add(i * n / 64)
	}
	return out
}
