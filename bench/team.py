#!/usr/bin/env python3
"""Supervisors' boards refreshing live: `--clients` supervisors (20), each signed in as an
operator of their own, keep an event stream open and every `--interval` seconds refresh
what the supervisor's pane shows: `GET /team`, `GET /sla` and `GET /escalations`.

Reports each endpoint's latency (median, p95, p99, max) and the server's CPU use over the
run (its utime + stime from /proc, as a share of one core), beside a baseline of the same
length with the streams open but no refreshing, so what the boards cost stands out.

The supervisors are added with `kefu operator add` on the server's database (`--db`), so
each one's presence is written as it would be in a team (once per 30 s per operator).

Usage: team.py --bin target/release/kefu --url http://127.0.0.1:PORT --db URL --pid PID
               [--clients 20] [--interval 3] [--seconds 30] [--label L] [--json F]
Exit status 0 when the run worked (targets are reported, not asserted), 1 otherwise.
"""

import argparse
import http.client
import json
import os
import subprocess
import sys
import threading
import time
import urllib.parse

PASSWORD = "bench-supervisor-pw"
ENDPOINTS = ["/api/v1/team", "/api/v1/sla", "/api/v1/escalations"]


def pct(values, p):
    if not values:
        return None
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)


class Client:
    def __init__(self, url, operator):
        u = urllib.parse.urlparse(url)
        self.host, self.port = u.hostname, u.port
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        status, body = self.call("POST", "/api/v1/session",
                                 {"operator": operator, "password": PASSWORD})
        if status != 201:
            raise RuntimeError(f"sign in as {operator}: {status} {body[:200]}")
        self.token = json.loads(body)["token"]

    def call(self, method, path, body=None):
        headers = {}
        if getattr(self, "token", None):
            headers["Authorization"] = "Bearer " + self.token
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        self.conn.request(method, path, body=data, headers=headers)
        r = self.conn.getresponse()
        return r.status, r.read()

    def stream(self, stop):
        """Hold `/events` open, reading it, until `stop` is set."""
        c = http.client.HTTPConnection(self.host, self.port, timeout=60)
        c.request("GET", "/api/v1/events", headers={"Authorization": "Bearer " + self.token})
        r = c.getresponse()
        if r.status != 200:
            raise RuntimeError(f"events: {r.status}")
        while not stop.is_set():
            if not r.fp.readline():
                break
        c.close()


def add_supervisors(binary, db, n):
    names = [f"bench-sup{i:02d}" for i in range(n)]
    env = dict(os.environ, KEFU_PASSWORD=PASSWORD)
    for name in names:
        out = subprocess.run([binary, "operator", "add", name, "--name", name,
                              "--roles", "supervisor", "--db", db],
                             env=env, capture_output=True, text=True)
        if out.returncode != 0 and "already exists" not in out.stderr:
            raise RuntimeError(f"operator add {name}: {out.stderr.strip()}")
    return names


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--url", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--interval", type=float, default=3.0)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--label", default="team")
    ap.add_argument("--json")
    a = ap.parse_args()

    names = add_supervisors(a.bin, a.db, a.clients)
    clients = [Client(a.url, n) for n in names]
    stop = threading.Event()
    errors = []

    def guarded(f, *args):
        try:
            f(*args)
        except Exception as e:  # reported, and the run fails
            errors.append(repr(e))

    streams = [threading.Thread(target=guarded, args=(c.stream, stop), daemon=True)
               for c in clients]
    for t in streams:
        t.start()
    time.sleep(1.0)  # the streams are open before either measurement starts
    hz = os.sysconf("SC_CLK_TCK")

    # Baseline: streams open, nobody refreshing.
    t0, c0 = time.monotonic(), cpu_ticks(a.pid)
    time.sleep(a.seconds)
    idle_cpu = (cpu_ticks(a.pid) - c0) / hz / (time.monotonic() - t0)

    lat = {e: [] for e in ENDPOINTS}
    lock = threading.Lock()
    end = time.monotonic() + a.seconds

    def board(i, c):
        # Spread the boards over the interval, as twenty desks would be.
        time.sleep(a.interval * i / len(clients))
        while time.monotonic() < end:
            started = time.monotonic()
            for e in ENDPOINTS:
                s = time.perf_counter()
                status, body = c.call("GET", e)
                ms = (time.perf_counter() - s) * 1000
                if status != 200:
                    raise RuntimeError(f"GET {e}: {status} {body[:200]}")
                with lock:
                    lat[e].append(ms)
            time.sleep(max(0.0, a.interval - (time.monotonic() - started)))

    t0, c0 = time.monotonic(), cpu_ticks(a.pid)
    workers = [threading.Thread(target=guarded, args=(board, i, c)) for i, c in enumerate(clients)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    busy_cpu = (cpu_ticks(a.pid) - c0) / hz / (time.monotonic() - t0)
    stop.set()

    out = {
        "bench": "team",
        "label": a.label,
        "clients": a.clients,
        "interval_s": a.interval,
        "seconds": a.seconds,
        "server_cpu_idle_pct": round(idle_cpu * 100, 1),
        "server_cpu_boards_pct": round(busy_cpu * 100, 1),
        "endpoints": {},
    }
    print(f"team boards ({a.label}): {a.clients} supervisors refreshing every {a.interval:g} s "
          f"for {a.seconds:g} s")
    for e in ENDPOINTS:
        v = lat[e]
        row = {"requests": len(v), "p50_ms": pct(v, 50), "p95_ms": pct(v, 95),
               "p99_ms": pct(v, 99), "max_ms": max(v) if v else None}
        out["endpoints"][e] = {k: (round(x, 2) if isinstance(x, float) else x)
                               for k, x in row.items()}
        if v:
            print(f"  {e:<22} {len(v):5d} requests  median {row['p50_ms']:.1f} ms  "
                  f"p95 {row['p95_ms']:.1f} ms  p99 {row['p99_ms']:.1f} ms  max {row['max_ms']:.1f} ms")
    print(f"  server CPU: {out['server_cpu_boards_pct']}% of a core while refreshing, "
          f"{out['server_cpu_idle_pct']}% with the streams open only")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f, indent=1)
    if errors:
        print("team.py: " + "; ".join(errors[:5]), file=sys.stderr)
        return 1
    if not all(lat[e] for e in ENDPOINTS):
        print("team.py: an endpoint was never measured", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
