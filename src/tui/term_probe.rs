//! Whether the terminal answers queries at all: a device status report (`ESC [5n`, which
//! every VT100-compatible terminal answers with `ESC [0n`) and a bounded wait for the
//! answer, on the calling thread.
//!
//! ratatui-image's graphics query reads the answer on a thread of its own and gives up
//! after two seconds, but that thread stays blocked on stdin and eats the operator's first
//! key press. Asking this first, with `poll(2)` and no thread, keeps a terminal that never
//! answers (a pipe, some multiplexers, a console without replies) from losing a key: the
//! desk skips the graphics query there and draws half blocks. Inside tmux the question
//! goes to the terminal behind it, as the graphics query does.

use std::io::Write;
use std::time::{Duration, Instant};

/// How long a terminal gets to answer (a slow SSH link takes a round trip).
pub const ANSWER_WITHIN: Duration = Duration::from_millis(1500);

/// Ask the terminal on stdin/stdout for its name and version (XTVERSION, `ESC [>0q`) and a
/// status report, and wait up to `within` for the report. None: no answer; else the name
/// and version when the terminal gave them (`kitty(0.26.5)`, `XTerm(379)`).
/// Call in raw mode, before anything else reads stdin.
pub fn terminal_answers(within: Duration) -> Option<Option<String>> {
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    // Inside tmux the graphics query goes through to the outer terminal (passthrough), so
    // this question must too: tmux itself always answers, the terminal behind it may not
    // (detached, or passthrough refused).
    let query: &[u8] = if var("TERM").starts_with("tmux") || var("TERM_PROGRAM") == "tmux" {
        // What ratatui-image asks of tmux before its query, asked before this one.
        let _ = std::process::Command::new("tmux")
            .args(["set", "-p", "allow-passthrough", "on"])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
        b"\x1bPtmux;\x1b\x1b[>0q\x1b\x1b[5n\x1b\\"
    } else {
        b"\x1b[>0q\x1b[5n"
    };
    let mut out = std::io::stdout();
    if out.write_all(query).and_then(|()| out.flush()).is_err() {
        return None;
    }
    let deadline = Instant::now() + within;
    let mut seen = Vec::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        if !readable(left) {
            return None;
        }
        let mut buf = [0u8; 64];
        // SAFETY: reads at most `buf.len()` bytes into a live, writable buffer.
        let n = unsafe { libc::read(0, buf.as_mut_ptr().cast(), buf.len()) };
        let Ok(n) = usize::try_from(n) else {
            return None;
        };
        if n == 0 {
            return None;
        }
        seen.extend_from_slice(&buf[..n]);
        if answered(&seen) {
            return Some(version(&seen));
        }
    }
    None
}

/// The name and version in an XTVERSION answer (`ESC P >| text ESC \`) among `bytes`.
pub fn version(bytes: &[u8]) -> Option<String> {
    let start = bytes.windows(3).position(|w| w == b"\x1bP>")? + 3;
    let rest = bytes.get(start..)?;
    let rest = rest.strip_prefix(b"|").unwrap_or(rest);
    let end = rest.windows(2).position(|w| w == b"\x1b\\")?;
    Some(String::from_utf8_lossy(&rest[..end]).into_owned())
}

/// Whether the terminal is a kitty older than 0.28, which draws no Unicode placeholders,
/// the way kitty images are placed here (the image would show as boxes of a missing glyph).
pub fn kitty_without_placeholders(version: &str) -> bool {
    let Some(v) = version
        .strip_prefix("kitty(")
        .and_then(|r| r.strip_suffix(')'))
    else {
        return false;
    };
    let mut parts = v.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let major = parts.next().unwrap_or(0);
    let minor = parts.next().unwrap_or(0);
    (major, minor) < (0, 28)
}

/// Whether `bytes` hold a status report (`ESC [0n` or `ESC [3n`).
pub fn answered(bytes: &[u8]) -> bool {
    bytes.windows(4).any(|w| w == b"\x1b[0n" || w == b"\x1b[3n")
}

/// Whether stdin has bytes within `wait`.
fn readable(wait: Duration) -> bool {
    let mut fd = libc::pollfd {
        fd: 0,
        events: libc::POLLIN,
        revents: 0,
    };
    let ms = libc::c_int::try_from(wait.as_millis()).unwrap_or(libc::c_int::MAX);
    // SAFETY: one valid pollfd, its count given.
    let r = unsafe { libc::poll(&mut fd, 1, ms) };
    r > 0 && fd.revents & libc::POLLIN != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_report_is_an_answer_other_bytes_are_not() {
        assert!(answered(b"\x1b[0n"));
        assert!(answered(b"\x1b_Gi=31;OK\x1b\\\x1b[?62;4c\x1b[0n"));
        assert!(answered(b"\x1b[3n"));
        assert!(!answered(b"j"));
        assert!(!answered(b"\x1b[0"));
        assert!(!answered(b""));
    }

    #[test]
    fn the_version_answer_is_read_and_old_kitty_is_told_apart() {
        let kitty = b"\x1bP>|kitty(0.26.5)\x1b\\\x1b[0n";
        assert_eq!(version(kitty).as_deref(), Some("kitty(0.26.5)"));
        assert_eq!(
            version(b"\x1bP>|XTerm(379)\x1b\\\x1b[0n").as_deref(),
            Some("XTerm(379)")
        );
        assert_eq!(version(b"\x1b[0n"), None, "no version answer");
        assert!(kitty_without_placeholders("kitty(0.26.5)"));
        assert!(!kitty_without_placeholders("kitty(0.28.0)"));
        assert!(!kitty_without_placeholders("kitty(0.39.1)"));
        assert!(!kitty_without_placeholders("XTerm(379)"));
        assert!(!kitty_without_placeholders("WezTerm 20240203"));
    }
}
