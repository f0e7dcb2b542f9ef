package parse

import (
	"bytes"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestScrubMIBIfTable2(t *testing.T) {
	rows, want := winExpected()
	for i := range rows {
		rows[i].InterfaceGuid = [16]byte{0xde, 0xad, 0xbe, 0xef, byte(i)}
		rows[i].NetworkGuid = [16]byte{0xde, 0xad, 0xbe, 0xef, byte(i)}
		rows[i].PhysicalAddress = [32]byte{0xde, 0xad, 0xbe, 0xef, 1, byte(i)}
		rows[i].PermanentPhysicalAddress = [32]byte{0xde, 0xad, 0xbe, 0xef, 2, byte(i)}
	}
	buf := winTable2(t, rows)
	ScrubMIBIfTable2(buf)
	if bytes.Contains(buf, []byte{0xde, 0xad, 0xbe, 0xef}) {
		t.Error("a GUID or hardware address survived")
	}
	var d MIBIfTable2
	var got []Record
	d.Reset(buf)
	for d.Next() {
		got = append(got, *d.Record())
	}
	if d.Err() != nil {
		t.Fatal(d.Err())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("scrubbed table decodes differently (-want +got):\n%s", diff)
	}
	// A damaged table keeps only its header.
	bad := slices.Clone(buf[:len(buf)-1])
	ScrubMIBIfTable2(bad)
	if slices.ContainsFunc(bad[8:], func(c byte) bool { return c != 0 }) {
		t.Error("damaged table not zeroed after its header")
	}
	for n := range 8 {
		ScrubMIBIfTable2(slices.Clone(buf[:n])) // no panic
	}
}
