package main

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/netio-go/netio"
)

const captures = "../../testdata/procnetdev/"

func TestShowGolden(t *testing.T) {
	files := []string{
		"os-ex--linux-2014-busy-server-14-digit-eth0-glued-11-digit-packets.procnetdev",
		"node_exporter--linux-glued-eth0-alias-ibr10-30-flannel-utf8-name.procnetdev",
		"procfs--linux-host-docker0-veth-eth0.procnetdev",
	}
	modes := []struct {
		name string
		args []string
	}{
		{"table", nil},
		{"json", []string{"--json"}},
		{"total", []string{"--total"}},
		{"total-json", []string{"--total", "--json"}},
		{"all-fields", []string{"--all-fields"}},
		{"all-fields-json", []string{"--all-fields", "--json"}},
	}
	for _, f := range files {
		for _, m := range modes {
			t.Run(f+"/"+m.name, func(t *testing.T) {
				out, stderr, err := runCLI(t, append([]string{"show", "--file", captures + f}, m.args...)...)
				if err != nil || stderr != "" {
					t.Fatalf("show: %v, stderr %q", err, stderr)
				}
				goldenFile(t, filepath.Join("testdata", "show", strings.TrimSuffix(f, ".procnetdev")+"."+m.name), out)
			})
		}
	}
}

// TestShowJSONIsGopsutils checks --json against the library: the array of
// IOCountersStat, as gopsutil writes it.
func TestShowJSONIsGopsutils(t *testing.T) {
	f := captures + "pcp--linux-hp-bl920-gen8-48-eth-interfaces.procnetdev"
	out, _, err := runCLI(t, "show", "--json", "--file", f)
	if err != nil {
		t.Fatal(err)
	}
	stats, err := netio.IOCountersByFile(true, f)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(stats)
	if out != string(want)+"\n" {
		t.Errorf("--json =\n%s\nwant\n%s", out, want)
	}
}

// TestShowEscapesNames: a name holding ESC or other control bytes is
// printed escaped in tables, and as JSON escapes in JSON.
func TestShowEscapesNames(t *testing.T) {
	file := filepath.Join(t.TempDir(), "dev")
	text := "Inter-|   Receive                                                |  Transmit\n" +
		" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n" +
		"e\x1b[31mx: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n" +
		"a\\b\x7f\xff: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n"
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"show"}, {"show", "--all-fields"}, {"show", "--json"}, {"show", "--all-fields", "--json"}} {
		out, _, err := runCLI(t, append(args, "--file", file)...)
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		// JSON is gopsutil's: encoding/json escapes C0 controls but keeps
		// DEL, which is valid JSON; human output escapes both.
		human := !strings.Contains(strings.Join(args, " "), "--json")
		for _, c := range out {
			if c < 0x20 && c != '\n' || c == 0x7f && human {
				t.Errorf("%v wrote raw control byte %#x:\n%q", args, c, out)
				break
			}
		}
		if !strings.Contains(out, `e\x1b[31mx`) && !strings.Contains(out, `e\u001b[31mx`) {
			t.Errorf("%v: escaped name missing:\n%q", args, out)
		}
	}
	if got, want := escapeName("a\\b\x7f\xff\u00e9"), `a\\b\x7f\xffé`; got != want {
		t.Errorf("escapeName = %q, want %q", got, want)
	}
}

func TestShowErrors(t *testing.T) {
	_, _, err := runCLI(t, "show", "--file", filepath.Join(t.TempDir(), "missing"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want fs.ErrNotExist", err)
	}
	_, _, err = runCLI(t, "show", "--file", captures+"issue-threads--gopsutil-pr317-alias-tun10001-1-13-digit-eth0-truncated-last-line.procnetdev")
	var pe *netio.ParseError
	if !errors.As(err, &pe) || pe.Line != 7 {
		t.Errorf("truncated line: %v, want a ParseError at line 7", err)
	}
	if _, _, err := runCLI(t, "show", "--bogus"); !errors.Is(err, errUsage) {
		t.Errorf("bad flag: %v, want a usage error", err)
	}
	if _, _, err := runCLI(t, "show", "extra"); !errors.Is(err, errUsage) {
		t.Errorf("extra argument: %v, want a usage error", err)
	}
	for _, args := range [][]string{{"--source=bogus"}, {"--include=["}, {"--exclude=a[", "--include=eth*"}, {"--pid=-1"}, {"--pid=1", "--netns=x"}} {
		for _, cmd := range [][]string{{"show"}, {"watch", "-n", "1"}} {
			_, _, err := runCLI(t, append(cmd, args...)...)
			if !errors.Is(err, errUsage) {
				t.Errorf("%v %v: %v, want a usage error", cmd, args, err)
			}
		}
	}
	for _, flag := range []string{"--include=eth*", "--exclude=lo", "--no-loopback", "--physical", "--source=sysfs", "--pid=1", "--netns=x"} {
		_, _, err := runCLI(t, "show", "--file", captures+"d2000-rootfs--linux-2.6-arm720t-embedded-lo-eth0.procnetdev", flag)
		if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), "--file") {
			t.Errorf("show --file with %s: %v, want a usage error naming --file", flag, err)
		}
	}
	for _, args := range [][]string{
		{"show", "--total", "--all-fields", "--file", captures + "d2000-rootfs--linux-2.6-arm720t-embedded-lo-eth0.procnetdev"},
		{"show", "--total", "--all-fields", "--json", "--file", captures + "d2000-rootfs--linux-2.6-arm720t-embedded-lo-eth0.procnetdev"},
	} {
		_, _, err := runCLI(t, args...)
		if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), "--total") {
			t.Errorf("%v: %v, want a usage error naming --total", args, err)
		}
	}
	out, _, err := runCLI(t, "show", "-h")
	if err != nil || !strings.Contains(out, "--all-fields") {
		t.Errorf("show -h: %q, %v", out, err)
	}
}

// TestShowLive reads this machine's own counters.
func TestShowLive(t *testing.T) {
	if _, err := os.Stat("/proc/net/dev"); err != nil {
		t.Skip("no /proc/net/dev here")
	}
	out, _, err := runCLI(t, "show", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var stats []netio.IOCountersStat
	if err := json.Unmarshal([]byte(out), &stats); err != nil || len(stats) == 0 {
		t.Fatalf("live --json: %v, %d rows", err, len(stats))
	}
}

// TestShowLiveFilters: --include and --exclude filter the live source's
// interfaces (here the host's lo, which /proc/net/dev lists).
func TestShowLiveFilters(t *testing.T) {
	if _, err := os.Stat("/proc/net/dev"); err != nil {
		t.Skip("no /proc/net/dev here")
	}
	names := func(args ...string) []string {
		t.Helper()
		out, _, err := runCLI(t, append([]string{"show", "--json", "--source", "procfs"}, args...)...)
		if err != nil {
			t.Fatalf("show %v: %v", args, err)
		}
		var stats []netio.IOCountersStat
		if err := json.Unmarshal([]byte(out), &stats); err != nil {
			t.Fatal(err)
		}
		var n []string
		for _, s := range stats {
			n = append(n, s.Name)
		}
		sort.Strings(n)
		return n
	}
	all := names()
	if !slices.Contains(all, "lo") {
		t.Skipf("no lo among %v", all)
	}
	others := slices.DeleteFunc(slices.Clone(all), func(n string) bool { return n == "lo" })
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"exclude", []string{"--exclude=lo"}, others},
		{"exclude glob", []string{"--exclude", "l?"}, others},
		{"include", []string{"--include=lo"}, []string{"lo"}},
		{"include and exclude", []string{"--include=lo", "--exclude=lo"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := cmp.Diff(tt.want, names(tt.args...)); d != "" {
				t.Errorf("show %v (-want +got):\n%s", tt.args, d)
			}
		})
	}
}
