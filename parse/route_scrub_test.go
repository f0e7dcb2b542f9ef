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
			per := len(ends) / len(want) // messages per interface, the first its RTM_IFINFO
			// Fill the address and multicast messages after their length,
			// version and type with bytes that must not survive.
			start := 0
			for i, end := range ends {
				if i%per != 0 {
					for j := start + 4; j < end; j++ {
						buf[j] = 0x5a
					}
				}
				start = end
			}
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
			start = 0
			for i, end := range ends {
				msg := s[start:end]
				if i%per != 0 && slices.ContainsFunc(msg[4:], func(c byte) bool { return c != 0 }) {
					t.Errorf("message %d (type %d) kept bytes after its header", i, msg[3])
				}
				start = end
			}
		})
	}
	t.Run("a message the layout rejects keeps only its header", func(t *testing.T) {
		for _, v := range rtVariants() {
			buf, ends, want := rtStream(t, v)
			buf[2] = 9 // the first interface message: an unknown rtm_version
			s := slices.Clone(buf)
			ScrubRouteIfList(s, v.layout)
			if !bytes.Equal(s[:4], buf[:4]) || slices.ContainsFunc(s[4:ends[0]], func(c byte) bool { return c != 0 }) {
				t.Errorf("%s: rejected message scrubbed to % x, want its 4 header bytes then zeros", v.name, s[:16])
			}
			got, err := AppendRouteIfList(nil, "x", v.layout, s[ends[0]:])
			if err != nil {
				t.Fatalf("%s: the rest: %v", v.name, err)
			}
			if diff := cmp.Diff(want[1:], got); diff != "" {
				t.Errorf("%s: the rest decodes differently (-want +got):\n%s", v.name, diff)
			}
		}
	})
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
