#!/usr/bin/env bash
# Every benchmark of kefu, in one command (README, "Performance"):
#
#   bench/run-all.sh            full run: release build, 1,000,000 accounts (~15 min)
#   bench/run-all.sh --smoke    small data, a few seconds each, debug build (CI)
#
# 1. rendering (cargo bench --bench render): queue frame with 1,000 rows, ticket detail
# 2. scale data (kefu gen-data): 100,000 accounts and tickets, then topped up to
#    1,000,000 accounts and 200,000 tickets, timed
# 3. keystroke to screen (bench/keys.py): the desk in a pseudo-terminal against a
#    server on that data: latency and bytes per `j`, desk peak RSS
# 4. change to screen (bench/live.py): another operator changes the ticket open in the
#    desk through the API; time until the desk shows it (event stream), median and p99
# 5. back office (bench/http.sh, wrk): /healthz, lookup by phone, ticket list page,
#    50 connections, on SQLite and, when 127.0.0.1:5432 answers, on PostgreSQL
# 6. review photos (bench/images.py): bytes written to open a review, zoom and redraw,
#    per graphics protocol (half blocks, sixel, kitty, iTerm2) at 120x40 and 80x24
#    (smoke: 80x24); fails if a redraw re-sends an image
# 7. supervisors' boards (bench/team.py): 20 supervisors with event streams open refresh
#    /team, /sla and /escalations every 3 s: latency per endpoint and server CPU, on the
#    demo data and on the scale data
#
# Needs: cargo, python3, curl, sqlite3, wrk (installed here with apt-get when missing
# and running as root), psql for PostgreSQL. KEFU_BENCH_PG overrides the PostgreSQL
# URL used to create a fresh database (default postgres://root@127.0.0.1:5432/test).
# Fails when a benchmark breaks; targets are reported, never asserted.
set -euo pipefail
cd "$(dirname "$0")/.."
smoke=0
[ "${1:-}" = "--smoke" ] && smoke=1
target=${CARGO_TARGET_DIR:-target}

if [ $smoke = 1 ]; then
    acc1=8000 tick1=3000 acc2=12000 tick2=5000 keys=60 secs=2 changes=6 board_secs=5
    profile=debug
else
    acc1=100000 tick1=100000 acc2=1000000 tick2=200000 keys=300 secs=10 changes=20 board_secs=30
    profile=release
fi

need=()
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v sqlite3 >/dev/null 2>&1 || need+=(sqlite3)
command -v curl >/dev/null 2>&1 || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "installing: ${need[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    else
        echo "run-all.sh: please install ${need[*]}" >&2
        exit 1
    fi
fi

work=$(mktemp -d /tmp/kefu-bench.XXXXXX)
results=${RESULTS:-$work/results.jsonl}
pgdb=
server=
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    if [ -n "$pgdb" ]; then psql -q "$pg_admin" -c "DROP DATABASE IF EXISTS $pgdb" >/dev/null 2>&1 || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== build ($profile)"
if [ $profile = release ]; then
    cargo build --release --locked --quiet
else
    cargo build --locked --quiet
fi
bin=$target/$profile/kefu

echo "== rendering"
if [ $smoke = 1 ]; then
    cargo test --locked --quiet --bench render -- --smoke
else
    cargo bench --locked --quiet --bench render
fi

gen() { # db accounts tickets label
    local t0 t1 peak
    t0=$(date +%s.%N)
    /usr/bin/time -f "%M" -o "$work/gen.rss" "$bin" gen-data --db "$1" --accounts "$2" --tickets "$3"
    t1=$(date +%s.%N)
    peak=$(tail -n1 "$work/gen.rss")
    python3 -c "import sys; print('gen-data %s: %s s, peak RSS %.0f MB' % (sys.argv[1], round(float(sys.argv[2]) - float(sys.argv[3]), 1), int(sys.argv[4]) / 1024))" \
        "$4" "$t1" "$t0" "$peak"
}

start_server() { # db [extra serve arguments]
    "$bin" serve --listen 127.0.0.1:0 --db "$1" --requests-per-min 0 --lookups-per-min 0 \
        "${@:2}" >"$work/serve.out" 2>"$work/serve.err" &
    server=$!
    url=
    for _ in $(seq 1 600); do
        url=$(sed -n 's|.*listening on \(http://[0-9.:]*\).*|\1|p' "$work/serve.out" | head -n1)
        [ -n "$url" ] && return 0
        kill -0 "$server" 2>/dev/null || break
        sleep 0.1
    done
    echo "run-all.sh: the server did not start" >&2
    cat "$work/serve.err" >&2
    exit 1
}

stop_server() {
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    server=
}

keys() { # db label
    start_server "$1"
    python3 bench/keys.py --bin "$bin" --url "$url" --keys "$keys" --label "$2" \
        --json "$work/keys.json"
    cat "$work/keys.json" >> "$results"
    echo >> "$results"
    stop_server
}

live() { # db label
    start_server "$1"
    python3 bench/live.py --bin "$bin" --url "$url" --changes "$changes" --label "$2" \
        --json "$work/live.json"
    cat "$work/live.json" >> "$results"
    echo >> "$results"
    stop_server
}

boards() { # db label [extra serve arguments]
    start_server "$1" "${@:3}"
    python3 bench/team.py --bin "$bin" --url "$url" --db "$1" --pid "$server" \
        --clients 20 --interval 3 --seconds "$board_secs" --label "$2" --json "$work/team.json"
    cat "$work/team.json" >> "$results"
    echo >> "$results"
    stop_server
}

echo "== supervisors' boards, demo data"
boards "sqlite:$work/demo.db" "sqlite-demo" --seed-demo

sqlite_db="sqlite:$work/scale.db"
echo "== SQLite, $acc1 accounts, $tick1 tickets"
gen "$sqlite_db" $acc1 $tick1 "sqlite $acc1/$tick1"
keys "$sqlite_db" "sqlite-$tick1-tickets"
OUT=$results bench/http.sh "$bin" "$sqlite_db" "$acc1" $secs
echo "== SQLite, $acc2 accounts, $tick2 tickets"
gen "$sqlite_db" $acc2 $tick2 "sqlite $acc1/$tick1 -> $acc2/$tick2"
keys "$sqlite_db" "sqlite-$tick2-tickets"
live "$sqlite_db" "sqlite-$tick2-tickets"
boards "$sqlite_db" "sqlite-$tick2-tickets"
OUT=$results bench/http.sh "$bin" "$sqlite_db" "$acc2" $secs

pg_admin=${KEFU_BENCH_PG:-postgres://root@127.0.0.1:5432/test}
if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then
    pgdb=kefu_bench_$$
    psql -q "$pg_admin" -c "CREATE DATABASE $pgdb" >/dev/null
    pg_db="${pg_admin%/*}/$pgdb"
    echo "== PostgreSQL, $acc2 accounts, $tick2 tickets (fresh database $pgdb)"
    gen "$pg_db" $acc2 $tick2 "postgres 0 -> $acc2/$tick2"
    keys "$pg_db" "postgres-$tick2-tickets"
    live "$pg_db" "postgres-$tick2-tickets"
    OUT=$results bench/http.sh "$bin" "$pg_db" "$acc2" $secs
else
    echo "== PostgreSQL: nothing answers on 127.0.0.1:5432; skipped"
fi
echo "== review photos: bytes per protocol"
if [ $smoke = 1 ]; then
    python3 bench/images.py --bin "$bin" --smoke --json "$work/images.json"
else
    python3 bench/images.py --bin "$bin" --json "$work/images.json"
fi
cat "$work/images.json" >> "$results"
echo >> "$results"
if [ -n "${RESULTS:-}" ]; then echo "== results (JSON) in $results"; fi
echo "== done"
