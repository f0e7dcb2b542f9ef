package parse

import (
	"bytes"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestScrubRouteIfList: a scrubbed list decodes to the same records and
// holds no link-layer address and nothing of the address messages but
// their length, version and type.
func TestScrubRouteIfList(t *testing.T) {
	for _, v := range rtVariants() {
		t.Run(v.name, func(t *testing.T) {
			buf, ends, want := rtStream(t, v)
			s := slices.Clone(buf)
			ScrubRouteIfList(s, v.layout)
			got, err := AppendRouteIfList(nil, "x", v.layout, s)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("scrubbed list decodes differently (-want +got):\n%s", diff)
			}
			// rtSockaddrDl writes the address 02:00:00:aa:bb:<index>.
			if bytes.Contains(s, []byte{0xaa, 0xbb}) {
				t.Error("a link-layer address survived")
			}
			start, per := 0, len(ends)/len(want) // messages per interface, the first its RTM_IFINFO
			for i, end := range ends {
				msg := s[start:end]
				if i%per != 0 && slices.ContainsFunc(msg[4:], func(c byte) bool { return c != 0 }) {
					t.Errorf("message %d (type %d) kept bytes after its header", i, msg[3])
				}
				start = end
			}
		})
	}
	t.Run("damaged tail zeroed, never a panic", func(t *testing.T) {
		for _, v := range rtVariants() {
			buf, _, _ := rtStream(t, v)
			for n := range len(buf) {
				s := slices.Clone(buf[:n])
				ScrubRouteIfList(s, v.layout)
				if n > 0 && len(s) > 0 && s[len(s)-1] != 0 && s[len(s)-1] != buf[n-1] {
					t.Fatalf("%s cut at %d: last byte changed to a non-zero value", v.name, n)
				}
			}
			for i := range buf {
				s := slices.Clone(buf)
				s[i] ^= 0xff
				ScrubRouteIfList(s, v.layout)
			}
		}
	})
}
