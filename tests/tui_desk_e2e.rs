//! The desk's text and input in a real terminal (tmux) on a real back office: a burst of
//! keys crosses page boundaries without losing one; flags, emoji families and skin tones
//! leave no stray cells; a long note shows its start and end while typed; keys typed while
//! the window is too small do nothing; a reviewer starts on the reviews pane.

mod support;

use kefu::api::{Category, Channel, NewTicket, Priority};
use kefu::client::{Client, ClientOptions, IdempotencyKey};
use kefu::sanitize::width;
use kefu::tui::panes::queue::filter::QueueFilter;
use support::server::{Db, Server};
use support::{launch_desk, open_first_ticket, start_desk, wait_exit, Tmux};

/// The id on the selected queue row (`▶ 123 …`).
fn selected_id(screen: &str) -> Option<i64> {
    screen
        .lines()
        .find(|l| l.starts_with('▶'))
        .and_then(|l| l.trim_start_matches('▶').split_whitespace().next())
        .and_then(|n| n.parse().ok())
}

/// Quit from the queue; the desk exits 0.
fn quit(tmux: &Tmux) {
    tmux.keys(&["q"]);
    assert_eq!(wait_exit(tmux), "0");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_burst_of_120_keys_reaches_row_121() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let tmux = start_desk(h, &format!("kefu-burst-e2e-{}", std::process::id()));
    let first = tmux.wait_for("the queue", |s| s.contains("Subject") && s.contains('▶'));
    assert!(first.contains("page 1 ·"), "{first}");
    // One write of 120 keys: they arrive together, faster than any page can load.
    tmux.text(&"j".repeat(120));
    // Row 121 is the 21st row of page 3 (50 rows a page). The keys typed while a page
    // loads are applied in the update that shows it, so page 3's first frame is final.
    let screen = tmux.wait_for("page 3", |s| {
        s.contains("page 3 ·") && selected_id(s).is_some()
    });
    let shown = selected_id(&screen).expect("a selected row");
    quit(&tmux);
    drop(tmux);

    // The 121st ticket of the same query, read from the same store.
    let server = Server::on_file(&h.join("data/kefu/kefu-demo.db"), &[]);
    let client = Client::new(ClientOptions::new(&server.url)).unwrap();
    client.sign_in("demo-agent", "kefu-demo").await.unwrap();
    let mut cursor = None;
    let mut ids = Vec::new();
    for _ in 0..3 {
        let q = QueueFilter::open_work().query("due", false, cursor.clone(), 50);
        let page = client.tickets(&q).await.unwrap();
        ids.extend(page.items.iter().map(|t| t.id));
        cursor = page.next_cursor;
    }
    assert!(
        ids.len() > 120,
        "the demo queue has 121 rows: {}",
        ids.len()
    );
    assert_eq!(shown, ids[120], "row 121 selected:\n{screen}");
}

/// The regional indicators of `line` that are not half of a flag drawn whole.
fn stray_indicators(line: &str) -> usize {
    let ri = |c: char| ('\u{1f1e6}'..='\u{1f1ff}').contains(&c);
    kefu::sanitize::clusters(line)
        .filter(|(g, _)| g.chars().filter(|c| ri(*c)).count() == 1)
        .count()
}

const FAMILY: &str = "👨\u{200d}👩\u{200d}👧\u{200d}👦";

#[tokio::test(flavor = "multi_thread")]
async fn flags_families_and_skin_tones_leave_no_stray_cells() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let server = Server::builder(Db::sqlite()).seed_demo().start();
    let client = Client::new(ClientOptions::new(&server.url)).unwrap();
    client.sign_in("demo-agent", "kefu-demo").await.unwrap();
    // Subjects of flags, with and without one narrow character before them, so that the
    // subject column's cut falls inside a flag in one of them whatever its width.
    for (tag, lead) in [("A", ""), ("B", "x")] {
        let subject = format!("FLAGS-{tag} {lead}{}", "🇨🇳".repeat(40));
        client
            .create_ticket(
                &NewTicket {
                    subject,
                    body: format!("家 {FAMILY} 赞 👍🏽 end"),
                    category: Category::Other,
                    channel: Channel::Web,
                    account_id: None,
                    priority: Some(Priority::Normal),
                },
                &IdempotencyKey::new(),
            )
            .await
            .unwrap();
    }
    for d in ["config/kefu", "data", "runtime"] {
        std::fs::create_dir_all(h.join(d)).unwrap();
    }
    std::fs::write(
        h.join("config/kefu/config.toml"),
        "operator = \"demo-agent\"\n",
    )
    .unwrap();
    // The back office named on the command line (`--api-url`), not in the file.
    let tmux = launch_desk(
        h,
        &format!("kefu-flags-e2e-{}", std::process::id()),
        &["--api-url", &server.url],
        (100, 30),
        None,
    );
    tmux.wait_for("the sign-in form", |s| s.contains("Password"));
    tmux.text("kefu-demo");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the queue", |s| s.contains("Subject") && s.contains('▶'));
    tmux.keys(&["/"]);
    tmux.wait_for("the filter bar", |s| s.contains("Filter:"));
    tmux.keys(&["C-u"]);
    tmux.text("FLAGS-");
    tmux.keys(&["Enter"]);
    let queue = tmux.wait_for("the flag tickets", |s| {
        s.contains("FLAGS-A") && s.contains("FLAGS-B")
    });
    let lines: Vec<&str> = queue.lines().collect();
    let header = *lines.iter().find(|l| l.contains("Subject")).unwrap();
    let status_col = width(&header[..header.find("Status").unwrap()]);
    let rows: Vec<&str> = lines
        .iter()
        .copied()
        // The rows, not the footer that names the filter.
        .filter(|l| l.contains("FLAGS-") && !l.contains("tickets · sort"))
        .collect();
    assert_eq!(rows.len(), 2, "{queue}");
    for row in &rows {
        assert_eq!(stray_indicators(row), 0, "half a flag in {row:?}");
        // The status cell starts at the header's column: nothing before it took a cell
        // more or less than it was counted for.
        let at = row.find(" new ").expect("status new") + 1;
        assert_eq!(width(&row[..at]), status_col, "{row:?}\n{queue}");
    }

    // The ticket: its message and a note whose flag falls on the timeline's wrap.
    tmux.keys(&["Enter"]);
    tmux.wait_for("the ticket", |s| {
        s.contains("Timeline") && s.contains("end")
    });
    tmux.keys(&["n"]);
    tmux.wait_for("the editor", |s| s.contains("Internal note"));
    // Two cells of indent and 95 letters leave one cell of the 98 for the flag's two.
    let note = format!("{}🇨🇳 {FAMILY} 👍🏽 NOTE-END", "y".repeat(95));
    tmux.text(&note);
    tmux.wait_for("the note typed", |s| s.contains("NOTE-END"));
    tmux.keys(&["C-s"]);
    let screen = tmux.wait_for("the note on the timeline", |s| {
        s.contains("Note added.") && s.contains("NOTE-END") && !s.contains("Internal note")
    });
    for line in screen.lines() {
        assert_eq!(
            stray_indicators(line),
            0,
            "half a flag in {line:?}\n{screen}"
        );
    }
    // tmux keeps 21 bytes a cell, so the family's last member may be cut in the capture;
    // its joiners must be there (the picture is one, not four drawn apart).
    assert!(
        screen.contains("👨\u{200d}👩\u{200d}👧"),
        "the family is one picture, not four:\n{screen}"
    );
    // Every row of the timeline's box ends with its border at the same column.
    let boxed: Vec<&str> = screen
        .lines()
        .filter(|l| l.starts_with('│') && l.trim_end().ends_with('│'))
        .collect();
    assert!(boxed.len() > 3, "{screen}");
    let right = |l: &str| width(l.trim_end()) - 1;
    let widest = right(boxed[0]);
    for l in &boxed {
        assert_eq!(right(l), widest, "a row out of line: {l:?}\n{screen}");
    }
    tmux.keys(&["Escape"]);
    tmux.wait_for("the queue", |s| s.contains("Subject"));
    quit(&tmux);
}

/// The desk on the embedded demo, the first ticket open with its note editor.
fn editor_open(h: &std::path::Path, name: &str) -> Tmux {
    let tmux = start_desk(h, &format!("kefu-{name}-e2e-{}", std::process::id()));
    open_first_ticket(&tmux);
    tmux.keys(&["n"]);
    tmux.wait_for("the editor", |s| s.contains("Internal note"));
    tmux
}

/// Discard the note, back to the queue, quit.
fn discard_and_quit(tmux: &Tmux) {
    tmux.keys(&["C-x"]);
    tmux.wait_for("the editor closed", |s| !s.contains("Internal note"));
    tmux.keys(&["Escape"]);
    tmux.wait_for("the queue", |s| s.contains("Subject"));
    quit(tmux);
}

#[test]
fn a_long_note_shows_its_start_and_end_while_typed() {
    let home = tempfile::tempdir().unwrap();
    let tmux = editor_open(home.path(), "long");
    let text = format!("START-{}123456789-END!", "abcdefghij".repeat(28));
    assert_eq!(text.chars().count(), 300);
    tmux.text(&text);
    tmux.wait_for("the start and the end of the note", |s| {
        s.contains("START-") && s.contains("-END!")
    });
    // Nothing typed is out of the box: the text shown is the text typed.
    let screen = tmux.screen();
    let shown: String = screen
        .lines()
        .filter(|l| l.starts_with('│'))
        .map(|l| {
            l.trim_start_matches('│')
                .trim_end()
                .trim_end_matches('│')
                .trim_end()
        })
        .collect();
    assert!(shown.contains(&text), "{screen}");
    discard_and_quit(&tmux);
}

#[test]
fn keys_typed_while_the_window_is_too_small_do_nothing() {
    let home = tempfile::tempdir().unwrap();
    let tmux = editor_open(home.path(), "small");
    tmux.cmd(&["resize-window", "-t", "e2e", "-x", "70", "-y", "20"]);
    tmux.wait_for("the too-small notice", |s| !s.contains("Internal note"));
    tmux.text("blind");
    tmux.keys(&["C-s"]);
    tmux.cmd(&["resize-window", "-t", "e2e", "-x", "100", "-y", "30"]);
    tmux.wait_for("the editor again", |s| s.contains("Internal note"));
    tmux.text("seen");
    let screen = tmux.wait_for("the text typed now", |s| s.contains("seen"));
    assert!(!screen.contains("blind"), "{screen}");
    assert!(!screen.contains("Note added"), "{screen}");
    discard_and_quit(&tmux);
}

#[test]
fn a_reviewer_starts_on_the_reviews_pane() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let tmux = launch_desk(
        h,
        &format!("kefu-start-e2e-{}", std::process::id()),
        &["--as", "demo-reviewer", "--lang", "en"],
        (100, 30),
        None,
    );
    let screen = tmux.wait_for("the reviews pane", |s| {
        s.contains("Kind") && s.contains("Document") && s.contains('▶')
    });
    assert!(!screen.contains("Subject"), "not the queue:\n{screen}");
    quit(&tmux);
}
