package parse_test

import (
	"fmt"
	"os"

	"github.com/netio-go/netio/parse"
)

// A Windows MIB_IF_TABLE2, as GetIfTable2 returns it, decoded row by row;
// the filter (LWF) interface repeats the counters of the one below it.
func ExampleMIBIfTable2() {
	buf, err := os.ReadFile("testdata/windows/GetIfTable2.bin")
	if err != nil {
		panic(err)
	}
	var d parse.MIBIfTable2
	d.Source = "GetIfTable2"
	d.Reset(buf)
	for d.Next() {
		r := d.Record()
		fmt.Printf("%2d filter=%-5v rx packets %d = %d + %d  %s\n", r.Index, d.Filter(), r.Values[parse.RxPackets],
			r.Values[parse.RxUnicastPackets], r.Values[parse.RxNonUnicastPackets], r.Name)
	}
	if err := d.Err(); err != nil {
		panic(err)
	}
	// Output:
	//  1 filter=false rx packets 5 = 2 + 3  Loopback Pseudo-Interface 1
	//  7 filter=false rx packets 10995116277765 = 5497558138882 + 5497558138883  Ethernet
	//  8 filter=true  rx packets 10995116277765 = 5497558138882 + 5497558138883  Ethernet-WFP Native MAC Layer LightWeight Filter-0000
	// 12 filter=false rx packets 17179869189 = 8589934594 + 8589934595  Wi-Fi 日本語 😀
	// 21 filter=false rx packets 205 = 102 + 103  Description only
	// 22 filter=false rx packets 405 = 202 + 203  ifindex22
}
