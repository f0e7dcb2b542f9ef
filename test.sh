#!/usr/bin/env bash
# The README's test command: every test, race detector on.
set -euo pipefail
cd "$(dirname "$0")"
go test -race -count=1 ./...
