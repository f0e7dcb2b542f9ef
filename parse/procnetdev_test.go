package parse

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Header lines as the kernels printed them (FORMATS.md §1.1, §1.2).
const (
	hdrCurrent = "Inter-|   Receive                                                |  Transmit\n" +
		" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
	hdr20 = "Inter-|   Receive                  |  Transmit\n" +
		" face |packets errs drop fifo frame|packets errs drop fifo colls carrier\n"
	hdr21 = "Inter-|   Receive                           |  Transmit\n" +
		" face |bytes    packets errs drop fifo frame|bytes    packets errs drop fifo colls carrier\n"
	hdr21mc = "Inter-|   Receive                           |  Transmit\n" +
		" face |bytes    packets errs drop fifo frame|bytes    packets errs drop fifo colls carrier multicast\n"
)

// rec builds the expected record: name, then field/value pairs.
func rec(name string, kv ...uint64) Record {
	r := Record{Name: []byte(name)}
	for i := 0; i+1 < len(kv); i += 2 {
		r.Set(Field(kv[i]), kv[i+1])
	}
	return r
}

// seq16 gives a current-layout record whose sixteen counters are base+0..15.
func seq16(name string, base uint64) Record {
	r := Record{Name: []byte(name)}
	for f := RxBytes; f <= TxCompressed; f++ {
		r.Set(f, base+uint64(f))
	}
	return r
}

func TestProcNetDev(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		layout ProcNetDevLayout
		want   []Record
	}{
		{
			name:   "current layout",
			in:     hdrCurrent + "    lo:     100       1    2    3    4     5          6         7      108       9   10   11   12    13      14         15\n",
			layout: LayoutCurrent,
			want: []Record{rec("lo", uint64(RxBytes), 100, uint64(RxPackets), 1, uint64(RxErrors), 2, uint64(RxDrop), 3,
				uint64(RxFIFO), 4, uint64(RxFrame), 5, uint64(RxCompressed), 6, uint64(RxMulticast), 7,
				uint64(TxBytes), 108, uint64(TxPackets), 9, uint64(TxErrors), 10, uint64(TxDrop), 11,
				uint64(TxFIFO), 12, uint64(Collisions), 13, uint64(TxCarrier), 14, uint64(TxCompressed), 15)},
		},
		{
			name:   "2.6.33 and older: colon touches the first value",
			in:     hdrCurrent + "  eth0:4046496815 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n",
			layout: LayoutCurrent,
			want: func() []Record {
				r := seq16("eth0", 0)
				r.Set(RxBytes, 4046496815)
				return []Record{r}
			}(),
		},
		{
			name:   "name ends at the last colon",
			in:     hdrCurrent + "team0:1:       0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\ntun10001:1:0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n",
			layout: LayoutCurrent,
			want:   []Record{seq16("team0:1", 0), seq16("tun10001:1", 0)},
		},
		{
			name:   "15-byte, UTF-8, ESC, @ and . in names",
			in:     hdrCurrent + "enp0s31f6abcdef: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n\xf0\x9f\x92\xa90: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\ne\x1b[31mx: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\nveth0@if3.v: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n",
			layout: LayoutCurrent,
			want:   []Record{seq16("enp0s31f6abcdef", 0), seq16("\U0001F4A90", 0), seq16("e\x1b[31mx", 0), seq16("veth0@if3.v", 0)},
		},
		{
			name:   "no statistics available: reported without counters",
			in:     hdrCurrent + "    lo: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\ndummy0: No statistics available.\n",
			layout: LayoutCurrent,
			want:   []Record{seq16("lo", 0), {Name: []byte("dummy0")}},
		},
		{
			name:   "no final newline",
			in:     hdrCurrent + "    lo: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15",
			layout: LayoutCurrent,
			want:   []Record{seq16("lo", 0)},
		},
		{
			name:   "header only",
			in:     hdrCurrent,
			layout: LayoutCurrent,
		},
		{
			name:   "header only without final newline",
			in:     strings.TrimSuffix(hdrCurrent, "\n"),
			layout: LayoutCurrent,
		},
		{
			name:   "counters at 2^64-1",
			in:     hdrCurrent + "eth0: 18446744073709551615 1 2 3 4 5 6 7 8 9 10 11 12 13 14 18446744073709551615\n",
			layout: LayoutCurrent,
			want: func() []Record {
				r := seq16("eth0", 0)
				r.Set(RxBytes, 1<<64-1)
				r.Set(TxCompressed, 1<<64-1)
				return []Record{r}
			}(),
		},
		{
			name:   "CR LF line ends",
			in:     strings.ReplaceAll(hdrCurrent+"eth0: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n", "\n", "\r\n"),
			layout: LayoutCurrent,
			want:   []Record{seq16("eth0", 0)},
		},
		{
			name:   "tabs and runs of blanks",
			in:     hdrCurrent + "\teth0:\t0  1\t2 3 4 5 6 7 8 9 10 11 12 13 14 15  \n",
			layout: LayoutCurrent,
			want:   []Record{seq16("eth0", 0)},
		},
		{
			name:   "Linux 2.0: 11 columns, no bytes",
			in:     hdr20 + "    lo:      1    2    3    4    5        6    7    8    9    10    11\ndummy: No statistics available.\n",
			layout: Layout20,
			want: []Record{rec("lo", uint64(RxPackets), 1, uint64(RxErrors), 2, uint64(RxDrop), 3, uint64(RxFIFO), 4,
				uint64(RxFrame), 5, uint64(TxPackets), 6, uint64(TxErrors), 7, uint64(TxDrop), 8, uint64(TxFIFO), 9,
				uint64(Collisions), 10, uint64(TxCarrier), 11), {Name: []byte("dummy")}},
		},
		{
			name:   "Linux 2.1: 13 columns",
			in:     hdr21 + "  eth0:100 1 2 3 4 5 200 6 7 8 9 10 11\n",
			layout: Layout21,
			want: []Record{rec("eth0", uint64(RxBytes), 100, uint64(RxPackets), 1, uint64(RxErrors), 2, uint64(RxDrop), 3,
				uint64(RxFIFO), 4, uint64(RxFrame), 5, uint64(TxBytes), 200, uint64(TxPackets), 6, uint64(TxErrors), 7,
				uint64(TxDrop), 8, uint64(TxFIFO), 9, uint64(Collisions), 10, uint64(TxCarrier), 11)},
		},
		{
			name:   "Linux 2.1.80: multicast appended",
			in:     hdr21mc + "  eth0:100 1 2 3 4 5 200 6 7 8 9 10 11 12\n",
			layout: Layout21,
			want: []Record{rec("eth0", uint64(RxBytes), 100, uint64(RxPackets), 1, uint64(RxErrors), 2, uint64(RxDrop), 3,
				uint64(RxFIFO), 4, uint64(RxFrame), 5, uint64(TxBytes), 200, uint64(TxPackets), 6, uint64(TxErrors), 7,
				uint64(TxDrop), 8, uint64(TxFIFO), 9, uint64(Collisions), 10, uint64(TxCarrier), 11, uint64(RxMulticast), 12)},
		},
		{
			name: "a column a future kernel adds is skipped",
			in: "Inter-|   Receive                                                |  Transmit\n" +
				" face |bytes    packets errs drop fifo frame compressed multicast nohandler|bytes    packets errs drop fifo colls carrier compressed\n" +
				"  eth0: 0 1 2 3 4 5 6 7 999 8 9 10 11 12 13 14 15\n",
			layout: LayoutCurrent,
			want:   []Record{seq16("eth0", 0)},
		},
		{
			name:   "blanks between the name and the colon",
			in:     hdrCurrent + "eth0\t: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\neth1 \t:0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n",
			layout: LayoutCurrent,
			want:   []Record{seq16("eth0", 0), seq16("eth1", 0)},
		},
		{
			name:   "duplicate names are both kept",
			in:     hdrCurrent + "eth0: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\neth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n",
			layout: LayoutCurrent,
			want:   []Record{seq16("eth0", 0), seq16("eth0", 1)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := AppendProcNetDev(nil, "test", []byte(tt.in))
			if err != nil {
				t.Fatalf("AppendProcNetDev: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("records mismatch (-want +got):\n%s", diff)
			}
			var d ProcNetDev
			d.Reset([]byte(tt.in))
			for d.Next() {
			}
			if d.Layout() != tt.layout {
				t.Errorf("Layout() = %v, want %v", d.Layout(), tt.layout)
			}
		})
	}
}

func TestProcNetDevErrors(t *testing.T) {
	const good = "    lo: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n"
	tests := []struct {
		name    string
		in      string
		wantErr error
		line    int
		field   string
		iface   string
		text    string
		nrec    int // records before the error
	}{
		{name: "empty input", in: "", wantErr: ErrEmpty, line: 1},
		{name: "no header", in: good, wantErr: ErrHeader, line: 1, text: strings.TrimSuffix(good, "\n")},
		{name: "header line 1 without its bar", in: "Inter-   Receive  |  Transmit\n" + strings.SplitAfter(hdrCurrent, "\n")[1] + good,
			wantErr: ErrHeader, line: 1, text: "Inter-   Receive  |  Transmit"},
		{name: "header line 1 only", in: "Inter-|   Receive  |  Transmit\n", wantErr: ErrHeader, line: 2},
		{name: "unknown header", in: "Inter-| a | b\n face |x y|z w\n", wantErr: ErrHeader, line: 2, text: " face |x y|z w"},
		{name: "header without tx group", in: "Inter-|\n face |bytes packets errs drop\n", wantErr: ErrHeader, line: 2},
		{name: "header of 65 columns", in: "Inter-|\n face |packets errs" + strings.Repeat(" x", 61) + "|packets errs\n", wantErr: ErrHeader, line: 2},
		{name: "header naming a counter twice", in: "Inter-|\n face |packets errs packets|packets errs\n", wantErr: ErrHeader, line: 2},
		{name: "line without colon", in: hdrCurrent + good + "eth0 0 1 2\n", wantErr: ErrNoColon, line: 4, text: "eth0 0 1 2", nrec: 1},
		{name: "blank line", in: hdrCurrent + good + "\n" + good, wantErr: errBlankLine, line: 4, nrec: 1},
		{name: "line of blanks", in: hdrCurrent + good + " \t \n" + good, wantErr: errBlankLine, line: 4, nrec: 1},
		{name: "empty name", in: hdrCurrent + "   : 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n", wantErr: ErrEmptyName, line: 3, text: "   "},
		{name: "name longer than 15 bytes", in: hdrCurrent + "abcdefghijklmnop: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n", wantErr: ErrName, line: 3, text: "abcdefghijklmnop"},
		{name: "name with a slash", in: hdrCurrent + "a/b: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n", wantErr: ErrName, line: 3, text: "a/b"},
		{name: "name with a space inside", in: hdrCurrent + "a b: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n", wantErr: ErrName, line: 3, text: "a b"},
		{name: "name dot-dot", in: hdrCurrent + "..: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n", wantErr: ErrName, line: 3, text: ".."},
		{name: "short line", in: hdrCurrent + good + "eth0: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14\n", wantErr: ErrFieldCount, line: 4, field: "tx compressed", iface: "eth0", nrec: 1},
		{name: "long line", in: hdrCurrent + "eth0: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n", wantErr: ErrFieldCount, line: 3, field: "column 17", iface: "eth0", text: "16"},
		{name: "not a number", in: hdrCurrent + "eth0: 0 1 2 3 x4 5 6 7 8 9 10 11 12 13 14 15\n", wantErr: strconv.ErrSyntax, line: 3, field: "rx fifo", iface: "eth0", text: "x4"},
		{name: "digits then garbage", in: hdrCurrent + "eth0: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15x\n", wantErr: strconv.ErrSyntax, line: 3, field: "tx compressed", iface: "eth0", text: "15x"},
		{name: "negative", in: hdrCurrent + "eth0: 0 1 2 -3 4 5 6 7 8 9 10 11 12 13 14 15\n", wantErr: ErrNegative, line: 3, field: "rx drop", iface: "eth0", text: "-3"},
		{name: "2^64", in: hdrCurrent + "eth0: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 18446744073709551616\n", wantErr: strconv.ErrRange, line: 3, field: "tx compressed", iface: "eth0", text: "18446744073709551616"},
		{name: "40 digits", in: hdrCurrent + "eth0: 1234567890123456789012345678901234567890 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n", wantErr: strconv.ErrRange, line: 3, field: "rx bytes", iface: "eth0", text: "1234567890123456789012345678901234567890"},
		{name: "CR inside a line", in: hdrCurrent + "eth0: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\r \n", wantErr: strconv.ErrSyntax, line: 3, field: "tx compressed", iface: "eth0", text: "15\r"},
		{name: "NUL byte in values", in: hdrCurrent + "eth0: 0 1 2 3 4\x005 6 7 8 9 10 11 12 13 14 15\n", wantErr: strconv.ErrSyntax, line: 3, field: "rx fifo", iface: "eth0", text: "4\x005"},
		{name: "truncated statistics text", in: hdrCurrent + "dummy0: No statistics\n", wantErr: strconv.ErrSyntax, line: 3, field: "rx bytes", iface: "dummy0", text: "No"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := AppendProcNetDev(nil, "/proc/net/dev", []byte(tt.in))
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error = %v, want one wrapping %v", err, tt.wantErr)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not a *ParseError", err)
			}
			want := ParseError{Source: "/proc/net/dev", Line: tt.line, Field: tt.field, Name: tt.iface, Text: tt.text, Err: tt.wantErr}
			if tt.text == "" {
				want.Text = pe.Text // the excerpt is checked where the case gives one
			}
			if diff := cmp.Diff(want, *pe, cmp.Comparer(func(a, b error) bool { return a == b })); diff != "" {
				t.Errorf("ParseError mismatch (-want +got):\n%s", diff)
			}
			if len(got) != tt.nrec {
				t.Errorf("got %d records before the error, want %d", len(got), tt.nrec)
			}
			if !strings.HasPrefix(err.Error(), "netio: /proc/net/dev:"+strconv.Itoa(tt.line)+": ") {
				t.Errorf("message %q does not say where", err)
			}
		})
	}
}

func TestParseErrorExcerptBounded(t *testing.T) {
	line := "eth0: " + strings.Repeat("9", 1<<20) + "\n"
	_, err := AppendProcNetDev(nil, "big", []byte(hdrCurrent+line))
	if !errors.Is(err, strconv.ErrRange) {
		t.Fatalf("error = %v, want ErrRange", err)
	}
	if n := len(err.Error()); n > 200 {
		t.Errorf("message is %d bytes; a 1 MB line must not flood it", n)
	}
}

// TestProcNetDevRecordBorrows checks the documented aliasing: a record's
// Name borrows from the input, and Clone makes it independent.
func TestProcNetDevRecordBorrows(t *testing.T) {
	buf := []byte(hdrCurrent + "eth0: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n")
	var d ProcNetDev
	d.Reset(buf)
	if !d.Next() {
		t.Fatal(d.Err())
	}
	kept := d.Record().Clone()
	borrowed := d.Record().Name
	copy(buf[len(hdrCurrent):], "ETH9")
	if string(borrowed) != "ETH9" {
		t.Errorf("borrowed name = %q, want it to alias the buffer", borrowed)
	}
	if string(kept.Name) != "eth0" {
		t.Errorf("cloned name = %q, want eth0 after the buffer changed", kept.Name)
	}
}

// TestProcNetDevFields checks Fields against the header.
func TestProcNetDevFields(t *testing.T) {
	var d ProcNetDev
	d.Reset([]byte(hdrCurrent))
	if got := d.Fields(); got != Portable {
		t.Errorf("Fields() = %#x, want Portable %#x", got, Portable)
	}
	d.Reset([]byte(hdr20))
	if got := d.Fields(); got.Has(RxBytes) || !got.Has(RxPackets) || got.Has(RxCompressed) {
		t.Errorf("2.0 Fields() = %#x", got)
	}
}

// TestProcNetDevHeaderCache re-reads a file after reading another whose
// header line 2 differs: the header decoded for the first must not be
// reused with the columns of the other (a poller reads the same file
// again and again, which the header cache speeds up).
func TestProcNetDevHeaderCache(t *testing.T) {
	const line = "eth0: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n"
	// A header whose first two columns are swapped and that is longer than
	// the cache keeps (unknown columns pad it past 192 bytes).
	long := "Inter-|   Receive   |  Transmit\n" +
		" face |packets bytes errs drop fifo frame compressed multicast" + strings.Repeat(" future", 20) +
		"|bytes    packets errs drop fifo colls carrier compressed\n"
	if len(strings.SplitAfter(long, "\n")[1]) <= maxCachedHeader {
		t.Fatal("the long header fits the cache")
	}
	tests := []struct {
		name    string
		between string // the file read between two readings of hdrCurrent + line
		want    []Record
		wantErr error
	}{
		{
			name:    "a header naming a counter twice",
			between: "Inter-|\n face |packets bytes errs drop fifo frame compressed multicast|bytes packets errs drop fifo colls carrier compressed packets\n" + line,
			wantErr: ErrHeader,
		},
		{
			name:    "a header of 65 columns",
			between: "Inter-|\n face |packets bytes errs" + strings.Repeat(" x", 60) + "|packets errs\n" + line,
			wantErr: ErrHeader,
		},
		{
			name:    "a header too long to cache",
			between: long + "eth0: 1 0 2 3 4 5 6 7" + strings.Repeat(" 9", 20) + " 8 9 10 11 12 13 14 15\n",
			want:    []Record{seq16("eth0", 0)},
		},
		{
			name:    "another good header",
			between: hdr20 + "eth0: 1 2 3 4 5 6 7 8 9 10 11\n",
			want: []Record{rec("eth0", uint64(RxPackets), 1, uint64(RxErrors), 2, uint64(RxDrop), 3, uint64(RxFIFO), 4,
				uint64(RxFrame), 5, uint64(TxPackets), 6, uint64(TxErrors), 7, uint64(TxDrop), 8, uint64(TxFIFO), 9,
				uint64(Collisions), 10, uint64(TxCarrier), 11)},
		},
	}
	read := func(d *ProcNetDev, in string) ([]Record, error) {
		d.Reset([]byte(in))
		var got []Record
		for d.Next() {
			got = append(got, d.Record().Clone())
		}
		return got, d.Err()
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d ProcNetDev
			for i, in := range []string{hdrCurrent + line, tt.between, hdrCurrent + line, hdrCurrent + line} {
				want, wantErr := []Record{seq16("eth0", 0)}, error(nil)
				if i == 1 {
					want, wantErr = tt.want, tt.wantErr
				}
				got, err := read(&d, in)
				if !errors.Is(err, wantErr) {
					t.Fatalf("reading %d: error %v, want %v", i+1, err, wantErr)
				}
				var pe *ParseError
				if wantErr != nil && (!errors.As(err, &pe) || pe.Line != 2) {
					t.Errorf("reading %d: error %#v, want a *ParseError at line 2", i+1, err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("reading %d: records (-want +got):\n%s", i+1, diff)
				}
			}
		})
	}
}

// TestProcNetDevKeep checks that Keep skips lines before their values are
// decoded: a rejected line with bad values is not an error, a kept one is.
func TestProcNetDevKeep(t *testing.T) {
	in := hdrCurrent + "eth0: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\nveth0: garbage\neth1: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n"
	d := ProcNetDev{Keep: func(name []byte) bool { return strings.HasPrefix(string(name), "eth") }}
	d.Reset([]byte(in))
	var got []Record
	for d.Next() {
		got = append(got, d.Record().Clone())
	}
	if err := d.Err(); err != nil {
		t.Fatalf("filtered decode: %v", err)
	}
	if diff := cmp.Diff([]Record{seq16("eth0", 0), seq16("eth1", 1)}, got); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
	d.Keep = func(name []byte) bool { return string(name) != "eth0" }
	d.Reset([]byte(in))
	for d.Next() {
	}
	if !errors.Is(d.Err(), strconv.ErrSyntax) {
		t.Errorf("kept bad line: error %v, want ErrSyntax", d.Err())
	}
}

// TestFoldNarrowWraps checks the folded sum of 32-bit parts is a 32-bit
// counter: its delta across a part's wrap is the sum of the parts' deltas.
func TestFoldNarrowWraps(t *testing.T) {
	parts := []Field{RxLengthErrors, RxOverErrors, RxCRCErrors, RxFrameErrors}
	before, after := Record{}, Record{}
	for i, f := range parts {
		before.Set(f, 1<<32-10+uint64(i))
		after.Set(f, 1<<32-10+uint64(i)+5)
		before.Narrow, after.Narrow = before.Narrow.With(f), after.Narrow.With(f)
	}
	after.Set(RxCRCErrors, 3) // wrapped: 1<<32-8 + 11 = 2^32 + 3
	before.FoldLinuxDetail()
	after.FoldLinuxDetail()
	if !after.Narrow.Has(RxFrame) || after.Values[RxFrame] >= 1<<32 {
		t.Fatalf("folded rx_frame = %d, narrow %v; want a 32-bit value", after.Values[RxFrame], after.Narrow.Has(RxFrame))
	}
	if got := (after.Values[RxFrame] - before.Values[RxFrame]) & (1<<32 - 1); got != 5+5+11+5 {
		t.Errorf("rx_frame delta mod 2^32 = %d, want 26", got)
	}
}

// TestFoldLinuxDetail checks the width of each folded sum: 32-bit if any
// part is (kept modulo 2^32), else 64-bit, whatever the record said before.
func TestFoldLinuxDetail(t *testing.T) {
	const big = 1 << 32
	narrow := func(r Record, fs ...Field) Record {
		for _, f := range fs {
			r.Narrow = r.Narrow.With(f)
		}
		return r
	}
	frame := func(length, over, crc, frameErr uint64) Record {
		return rec("eth0", uint64(RxLengthErrors), length, uint64(RxOverErrors), over,
			uint64(RxCRCErrors), crc, uint64(RxFrameErrors), frameErr)
	}
	withSum := func(r Record, f Field, v uint64) Record { r.Set(f, v); return r }
	tests := []struct {
		name string
		in   Record
		want Record
	}{
		{
			name: "wide parts: a 64-bit sum",
			in:   frame(10, big+20, 30, 40),
			want: withSum(frame(10, big+20, 30, 40), RxFrame, big+100),
		},
		{
			name: "the first part narrow, the last wide: a 32-bit sum",
			in:   narrow(frame(10, big+20, 30, 40), RxLengthErrors),
			want: narrow(withSum(frame(10, big+20, 30, 40), RxFrame, 100), RxLengthErrors, RxFrame),
		},
		{
			name: "the last part narrow: a 32-bit sum",
			in:   narrow(frame(10, big+20, 30, 40), RxFrameErrors),
			want: narrow(withSum(frame(10, big+20, 30, 40), RxFrame, 100), RxFrameErrors, RxFrame),
		},
		{
			name: "wide parts clear a stale narrow sum",
			in:   narrow(withSum(frame(10, big+20, 30, 40), RxFrame, 7), RxFrame),
			want: withSum(frame(10, big+20, 30, 40), RxFrame, big+100),
		},
		{
			name: "a part missing: the sum is left as it was",
			in:   narrow(rec("eth0", uint64(RxDropped), big+1, uint64(RxDrop), 7), RxDrop),
			want: narrow(rec("eth0", uint64(RxDropped), big+1, uint64(RxDrop), 7), RxDrop),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.in
			got.FoldLinuxDetail()
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("record (-want +got):\n%s", diff)
			}
		})
	}
}
