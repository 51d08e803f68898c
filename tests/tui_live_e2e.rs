//! The real `kefu` binary in a pseudo-terminal (tmux): another operator changes a ticket
//! through the HTTP API of a second server on the same database, and the desk shows it
//! through the event stream — within seconds, where the queue poll (60 s while the
//! stream is up) would take a minute and the open ticket is never polled at all.

mod support;

use std::time::{Duration, Instant};

use kefu::api::{NoteRequest, Visibility};
use kefu::client::{Client, ClientOptions, IdempotencyKey};
use support::server::Server;
use support::start_desk;

/// Well below the poll while live, with room for a loaded CI machine: the second
/// server's write reaches the desk's server within its 2 s look at the shared file.
const WITHIN: Duration = Duration::from_secs(8);

fn selected_row(screen: &str) -> Option<&str> {
    screen.lines().find(|l| l.starts_with('▶'))
}

/// The queue once the stream is up: the screen and the selected ticket's number.
fn live_queue(tmux: &support::Tmux) -> (String, i64) {
    let screen = tmux.wait_for("the live queue", |s| {
        s.contains("Subject")
            && selected_row(s).is_some()
            && s.lines().next().is_some_and(|t| t.contains("live"))
    });
    let id: i64 = selected_row(&screen)
        .and_then(|r| r.trim_start_matches('▶').split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("ticket number on the selected row");
    (screen, id)
}

/// Back to the queue, then quit; the desk exits cleanly.
fn quit(tmux: &support::Tmux, home: &std::path::Path) {
    // On the queue before q: an Escape followed at once by q can read as Alt-q.
    tmux.keys(&["Escape"]);
    tmux.wait_for("the queue", |s| s.contains("Subject"));
    support::quit_cleanly(tmux, home);
}

#[tokio::test(flavor = "multi_thread")]
async fn another_operators_change_shows_on_the_queue_and_the_open_ticket_via_the_stream() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let tmux = start_desk(h, &format!("kefu-live-e2e-{}", std::process::id()));

    // The queue, and the title says the stream is up.
    let (screen, id) = live_queue(&tmux);
    assert!(!selected_row(&screen)
        .unwrap_or_default()
        .contains("demo-le"));

    // A second server on the desk's database, and the team lead on it.
    let db = h.join("data/kefu/kefu-demo.db");
    let server = Server::on_file(&db, &[]);
    let url = server.url.clone();
    let lead = Client::new(ClientOptions::new(&url)).unwrap();
    lead.sign_in("demo-lead", "kefu-demo").await.unwrap();

    // The queue: the lead claims the selected ticket.
    lead.claim_ticket(id, false, &IdempotencyKey::new())
        .await
        .unwrap();
    let started = Instant::now();
    tmux.wait_within("the claim on the selected row", WITHIN, |s| {
        selected_row(s).is_some_and(|r| r.contains("demo-le"))
    });
    eprintln!("claim visible in the queue after {:?}", started.elapsed());

    // The open ticket: the lead adds a note.
    tmux.keys(&["Enter"]);
    tmux.wait_for("the ticket", |s| {
        s.contains(&format!("Ticket #{id}")) && s.contains("Timeline")
    });
    let note = format!("live e2e 回访 {}", std::process::id());
    lead.add_note(
        id,
        &NoteRequest {
            body: note.clone(),
            visibility: Visibility::Internal,
        },
        &IdempotencyKey::new(),
    )
    .await
    .unwrap();
    let started = Instant::now();
    let screen = tmux.wait_within("the lead's note on the open ticket", WITHIN, |s| {
        s.contains(&note)
    });
    eprintln!(
        "note visible on the open ticket after {:?}",
        started.elapsed()
    );
    assert!(screen.lines().next().is_some_and(|t| t.contains("live")));

    drop(server);
    quit(&tmux, h);
}

/// The agent holds the open ticket; the team lead takes the claim over on another server:
/// the agent's desk says at once who took it, where "Ticket claimed." stood.
#[tokio::test(flavor = "multi_thread")]
async fn a_take_over_of_my_claim_is_told_on_my_desk_at_once() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let tmux = start_desk(h, &format!("kefu-steal-e2e-{}", std::process::id()));
    let (_, id) = live_queue(&tmux);
    tmux.keys(&["Enter"]);
    tmux.wait_for("the ticket", |s| {
        s.contains(&format!("Ticket #{id}")) && s.contains("Timeline")
    });
    tmux.keys(&["c"]);
    tmux.wait_for("the claim", |s| s.contains("Ticket claimed."));

    let db = h.join("data/kefu/kefu-demo.db");
    let server = Server::on_file(&db, &[]);
    let lead = Client::new(ClientOptions::new(&server.url)).unwrap();
    lead.sign_in("demo-lead", "kefu-demo").await.unwrap();
    lead.claim_ticket(id, true, &IdempotencyKey::new())
        .await
        .unwrap();
    let started = Instant::now();
    let told = format!("demo-lead took over your claim on ticket #{id}.");
    let screen = tmux.wait_within("the take-over notice", WITHIN, |s| s.contains(&told));
    eprintln!("take-over told after {:?}", started.elapsed());
    assert!(!screen.contains("Ticket claimed."), "{screen}");
    tmux.wait_within("the new holder on the ticket", WITHIN, |s| {
        s.lines()
            .any(|l| l.contains("demo-lead") && !l.contains("took over"))
    });

    drop(server);
    quit(&tmux, h);
}
