package parse

// NumSysfsStats is the number of files in /sys/class/net/<if>/statistics/
// that [Sysfs] decodes.
const NumSysfsStats = 24

// sysfsStats are the statistics files (net/core/net-sysfs.c, each printed
// "%llu\n" from struct rtnl_link_stats64) and the fields they fill. The
// first 23 exist since Linux 2.6.12; rx_nohandler since 4.6.
var sysfsStats = [NumSysfsStats]struct {
	name  string
	field Field
}{
	{"rx_bytes", RxBytes},
	{"rx_packets", RxPackets},
	{"rx_errors", RxErrors},
	{"rx_dropped", RxDropped},
	{"rx_fifo_errors", RxFIFO},
	{"rx_compressed", RxCompressed},
	{"multicast", RxMulticast},
	{"tx_bytes", TxBytes},
	{"tx_packets", TxPackets},
	{"tx_errors", TxErrors},
	{"tx_dropped", TxDrop},
	{"tx_fifo_errors", TxFIFO},
	{"collisions", Collisions},
	{"tx_compressed", TxCompressed},
	{"rx_missed_errors", RxMissedErrors},
	{"rx_length_errors", RxLengthErrors},
	{"rx_over_errors", RxOverErrors},
	{"rx_crc_errors", RxCRCErrors},
	{"rx_frame_errors", RxFrameErrors},
	{"tx_aborted_errors", TxAbortedErrors},
	{"tx_carrier_errors", TxCarrierErrors},
	{"tx_heartbeat_errors", TxHeartbeatErrors},
	{"tx_window_errors", TxWindowErrors},
	{"rx_nohandler", RxNoHandler},
}

// SysfsStat returns the name of statistics file i (0 <= i <
// [NumSysfsStats]), such as "rx_bytes", and the field it fills.
func SysfsStat(i int) (file string, f Field) {
	s := sysfsStats[i]
	return s.name, s.field
}

// A SysfsAttr names one of the per-interface sysfs attribute files, other
// than statistics, that [Sysfs] decodes.
type SysfsAttr uint8

const (
	// AttrIfindex: /sys/class/net/<if>/ifindex, "%d\n".
	AttrIfindex SysfsAttr = iota
	// AttrType: /sys/class/net/<if>/type, "%d\n", an ARPHRD_* number.
	AttrType
	// AttrOperstate: /sys/class/net/<if>/operstate, a word such as "up".
	AttrOperstate
	// AttrSpeed: /sys/class/net/<if>/speed, "%d\n" Mbit/s; -1 when unknown.
	AttrSpeed
	// NumSysfsAttrs is the number of attributes; it is not one.
	NumSysfsAttrs
)

var sysfsAttrNames = [NumSysfsAttrs]string{"ifindex", "type", "operstate", "speed"}

// String returns the attribute's file name, such as "ifindex".
func (a SysfsAttr) String() string {
	if a < NumSysfsAttrs {
		return sysfsAttrNames[a]
	}
	return "attr"
}

// A Sysfs decodes the sysfs files of one interface into a [Record].
//
// Use: Reset with the interface name, then hand over each file's bytes with
// Stat or Attr (in any order, any subset), then call Record and Err. A
// statistics file holds an unsigned decimal and one '\n' ("%llu\n"); the
// counters are the kernel's unfolded ones, and Record computes the folded
// /proc/net/dev counters with [Record.FoldLinuxDetail] once the parts are
// present, so sysfs yields the same portable counters as /proc/net/dev.
// A file that does not decode makes Stat or Attr return false and sets the
// sticky error. Counters are 64-bit (the files print u64 since 2.6.36).
//
// A Sysfs allocates nothing; its zero value is ready for Reset.
type Sysfs struct {
	// Source names the input in errors, such as "/sys/class/net".
	Source string

	rec   Record
	typ   uint16
	oper  OperState
	speed int32
	has   [NumSysfsAttrs]bool
	err   error
}

// Reset starts the record of interface name; name is borrowed. A name no
// Linux interface can have (see [ErrName]) sets the sticky error.
func (d *Sysfs) Reset(name []byte) {
	d.rec = Record{Name: name}
	d.typ, d.oper, d.speed, d.err = 0, OperUnknown, -1, nil
	d.has = [NumSysfsAttrs]bool{}
	if err := checkName(name); err != nil {
		d.err = &ParseError{Source: d.Source, Line: 1, Name: string(name), Text: excerpt(name), Err: err}
	}
}

// Stat decodes b, the content of statistics file i (see [SysfsStat]).
func (d *Sysfs) Stat(i int, b []byte) bool {
	if d.err != nil {
		return false
	}
	s := &sysfsStats[i]
	v, err := sysfsUint(b)
	if err != nil {
		return d.fail(s.name, b, err)
	}
	d.rec.Values[s.field] = v
	d.rec.Has |= 1 << s.field
	return true
}

// Attr decodes b, the content of attribute file a.
func (d *Sysfs) Attr(a SysfsAttr, b []byte) bool {
	if d.err != nil {
		return false
	}
	switch a {
	case AttrIfindex:
		v, err := sysfsInt(b)
		if err == nil && (v <= 0 || v > 1<<31-1) {
			err = errRange
		}
		if err != nil {
			return d.fail(a.String(), b, err)
		}
		d.rec.Index = int32(v)
	case AttrType:
		v, err := sysfsInt(b)
		if err == nil && (v < 0 || v > 0xffff) {
			err = errRange
		}
		if err != nil {
			return d.fail(a.String(), b, err)
		}
		d.typ = uint16(v)
	case AttrSpeed:
		v, err := sysfsInt(b)
		if err == nil && (v < -1<<31 || v > 1<<31-1) {
			err = errRange
		}
		if err != nil {
			return d.fail(a.String(), b, err)
		}
		d.speed = int32(v)
	case AttrOperstate:
		w := b
		if len(w) > 0 && w[len(w)-1] == '\n' {
			w = w[:len(w)-1]
		}
		found := false
		for i, n := range operNames {
			if string(w) == n {
				d.oper, found = OperState(i), true
				break
			}
		}
		if !found {
			return d.fail(a.String(), b, errSyntax)
		}
	default:
		return d.fail("attr", nil, ErrHeader)
	}
	d.has[a] = true
	return true
}

func (d *Sysfs) fail(field string, b []byte, err error) bool {
	if len(b) == 0 && err != ErrHeader {
		err = ErrEmpty
	}
	d.err = &ParseError{Source: d.Source, Line: 1, Field: field, Name: string(d.rec.Name),
		Text: excerpt(b), Err: err}
	return false
}

// Record returns the interface's record, with the folded counters set. It
// and its Name are valid until the next Reset.
func (d *Sysfs) Record() *Record {
	d.rec.FoldLinuxDetail()
	return &d.rec
}

// Type returns the decoded ARPHRD_* type and whether "type" was decoded.
func (d *Sysfs) Type() (uint16, bool) { return d.typ, d.has[AttrType] }

// OperState returns the decoded "operstate" and whether it was decoded.
func (d *Sysfs) OperState() (OperState, bool) { return d.oper, d.has[AttrOperstate] }

// Speed returns the decoded "speed" in Mbit/s (-1: unknown) and whether it
// was decoded.
func (d *Sysfs) Speed() (int32, bool) { return d.speed, d.has[AttrSpeed] }

// Err returns the first error met, or nil.
func (d *Sysfs) Err() error { return d.err }

// sysfsUint decodes "%llu\n": decimal digits and an optional final '\n'.
func sysfsUint(b []byte) (uint64, error) {
	if len(b) > 0 && b[len(b)-1] == '\n' {
		b = b[:len(b)-1]
	}
	if len(b) == 0 {
		return 0, errSyntax
	}
	if b[0] == '-' {
		return 0, ErrNegative
	}
	var v uint64
	for _, c := range b {
		c -= '0'
		if c > 9 {
			return 0, errSyntax
		}
		if v > (1<<64-1)/10 || v*10 > 1<<64-1-uint64(c) {
			return 0, errRange
		}
		v = v*10 + uint64(c)
	}
	return v, nil
}

// sysfsInt decodes "%d\n" into an int64 (values beyond ±2^63 are errRange).
func sysfsInt(b []byte) (int64, error) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) > 0 && b[0] == '-' {
		return 0, errSyntax
	}
	u, err := sysfsUint(b)
	if err != nil {
		return 0, err
	}
	if u > 1<<63-1 {
		return 0, errRange
	}
	if neg {
		return -int64(u), nil
	}
	return int64(u), nil
}
