//! A real `kefu serve` on 127.0.0.1 with a temporary SQLite file — or, when
//! `KEFU_TEST_PG` names a PostgreSQL database, a fresh schema of its own in that
//! database — and an HTTP client for it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, OnceLock};

use reqwest::{Method, StatusCode};
use serde_json::Value;

/// Password of every demo operator.
pub const DEMO_PASSWORD: &str = "kefu-demo";

/// The environment variable naming the PostgreSQL database to test against, e.g.
/// `postgres://root@127.0.0.1:5432/test`. Unset: every server uses SQLite.
pub const PG_ENV: &str = "KEFU_TEST_PG";

/// The PostgreSQL URL to test against, if one is set.
pub fn pg_url() -> Option<String> {
    std::env::var(PG_ENV).ok().filter(|u| !u.trim().is_empty())
}

/// The PostgreSQL URL for a PostgreSQL-only test, which is `#[ignore]`d by default and run
/// by CI with `--include-ignored`; run without the variable it fails instead of passing.
pub fn require_pg(test: &str) -> String {
    pg_url().unwrap_or_else(|| panic!("{test} needs PostgreSQL: set {PG_ENV}=postgres://…"))
}

/// The `kefu` binary under test: `KEFU_TEST_BIN` if set (e.g. a copy, safe from other
/// builds sharing the target directory), else the one Cargo built.
pub fn kefu_bin() -> String {
    std::env::var("KEFU_TEST_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_kefu").to_string())
}

/// The database one test's servers share; removed when the last of them is dropped.
pub enum Db {
    /// A temporary SQLite file.
    Sqlite {
        /// The file.
        path: PathBuf,
        _dir: tempfile::TempDir,
    },
    /// A database of its own on the `KEFU_TEST_PG` server.
    Postgres {
        /// The URL given in `KEFU_TEST_PG` (its database is used for administration).
        admin: String,
        /// The test's database.
        name: String,
    },
}

/// `url` with its database name replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (main, query) = match url.split_once('?') {
        Some((m, q)) => (m, format!("?{q}")),
        None => (url, String::new()),
    };
    let after_scheme = main.find("://").map_or(0, |i| i + 3);
    let base = match main[after_scheme..].find('/') {
        Some(i) => &main[..after_scheme + i],
        None => main,
    };
    format!("{base}/{name}{query}")
}

fn pg_admin(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls)
        .unwrap_or_else(|e| panic!("cannot connect to {PG_ENV}={url}: {e}"))
}

/// A database seeded once per test process by a real `kefu serve --seed-demo`, which
/// each test then clones (a fraction of a second, where seeding takes seconds).
fn pg_template(admin: &str) -> &'static str {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        sweep_leftovers(admin);
        let name = format!("kefu_tpl_{}", std::process::id());
        pg_admin(admin)
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create the template database");
        let mut seeder = Command::new(kefu_bin())
            .args(["serve", "--listen", "127.0.0.1:0", "--seed-demo", "--db"])
            .arg(with_database(admin, &name))
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start kefu serve to seed the template");
        let mut line = String::new();
        BufReader::new(seeder.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("read the listening line");
        assert!(
            line.contains("listening"),
            "seeding the template failed: {line:?}"
        );
        let _ = seeder.kill();
        let _ = seeder.wait();
        name
    })
}

/// Drop test databases left by test processes that no longer run (e.g. killed ones).
fn sweep_leftovers(admin: &str) {
    let mut c = pg_admin(admin);
    let Ok(rows) = c.query(
        "SELECT datname FROM pg_database WHERE datname LIKE 'kefu\\_t%'",
        &[],
    ) else {
        return;
    };
    for row in rows {
        let name: String = row.get(0);
        let pid = name.split('_').nth(2).unwrap_or_default();
        let alive = std::path::Path::new(&format!("/proc/{pid}")).exists()
            || !std::path::Path::new("/proc/self").exists();
        if !alive {
            let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

impl Db {
    /// A fresh database of the kind the environment asks for: empty, or with the demo
    /// data when `seeded` (on SQLite the server seeds it; on PostgreSQL it is cloned).
    pub fn fresh(seeded: bool) -> Arc<Db> {
        Arc::new(match pg_url() {
            None => {
                let dir = tempfile::tempdir().expect("temp dir");
                Db::Sqlite {
                    path: dir.path().join("kefu.db"),
                    _dir: dir,
                }
            }
            Some(admin) => {
                static N: AtomicU32 = AtomicU32::new(0);
                let template = if seeded {
                    pg_template(&admin)
                } else {
                    "template1"
                };
                let name = format!(
                    "kefu_test_{}_{}",
                    std::process::id(),
                    N.fetch_add(1, Ordering::Relaxed)
                );
                pg_admin(&admin)
                    .batch_execute(&format!("CREATE DATABASE {name} TEMPLATE {template}"))
                    .expect("create the test database");
                Db::Postgres { admin, name }
            }
        })
    }

    /// The `--db` argument naming this database.
    pub fn url(&self) -> String {
        match self {
            Db::Sqlite { path, .. } => format!("sqlite:{}", path.display()),
            Db::Postgres { admin, name } => with_database(admin, name),
        }
    }

    /// Run SQL statements directly on the database, bypassing the server (to play an
    /// attacker or an operator with a SQL prompt).
    pub fn execute(&self, sql: &str) -> Result<(), String> {
        match self {
            Db::Sqlite { path, .. } => rusqlite::Connection::open(path)
                .and_then(|c| c.execute_batch(sql))
                .map_err(|e| e.to_string()),
            Db::Postgres { .. } => postgres::Client::connect(&self.url(), postgres::NoTls)
                .and_then(|mut c| c.batch_execute(sql))
                .map_err(|e| e.to_string()),
        }
    }

    /// A single integer from a query run directly on the database.
    pub fn query_i64(&self, sql: &str) -> i64 {
        match self {
            Db::Sqlite { path, .. } => rusqlite::Connection::open(path)
                .and_then(|c| c.query_row(sql, [], |r| r.get(0)))
                .unwrap_or_else(|e| panic!("{sql}: {e}")),
            Db::Postgres { .. } => postgres::Client::connect(&self.url(), postgres::NoTls)
                .and_then(|mut c| c.query_one(sql, &[]))
                .and_then(|r| r.try_get::<_, i64>(0))
                .unwrap_or_else(|e| panic!("{sql}: {e}")),
        }
    }

    /// SQL that removes a trigger (the two dialects differ).
    pub fn drop_trigger_sql(&self, trigger: &str, table: &str) -> String {
        match self {
            Db::Sqlite { .. } => format!("DROP TRIGGER {trigger}"),
            Db::Postgres { .. } => format!("DROP TRIGGER {trigger} ON {table}"),
        }
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        if let Db::Postgres { admin, name } = self {
            let _ = pg_admin(admin)
                .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

/// A running back office; killed when dropped.
pub struct Server {
    child: Child,
    /// Base URL, e.g. `http://127.0.0.1:41234`.
    pub url: String,
    /// The database (shared with other servers started with [`Server::start_on`]).
    pub db: Arc<Db>,
}

impl Server {
    /// Start a server with the demo data.
    pub fn start() -> Server {
        Server::start_with(&["--seed-demo"])
    }

    /// Start a server with extra arguments.
    pub fn start_with(extra: &[&str]) -> Server {
        Server::start_on(Db::fresh(extra.contains(&"--seed-demo")), extra)
    }

    /// Start a server on a database another server may already use.
    pub fn start_on(db: Arc<Db>, extra: &[&str]) -> Server {
        let mut child = Command::new(kefu_bin())
            .args(["serve", "--listen", "127.0.0.1:0", "--db"])
            .arg(db.url())
            .args(extra)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start kefu serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read the listening line");
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        Server { child, url, db }
    }

    /// A client signed in as `operator`.
    pub fn client(&self, operator: &str) -> Api {
        let api = Api::anonymous(&self.url);
        let (status, body) = api.call(
            Method::POST,
            "/api/v1/session",
            Some(serde_json::json!({"operator": operator, "password": DEMO_PASSWORD})),
            &[],
        );
        assert_eq!(status, StatusCode::CREATED, "sign in as {operator}: {body}");
        Api {
            token: body["token"].as_str().map(str::to_string),
            ..api
        }
    }

    /// Stop the server with SIGTERM (a graceful shutdown); whether it exited within `within`.
    pub fn terminate(&mut self, within: std::time::Duration) -> bool {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = std::time::Instant::now() + within;
        while std::time::Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        false
    }

    /// Run `kefu` with arguments against this server's database.
    pub fn kefu(&self, args: &[&str]) -> std::process::Output {
        Command::new(kefu_bin())
            .args(args)
            .arg("--db")
            .arg(self.db.url())
            .output()
            .expect("run kefu")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A blocking HTTP client for the API.
#[derive(Clone)]
pub struct Api {
    http: reqwest::blocking::Client,
    base: String,
    /// Bearer token.
    pub token: Option<String>,
}

/// A response: status, JSON body (Null when empty or not JSON), ETag.
pub struct Resp {
    pub status: StatusCode,
    pub body: Value,
    pub etag: Option<String>,
    pub headers: reqwest::header::HeaderMap,
}

impl Api {
    /// A client without a token.
    pub fn anonymous(base: &str) -> Api {
        let _ = rustls::crypto::ring::default_provider().install_default();
        Api {
            http: reqwest::blocking::Client::builder()
                .build()
                .expect("client"),
            base: base.to_string(),
            token: None,
        }
    }

    /// Send a request; returns status and JSON body.
    pub fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> (StatusCode, Value) {
        let r = self.send(method, path, body, headers);
        (r.status, r.body)
    }

    /// Send a request; returns everything.
    pub fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Resp {
        let mut req = self.http.request(method, format!("{}{}", self.base, path));
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().expect("request");
        let status = resp.status();
        let headers = resp.headers().clone();
        let etag = headers
            .get("etag")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let text = resp.text().unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Resp {
            status,
            body,
            etag,
            headers,
        }
    }

    /// Open a server-sent event stream; each event arrives on the returned channel as
    /// (event name, data), read by a thread of its own.
    pub fn events(&self, path: &str) -> std::sync::mpsc::Receiver<(String, String)> {
        let mut req = self.http.get(format!("{}{}", self.base, path));
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().expect("open the event stream");
        assert_eq!(resp.status(), StatusCode::OK, "GET {path}");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let (mut name, mut data) = (String::new(), String::new());
            for line in BufReader::new(resp).lines() {
                let Ok(line) = line else { return };
                if let Some(v) = line.strip_prefix("event:") {
                    name = v.trim().to_string();
                } else if let Some(v) = line.strip_prefix("data:") {
                    data.push_str(v.trim_start());
                } else if line.is_empty() && !(name.is_empty() && data.is_empty()) {
                    let ev = (std::mem::take(&mut name), std::mem::take(&mut data));
                    if tx.send(ev).is_err() {
                        return;
                    }
                }
            }
        });
        rx
    }

    /// Open `/api/v1/events`, resuming after `last_event_id` when given; each event
    /// arrives on the returned channel as (event name, id if the frame set one, data).
    pub fn events_after(
        &self,
        last_event_id: Option<&str>,
    ) -> std::sync::mpsc::Receiver<(String, Option<String>, String)> {
        let mut req = self.http.get(format!("{}/api/v1/events", self.base));
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        if let Some(id) = last_event_id {
            req = req.header("Last-Event-ID", id);
        }
        let resp = req.send().expect("open the event stream");
        assert_eq!(resp.status(), StatusCode::OK, "GET /api/v1/events");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let (mut name, mut id, mut data) = (String::new(), None, String::new());
            for line in BufReader::new(resp).lines() {
                let Ok(line) = line else { return };
                if let Some(v) = line.strip_prefix("event:") {
                    name = v.trim().to_string();
                } else if let Some(v) = line.strip_prefix("id:") {
                    id = Some(v.trim().to_string());
                } else if let Some(v) = line.strip_prefix("data:") {
                    data.push_str(v.trim_start());
                } else if line.is_empty() && !(name.is_empty() && data.is_empty()) {
                    let ev = (
                        std::mem::take(&mut name),
                        id.take(),
                        std::mem::take(&mut data),
                    );
                    if tx.send(ev).is_err() {
                        return;
                    }
                }
            }
        });
        rx
    }

    /// GET returning JSON, asserting 200.
    pub fn get_ok(&self, path: &str) -> Value {
        let (s, b) = self.call(Method::GET, path, None, &[]);
        assert_eq!(s, StatusCode::OK, "GET {path}: {b}");
        b
    }

    /// POST with JSON.
    pub fn post(&self, path: &str, body: Value, headers: &[(&str, &str)]) -> Resp {
        self.send(Method::POST, path, Some(body), headers)
    }

    /// The id of the single account found by an exact lookup.
    pub fn account_by(&self, query: &str) -> Value {
        let page = self.get_ok(&format!("/api/v1/accounts?{query}"));
        page["items"][0].clone()
    }
}

/// The `If-Match` value for a version.
pub fn v(version: &Value) -> String {
    format!("\"v{}\"", version.as_i64().expect("version"))
}
