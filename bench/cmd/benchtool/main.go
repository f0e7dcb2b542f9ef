// Command benchtool is run.sh's helper.
//
//	benchtool batch N     print the `ip -batch` input for a live namespace of N interfaces
//	benchtool table       read `go test -bench` output on stdin, print the table
//
// The table has one row per benchmark (group, N, implementation), with
// the median over repeated runs (-count) of ns/op, B/op and allocs/op;
// ns per interface; gopsutil's time divided by this row's (the speedup
// over gopsutil for the same N); and this row's time divided by the floor
// of its group for the same N (floor-read for file inputs, floor-pread
// live).
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/netio-go/netio/bench"
)

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "benchtool:", err)
		os.Exit(1)
	}
}

func run(args []string, stdin io.Reader, stdout io.Writer) error {
	switch {
	case len(args) == 2 && args[0] == "batch":
		n, err := strconv.Atoi(args[1])
		if err != nil || n < 1 {
			return fmt.Errorf("batch %q: want a positive count", args[1])
		}
		_, err = io.WriteString(stdout, bench.LiveBatch(n))
		return err
	case len(args) == 1 && args[0] == "table":
		rows, err := parse(stdin)
		if err != nil {
			return err
		}
		return table(stdout, rows)
	}
	return fmt.Errorf("usage: benchtool batch N | benchtool table")
}

type key struct {
	group string
	n     int
	impl  string
}

type row struct {
	key
	ns, bytes, allocs []float64
}

// A benchmark line: BenchmarkFile/n=256/gopsutil-2   1234   5678 ns/op   910 B/op   12 allocs/op
var lineRE = regexp.MustCompile(`^Benchmark(\w+)/n=(\d+)/(\S+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns/op(?:\s+([\d.]+) B/op\s+([\d.]+) allocs/op)?`)

func parse(r io.Reader) ([]*row, error) {
	var order []*row
	byKey := map[key]*row{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		m := lineRE.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[2])
		k := key{strings.ToLower(m[1]), n, m[3]}
		rw := byKey[k]
		if rw == nil {
			rw = &row{key: k}
			byKey[k] = rw
			order = append(order, rw)
		}
		ns, _ := strconv.ParseFloat(m[4], 64)
		b, _ := strconv.ParseFloat(m[5], 64)
		a, _ := strconv.ParseFloat(m[6], 64)
		rw.ns = append(rw.ns, ns)
		rw.bytes = append(rw.bytes, b)
		rw.allocs = append(rw.allocs, a)
	}
	if len(order) == 0 {
		return nil, fmt.Errorf("no benchmark lines on input")
	}
	return order, sc.Err()
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func table(w io.Writer, rows []*row) error {
	slices.SortStableFunc(rows, func(a, b *row) int {
		if a.group != b.group {
			return strings.Compare(a.group, b.group)
		}
		return a.n - b.n
	})
	med := map[key]float64{}
	for _, r := range rows {
		med[r.key] = median(r.ns)
	}
	floor := map[string]string{"file": "floor-read", "live": "floor-pread"}
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "| input | N | implementation | ns/op | ns/iface | B/op | allocs/op | gopsutil ÷ this | this ÷ floor | runs |")
	fmt.Fprintln(bw, "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range rows {
		ns := med[r.key]
		ratio := func(num, den float64) string {
			if num == 0 || den == 0 {
				return "–"
			}
			return fmt.Sprintf("%.2f", num/den)
		}
		g := med[key{r.group, r.n, "gopsutil"}]
		f := med[key{r.group, r.n, floor[r.group]}]
		fmt.Fprintf(bw, "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %d |\n",
			r.group, r.n, r.impl, num(ns), num(ns/float64(r.n)), num(median(r.bytes)),
			num(median(r.allocs)), ratio(g, ns), ratio(ns, f), len(r.ns))
	}
	targets(bw, rows, med)
	return bw.Flush()
}

// targets prints issue 8's targets against the medians: met or missed,
// and by how much.
func targets(w io.Writer, rows []*row, med map[key]float64) {
	fmt.Fprintln(w)
	fmt.Fprintln(w, "targets:")
	speedup := func(what string, k key, want float64) {
		g, t := med[key{k.group, k.n, "gopsutil"}], med[k]
		if g == 0 || t == 0 {
			fmt.Fprintf(w, "- %s: not measured (no %s/n=%d/%s row)\n", what, k.group, k.n, k.impl)
			return
		}
		got := g / t
		verdict := "met"
		if got < want {
			verdict = fmt.Sprintf("MISSED by %.2fx (%.0f%% short)", want/got, 100*(1-got/want))
		}
		fmt.Fprintf(w, "- %s: %.2fx faster than gopsutil (target >= %gx): %s\n", what, got, want, verdict)
	}
	speedup("parser, file, N=256", key{"file", 256, "netio-parser"}, 7)
	speedup("parser, file, N=4096", key{"file", 4096, "netio-parser"}, 7)
	speedup("Reader (procfs), live, N=1", key{"live", 1, "netio-Reader-procfs"}, 5)
	if f, t := med[key{"live", 4096, "floor-pread"}], med[key{"live", 4096, "netio-Reader-procfs"}]; f != 0 && t != 0 {
		verdict := "met"
		if t/f > 1.15 {
			verdict = fmt.Sprintf("MISSED (%.0f%% over the bound)", 100*(t/f/1.15-1))
		}
		fmt.Fprintf(w, "- Reader (procfs), live, N=4096: %.2fx the bare pread (target <= 1.15x): %s\n", t/f, verdict)
	} else {
		fmt.Fprintln(w, "- Reader (procfs), live, N=4096 vs bare pread: not measured")
	}
	speedup("Reader (netlink), live, N=4096", key{"live", 4096, "netio-Reader-netlink"}, 4)
	speedup("bare netlink RTM_GETSTATS floor, live, N=4096", key{"live", 4096, "netlink-getstats"}, 4)
	var allocating []string
	for _, r := range rows {
		if r.impl == "netio-parser" || strings.HasPrefix(r.impl, "netio-Reader") {
			if a := median(r.allocs); a != 0 {
				allocating = append(allocating, fmt.Sprintf("%s/n=%d/%s (%s allocs/op)", r.group, r.n, r.impl, num(a)))
			}
		}
	}
	if len(allocating) == 0 {
		fmt.Fprintln(w, "- 0 allocs/op on every netio steady-state row (parser, Reader): met")
	} else {
		fmt.Fprintf(w, "- 0 allocs/op on every netio steady-state row: MISSED: %s\n", strings.Join(allocating, ", "))
	}
}

// num prints v with thousands separators, or one decimal below 100.
func num(v float64) string {
	if v < 100 && v != float64(int64(v)) {
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	s := strconv.FormatInt(int64(v+0.5), 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
