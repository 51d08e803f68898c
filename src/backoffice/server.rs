//! The router and the server loop.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use futures::StreamExt;
use tokio::net::TcpListener;

use super::access_log;
use super::args::LogFormat;
use super::error::ApiError;
use super::events::Hub;
use super::metrics::{self, Metrics};
use super::ratelimit::{Limits, RateLimits};
use super::routes;
use super::state::AppState;
use super::store::Store;
use crate::domain::evidence::MAX_UPLOAD_BYTES;

/// Largest request body accepted.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// Build the application with its state (inside the tokio runtime: it starts the
/// live-update task).
pub fn app(store: Store, limits: Limits) -> Router {
    app_and_hub(store, limits, None).0
}

/// [`app`], and its live-update hub (to end the event streams at shutdown); with an
/// access log on stderr in `access_log`'s format (none inside the desk, whose terminal
/// stderr would scribble over).
pub fn app_and_hub(store: Store, limits: Limits, access_log: Option<LogFormat>) -> (Router, Hub) {
    let state = AppState {
        events: Hub::start(store.clone()),
        store,
        limits: Arc::new(RateLimits::new(limits)),
        metrics: Arc::new(Metrics::default()),
        ticket_totals: Arc::default(),
        presence: Arc::default(),
        dummy_hash: dummy_hash().into(),
    };
    let router = routes::router()
        .fallback(|| async { ApiError::not_found("no such endpoint; see /openapi.json") })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "this endpoint does not take that method; see /openapi.json",
            )
        })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(refuse_oversized))
        .layer(axum::middleware::from_fn_with_state(
            state.metrics.clone(),
            metrics::track,
        ));
    let router = match access_log {
        Some(format) => router.layer(axum::middleware::from_fn_with_state(
            format,
            access_log::log,
        )),
        None => router,
    };
    (router.with_state(state.clone()), state.events)
}

/// A hash made like the operators' (same argon2 parameters) of a password nobody has.
fn dummy_hash() -> String {
    super::auth::hash_password("no operator has this password").unwrap_or_else(|e| {
        tracing::warn!(error = %e, "no dummy hash: unknown operator ids answer faster");
        String::new()
    })
}

/// Bodies up to this size are read to their end even when refused, so that a client still
/// writing them reads the 413 instead of a connection reset (hyper closes a connection whose
/// request body is left unread, and the peer's unread bytes turn that close into a reset).
const DRAIN_MAX_BYTES: u64 = 8 * 1024 * 1024;

/// How long a refused body may take to drain before the connection is closed on it.
const DRAIN_TIME: Duration = Duration::from_secs(5);

/// How long a body (read here, whole, before the handler) may take to arrive.
const BODY_TIME: Duration = Duration::from_secs(30);

/// Enforce the body limit and a deadline before any handler runs, the same way for a
/// declared `Content-Length` and a chunked body. A body announced over [`DRAIN_MAX_BYTES`]
/// is refused at once, unread; one announced over the limit is drained for at most
/// [`DRAIN_TIME`] and refused; any other body is read here within [`BODY_TIME`], so a
/// client trickling a body it never finishes cannot hold the connection.
async fn refuse_oversized(req: Request, next: Next) -> Response {
    let limit = body_limit(req.method(), req.uri().path());
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let chunked = req.headers().contains_key(header::TRANSFER_ENCODING);
    match declared {
        Some(n) if n > DRAIN_MAX_BYTES => return body_too_large(limit, false),
        Some(n) if n > limit as u64 => {
            let stream = req.into_body().into_data_stream();
            return body_too_large(limit, drain_within(stream, 0).await);
        }
        // No body at all.
        None | Some(0) if !chunked => return next.run(req).await,
        _ => {}
    }
    let (parts, body) = req.into_parts();
    let mut stream = body.into_data_stream();
    let read = tokio::time::timeout(BODY_TIME, async {
        let mut kept = Vec::new();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|_| None)?;
            if kept.len() + chunk.len() > limit {
                return Err(Some(kept.len() + chunk.len()));
            }
            kept.extend_from_slice(&chunk);
        }
        Ok(kept)
    })
    .await;
    match read {
        Ok(Ok(kept)) => {
            next.run(Request::from_parts(parts, axum::body::Body::from(kept)))
                .await
        }
        Ok(Err(Some(seen))) => body_too_large(limit, drain_within(stream, seen).await),
        Ok(Err(None)) => ApiError::bad_request(
            "body_unreadable",
            "the request body could not be read to its end; send it again",
        )
        .into_response(),
        Err(_) => closing(ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "body_timeout",
            format!(
                "the request body did not arrive within {} s; send it again",
                BODY_TIME.as_secs()
            ),
        )),
    }
}

/// Read and drop the rest of a refused body (`seen` bytes of it read already) for at most
/// [`DRAIN_TIME`]; true if it ended, false if it ran long, past [`DRAIN_MAX_BYTES`] or failed.
async fn drain_within(mut stream: axum::body::BodyDataStream, mut seen: usize) -> bool {
    let drain = async {
        while let Some(chunk) = stream.next().await {
            let Ok(chunk) = chunk else { return false };
            seen += chunk.len();
            if seen as u64 > DRAIN_MAX_BYTES {
                return false;
            }
        }
        true
    };
    tokio::time::timeout(DRAIN_TIME, drain)
        .await
        .is_ok_and(|ended| ended)
}

/// `e` as a response that closes the connection (its request body was left unread).
fn closing(e: ApiError) -> Response {
    let mut resp = e.into_response();
    resp.headers_mut().insert(
        header::CONNECTION,
        header::HeaderValue::from_static("close"),
    );
    resp
}

/// The largest body of a request: an evidence image upload takes up to
/// [`MAX_UPLOAD_BYTES`], every other request [`MAX_BODY_BYTES`].
fn body_limit(method: &Method, path: &str) -> usize {
    let upload = method == Method::PUT
        && path
            .strip_prefix(crate::api::PREFIX)
            .and_then(|p| p.strip_prefix("/reviews/"))
            .and_then(|p| p.split_once("/images/"))
            .is_some_and(|(id, slot)| !id.contains('/') && !slot.contains('/'));
    if upload {
        MAX_UPLOAD_BYTES
    } else {
        MAX_BODY_BYTES
    }
}

/// The 413 answer for a body over `limit`; `read_to_end` says whether the connection can
/// be kept.
fn body_too_large(limit: usize, read_to_end: bool) -> Response {
    let e = if limit == MAX_UPLOAD_BYTES {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "image_too_big",
            format!(
                "an image holds at most {} MiB; scan it at a lower resolution or as a JPEG",
                limit / (1024 * 1024)
            ),
        )
    } else {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            format!(
                "the request body is over the limit of {} KiB; send less",
                limit / 1024
            ),
        )
    };
    if read_to_end {
        e.into_response()
    } else {
        closing(e)
    }
}

/// Serve `app` on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// Purge expired sessions, stale throttle counters and old idempotency keys every few
/// minutes.
pub fn spawn_housekeeping(store: Store) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(300));
        loop {
            tick.tick().await;
            let r = store
                .write(|tx| {
                    let now = chrono::Utc::now();
                    super::store::sessions::purge(tx, now)?;
                    super::store::throttles::purge(tx, now - chrono::Duration::days(1))?;
                    super::store::idempotency::purge(tx)
                })
                .await;
            if let Err(e) = r {
                tracing::warn!(error = %e, "housekeeping failed");
            }
        }
    });
}
