package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/netio-go/netio/fixture"
)

// -update rewrites the golden files (shared with other test files of this
// package: the first definition wins).
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files")
	}
}

func fixtureUpdate() bool { return flag.Lookup("update").Value.String() == "true" }

// runNetio runs the CLI and returns its stdout, stderr and error.
func runNetio(t *testing.T, ctx context.Context, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(ctx, args, &out, &errOut)
	return out.String(), errOut.String(), err
}

// checkFixtureGolden compares got with testdata/fixture/name, or rewrites it
// with -update.
func checkFixtureGolden(t *testing.T, name, got string) {
	t.Helper()
	p := filepath.Join("testdata", "fixture", name)
	if fixtureUpdate() {
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(string(want), got); d != "" {
		t.Errorf("%s (-want +got):\n%s", p, d)
	}
}

const testdataLinux = "../../testdata/linux"

// canNetNS reports whether this test can make network namespaces: root
// and iproute2's ip. With NETIO_REQUIRE_NETNS=1 (CI's step
// .ci/steps/50-fixture-live.sh) their absence fails the test.
func canNetNS(t *testing.T) bool {
	_, err := exec.LookPath("ip")
	ok := os.Geteuid() == 0 && err == nil
	if !ok && os.Getenv("NETIO_REQUIRE_NETNS") == "1" {
		t.Fatal("NETIO_REQUIRE_NETNS=1 but not root or no ip (iproute2)")
	}
	return ok
}

// quietNetNS creates a network namespace holding lo (up) and a veth pair
// (down), and returns its name and the pair's link-layer addresses.
func quietNetNS(t *testing.T) (string, [][]byte) {
	t.Helper()
	var rnd [4]byte
	rand.Read(rnd[:])
	ns := "nio" + hex.EncodeToString(rnd[:])
	ipCmd := func(args ...string) string {
		out, err := exec.Command("ip", args...).CombinedOutput()
		if err != nil {
			t.Fatalf("ip %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	ipCmd("netns", "add", ns)
	t.Cleanup(func() { exec.Command("ip", "netns", "del", ns).Run() })
	ipCmd("-n", ns, "link", "add", "va0", "type", "veth", "peer", "name", "vb0")
	// Only lo comes up: a veth pair that is up sends IPv6 DAD and router
	// solicitations at moments of its own, which would make the sources,
	// read one after another, disagree.
	ipCmd("-n", ns, "link", "set", "lo", "up")
	var macs [][]byte
	for _, l := range strings.Split(ipCmd("-n", ns, "-o", "link"), "\n") {
		if _, rest, ok := strings.Cut(l, "link/ether "); ok {
			m, err := hex.DecodeString(strings.ReplaceAll(strings.Fields(rest)[0], ":", ""))
			if err == nil {
				macs = append(macs, m)
			}
		}
	}
	if len(macs) != 2 {
		t.Fatalf("found %d veth addresses, want 2", len(macs))
	}
	return ns, macs
}

// TestRecordLive records the sources of a fresh network namespace (as
// root with ip: procfs and netlink, which must agree; sysfs cannot read
// another namespace), or this host's procfs otherwise, then inspects,
// replays and verifies the recording.
func TestRecordLive(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("live recording is tested on Linux")
	}
	if _, err := os.Stat("/proc/net/dev"); err != nil {
		t.Skip("no /proc/net/dev:", err)
	}
	ctx := context.Background()
	p := filepath.Join(t.TempDir(), "live.tgz")
	args := []string{"record", "-o", p, "-n", "3", "-i", "20ms", "--note", "from TestRecordLive"}
	var macs [][]byte
	wantSources := "procfs"
	if canNetNS(t) {
		var ns string
		ns, macs = quietNetNS(t)
		args = append(args, "--netns", ns)
		wantSources = "procfs,netlink"
	} else {
		args = append(args, "--source", "procfs")
	}
	_, stderr, err := runNetio(t, ctx, args...)
	if err != nil {
		t.Fatalf("record: %v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "3 samples") || !strings.Contains(stderr, "wrote "+p) {
		t.Errorf("record progress on stderr: %q", stderr)
	}
	f, err := fixture.Open(p, fixture.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	m := f.Manifest
	if m.GOOS != "linux" || m.GOARCH != runtime.GOARCH || m.Kernel == "" || m.Interval != "20ms" || len(m.Samples) != 3 || m.Notes != "from TestRecordLive" {
		t.Errorf("manifest: %+v", m)
	}
	if got := strings.Join(m.SourceNames(), ","); got != wantSources {
		t.Errorf("sources %s, want %s", got, wantSources)
	}
	for i := 1; i < len(m.Samples); i++ {
		if m.Samples[i].MonoNS <= m.Samples[i-1].MonoNS || m.Samples[i].Time <= m.Samples[i-1].Time {
			t.Errorf("sample %d: time does not advance: %+v", i, m.Samples[i])
		}
	}

	// Nothing private: no interface's link-layer address is in any file.
	for _, mac := range macs {
		for i := range m.Samples {
			for _, file := range f.SampleFiles(i, "") {
				if bytes.Contains(file.Data, mac) {
					t.Errorf("sample %d: %s holds the address %x", i, file.Path, mac)
				}
			}
		}
	}

	out, _, err := runNetio(t, ctx, "inspect", p)
	if err != nil || !strings.Contains(out, "linux/"+runtime.GOARCH) || !strings.Contains(out, "samples     3, interval 20ms") {
		t.Errorf("inspect: %v\n%s", err, out)
	}

	out, _, err = runNetio(t, ctx, "replay", "--json", p)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("replay --json: %d lines, want 3:\n%s", len(lines), out)
	}
	for i, l := range lines {
		var v struct {
			Time     *string
			Source   string
			Counters []map[string]any
		}
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Fatal(err)
		}
		if v.Time == nil || *v.Time != m.Samples[i].Time || v.Source != "procfs" || len(v.Counters) == 0 {
			t.Errorf("line %d: %s", i, l)
		}
	}

	if _, _, err := runNetio(t, ctx, "verify", p); err == nil {
		t.Error("verify of a fixture without goldens succeeded")
	}
	if out, _, err := runNetio(t, ctx, "verify", "--update", p); err != nil {
		t.Fatalf("verify --update: %v\n%s", err, out)
	}
	if out, _, err := runNetio(t, ctx, "verify", p); err != nil || !strings.HasPrefix(out, "ok   ") {
		t.Errorf("verify after --update: %v\n%s", err, out)
	}
}

// TestRecordInterrupted: a cancelled context (SIGINT, SIGTERM) ends the
// recording cleanly with a valid fixture of the samples taken.
func TestRecordInterrupted(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("live recording is tested on Linux")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := filepath.Join(t.TempDir(), "cut")
	pr, pw, _ := os.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"record", "-o", p, "-i", "10ms"}, os.Stdout, pw)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		if strings.Contains(sc.Text(), "netio record: 2 samples") {
			cancel()
		}
	}
	if err := <-done; err != nil {
		t.Fatalf("interrupted record: %v", err)
	}
	f, err := fixture.Open(p, fixture.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(f.Manifest.Samples); n < 2 {
		t.Errorf("%d samples, want at least 2", n)
	}
	// Cancelled before the first sample: nothing is written.
	q := filepath.Join(t.TempDir(), "none.tar")
	if _, _, err := runNetio(t, ctx, "record", "-q", "-o", q); err == nil {
		t.Error("record with a cancelled context succeeded")
	}
	if _, err := os.Stat(q); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("record with a cancelled context wrote %s", q)
	}
}

func TestRecordUsage(t *testing.T) {
	ctx := context.Background()
	for _, args := range [][]string{
		{"record"},
		{"record", "-o", "x", "-i", "0s"},
		{"record", "-o", "x", "-n", "-1"},
		{"record", "-o", "x", "extra"},
		{"replay"},
		{"replay", "a", "b"},
		{"verify"},
		{"inspect"},
	} {
		if _, _, err := runNetio(t, ctx, args...); !errors.Is(err, errUsage) {
			t.Errorf("%q: %v, want a usage error", args, err)
		}
	}
	if _, _, err := runNetio(t, ctx, "record", "-q", "-o", filepath.Join(t.TempDir(), "x"), "--source", "nosuch"); err == nil {
		t.Error("record --source nosuch succeeded")
	}
}

// TestReplayGolden replays recordings from testdata/linux in both output
// forms; the goldens were made by this code and reviewed against the raw
// /proc/net/dev files.
func TestReplayGolden(t *testing.T) {
	ctx := context.Background()
	out, _, err := runNetio(t, ctx, "replay", "--json", testdataLinux+"/netns-traffic-over-4gib.tar.gz")
	if err != nil {
		t.Fatal(err)
	}
	checkFixtureGolden(t, "replay-traffic.jsonl", out)
	out, _, err = runNetio(t, ctx, "replay", "--source", "procfs", testdataLinux+"/host-quiet.tar.gz")
	if err != nil {
		t.Fatal(err)
	}
	checkFixtureGolden(t, "replay-host-quiet.txt", out)
	out, _, err = runNetio(t, ctx, "inspect", testdataLinux+"/netns-veth400.tar.gz")
	if err != nil {
		t.Fatal(err)
	}
	checkFixtureGolden(t, "inspect-veth400.txt", out)
	out, _, err = runNetio(t, ctx, "replay", "--json", testdataLinux+"/corpus/issue-threads--gopsutil-pr317-alias-tun10001-1-13-digit-eth0-truncated-last-line")
	if err == nil || !strings.Contains(err.Error(), "0000/proc/net/dev:7") {
		t.Errorf("replay of a capture with a bad line: %v, want its parse error", err)
	}
	if _, _, err := runNetio(t, ctx, "replay", "--source", "sysctl", testdataLinux+"/host-quiet.tar.gz"); err == nil {
		t.Error("replay of a source not recorded succeeded")
	}
}

// TestVerifyTestdata: netio verify passes on every good fixture and fails,
// fixture by fixture, on every hostile one.
func TestVerifyTestdata(t *testing.T) {
	ctx := context.Background()
	out, _, err := runNetio(t, ctx, "verify", testdataLinux)
	if err != nil {
		t.Fatalf("verify testdata/linux: %v\n%s", err, out)
	}
	if n := strings.Count(out, "\nok   ") + 1; n < 30 {
		t.Errorf("verified %d fixtures, want at least 30:\n%s", n, out)
	}
	out, _, err = runNetio(t, ctx, "verify", "../../testdata/bad-fixtures")
	bad, _ := filepath.Glob("../../testdata/bad-fixtures/*")
	if err == nil || strings.Count(out, "FAIL ") != len(bad) || strings.Contains(out, "ok   ") {
		t.Errorf("verify bad-fixtures: %v, want %d failures:\n%s", err, len(bad), out)
	}
}

// TestVerifyMismatch: a golden that differs from the decoding fails with
// its go-cmp diff; --update fixes it.
func TestVerifyMismatch(t *testing.T) {
	ctx := context.Background()
	f, err := fixture.Open(testdataLinux+"/host-quiet.tar.gz", fixture.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	g, _ := f.Golden(1)
	f.SetGolden(1, bytes.Replace(g, []byte(`"name":"lo","rx_bytes":`), []byte(`"name":"lo","rx_bytes":1`), 1))
	p := filepath.Join(t.TempDir(), "changed")
	if err := fixture.Write(p, f); err != nil {
		t.Fatal(err)
	}
	out, _, err := runNetio(t, ctx, "verify", p)
	if err == nil || !strings.Contains(out, "sample 0001: decoding differs from expected/0001.json (-want +got)") || !strings.Contains(out, `"rx_bytes"`) {
		t.Errorf("verify of a changed golden: %v\n%s", err, out)
	}
	if _, _, err := runNetio(t, ctx, "verify", "--update", p); err != nil {
		t.Fatal(err)
	}
	if out, _, err := runNetio(t, ctx, "verify", p); err != nil {
		t.Errorf("verify after --update: %v\n%s", err, out)
	}
}

// TestFixtureLimitFlags: the limits can be lowered (and raised) from the
// command line.
func TestFixtureLimitFlags(t *testing.T) {
	ctx := context.Background()
	p := testdataLinux + "/netns-veth400.tar.gz"
	if _, _, err := runNetio(t, ctx, "inspect", "--max-entry-bytes", "1000", p); !errors.Is(err, fixture.ErrTooLarge) {
		t.Errorf("inspect with a 1000-byte entry limit: %v, want ErrTooLarge", err)
	}
	if _, _, err := runNetio(t, ctx, "inspect", "--max-bytes", strings.Repeat("9", 12), p); err != nil {
		t.Errorf("inspect with a raised limit: %v", err)
	}
	// --max-bytes bounds the total and --max-entry-bytes one file: a
	// bound as large as the largest file passes one file, not the total.
	f, err := fixture.Open(p, fixture.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	largest := 0
	if b, ok := f.File(fixture.ManifestName); ok {
		largest = len(b)
	}
	for i := range f.Manifest.Samples {
		for _, file := range f.SampleFiles(i, "") {
			largest = max(largest, len(file.Data))
		}
		if g, ok := f.Golden(i); ok {
			largest = max(largest, len(g))
		}
	}
	n := strconv.Itoa(largest)
	tests := []struct {
		name string
		args []string
		want error
	}{
		{"max-bytes", []string{"--max-bytes", n}, fixture.ErrTooLarge},
		{"max-bytes 1000", []string{"--max-bytes", "1000"}, fixture.ErrTooLarge},
		{"max-entry-bytes", []string{"--max-entry-bytes", n}, nil},
		{"max-entries", []string{"--max-entries", "1"}, fixture.ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runNetio(t, ctx, append([]string{"inspect"}, append(tt.args, p)...)...)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Errorf("inspect %v: %v, want %v", tt.args, err, tt.want)
			}
		})
	}
}

// TestVerifyFindsFixtures: verify DIR finds the fixtures under DIR: .tar,
// .tar.gz and .tgz files and fixture directories, in name order, and
// nothing else.
func TestVerifyFindsFixtures(t *testing.T) {
	src, err := os.ReadFile(testdataLinux + "/host-quiet.tar.gz")
	if err != nil {
		t.Fatal(err)
	}
	f, err := fixture.Open(testdataLinux+"/host-quiet.tar.gz", fixture.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, name := range []string{"a.tgz", "sub/b.tar.gz", "notes.txt", "c.tgz.bak"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"d.tar", "e"} {
		if err := fixture.Write(filepath.Join(dir, name), f); err != nil {
			t.Fatal(err)
		}
	}
	out, _, err := runNetio(t, context.Background(), "verify", dir)
	if err != nil {
		t.Fatalf("verify %s: %v\n%s", dir, err, out)
	}
	var got []string
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		p, _, _ := strings.Cut(strings.TrimPrefix(l, "ok   "), ":")
		rel, _ := filepath.Rel(dir, p)
		got = append(got, filepath.ToSlash(rel))
	}
	want := []string{"a.tgz", "d.tar", "e", "sub/b.tar.gz"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("verify %s (-want +got):\n%s\n%s", dir, d, out)
	}
	// A .tgz named on its own is verified too.
	if out, _, err := runNetio(t, context.Background(), "verify", filepath.Join(dir, "a.tgz")); err != nil || !strings.HasPrefix(out, "ok   ") {
		t.Errorf("verify a.tgz: %v\n%s", err, out)
	}
}

// TestReplayRates checks replay --rates --json against rates computed
// here from the raw /proc/net/dev bytes and the manifest's monotonic
// offsets, and the table form against its golden.
func TestReplayRates(t *testing.T) {
	ctx := context.Background()
	p := testdataLinux + "/netns-traffic-over-4gib.tar.gz"
	out, _, err := runNetio(t, ctx, "replay", "--rates", "--json", p)
	if err != nil {
		t.Fatal(err)
	}
	f, err := fixture.Open(p, fixture.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	// txBytes returns veth0's tx bytes (column 9 after the colon) in
	// sample i, read straight from the raw file.
	txBytes := func(i int) float64 {
		raw, _ := f.File(f.Manifest.Samples[i].Dir + "/proc/net/dev")
		for _, l := range strings.Split(string(raw), "\n") {
			if name, rest, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(name) == "veth0" {
				var v float64
				if _, err := fmt.Sscan(strings.Fields(rest)[8], &v); err != nil {
					t.Fatal(err)
				}
				return v
			}
		}
		t.Fatalf("sample %d: no veth0", i)
		return 0
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != len(f.Manifest.Samples)-1 {
		t.Fatalf("%d lines, want %d", len(lines), len(f.Manifest.Samples)-1)
	}
	for i, l := range lines {
		var rep struct {
			Period     float64
			Interfaces []struct {
				Name            string
				BytesSentPerSec float64
			}
		}
		if err := json.Unmarshal([]byte(l), &rep); err != nil {
			t.Fatal(err)
		}
		s0, s1 := f.Manifest.Samples[i], f.Manifest.Samples[i+1]
		period := float64(s1.MonoNS-s0.MonoNS) / 1e9
		want := (txBytes(i+1) - txBytes(i)) / period
		if math.Abs(rep.Period-period) > 1e-12 {
			t.Errorf("line %d: period %v, want %v", i, rep.Period, period)
		}
		for _, it := range rep.Interfaces {
			if it.Name == "veth0" && math.Abs(it.BytesSentPerSec-want) > 1e-6*want+1e-9 {
				t.Errorf("line %d: veth0 tx %v B/s, want %v", i, it.BytesSentPerSec, want)
			}
		}
	}
	out, _, err = runNetio(t, ctx, "replay", "--rates", "--bytes", p)
	if err != nil {
		t.Fatal(err)
	}
	checkFixtureGolden(t, "replay-rates-traffic.txt", out)
	one := testdataLinux + "/corpus/procfs--linux-host-docker0-veth-eth0"
	if _, _, err := runNetio(t, ctx, "replay", "--rates", one); err == nil || !strings.Contains(err.Error(), "rates need two") {
		t.Errorf("replay --rates of one sample: %v", err)
	}
	untimed := testdataLinux + "/corpus/zte-ont-firmware-dump--linux-4.1.25-zte-ont-pid1-then-pid10"
	if _, _, err := runNetio(t, ctx, "replay", "--rates", untimed); err == nil || !strings.Contains(err.Error(), "rates need a period") {
		t.Errorf("replay --rates of samples with no timing: %v", err)
	}
}
