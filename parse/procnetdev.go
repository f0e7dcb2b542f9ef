package parse

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"strconv"
)

// A ProcNetDevLayout is one of the layouts Linux has printed in
// /proc/net/dev, told apart by the column names of header line 2.
type ProcNetDevLayout uint8

const (
	// LayoutUnknown: no header decoded yet.
	LayoutUnknown ProcNetDevLayout = iota
	// Layout20: Linux 2.0 to about 2.1.27: 11 columns, no byte counters
	// (rx: packets errs drop fifo frame; tx: packets errs drop fifo colls
	// carrier), values printed signed.
	Layout20
	// Layout21: about 2.1.28 to 2.1.90: byte counters added (13 columns),
	// and on some development kernels multicast at the end (14).
	Layout21
	// LayoutCurrent: 2.1.91 to today: 16 columns (bytes packets errs drop
	// fifo frame compressed multicast | bytes packets errs drop fifo colls
	// carrier compressed). Kernels before 2.6.34 print no space after the
	// colon, so a large first counter touches the name ("eth0:4046496815").
	LayoutCurrent
)

// String names the layout.
func (l ProcNetDevLayout) String() string {
	switch l {
	case Layout20:
		return "linux-2.0"
	case Layout21:
		return "linux-2.1"
	case LayoutCurrent:
		return "linux-current"
	}
	return "unknown"
}

// maxColumns bounds the columns a header may name. The kernel has never
// printed more than 16; the bound leaves room for future columns while
// keeping the column map a fixed array.
const maxColumns = 64

// noField marks a column the decoder does not know; its values are checked
// to be numbers and otherwise ignored.
const noField Field = 0xff

// maxNameLen is IFNAMSIZ-1, the longest name any Linux kernel accepts.
const maxNameLen = 15

// procLabels name the /proc/net/dev columns in errors, as "rx drop".
var procLabels = [TxCompressed + 1]string{
	RxBytes: "rx bytes", RxPackets: "rx packets", RxErrors: "rx errs",
	RxDrop: "rx drop", RxFIFO: "rx fifo", RxFrame: "rx frame",
	RxCompressed: "rx compressed", RxMulticast: "rx multicast",
	TxBytes: "tx bytes", TxPackets: "tx packets", TxErrors: "tx errs",
	TxDrop: "tx drop", TxFIFO: "tx fifo", Collisions: "tx colls",
	TxCarrier: "tx carrier", TxCompressed: "tx compressed",
}

// noStatistics is what Linux 2.0 to 2.6.2x print for a device whose driver
// has no get_stats hook.
var noStatistics = []byte("No statistics available.")

// A ProcNetDev decodes the text of /proc/net/dev (or /proc/<pid>/net/dev)
// as every Linux kernel since 2.0 prints it.
//
// The layout is chosen by header line 2 and columns are mapped by their
// header names, so a column a future kernel adds is skipped, never misread.
// A line's name ends at its last ':' (old kernels allowed "team0:1" and
// printed "tun10001:1:123456789012"); the values after it are split on
// spaces and tabs. Lines may end in "\n" or "\r\n", and the last line may
// have no end.
//
// Records declare every counter 64 bits wide: the kernel prints u64 since
// 2.6.36. On 32-bit kernels some drivers' counters still wrap at 2^32
// (FORMATS.md §1.2), which a diff then sees as a reset.
//
// Use: Reset with the whole file, then call Next until it returns false,
// reading Record after each true (AppendRecord keeps a copy in a slice),
// then check Err. A ProcNetDev allocates nothing; its zero value is ready
// for Reset; it is safe to copy before use.
type ProcNetDev struct {
	// Source names the input in errors, such as "/proc/net/dev".
	Source string
	// Keep, if set, filters interfaces by name: a line whose name it
	// rejects is skipped before its values are decoded (its name is still
	// checked), so filtering large hosts stays cheap. Keep must not retain
	// the name.
	Keep func(name []byte) bool

	buf    []byte
	off    int
	start  int // where the line nextLine returned starts in buf
	line   int
	layout ProcNetDevLayout
	ncols  int
	cols   [maxColumns]Field
	fields FieldSet // the fields cols maps
	rec    Record
	err    error
	ends   [512]uint16 // scratch for scanMasked

	// The last header line 2 decoded, so that re-reading the same file
	// (a poller) skips decoding it again; hdrLen 0 means none.
	hdr       [maxCachedHeader]byte
	hdrLen    int
	hdrLayout ProcNetDevLayout
	hdrNcols  int
	hdrFields FieldSet
}

// maxCachedHeader bounds the header line kept for reuse; the current
// kernel's is 122 bytes.
const maxCachedHeader = 192

// Reset starts decoding buf, which must hold the whole file, and decodes
// its two header lines. Errors are reported by Next and Err.
func (d *ProcNetDev) Reset(buf []byte) {
	d.buf, d.off, d.line, d.err = buf, 0, 0, nil
	d.layout, d.ncols, d.fields = LayoutUnknown, 0, 0
	d.rec = Record{}
	if len(buf) == 0 {
		d.err = &ParseError{Source: d.Source, Line: 1, Err: ErrEmpty}
		return
	}
	l1, ok1 := d.nextLine()
	l2, ok2 := d.nextLine()
	if !ok1 || !bytes.HasPrefix(l1, []byte("Inter-|")) {
		d.err = &ParseError{Source: d.Source, Line: 1, Text: excerpt(l1), Err: ErrHeader}
		return
	}
	if !ok2 {
		d.err = &ParseError{Source: d.Source, Line: 2, Err: ErrHeader}
		return
	}
	if d.hdrLen > 0 && string(l2) == string(d.hdr[:d.hdrLen]) {
		d.layout, d.ncols, d.fields = d.hdrLayout, d.hdrNcols, d.hdrFields
		return
	}
	d.hdrLen = 0
	if !d.header(l2) {
		d.err = &ParseError{Source: d.Source, Line: 2, Text: excerpt(l2), Err: ErrHeader}
		return
	}
	if len(l2) <= maxCachedHeader {
		d.hdrLen = copy(d.hdr[:], l2)
		d.hdrLayout, d.hdrNcols, d.hdrFields = d.layout, d.ncols, d.fields
	}
}

// nextLine returns the next line without its '\n' (or "\r\n") and
// advances; ok is false at the end of the input.
func (d *ProcNetDev) nextLine() (line []byte, ok bool) {
	if d.off >= len(d.buf) {
		return nil, false
	}
	rest := d.buf[d.off:]
	d.start = d.off
	d.line++
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		d.off += i + 1
		rest = rest[:i]
	} else {
		d.off = len(d.buf)
	}
	// A copy that crossed Windows may end its lines in CR LF; the kernel
	// never prints a CR, and no name or value can hold one.
	if len(rest) > 0 && rest[len(rest)-1] == '\r' {
		rest = rest[:len(rest)-1]
	}
	return rest, true
}

// header maps the columns of header line 2, " face |<rx names>|<tx names>".
func (d *ProcNetDev) header(l []byte) bool {
	l = trimBlank(l)
	rest, ok := bytes.CutPrefix(l, []byte("face |"))
	if !ok {
		return false
	}
	rx, tx, ok := bytes.Cut(rest, []byte("|"))
	if !ok || bytes.IndexByte(tx, '|') >= 0 {
		return false
	}
	var seen FieldSet
	sawBytes, sawCompressed := false, false
	for g, group := range [2][]byte{rx, tx} {
		for len(group) > 0 {
			var tok []byte
			tok, group = nextToken(group)
			if tok == nil {
				break
			}
			if d.ncols == maxColumns {
				return false
			}
			f := procColumn(g == 1, tok)
			if f != noField {
				if seen.Has(f) {
					return false // a counter named twice
				}
				seen = seen.With(f)
			}
			sawBytes = sawBytes || string(tok) == "bytes"
			sawCompressed = sawCompressed || string(tok) == "compressed"
			d.cols[d.ncols] = f
			d.ncols++
		}
	}
	// Every layout since 2.0 has packets and errs both ways.
	const required = FieldSet(1<<RxPackets | 1<<RxErrors | 1<<TxPackets | 1<<TxErrors)
	if seen&required != required {
		return false
	}
	d.fields = seen
	switch {
	case sawCompressed:
		d.layout = LayoutCurrent
	case sawBytes:
		d.layout = Layout21
	default:
		d.layout = Layout20
	}
	return true
}

// procColumn maps a header column name to its field; tx says which group.
func procColumn(tx bool, name []byte) Field {
	switch string(name) {
	case "bytes":
		return pick(tx, RxBytes, TxBytes)
	case "packets":
		return pick(tx, RxPackets, TxPackets)
	case "errs":
		return pick(tx, RxErrors, TxErrors)
	case "drop":
		return pick(tx, RxDrop, TxDrop)
	case "fifo":
		return pick(tx, RxFIFO, TxFIFO)
	case "compressed":
		return pick(tx, RxCompressed, TxCompressed)
	case "multicast":
		// ~2.1.80-2.1.90 appended the (receive) multicast count after
		// the transmit columns.
		return RxMulticast
	case "frame":
		if !tx {
			return RxFrame
		}
	case "colls":
		if tx {
			return Collisions
		}
	case "carrier":
		if tx {
			return TxCarrier
		}
	}
	return noField
}

func pick(tx bool, rx, txf Field) Field {
	if tx {
		return txf
	}
	return rx
}

// Layout returns the layout its header declared, once Reset succeeded.
func (d *ProcNetDev) Layout() ProcNetDevLayout { return d.layout }

// Fields returns the set of counters the header declares: the fields every
// record of a fully counted line has.
func (d *ProcNetDev) Fields() FieldSet { return d.fields }

// scanValues decodes the blank-separated decimal values of vals into out,
// value k going to out[cols[k]] (skipped when cols[k] is noField). It
// returns the number of values; on error also the index of the bad value,
// its text and the reason.
//
// It decodes every line scanMasked declines (tabs, leading zeros past 20
// digits, and every error) and is the one that says what is wrong. Blanks
// are skipped and digits converted eight bytes at a time (SWAR): a word of
// eight digits is checked with two additions and converted with three
// multiplications. Values of 20 digits or more are decoded again with an
// overflow check.
func scanValues(vals []byte, cols []Field, out *[NumFields]uint64) (n int, bad []byte, err error) {
	const (
		spaces = 0x2020202020202020
		zeros  = 0x3030303030303030
		high   = 0x8080808080808080
		over9  = 0x7676767676767676 // adding it sets a byte's high bit iff the byte is > 9
	)
	i, col, end := 0, 0, len(vals)
	for {
		var v uint64
		start := -1
		for i+8 <= end {
			x := binary.LittleEndian.Uint64(vals[i:])
			y := x ^ spaces
			if y == 0 {
				i += 8
				continue
			}
			s := bits.TrailingZeros64(y) >> 3
			// The rest of this word often holds the whole value: decode
			// it from the same load when a non-digit ends it in the word.
			// The s bytes shifted in on top are 0, a non-digit.
			t := x>>(8*s) - zeros
			m := (t | (t + over9)) & high
			if k := bits.TrailingZeros64(m) >> 3; k > 0 && k < 8-s {
				start, v = i+s, t&0xff // one digit: most error and drop counters are 0
				if k > 1 {
					v = swarDigits(t << (64 - 8*k))
				}
				i += s + k
				goto digitsDone
			}
			i += s
			break
		}
		for i < end && (vals[i] == ' ' || vals[i] == '\t') {
			i++
		}
		if i == end {
			return col, nil, nil
		}
		start = i
		for i+8 <= end {
			t := binary.LittleEndian.Uint64(vals[i:]) - zeros
			// Bytes above the first non-digit may be garbled by borrows;
			// only the digits below it are used.
			m := (t | (t + over9)) & high
			if m == 0 {
				v = v*1e8 + swarDigits(t)
				i += 8
				continue
			}
			if k := bits.TrailingZeros64(m) >> 3; k > 0 {
				v = v*pow10[k] + swarDigits(t<<(64-8*k))
				i += k
			}
			goto digitsDone
		}
		for i < end {
			c := vals[i] - '0'
			if c > 9 {
				break
			}
			v = v*10 + uint64(c)
			i++
		}
	digitsDone:
		if col >= len(cols) {
			// More values than the header names.
			return col, vals[start:], ErrFieldCount
		}
		if i < end && vals[i] != ' ' && vals[i] != '\t' || i == start {
			for i < end && vals[i] != ' ' && vals[i] != '\t' {
				i++
			}
			if vals[start] == '-' {
				return col, vals[start:i], ErrNegative
			}
			return col, vals[start:i], errSyntax
		}
		if i-start > 19 { // 20 digits or more may not fit: decode again, checked
			var ok bool
			if v, ok = parseDigits(vals[start:i]); !ok {
				return col, vals[start:i], errRange
			}
		}
		if f := cols[col]; f < NumFields {
			out[f] = v
		}
		col++
	}
}

// pow10[k] is 10^k.
var pow10 = [9]uint64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8}

// swarDigits converts eight digit values (0-9), one per byte, the first
// (most significant) digit in the lowest byte, to their number: each
// multiplication joins neighbouring pairs (digits, then two-digit and
// four-digit numbers) in place.
func swarDigits(t uint64) uint64 {
	t = t * (10<<8 + 1) >> 8 & swarMasks.pairs
	t = t * (100<<16 + 1) >> 16 & swarMasks.quads
	return t * swarMasks.last >> 32
}

// swarMasks holds swarDigits' 64-bit constants as variables, which the
// compiler keeps in registers across a loop instead of writing each into
// one at every use (see maskVars): 2.4 % of a parse (BenchmarkProcNetDev).
var swarMasks = struct{ pairs, quads, last uint64 }{0x00ff00ff00ff00ff, 0x0000ffff0000ffff, 10000<<32 + 1}

// errBlankLine is ErrNoColon for a line of nothing but blanks, which no
// kernel prints (hand-made files do), saying so.
var errBlankLine error = blankLineError{}

type blankLineError struct{}

func (blankLineError) Error() string { return ErrNoColon.Error() + " (a blank line)" }
func (blankLineError) Unwrap() error { return ErrNoColon }

// lastColon returns the index of the last ':' in l, or -1. Names end at the
// last colon; it is found with the vectorised IndexByte, since the colon
// is near the start of a long line and a backward byte loop would walk the
// whole line.
func lastColon(l []byte) int {
	c := bytes.IndexByte(l, ':')
	if c < 0 {
		return -1
	}
	for {
		next := bytes.IndexByte(l[c+1:], ':')
		if next < 0 {
			return c
		}
		c += next + 1
	}
}

// parseDigits decodes a run of ASCII digits, reporting false if the value
// does not fit in 64 bits. Leading zeros are allowed.
func parseDigits(b []byte) (uint64, bool) {
	var v uint64
	for _, c := range b {
		d := uint64(c - '0')
		if v > (1<<64-1-d)/10 {
			return 0, false
		}
		v = v*10 + d
	}
	return v, true
}

// Next decodes the next interface line. It returns false at the end of the
// input or on the first error, which Err then returns.
func (d *ProcNetDev) Next() bool {
	if d.err != nil {
		return false
	}
	for {
		l, ok := d.nextLine()
		if !ok {
			return false
		}
		// The common line: no filter, and values after the first colon
		// that scanFast takes, so holding no colon: the first is the last.
		if d.Keep == nil {
			if c := bytes.IndexByte(l, ':'); c >= 0 && d.scanFast(d.start+c+1, d.start+len(l)) {
				name := trimBlank(l[:c])
				if err := checkName(name); err != nil {
					return d.fail(nil, "", l[:c], err)
				}
				d.rec.Name, d.rec.Has = name, d.fields
				return true
			}
		}
		c := lastColon(l)
		if c < 0 {
			if len(trimBlank(l)) == 0 {
				return d.fail(nil, "", l, errBlankLine)
			}
			return d.fail(nil, "", l, ErrNoColon)
		}
		name := trimBlank(l[:c])
		if err := checkName(name); err != nil {
			return d.fail(nil, "", l[:c], err)
		}
		if d.Keep == nil || d.Keep(name) {
			return d.decode(l, c, name)
		}
	}
}

// decode decodes the values of line l, whose name ends at c.
func (d *ProcNetDev) decode(l []byte, c int, name []byte) bool {
	vals := l[c+1:]
	// Every good line sets every column the header maps, so the record
	// is only cleared when a line sets none.
	d.rec.Name = name
	d.rec.Has = d.fields
	if d.scanFast(d.start+c+1, d.start+len(l)) {
		return true
	}
	if bytes.Equal(trimBlank(vals), noStatistics) {
		d.rec.Has = 0
		d.rec.Values = [NumFields]uint64{}
		return true // reported, with no counters present
	}
	col, bad, err := scanValues(vals, d.cols[:d.ncols], &d.rec.Values)
	if err != nil {
		return d.fail(name, d.label(col), bad, err)
	}
	if col != d.ncols {
		// Fewer values than the header names: the label is the first
		// missing column.
		return d.fail(name, d.label(col), vals, ErrFieldCount)
	}
	return true
}

// scanFast decodes the values d.buf[lo:hi] with scanMasked, through a
// padded copy when the text is too near either end of the buffer; false
// means the line needs scanValues.
func (d *ProcNetDev) scanFast(lo, hi int) bool {
	cols := d.cols[:d.ncols]
	if lo >= maskGuard && hi+8 <= len(d.buf) {
		return scanMasked(d.buf, lo, hi, cols, &d.rec.Values, &d.ends)
	}
	var padded [maskGuard + maskMaxLen + 8]byte
	if hi-lo > maskMaxLen {
		return false
	}
	n := copy(padded[maskGuard:], d.buf[lo:hi])
	return scanMasked(padded[:], maskGuard, maskGuard+n, cols, &d.rec.Values, &d.ends)
}

// label names column col for an error.
func (d *ProcNetDev) label(col int) string {
	if col < d.ncols {
		if f := d.cols[col]; f < Field(len(procLabels)) {
			return procLabels[f]
		}
	}
	return "column " + strconv.Itoa(col+1)
}

func (d *ProcNetDev) fail(name []byte, field string, text []byte, err error) bool {
	d.err = &ParseError{Source: d.Source, Line: d.line, Field: field,
		Name: string(name), Text: excerpt(text), Err: err}
	return false
}

// Record returns the record decoded by the last successful Next. It and its
// Name are valid until the next call to Next or Reset.
func (d *ProcNetDev) Record() *Record { return &d.rec }

// Err returns the first error met, or nil.
func (d *ProcNetDev) Err() error { return d.err }

// AppendProcNetDev decodes a whole /proc/net/dev file and appends its
// records to dst. The records borrow their names from buf. On error it
// returns the records before the bad line and the error.
func AppendProcNetDev(dst []Record, source string, buf []byte) ([]Record, error) {
	d := ProcNetDev{Source: source}
	d.Reset(buf)
	for d.Next() {
		dst = AppendRecord(dst, &d.rec)
	}
	return dst, d.Err()
}

// checkName rejects names no Linux kernel can hold: empty, ".", "..",
// longer than 15 bytes, or holding '/', NUL or white space.
func checkName(name []byte) error {
	if len(name) == 0 {
		return ErrEmptyName
	}
	if len(name) > maxNameLen || string(name) == "." || string(name) == ".." {
		return ErrName
	}
	if cap(name) >= 16 && plainName((*[16]byte)(name[:16]), len(name)) {
		return nil
	}
	for _, c := range name {
		if notInName[c] {
			return ErrName
		}
	}
	return nil
}

// plainName reports, without a branch per byte, whether the first n bytes
// of w are all '-', '.' or at least '0' (letters, digits, '@', '_', UTF-8):
// the bytes of nearly every real name, none of which notInName marks.
func plainName(w *[16]byte, n int) bool {
	keep := &keepFirst[n]
	const zeros = 0x3030303030303030 // a plain byte
	lo := binary.LittleEndian.Uint64(w[0:])&keep[0] | zeros&^keep[0]
	hi := binary.LittleEndian.Uint64(w[8:])&keep[1] | zeros&^keep[1]
	return notPlain(lo)|notPlain(hi) == 0
}

// notPlain sets the high bit of each byte of x below '-', or equal to '/'.
// No carry crosses a byte.
func notPlain(x uint64) uint64 {
	const high = 0x8080808080808080
	atLeastDash := (x&^high + 0x5353535353535353) | x // 0x53 = 0x80 - '-'
	y := x ^ 0x2f2f2f2f2f2f2f2f
	slash := ^((y&^high + 0x7f7f7f7f7f7f7f7f) | y)
	return (^atLeastDash | slash) & high
}

// keepFirst[n] keeps the first n bytes of a 16-byte window, as two words.
var keepFirst = func() (keep [17][2]uint64) {
	for n := range keep {
		for i := range n {
			keep[n][i/8] |= 0xff << (8 * (i % 8))
		}
	}
	return keep
}()

// notInName marks the bytes no Linux interface name holds: '/', NUL and
// white space.
var notInName = [256]bool{'/': true, 0: true, ' ': true, '\t': true, '\n': true, '\v': true, '\f': true, '\r': true}

// trimBlank trims spaces and tabs from both ends of b.
func trimBlank(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

// nextToken returns the first blank-separated token of b and the rest, or
// nil if b holds only blanks.
func nextToken(b []byte) (tok, rest []byte) {
	b = trimBlank(b)
	if len(b) == 0 {
		return nil, nil
	}
	i := bytes.IndexAny(b, " \t")
	if i < 0 {
		return b, nil
	}
	return b[:i], b[i:]
}
