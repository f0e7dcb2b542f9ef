#!/usr/bin/env bash
# bench/ module (its own go.mod): netio.IOCountersByFile against gopsutil
# v4.26.10 on every /proc/net/dev under testdata/, the file benchmarks'
# ground truth, and the zero-allocation checks of the steady-state paths.
# As root it also builds a namespace of 256 interfaces and runs the live
# ground truth (every netio source, gopsutil, procfs, bare pread, bare
# netlink RTM_GETSTATS; 0 allocs for netio's Reader) inside it.
set -euo pipefail
cd "$(dirname "$0")/../../bench"
go vet ./...
go test -count=1 ./...   # the live tests skip here: they run in a namespace below

if [[ $(id -u) != 0 ]]; then
	echo "live ground truth: skipped (not root)"
	exit 0
fi
if ! command -v ip >/dev/null; then
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iproute2 >/dev/null
fi
work=$(mktemp -d)
ns=nio-ci-$$-$RANDOM
trap 'ip netns del "$ns" 2>/dev/null || true; rm -rf "$work"' EXIT
go test -c -o "$work/bench.test" .
go build -o "$work/benchtool" ./cmd/benchtool
ip netns add "$ns"
"$work/benchtool" batch 256 | ip -n "$ns" -batch -
cd "$work"
ip netns exec "$ns" env NETIO_BENCH_LIVE_N=256 ./bench.test -test.run '^TestLiveGroundTruth$' -test.v
