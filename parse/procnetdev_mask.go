package parse

import (
	"encoding/binary"
	"math/bits"
)

// The fast path of the /proc/net/dev value decoder. A line whose values are
// only digits and spaces (every line a kernel prints) is decoded without a
// branch on its digits, save those on a value's length (up to 8 digits, 9
// to 16 or 17 to 20); anything else, and every error, goes to scanValues,
// which decodes byte by byte and says what is wrong.
//
// It makes three passes over the value text in which no value waits on the
// one before it (a scanner's next value starts where the last ended), so
// the processor overlaps the work of many values:
//
//  1. classify eight bytes at a time into a bit mask of the digits, one bit
//     per byte, checking on the way that every other byte is a space;
//  2. list where the values end: each digit the next byte of which is not;
//  3. decode each value from the bytes between the end of the one before
//     and its own end, the spaces read as leading zeros.
//
// Its start is never needed, which halves pass 2.
//
// BenchmarkValueScan measures it against scanValues; README ("Benchmarks")
// has what it does for the whole parser.

// maskMaxLen bounds the value text the fast path takes: six 64-bit mask
// words, with room for the end transition of a value that ends the text.
// The current kernel's line holds at most 16 values of 20 digits and their
// separators (336 bytes).
const maskMaxLen = 6*64 - 1

// maskGuard is how many readable bytes scanMasked needs before the value
// text: a value is decoded from the (up to) 24 bytes ending at its end.
const maskGuard = 24

const (
	maskSpaces = 0x2020202020202020
	maskLow4   = 0x0f0f0f0f0f0f0f0f
	maskBit4   = 0x1010101010101010
	maskHigh3  = 0xe0e0e0e0e0e0e0e0
	// maskGather moves bit 4 of byte i to bit 56+i when multiplied by a
	// word holding only bits 8i+4 (no two products land on one bit).
	maskGather = 0x0010204081020408
)

// scanMasked decodes the values of buf[lo:hi] into out, value k going to
// out[cols[k]] (skipped when cols[k] is noField), and reports whether it
// could. It declines (false) when the text is empty or longer than
// maskMaxLen, holds a byte other than a digit or a space, holds a number of
// values other than len(cols), or holds a value of more than 20 digits or
// above 2^64-1; the caller then decodes the line with scanValues, which
// accepts (leading zeros) or reports it.
// buf must have maskGuard readable bytes before lo and 8 after hi; pos is
// scratch space.
func scanMasked(buf []byte, lo, hi int, cols []Field, out *[NumFields]uint64, pos *[512]uint16) bool {
	n := hi - lo
	if n <= 0 || n > maskMaxLen || lo < maskGuard || hi+8 > len(buf) {
		return false
	}

	// Pass 1: the digit mask, one bit per byte of buf[lo:hi].
	var digits [8]uint64
	if !maskDigits(buf[lo:lo+(n+7)&^7], n, &digits) {
		return false
	}
	// Pass 2: where each value ends (the offset, from lo, of the byte
	// after its last digit).
	if maskEnds(&digits, n, pos) != len(cols) {
		return false
	}

	// Pass 3: each value from the bytes between the end of the one before
	// (or lo) and its own end: spaces, then its digits. A space's low
	// nibble is 0, so the spaces read as leading zeros and the value's
	// start is never needed: only the bytes before that span are masked
	// off. A value of up to 8 digits is one word, of 9 to 16 two, of 17 to
	// 20 two and the last four bytes of a third. Which it is, the byte
	// before its last 8 or 16 says (a space or a digit).
	window := buf[lo-maskGuard : hi]
	prev := 0
	for k, f := range cols {
		e := int(pos[k&255])
		span := e - prev
		prev = e
		w := (*[maskGuard]byte)(window[e : e+maskGuard])
		low := binary.LittleEndian.Uint64(w[16:])
		var v uint64
		if span <= 8 || w[15] == ' ' { // at most 8 digits
			v = swarDigits(low & keepLow[min(span, 8)])
		} else if span <= 16 || w[7] == ' ' { // 9 to 16 digits
			mid := swarDigits(binary.LittleEndian.Uint64(w[8:]) & keepMid[min(span, 16)])
			v = mid*1e8 + swarDigits(low&maskLow4)
		} else {
			if span > 20 && w[3] != ' ' {
				return false // over 20 digits: scanValues decides
			}
			span = min(span, 20)
			top := swarDigits4(binary.LittleEndian.Uint32(w[4:]) & keepTop[span])
			mid := swarDigits(binary.LittleEndian.Uint64(w[8:]) & maskLow4)
			rest := mid*1e8 + swarDigits(low&maskLow4)
			// top is below 10^4; top*10^16 fits in 64 bits up to 1844.
			var carry uint64
			v, carry = bits.Add64(top*1e16, rest, 0)
			if top > 1844 || carry != 0 {
				return false // above 2^64-1
			}
		}
		if f < NumFields {
			out[f] = v
		}
	}
	return true
}

// maskDigits sets bit i of digits (bit i%64 of word i/64) when byte i of
// the value text text[:n] is a digit, and reports whether every other byte
// is a space. text holds the n bytes rounded up to whole words.
func maskDigits(text []byte, n int, digits *[8]uint64) bool {
	last := len(text)/8 - 1 // the word holding byte n-1
	var wrong uint64
	j := 0
	for ; j+8 <= last; j += 8 { // whole blocks before the last word
		d, w := classifyBlock((*[64]byte)(text[8*j : 8*j+64]))
		digits[j>>3&7] = d
		wrong |= w
	}
	var block uint64
	for k := 0; j < last; j, k = j+1, k+1 {
		d, w := classifyDigits(binary.LittleEndian.Uint64(text[8*j:]))
		block |= d * maskGather >> 56 << (8 * uint(k))
		wrong |= w
	}
	// The last word: bytes past n are not this line's; read them as spaces.
	keep := ^uint64(0) >> (64 - 8*uint(n-8*last))
	x := binary.LittleEndian.Uint64(text[8*last:])
	d, w := classifyDigits(x&keep | maskSpaces&^keep)
	digits[last>>3&7] = block | d*maskGather>>56<<(8*uint(last&7))
	digits[(last>>3+1)&7] = 0 // where a value ending the text ends
	return wrong|w == 0
}

// classifyBlock is classifyDigits for the 64 bytes of b, gathering the
// digit bits into one word.
func classifyBlock(b *[64]byte) (digits, wrong uint64) {
	d0, w0 := classifyDigits(binary.LittleEndian.Uint64(b[0:]))
	d1, w1 := classifyDigits(binary.LittleEndian.Uint64(b[8:]))
	d2, w2 := classifyDigits(binary.LittleEndian.Uint64(b[16:]))
	d3, w3 := classifyDigits(binary.LittleEndian.Uint64(b[24:]))
	d4, w4 := classifyDigits(binary.LittleEndian.Uint64(b[32:]))
	d5, w5 := classifyDigits(binary.LittleEndian.Uint64(b[40:]))
	d6, w6 := classifyDigits(binary.LittleEndian.Uint64(b[48:]))
	d7, w7 := classifyDigits(binary.LittleEndian.Uint64(b[56:]))
	digits = d0*maskVars.gather>>56 | d1*maskVars.gather>>56<<8 | d2*maskVars.gather>>56<<16 | d3*maskVars.gather>>56<<24 |
		d4*maskVars.gather>>56<<32 | d5*maskVars.gather>>56<<40 | d6*maskVars.gather>>56<<48 | d7*maskVars.gather>>56<<56
	return digits, w0 | w1 | w2 | w3 | w4 | w5 | w6 | w7
}

// maskEnds writes to pos the offsets where the values of an n-byte text
// end (each the byte after a digit that is not itself a digit) and returns
// how many there are. There is at most one per two bytes, so pos cannot
// overflow.
func maskEnds(digits *[8]uint64, n int, pos *[512]uint16) int {
	count := 0
	for w := range n>>6 + 1 {
		d := digits[w&7]
		t := d &^ (d>>1 | digits[(w+1)&7]<<63)
		base := uint16(64*w + 1)
		// Eight at a time, with no test per end: TrailingZeros64 of the
		// emptied mask writes base+64 past the last, which the next block
		// overwrites or the caller ignores.
		total := count + bits.OnesCount64(t)
		t = flatten8(pos, count, base, t)
		for at := count + 8; at < total; at += 8 {
			t = flatten8(pos, at, base, t)
		}
		count = total
	}
	return count
}

// flatten8 writes base plus the positions of the lowest eight set bits of
// t to pos[at:at+8] and returns t without them. It is unrolled by hand: Go
// does not unroll loops, and the loop costs 3-4 % of the parse
// (BenchmarkValueScan).
func flatten8(pos *[512]uint16, at int, base uint16, t uint64) uint64 {
	p := (*[8]uint16)(pos[at : at+8])
	p[0] = base + uint16(bits.TrailingZeros64(t))
	t &= t - 1
	p[1] = base + uint16(bits.TrailingZeros64(t))
	t &= t - 1
	p[2] = base + uint16(bits.TrailingZeros64(t))
	t &= t - 1
	p[3] = base + uint16(bits.TrailingZeros64(t))
	t &= t - 1
	p[4] = base + uint16(bits.TrailingZeros64(t))
	t &= t - 1
	p[5] = base + uint16(bits.TrailingZeros64(t))
	t &= t - 1
	p[6] = base + uint16(bits.TrailingZeros64(t))
	t &= t - 1
	p[7] = base + uint16(bits.TrailingZeros64(t))
	t &= t - 1
	return t
}

// For a span of n bytes ending a 24-byte window of three words (n at most
// 20), keepLow[n] keeps the span's bytes of the last word, keepMid[n] of the
// middle one and keepTop[n] of the last four bytes of the first, as digit
// values (the low nibble of each).
var keepLow, keepMid, keepTop = func() (low, mid [21]uint64, top [21]uint32) {
	keepLast := func(n int) uint64 { // the last n (clamped to 0-8) bytes
		return maskLow4 &^ (^uint64(0) >> (8 * uint(min(max(n, 0), 8))))
	}
	for n := range low {
		low[n], mid[n], top[n] = keepLast(n), keepLast(n-8), uint32(keepLast(n-16)>>32)
	}
	return low, mid, top
}()

// swarDigits4 is swarDigits for four digit values in a 32-bit word.
func swarDigits4(t uint32) uint64 {
	x := uint64(t) * (10<<8 + 1) >> 8 & 0x00ff00ff
	return x * (100<<16 + 1) >> 16 & 0xffff
}

// classifyDigits returns a nonzero wrong if some byte of x is neither an
// ASCII digit nor a space, and otherwise digit: bit 4 of every byte that is
// a digit. No carry crosses a byte.
func classifyDigits(x uint64) (digit, wrong uint64) {
	// A space becomes 0x00 and a digit 0x10-0x19; anything else has a bit
	// in 0xe0 or a low nibble that does not fit its bit 4: at most 9 with
	// it, 0 without it. Adding 15 - 9*bit4 to the nibble carries into bit
	// 4 exactly when it does not fit.
	y := x ^ maskSpaces
	digit = y & maskVars.bit4
	wrong = y&maskVars.high3 | (y&maskLow4+maskLow4-digit>>4*9)&maskVars.bit4
	return digit, wrong
}

// maskVars holds three of the masks as variables: the compiler loads a
// variable once into a register, but writes a 64-bit constant into one
// afresh (a 10-byte MOVQ) at each use, four per word in classifyBlock.
// Reading these from maskVars makes the parse 1.5 % faster
// (BenchmarkProcNetDev); swarDigits does the same with swarMasks.
var maskVars = struct{ bit4, high3, gather uint64 }{maskBit4, maskHigh3, maskGather}
