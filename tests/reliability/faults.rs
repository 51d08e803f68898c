//! Fault injection: a small TCP proxy between client and server that resets connections,
//! swallows answers (black hole), cuts answers after N bytes or slows them down. A POST whose
//! answer is lost is retried with its `Idempotency-Key` and must take effect exactly once.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::helpers::{addr_of, async_client, open_db, sqlite_server, Rng};
use crate::support::server::Server;

/// What the proxy does to one connection.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fault {
    /// Forward both ways.
    Pass,
    /// Forward the request; reset the client's connection (RST) when the answer starts.
    Reset,
    /// Forward the request; swallow the answer and keep the connection open.
    BlackHoleAnswer,
    /// Accept the connection and swallow the request: the server never sees it.
    BlackHoleRequest,
    /// Forward the request and the first N bytes of the answer, then close.
    Cut(usize),
    /// Forward both ways, delaying each chunk of the answer.
    Latency(Duration),
}

/// Picks the fault for the n-th connection.
type Chooser = Arc<dyn Fn(usize) -> Fault + Send + Sync>;

/// A fault-injecting proxy on 127.0.0.1.
pub struct Proxy {
    /// Base URL of the proxy.
    pub url: String,
    /// Faults given out so far, by kind.
    pub given: Arc<Mutex<HashMap<String, usize>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn kind(f: Fault) -> String {
    match f {
        Fault::Cut(_) => "cut".into(),
        Fault::Latency(_) => "latency".into(),
        other => format!("{other:?}"),
    }
}

impl Proxy {
    /// Start a proxy to `upstream` choosing each connection's fault with `choose`.
    pub async fn start(upstream: SocketAddr, choose: Chooser) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let addr = listener.local_addr().expect("proxy address");
        let given = Arc::new(Mutex::new(HashMap::new()));
        let counter = Arc::new(AtomicUsize::new(0));
        let g = given.clone();
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let fault = choose(counter.fetch_add(1, Ordering::SeqCst));
                if let Ok(mut m) = g.lock() {
                    *m.entry(kind(fault)).or_insert(0) += 1;
                }
                tokio::spawn(handle(client, upstream, fault));
            }
        });
        Proxy {
            url: format!("http://{addr}"),
            given,
            task,
        }
    }

    /// Start a proxy that applies `plan` to the first connections, then passes.
    pub async fn with_plan(upstream: SocketAddr, plan: Vec<Fault>) -> Proxy {
        Proxy::start(
            upstream,
            Arc::new(move |n| plan.get(n).copied().unwrap_or(Fault::Pass)),
        )
        .await
    }
}

async fn handle(mut client: TcpStream, upstream: SocketAddr, fault: Fault) {
    if fault == Fault::BlackHoleRequest {
        let mut sink = [0u8; 8192];
        while matches!(client.read(&mut sink).await, Ok(n) if n > 0) {}
        return;
    }
    if fault == Fault::Reset {
        // Closing a socket with a zero linger sends RST instead of FIN.
        let _ = client.set_zero_linger();
    }
    let Ok(server) = TcpStream::connect(upstream).await else {
        return;
    };
    let (mut cr, mut cw) = client.into_split();
    let (mut sr, mut sw) = server.into_split();
    // Requests always reach the server whole.
    let up = tokio::spawn(async move {
        let _ = tokio::io::copy(&mut cr, &mut sw).await;
        let _ = sw.shutdown().await;
        cr
    });
    let mut buf = vec![0u8; 16 * 1024];
    let mut sent = 0usize;
    loop {
        let n = match sr.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        match fault {
            Fault::Pass | Fault::BlackHoleRequest => {
                if cw.write_all(&buf[..n]).await.is_err() {
                    break;
                }
            }
            Fault::Latency(d) => {
                tokio::time::sleep(d).await;
                if cw.write_all(&buf[..n]).await.is_err() {
                    break;
                }
            }
            Fault::Cut(limit) => {
                let take = n.min(limit.saturating_sub(sent));
                if take > 0 && cw.write_all(&buf[..take]).await.is_err() {
                    break;
                }
                sent += take;
                if sent >= limit {
                    // Close both ways: the client is left with a truncated answer.
                    let _ = cw.shutdown().await;
                    up.abort();
                    return;
                }
            }
            Fault::Reset => {
                // The server has answered: the action took effect. Reset the client.
                up.abort();
                let _ = up.await;
                drop(cw);
                return;
            }
            Fault::BlackHoleAnswer => {}
        }
    }
    if fault == Fault::BlackHoleAnswer {
        // Hold the client until it gives up.
        let _ = up.await;
        return;
    }
    let _ = cw.shutdown().await;
    up.abort();
}

/// An answer the client could read whole.
#[derive(Debug, Clone)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// JSON body.
    pub body: Value,
    /// The server said it replayed an earlier answer.
    pub replayed: bool,
    /// Attempts it took.
    pub attempts: usize,
}

/// POST `body` to `url` with `key` until a whole answer arrives (at most `max` attempts),
/// as the terminal client does: a lost answer is retried with the same key.
pub async fn post_until_answered(
    client: &reqwest::Client,
    url: &str,
    token: &str,
    key: &str,
    body: &Value,
    max: usize,
) -> Answer {
    for attempt in 1..=max {
        let sent = client
            .post(url)
            .bearer_auth(token)
            .header("Idempotency-Key", key)
            .json(body)
            .send()
            .await;
        let Ok(resp) = sent else { continue };
        let status = resp.status().as_u16();
        let replayed = resp.headers().contains_key("idempotent-replayed");
        // A cut inside the body fails here: that answer is lost too.
        let Ok(text) = resp.text().await else {
            continue;
        };
        let Ok(body) = serde_json::from_str(&text) else {
            continue;
        };
        return Answer {
            status,
            body,
            replayed,
            attempts: attempt,
        };
    }
    panic!("no answer to POST {url} after {max} attempts");
}

/// Notes with exactly this body on the ticket, read from the server directly (no proxy).
fn notes_with(s: &Server, ticket: i64, text: &str) -> usize {
    let api = s.client("demo-lead");
    let t = api.get_ok(&format!("/api/v1/tickets/{ticket}"));
    let on_timeline = t["events"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["body"] == text)
        .count();
    let db = open_db(s.db.path());
    let stored: i64 = db
        .query_row(
            "SELECT COUNT(*) FROM ticket_events WHERE ticket_id = ?1 AND body = ?2",
            rusqlite::params![ticket, text],
            |r| r.get(0),
        )
        .expect("count notes");
    assert_eq!(on_timeline as i64, stored, "timeline and store agree");
    on_timeline
}

fn ticket_of(s: &Server) -> (i64, String) {
    let api = s.client("demo-agent");
    let r = api.post(
        "/api/v1/tickets",
        json!({"subject": "faults", "body": "fault injection", "category": "other", "channel": "web"}),
        &[],
    );
    assert_eq!(r.status.as_u16(), 201, "{}", r.body);
    (
        r.body["id"].as_i64().unwrap_or_default(),
        api.token.clone().unwrap_or_default(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_whose_answer_is_lost_is_retried_with_its_key_and_takes_effect_once() {
    let s = tokio::task::spawn_blocking(|| sqlite_server(&[]))
        .await
        .expect("server");
    let (ticket, token) = {
        let s = &s;
        tokio::task::block_in_place(|| ticket_of(s))
    };
    let upstream = addr_of(&s.url);
    let client = async_client(Duration::from_millis(1500), false);
    let cases = [
        (Fault::Cut(0), true),
        (Fault::Cut(9), true),
        (Fault::Cut(100), true),
        (Fault::Cut(400), true),
        (Fault::Reset, true),
        (Fault::BlackHoleAnswer, true),
        (Fault::BlackHoleRequest, false),
        (Fault::Latency(Duration::from_millis(2000)), true),
    ];
    for (i, (fault, reached)) in cases.into_iter().enumerate() {
        let proxy = Proxy::with_plan(upstream, vec![fault]).await;
        let text = format!("lost answer {i}: {fault:?}");
        let a = post_until_answered(
            &client,
            &format!("{}/api/v1/tickets/{ticket}/notes", proxy.url),
            &token,
            &format!("fault-key-{i}"),
            &json!({"body": text, "visibility": "internal"}),
            5,
        )
        .await;
        assert_eq!(a.status, 201, "{fault:?}: {}", a.body);
        assert_eq!(a.attempts, 2, "{fault:?}: the first answer was lost");
        assert_eq!(
            a.replayed, reached,
            "{fault:?}: the retry replays iff the first attempt reached the server"
        );
        let n = tokio::task::block_in_place(|| notes_with(&s, ticket, &text));
        assert_eq!(n, 1, "{fault:?}: exactly one note");
    }
    // Added latency within the client's patience: one attempt, one effect.
    let proxy = Proxy::with_plan(
        upstream,
        vec![Fault::Latency(Duration::from_millis(200)); 4],
    )
    .await;
    let a = post_until_answered(
        &client,
        &format!("{}/api/v1/tickets/{ticket}/notes", proxy.url),
        &token,
        "slow-key",
        &json!({"body": "slow but fine", "visibility": "internal"}),
        5,
    )
    .await;
    assert_eq!((a.status, a.attempts, a.replayed), (201, 1, false));
    assert_eq!(
        tokio::task::block_in_place(|| notes_with(&s, ticket, "slow but fine")),
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_parallel_requests_with_one_key_through_faults_execute_once() {
    let s = tokio::task::spawn_blocking(|| sqlite_server(&[]))
        .await
        .expect("server");
    let (ticket, token) = {
        let s = &s;
        tokio::task::block_in_place(|| ticket_of(s))
    };
    let rng = Arc::new(Mutex::new(Rng::from_env("KEFU_FAULT_SEED")));
    let proxy = Proxy::start(
        addr_of(&s.url),
        Arc::new(move |n| {
            // Faults on the first 150 connections, then a clean line so that all finish.
            if n >= 150 {
                return Fault::Pass;
            }
            let mut r = match rng.lock() {
                Ok(r) => r,
                Err(p) => p.into_inner(),
            };
            match r.below(6) {
                0 => Fault::Reset,
                1 => Fault::Cut(r.below(600) as usize),
                2 => Fault::BlackHoleAnswer,
                3 => Fault::BlackHoleRequest,
                4 => Fault::Latency(Duration::from_millis(r.below(300))),
                _ => Fault::Pass,
            }
        }),
    )
    .await;
    let client = async_client(Duration::from_millis(1000), false);
    let url = format!("{}/api/v1/tickets/{ticket}/notes", proxy.url);
    let body = json!({"body": "fifty as one", "visibility": "internal"});
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let (client, url, token, body) =
                (client.clone(), url.clone(), token.clone(), body.clone());
            tokio::spawn(async move {
                post_until_answered(&client, &url, &token, "one-key", &body, 30).await
            })
        })
        .collect();
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.expect("task"));
    }
    let first = answers[0].body.clone();
    for a in &answers {
        assert_eq!(a.status, 201, "{}", a.body);
        assert_eq!(a.body, first, "every answer is the one recorded");
    }
    let fresh = answers.iter().filter(|a| !a.replayed).count();
    // The one that executed may itself have lost its answer and been replayed on retry.
    assert!(fresh <= 1, "at most one fresh answer; the rest replayed");
    let given = proxy.given.lock().map(|m| m.clone()).unwrap_or_default();
    let faulty: usize = given
        .iter()
        .filter(|(k, _)| k.as_str() != "Pass")
        .map(|(_, n)| n)
        .sum();
    assert!(faulty >= 20, "faults were injected: {given:?}");
    let retries: usize = answers.iter().map(|a| a.attempts - 1).sum();
    eprintln!("faults: 50 parallel requests, one key; {retries} retries; faults given {given:?}");
    assert_eq!(
        tokio::task::block_in_place(|| notes_with(&s, ticket, "fifty as one")),
        1
    );
}
