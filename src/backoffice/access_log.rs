//! The access log: one line per request on stderr (time, request id, operator, method,
//! route template, status, latency), as text or JSON lines. The route is the template
//! (`/api/v1/accounts/{id}`), never the path or query as sent, so no phone number or
//! identity number typed into a lookup reaches the log.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

use super::args::LogFormat;

/// The header carrying the request id (taken from the client when it is a plain token,
/// made up otherwise, and sent back).
pub const REQUEST_ID: &str = "x-request-id";

/// Where the caller's operator id is left for the log once a session is found.
#[derive(Debug, Clone, Default)]
pub struct OperatorSlot(Arc<Mutex<Option<String>>>);

impl OperatorSlot {
    /// Record who is asking.
    pub fn set(&self, operator: &str) {
        if let Ok(mut s) = self.0.lock() {
            *s = Some(operator.to_string());
        }
    }

    fn get(&self) -> Option<String> {
        self.0.lock().ok().and_then(|s| s.clone())
    }
}

/// A request id from the client, if it is short and made of safe characters.
fn client_id(v: &HeaderValue) -> Option<String> {
    let s = v.to_str().ok()?;
    let ok = !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
    ok.then(|| s.to_string())
}

fn new_id() -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let mut r = [0u8; 4];
    let _ = getrandom::fill(&mut r);
    format!("{}-{}", hex::encode(r), N.fetch_add(1, Ordering::Relaxed))
}

/// One line of the log.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Line {
    /// When the request arrived (RFC 3339, UTC).
    pub time: String,
    /// The request id.
    pub request_id: String,
    /// The signed-in operator, `-` when none.
    pub operator: String,
    /// HTTP method.
    pub method: String,
    /// Route template, or `-` for a path no route matched.
    pub route: String,
    /// HTTP status.
    pub status: u16,
    /// Milliseconds until the response head.
    pub latency_ms: f64,
}

impl Line {
    /// The line as written in `format`.
    pub fn render(&self, format: LogFormat) -> Option<String> {
        Some(match format {
            LogFormat::Off => return None,
            LogFormat::Json => serde_json::to_string(self).unwrap_or_default(),
            LogFormat::Text => format!(
                "{} request_id={} operator={} {} {} {} {:.1}ms",
                self.time,
                self.request_id,
                self.operator,
                self.method,
                self.route,
                self.status,
                self.latency_ms
            ),
        })
    }
}

/// The middleware.
pub async fn log(State(format): State<LogFormat>, mut req: Request, next: Next) -> Response {
    let started = Instant::now();
    let time = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let id = req
        .headers()
        .get(REQUEST_ID)
        .and_then(client_id)
        .unwrap_or_else(new_id);
    let method = req.method().to_string();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "-".to_string(), |m| m.as_str().to_string());
    let slot = OperatorSlot::default();
    req.extensions_mut().insert(slot.clone());
    let mut resp = next.run(req).await;
    if let Ok(v) = HeaderValue::from_str(&id) {
        resp.headers_mut().insert(REQUEST_ID, v);
    }
    let line = Line {
        time,
        request_id: id,
        operator: slot.get().unwrap_or_else(|| "-".to_string()),
        method,
        route,
        status: resp.status().as_u16(),
        latency_ms: (started.elapsed().as_secs_f64() * 10_000.0).round() / 10.0,
    };
    if let Some(l) = line.render(format) {
        eprintln!("{l}");
    }
    resp
}
