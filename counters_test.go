package netio

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/netio-go/netio/parse"
)

// TestRecordConversions checks that both conversions of a record read a
// field the record lacks as 0, whatever its slot holds.
func TestRecordConversions(t *testing.T) {
	var r parse.Record
	r.Name = []byte("eth0")
	r.Index = 3
	for f := range r.Values {
		r.Values[f] = 1000 + uint64(f) // garbage where Has says nothing
	}
	r.Has = parse.FieldSet(0).With(parse.RxBytes).With(parse.TxPackets).With(parse.RxMissedErrors)

	want := IOCountersStat{Name: "eth0", BytesRecv: 1000 + uint64(parse.RxBytes), PacketsSent: 1000 + uint64(parse.TxPackets)}
	if diff := cmp.Diff(want, statOf("eth0", &r.Values, r.Has)); diff != "" {
		t.Errorf("statOf (-want +got):\n%s", diff)
	}

	var c Counters
	for f := range c.Values {
		c.Values[f] = 7 // left from an earlier reading
	}
	c.setRecord(&r, "eth0")
	var wantValues [parse.NumFields]uint64
	for _, f := range []parse.Field{parse.RxBytes, parse.TxPackets, parse.RxMissedErrors} {
		wantValues[f] = 1000 + uint64(f)
	}
	if diff := cmp.Diff(wantValues, c.Values); diff != "" {
		t.Errorf("setRecord values (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, c.Stat()); diff != "" {
		t.Errorf("setRecord then Stat (-want +got):\n%s", diff)
	}
}
