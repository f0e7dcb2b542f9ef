package netio

// CounterDelta returns how much a counter that wraps at 2^width rose from
// last to cur, the arithmetic of one counter of a diff. It is pure and
// allocation-free so that other packages (and the fuzz targets) can call it.
//
//   - cur >= last: delta = cur - last, wrapped = false, ok = true.
//   - cur < last, both within width bits: the counter wrapped once:
//     delta = 2^width - last + cur, wrapped = true, ok = true.
//   - cur < last with last or cur wider than width bits: no single wrap at
//     this width explains it (the declaration is wrong or the counter was
//     reset): delta = 0, wrapped = false, ok = false.
//
// width is 32 for counters a source declared 32-bit ([Counters.Narrow]);
// any width outside 1..63 means 64, where every decrease is arithmetically
// a single wrap (delta = cur - last modulo 2^64).
//
// Double-wrap limit: a counter that wrapped more than once between two
// readings is indistinguishable from one that wrapped once; the delta is
// short by a multiple of 2^width (a 32-bit byte counter wraps twice only
// after 8 GiB between readings, about 0.7 s at 100 Gbit/s). Poll 32-bit
// sources often enough that one interval moves less than 2^width. Whether
// a single wrap is plausible at all (rather than a reset) is the caller's
// judgement: [DiffOptions] decides it from the implied rate.
func CounterDelta(last, cur uint64, width int) (delta uint64, wrapped, ok bool) {
	if cur >= last {
		return cur - last, false, true
	}
	if width <= 0 || width >= 64 {
		return cur - last, true, true // modulo 2^64
	}
	limit := uint64(1)<<width - 1
	if last > limit || cur > limit {
		return 0, false, false
	}
	return limit - last + cur + 1, true, true
}
