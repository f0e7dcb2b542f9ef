package parse

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestAppendRecord checks that AppendRecord appends a copy: later changes
// to the source record do not reach the slice, earlier elements are kept,
// and it allocates only to grow.
func TestAppendRecord(t *testing.T) {
	name := []byte("eth0")
	r := Record{Name: name, Index: 2, Has: FieldSet(0).With(RxBytes).With(TxDrop), Narrow: FieldSet(0).With(TxDrop)}
	r.Values[RxBytes], r.Values[TxDrop] = 1<<63, 7

	var dst []Record
	dst = AppendRecord(dst, &r)
	want := r
	r.Values[RxBytes], r.Index = 1, 9
	dst = AppendRecord(dst, &r)
	if diff := cmp.Diff([]Record{want, r}, dst); diff != "" {
		t.Errorf("AppendRecord (-want +got):\n%s", diff)
	}
	if &dst[0].Name[0] != &name[0] {
		t.Error("the appended record does not borrow the name")
	}

	reuse := make([]Record, 0, 4)
	if allocs := testing.AllocsPerRun(100, func() {
		reuse = AppendRecord(AppendRecord(reuse[:0], &r), &want)
	}); allocs != 0 {
		t.Errorf("AppendRecord into spare capacity: %v allocs, want 0", allocs)
	}
}
