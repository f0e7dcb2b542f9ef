package ipjson

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLinks(t *testing.T) {
	raw := []byte(`[{"ifname":"e` + "\x1b" + `x","stats64":{"rx":{"bytes":5,"missed_errors":2,"unknown":9},"tx":{"dropped":7}}},{"ifname":"lo"}]`)
	got, err := Links(raw)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]uint64{
		"e\x1bx": {"rx_bytes": 5, "rx_missed_errors": 2, "tx_drop": 7},
		"lo":     {},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Links (-want +got):\n%s", diff)
	}
	if _, err := Links([]byte(`[{"ifname":`)); err == nil {
		t.Error("truncated JSON: no error")
	}
}
