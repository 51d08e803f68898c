#!/usr/bin/env bash
# Load: 200 simulated operators (list tickets, look up a caller by phone, add a note, open
# and decide reviews) against one `kefu serve` on loopback, then print request counts and
# p50/p99 latencies per action. Fails on any error.
#
#   scripts/load.sh [SECONDS] [OPERATORS]     (default 60 s, 200 operators)
#   KEFU_LOAD_THINK_MS=100   pause between one operator's actions
#   PROFILE=release          measure an optimized build (slower to build, faster to serve)
set -euo pipefail
cd "$(dirname "$0")/.."
profile=()
[ "${PROFILE:-}" = release ] && profile=(--release)
KEFU_LOAD_SECS="${1:-60}" KEFU_LOAD_OPERATORS="${2:-200}" \
    cargo test "${profile[@]}" --test reliability load:: -- --nocapture 2>&1 | grep -E '^load:|test result|panicked|error'
