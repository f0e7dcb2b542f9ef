#!/usr/bin/env bash
# Windows for real, under Wine (docs: ../shared/reference/WINE.md).
#
#  1. Installs Wine and runs the Windows source's tests and the binary
#     decoders' tests of parse/ with
#     ../shared/tools/wine-go-test.sh (GOOS=windows GOARCH=amd64).
#     NETIO_REQUIRE_WINE=1 turns the Wine-only checks' skips into failures:
#     GetIfTable2 through netio's own source must agree with Linux's
#     /proc/net/dev as Wine sees it (Z:\proc\net\dev) for bytes, packets,
#     errors and drops, and lo must grow by what a loopback TCP transfer
#     sent.
#  2. Runs netio.exe under Wine: `show --json` must list lo; `record`
#     (while loopback traffic flows) must write a fixture that the Linux
#     netio can inspect, replay and verify.
# Idempotent; the Wine prefix is cached in $GO_WINE_ROOT (~/.cache/go-wine).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
tool=${NETIO_WINE_TOOL:-$root/../shared/tools/wine-go-test.sh}
[ -x "$tool" ] || { echo "20-wine: $tool not found (see WINE.md)" >&2; exit 1; }

echo "-- Windows tests under Wine"
# Only netio's Windows-facing tests: other tests use t.TempDir, whose
# cleanup Wine 8 cannot do (WINE.md pitfall 3).
NETIO_REQUIRE_WINE=1 "$tool" -count=1 -v -run 'IPHlpAPI|OpenAuto' ./source/ | grep -E '^(---|ok|FAIL|PASS)'
"$tool" -count=1 -run 'MIBIfTable|Route|IfMib|Darwin' ./parse/

# The same Wine environment as the script's, for running netio.exe.
GO_WINE_ROOT=${GO_WINE_ROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/go-wine}
export WINEPREFIX="$GO_WINE_ROOT/prefix64" WINEARCH=win64 WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
unset DISPLAY WAYLAND_DISPLAY

work=$(mktemp -d)
traffic_pid=
cleanup() {
	[ -n "$traffic_pid" ] && kill "$traffic_pid" 2>/dev/null || true
	wineserver -k >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT

echo "-- netio.exe under Wine"
GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go build -o "$work/netio.exe" ./cmd/netio
go build -o "$work/netio" ./cmd/netio
# A persistent wineserver whose service processes do not hold our pipes.
wineserver -k >/dev/null 2>&1 || true
wineserver -w >/dev/null 2>&1 || true
wineserver -p
timeout 120 wine cmd /c exit </dev/null >/dev/null 2>&1

# wine_run runs a Windows program, once more if Wine killed it (seen once
# right after the test script's wineserver stopped: a restart race).
wine_run() {
	local rc=0
	timeout 120 wine "$@" </dev/null || rc=$?
	if [ "$rc" -eq 137 ]; then
		echo "20-wine: wine $1 was killed; retrying once" >&2
		sleep 2
		timeout 120 wine "$@" </dev/null
		return
	fi
	return "$rc"
}

wine_run "$work/netio.exe" show --json >"$work/show.json"
grep -q '"name":"lo"' "$work/show.json" || { echo "netio.exe show --json: no lo:" >&2; cat "$work/show.json" >&2; exit 1; }
echo "netio.exe show --json: $(grep -o '"name":"[^"]*"' "$work/show.json" | tr '\n' ' ')"

# Loopback traffic while recording, so the samples differ.
mkdir -p "$work/traffic"
cat >"$work/traffic/main.go" <<'GO'
package main

import (
	"io"
	"net"
	"time"
)

// Sends zeros over a loopback TCP connection at about 4 MB/s until killed.
func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go io.Copy(io.Discard, c)
		}
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		panic(err)
	}
	buf := make([]byte, 40000)
	for range time.Tick(10 * time.Millisecond) {
		if _, err := c.Write(buf); err != nil {
			panic(err)
		}
	}
}
GO
(cd "$work/traffic" && GOOS= GOARCH= GOFLAGS= GO111MODULE=off go build -o traffic main.go)
"$work/traffic/traffic" &
traffic_pid=$!
wine_run "$work/netio.exe" record -q -o 'Z:'"${work//\//\\}"'\win' -n 4 -i 500ms \
	--note "netio.exe under Wine 8.0 on Linux (.ci/steps/20-wine.sh), loopback TCP traffic"
kill "$traffic_pid"; traffic_pid=
"$work/netio" inspect "$work/win"
"$work/netio" replay --rates "$work/win" | tail -n 8
"$work/netio" verify --update "$work/win" >/dev/null
"$work/netio" verify "$work/win"
# The committed Wine recording still decodes to its goldens.
"$work/netio" verify testdata/windows
echo "-- Wine: ok"
