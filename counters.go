package netio

import (
	"math/bits"
	"strconv"

	"github.com/netio-go/netio/parse"
)

// A Field names one counter of [Counters]; the constants are in package
// parse (parse.RxBytes, ...), with their sources per OS.
type Field = parse.Field

// A FieldSet is a set of [Field]s.
type FieldSet = parse.FieldSet

// A Counters is one interface's full record from one reading: every counter
// the source has, which of them it really provides, and the width at which
// each wraps.
type Counters struct {
	// Name is the interface name, byte for byte as the source gave it.
	Name string
	// Index is the interface index, or 0 when the source does not say
	// (/proc/net/dev does not).
	Index int32
	// Values holds the counters by [Field]; only fields in Has mean
	// anything, the others are 0.
	Values [parse.NumFields]uint64
	// Has is the set of fields this reading provides.
	Has FieldSet
	// Narrow is the set of fields the source declared 32 bits wide.
	Narrow FieldSet
}

// Get returns the value of f and whether this reading has it.
func (c *Counters) Get(f Field) (uint64, bool) {
	if !c.Has.Has(f) {
		return 0, false
	}
	return c.Values[f], true
}

// Stat returns the gopsutil view of c. A counter the source lacks is 0.
func (c *Counters) Stat() IOCountersStat { return statOf(c.Name, &c.Values, c.Has) }

// statOf maps the portable counters to gopsutil's fields, reading a field
// not in has as 0 (whatever its slot of v holds).
func statOf(name string, v *[parse.NumFields]uint64, has FieldSet) IOCountersStat {
	get := func(f parse.Field) uint64 {
		if has.Has(f) {
			return v[f]
		}
		return 0
	}
	return IOCountersStat{
		Name:        name,
		BytesSent:   get(parse.TxBytes),
		BytesRecv:   get(parse.RxBytes),
		PacketsSent: get(parse.TxPackets),
		PacketsRecv: get(parse.RxPackets),
		Errin:       get(parse.RxErrors),
		Errout:      get(parse.TxErrors),
		Dropin:      get(parse.RxDrop),
		Dropout:     get(parse.TxDrop),
		Fifoin:      get(parse.RxFIFO),
		Fifoout:     get(parse.TxFIFO),
	}
}

// setRecord fills c from r, using name as the interned Name.
func (c *Counters) setRecord(r *parse.Record, name string) {
	c.Name, c.Index, c.Has, c.Narrow = name, r.Index, r.Has, r.Narrow
	c.Values = r.Values
	// Zero what r lacks: usually a few fields, where a loop over all
	// of them with a test each costs more than the copy.
	for lacks := ^r.Has & (1<<parse.NumFields - 1); lacks != 0; lacks &= lacks - 1 {
		c.Values[bits.TrailingZeros64(uint64(lacks))] = 0
	}
}

// MarshalJSON writes c as one object: "name", "index" (when known), then
// one key per present field, named as [parse.Field.String] gives it
// ("rx_bytes", "rx_missed_errors", ...), in Field order, and "narrow", the
// sorted list of fields declared 32-bit (omitted when empty).
func (c Counters) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 512)
	b = append(b, `{"name":`...)
	b = appendJSONString(b, c.Name)
	if c.Index != 0 {
		b = append(b, `,"index":`...)
		b = strconv.AppendInt(b, int64(c.Index), 10)
	}
	for f := parse.Field(0); f < parse.NumFields; f++ {
		if c.Has.Has(f) {
			b = append(b, ',', '"')
			b = append(b, f.String()...)
			b = append(b, '"', ':')
			b = strconv.AppendUint(b, c.Values[f], 10)
		}
	}
	if c.Narrow != 0 {
		b = append(b, `,"narrow":[`...)
		first := true
		for f := parse.Field(0); f < parse.NumFields; f++ {
			if c.Narrow.Has(f) {
				if !first {
					b = append(b, ',')
				}
				first = false
				b = append(b, '"')
				b = append(b, f.String()...)
				b = append(b, '"')
			}
		}
		b = append(b, ']')
	}
	return append(b, '}'), nil
}
