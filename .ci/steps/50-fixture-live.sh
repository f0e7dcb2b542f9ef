#!/usr/bin/env bash
# netio record in a fresh network namespace: procfs and netlink captures
# that must agree, with no link-layer address left in any file; then
# inspect, replay and verify of the recording. go test ./... falls back to the
# host's procfs without root or iproute2; here NETIO_REQUIRE_NETNS=1 makes
# their absence a failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ $(id -u) != 0 ]]; then
	echo "fixture live test: skipped (not root)"
	exit 0
fi
if ! command -v ip >/dev/null; then
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iproute2 >/dev/null
fi
NETIO_REQUIRE_NETNS=1 go test -count=1 -v -run '^TestRecordLive$' ./cmd/netio
