//! A real `kefu serve` on 127.0.0.1 with a temporary SQLite file, and an HTTP client for it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use reqwest::{Method, StatusCode};
use serde_json::Value;

/// Password of every demo operator.
pub const DEMO_PASSWORD: &str = "kefu-demo";

/// A running back office; killed when dropped.
pub struct Server {
    child: Child,
    /// Base URL, e.g. `http://127.0.0.1:41234`.
    pub url: String,
    /// The SQLite file.
    pub db: PathBuf,
    _dir: tempfile::TempDir,
}

impl Server {
    /// Start a server with the demo data.
    pub fn start() -> Server {
        Server::start_with(&["--seed-demo"])
    }

    /// Start a server with extra arguments.
    pub fn start_with(extra: &[&str]) -> Server {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("kefu.db");
        Server::start_on(dir, db, extra)
    }

    fn start_on(dir: tempfile::TempDir, db: PathBuf, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kefu"))
            .args(["serve", "--listen", "127.0.0.1:0", "--db"])
            .arg(format!("sqlite:{}", db.display()))
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
        Server {
            child,
            url,
            db,
            _dir: dir,
        }
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

    /// Run `kefu` with arguments against this server's database.
    pub fn kefu(&self, args: &[&str]) -> std::process::Output {
        Command::new(env!("CARGO_BIN_EXE_kefu"))
            .args(args)
            .arg("--db")
            .arg(format!("sqlite:{}", self.db.display()))
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
