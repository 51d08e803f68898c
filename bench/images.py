#!/usr/bin/env python3
"""Bytes of a review's photos per graphics protocol: the real `kefu` desk (embedded demo
back office, signed in as demo-reviewer) in a pseudo-terminal with `ui.image_protocol`
forced, at 120x40 and 80x24.

The script plays the terminal: it answers the desk's graphics query (kitty graphics OK,
DA1 with sixel, a 10x20-pixel cell, device status OK), so the desk encodes as a terminal
of that cell size would get it. For each protocol and size it counts the bytes the desk
writes to open the first review and claim it (photos are shown to the claimer) until
both photos are drawn, to zoom (`z`) the document,
and to move the checklist cursor (`j`, a redraw of the same photos: no image bytes may be
written then). Over a 64 kbit/s link (8 KB/s) the seconds are bytes / 8000.

Usage: images.py --bin target/debug/kefu [--sizes 120x40,80x24] [--protocols ...]
                 [--max-kib N] [--json F] [--smoke]
Exit status 0 when the run worked and no redraw re-sent an image, 1 otherwise.
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
# A burst ends after this long without output (images are encoded off the UI thread).
QUIET = 0.6
# Image payloads: sixel DCS, kitty APC graphics, iTerm2 OSC 1337.
IMAGE_STARTS = (b"\x1bP", b"\x1b_G", b"\x1b]1337;File")
# The answer of a terminal with kitty graphics, sixel and 10x20-pixel cells.
ANSWER = b"\x1b_Gi=31;OK\x1b\\\x1b_Gi=32;OK\x1b\\\x1b[?62;4;22c\x1b[6;20;10t\x1b[0n"
KINDS = {
    "halfblocks": None,
    "sixel": b"\x1bP",
    "kitty": b"\x1b_G",
    "iterm2": b"\x1b]1337;File",
}


class Desk:
    def __init__(self, binary, home, protocol, cols, rows, max_kib):
        for d in ("config/kefu", "data", "runtime"):
            os.makedirs(os.path.join(home, d), exist_ok=True)
        cfg = os.path.join(home, "config", "kefu", "config.toml")
        with open(cfg, "w") as f:
            f.write('[ui]\nimage_protocol = "%s"\n' % protocol)
            if max_kib is not None:
                f.write("image_max_kib = %d\n" % max_kib)
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": home,
            "XDG_CONFIG_HOME": os.path.join(home, "config"),
            "XDG_DATA_HOME": os.path.join(home, "data"),
            "XDG_RUNTIME_DIR": os.path.join(home, "runtime"),
            "LANG": "en_US.UTF-8",
            "TERM": "xterm-256color",
        }
        pid, fd = pty.fork()
        if pid == 0:
            os.execve(binary, [binary, "--as", "demo-reviewer"], env)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    def read(self, timeout):
        r, _, _ = select.select([self.fd], [], [], timeout)
        if not r:
            return b""
        try:
            data = os.read(self.fd, 1 << 16)
        except OSError:
            return b""
        if b"\x1b[5n" in data:
            # The graphics query: answer it as a graphics terminal would.
            os.write(self.fd, ANSWER)
        return data

    def wait_for(self, needle, timeout=60):
        deadline = time.monotonic() + timeout
        buf = b""
        while time.monotonic() < deadline:
            buf += self.read(0.05)
            if needle in buf:
                return buf
        raise RuntimeError("timed out waiting for %r; last output: %r" % (needle, buf[-400:]))

    def burst(self, key, until=None, timeout=30):
        """Send `key`; every byte written until `until` has been seen (when given) and
        then QUIET seconds without output."""
        os.write(self.fd, key)
        got = b""
        deadline = time.monotonic() + timeout
        t0 = time.monotonic()
        while time.monotonic() < deadline:
            chunk = self.read(QUIET)
            if chunk:
                got += chunk
                continue
            if until is None or until(got):
                return got, time.monotonic() - t0 - QUIET
        raise RuntimeError("no complete burst after %r: %r" % (key, got[-400:]))

    def quit(self):
        # Back to the list, then `q`; each key alone (ESC and `q` read together are Alt-q).
        for k in (b"\x1b", b"\x1b", b"q"):
            try:
                os.write(self.fd, k)
                while self.read(0.4):
                    pass
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


def image_bytes(data):
    """Bytes of image payloads (escape sequence to its terminator) in `data`."""
    total, i = 0, 0
    while True:
        starts = [(data.find(s, i), s) for s in IMAGE_STARTS]
        starts = [(p, s) for p, s in starts if p >= 0]
        if not starts:
            return total
        p, s = min(starts)
        st = data.find(b"\x1b\\", p + 2)
        bel = data.find(b"\x07", p + 2) if s == b"\x1b]1337;File" else -1
        ends = [e for e in (st, bel) if e >= 0]
        e = (min(ends) if ends else len(data) - 2) + 2
        total += e - p
        i = e


def drawn(protocol, data):
    """Whether `data` drew both photos: image payloads for a graphics protocol, or the
    half-block glyph in many cells."""
    kind = KINDS[protocol]
    if kind is None:
        return data.count("▀".encode()) > 30
    return data.count(kind) >= 2 if kind != b"\x1b_G" else data.count(b"m=0") >= 2


def measure(binary, protocol, cols, rows, max_kib):
    home = tempfile.mkdtemp(prefix="kefu-img-")
    desk = Desk(binary, home, protocol, cols, rows, max_kib)
    try:
        desk.wait_for(b"Kind", 120)
        desk.burst(b"", None)
        # Open the first review, then claim it (a review shows its photos to its claimer).
        shown, t_open = desk.burst(b"\r", lambda d: b"Checklist" in d)
        claimed, t_claim = desk.burst(b"c", lambda d: drawn(protocol, d))
        opened, secs = shown + claimed, t_open + t_claim
        # The checklist cursor: same photos, same area, same protocol.
        redraw, _ = desk.burst(b"j", lambda d: END in d)
        zoomed, _ = desk.burst(b"z", lambda d: END in d)
        back, _ = desk.burst(b"\x1b", lambda d: END in d)
        code = desk.quit()
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return {
        "protocol": protocol,
        "size": "%dx%d" % (cols, rows),
        "max_kib": max_kib,
        "open_bytes": len(opened),
        "open_image_bytes": image_bytes(opened),
        "open_secs_local": round(secs, 2),
        "zoom_bytes": len(zoomed),
        "redraw_bytes": len(redraw),
        "redraw_image_bytes": image_bytes(redraw),
        "back_bytes": len(back),
        "exit": code,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--sizes", default="120x40,80x24")
    ap.add_argument("--protocols", default="halfblocks,sixel,kitty,iterm2")
    ap.add_argument("--max-kib", type=int, default=None, help="ui.image_max_kib (unset: default)")
    ap.add_argument("--json")
    ap.add_argument("--smoke", action="store_true", help="one size (80x24)")
    a = ap.parse_args()
    sizes = ["80x24"] if a.smoke else a.sizes.split(",")
    rows_out, bad = [], 0
    print("%-10s %-7s %10s %10s %10s %8s %10s %14s" % (
        "protocol", "size", "open B", "of images", "zoom B", "64k s", "redraw B",
        "redraw img B"))
    for p in a.protocols.split(","):
        for s in sizes:
            c, r = (int(x) for x in s.split("x"))
            m = measure(os.path.abspath(a.bin), p, c, r, a.max_kib)
            rows_out.append(m)
            print("%-10s %-7s %10d %10d %10d %8.1f %10d %14d" % (
                p, s, m["open_bytes"], m["open_image_bytes"], m["zoom_bytes"],
                m["open_bytes"] / 8000.0,
                m["redraw_bytes"], m["redraw_image_bytes"]))
            if m["redraw_image_bytes"] or m["exit"] != 0:
                bad += 1
    if a.json:
        with open(a.json, "w") as f:
            json.dump(rows_out, f)
    if bad:
        print("images: %d runs re-sent an image on redraw or did not exit 0" % bad, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
