#!/usr/bin/env bash
# bench/run.sh: netio side by side with gopsutil v4 and prometheus/procfs.
#
# Prints one table (implementation x N): ns/op, ns per interface, B/op,
# allocs/op, gopsutil's time / this row's, this row's time / the floor.
#
#   file: generated /proc/net/dev inputs (N = 1, 16, 256, 4096), on tmpfs.
#   live: this kernel's /proc/net/dev and netlink inside network namespaces
#         holding N = 1, 256, 2000, 4096 interfaces (lo + veth pairs, all
#         down); needs root and iproute2, skipped otherwise. The namespaces
#         are removed on exit, also on failure or Ctrl-C.
#
# Every implementation is checked against ground truth before it is timed
# (TestFileGroundTruth / TestLiveGroundTruth run first and must pass).
#
# Environment: BENCHTIME (default 250ms), COUNT (rounds: each runs every
# benchmark once, and the table shows the median; default 5), LIVE_SIZES (default "1 256 2000 4096"),
# NO_LIVE=1 (file inputs only), RAW=<path> (keep the raw go test output).
# Takes about 2 minutes on 2 cores (under 5 even on a loaded machine).
set -euo pipefail
cd "$(dirname "$0")"

BENCHTIME=${BENCHTIME:-250ms}
COUNT=${COUNT:-5}
LIVE_SIZES=${LIVE_SIZES:-"1 256 2000 4096"}

work=$(mktemp -d "${TMPDIR:-/tmp}/netio-bench.XXXXXX")
namespaces=()
cleanup() {
	local ns
	for ns in "${namespaces[@]}"; do
		ip netns del "$ns" 2>/dev/null || true
	done
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "# machine"
echo "cpu:    $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') ($(nproc) cores)"
echo "kernel: $(uname -sr)"
echo "go:     $(go version | cut -d' ' -f3-)"
echo "load:   $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, at start)"
echo "date:   $(date -u '+%Y-%m-%d %H:%M UTC')"
echo

go test -c -o "$work/bench.test" .
go build -o "$work/benchtool" ./cmd/benchtool
out=$work/bench.txt

# Each round runs every benchmark once, and the table takes the median
# over rounds: interleaving spreads a burst of load from elsewhere over all
# rows instead of landing on the COUNT runs of one. The ground-truth tests
# run in the first round and must pass.
tests() { if [[ $1 == 1 ]]; then echo "$2"; else echo '^$'; fi; }

for round in $(seq "$COUNT"); do
	echo "# file inputs, round $round of $COUNT" >&2
	"$work/bench.test" -test.run "$(tests "$round" '^TestFile')" -test.bench '^BenchmarkFile$' \
		-test.benchtime "$BENCHTIME" | tee -a "$out" >&2
done

if [[ ${NO_LIVE:-} == 1 ]]; then
	echo "live: skipped (NO_LIVE=1)" >&2
elif [[ $(id -u) != 0 ]] || ! command -v ip >/dev/null; then
	echo "live: skipped (needs root and iproute2)" >&2
else
	for n in $LIVE_SIZES; do
		ns=nio-bench-$$-$RANDOM-$n
		namespaces+=("$ns")
		ip netns add "$ns"
		"$work/benchtool" batch "$n" | ip -n "$ns" -batch -
		for round in $(seq "$COUNT"); do
			echo "# live, $n interfaces (namespace $ns), round $round of $COUNT" >&2
			(cd "$work" && ip netns exec "$ns" env NETIO_BENCH_LIVE_N="$n" ./bench.test \
				-test.run "$(tests "$round" '^TestLiveGroundTruth$')" -test.bench '^BenchmarkLive$' \
				-test.benchtime "$BENCHTIME") | tee -a "$out" >&2
		done
		ip netns del "$ns"
		unset 'namespaces[-1]'
		sleep 2 # let the kernel's namespace cleanup finish before the next timing
	done
fi

echo "# results (medians of $COUNT interleaved rounds of $BENCHTIME; gopsutil ÷ this > 1 means faster than gopsutil)"
"$work/benchtool" table <"$out"
if [[ -n ${RAW:-} ]]; then cp "$out" "$RAW"; fi
echo
echo "load:   $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, at end)"
