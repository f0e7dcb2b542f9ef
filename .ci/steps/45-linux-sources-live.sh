#!/usr/bin/env bash
# The Linux sources against the kernel: procfs, netlink and sysfs read a
# veth namespace (by name, by PID, and sysfs through a sysfs mounted in
# it) and must give identical IOCountersStat, equal to `ip -s -s -j link`;
# filters, renames, churn and capture; 0 allocs per steady-state Read;
# then one pass of the live benchmarks at 1 and 257 interfaces.
# go test ./... skips the live tests without root or iproute2; here
# NETIO_REQUIRE_NETNS=1 turns those skips into failures.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ $(id -u) != 0 ]]; then
	echo "linux sources live tests: skipped (not root)"
	exit 0
fi
if ! command -v ip >/dev/null; then
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iproute2 >/dev/null
fi
NETIO_REQUIRE_NETNS=1 go test -count=1 -v -run '^(TestLive|TestSourceAllocs|TestAutoChoice|TestAutoFallsBack|TestNetlinkLinkMode)' ./source
NETIO_REQUIRE_NETNS=1 go test -count=1 -v -run '^TestSourceFlagsLive$' ./cmd/netio
NETIO_REQUIRE_NETNS=1 NETIO_BENCH_SIZES=1,257 go test -count=1 -run '^$' -bench '^BenchmarkLive$' -benchtime 50x ./source
