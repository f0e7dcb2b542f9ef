package parse

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The package's -update flag rewrites golden files. Whichever test file
// defines it first wins; the others look it up (package-level variables
// are initialised before any init function runs).
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files")
	}
}

func updateGolden() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// goldenRecord is the reviewed form of a decoded record.
type goldenRecord struct {
	Name   string            `json:"name"`
	Index  int32             `json:"index"`
	Format string            `json:"format,omitempty"`
	Values map[string]uint64 `json:"values"`
	Narrow []string          `json:"narrow,omitempty"`
}

func toGolden(r *Record, format string) goldenRecord {
	g := goldenRecord{Name: string(r.Name), Index: r.Index, Format: format, Values: map[string]uint64{}}
	for f := Field(0); f < NumFields; f++ {
		if r.Has.Has(f) {
			g.Values[f.String()] = r.Values[f]
		}
		if r.Narrow.Has(f) {
			g.Narrow = append(g.Narrow, f.String())
		}
	}
	return g
}

// checkGolden compares got with testdata/<path>, or rewrites it under
// -update. It also keeps the input bytes beside it (<path>.bin) as a
// reviewable artefact and fuzz seed.
func checkGolden(t *testing.T, path string, input []byte, got []goldenRecord) {
	t.Helper()
	js, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	js = append(js, '\n')
	golden := filepath.Join("testdata", path+".golden")
	bin := filepath.Join("testdata", path+".bin")
	if updateGolden() {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, js, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(bin, input, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./parse -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(js)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", golden, diff)
	}
	wantBin, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(wantBin, input) {
		t.Errorf("%s differs from what the encoder makes now", bin)
	}
}

func TestRouteIfList(t *testing.T) {
	for _, v := range rtVariants() {
		t.Run(v.name, func(t *testing.T) {
			buf, ends, want := rtStream(t, v)
			d := RouteIfList{Source: "test", Layout: v.layout}
			d.Reset(buf)
			var got []Record
			var golden []goldenRecord
			for d.Next() {
				got = append(got, d.Record().Clone())
				golden = append(golden, toGolden(d.Record(), d.Format()))
			}
			if err := d.Err(); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("records (-want +got):\n%s", diff)
			}
			if skipped := len(ends) - len(want); d.Skipped() != skipped {
				t.Errorf("Skipped() = %d, want %d", d.Skipped(), skipped)
			}
			checkGolden(t, "route/"+v.name, buf, golden)

			// AppendRouteIfList gives the same records.
			got2, err := AppendRouteIfList(nil, "test", v.layout, buf)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got2); diff != "" {
				t.Errorf("AppendRouteIfList (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRouteIfListTruncated cuts every stream at every byte: a cut inside a
// message is an error (never a panic), a cut between messages is a valid
// shorter stream.
func TestRouteIfListTruncated(t *testing.T) {
	for _, v := range rtVariants() {
		t.Run(v.name, func(t *testing.T) {
			buf, ends, _ := rtStream(t, v)
			for n := 0; n < len(buf); n++ {
				recs, err := AppendRouteIfList(nil, "test", v.layout, buf[:n])
				boundary := slices.Contains(ends, n)
				var pe *ParseError
				switch {
				case boundary && err != nil:
					t.Fatalf("cut at message end %d: %v", n, err)
				case !boundary && err == nil:
					t.Fatalf("cut at %d inside a message: no error (%d records)", n, len(recs))
				case !boundary && !errors.As(err, &pe):
					t.Fatalf("cut at %d: error %T is not a *ParseError", n, err)
				case !boundary && !errors.Is(err, ErrShort) && !errors.Is(err, ErrEmpty):
					t.Fatalf("cut at %d: %v, want ErrShort", n, err)
				}
			}
		})
	}
}

// TestRouteIfListLayoutMismatch: a list decoded with another kernel's
// layout has no interface message that layout knows: an error, not an
// empty list.
func TestRouteIfListLayoutMismatch(t *testing.T) {
	vs := map[string]rtVariant{}
	for _, v := range rtVariants() {
		vs[v.name] = v
	}
	tests := []struct {
		name    string
		variant string
		os      RouteOS              // the layout the list is decoded with
		edit    func(m []byte)       // edits each interface message, if set
		field   string               // ParseError.Field
		offset  func(buf []byte) int // ParseError.Offset
	}{
		{
			// FreeBSD's RTM_IFINFO is NetBSD's RTM_OOIFINFO, which NetBSD
			// names as a message of NetBSD before 8.
			name: "FreeBSD list as NetBSD", variant: "freebsd11-amd64", os: RouteNetBSD,
			field: "rtm_type", offset: func([]byte) int { return 0 },
		},
		// The rest hold no message the layout takes for an interface: the
		// error comes at the end of the list.
		{name: "macOS list as NetBSD", variant: "darwin-iflist2", os: RouteNetBSD, field: "rtm_type", offset: func(b []byte) int { return len(b) }},
		{name: "NetBSD list as FreeBSD", variant: "netbsd-amd64", os: RouteFreeBSD, field: "rtm_type", offset: func(b []byte) int { return len(b) }},
		{name: "NetBSD list as OpenBSD", variant: "netbsd-amd64", os: RouteOpenBSD, field: "rtm_type", offset: func(b []byte) int { return len(b) }},
		{name: "NetBSD list as macOS", variant: "netbsd-amd64", os: RouteDarwin, field: "rtm_type", offset: func(b []byte) int { return len(b) }},
		{
			name: "FreeBSD list whose interface messages have an unknown type", variant: "freebsd11-amd64", os: RouteFreeBSD,
			edit: func(m []byte) { m[3] = 0x7f }, field: "rtm_type", offset: func(b []byte) int { return len(b) },
		},
		{
			name: "OpenBSD list whose interface messages have an unknown type", variant: "openbsd-386", os: RouteOpenBSD,
			edit: func(m []byte) { m[3] = 0x7f }, field: "rtm_type", offset: func(b []byte) int { return len(b) },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, ok := vs[tt.variant]
			if !ok {
				t.Fatalf("no %s variant", tt.variant)
			}
			buf, ends, _ := rtStream(t, v)
			if tt.edit != nil {
				start := 0
				for _, end := range ends {
					if buf[start+3] == v.ifinfo {
						tt.edit(buf[start:end])
					}
					start = end
				}
			}
			layout := v.layout
			layout.OS = tt.os
			recs, err := AppendRouteIfList(nil, "sysctl test", layout, buf)
			if !errors.Is(err, ErrVersion) || len(recs) != 0 {
				t.Fatalf("%d records, %v; want ErrVersion and none", len(recs), err)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err %T is not a *ParseError", err)
			}
			if pe.Field != tt.field || pe.Offset != tt.offset(buf) {
				t.Errorf("ParseError field %q offset %d, want %q offset %d (%v)", pe.Field, pe.Offset, tt.field, tt.offset(buf), err)
			}
		})
	}
}

// TestRouteDarwinIfList2ByteWidth: macOS 11+ fills if_msghdr2's 64-bit
// byte counters from 32-bit ones, so they are declared 32-bit while they
// fit; a larger value (an older macOS) is declared 64-bit.
func TestRouteDarwinIfList2ByteWidth(t *testing.T) {
	v := rtVariants()[0]
	if v.name != "darwin-iflist2" {
		t.Fatalf("variant 0 is %s", v.name)
	}
	for _, wide := range []bool{false, true} {
		var buf []byte
		for _, f := range rtIfaces(wide) {
			for _, m := range rtEncode(t, v, f) {
				buf = append(buf, m...)
			}
		}
		recs, err := AppendRouteIfList(nil, "sysctl test", v.layout, buf)
		if err != nil || len(recs) == 0 {
			t.Fatalf("wide=%v: %d records, %v", wide, len(recs), err)
		}
		want := FieldSet(0).With(TxDrop)
		if !wide {
			want = want.With(RxBytes).With(TxBytes)
		}
		for _, r := range recs {
			if r.Narrow != want {
				t.Errorf("wide=%v %s: Narrow %v, want %v", wide, r.Name, r.Narrow, want)
			}
		}
	}
}

// TestCheckBSDName: BSD and macOS names keep every byte but NUL, up to 15.
func TestCheckBSDName(t *testing.T) {
	for name, want := range map[string]error{"em0": nil, "my if": nil, "a/b": nil, "tun.7": nil,
		"": ErrEmptyName, "abcdefghijklmnop": ErrName, "a\x00b": ErrName} {
		if err := checkBSDName([]byte(name)); err != want {
			t.Errorf("checkBSDName(%q) = %v, want %v", name, err, want)
		}
	}
}

// TestRouteIfListCorrupt damages one field of a valid stream per case.
func TestRouteIfListCorrupt(t *testing.T) {
	vs := map[string]rtVariant{}
	for _, v := range rtVariants() {
		vs[v.name] = v
	}
	type tc struct {
		name    string
		variant string
		edit    func(b []byte, v rtVariant) // edits the first message
		err     error
		offset  int
	}
	cases := []tc{
		{"msglen zero", "freebsd11-amd64", func(b []byte, v rtVariant) { v.order.PutUint16(b, 0) }, ErrLength, 0},
		{"msglen three", "netbsd-amd64", func(b []byte, v rtVariant) { v.order.PutUint16(b, 3) }, ErrLength, 0},
		{"msglen beyond buffer", "darwin-iflist2", func(b []byte, v rtVariant) { v.order.PutUint16(b, 0xffff) }, ErrShort, 0},
		{"msglen shorter than header", "darwin-iflist2", func(b []byte, v rtVariant) {
			v.order.PutUint16(b, 100)
			v.order.PutUint16(b[100:], uint16(len(b)-100)) // rest becomes a message
		}, ErrShort, 0},
		{"wrong version", "openbsd-amd64", func(b []byte, v rtVariant) { b[2] = 4 }, ErrVersion, 0},
		{"netbsd wants version 4", "netbsd-amd64", func(b []byte, v rtVariant) { b[2] = 5 }, ErrVersion, 0},
		{"openbsd unknown hdrlen", "openbsd-amd64", func(b []byte, v rtVariant) { v.order.PutUint16(b[4:], 150) }, ErrVersion, 0},
		{"freebsd unknown datalen", "freebsd11-amd64", func(b []byte, v rtVariant) { v.order.PutUint16(b[22:], 140) }, ErrVersion, 0},
		{"no RTA_IFP", "darwin-iflist2", func(b []byte, v rtVariant) { v.order.PutUint32(b[4:], 0) }, ErrName, 0},
		{"sockaddr not AF_LINK", "darwin-iflist2", func(b []byte, v rtVariant) { b[160+1] = 2 }, ErrName, 160},
		{"sdl_nlen beyond sdl_len", "netbsd-amd64", func(b []byte, v rtVariant) { b[152+5] = 40 }, ErrLength, 152},
		{"sdl_nlen one past sdl_len", "netbsd-amd64", func(b []byte, v rtVariant) { b[152+5] = b[152] - 7 }, ErrLength, 152},
		{"sdl_len beyond message", "freebsd11-amd64", func(b []byte, v rtVariant) { b[168] = 200 }, ErrShort, 168},
		{"empty name", "darwin-iflist", func(b []byte, v rtVariant) { b[112+5] = 0 }, ErrEmptyName, 120},
		{"NUL in name", "openbsd-386", func(b []byte, v rtVariant) { b[160+9] = 0 }, ErrName, 168},
		{"no interface message", "netbsd-amd64", func(b []byte, v rtVariant) {
			for m := b; len(m) >= 4; m = m[v.order.Uint16(m):] {
				if m[3] == 20 {
					m[3] = 0x0f // RTM_OIFINFO: NetBSD before 8
				}
			}
		}, ErrVersion, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := vs[c.variant]
			buf, _, _ := rtStream(t, v)
			c.edit(buf, v)
			recs, err := AppendRouteIfList(nil, "sysctl test", v.layout, buf)
			if !errors.Is(err, c.err) {
				t.Fatalf("err = %v, want %v", err, c.err)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err %T is not a *ParseError", err)
			}
			if pe.Offset != c.offset || pe.Source != "sysctl test" || pe.Line != 0 {
				t.Errorf("ParseError at %q offset %d line %d, want %q offset %d line 0 (%v)",
					pe.Source, pe.Offset, pe.Line, "sysctl test", c.offset, err)
			}
			if len(recs) != 0 {
				t.Errorf("%d records before the first message's error", len(recs))
			}
		})
	}

	t.Run("empty", func(t *testing.T) {
		_, err := AppendRouteIfList(nil, "x", RouteLayout{OS: RouteNetBSD}, nil)
		if !errors.Is(err, ErrEmpty) {
			t.Fatalf("err = %v, want ErrEmpty", err)
		}
	})
	t.Run("unknown layout", func(t *testing.T) {
		buf, _, _ := rtStream(t, vs["netbsd-amd64"])
		_, err := AppendRouteIfList(nil, "x", RouteLayout{}, buf)
		if !errors.Is(err, ErrVersion) {
			t.Fatalf("err = %v, want ErrVersion", err)
		}
	})
	t.Run("sticky", func(t *testing.T) {
		v := vs["netbsd-amd64"]
		buf, _, _ := rtStream(t, v)
		buf[2] = 9
		d := RouteIfList{Layout: v.layout}
		d.Reset(buf)
		if d.Next() || d.Next() {
			t.Fatal("Next true after an error")
		}
		if !errors.Is(d.Err(), ErrVersion) {
			t.Fatalf("Err() = %v", d.Err())
		}
	})
}

// TestRouteIfListBytes sets every byte of every stream to 0x00, 0xff and
// its complement: the decoder must return records or an error, never
// panic, and never loop.
func TestRouteIfListBytes(t *testing.T) {
	for _, v := range rtVariants() {
		buf, _, _ := rtStream(t, v)
		b := make([]byte, len(buf))
		for i := range buf {
			for _, x := range []byte{0, 0xff, ^buf[i]} {
				copy(b, buf)
				b[i] = x
				recs, err := AppendRouteIfList(nil, "x", v.layout, b)
				if len(recs) > 3 {
					t.Fatalf("%s byte %d=%#x: %d records from 3 interfaces (%v)", v.name, i, x, len(recs), err)
				}
			}
		}
	}
}

func TestRouteLayoutFor(t *testing.T) {
	cases := []struct {
		goos, goarch string
		want         RouteLayout
		ok           bool
	}{
		{"darwin", "arm64", RouteLayout{OS: RouteDarwin, LongSize: 8}, true},
		{"freebsd", "386", RouteLayout{OS: RouteFreeBSD, LongSize: 4}, true},
		{"freebsd", "arm", RouteLayout{OS: RouteFreeBSD, LongSize: 4}, true},
		{"openbsd", "ppc64", RouteLayout{OS: RouteOpenBSD, LongSize: 8, BigEndian: true}, true},
		{"openbsd", "mips64", RouteLayout{OS: RouteOpenBSD, LongSize: 8, BigEndian: true}, true},
		{"netbsd", "amd64", RouteLayout{OS: RouteNetBSD, LongSize: 8}, true},
		{"linux", "amd64", RouteLayout{}, false},
		{"windows", "amd64", RouteLayout{}, false},
	}
	for _, c := range cases {
		got, ok := RouteLayoutFor(c.goos, c.goarch)
		if ok != c.ok || got != c.want {
			t.Errorf("RouteLayoutFor(%q, %q) = %+v, %v; want %+v, %v", c.goos, c.goarch, got, ok, c.want, c.ok)
		}
	}
}

func TestRouteIfListRecordBorrows(t *testing.T) {
	v := rtVariants()[0]
	buf, _, _ := rtStream(t, v)
	d := RouteIfList{Layout: v.layout}
	d.Reset(buf)
	if !d.Next() {
		t.Fatal(d.Err())
	}
	kept := d.Record().Clone()
	name := string(d.Record().Name)
	for i := range buf {
		buf[i] = 'X'
	}
	if string(kept.Name) != name {
		t.Fatalf("clone's name changed with the buffer: %q, want %q", kept.Name, name)
	}
}

func TestDecodeIfMibData(t *testing.T) {
	f := rtIfaces(true)[1]
	buf := rtIfMibData(t, f, f.name)
	var got Record
	if err := DecodeIfMibData(&got, "test", buf); err != nil {
		t.Fatal(err)
	}
	want := rtRecord(f, false, f.snddrops, true)
	want.Index = 0
	want.Narrow = want.Narrow.With(TxDrop)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	checkGolden(t, "route/darwin-ifmibdata", buf, []goldenRecord{toGolden(&got, "")})

	for n := 0; n < len(buf); n++ {
		err := DecodeIfMibData(&got, "test", buf[:n])
		if n == 0 && !errors.Is(err, ErrEmpty) || n > 0 && !errors.Is(err, ErrShort) {
			t.Fatalf("cut at %d: %v", n, err)
		}
	}
	if err := DecodeIfMibData(&got, "test", append(buf, 0)); !errors.Is(err, ErrLength) {
		t.Fatalf("181 bytes: %v, want ErrLength", err)
	}
	bad := slices.Clone(buf)
	bad[0] = 0
	if err := DecodeIfMibData(&got, "test", bad); !errors.Is(err, ErrEmptyName) {
		t.Fatalf("empty name: %v", err)
	}
}

// TestAppendDarwinIfList2 checks that the counters come from ifmibdata,
// not from the (rounded, truncated) list, and the vanished/error paths.
func TestAppendDarwinIfList2(t *testing.T) {
	var v rtVariant
	for _, x := range rtVariants() {
		if x.name == "darwin-iflist2" {
			v = x
		}
	}
	ifs := rtIfaces(true)
	// The list carries what a non-Apple binary sees: bytes rounded down
	// to 1 KiB and truncated to 32 bits.
	var list []byte
	for _, f := range ifs {
		g := f
		g.ibytes, g.obytes = uint64(uint32(f.ibytes&^1023)), uint64(uint32(f.obytes&^1023))
		for _, m := range rtEncode(t, v, g) {
			list = append(list, m...)
		}
	}
	mibs := map[int32][]byte{}
	for _, f := range ifs {
		mibs[int32(f.index)] = rtIfMibData(t, f, f.name)
	}
	var want []Record
	for _, f := range ifs {
		r := v.want(f)
		want = append(want, r)
	}
	got, err := AppendDarwinIfList2(nil, "test", list, func(i int32) ([]byte, error) { return mibs[i], nil })
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}

	t.Run("vanished", func(t *testing.T) {
		got, err := AppendDarwinIfList2(nil, "test", list, func(i int32) ([]byte, error) {
			if i == 4 {
				return nil, nil
			}
			return mibs[i], nil
		})
		if err != nil || len(got) != 2 || string(got[1].Name) != "bridge100" {
			t.Fatalf("got %d records, %v; want lo0 and bridge100", len(got), err)
		}
	})
	t.Run("sysctl error", func(t *testing.T) {
		boom := errors.New("boom")
		_, err := AppendDarwinIfList2(nil, "test", list, func(int32) ([]byte, error) { return nil, boom })
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("name mismatch", func(t *testing.T) {
		_, err := AppendDarwinIfList2(nil, "test", list, func(i int32) ([]byte, error) {
			return rtIfMibData(t, ifs[0], "en9"), nil
		})
		if !errors.Is(err, ErrName) {
			t.Fatalf("err = %v, want ErrName", err)
		}
	})
	t.Run("short ifmibdata", func(t *testing.T) {
		_, err := AppendDarwinIfList2(nil, "test", list, func(i int32) ([]byte, error) { return mibs[i][:100], nil })
		var pe *ParseError
		if !errors.Is(err, ErrShort) || !errors.As(err, &pe) || pe.Name != "lo0" {
			t.Fatalf("err = %v, want ErrShort naming lo0", err)
		}
	})
}

// benchRoute decodes a FreeBSD 11 list of n interfaces; it is the hot path
// measured by BenchmarkRouteIfList and TestRouteIfListAllocs.
func benchRoute(tb testing.TB, d *RouteIfList, dst []Record, buf []byte) []Record {
	d.Reset(buf)
	dst = dst[:0]
	for d.Next() {
		dst = append(dst, *d.Record())
	}
	if d.Err() != nil {
		tb.Fatal(d.Err())
	}
	return dst
}

func rtBenchInput(tb testing.TB, v rtVariant, n int) []byte {
	var buf []byte
	ifs := rtIfaces(true)
	for i := range n {
		f := ifs[i%len(ifs)]
		f.index = uint16(i + 1)
		for _, m := range rtEncode(tb, v, f) {
			buf = append(buf, m...)
		}
	}
	return buf
}

var sinkRouteRecords []Record

func TestRouteIfListAllocs(t *testing.T) {
	for _, v := range rtVariants() {
		buf := rtBenchInput(t, v, 64)
		d := RouteIfList{Layout: v.layout}
		dst := make([]Record, 0, 64)
		if n := testing.AllocsPerRun(100, func() { sinkRouteRecords = benchRoute(t, &d, dst, buf) }); n != 0 {
			t.Errorf("%s: %v allocs per decode, want 0", v.name, n)
		}
	}
	// The macOS merge allocates nothing either.
	v := rtVariants()[0]
	f := rtIfaces(true)[0]
	list := bytes.Join(rtEncode(t, v, f), nil)
	mib := rtIfMibData(t, f, f.name)
	dst := make([]Record, 0, 4)
	ifmib := func(int32) ([]byte, error) { return mib, nil }
	if n := testing.AllocsPerRun(100, func() {
		sinkRouteRecords, _ = AppendDarwinIfList2(dst[:0], "x", list, ifmib)
	}); n != 0 {
		t.Errorf("AppendDarwinIfList2: %v allocs, want 0", n)
	}
}

func BenchmarkRouteIfList(b *testing.B) {
	for _, v := range rtVariants() {
		if v.name != "freebsd11-amd64" && v.name != "darwin-iflist2" {
			continue
		}
		buf := rtBenchInput(b, v, 64)
		b.Run(v.name+"/64", func(b *testing.B) {
			d := RouteIfList{Layout: v.layout}
			dst := make([]Record, 0, 64)
			b.ReportAllocs()
			b.SetBytes(int64(len(buf)))
			for b.Loop() {
				sinkRouteRecords = benchRoute(b, &d, dst, buf)
			}
		})
	}
}
