#!/usr/bin/env bash
# Crash safety: SIGKILL `kefu serve` at random moments during a stream of acknowledged
# writes, ROUNDS times (default 100), then check PRAGMA integrity_check, `kefu audit verify`
# and that every write answered 201 is in the store. The suite runs the same test with 10.
#
#   scripts/crash-test.sh [ROUNDS]        KEFU_CRASH_SEED=N repeats a run's kill moments
set -euo pipefail
cd "$(dirname "$0")/.."
KEFU_CRASH_ROUNDS="${1:-100}" cargo test --test reliability crash:: -- --nocapture
