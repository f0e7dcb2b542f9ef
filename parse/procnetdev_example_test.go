package parse_test

import (
	"fmt"

	"github.com/netio-go/netio/parse"
)

// A /proc/net/dev read by a poller: the decoder and the slice are reused,
// so a steady-state parse allocates nothing. AppendRecord copies each
// record (whose Name borrows from buf) into the slice.
func ExampleProcNetDev() {
	buf := []byte(`Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo: 7012394   51237    0    0    0     0          0         0  7012394   51237    0    0    0     0       0          0
  eth0: 18446744073709551615 38841920    0  112    0     0          0      5180 2143311809 9876543    0    0    0     0       0          0
`)
	var d parse.ProcNetDev
	d.Source = "/proc/net/dev"
	var recs []parse.Record
	d.Reset(buf)
	for d.Next() {
		recs = parse.AppendRecord(recs, d.Record())
	}
	if err := d.Err(); err != nil {
		panic(err)
	}
	for _, r := range recs {
		drop, _ := r.Get(parse.RxDrop)
		_, missed := r.Get(parse.RxMissedErrors)
		fmt.Printf("%-4s rx %d bytes, %d dropped; tx %d bytes; rx missed known: %v\n",
			r.Name, r.Values[parse.RxBytes], drop, r.Values[parse.TxBytes], missed)
	}
	fmt.Println(d.Layout())
	// Output:
	// lo   rx 7012394 bytes, 0 dropped; tx 7012394 bytes; rx missed known: false
	// eth0 rx 18446744073709551615 bytes, 112 dropped; tx 2143311809 bytes; rx missed known: false
	// linux-current
}
