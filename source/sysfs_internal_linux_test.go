//go:build linux

package source

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/netio-go/netio/parse"
)

// fakeSysfs builds a sysfs-shaped tree under a temporary directory: for
// each interface, class/net/<if>/{ifindex,type,statistics/*} with the
// files of the captured statistics directory stats (testdata/sysfs).
func fakeSysfs(t *testing.T, stats string, ifaces int) string {
	t.Helper()
	root := t.TempDir()
	files, err := os.ReadDir(stats)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < ifaces; i++ {
		dir := filepath.Join(root, "class/net", fmt.Sprintf("if%d", i))
		if err := os.MkdirAll(dir+"/statistics", 0o755); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(dir+"/ifindex", []byte(fmt.Sprintf("%d\n", i+1)), 0o644)
		os.WriteFile(dir+"/type", []byte("1\n"), 0o644)
		for _, f := range files {
			b, err := os.ReadFile(filepath.Join(stats, f.Name()))
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(dir, "statistics", f.Name()), b, 0o644)
		}
	}
	// Not an interface: the bonding driver's control file.
	os.WriteFile(filepath.Join(root, "class/net/bonding_masters"), []byte("\n"), 0o644)
	return root
}

// TestSysFSCaptured reads a tree made of a real 23-file capture (Linux
// 4.1.25: no rx_nohandler) through every descriptor tier, and compares
// with the decoder fed the same files.
func TestSysFSCaptured(t *testing.T) {
	const capture = "../testdata/sysfs/zte-ont-firmware-dump--wlan0/statistics"
	root := fakeSysfs(t, capture, 12)
	var want parse.Sysfs
	want.Reset([]byte("if0"))
	for i := 0; i < parse.NumSysfsStats; i++ {
		file, _ := parse.SysfsStat(i)
		if b, err := os.ReadFile(filepath.Join(capture, file)); err == nil {
			want.Stat(i, b)
		}
	}
	wantRec := want.Record().Clone()
	if wantRec.Has.Has(parse.RxNoHandler) || !wantRec.Has.Has(parse.RxDrop) {
		t.Fatalf("reference record: %+v", wantRec)
	}
	for _, tier := range []struct {
		name   string
		budget int
	}{{"all files open", 1000}, {"statistics dirs open", 20}, {"by path", 0}} {
		t.Run(tier.name, func(t *testing.T) {
			s, err := OpenSysFS(Config{HostSys: root}, false)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			s.fdBudget = tier.budget
			for round := 0; round < 2; round++ {
				recs, err := s.Read(nil)
				if err != nil {
					t.Fatal(err)
				}
				if len(recs) != 12 {
					t.Fatalf("%d interfaces, want 12", len(recs))
				}
				for _, r := range recs {
					w := wantRec
					w.Name = r.Name
					fmt.Sscanf(string(r.Name), "if%d", &w.Index)
					w.Index++
					if diff := cmp.Diff(w, r.Clone()); diff != "" {
						t.Fatalf("round %d (-want +got):\n%s", round, diff)
					}
				}
			}
			if s.fdsOpen > tier.budget {
				t.Errorf("%d descriptors open, budget %d", s.fdsOpen, tier.budget)
			}
			dst, _ := s.Read(nil)
			if n := testing.AllocsPerRun(20, func() { dst, _ = s.Read(dst[:0]) }); n != 0 {
				t.Errorf("%v allocs per Read", n)
			}
		})
	}
}

// TestSysFSVanish removes interfaces between readings: they drop out of
// the reading, which does not fail. Removing a file under an interface
// whose files are opened per read is what the kernel does when a device is
// unregistered (ENOENT).
func TestSysFSVanish(t *testing.T) {
	root := fakeSysfs(t, "../testdata/sysfs/innosilicon-a4-firmware-dump--eth0/statistics", 4)
	s, err := OpenSysFS(Config{HostSys: root}, false)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.fdBudget = 0 // every file by path, so a removed file is seen
	if recs, err := s.Read(nil); err != nil || len(recs) != 4 {
		t.Fatalf("%d records, %v", len(recs), err)
	}
	os.Remove(filepath.Join(root, "class/net/if2/statistics/tx_bytes"))
	recs, err := s.Read(nil)
	if err != nil || len(recs) != 3 {
		t.Fatalf("after removing a file: %d records, %v", len(recs), err)
	}
	for _, r := range recs {
		if string(r.Name) == "if2" {
			t.Error("if2 still read")
		}
	}
	// A corrupt file is a positional error, not a dropped interface.
	os.WriteFile(filepath.Join(root, "class/net/if1/statistics/rx_bytes"), []byte("12x\n"), 0o644)
	recs, err = s.Read(nil)
	var pe *parse.ParseError
	if !errors.As(err, &pe) || pe.Name != "if1" || pe.Field != "rx_bytes" || len(recs) != 2 {
		t.Errorf("corrupt file: %d records, %v", len(recs), err)
	}
}
