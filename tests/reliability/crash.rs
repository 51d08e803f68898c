//! Crash safety: SIGKILL `kefu serve` at random moments during a stream of acknowledged
//! writes, restart it on the same file, again and again; then the file is intact, the audit
//! chain verifies and every write that was answered 201 is there.
//!
//! `KEFU_CRASH_ROUNDS` sets the number of kills (10 in the suite; `scripts/crash-test.sh`
//! runs 100 or more), `KEFU_CRASH_SEED` repeats a run's random moments.

use std::collections::HashSet;
use std::sync::mpsc;
use std::time::Duration;

use serde_json::json;

use crate::common::{Api, DEMO_PASSWORD};
use crate::helpers::{env_num, open_db, Rng};
use crate::support::server::Server;

/// Concurrent writers.
const WRITERS: usize = 4;

/// What a writer had acknowledged.
enum Ack {
    Note(String),
    Ticket(String),
}

/// Write until the server goes away; report each write answered 201.
fn writer(url: String, token: String, ticket: i64, round: u64, w: usize, acks: mpsc::Sender<Ack>) {
    let http = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client");
    for n in 0..100_000 {
        let text = format!("crash r{round} w{w} n{n}");
        let key = format!("crash-{round}-{w}-{n}");
        let (path, body) = if w == 0 {
            (
                "/api/v1/tickets".to_string(),
                json!({"subject": text, "body": "crash test", "category": "other", "channel": "web"}),
            )
        } else {
            (
                format!("/api/v1/tickets/{ticket}/notes"),
                json!({"body": text, "visibility": "internal"}),
            )
        };
        let sent = http
            .post(format!("{url}{path}"))
            .bearer_auth(&token)
            .header("Idempotency-Key", key)
            .json(&body)
            .send();
        // An error is the kill; a write counts only once its 201 has been read whole.
        let Ok(resp) = sent else { return };
        if resp.status().as_u16() != 201 || resp.bytes().is_err() {
            return;
        }
        let ack = if w == 0 {
            Ack::Ticket(text)
        } else {
            Ack::Note(text)
        };
        if acks.send(ack).is_err() {
            return;
        }
    }
}

#[test]
fn sigkill_during_acknowledged_writes_loses_nothing() {
    let rounds = env_num("KEFU_CRASH_ROUNDS", 10);
    let mut rng = Rng::from_env("KEFU_CRASH_SEED");
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("crash.db");

    let first = Server::on_file(&db, &["--seed-demo"]);
    let anon = Api::anonymous(&first.url);
    let (st, session) = anon.call(
        reqwest::Method::POST,
        "/api/v1/session",
        Some(json!({"operator": "demo-agent", "password": DEMO_PASSWORD})),
        &[],
    );
    assert_eq!(st.as_u16(), 201);
    let token = session["token"].as_str().unwrap_or_default().to_string();
    let mut api = Api::anonymous(&first.url);
    api.token = Some(token.clone());
    let t = api.post(
        "/api/v1/tickets",
        json!({"subject": "crash target", "body": "notes land here", "category": "other", "channel": "web"}),
        &[],
    );
    assert_eq!(t.status.as_u16(), 201);
    let ticket = t.body["id"].as_i64().unwrap_or_default();
    first.kill();

    let mut notes = Vec::new();
    let mut tickets = Vec::new();
    for round in 0..rounds {
        // The session lives in the store, so it survives every restart.
        let server = Server::on_file(&db, &["--seed-demo"]);
        let (tx, rx) = mpsc::channel();
        let handles: Vec<_> = (0..WRITERS)
            .map(|w| {
                let (url, token, tx) = (server.url.clone(), token.clone(), tx.clone());
                std::thread::spawn(move || writer(url, token, ticket, round, w, tx))
            })
            .collect();
        drop(tx);
        // Kill only once writes are flowing, then at a random moment within 300 ms.
        let firsts = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("a first write is acknowledged");
        std::thread::sleep(Duration::from_millis(rng.below(300)));
        server.kill();
        for h in handles {
            h.join().expect("writer panicked");
        }
        for ack in std::iter::once(firsts).chain(rx.try_iter()) {
            match ack {
                Ack::Note(t) => notes.push(t),
                Ack::Ticket(t) => tickets.push(t),
            }
        }
    }

    // The file after the last kill, before any restart.
    let conn = open_db(&db);
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check");
    assert_eq!(integrity, "ok");
    let stored_notes: HashSet<String> = conn
        .prepare("SELECT body FROM ticket_events WHERE ticket_id = ?1")
        .and_then(|mut s| {
            s.query_map([ticket], |r| r.get(0))?
                .collect::<Result<_, _>>()
        })
        .expect("notes");
    let stored_tickets: HashSet<String> = conn
        .prepare("SELECT subject FROM tickets")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect::<Result<_, _>>())
        .expect("tickets");
    drop(conn);
    let lost_notes: Vec<_> = notes
        .iter()
        .filter(|n| !stored_notes.contains(*n))
        .collect();
    let lost_tickets: Vec<_> = tickets
        .iter()
        .filter(|n| !stored_tickets.contains(*n))
        .collect();
    assert!(
        lost_notes.is_empty() && lost_tickets.is_empty(),
        "acknowledged writes missing: {lost_notes:?} {lost_tickets:?}"
    );
    let verify = std::process::Command::new(env!("CARGO_BIN_EXE_kefu"))
        .args(["audit", "verify", "--db"])
        .arg(format!("sqlite:{}", db.display()))
        .output()
        .expect("kefu audit verify");
    assert!(
        verify.status.success(),
        "audit verify: {}{}",
        String::from_utf8_lossy(&verify.stdout),
        String::from_utf8_lossy(&verify.stderr)
    );
    // And the server comes back on it.
    let server = Server::on_file(&db, &["--seed-demo"]);
    let mut api = Api::anonymous(&server.url);
    api.token = Some(token);
    assert_eq!(api.get_ok("/api/v1/me")["id"], "demo-agent");
    eprintln!(
        "crash: {rounds} SIGKILLs; {} notes and {} tickets acknowledged, all present; integrity ok; {}",
        notes.len(),
        tickets.len(),
        String::from_utf8_lossy(&verify.stdout).trim()
    );
}
