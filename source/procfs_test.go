package source

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/netio-go/netio/parse"
)

const procHeader = "Inter-|   Receive                                                |  Transmit\n" +
	" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"

// TestProcFSGrowsAndRereads reads a file far larger than the first buffer,
// then reads it again after it changed, through the same descriptor.
func TestProcFSGrowsAndRereads(t *testing.T) {
	var b strings.Builder
	b.WriteString(procHeader)
	const n = 4096
	for i := range n {
		fmt.Fprintf(&b, "veth%d: %d 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n", i, i)
	}
	path := filepath.Join(t.TempDir(), "dev")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := OpenProcFS(path)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	recs, err := p.Read(nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != n || string(recs[n-1].Name) != "veth4095" || recs[n-1].Values[parse.RxBytes] != 4095 {
		t.Fatalf("got %d records, last %q", len(recs), recs[len(recs)-1].Name)
	}
	capture := p.AppendCapture(nil)
	if len(capture) != 1 || capture[0].Path != "proc/net/dev" || string(capture[0].Data) != b.String() {
		t.Errorf("capture = %d blobs, path %q", len(capture), capture[0].Path)
	}

	if err := os.WriteFile(path, []byte(procHeader+"lo: 7 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	recs, err = p.Read(recs[:0])
	if err != nil || len(recs) != 1 || recs[0].Values[parse.RxBytes] != 7 {
		t.Fatalf("re-read: %d records, %v", len(recs), err)
	}
	if allocs := testing.AllocsPerRun(50, func() { recs, _ = p.Read(recs[:0]) }); allocs != 0 {
		t.Errorf("steady-state Read: %v allocs, want 0", allocs)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Read(nil); err == nil {
		t.Errorf("Read after Close succeeded")
	}
}

// TestProcFSTooLarge: a file beyond 64 MiB is not /proc/net/dev; reading
// it stops at 64 MiB with an error saying so, and does not decode it.
func TestProcFSTooLarge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dev")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := os.Truncate(path, maxProcNetDev+1); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	p, err := OpenProcFS(path)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	recs, err := p.Read(nil)
	if !errors.Is(err, errTooLarge) || !strings.Contains(err.Error(), "64 MiB") {
		t.Errorf("Read of a %d-byte file: %v, want errTooLarge", maxProcNetDev+1, err)
	}
	if len(recs) != 0 {
		t.Errorf("Read of a too large file: %d records, want none", len(recs))
	}
}
