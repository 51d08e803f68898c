//! The live-update client against a real `kefu serve`: subscribe, see another operator's
//! change, see the stream end when the server dies, and resume with `Last-Event-ID` once
//! it is back on the same port and database, receiving a change made while away. Then the
//! desk's background task does the same by itself: Up, events, Down, reconnect, and it
//! stops for good when the session is refused.

mod support;

use support::server::{Db, Server};

use std::sync::{Arc, Mutex};
use std::time::Duration;

use kefu::api::{Category, Channel, NewTicket};
use kefu::client::{Client, ClientOptions, IdempotencyKey, LiveMessage, LiveStream, RetryPolicy};
use kefu::tui::action::Action;
use kefu::tui::live::LiveStatus;
use kefu::tui::runner::live as task;
use tokio::sync::mpsc;

async fn client(port: u16, operator: &str) -> Client {
    let mut opts = ClientOptions::new(format!("http://127.0.0.1:{port}"));
    opts.retry = RetryPolicy::none();
    let c = Client::new(opts).expect("client");
    c.sign_in(operator, "kefu-demo").await.expect("sign in");
    c
}

async fn new_ticket(c: &Client, subject: &str) -> i64 {
    let t = NewTicket {
        subject: subject.into(),
        body: "来电".into(),
        category: Category::Other,
        channel: Channel::Phone,
        account_id: None,
        priority: None,
    };
    c.create_ticket(&t, &IdempotencyKey::new())
        .await
        .expect("create")
        .id
}

/// The next message within 10 s.
async fn next(s: &mut LiveStream) -> Result<Option<LiveMessage>, kefu::client::ClientError> {
    tokio::time::timeout(Duration::from_secs(10), s.next())
        .await
        .expect("the stream said something within 10 s")
}

/// Skip messages until the change to ticket `id`.
async fn change_to(s: &mut LiveStream, id: i64) -> kefu::api::LiveEvent {
    loop {
        match next(s).await {
            Ok(Some(LiveMessage::Change(ev))) if ev.kind == "ticket" && ev.id == id => return ev,
            Ok(Some(_)) => {}
            other => panic!("waiting for ticket {id}: {other:?}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_stream_ends_with_the_server_and_resumes_with_last_event_id() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("kefu.db");
    let server = Server::on_file(&db, &["--seed-demo"]);
    let port = server.port();
    let agent = client(port, "demo-agent").await;
    let lead = client(port, "demo-lead").await;

    let mut stream = agent
        .live_events(None, kefu::client::IDLE)
        .await
        .expect("subscribe");
    assert_eq!(next(&mut stream).await, Ok(Some(LiveMessage::Ready)));
    assert!(
        stream.last_event_id().is_some(),
        "ready says where it starts"
    );
    let t1 = new_ticket(&lead, "实时一").await;
    let ev = change_to(&mut stream, t1).await;
    assert_eq!(ev.operator, "demo-lead");
    assert_eq!(stream.last_event_id(), Some(ev.seq.to_string().as_str()));

    // The server dies: the stream ends (or breaks) instead of hanging.
    server.kill();
    match next(&mut stream).await {
        Ok(None) | Err(_) => {}
        Ok(Some(m)) => panic!("a message from a dead server: {m:?}"),
    }
    let last = stream.last_event_id().map(str::to_string);

    // Meanwhile a change is made through another server on the same database. The
    // restarted server's stream starts after it, so only the resume can deliver it.
    let other = Server::on_file(&db, &[]);
    let other_port = other.port();
    let lead_other = client(other_port, "demo-lead").await;
    let t2 = new_ticket(&lead_other, "断线期间").await;
    other.kill();

    let _server = Server::builder(Db::file(&db)).port(port).start();
    let mut stream = agent
        .live_events(last.as_deref(), kefu::client::IDLE)
        .await
        .expect("resubscribe with the same session");
    assert_eq!(next(&mut stream).await, Ok(Some(LiveMessage::Ready)));
    match next(&mut stream).await {
        Ok(Some(LiveMessage::Change(ev))) => {
            assert_eq!((ev.kind.as_str(), ev.id), ("ticket", t2), "{ev:?}");
            assert_eq!(ev.action, "ticket.create");
        }
        other => panic!("the missed change first: {other:?}"),
    }
    let t3 = new_ticket(&lead, "恢复之后").await;
    let ev = change_to(&mut stream, t3).await;
    assert_eq!(stream.last_event_id(), Some(ev.seq.to_string().as_str()));

    // Without a session the stream is refused with 401.
    let anonymous =
        Client::new(ClientOptions::new(format!("http://127.0.0.1:{port}"))).expect("client");
    let e = anonymous
        .live_events(None, kefu::client::IDLE)
        .await
        .expect_err("refused");
    assert!(e.is_unauthorized(), "{e:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_silent_stream_counts_as_broken_after_the_idle_limit() {
    let dir = tempfile::tempdir().expect("dir");
    let server = Server::on_file(&dir.path().join("kefu.db"), &["--seed-demo"]);
    let port = server.port();
    let agent = client(port, "demo-agent").await;
    // The server's keep-alive comes every 15 s; with a 300 ms limit the silence after
    // `ready` is a timeout.
    let mut stream = agent
        .live_events(None, Duration::from_millis(300))
        .await
        .expect("subscribe");
    assert_eq!(next(&mut stream).await, Ok(Some(LiveMessage::Ready)));
    let e = next(&mut stream).await.expect_err("silence is a break");
    assert!(
        matches!(e, kefu::client::ClientError::Timeout { .. }),
        "{e:?}"
    );
}

/// The next action within 20 s (the task's reconnect waits up to a few seconds here).
async fn action(rx: &mut mpsc::UnboundedReceiver<Action>) -> Action {
    tokio::time::timeout(Duration::from_secs(20), rx.recv())
        .await
        .expect("an action within 20 s")
        .expect("the task is still running")
}

#[tokio::test(flavor = "multi_thread")]
async fn the_desks_task_reconnects_resumes_and_stops_on_401() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("kefu.db");
    let server = Server::on_file(&db, &["--seed-demo"]);
    let port = server.port();
    let agent = client(port, "demo-agent").await;
    let lead = client(port, "demo-lead").await;
    let (tx, mut rx) = mpsc::unbounded_channel();
    let last = Arc::new(Mutex::new(None));
    let handle = tokio::spawn(task::run(
        agent.clone(),
        tx,
        last.clone(),
        kefu::client::IDLE,
    ));

    assert!(matches!(
        action(&mut rx).await,
        Action::Live(LiveStatus::Up)
    ));
    // A first subscription asks the desk to re-read what it shows.
    assert!(matches!(action(&mut rx).await, Action::LiveResync));
    let t1 = new_ticket(&lead, "任务一").await;
    match action(&mut rx).await {
        Action::LiveEvent(ev) => assert_eq!(ev.id, t1),
        other => panic!("{other:?}"),
    }

    server.kill();
    assert!(matches!(
        action(&mut rx).await,
        Action::Live(LiveStatus::Down)
    ));
    let other = Server::on_file(&db, &[]);
    let other_port = other.port();
    let t2 = new_ticket(&client(other_port, "demo-lead").await, "离线时").await;
    other.kill();
    let server = Server::builder(Db::file(&db)).port(port).start();
    assert!(matches!(
        action(&mut rx).await,
        Action::Live(LiveStatus::Up)
    ));
    match action(&mut rx).await {
        Action::LiveEvent(ev) => assert_eq!(ev.id, t2, "resumed with Last-Event-ID"),
        other => panic!("{other:?}"),
    }

    // The session ends: the next reconnect gets 401 and the task stops.
    let token = agent.token();
    agent.sign_out().await.expect("sign out");
    // sign_out forgets the token here too: put it back, so it is the server that refuses it.
    agent.set_token(token);
    server.kill();
    assert!(matches!(
        action(&mut rx).await,
        Action::Live(LiveStatus::Down)
    ));
    let _server = Server::builder(Db::file(&db)).port(port).start();
    tokio::time::timeout(Duration::from_secs(30), handle)
        .await
        .expect("the task stops on 401")
        .expect("no panic");
}
