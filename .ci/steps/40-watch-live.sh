#!/usr/bin/env bash
# netio watch against known traffic: two network namespaces joined by a
# veth pair, 1000 frames of 300 bytes sent from one side, and watch's
# rates x periods (procfs and netlink sources) checked to add up to
# exactly that on the other. go test ./... skips it without root or iproute2;
# here NETIO_REQUIRE_NETNS=1 turns those skips into failures.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ $(id -u) != 0 ]]; then
	echo "watch live test: skipped (not root)"
	exit 0
fi
if ! command -v ip >/dev/null; then
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iproute2 >/dev/null
fi
NETIO_REQUIRE_NETNS=1 go test -count=1 -v -run '^TestWatchLive$' ./cmd/netio
