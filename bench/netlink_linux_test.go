//go:build linux

package bench

import (
	"encoding/binary"
	"fmt"
	"net"
	"os"
	"testing"
	"time"

	"github.com/netio-go/netio/parse"
	"golang.org/x/sys/unix"
)

// nlStatsMsg encodes one RTM_NEWSTATS message from the documented layout
// (nlmsghdr, struct if_stats_msg, one IFLA_STATS_LINK_64 attribute
// holding n u64 values), native byte order.
func nlStatsMsg(seq uint32, index int32, vals []uint64) []byte {
	ne := binary.NativeEndian
	attr := make([]byte, 4+8*len(vals))
	ne.PutUint16(attr[0:], uint16(len(attr)))
	ne.PutUint16(attr[2:], unix.IFLA_STATS_LINK_64)
	for i, v := range vals {
		ne.PutUint64(attr[4+8*i:], v)
	}
	body := make([]byte, 12, 12+len(attr))
	body[0] = unix.AF_UNSPEC
	ne.PutUint32(body[4:], uint32(index))
	ne.PutUint32(body[8:], 1)
	body = append(body, attr...)
	msg := make([]byte, unix.NLMSG_HDRLEN, unix.NLMSG_HDRLEN+len(body))
	ne.PutUint32(msg[0:], uint32(unix.NLMSG_HDRLEN+len(body)))
	ne.PutUint16(msg[4:], unix.RTM_NEWSTATS)
	ne.PutUint16(msg[6:], unix.NLM_F_MULTI)
	ne.PutUint32(msg[8:], seq)
	return append(msg, body...)
}

func TestAppendStats(t *testing.T) {
	tests := []struct {
		name    string
		nvals   int
		wantErr bool
	}{
		{"23 fields (oldest rtnl_link_stats64)", 23, false},
		{"24 fields (rx_nohandler)", 24, false},
		{"25 fields (rx_otherhost_dropped)", 25, false},
		{"26 fields (a future kernel)", 26, false},
		{"22 fields (too short)", 22, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			vals := make([]uint64, tc.nvals)
			for i := range vals {
				vals[i] = uint64(i+1)<<40 | uint64(i)
			}
			msg := nlStatsMsg(1, 42, vals)
			got, err := appendStats(nil, msg[unix.NLMSG_HDRLEN:])
			if tc.wantErr {
				if err == nil {
					t.Fatalf("no error for %d fields", tc.nvals)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || got[0].Index != 42 || got[0].N != min(tc.nvals, 25) {
				t.Fatalf("got %+v", got)
			}
			for i := range got[0].N {
				if got[0].Values[i] != vals[i] {
					t.Errorf("field %d: got %#x, want %#x", i, got[0].Values[i], vals[i])
				}
			}
		})
	}
}

// TestStatsDumpMatchesProcNetDev compares the netlink dump with this
// namespace's /proc/net/dev, which the kernel fills from the same
// dev_get_stats, for every interface whose counters did not move between
// two readings of the file taken around the dump. Interfaces created or
// removed meanwhile (other tests on the host) make it try again.
func TestStatsDumpMatchesProcNetDev(t *testing.T) {
	d, err := OpenStatsDump()
	if err != nil {
		t.Skipf("no NETLINK_ROUTE socket: %v", err)
	}
	defer d.Close()
	var errs []string
	for try := 0; try < 5; try++ {
		compared, churn, err := compareDumpWithProc(t, d)
		if churn == "" {
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("compared %d interfaces", compared)
			return
		}
		errs = append(errs, churn)
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("the interface list kept changing: %v", errs)
}

// compareDumpWithProc takes one dump between two readings of
// /proc/net/dev. churn is non-empty when the interface list changed.
func compareDumpWithProc(t *testing.T, d *StatsDump) (compared int, churn string, err error) {
	readProc := func() map[string]parse.Record {
		buf, err := os.ReadFile("/proc/net/dev")
		if err != nil {
			t.Skipf("no /proc/net/dev: %v", err)
		}
		recs, err := parse.AppendProcNetDev(nil, "/proc/net/dev", buf)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]parse.Record{}
		for _, r := range recs {
			r.Name = []byte(string(r.Name))
			m[string(r.Name)] = r
		}
		return m
	}
	before := readProc()
	stats, err := d.Dump(nil)
	if err != nil {
		return 0, "", err
	}
	after := readProc()
	if len(stats) != len(before) || len(after) != len(before) {
		return 0, fmt.Sprintf("netlink %d interfaces, /proc/net/dev %d then %d", len(stats), len(before), len(after)), nil
	}
	for _, s := range stats {
		ifi, err := net.InterfaceByIndex(int(s.Index))
		if err != nil {
			return 0, fmt.Sprintf("ifindex %d: %v", s.Index, err), nil
		}
		p, ok := before[ifi.Name]
		if !ok {
			return 0, fmt.Sprintf("ifindex %d (%s) not in /proc/net/dev", s.Index, ifi.Name), nil
		}
		if p.Values != after[ifi.Name].Values {
			continue // counters moved while we read
		}
		// rtnl_link_stats64 order: rx_packets, tx_packets, rx_bytes,
		// tx_bytes, rx_errors, tx_errors, rx_dropped, tx_dropped,
		// multicast, collisions; /proc/net/dev's drop adds rx_missed_errors
		// (field 15).
		pairs := []struct {
			f    parse.Field
			want uint64
		}{
			{parse.RxPackets, s.Values[0]}, {parse.TxPackets, s.Values[1]},
			{parse.RxBytes, s.Values[2]}, {parse.TxBytes, s.Values[3]},
			{parse.RxErrors, s.Values[4]}, {parse.TxErrors, s.Values[5]},
			{parse.RxDrop, s.Values[6] + s.Values[15]}, {parse.TxDrop, s.Values[7]},
			{parse.RxMulticast, s.Values[8]}, {parse.Collisions, s.Values[9]},
		}
		for _, pr := range pairs {
			if got := p.Values[pr.f]; got != pr.want {
				return compared, "", fmt.Errorf("%s %v: /proc/net/dev %d, netlink %d", ifi.Name, pr.f, got, pr.want)
			}
		}
		compared++
	}
	return compared, "", nil
}
