#!/usr/bin/env bash
# Fuzzing, after the unit tests (go test ./... already ran every target's seed
# corpus and the malformed-input corpus test, with -race): each native Go
# fuzz target of fuzz/ for a short time (FUZZTIME, default 10s each; about
# three minutes in all). A failure prints the input's path under
# fuzz/testdata/fuzz/<Target>/ and fails the step. Longer runs:
# fuzz/run.sh 10m.
set -euo pipefail
cd "$(dirname "$0")/../.."
fuzz/run.sh "${FUZZTIME:-10s}"
