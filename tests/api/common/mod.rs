//! An HTTP client for a real `kefu serve` (started by `support::server`, on a temporary
//! SQLite file or, when `KEFU_TEST_PG` is set, a PostgreSQL database of its own).
#![allow(dead_code)]

use std::io::{BufRead, BufReader};

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::support::server::Server;

/// Password of every demo operator.
pub const DEMO_PASSWORD: &str = "kefu-demo";

impl Server {
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

    /// PUT raw bytes with a `Content-Type` (an evidence image upload).
    pub fn put_bytes(&self, path: &str, content_type: &str, bytes: Vec<u8>) -> Resp {
        let mut req = self
            .http
            .put(format!("{}{}", self.base, path))
            .header("Content-Type", content_type)
            .body(bytes);
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().expect("request");
        let status = resp.status();
        let headers = resp.headers().clone();
        let etag = headers
            .get("etag")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = serde_json::from_str(&resp.text().unwrap_or_default()).unwrap_or(Value::Null);
        Resp {
            status,
            body,
            etag,
            headers,
        }
    }

    /// Attach a small PNG as the document image of review `rid`, asserting 200; the
    /// review as answered (its new version).
    pub fn attach_document(&self, rid: i64) -> Value {
        let r = self.put_bytes(
            &format!("/api/v1/reviews/{rid}/images/document"),
            "image/png",
            png(64, 40, [30, 60, 90]),
        );
        assert_eq!(r.status, StatusCode::OK, "attach a document: {}", r.body);
        r.body
    }

    /// GET raw bytes (an image), with the status.
    pub fn get_bytes(&self, path: &str) -> (StatusCode, Vec<u8>) {
        let mut req = self.http.get(format!("{}{}", self.base, path));
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().expect("request");
        let status = resp.status();
        (status, resp.bytes().map(|b| b.to_vec()).unwrap_or_default())
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

/// A `w`×`h` PNG of one colour.
pub fn png(w: u32, h: u32, rgb: [u8; 3]) -> Vec<u8> {
    let img = image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(w, h, rgb.into()));
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("a small PNG encodes");
    out
}

/// CRC-32 (IEEE), as a PNG chunk carries it over its type and data.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for b in bytes {
        c ^= u32::from(*b);
        for _ in 0..8 {
            c = if c & 1 == 1 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
    }
    !c
}

/// A PNG bomb: a valid one-pixel PNG whose header (CRC fixed) declares `w`×`h` pixels.
pub fn png_bomb(w: u32, h: u32) -> Vec<u8> {
    let mut p = png(1, 1, [0, 0, 0]);
    p[16..20].copy_from_slice(&w.to_be_bytes());
    p[20..24].copy_from_slice(&h.to_be_bytes());
    let crc = crc32(&p[12..29]);
    p[29..33].copy_from_slice(&crc.to_be_bytes());
    p
}
