//! The access log: the real `kefu serve`'s stderr holds one line per request, with the
//! route template and never the query's values.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::common::Api;
use crate::support::server::{kefu_bin, Db};

/// A server whose stderr lines arrive on a channel; killed when dropped.
struct Logged {
    child: std::process::Child,
    url: String,
    lines: Receiver<String>,
    _db: std::sync::Arc<Db>,
}

impl Drop for Logged {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(format: &str) -> Logged {
    let db = Db::sqlite();
    let mut child = Command::new(kefu_bin())
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--seed-demo",
            "--log-format",
            format,
            "--db",
        ])
        .arg(db.url())
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start kefu serve");
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    out.read_line(&mut line).expect("the listening line");
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("an address")
        .to_string();
    let err = BufReader::new(child.stderr.take().expect("stderr"));
    let (tx, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for l in err.lines().map_while(Result::ok) {
            if tx.send(l).is_err() {
                return;
            }
        }
    });
    Logged {
        child,
        url,
        lines,
        _db: db,
    }
}

/// The first stderr line containing `needle` (10 s at most).
fn line_with(lines: &Receiver<String>, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let l = lines
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("no log line with {needle:?} within 10 s"));
        if l.contains(needle) {
            return l;
        }
    }
}

#[test]
fn every_request_is_logged_with_its_route_template_and_never_the_query() {
    let s = start("text");
    let api = Api::anonymous(&s.url);
    let signed = {
        let mut a = api.clone();
        let (status, body) = a.call(
            Method::POST,
            "/api/v1/session",
            Some(serde_json::json!({"operator": "demo-agent", "password": "kefu-demo"})),
            &[],
        );
        assert_eq!(status, StatusCode::CREATED);
        a.token = body["token"].as_str().map(str::to_string);
        a
    };
    let r = signed.send(
        Method::GET,
        "/api/v1/accounts?phone=13800138000",
        None,
        &[("x-request-id", "desk-42")],
    );
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.headers.get("x-request-id").and_then(|v| v.to_str().ok()),
        Some("desk-42")
    );
    let l = line_with(&s.lines, "request_id=desk-42");
    assert!(
        l.contains("operator=demo-agent GET /api/v1/accounts 200 "),
        "{l}"
    );
    assert!(!l.contains("13800138000"), "{l}");
    let id = r.body["items"][0]["id"].as_i64().expect("id");
    signed.get_ok(&format!("/api/v1/accounts/{id}"));
    let l = line_with(&s.lines, "/api/v1/accounts/{id}");
    assert!(
        l.contains("operator=demo-agent GET /api/v1/accounts/{id} 200"),
        "{l}"
    );
    // Without a session: no operator.
    let (status, _) = api.call(Method::GET, "/api/v1/tickets", None, &[]);
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let l = line_with(&s.lines, "GET /api/v1/tickets 401");
    assert!(l.contains("operator=-"), "{l}");
}

#[test]
fn the_json_format_writes_one_object_per_line() {
    let s = start("json");
    let api = Api::anonymous(&s.url);
    let (status, _) = api.call(
        Method::GET,
        "/healthz",
        None,
        &[("x-request-id", "probe-1")],
    );
    assert_eq!(status, StatusCode::OK);
    let l = line_with(&s.lines, "probe-1");
    let v: Value = serde_json::from_str(&l).unwrap_or_else(|e| panic!("{l}: {e}"));
    assert_eq!(v["request_id"], "probe-1");
    assert_eq!(v["method"], "GET");
    assert_eq!(v["route"], "/healthz");
    assert_eq!(v["status"], 200);
    assert_eq!(v["operator"], "-");
    assert!(v["latency_ms"].as_f64().is_some(), "{l}");
    assert!(v["time"].as_str().is_some_and(|t| t.ends_with('Z')), "{l}");
}
