package parse

import (
	"bytes"
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
// spaces and tabs.
//
// Records declare every counter 64 bits wide: the kernel prints u64 since
// 2.6.36. On 32-bit kernels some drivers' counters still wrap at 2^32
// (FORMATS.md §1.2), which a diff then sees as a reset.
//
// Use: Reset with the whole file, then call Next until it returns false,
// reading Record after each true, then check Err. A ProcNetDev allocates
// nothing; its zero value is ready for Reset; it is safe to copy before use.
type ProcNetDev struct {
	// Source names the input in errors, such as "/proc/net/dev".
	Source string

	buf    []byte
	off    int
	line   int
	layout ProcNetDevLayout
	ncols  int
	cols   [maxColumns]Field
	rec    Record
	err    error
}

// Reset starts decoding buf, which must hold the whole file, and decodes
// its two header lines. Errors are reported by Next and Err.
func (d *ProcNetDev) Reset(buf []byte) {
	d.buf, d.off, d.line, d.err = buf, 0, 0, nil
	d.layout, d.ncols = LayoutUnknown, 0
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
	if !d.header(l2) {
		d.err = &ParseError{Source: d.Source, Line: 2, Text: excerpt(l2), Err: ErrHeader}
	}
}

// nextLine returns the next line without its '\n' and advances; ok is
// false at the end of the input.
func (d *ProcNetDev) nextLine() (line []byte, ok bool) {
	if d.off >= len(d.buf) {
		return nil, false
	}
	rest := d.buf[d.off:]
	d.line++
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		d.off += i + 1
		return rest[:i], true
	}
	d.off = len(d.buf)
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
func (d *ProcNetDev) Fields() FieldSet {
	var s FieldSet
	for _, f := range d.cols[:d.ncols] {
		if f != noField {
			s = s.With(f)
		}
	}
	return s
}

// Next decodes the next interface line. It returns false at the end of the
// input or on the first error, which Err then returns.
func (d *ProcNetDev) Next() bool {
	if d.err != nil {
		return false
	}
	l, ok := d.nextLine()
	if !ok {
		return false
	}
	c := bytes.LastIndexByte(l, ':')
	if c < 0 {
		return d.fail(nil, "", l, ErrNoColon)
	}
	name := trimBlank(l[:c])
	if err := checkName(name); err != nil {
		return d.fail(nil, "", l[:c], err)
	}
	d.rec = Record{Name: name}
	vals := l[c+1:]
	if bytes.Equal(trimBlank(vals), noStatistics) {
		return true // reported, with no counters present
	}
	col, i, n := 0, 0, len(vals)
	for {
		for i < n && (vals[i] == ' ' || vals[i] == '\t') {
			i++
		}
		if i == n {
			break
		}
		start := i
		var v uint64
		overflow := false
		for i < n {
			c := vals[i] - '0'
			if c > 9 {
				break
			}
			if v > (1<<64-1)/10 || v*10 > 1<<64-1-uint64(c) {
				overflow = true
			}
			v = v*10 + uint64(c)
			i++
		}
		if i < n && vals[i] != ' ' && vals[i] != '\t' || i == start {
			for i < n && vals[i] != ' ' && vals[i] != '\t' {
				i++
			}
			err := errSyntax
			if vals[start] == '-' {
				err = ErrNegative
			}
			return d.fail(name, d.label(col), vals[start:i], err)
		}
		if col >= d.ncols {
			return d.fail(name, "", vals[start:], ErrFieldCount)
		}
		if overflow {
			return d.fail(name, d.label(col), vals[start:i], errRange)
		}
		if f := d.cols[col]; f != noField {
			d.rec.Values[f] = v
			d.rec.Has |= 1 << f
		}
		col++
	}
	if col != d.ncols {
		return d.fail(name, "", vals, ErrFieldCount)
	}
	return true
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
		dst = append(dst, d.rec)
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
	for _, c := range name {
		switch c {
		case '/', 0, ' ', '\t', '\n', '\v', '\f', '\r':
			return ErrName
		}
	}
	return nil
}

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
