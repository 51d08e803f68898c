//! The real `kefu` binary in a pseudo-terminal (tmux) on the embedded back office: it
//! starts, shows the queue, filters it, opens a ticket, adds an internal note and quits;
//! then the note is on the server and the terminal was restored.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use kefu::client::{Client, ClientOptions};

struct Tmux {
    socket: String,
    dir: PathBuf,
}

impl Tmux {
    fn cmd(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.cmd(&["capture-pane", "-p", "-t", "e2e"])
    }

    /// Poll the screen until `pred` holds (the program draws asynchronously).
    fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
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

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "e2e"];
        args.extend_from_slice(keys);
        self.cmd(&args);
    }

    fn text(&self, text: &str) {
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

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Start `kefu serve` on the desk's SQLite file and return its URL (and the child).
fn serve(db: &Path) -> (String, std::process::Child) {
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_kefu"))
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .arg("--db")
        .arg(format!("sqlite:{}", db.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = child.stdout.take().unwrap();
    let err = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    for stream in [
        Box::new(out) as Box<dyn std::io::Read + Send>,
        Box::new(err),
    ] {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if line.contains("listening on") {
                    let _ = tx.send(line);
                }
            }
        });
    }
    let line = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("kefu serve says where it listens");
    assert!(line.contains(&port.to_string()), "{line}");
    (format!("http://127.0.0.1:{port}"), child)
}

#[tokio::test(flavor = "multi_thread")]
async fn desk_starts_filters_opens_notes_and_quits_cleanly() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    for d in ["config", "data", "runtime"] {
        std::fs::create_dir_all(h.join(d)).unwrap();
    }
    let tmux = Tmux {
        socket: format!("kefu-e2e-{}", std::process::id()),
        dir: h.to_path_buf(),
    };
    let bin = env!("CARGO_BIN_EXE_kefu");
    // The program waits for a line on stdin-less `read` so output capture starts first.
    let script = format!(
        "read _; env HOME={h} XDG_CONFIG_HOME={h}/config XDG_DATA_HOME={h}/data \
         XDG_RUNTIME_DIR={h}/runtime LANG=en_US.UTF-8 TERM=xterm-256color \
         {bin} 2>{h}/stderr; echo $? > {h}/exit; sleep 600",
        h = h.display()
    );
    tmux.cmd(&[
        "new-session",
        "-d",
        "-s",
        "e2e",
        "-x",
        "100",
        "-y",
        "30",
        "sh",
        "-c",
        &script,
    ]);
    let raw = h.join("raw");
    tmux.cmd(&[
        "pipe-pane",
        "-t",
        "e2e",
        "-o",
        &format!("cat >> {}", raw.display()),
    ]);
    tmux.keys(&["Enter"]);

    // The queue appears with rows.
    tmux.wait_for("the queue", |s| s.contains("Subject") && s.contains('▶'));

    // Filter to phone tickets.
    tmux.keys(&["/"]);
    tmux.wait_for("the filter bar", |s| s.contains("Filter:"));
    tmux.keys(&["C-u"]);
    tmux.text("status:new,open channel:phone");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the filtered queue", |s| {
        s.contains("/ status:new,open channel:phone") && s.contains('▶')
    });
    let first_row = screen.lines().find(|l| l.starts_with('▶')).unwrap();
    assert!(first_row.contains("phone"), "{first_row}");

    // Open the ticket.
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the ticket", |s| {
        s.contains("Ticket #") && s.contains("Timeline")
    });
    let id: i64 = screen
        .split("Ticket #")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("ticket number on screen");

    // Add an internal note.
    tmux.keys(&["n"]);
    tmux.wait_for("the editor", |s| s.contains("Internal note"));
    let note = format!("e2e: caller verified 王𠮷 {}", std::process::id());
    tmux.text(&note);
    tmux.keys(&["C-s"]);
    tmux.wait_for("the note confirmation", |s| s.contains("Note added."));
    tmux.wait_for("the note on the timeline", |s| s.contains(&note));

    // Back to the queue, then quit.
    tmux.keys(&["Escape"]);
    tmux.wait_for("the queue again", |s| {
        !s.contains("Ticket #") && s.contains("Subject")
    });
    tmux.keys(&["q"]);
    let deadline = Instant::now() + Duration::from_secs(30);
    let code = loop {
        if let Ok(c) = std::fs::read_to_string(h.join("exit")) {
            if !c.trim().is_empty() {
                break c;
            }
        }
        assert!(
            Instant::now() < deadline,
            "kefu did not quit: {}",
            tmux.screen()
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(
        code.trim(),
        "0",
        "stderr: {}",
        std::fs::read_to_string(h.join("stderr")).unwrap_or_default()
    );

    // The terminal was restored: the alternate screen was left and the cursor shown
    // after the last frame.
    let bytes = std::fs::read(&raw).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let entered = text
        .rfind("\x1b[?1049h")
        .expect("entered the alternate screen");
    let left = text
        .rfind("\x1b[?1049l")
        .expect("left the alternate screen");
    assert!(left > entered);
    assert!(text[left..].contains("\x1b[?25h"), "cursor shown again");
    assert!(!text[left..].contains("\x1b[?1049h"));

    // The note is on the server.
    let db = h.join("data/kefu/kefu-demo.db");
    assert!(db.exists(), "the demo store is in the data dir");
    let (url, mut child) = serve(&db);
    let client = Client::new(ClientOptions::new(&url)).unwrap();
    client.sign_in("demo-agent", "kefu-demo").await.unwrap();
    let t = client.ticket(id).await.unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        t.events.iter().any(|e| e.body == note
            && e.kind == kefu::api::TicketEventKind::InternalNote
            && e.author == "demo-agent"),
        "{:#?}",
        t.events
    );
    // And the log went to a file in the data dir, not the screen.
    assert!(h.join("data/kefu/kefu.log").exists());
}
