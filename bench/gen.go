package bench

import (
	"fmt"
	"math/rand/v2"
	"strconv"
)

// NumColumns is the number of counters per line in the current kernel
// layout of /proc/net/dev (Linux 2.1.91 to today).
const NumColumns = 16

// Column indexes of a [Row]'s Values, in the order the kernel prints them.
const (
	RxBytes = iota
	RxPackets
	RxErrs
	RxDrop
	RxFIFO
	RxFrame
	RxCompressed
	RxMulticast
	TxBytes
	TxPackets
	TxErrs
	TxDrop
	TxFIFO
	TxColls
	TxCarrier
	TxCompressed
)

// A Row is the ground truth of one generated interface line.
type Row struct {
	// Name is the interface name (without the padding "%6s" prints),
	// unique within one Generate result and at most 15 bytes.
	Name   string
	Values [NumColumns]uint64 // in kernel column order: RxBytes ... TxCompressed
}

// Header is the two header lines every kernel since 2.1.91 prints.
const Header = "Inter-|   Receive                                                |  Transmit\n" +
	" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"

// lineFormat is the per-device format of net/core/net-procfs.c
// (dev_seq_printf_stats), Linux 2.6.36 and later.
const lineFormat = "%6s: %7d %7d %4d %4d %4d %5d %10d %9d %8d %7d %4d %4d %4d %5d %7d %10d\n"

// Generate returns the text of a /proc/net/dev with n interfaces, printed
// with the kernel's own format string, and the values it printed. The
// same n and seed give the same bytes.
//
// Names are unique and look like real ones, up to 15 bytes (IFNAMSIZ-1):
// lo, eth0, enp3s0f1, wlp2s0, docker0, br-<12 hex>, veth<7 hex>,
// cali<11 hex>, tap<8 hex>-<2 hex>, bond0.<vlan>. Counters span the whole
// u64 range: the first line (when n > 1) carries 2^64-1 in every column;
// the others are drawn per column as genValue says, about 160 bytes a
// line, as on real hosts.
func Generate(n int, seed uint64) ([]byte, []Row) {
	r := rand.New(rand.NewPCG(seed, 0x6e6574696f))
	rows := make([]Row, 0, n)
	seen := make(map[string]bool, n)
	for i := 0; len(rows) < n; i++ {
		name := genName(r, i)
		if seen[name] {
			continue
		}
		seen[name] = true
		row := Row{Name: name}
		for c := range row.Values {
			if len(rows) == 0 && n > 1 {
				row.Values[c] = 1<<64 - 1
				continue
			}
			row.Values[c] = genValue(r, c)
		}
		rows = append(rows, row)
	}
	buf := make([]byte, 0, len(Header)+n*160)
	buf = append(buf, Header...)
	for _, row := range rows {
		v := row.Values
		buf = fmt.Appendf(buf, lineFormat, row.Name, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7],
			v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15])
	}
	return buf, rows
}

// genName returns the i-th name: lo first, then a mix of kinds.
func genName(r *rand.Rand, i int) string {
	if i == 0 {
		return "lo"
	}
	hex := func(k int) string {
		const digits = "0123456789abcdef"
		b := make([]byte, k)
		for j := range b {
			b[j] = digits[r.IntN(16)]
		}
		return string(b)
	}
	switch r.IntN(10) {
	case 0:
		return "eth" + strconv.Itoa(r.IntN(64))
	case 1:
		return fmt.Sprintf("enp%ds%df%d", r.IntN(256), r.IntN(32), r.IntN(8))
	case 2:
		return fmt.Sprintf("wlp%ds%d", r.IntN(16), r.IntN(8))
	case 3:
		return "docker" + strconv.Itoa(r.IntN(16))
	case 4:
		return "br-" + hex(12) // 15 bytes, as docker names bridges
	case 5:
		return "cali" + hex(11) // 15 bytes, as Calico names veths
	case 6:
		return "tap" + hex(8) + "-" + hex(2) // 14 bytes, as OpenStack names taps
	case 7:
		return fmt.Sprintf("bond%d.%d", r.IntN(4), 1+r.IntN(4094))
	default:
		return "veth" + hex(7)
	}
}

// genValue returns a counter for column c, drawn the way real hosts
// look: byte and packet counters large (anywhere up to 2^64-1, some just
// around a 32-bit wrap), error-class counters mostly 0 or small but
// sometimes large, compressed counters nearly always 0.
func genValue(r *rand.Rand, c int) uint64 {
	switch c {
	case RxBytes, TxBytes:
		switch r.IntN(4) {
		case 0:
			return r.Uint64N(1 << 32)
		case 1:
			return 1<<32 - 8 + r.Uint64N(16) // around a 32-bit wrap
		case 2:
			return r.Uint64N(1 << 48)
		default:
			return r.Uint64() // anywhere up to 2^64-1
		}
	case RxPackets, TxPackets:
		if r.IntN(8) == 0 {
			return r.Uint64()
		}
		return r.Uint64N(1 << 40)
	case RxMulticast:
		return r.Uint64N(1 << 32)
	case RxCompressed, TxCompressed:
		if r.IntN(20) == 0 {
			return r.Uint64N(1 << 20)
		}
		return 0
	default: // errs, drop, fifo, frame, colls, carrier
		switch p := r.IntN(100); {
		case p < 70:
			return 0
		case p < 90:
			return r.Uint64N(1000)
		case p < 98:
			return r.Uint64N(1 << 32)
		default:
			return r.Uint64()
		}
	}
}
