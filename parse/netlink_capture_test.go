package parse

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/netio-go/netio/internal/ipjson"
)

// readIPJSON reads the output of `ip -s -s -j link` saved at path into
// per-interface field values.
func readIPJSON(t *testing.T, path string) map[string]map[Field]uint64 {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	links, err := ipjson.Links(raw)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[Field]uint64{}
	for name, kv := range links {
		m := map[Field]uint64{}
		for k, v := range kv {
			f, ok := FieldByName(k)
			if !ok {
				t.Fatalf("ipjson names field %q, which FieldByName does not know", k)
			}
			m[f] = v
		}
		out[name] = m
	}
	return out
}

// checkAgainstIP compares decoded records with iproute2's view: every
// field ip printed, and the /proc/net/dev folding of rx drop.
func checkAgainstIP(t *testing.T, what string, recs map[string]Record, ip map[string]map[Field]uint64) {
	t.Helper()
	if len(recs) != len(ip) {
		t.Errorf("%s: %d interfaces, ip lists %d", what, len(recs), len(ip))
	}
	for name, m := range ip {
		r, ok := recs[name]
		if !ok {
			t.Errorf("%s: %q missing", what, name)
			continue
		}
		for f, v := range m {
			if got, ok := r.Get(f); !ok || got != v {
				t.Errorf("%s: %q %s = %d (present %v), ip says %d", what, name, f, got, ok, v)
			}
		}
		if got, _ := r.Get(RxDrop); got != m[RxDropped]+m[RxMissedErrors] {
			t.Errorf("%s: %q rx_drop = %d, want dropped+missed = %d", what, name, got, m[RxDropped]+m[RxMissedErrors])
		}
		if r.Narrow != 0 {
			t.Errorf("%s: %q declares narrow fields %b", what, name, r.Narrow)
		}
	}
}

// TestNetlinkCaptured decodes dumps recorded from a real kernel and checks
// them against iproute2's reading of the same quiet namespace.
func TestNetlinkCaptured(t *testing.T) {
	dirs, _ := filepath.Glob("../testdata/netlink/*/ip-s-s-j-link.json")
	if len(dirs) == 0 {
		t.Fatal("no netlink captures")
	}
	for _, j := range dirs {
		dir := filepath.Dir(j)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			ip := readIPJSON(t, j)
			read := func(name string) []byte {
				b, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				return b
			}

			// RTM_GETLINK with counters.
			links := map[string]Record{}
			dl := NetlinkLinks{Source: "getlink-stats.bin"}
			dl.Reset(read("getlink-stats.bin"))
			for dl.Next() {
				links[string(dl.Name())] = dl.Record().Clone()
			}
			if dl.Err() != nil || !dl.Done() || dl.Interrupted() {
				t.Fatalf("getlink-stats.bin: err %v done %v intr %v", dl.Err(), dl.Done(), dl.Interrupted())
			}
			checkAgainstIP(t, "RTM_GETLINK", links, ip)

			// RTM_GETSTATS, named through the RTM_GETLINK asked with
			// RTEXT_FILTER_SKIP_STATS (which drops the IPv6 protocol
			// statistics, not the link counters).
			names := map[int32][]byte{}
			skip := map[string]Record{}
			dl.Reset(read("getlink.bin"))
			for dl.Next() {
				names[dl.Index()] = append([]byte(nil), dl.Name()...)
				skip[string(dl.Name())] = dl.Record().Clone()
			}
			if dl.Err() != nil || !dl.Done() {
				t.Fatalf("getlink.bin: %v", dl.Err())
			}
			checkAgainstIP(t, "RTM_GETLINK (skip stats)", skip, ip)
			stats := map[string]Record{}
			ds := NetlinkStats{Source: "getstats.bin"}
			ds.Reset(read("getstats.bin"))
			for ds.Next() {
				r := ds.Record().Clone()
				r.Name = names[r.Index]
				stats[string(r.Name)] = r
				if l := links[string(r.Name)]; l.Index != r.Index {
					t.Errorf("%q: index %d in getstats, %d in getlink", r.Name, r.Index, l.Index)
				}
			}
			if ds.Err() != nil || !ds.Done() {
				t.Fatalf("getstats.bin: %v", ds.Err())
			}
			checkAgainstIP(t, "RTM_GETSTATS", stats, ip)
		})
	}
}
