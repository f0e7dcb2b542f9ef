#!/usr/bin/env bash
# fuzz/run.sh [DURATION] [REGEXP]
#
# Runs every native Go fuzz target of this directory (every func Fuzz* in
# its _test.go files, or those whose name matches REGEXP) for DURATION
# each (a Go duration, default 60s), one after the other, and prints a
# summary: target, time, executions, new corpus entries, result. A
# failure leaves its input in fuzz/testdata/fuzz/<Target>/ (commit it
# once the bug is fixed) and makes the script exit 1 after the summary.
# A "context deadline exceeded" with no failing input is Go 1.26's own
# fuzz-coordinator race at the end of -fuzztime (golang/go#75804), shown as
# "ok (go#75804)", not a failure.
#
# Environment: PARALLEL sets the number of fuzz workers (go test
# -parallel; default: GOMAXPROCS); MINIMIZE the time spent minimizing a
# new or failing input (default 5s: minimization counts no executions, and
# long ones starve short runs).
set -euo pipefail
cd "$(dirname "$0")"

dur=${1:-60s}
filter=${2:-.}
minimize=${MINIMIZE:-5s}
par=()
if [[ -n ${PARALLEL:-} ]]; then
	par=(-parallel "$PARALLEL")
fi

mapfile -t targets < <(grep -ho '^func Fuzz[A-Za-z0-9_]*' ./*_test.go | sed 's/^func //' | grep -E -- "$filter" | sort)
if [[ ${#targets[@]} -eq 0 ]]; then
	echo "fuzz/run.sh: no target matches $filter" >&2
	exit 2
fi

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
failed=()
summary=()
for t in "${targets[@]}"; do
	start=$SECONDS
	if go test -run '^$' -fuzz "^$t\$" -fuzztime "$dur" -fuzzminimizetime "$minimize" "${par[@]}" . >"$logs/$t" 2>&1; then
		result=ok
	elif grep -q 'context deadline exceeded' "$logs/$t" && ! grep -q 'Failing input written' "$logs/$t"; then
		# Go 1.26's fuzz coordinator can report its own -fuzztime deadline
		# as a failure, with no failing input (golang/go#75804, fixed in
		# Go 1.27). A real failure always writes its input.
		result="ok (go#75804)"
	else
		result=FAIL
		failed+=("$t")
	fi
	execs=$(grep -o 'execs: [0-9]*' "$logs/$t" | tail -1 | cut -d' ' -f2)
	newin=$(grep -o 'new interesting: [0-9]*' "$logs/$t" | tail -1 | cut -d' ' -f3)
	line=$(printf '%-26s %6ss %12s %6s  %s' "$t" "$((SECONDS - start))" "${execs:-0}" "${newin:-0}" "$result")
	summary+=("$line")
	echo "$line"
done

echo
echo "fuzz/run.sh: $(date -u '+%Y-%m-%d %H:%M UTC'), $dur per target, $(go version | cut -d' ' -f3)"
printf '%-26s %7s %12s %6s  %s\n' target time execs new result
printf '%s\n' "${summary[@]}"
if [[ ${#failed[@]} -gt 0 ]]; then
	for t in "${failed[@]}"; do
		echo
		echo "=== $t"
		tail -40 "$logs/$t"
	done
	exit 1
fi
