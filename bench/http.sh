#!/usr/bin/env bash
# Back-office throughput: lookup by phone and a ticket-list page under 50 concurrent
# connections on loopback, with /healthz of the same server, in the same run, as the
# ceiling. Prints one line per endpoint (requests/s, p50, p99, ratio to the ceiling) and
# the server's peak RSS; appends JSON lines to $OUT when set.
#
# usage: bench/http.sh BIN DB_URL LABEL [SECONDS]
#   BIN     the kefu binary (release)
#   DB_URL  sqlite:PATH or postgres://… holding data (kefu gen-data)
# Needs wrk (Debian: apt-get install wrk) and sqlite3 or psql to pick phone numbers.
set -euo pipefail
bin=$1 db=$2 label=$3 secs=${4:-10}
here=$(cd "$(dirname "$0")" && pwd)
conns=${CONNS:-50}
threads=${THREADS:-2}

command -v wrk >/dev/null || { echo "http.sh: wrk is missing (apt-get install wrk)" >&2; exit 1; }
work=$(mktemp -d /tmp/kefu-http.XXXXXX)
server=
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# Phones that exist, spread over the whole table (the story phone first).
case "$db" in
    sqlite:*)
        sqlite3 "${db#sqlite:}" "SELECT phone FROM accounts WHERE phone IS NOT NULL AND id % 97 = 0 LIMIT 2000" ;;
    *)
        psql -Atq "$db" -c "SELECT phone FROM accounts WHERE phone IS NOT NULL AND id % 97 = 0 LIMIT 2000" ;;
esac | sed 's|^|/api/v1/accounts?phone=|' > "$work/lookup.paths"
[ -s "$work/lookup.paths" ] || { echo "http.sh: no phones in $db" >&2; exit 1; }
echo "/api/v1/tickets?status=new,open,pending_customer,pending_review&sort=due&limit=50" > "$work/tickets.paths"

"$bin" serve --listen 127.0.0.1:0 --db "$db" --requests-per-min 0 --lookups-per-min 0 \
    >"$work/out" 2>"$work/err" &
server=$!
url=
for _ in $(seq 1 600); do
    url=$(sed -n 's|.*listening on \(http://[0-9.:]*\).*|\1|p' "$work/out" | head -n1)
    [ -n "$url" ] && break
    kill -0 "$server" 2>/dev/null || { cat "$work/err" >&2; exit 1; }
    sleep 0.1
done
[ -n "$url" ] || { echo "http.sh: the server did not start" >&2; cat "$work/err" >&2; exit 1; }

token=$(curl -sf -XPOST "$url/api/v1/session" -H 'content-type: application/json' \
    -d '{"operator":"demo-agent","password":"kefu-demo"}' | sed -n 's|.*"token":"\([^"]*\)".*|\1|p')
[ -n "$token" ] || { echo "http.sh: cannot sign in" >&2; exit 1; }
# Each endpoint answers once before it is measured.
for p in "$(head -n1 "$work/lookup.paths")" "$(cat "$work/tickets.paths")"; do
    curl -sf -o /dev/null -H "Authorization: Bearer $token" "$url$p" \
        || { echo "http.sh: $p failed" >&2; exit 1; }
done

run() { # name paths-file
    local name=$1 paths=$2 line
    line=$(KEFU_TOKEN=$token KEFU_PATHS=$paths wrk -t"$threads" -c"$conns" -d"${secs}s" \
        -s "$here/wrk.lua" "$url/healthz" | sed -n 's/^WRK_JSON //p')
    [ -n "$line" ] || { echo "http.sh: wrk gave no result for $name" >&2; exit 1; }
    echo "$name $line" >> "$work/results"
}
run healthz ""
run lookup "$work/lookup.paths"
run tickets "$work/tickets.paths"
rss=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")
backend=${db%%:*}
python3 - "$work/results" "$label" "$backend" "$rss" "$conns" "${OUT:-}" <<'EOF'
import json, sys
path, label, backend, rss, conns, out = sys.argv[1:7]
rows = {}
for line in open(path):
    name, js = line.split(" ", 1)
    rows[name] = json.loads(js)
ceiling = rows["healthz"]["rps"]
bad = False
for name in ("healthz", "lookup", "tickets"):
    r = rows[name]
    r.update(name=name, label=label, backend=backend, connections=int(conns),
             ratio=r["rps"] / ceiling if ceiling else 0.0, server_peak_rss_mb=int(rss) / 1024)
    print("http %-8s %-10s %-8s %8.0f req/s  p50 %7.2f ms  p99 %7.2f ms  %5.0f%% of healthz  errors %d/%d"
          % (label, backend, name, r["rps"], r["p50_ms"], r["p99_ms"], 100 * r["ratio"],
             r["non2xx"], r["socket_errors"]))
    bad |= r["requests"] == 0 or r["non2xx"] > 0
    if out:
        with open(out, "a") as f:
            f.write(json.dumps(r) + "\n")
print("http %-8s %-10s server peak RSS %.1f MB" % (label, backend, int(rss) / 1024))
sys.exit(1 if bad else 0)
EOF
