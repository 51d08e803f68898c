//! `GET /events` resumed with `Last-Event-ID`: what was missed while away arrives first,
//! in order, then the stream continues live without a gap or a duplicate.

use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::{v, Api};
use crate::support::server::Server;

pub type Events = Receiver<(String, Option<String>, String)>;

/// The next event within 10 s: (name, id, data as JSON).
fn next(rx: &Events, what: &str) -> (String, Option<String>, Value) {
    let (name, id, data) = rx
        .recv_timeout(Duration::from_secs(10))
        .unwrap_or_else(|_| panic!("no {what} on the stream within 10 s"));
    let data = serde_json::from_str(&data).unwrap_or(Value::Null);
    (name, id, data)
}

/// Skip events until one satisfies `want` (10 s deadline in all).
pub fn until(
    rx: &Events,
    what: &str,
    want: impl Fn(&str, &Value) -> bool,
) -> (Option<String>, Value) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let (name, id, data) = rx
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("no {what} on the stream within 10 s"));
        let data: Value = serde_json::from_str(&data).unwrap_or(Value::Null);
        if want(&name, &data) {
            return (id, data);
        }
    }
}

fn new_ticket(api: &Api, subject: &str) -> i64 {
    let r = api.post(
        "/api/v1/tickets",
        json!({"subject": subject, "body": "来电", "category": "other", "channel": "phone"}),
        &[],
    );
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.body["id"].as_i64().expect("id")
}

#[test]
fn a_reconnect_with_last_event_id_gets_exactly_what_it_missed_then_live_events() {
    let s = Server::start();
    let agent = s.client("demo-agent");
    let lead = s.client("demo-lead");

    // First connection: `ready` says where the stream starts, then a change arrives.
    let rx = agent.events_after(None);
    let (name, ready_id, _) = next(&rx, "ready");
    assert_eq!(name, "ready");
    let ready_id: i64 = ready_id
        .expect("ready carries an id")
        .parse()
        .expect("numeric");
    let t1 = new_ticket(&lead, "断线前");
    let (id, ev) = until(&rx, "the first ticket", |n, v| {
        n == "ticket" && v["id"] == t1
    });
    let last: i64 = id.expect("changes carry ids").parse().expect("numeric");
    assert_eq!(ev["seq"], last);
    assert!(last > ready_id);
    drop(rx);

    // Away: more changes, and a reveal (read access, never an event).
    let t2 = new_ticket(&lead, "断线期间");
    let r = lead.post(&format!("/api/v1/tickets/{t2}/claim"), json!({}), &[]);
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let acc = lead.account_by("phone=13800138000");
    let r = lead.post(
        &format!("/api/v1/accounts/{}/reveal", acc["id"]),
        json!({"field": "phone", "reason": "核对来电人"}),
        &[],
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = lead.post(
        &format!("/api/v1/accounts/{}/unlock", acc["id"]),
        json!({"reason": "核实后解锁"}),
        &[("If-Match", &v(&acc["version"]))],
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = lead.post(
        &format!("/api/v1/tickets/{t1}/notes"),
        json!({"body": "回访", "visibility": "internal"}),
        &[],
    );
    assert!(r.status.is_success(), "{}", r.body);
    let missed = vec![
        ("ticket", t2, "ticket.create"),
        ("ticket", t2, "ticket.claim"),
        // An agent learns that the account changed, not who did what to it.
        (
            "account",
            acc["id"].as_i64().expect("account id"),
            "account.change",
        ),
        ("ticket", t1, "ticket.note"),
    ];

    // Back: exactly the missed changes, in order, each once.
    let rx = agent.events_after(Some(&last.to_string()));
    let (name, _, _) = next(&rx, "ready");
    assert_eq!(name, "ready");
    let mut seq = last;
    for (kind, id, action) in &missed {
        let (name, frame_id, ev) = next(&rx, action);
        assert_eq!(
            (name.as_str(), ev["id"].as_i64(), ev["action"].as_str()),
            (*kind, Some(*id), Some(*action)),
            "{ev}"
        );
        let this = ev["seq"].as_i64().expect("seq");
        assert!(this > seq, "in order: {this} after {seq}");
        assert_eq!(frame_id, Some(this.to_string()));
        seq = this;
    }
    // Then live, with nothing replayed twice: the next event is the next change.
    let t3 = new_ticket(&lead, "重连之后");
    let (name, _, ev) = next(&rx, "the live change");
    assert_eq!(
        (name.as_str(), ev["id"].as_i64()),
        ("ticket", Some(t3)),
        "{ev}"
    );
    assert!(ev["seq"].as_i64().expect("seq") > seq);

    // Resuming from the newest id replays nothing: the next event is again a live one.
    let rx = agent.events_after(ev["seq"].as_i64().map(|n| n.to_string()).as_deref());
    assert_eq!(next(&rx, "ready").0, "ready");
    let t4 = new_ticket(&lead, "无遗漏");
    let (name, _, ev) = next(&rx, "the live change");
    assert_eq!(
        (name.as_str(), ev["id"].as_i64()),
        ("ticket", Some(t4)),
        "{ev}"
    );
}

#[test]
fn a_reconnect_that_missed_too_much_or_sends_a_foreign_id_is_told_to_resync() {
    let s = Server::start();
    let agent = s.client("demo-agent");
    let lead = s.client("demo-lead");
    // Resuming from 0 misses every audit row: make sure there are more than 1000.
    let count = s.db.query_i64("SELECT COUNT(*) FROM audit");
    for i in count..=1000 {
        new_ticket(&lead, &format!("批量 {i}"));
    }

    for last in ["0", "not-a-number", "999999999"] {
        let head = s.db.query_i64("SELECT COALESCE(MAX(seq), 0) FROM audit");
        assert!(head > 1000);
        let rx = agent.events_after(Some(last));
        let (name, id, _) = next(&rx, "ready");
        assert_eq!(name, "ready", "after {last}");
        // `ready` carries where to resume from next time: the head of the chain.
        assert_eq!(id, Some(head.to_string()), "after {last}");
        let (name, _, data) = next(&rx, "resync");
        assert_eq!(name, "resync", "after {last}: {data}");
        // Then live as usual.
        let t = new_ticket(&lead, "重新同步之后");
        let (name, _, ev) = next(&rx, "the live change");
        assert_eq!(
            (name.as_str(), ev["id"].as_i64()),
            ("ticket", Some(t)),
            "{ev}"
        );
    }
}

#[test]
fn open_streams_do_not_hold_up_a_graceful_shutdown() {
    let mut s = Server::start();
    let rx = s.client("demo-agent").events_after(None);
    assert_eq!(next(&rx, "ready").0, "ready");
    // SIGTERM ends the streams, so the server does not wait forever for them to finish.
    assert!(
        s.terminate(Duration::from_secs(10)),
        "kefu serve still runs 10 s after SIGTERM with a subscriber"
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(_) => continue,
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
            Err(e) => panic!("the stream did not end: {e:?}"),
        }
    }
}

#[test]
fn a_stream_ends_soon_after_its_session_does() {
    let s = Server::start();
    let agent = s.client("demo-agent");
    let rx = agent.events_after(None);
    assert_eq!(next(&rx, "ready").0, "ready");
    let (status, _) = agent.call(reqwest::Method::DELETE, "/api/v1/session", None, &[]);
    assert_eq!(status, StatusCode::NO_CONTENT);
    // The stream checks its session every few seconds; then the server ends it.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(_) => continue, // keep-alives and changes made before
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                panic!("the stream outlived its session by 30 s")
            }
        }
    }
}
