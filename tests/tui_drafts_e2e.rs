//! Nothing typed is lost: the real `kefu` binary in a pseudo-terminal (tmux) is killed
//! with SIGKILL in the middle of a note, then hung up on with SIGHUP (a dropped SSH link);
//! each next start offers the text back on the same ticket, and sending it adds the note
//! exactly once.

mod support;

use std::path::Path;
use std::process::Command;

use kefu::client::{Client, ClientOptions};
use support::server::Server;
use support::{desk_pid, open_first_ticket, send_note_and_quit, start_desk, wait_exit};

/// Send a signal with the shell's `kill` builtin.
fn signal(pid: &str, sig: &str) {
    let ok = Command::new("sh")
        .args(["-c", &format!("kill {sig} {pid}")])
        .status()
        .expect("sh runs")
        .success();
    assert!(ok, "kill {sig} {pid}");
}

fn draft_files(h: &Path) -> Vec<std::path::PathBuf> {
    let root = h.join("data/kefu/drafts");
    let mut out = Vec::new();
    for dir in std::fs::read_dir(root).into_iter().flatten().flatten() {
        for f in std::fs::read_dir(dir.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            out.push(f.path());
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn a_note_survives_sigkill_and_sighup_and_is_sent_once() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let socket = |n: u32| format!("kefu-drafts-{}-{n}", std::process::id());

    // 1. Typing, then SIGKILL mid-sentence.
    let tmux = start_desk(h, &socket(1));
    let id = open_first_ticket(&tmux);
    tmux.keys(&["n"]);
    tmux.wait_for("the editor", |s| s.contains("Internal note"));
    let first = format!("来电人说 degree {} 𠀀 half a", std::process::id());
    tmux.text(&first);
    tmux.wait_for("the text on screen", |s| s.contains("half a"));
    signal(&desk_pid(&tmux), "-KILL");
    assert_eq!(wait_exit(&tmux), "137", "killed, not exited");
    drop(tmux);
    let files = draft_files(h);
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].ends_with(format!("ticket-{id}.json")));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&files[0]).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "drafts hold what callers said");
    }

    // 2. Next start: offered back on the same ticket; more typing, then SIGHUP.
    std::fs::remove_file(h.join("exit")).unwrap();
    let tmux = start_desk(h, &socket(2));
    tmux.wait_for("the drafts notice", |s| {
        s.contains("unsent draft") && s.contains(&format!("ticket #{id}"))
    });
    assert_eq!(open_first_ticket(&tmux), id);
    tmux.wait_for("the draft restored", |s| {
        s.contains("Internal note") && s.contains("half a") && s.contains("restored")
    });
    tmux.keys(&["End"]);
    tmux.text(" sentence");
    tmux.wait_for("the added text", |s| s.contains("half a sentence"));
    signal(&desk_pid(&tmux), "-HUP");
    assert_eq!(wait_exit(&tmux), "0", "a hang-up is a clean exit");
    drop(tmux);

    // 3. Again: the whole text is back; sent once.
    std::fs::remove_file(h.join("exit")).unwrap();
    let tmux = start_desk(h, &socket(3));
    assert_eq!(open_first_ticket(&tmux), id);
    tmux.wait_for("the draft restored", |s| s.contains("half a sentence"));
    send_note_and_quit(&tmux);
    drop(tmux);
    assert!(draft_files(h).is_empty(), "a sent note leaves no draft");

    let server = Server::on_file(&h.join("data/kefu/kefu-demo.db"), &[]);
    let url = server.url.clone();
    let client = Client::new(ClientOptions::new(&url)).unwrap();
    client.sign_in("demo-agent", "kefu-demo").await.unwrap();
    let t = client.ticket(id).await.unwrap();
    drop(server);
    let whole = format!("{first} sentence");
    let sent: Vec<_> = t.events.iter().filter(|e| e.body == whole).collect();
    assert_eq!(sent.len(), 1, "{:#?}", t.events);
}
