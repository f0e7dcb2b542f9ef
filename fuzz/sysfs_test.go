package fuzz

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/netio-go/netio/parse"
)

// This file checks the sysfs decoder against a slow reference written from
// FORMATS.md §2 with strconv: statistics files are "%llu\n", ifindex, type
// and speed "%d\n", operstate one of seven words and "\n".

// refSysfsUint is the reference for a statistics file.
func refSysfsUint(b string) (uint64, error) {
	if b == "" {
		return 0, parse.ErrEmpty
	}
	s := strings.TrimSuffix(b, "\n")
	if strings.HasPrefix(s, "-") {
		return 0, parse.ErrNegative // a value printed negative
	}
	if strings.HasPrefix(s, "+") {
		return 0, strconv.ErrSyntax // the kernel never prints a sign
	}
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return 0, err.(*strconv.NumError).Err
	}
	return v, nil
}

// refSysfsAttr is the reference for attribute a.
func refSysfsAttr(a parse.SysfsAttr, b string) (int64, error) {
	if b == "" {
		return 0, parse.ErrEmpty
	}
	s := strings.TrimSuffix(b, "\n")
	if a == parse.AttrOperstate {
		for i, w := range []string{"unknown", "notpresent", "down", "lowerlayerdown", "testing", "dormant", "up"} {
			if s == w {
				return int64(i), nil
			}
		}
		return 0, strconv.ErrSyntax
	}
	if strings.HasPrefix(s, "+") {
		return 0, strconv.ErrSyntax
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, err.(*strconv.NumError).Err
	}
	var lo, hi int64
	switch a {
	case parse.AttrIfindex:
		lo, hi = 1, 1<<31-1
	case parse.AttrType:
		lo, hi = 0, 0xffff
	case parse.AttrSpeed:
		lo, hi = -1<<31, 1<<31-1
	}
	if v < lo || v > hi {
		return 0, strconv.ErrRange
	}
	return v, nil
}

// sysfsSeeds are edge cases of one file's bytes.
var sysfsSeeds = []string{
	"", "\n", "0\n", "0", "00\n", "1\n\n", "-1\n", "-0\n", "+1\n", " 1\n", "1 \n", "1\r\n",
	"18446744073709551615\n", "18446744073709551616\n", "99999999999999999999\n",
	"9223372036854775807\n", "-9223372036854775808\n", "-9223372036854775809\n",
	"1234567890123456789012345678901234567890\n", "1\x00\n", "up\n", "up", "UP\n",
	"lowerlayerdown\n", "down\n\n", "2147483647\n", "2147483648\n", "65535\n", "65536\n",
	"-2147483648\n", "-2147483649\n",
}

// FuzzSysfs decodes the input as one statistics file and as each
// attribute, and requires the decoder and the reference to agree on the
// value or the reason; then it round-trips the 24 statistics files of a
// generated interface ("%d\n" of each counter) and requires the folded
// /proc/net/dev counters to be the sums FORMATS.md §1.1 gives, with no
// allocation.
func FuzzSysfs(f *testing.F) {
	for _, s := range sysfsSeeds {
		f.Add([]byte(s), uint8(0))
	}
	files, _ := filepath.Glob("../testdata/sysfs/*/statistics/*")
	if len(files) == 0 {
		f.Fatal("no sysfs statistics files in testdata")
	}
	bad, _ := filepath.Glob("../testdata/bad/*.sysfs")
	files = append(files, bad...)
	for i, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, uint8(i))
	}
	f.Fuzz(func(t *testing.T, data []byte, which uint8) {
		var d parse.Sysfs
		name := []byte("eth0")

		// One statistics file.
		i := int(which) % parse.NumSysfsStats
		file, field := parse.SysfsStat(i)
		d.Reset(name)
		ok := d.Stat(i, data)
		want, werr := refSysfsUint(string(data))
		if ok != (werr == nil) {
			t.Fatalf("%s %q: decoder ok=%v (%v), reference %v", file, data, ok, d.Err(), werr)
		}
		if ok {
			if got, _ := d.Record().Get(field); got != want {
				t.Fatalf("%s %q: decoder %d, reference %d", file, data, got, want)
			}
		} else {
			pe := checkTextErr(t, d.Err(), data)
			if !errors.Is(d.Err(), werr) || pe != nil && (pe.Field != file || pe.Name != "eth0") {
				t.Fatalf("%s %q: decoder error %v, reference %v", file, data, d.Err(), werr)
			}
			if d.Stat((i+1)%parse.NumSysfsStats, []byte("1\n")) || d.Err() == nil {
				t.Fatalf("the error is not sticky")
			}
		}

		// Each attribute.
		for a := range parse.NumSysfsAttrs {
			d.Reset(name)
			ok := d.Attr(a, data)
			want, werr := refSysfsAttr(a, string(data))
			if ok != (werr == nil) {
				t.Fatalf("%v %q: decoder ok=%v (%v), reference %v", a, data, ok, d.Err(), werr)
			}
			if !ok {
				checkTextErr(t, d.Err(), data)
				if !errors.Is(d.Err(), werr) {
					t.Fatalf("%v %q: decoder error %v, reference %v", a, data, d.Err(), werr)
				}
				continue
			}
			var got int64
			switch a {
			case parse.AttrIfindex:
				got = int64(d.Record().Index)
			case parse.AttrType:
				v, _ := d.Type()
				got = int64(v)
			case parse.AttrOperstate:
				v, _ := d.OperState()
				got = int64(v)
			case parse.AttrSpeed:
				v, _ := d.Speed()
				got = int64(v)
			}
			if got != want {
				t.Fatalf("%v %q: decoder %d, reference %d", a, data, got, want)
			}
		}

		// Round trip of a generated interface.
		g := gen{b: data}
		var vals [parse.NumSysfsStats]uint64
		var texts [parse.NumSysfsStats][]byte
		byName := map[string]uint64{}
		for i := range vals {
			vals[i] = g.counter(64)
			texts[i] = strconv.AppendUint(nil, vals[i], 10)
			texts[i] = append(texts[i], '\n')
			n, _ := parse.SysfsStat(i)
			byName[n] = vals[i]
		}
		decode := func() *parse.Record {
			d.Reset(name)
			for i := range texts {
				d.Stat(i, texts[i])
			}
			return d.Record()
		}
		r := decode()
		if d.Err() != nil {
			t.Fatalf("round trip: %v", d.Err())
		}
		for i := range vals {
			_, f := parse.SysfsStat(i)
			if v, ok := r.Get(f); !ok || v != vals[i] {
				t.Fatalf("round trip: field %v = %d, %v; want %d", f, v, ok, vals[i])
			}
		}
		folds := []struct {
			f     parse.Field
			parts []string
		}{
			{parse.RxDrop, []string{"rx_dropped", "rx_missed_errors"}},
			{parse.RxFrame, []string{"rx_length_errors", "rx_over_errors", "rx_crc_errors", "rx_frame_errors"}},
			{parse.TxCarrier, []string{"tx_carrier_errors", "tx_aborted_errors", "tx_window_errors", "tx_heartbeat_errors"}},
		}
		for _, fo := range folds {
			var sum uint64
			for _, p := range fo.parts {
				sum += byName[p]
			}
			if v, ok := r.Get(fo.f); !ok || v != sum {
				t.Fatalf("round trip: folded %v = %d, %v; want %d", fo.f, v, ok, sum)
			}
		}
		if r.Has != parse.Portable|parse.LinuxDetail || r.Narrow != 0 {
			t.Fatalf("round trip: Has %#x Narrow %#x, want %#x and 0", r.Has, r.Narrow, parse.Portable|parse.LinuxDetail)
		}
		if a := testing.AllocsPerRun(3, func() { decode() }); a != 0 {
			t.Fatalf("round trip: %v allocations, want 0", a)
		}
	})
}
