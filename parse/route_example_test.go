package parse_test

import (
	"fmt"
	"os"

	"github.com/netio-go/netio/parse"
)

// A FreeBSD NET_RT_IFLIST buffer, as sysctl returns it on amd64, decoded
// interface by interface.
func ExampleRouteIfList() {
	buf, err := os.ReadFile("testdata/route/freebsd11-amd64.bin")
	if err != nil {
		panic(err)
	}
	layout, _ := parse.RouteLayoutFor("freebsd", "amd64")
	d := parse.RouteIfList{Source: "sysctl net.route.0.0.iflist.0", Layout: layout}
	d.Reset(buf)
	for d.Next() {
		r := d.Record()
		fmt.Printf("%-9s index %2d  %s  rx %d bytes  tx drops %d\n",
			r.Name, r.Index, d.Format(), r.Values[parse.RxBytes], r.Values[parse.TxDrop])
	}
	if err := d.Err(); err != nil {
		panic(err)
	}
	fmt.Println("address messages skipped:", d.Skipped())
	// Output:
	// lo0       index  1  freebsd11  rx 30064772078 bytes  tx drops 1011
	// en0       index  4  freebsd11  rx 30066771078 bytes  tx drops 2000011
	// bridge100 index 17  freebsd11  rx 33064771078 bytes  tx drops 3000000011
	// address messages skipped: 3
}
