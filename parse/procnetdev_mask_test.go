package parse

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// TestClassifyDigits checks classifyDigits on every byte value in every
// lane, the other lanes holding digits and spaces.
func TestClassifyDigits(t *testing.T) {
	for lane := range 8 {
		for b := range 256 {
			word := []byte("7 3 0 9 ")
			word[lane] = byte(b)
			x := uint64(0)
			for i, c := range word {
				x |= uint64(c) << (8 * i)
			}
			digit, wrong := classifyDigits(x)
			isDigit := b >= '0' && b <= '9'
			if valid := isDigit || b == ' '; (wrong == 0) != valid {
				t.Errorf("byte %#02x in lane %d: wrong %#x, want it 0 iff the byte is a digit or a space", b, lane, wrong)
				continue
			}
			if wrong != 0 {
				continue // digit means nothing
			}
			if got := digit>>(8*lane+4)&1 == 1; got != isDigit {
				t.Errorf("byte %#02x in lane %d: digit %v, want %v", b, lane, got, isDigit)
			}
			for other := range 8 {
				if other == lane {
					continue
				}
				want := word[other] != ' '
				if got := digit>>(8*other+4)&1 == 1; got != want {
					t.Errorf("byte %#02x in lane %d changed lane %d: digit %v", b, lane, other, got)
				}
			}
		}
	}
}

// kernelWidths are the column widths of the current kernel's format.
var kernelWidths = [16]int{7, 7, 4, 4, 4, 5, 10, 9, 8, 7, 4, 4, 4, 5, 7, 10}

// maskLine is a value text and whether the fast path must take it.
type maskLine struct {
	text string
	fast bool // every value is 1-20 digits below 2^64, separated by spaces
}

// randomMaskLine draws the text after the colon of a line with 16 values:
// mostly as the kernel prints it, sometimes with values of every length
// (leading zeros, 2^64 and above), runs of spaces, tabs or stray bytes.
func randomMaskLine(rng *rand.Rand) maskLine {
	var b strings.Builder
	fast := true
	values := 16
	faulty := rng.IntN(2) == 0 // half the lines may hold faults, half are as a kernel prints them
	switch rng.IntN(20) * btoi(faulty) {
	case 1:
		values = 15
		fast = false
	case 2:
		values = 17
		fast = false
	}
	for c := range values {
		var v string
		switch rng.IntN(5 + btoi(faulty)) {
		case 0:
			v = "0"
		case 1:
			v = strconv.FormatUint(rng.Uint64N(1<<uint(1+rng.IntN(63))), 10)
		case 2:
			v = strconv.FormatUint(rng.Uint64(), 10)
		case 3:
			v = strconv.FormatUint(1<<64-1-rng.Uint64N(3), 10)
		case 5: // 1 to 23 digits, maybe leading zeros, maybe above 2^64-1
			digits := make([]byte, 1+rng.IntN(23))
			for i := range digits {
				digits[i] = byte('0' + rng.IntN(10))
			}
			v = string(digits)
			if _, err := strconv.ParseUint(v, 10, 64); err != nil || len(v) > 20 {
				fast = false // above 2^64-1, or leading zeros scanValues decides on
			}
		case 4:
			v = strconv.FormatUint(rng.Uint64N(1000), 10)
		}
		sep := " "
		switch rng.IntN(30) * btoi(faulty) {
		case 1:
			sep = strings.Repeat(" ", 2+rng.IntN(70))
		case 2:
			sep = "\t"
			fast = false
		case 3:
			sep = " " + string(rune([]byte("-+x:.\x00\x80\xff")[rng.IntN(8)]))
			fast = false
		}
		if c < len(kernelWidths) && rng.IntN(4) > 0 {
			v = fmt.Sprintf("%*s", kernelWidths[c], v)
		}
		if c == 0 && rng.IntN(8) == 0 {
			sep = "" // 2.6.33 and older: the first value touches the colon
		}
		b.WriteString(sep)
		b.WriteString(v)
	}
	text := b.String()
	if rng.IntN(10) == 0 {
		text += "  " // trailing blanks
	}
	if len(text) > maskMaxLen {
		fast = false
	}
	return maskLine{text: text, fast: fast}
}

// TestScanMaskedAgrees checks the fast path against scanValues on random
// lines placed anywhere in a buffer: where both decode, the values are the
// same; where scanValues fails, the fast path declines; and every line the
// kernel could print takes the fast path.
func TestScanMaskedAgrees(t *testing.T) {
	var d ProcNetDev
	d.Reset([]byte(hdrCurrent))
	cols := d.cols[:d.ncols]
	rng := rand.New(rand.NewPCG(1, 2))
	const lines = 20000
	taken, rejected := 0, 0
	for i := range lines {
		line := randomMaskLine(rng)
		// Put the text after a prefix of 0 to 40 bytes and before a
		// suffix of 0 to 40, so that both ends of the buffer are met.
		prefix := bytes.Repeat([]byte("x"), rng.IntN(41))
		suffix := bytes.Repeat([]byte("9"), rng.IntN(41))
		buf := append(append(append([]byte{}, prefix...), line.text...), suffix...)
		d.buf = buf
		lo, hi := len(prefix), len(prefix)+len(line.text)

		var want, got [NumFields]uint64
		n, _, err := scanValues(buf[lo:hi], cols, &want)
		ok := d.scanFast(lo, hi)
		got = d.rec.Values
		exact := err == nil && n == len(cols)
		switch {
		case ok && !exact:
			t.Fatalf("line %d %q: fast path took a line scanValues rejects (%d values, %v)", i, line.text, n, err)
		case ok && got != want:
			t.Fatalf("line %d %q: fast path gave\n%v\nwant\n%v", i, line.text, got[:16], want[:16])
		case !ok && line.fast:
			t.Fatalf("line %d %q: fast path declined a kernel line", i, line.text)
		}
		if ok {
			taken++
		}
		if !exact {
			rejected++
		}
		d.rec.Values = [NumFields]uint64{}
	}
	// The draw must exercise both paths.
	if taken < lines/4 || rejected < lines/20 {
		t.Errorf("fast path took %d lines and scanValues rejected %d of %d: the draw no longer covers both", taken, rejected, lines)
	}
}

// TestScanMaskedEdges pins the value lengths and positions where the fast
// path changes how it works.
func TestScanMaskedEdges(t *testing.T) {
	var d ProcNetDev
	d.Reset([]byte(hdrCurrent))
	cols := d.cols[:d.ncols]
	tests := []struct {
		name  string
		value string
		ok    bool
	}{
		{"1 digit", "7", true},
		{"8 digits", "12345678", true},
		{"9 digits", "123456789", true},
		{"16 digits", "1234567890123456", true},
		{"17 digits", "12345678901234567", true},
		{"2^64-1", "18446744073709551615", true},
		{"2^64", "18446744073709551616", false},
		{"99999999999999999999", "99999999999999999999", false},
		{"20 digits, leading zeros", "00000000000000000001", true},
		{"21 digits, leading zeros", "000000000000000000001", false},
		{"9 digits, leading zeros", "000000012", true},
		{"9 digits from 2^64-1's tail", "709551615", true},
		{"24 digits", "123456789012345678901234", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Every column, the value at every offset in a 64-byte block,
			// after a run of 1 to 64 spaces (the value before it ends
			// that far before it starts: pass 3 reads the run as zeros)
			// and before a neighbour of 1 or 20 digits.
			for col := range 16 {
				for pad := range 64 {
					vals := make([]string, 16)
					for i := range vals {
						vals[i] = []string{"9", "18446744073709551615"}[(i+pad)%2]
					}
					vals[col] = strings.Repeat(" ", pad) + tt.value
					text := " " + strings.Join(vals, " ")
					buf := []byte(strings.Repeat(" ", maskGuard) + text + "\n        ")
					d.buf = buf
					ok := d.scanFast(maskGuard, maskGuard+len(text))
					if ok != tt.ok {
						t.Fatalf("column %d, pad %d: ok %v, want %v", col, pad, ok, tt.ok)
					}
					if !ok {
						continue
					}
					want, _ := strconv.ParseUint(tt.value, 10, 64)
					if got := d.rec.Values[cols[col]]; got != want {
						t.Fatalf("column %d, pad %d: %d, want %d", col, pad, got, want)
					}
				}
			}
		})
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// BenchmarkValueScan compares the two value decoders on the value text of
// generated kernel lines: scanValues, the byte-at-a-time path every
// unusual line takes, and scanMasked, the fast path (through scanFast,
// which pads the last line). "hosts" are genProcNetDev's lines (counters
// as busy hosts show them, mostly short); "wide" lines have counters of
// every length up to 2^64-1 (the bench module's inputs are in between).
func BenchmarkValueScan(b *testing.B) {
	wide := func(n int) []byte {
		rng := rand.New(rand.NewPCG(7, 1))
		var b strings.Builder
		b.WriteString(hdrCurrent)
		for i := range n {
			fmt.Fprintf(&b, "%6s:", "eth"+strconv.Itoa(i))
			for c := range 16 {
				fmt.Fprintf(&b, " %*d", kernelWidths[c], rng.Uint64N(1<<uint(1+rng.IntN(63))))
			}
			b.WriteByte('\n')
		}
		return []byte(b.String())
	}
	for _, input := range []struct {
		name string
		buf  []byte
	}{{"hosts", genProcNetDev(256, 7)}, {"wide", wide(256)}} {
		var d ProcNetDev
		d.Reset(input.buf)
		type span struct{ lo, hi int }
		var spans []span
		for d.Next() {
			c := lastColon(d.buf[d.start:d.off])
			spans = append(spans, span{d.start + c + 1, d.off - 1})
		}
		cols := d.cols[:d.ncols]
		var out [NumFields]uint64
		b.Run(input.name+"/scanValues", func(b *testing.B) {
			for b.Loop() {
				for _, s := range spans {
					if _, _, err := scanValues(input.buf[s.lo:s.hi], cols, &out); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(spans)), "ns/line")
		})
		b.Run(input.name+"/scanMasked", func(b *testing.B) {
			for b.Loop() {
				for _, s := range spans {
					if !d.scanFast(s.lo, s.hi) {
						b.Fatal("declined")
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(spans)), "ns/line")
		})
	}
}

// TestCheckNameEveryByte checks checkName, whose plainName shortcut tests
// eight bytes at a time, on every byte value at every position of names
// of every length, against the byte-by-byte rule.
func TestCheckNameEveryByte(t *testing.T) {
	for n := 1; n <= maxNameLen; n++ {
		for at := range n {
			for b := range 256 {
				// The name sits in a longer buffer, so the shortcut can
				// read 16 bytes; what follows it must not matter.
				buf := []byte("eth0eth0eth0eth0/\x00 \t\n")
				name := buf[:n]
				name[at] = byte(b)
				want := error(nil)
				if notInName[b] || string(name) == "." || string(name) == ".." {
					want = ErrName
				}
				if got := checkName(name); got != want {
					t.Fatalf("name %q: %v, want %v", name, got, want)
				}
			}
		}
	}
}
