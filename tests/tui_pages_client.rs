//! Reading queue pages ahead, through the desk's real runner and client against a real
//! `kefu serve` with a few hundred tickets: both neighbours read at once arrive (neither
//! cancels the other), and crossing pages then needs no request.

mod support;

use support::server::Server;

use std::time::Duration;

use kefu::client::{Client, ClientOptions};
use kefu::config::{Key, Language};
use kefu::tui::action::{Action, Effect};
use kefu::tui::fixtures;
use kefu::tui::panes::queue::filter::QueueFilter;
use kefu::tui::panes::queue::pages::{Neighbour, Read};
use kefu::tui::runner::Runner;
use kefu::tui::state::State;
use kefu::tui::update::update;
use tokio::sync::mpsc::{self, UnboundedReceiver};

#[path = "support/keys.rs"]
mod keys;
use keys::{key, special};

/// Whether a queue read the state waits for is still out.
fn busy(s: &State) -> bool {
    let reading = |n: &Option<Neighbour>| {
        matches!(
            n,
            Some(Neighbour {
                read: Read::Reading(_),
                ..
            })
        )
    };
    s.queue.pending.waiting() || reading(&s.queue.ahead) || reading(&s.queue.behind)
}

/// Run `fx`, then feed answers back until no queue read is out.
async fn settle(
    s: &mut State,
    runner: &mut Runner,
    rx: &mut UnboundedReceiver<Action>,
    fx: Vec<Effect>,
) {
    fx.into_iter().for_each(|e| runner.run(e));
    while busy(s) {
        let action = tokio::time::timeout(Duration::from_secs(20), rx.recv())
            .await
            .unwrap_or_else(|_| panic!("a queue read never answered: {:?}", s.queue.ahead))
            .expect("the runner's channel stays open");
        for e in update(s, action) {
            runner.run(e);
        }
    }
}

fn queue_reads(fx: &[Effect]) -> usize {
    fx.iter()
        .filter(|e| matches!(e, Effect::LoadQueue { .. } | Effect::ReadAhead { .. }))
        .count()
}

fn done(n: &Option<Neighbour>) -> bool {
    matches!(
        n,
        Some(Neighbour {
            read: Read::Done(_),
            ..
        })
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_read_ahead_arrive_together_and_crossing_needs_no_request() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("kefu.db");
    let gen = std::process::Command::new(env!("CARGO_BIN_EXE_kefu"))
        .args(["gen-data", "--accounts", "300", "--tickets", "400", "--db"])
        .arg(format!("sqlite:{}", db.display()))
        .output()
        .unwrap();
    assert!(
        gen.status.success(),
        "{}",
        String::from_utf8_lossy(&gen.stderr)
    );
    let server = Server::on_file(&db, &[]);
    let client = Client::new(ClientOptions::new(&server.url)).unwrap();
    client.sign_in("demo-agent", "kefu-demo").await.unwrap();
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut runner = Runner::new(client, tx, None);

    let mut s = fixtures::state(Language::En, false);
    s.queue.filter = QueueFilter::default();
    // 32 rows a screen: one PageDown from the top is within a screen of a page's end.
    update(&mut s, Action::Resize(120, 40));
    let fx = key(&mut s, 'r');
    settle(&mut s, &mut runner, &mut rx, fx).await;
    assert_eq!(s.queue.rows.len(), 50);
    assert!(s.queue.total > 150, "{}", s.queue.total);
    let page1: Vec<i64> = s.queue.rows.iter().map(|t| t.id).collect();

    // Within a screen of the end: page 2 is read; crossing then shows it at once.
    let fx = special(&mut s, Key::PageDown);
    assert_eq!(queue_reads(&fx), 1, "{fx:?}");
    settle(&mut s, &mut runner, &mut rx, fx).await;
    assert!(done(&s.queue.ahead));
    let fx = special(&mut s, Key::PageDown);
    assert_eq!(queue_reads(&fx), 0, "crossing needs no request: {fx:?}");
    assert_eq!((s.queue.page(), s.queue.selected), (2, 0));
    let page2: Vec<i64> = s.queue.rows.iter().map(|t| t.id).collect();
    assert_eq!(page2.len(), 50);
    assert!(
        page2.iter().all(|id| !page1.contains(id)),
        "page 2 is the next 50"
    );

    // Halfway down page 2, a re-read forgets both neighbours; the next move reads both at
    // once (before they had their own tasks, the second read cancelled the first, and the
    // queue waited for an answer that never came).
    for _ in 0..20 {
        let fx = key(&mut s, 'j');
        settle(&mut s, &mut runner, &mut rx, fx).await;
    }
    let fx = update(&mut s, Action::RefreshDue);
    settle(&mut s, &mut runner, &mut rx, fx).await;
    assert!(s.queue.ahead.is_none() && s.queue.behind.is_none());
    let fx = key(&mut s, 'j');
    assert_eq!(queue_reads(&fx), 2, "{fx:?}");
    settle(&mut s, &mut runner, &mut rx, fx).await;
    assert!(
        done(&s.queue.ahead) && done(&s.queue.behind),
        "{:?} / {:?}",
        s.queue.ahead.as_ref().map(|n| &n.cursor),
        s.queue.behind.as_ref().map(|n| &n.cursor)
    );
    assert_eq!(s.queue.page(), 2);

    // Both ways without a request: back to page 1's last row, then on to page 3.
    for _ in 0..21 {
        key(&mut s, 'k');
    }
    let fx = key(&mut s, 'k');
    assert_eq!(queue_reads(&fx), 0, "{fx:?}");
    assert_eq!((s.queue.page(), s.queue.selected), (1, 49));
    assert_eq!(
        s.queue.rows.iter().map(|t| t.id).collect::<Vec<_>>(),
        page1,
        "page 1 as read"
    );
    let fx = key(&mut s, 'j');
    assert_eq!(queue_reads(&fx), 0, "{fx:?}");
    assert_eq!(s.queue.page(), 2);
    settle(&mut s, &mut runner, &mut rx, fx).await;
    let fx = special(&mut s, Key::PageDown);
    settle(&mut s, &mut runner, &mut rx, fx).await;
    let fx = special(&mut s, Key::PageDown);
    assert_eq!(queue_reads(&fx), 0, "{fx:?}");
    assert_eq!(s.queue.page(), 3);
    assert!(!s.queue.rows.is_empty());
    assert!(s
        .queue
        .rows
        .iter()
        .all(|t| !page1.contains(&t.id) && !page2.contains(&t.id)));
}
