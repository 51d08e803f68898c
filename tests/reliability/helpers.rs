//! Helpers shared by the reliability tests: operators and sessions made directly in the
//! SQLite file, a raw HTTP/1.1 exchange (for bytes no client library would send), an async
//! client, a tiny deterministic random generator, and latency figures.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use crate::support::server::{Db, Server};

/// The `host:port` of a base URL such as `http://127.0.0.1:41234`.
pub fn addr_of(url: &str) -> SocketAddr {
    url.trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .unwrap_or_else(|e| panic!("no address in {url:?}: {e}"))
}

/// Open the server's SQLite file from the test (WAL lets us read and write beside it).
pub fn open_db(db: &Path) -> rusqlite::Connection {
    let c = rusqlite::Connection::open(db).expect("open the test database");
    c.busy_timeout(Duration::from_secs(20))
        .expect("busy timeout");
    c
}

/// Add `n` operators `{prefix}-{i}` with `roles` (e.g. `"agent,reviewer"`) and a live session
/// each, straight into the store (copying demo-agent's password hash, so they can also sign in
/// with the demo password). Returns `(operator id, bearer token)` pairs.
///
/// Signing 200 operators in over HTTP would spend most of a short test in argon2; the session
/// rows written here are exactly what `POST /session` writes.
pub fn add_operators(db: &Path, prefix: &str, n: usize, roles: &str) -> Vec<(String, String)> {
    let mut c = open_db(db);
    let hash: String = c
        .query_row(
            "SELECT password_hash FROM operators WHERE id = 'demo-agent'",
            [],
            |r| r.get(0),
        )
        .expect("the demo data has demo-agent");
    let now = chrono::Utc::now();
    let at = kefu::backoffice::store::ts(now);
    let expires = kefu::backoffice::store::ts(now + chrono::Duration::hours(12));
    let tx = c.transaction().expect("transaction");
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let id = format!("{prefix}-{i:03}");
        tx.execute(
            "INSERT INTO operators (id, name, roles, password_hash, disabled, created_at) VALUES (?1, ?2, ?3, ?4, 0, ?5)",
            rusqlite::params![id, format!("Test operator {i}"), roles, hash, at],
        )
        .expect("insert operator");
        let token = format!(
            "reliability-{prefix}-{i}-{}",
            now.timestamp_nanos_opt().unwrap_or(0)
        );
        tx.execute(
            "INSERT INTO sessions (token_hash, operator_id, created_at, last_seen_at, expires_at) VALUES (?1, ?2, ?3, ?3, ?4)",
            rusqlite::params![kefu::backoffice::auth::token_hash(&token), id, at, expires],
        )
        .expect("insert session");
        out.push((id, token));
    }
    tx.commit().expect("commit operators");
    out
}

/// A response read off a raw socket.
#[derive(Debug)]
pub struct RawResp {
    /// Status code (0 when the answer was not HTTP).
    pub status: u16,
    /// Header block, lower-cased names.
    pub head: String,
    /// Body bytes (de-chunked).
    pub body: Vec<u8>,
    /// The socket error that ended reading, if any.
    pub error: Option<String>,
}

impl RawResp {
    /// The socket error and the body, for an assertion message.
    pub fn describe(&self) -> String {
        format!("{:?} {}", self.error, String::from_utf8_lossy(&self.body))
    }

    /// The body as JSON (Null when it is not).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for _ in 0..100_000 {
        let Some(nl) = b.windows(2).position(|w| w == b"\r\n") else {
            break;
        };
        let size_txt = String::from_utf8_lossy(&b[..nl]);
        let size =
            usize::from_str_radix(size_txt.split(';').next().unwrap_or("").trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = nl + 2;
        let end = (start + size).min(b.len());
        out.extend_from_slice(&b[start..end]);
        b = b.get(end + 2..).unwrap_or(&[]);
    }
    out
}

/// Send `request` bytes as they are (the caller writes the request line and headers; a
/// `Connection: close` is expected) and read the whole answer.
pub fn raw(addr: SocketAddr, request: &[u8]) -> RawResp {
    raw_within(addr, request, Duration::from_secs(30))
}

/// `raw`, giving up reading after `timeout` without a byte.
pub fn raw_within(addr: SocketAddr, request: &[u8], timeout: Duration) -> RawResp {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(timeout)).expect("timeout");
    // Write from another thread while reading here, as HTTP clients do: the server may
    // answer (e.g. 413) before it has read everything we send.
    let mut w = s.try_clone().expect("clone socket");
    let request = request.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = w.write_all(&request);
    });
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    let mut error = None;
    loop {
        match s.read(&mut chunk) {
            Ok(0) => break,
            Err(e) => {
                error = Some(e.to_string());
                break;
            }
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let _ = s.shutdown(std::net::Shutdown::Both);
    let _ = writer.join();
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(buf.len());
    let head = String::from_utf8_lossy(&buf[..split]).to_ascii_lowercase();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let rest = buf.get(split + 4..).unwrap_or(&[]);
    let body = if head.contains("transfer-encoding: chunked") {
        dechunk(rest)
    } else {
        rest.to_vec()
    };
    RawResp {
        status,
        head,
        body,
        error,
    }
}

/// Build a request with a JSON (or any) body.
pub fn request(method: &str, target: &[u8], token: Option<&str>, body: Option<&[u8]>) -> Vec<u8> {
    let mut r = Vec::new();
    r.extend_from_slice(method.as_bytes());
    r.push(b' ');
    r.extend_from_slice(target);
    r.extend_from_slice(b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    if let Some(t) = token {
        r.extend_from_slice(format!("Authorization: Bearer {t}\r\n").as_bytes());
    }
    if let Some(b) = body {
        r.extend_from_slice(
            format!(
                "Content-Type: application/json\r\nContent-Length: {}\r\n",
                b.len()
            )
            .as_bytes(),
        );
    }
    r.extend_from_slice(b"\r\n");
    if let Some(b) = body {
        r.extend_from_slice(b);
    }
    r
}

/// Whether `v` is `{"error": {"code": "snake_case", "message": "…"}}`.
pub fn is_error_body(v: &Value) -> bool {
    let code = v["error"]["code"].as_str().unwrap_or("");
    !code.is_empty()
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && v["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty())
}

/// An async client that opens a new connection per request (so that a proxy can give each
/// request its own fault) and gives up after `timeout`.
pub fn async_client(timeout: Duration, pooled: bool) -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut b = reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(Duration::from_secs(5));
    if !pooled {
        b = b.pool_max_idle_per_host(0);
    }
    b.build().expect("client")
}

/// xorshift64*: reproducible "random" choices without a dependency.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed (0 is replaced).
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    /// A seed from the environment variable `name`, else from the clock; printed so a
    /// failing run can be repeated.
    pub fn from_env(name: &str) -> Rng {
        let seed = std::env::var(name)
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos() as u64)
                    .unwrap_or(7)
            });
        eprintln!("{name}={seed}");
        Rng::new(seed)
    }

    /// Next 64 random bits.
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// A number from the environment, or `default`.
pub fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// The `q`-quantile (0..=1) of sorted durations.
pub fn quantile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// A server with the demo data (and `extra` arguments) on a fresh SQLite file: these tests
/// open the file themselves (direct SQL, `PRAGMA integrity_check`, kills mid-write), so they
/// run on SQLite even when `KEFU_TEST_PG` points the API tests at PostgreSQL.
pub fn sqlite_server(extra: &[&str]) -> Server {
    Server::builder(Db::sqlite())
        .seed_demo()
        .args(extra)
        .start()
}
