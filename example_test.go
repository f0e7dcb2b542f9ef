package netio_test

import (
	"context"
	"fmt"
	"log"

	"github.com/netio-go/netio"
	"github.com/netio-go/netio/parse"
	"github.com/netio-go/netio/source"
)

const capture = "testdata/procnetdev/procfs--linux-host-docker0-veth-eth0.procnetdev"

// IOCountersByFile is gopsutil's call, unchanged: per interface, or one
// "all" row.
func ExampleIOCountersByFile() {
	stats, err := netio.IOCountersByFile(true, capture)
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range stats {
		fmt.Printf("%s: rx %d bytes, tx %d bytes\n", s.Name, s.BytesRecv, s.BytesSent)
	}
	all, _ := netio.IOCountersByFile(false, capture)
	fmt.Println(all[0])
	// Output:
	// vethf345468: rx 648 bytes, tx 438 bytes
	// lo: rx 1664039048 bytes, tx 1664039048 bytes
	// docker0: rx 2568 bytes, tx 438 bytes
	// eth0: rx 874354587 bytes, tx 563352563 bytes
	// {"name":"all","bytesSent":2227392487,"bytesRecv":2538396851,"packetsSent":2298962,"packetsRecv":2603246,"errin":0,"errout":0,"dropin":0,"dropout":0,"fifoin":0,"fifoout":0}
}

// IOCounters reads the live counters of this host (on Linux,
// <HOST_PROC>/net/dev); WithEnv overrides HOST_PROC for one call.
func ExampleIOCountersWithContext() {
	ctx := netio.WithEnv(context.Background(), netio.EnvMap{"HOST_PROC": "/proc"})
	stats, err := netio.IOCountersWithContext(ctx, true)
	if err != nil {
		log.Fatal(err)
	}
	_ = stats
}

// A Reader polls without allocating: keep it, and reuse the slice.
func ExampleReader() {
	src, err := source.OpenProcFS(capture) // live: netio.NewReader(ctx, netio.ReaderOptions{})
	if err != nil {
		log.Fatal(err)
	}
	r := netio.NewReaderFromSource(src)
	defer r.Close()
	var counters []netio.Counters
	for range 2 { // a poller loops here, once per interval
		counters, err = r.Read(counters[:0])
		if err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println(len(counters), "interfaces from", r.Source())
	// Output: 4 interfaces from procfs
}

// Counters has every counter the source has, and says which it has.
func ExampleCounters_Get() {
	counters, err := netio.CountersByFile(capture)
	if err != nil {
		log.Fatal(err)
	}
	eth0 := counters[3]
	multicast, ok := eth0.Get(parse.RxMulticast)
	fmt.Println(eth0.Name, "multicast:", multicast, ok)
	_, ok = eth0.Get(parse.RxMissedErrors) // sysfs and netlink have it; /proc/net/dev does not
	fmt.Println("rx_missed_errors available:", ok)
	// Output:
	// eth0 multicast: 0 true
	// rx_missed_errors available: false
}
