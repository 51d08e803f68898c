#!/usr/bin/env python3
"""Keystroke to screen: the real `kefu` desk in a pseudo-terminal (120x40), signed in to a
running back office, moving the selection down the queue with `j`.

For every key: the time from writing it to the end of the last frame of the burst it
caused (the desk wraps each frame in synchronized output, ESC[?2026h ... ESC[?2026l; a
burst ends after QUIET seconds without output), and the bytes written in that burst.
Moves that cross a page boundary are reported apart as well: the desk reads the next page
ahead of the selection, so such a move should draw once, at once; if the page is not
there yet, the frame showing it comes after a round trip, and the longer quiet window
used for these moves waits for it. Also the desk's peak RSS (VmHWM).

Usage: keys.py --bin target/release/kefu --url http://127.0.0.1:PORT [--keys 300] [--json F]
Exit status 0 when the run worked (targets are reported, not asserted), 1 otherwise.
"""

import argparse
import fcntl
import json
import os
import pty
import select
import shutil
import signal
import struct
import sys
import tempfile
import termios
import time

END = b"\x1b[?2026l"
BEGIN = b"\x1b[?2026h"
QUIET = 0.08
# A page crossing waits longer for a second frame (a page read from the server).
CROSSING_QUIET = 0.5
COLS, ROWS = 120, 40


class Desk:
    def __init__(self, binary, url, home):
        for d in ("config", "data", "runtime"):
            os.makedirs(os.path.join(home, d), exist_ok=True)
        cfg = os.path.join(home, "config", "kefu.toml")
        with open(cfg, "w") as f:
            f.write('operator = "demo-agent"\n[api]\nurl = "%s"\n' % url)
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": home,
            "XDG_CONFIG_HOME": os.path.join(home, "config"),
            "XDG_DATA_HOME": os.path.join(home, "data"),
            "XDG_RUNTIME_DIR": os.path.join(home, "runtime"),
            "KEFU_CONFIG": cfg,
            "LANG": "en_US.UTF-8",
            "TERM": "xterm-256color",
        }
        pid, fd = pty.fork()
        if pid == 0:
            os.execve(binary, [binary], env)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        self.seen = b""

    def read(self, timeout):
        """Bytes available within `timeout` seconds (b"" if none)."""
        r, _, _ = select.select([self.fd], [], [], timeout)
        if not r:
            return b""
        try:
            return os.read(self.fd, 1 << 16)
        except OSError:
            return b""

    def wait_for(self, needle, timeout):
        """Read until `needle` has appeared in the output since the last call."""
        deadline = time.monotonic() + timeout
        buf = b""
        while time.monotonic() < deadline:
            buf += self.read(0.05)
            if needle in buf:
                return buf
        raise RuntimeError(
            "timed out waiting for %r; last output: %r" % (needle, buf[-400:])
        )

    def drain(self, quiet):
        """Read until there has been no output for `quiet` seconds."""
        while self.read(quiet):
            pass

    def key(self, k, quiet=QUIET, timeout=10.0):
        """Send `k`; return (latency to the last frame end, bytes, frames) of its burst.

        The burst ends `quiet` seconds after its last frame."""
        t0 = time.monotonic()
        os.write(self.fd, k)
        got = 0
        last_end = None
        frames = 0
        seen = b""
        deadline = t0 + timeout
        while time.monotonic() < deadline:
            chunk = self.read(quiet if last_end is not None else 1.0)
            now = time.monotonic()
            if not chunk:
                if last_end is not None:
                    break
                continue
            got += len(chunk)
            seen += chunk
            n = seen.count(END)
            if n > frames:
                frames = n
                last_end = now
        if last_end is None:
            return None
        return last_end - t0, got, frames

    def rss_peak_kb(self):
        try:
            with open("/proc/%d/status" % self.pid) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return None

    def quit(self):
        try:
            os.write(self.fd, b"q")
        except OSError:
            pass
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            self.read(0.1)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
        os.kill(self.pid, signal.SIGTERM)
        os.waitpid(self.pid, 0)
        return None


def pct(xs, q):
    xs = sorted(xs)
    if not xs:
        return float("nan")
    return xs[min(len(xs) - 1, int(len(xs) * q))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--url", required=True)
    ap.add_argument("--keys", type=int, default=300)
    ap.add_argument("--page", type=int, default=50, help="the desk's page size")
    ap.add_argument("--label", default="")
    ap.add_argument("--json")
    a = ap.parse_args()

    home = tempfile.mkdtemp(prefix="kefu-keys-")
    desk = Desk(os.path.abspath(a.bin), a.url, home)
    try:
        desk.wait_for(b"Password", 30)
        desk.drain(0.3)
        os.write(desk.fd, b"kefu-demo\r")
        desk.wait_for(b"tickets", 60)
        desk.drain(0.5)
        lat, size, crossing_lat, crossing_size = [], [], [], []
        misses = 0
        for i in range(1, a.keys + 1):
            crosses = i % a.page == 0
            r = desk.key(b"j", CROSSING_QUIET if crosses else QUIET)
            if r is None:
                misses += 1
                continue
            (crossing_lat if crosses else lat).append(r[0] * 1000)
            (crossing_size if crosses else size).append(r[1])
        rss = desk.rss_peak_kb()
    finally:
        code = desk.quit()
        shutil.rmtree(home, ignore_errors=True)
    if not lat or misses:
        print("keys: %d of %d keys drew nothing" % (misses, a.keys), file=sys.stderr)
        return 1
    out = {
        "label": a.label,
        "keys": a.keys,
        "within_page": {
            "n": len(lat),
            "median_ms": pct(lat, 0.5),
            "p99_ms": pct(lat, 0.99),
            "max_ms": max(lat),
            "bytes_median": pct(size, 0.5),
            "bytes_p99": pct(size, 0.99),
            "bytes_max": max(size),
        },
        "page_crossing": {
            "n": len(crossing_lat),
            "median_ms": pct(crossing_lat, 0.5),
            "p99_ms": pct(crossing_lat, 0.99),
            "max_ms": max(crossing_lat) if crossing_lat else None,
            "bytes_median": pct(crossing_size, 0.5),
        },
        "all": {
            "median_ms": pct(lat + crossing_lat, 0.5),
            "p99_ms": pct(lat + crossing_lat, 0.99),
            "bytes_mean": sum(size + crossing_size) / len(size + crossing_size),
        },
        "desk_peak_rss_mb": rss / 1024 if rss else None,
        "exit": code,
    }
    w, c, al = out["within_page"], out["page_crossing"], out["all"]
    print(
        "keys %s: %d moves | within a page: median %.2f ms, p99 %.2f ms, "
        "median %d B, max %d B | page crossings (%d): median %.1f ms | all: p99 %.2f ms, "
        "mean %.0f B | desk peak RSS %.1f MB"
        % (a.label, a.keys, w["median_ms"], w["p99_ms"], w["bytes_median"], w["bytes_max"],
           c["n"], c["median_ms"], al["p99_ms"], al["bytes_mean"],
           out["desk_peak_rss_mb"] or -1)
    )
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f, indent=1)
    return 0 if code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
