//! Helpers shared by the test binaries: the real `kefu` binary in a tmux pseudo-terminal
//! (here) and the real `kefu serve` ([`server`]). The key helpers of the tests of the pure
//! `update` live beside it in `keys.rs`, included only by those tests.
#![allow(dead_code)]

pub mod server;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

pub struct Tmux {
    pub socket: String,
    pub dir: PathBuf,
}

impl Tmux {
    pub fn cmd(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn screen(&self) -> String {
        self.cmd(&["capture-pane", "-p", "-t", "e2e"])
    }

    /// Poll the screen until `pred` holds (the program draws asynchronously).
    pub fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let s = self.screen();
            if pred(&s) {
                return s;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; screen:\n{s}\nstderr: {}",
                std::fs::read_to_string(self.dir.join("stderr")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Like [`Tmux::wait_for`] with a deadline of `within` (for claims about speed).
    pub fn wait_within(&self, what: &str, within: Duration, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + within;
        loop {
            let s = self.screen();
            if pred(&s) {
                return s;
            }
            assert!(
                Instant::now() < deadline,
                "no {what} within {within:?}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "e2e"];
        args.extend_from_slice(keys);
        self.cmd(&args);
    }

    pub fn text(&self, text: &str) {
        self.cmd(&["send-keys", "-t", "e2e", "-l", text]);
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

/// Start the desk on the embedded back office in a 100×30 tmux session named `e2e`,
/// with its home, config, data and runtime dirs under `h`.
pub fn start_desk(h: &Path, socket: &str) -> Tmux {
    start_desk_capturing(h, socket, None)
}

/// `start_desk`, and when `raw` is given, every byte the desk writes to the terminal is
/// appended to that file (tmux `pipe-pane`, set up before the desk starts).
pub fn start_desk_capturing(h: &Path, socket: &str, raw: Option<&Path>) -> Tmux {
    launch_desk(h, socket, &[], (100, 30), raw)
}

/// Start the desk with `args` in a tmux session named `e2e` of `size` (columns, rows), with
/// its home, config, data and runtime dirs under `h`; `raw` as in [`start_desk_capturing`].
pub fn launch_desk(
    h: &Path,
    socket: &str,
    args: &[&str],
    size: (u16, u16),
    raw: Option<&Path>,
) -> Tmux {
    for d in ["config", "data", "runtime"] {
        std::fs::create_dir_all(h.join(d)).unwrap();
    }
    let tmux = Tmux {
        socket: socket.to_string(),
        dir: h.to_path_buf(),
    };
    let bin = env!("CARGO_BIN_EXE_kefu");
    let script = format!(
        "read _; env HOME={h} XDG_CONFIG_HOME={h}/config XDG_DATA_HOME={h}/data \
         XDG_RUNTIME_DIR={h}/runtime LANG=en_US.UTF-8 TERM=xterm-256color \
         {bin} {args} 2>{h}/stderr; echo $? > {h}/exit; sleep 600",
        h = h.display(),
        args = args.join(" ")
    );
    let (cols, rows) = (size.0.to_string(), size.1.to_string());
    tmux.cmd(&[
        "new-session",
        "-d",
        "-s",
        "e2e",
        "-x",
        &cols,
        "-y",
        &rows,
        "sh",
        "-c",
        &script,
    ]);
    if let Some(raw) = raw {
        tmux.cmd(&[
            "pipe-pane",
            "-t",
            "e2e",
            "-o",
            &format!("cat >> {}", raw.display()),
        ]);
    }
    tmux.keys(&["Enter"]);
    tmux
}

/// A desk on `url` at 120×40 signed in as `operator` through the sign-in form, on tmux
/// socket `kefu-{tag}-{operator}-{pid}`; `config` is added to its config file, and the
/// desk counts as up when the screen shows the operator and `up` (its first pane's text).
pub fn signed_in_desk(
    h: &Path,
    url: &str,
    operator: &str,
    tag: &str,
    config: &str,
    up: &str,
) -> Tmux {
    std::fs::create_dir_all(h.join("config/kefu")).unwrap();
    std::fs::write(
        h.join("config/kefu/config.toml"),
        format!("operator = \"{operator}\"\n[api]\nurl = \"{url}\"\n{config}"),
    )
    .unwrap();
    let tmux = launch_desk(
        h,
        &format!("kefu-{tag}-{operator}-{}", std::process::id()),
        &[],
        (120, 40),
        None,
    );
    tmux.wait_for("the sign-in form", |s| s.contains("Password"));
    tmux.text("kefu-demo");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the desk", |s| s.contains(operator) && s.contains(up));
    tmux
}

/// The selected row of a list on screen (the line the cursor `▶` marks; empty when none).
pub fn selected_row(screen: &str) -> String {
    screen
        .lines()
        .find(|l| l.starts_with('▶'))
        .unwrap_or("")
        .to_string()
}

/// In the lookup pane (English UI, just entered), look up the demo's locked caller by the
/// number as spoken; returns the screen with the card.
pub fn look_up_locked_caller(tmux: &Tmux) -> String {
    tmux.keys(&["2"]);
    tmux.wait_for("the lookup input", |s| s.contains("Look up ["));
    tmux.text("+86 138 0013 8000");
    let screen = tmux.wait_for("the locked card", |s| {
        s.contains("[locked]") && s.contains("Locked after 5 failed logins")
    });
    assert!(screen.contains("Locked after 5 failed logins"), "{screen}");
    screen
}

/// Quit with `q`; the desk must exit 0 (its stderr, kept under `home`, says why not).
pub fn quit_cleanly(tmux: &Tmux, home: &Path) {
    tmux.keys(&["q"]);
    assert_eq!(
        wait_exit(tmux),
        "0",
        "stderr: {}",
        std::fs::read_to_string(home.join("stderr")).unwrap_or_default()
    );
}

/// Wait until the desk has exited; returns its exit code.
pub fn wait_exit(tmux: &Tmux) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(c) = std::fs::read_to_string(tmux.dir.join("exit")) {
            if !c.trim().is_empty() {
                return c.trim().to_string();
            }
        }
        assert!(
            Instant::now() < deadline,
            "kefu did not quit: {}",
            tmux.screen()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Open the first ticket of the queue (English UI); returns its number.
pub fn open_first_ticket(tmux: &Tmux) -> i64 {
    tmux.wait_for("the queue", |s| s.contains("Subject") && s.contains('▶'));
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the ticket", |s| {
        s.contains("Ticket #") && s.contains("Timeline")
    });
    screen
        .split("Ticket #")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("ticket number on screen")
}

/// Send the note being typed, go back to the queue and quit; the desk must exit 0.
pub fn send_note_and_quit(tmux: &Tmux) {
    tmux.keys(&["C-s"]);
    tmux.wait_for("the note confirmation", |s| s.contains("Note added."));
    tmux.keys(&["Escape"]);
    tmux.wait_for("the queue", |s| !s.contains("Ticket #"));
    tmux.keys(&["q"]);
    assert_eq!(wait_exit(tmux), "0");
}

/// In the reviews pane's list (English UI), move the selection down to review `id`.
pub fn select_review(tmux: &Tmux, id: i64) {
    let wanted = format!("▶#{id} ");
    for _ in 0..200 {
        let row = selected_row(&tmux.screen());
        if row.starts_with(&wanted) {
            return;
        }
        tmux.keys(&["j"]);
        tmux.wait_for("the selection to move", |s| selected_row(s) != row);
    }
    panic!("review {id} not found in the list:\n{}", tmux.screen());
}

/// On an open review (English UI) that the desk's operator may decide: claim it, tick the
/// four checklist items and approve it with the first reason, `comment` and `note`; waits
/// for the desk's "Decision recorded.".
pub fn claim_and_approve(tmux: &Tmux, comment: &str, note: &str) -> String {
    tmux.keys(&["c"]);
    tmux.wait_for("the claim", |s| s.contains("Claimed for 15 minutes"));
    for i in 0..4 {
        tmux.keys(&["Space"]);
        if i < 3 {
            tmux.keys(&["j"]);
        }
    }
    tmux.wait_for("every item ticked", |s| s.matches("[x]").count() == 4);
    tmux.keys(&["d"]);
    tmux.wait_for("the decision form", |s| s.contains("Decision ("));
    tmux.keys(&["Enter"]);
    tmux.wait_for("the reasons", |s| {
        s.contains("Documents, photos and record match")
    });
    tmux.keys(&["Enter"]);
    tmux.wait_for("the comment field", |s| {
        s.contains("Comment to the applicant")
    });
    tmux.text(comment);
    tmux.keys(&["Enter"]);
    tmux.wait_for("the note field", |s| s.contains("Internal note"));
    tmux.text(note);
    tmux.keys(&["Enter"]);
    tmux.wait_for("the confirmation", |s| {
        s.contains("Send this decision?") && s.contains("documents_match")
    });
    tmux.keys(&["y"]);
    tmux.wait_for("the outcome", |s| s.contains("Decision recorded."))
}

/// The pid of the desk: the child of the pane's shell (read from /proc, no procps needed).
pub fn desk_pid(tmux: &Tmux) -> String {
    let shell = tmux.cmd(&["display-message", "-p", "-t", "e2e", "#{pane_pid}"]);
    let shell = shell.trim().to_string();
    let children: Vec<String> = std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| {
            let pid = e.file_name().to_string_lossy().into_owned();
            let stat = std::fs::read_to_string(e.path().join("stat")).ok()?;
            // Fields after the parenthesised command name: state, ppid, …
            let ppid = stat
                .rsplit_once(')')?
                .1
                .split_whitespace()
                .nth(1)?
                .to_string();
            (ppid == shell).then_some(pid)
        })
        .collect();
    assert_eq!(
        children.len(),
        1,
        "the desk runs under the pane's shell: {children:?}"
    );
    children[0].clone()
}
