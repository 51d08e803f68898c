#!/usr/bin/env bash
# Schemathesis against /openapi.json of a running `kefu serve --seed-demo` (temporary DB),
# every check, signed in as demo-lead (supervisor: every endpoint is in reach).
#
#   scripts/schemathesis.sh [MAX_EXAMPLES]      (default 30 per operation)
#
# Environment: KEFU_BIN (default: cargo build, then target/debug/kefu), SCHEMATHESIS (a
# schemathesis executable; default: installed from PyPI into a venv under target/), and
# ST_SEED (random seed, for a reproducible run). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
examples="${1:-30}"
target="${CARGO_TARGET_DIR:-target}"

if [ -z "${KEFU_BIN:-}" ]; then
    cargo build --quiet --bin kefu
    KEFU_BIN="$target/debug/kefu"
fi
if [ -z "${SCHEMATHESIS:-}" ]; then
    venv="$target/schemathesis-venv"
    if [ ! -x "$venv/bin/schemathesis" ]; then
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet 'schemathesis>=4,<5'
    fi
    SCHEMATHESIS="$venv/bin/schemathesis"
fi

# Absolute paths: schemathesis runs from a temporary directory.
case "$KEFU_BIN" in */*) KEFU_BIN="$(cd "$(dirname "$KEFU_BIN")" && pwd)/$(basename "$KEFU_BIN")" ;; esac
case "$SCHEMATHESIS" in */*) SCHEMATHESIS="$(cd "$(dirname "$SCHEMATHESIS")" && pwd)/$(basename "$SCHEMATHESIS")" ;; esac

work="$(mktemp -d)"
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# Reveals (10 a minute), lookups and image reads are rate-limited by default, and 20 lookups
# finding nothing stop an operator's lookups; schemathesis would mostly see 429s.
RUST_LOG=warn "$KEFU_BIN" serve --listen 127.0.0.1:0 --db "sqlite:$work/kefu.db" --seed-demo \
    --lookups-per-min 0 --reveals-per-min 0 --images-per-10min 0 --lookup-misses 0 \
    >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
url=""
for _ in $(seq 1 300); do
    url="$(grep -o 'http://[0-9.:]*' "$work/serve.out" 2>/dev/null | head -n1 || true)"
    [ -n "$url" ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.err" >&2; exit 1; }
    sleep 0.1
done
[ -n "$url" ] || { echo "kefu serve did not start" >&2; exit 1; }

token="$(curl -sf -X POST "$url/api/v1/session" -H 'content-type: application/json' \
    -d '{"operator":"demo-lead","password":"kefu-demo"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"

# One worker: on Python 3.11 before 3.11.8, parallel workers trip a CPython bug in the ast
# module ("AST constructor recursion depth mismatch", gh-106905) inside hypothesis, which
# schemathesis reports as a runtime error of whichever operation it was generating.
# DELETE /session would sign demo-lead out in the middle of the run: it is tested in
# tests/api/auth.rs instead.
set -x
# Run from the temporary directory: schemathesis leaves a .schemathesis/ cache behind.
config="$PWD/scripts/schemathesis.toml"
cd "$work"
"$SCHEMATHESIS" --config-file "$config" run "$url/openapi.json" \
    --checks all \
    --header "Authorization: Bearer $token" \
    --max-examples "$examples" \
    --exclude-method DELETE \
    --workers 1 \
    --generation-database none \
    --request-timeout 10 \
    --no-color \
    ${ST_SEED:+--seed "$ST_SEED"} \
    "${@:2}"
