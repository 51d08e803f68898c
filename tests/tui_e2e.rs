//! The real `kefu` binary in a pseudo-terminal (tmux) on the embedded back office: it
//! starts, shows the queue, filters it, opens a ticket, adds an internal note and quits;
//! then the note is on the server and the terminal was restored.

mod support;

use kefu::client::{Client, ClientOptions};
use support::server::Server;
use support::{start_desk_capturing, wait_exit};

#[tokio::test(flavor = "multi_thread")]
async fn desk_starts_filters_opens_notes_and_quits_cleanly() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let raw = h.join("raw");
    let tmux = start_desk_capturing(h, &format!("kefu-e2e-{}", std::process::id()), Some(&raw));

    // The queue appears with rows.
    tmux.wait_for("the queue", |s| s.contains("Subject") && s.contains('▶'));

    // Filter to phone tickets.
    tmux.keys(&["/"]);
    tmux.wait_for("the filter bar", |s| s.contains("Filter:"));
    tmux.keys(&["C-u"]);
    tmux.text("status:new,open channel:phone");
    tmux.keys(&["Enter"]);
    // The filter shows in the status line before the server answers: wait until every
    // row on screen is a phone ticket.
    fn rows(screen: &str) -> Vec<&str> {
        screen
            .lines()
            .filter(|l| {
                l.starts_with('▶')
                    || (l.starts_with(' ') && l[1..].starts_with(|c: char| c.is_ascii_digit()))
            })
            .collect()
    }
    let screen = tmux.wait_for("the filtered queue", |s| {
        let rows = rows(s);
        // The footer says the filter with catalog labels.
        s.contains("/ status new,open channel phone")
            && !rows.is_empty()
            && rows.iter().all(|r| r.contains("phone"))
    });
    assert!(rows(&screen).iter().any(|r| r.starts_with('▶')));

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
    let code = wait_exit(&tmux);
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
    let server = Server::on_file(&db, &[]);
    let url = server.url.clone();
    let client = Client::new(ClientOptions::new(&url)).unwrap();
    client.sign_in("demo-agent", "kefu-demo").await.unwrap();
    let t = client.ticket(id).await.unwrap();
    drop(server);
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
