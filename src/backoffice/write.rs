//! The one write path of the routes: a [`Write`] extractor gathers who asks, the
//! `Idempotency-Key`, the `If-Match` version, the method and the path; [`Write::run`]
//! computes the request's fingerprint from them and the body, the same way for every
//! route, and holds the change, its audit rows and the idempotency record in one
//! transaction, so a repeated key replays instead of acting twice.

use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::auth::Caller;
use super::error::ApiError;
use super::http::{if_match, IdemKey, Reply};
use super::state::AppState;
use super::store::idempotency::{self, Seen};
use super::store::{OpResult, Tx};

/// A state-changing request, ready to run once its body is read.
pub struct Write {
    state: AppState,
    caller: Caller,
    key: IdemKey,
    if_match: Option<i64>,
    method: Method,
    path: String,
}

/// What a write's operation knows of its request.
#[derive(Debug, Clone)]
pub struct Cx {
    /// The operator making the change.
    pub operator: String,
    /// Whether that operator is a supervisor (the store enforces supervisor-only steps).
    pub supervisor: bool,
    /// The version named by `If-Match`, if one was sent.
    pub expected: Option<i64>,
    /// When the change happens: taken inside the write transaction, so serialized writes
    /// see increasing times.
    pub now: DateTime<Utc>,
}

impl FromRequestParts<AppState> for Write {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let caller = Caller::from_request_parts(parts, state).await?;
        let key = IdemKey::from_request_parts(parts, state).await?;
        let if_match = if_match(&parts.headers)?;
        // The path as sent, prefix included (a nested router sees it stripped): the
        // fingerprint must tell `/tickets/1/claim` from `/tickets/2/claim`.
        let path = match OriginalUri::from_request_parts(parts, state).await {
            Ok(OriginalUri(uri)) => uri.path().to_string(),
            Err(never) => match never {},
        };
        Ok(Write {
            state: state.clone(),
            caller,
            key,
            if_match,
            method: parts.method.clone(),
            path,
        })
    }
}

impl Write {
    /// The signed-in operator making the request (for role checks: `caller().require(…)`).
    pub fn caller(&self) -> &Caller {
        &self.caller
    }

    /// The handles to the store, limits and metrics.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The `If-Match` version, which this route requires (428 without it).
    pub fn require_if_match(&self) -> Result<i64, ApiError> {
        self.if_match.ok_or_else(|| {
            ApiError::new(
                StatusCode::PRECONDITION_REQUIRED,
                "if_match_required",
                "send If-Match with the ETag you read, so that a concurrent change is not overwritten",
            )
        })
    }

    /// Run `op` on `body` in a write transaction, honouring the `Idempotency-Key`: a
    /// repeat of the same request replays the stored reply; the same key on another
    /// request (method, path, `If-Match` or body) is a 422. The reply carries `status`
    /// and the ETag of `version_of` the result.
    pub async fn run<B, T, F>(
        self,
        status: StatusCode,
        body: B,
        version_of: fn(&T) -> Option<i64>,
        op: F,
    ) -> Result<Reply, ApiError>
    where
        B: Serialize + Send + 'static,
        T: Serialize + 'static,
        F: FnOnce(&mut dyn Tx, &Cx, B) -> OpResult<T> + Send + 'static,
    {
        self.run_inner(status, body, version_of, op, None).await
    }

    /// [`Write::run`] for an answer that must not be stored (a revealed value): the
    /// idempotency record keeps `kept(&answer)` instead, and a replay answers
    /// `reread(tx, cx)`, read again under the first request's audit row.
    pub async fn run_unstored<B, T, F>(
        self,
        status: StatusCode,
        body: B,
        op: F,
        kept: fn(&T) -> serde_json::Value,
        reread: Reread<T>,
    ) -> Result<Reply, ApiError>
    where
        B: Serialize + Send + 'static,
        T: Serialize + 'static,
        F: FnOnce(&mut dyn Tx, &Cx, B) -> OpResult<T> + Send + 'static,
    {
        self.run_inner(status, body, |_| None, op, Some((kept, reread)))
            .await
    }

    async fn run_inner<B, T, F>(
        self,
        status: StatusCode,
        body: B,
        version_of: fn(&T) -> Option<i64>,
        op: F,
        unstored: Option<Unstored<T>>,
    ) -> Result<Reply, ApiError>
    where
        B: Serialize + Send + 'static,
        T: Serialize + 'static,
        F: FnOnce(&mut dyn Tx, &Cx, B) -> OpResult<T> + Send + 'static,
    {
        let print = fingerprint(&self.method, &self.path, self.if_match, &body)?;
        let Write {
            state,
            caller,
            key,
            if_match,
            ..
        } = self;
        let supervisor = caller.is_supervisor();
        let operator = caller.op.id;
        state
            .store
            .write(move |tx| {
                let cx = Cx {
                    operator,
                    supervisor,
                    expected: if_match,
                    now: Utc::now(),
                };
                if let Some(k) = &key.0 {
                    match idempotency::check(tx, &cx.operator, k, &print)? {
                        Seen::Replay { status, etag, body } => {
                            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
                            let body = match unstored {
                                Some((_, reread)) if status.is_success() => {
                                    Reply::json(status, &reread(tx, &cx)?, None)?.body
                                }
                                _ => body,
                            };
                            return Ok(Reply {
                                status,
                                body,
                                etag,
                                replayed: true,
                            });
                        }
                        Seen::Mismatch => return Err(key_reused()),
                        Seen::New => {}
                    }
                }
                let value = op(tx, &cx, body)?;
                let reply = Reply::json(status, &value, version_of(&value))?;
                if let Some(k) = &key.0 {
                    let stored = match &unstored {
                        Some((kept, _)) => kept(&value).to_string(),
                        None => reply.body.clone(),
                    };
                    idempotency::record(
                        tx,
                        &cx.operator,
                        k,
                        &print,
                        status.as_u16(),
                        reply.etag.as_deref(),
                        &stored,
                    )?;
                }
                Ok(reply)
            })
            .await
    }
}

/// How a replay reads an unstored answer again.
pub type Reread<T> = Box<dyn FnOnce(&mut dyn Tx, &Cx) -> OpResult<T> + Send>;

/// What the idempotency record keeps of an unstored answer, and how a replay reads it again.
type Unstored<T> = (fn(&T) -> serde_json::Value, Reread<T>);

/// The 422 for a key used before on another request.
fn key_reused() -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
        "this Idempotency-Key was used for a different request; use a new key for a new action",
    )
}

/// Hash identifying a request for idempotency: method, path, `If-Match`, canonical body.
fn fingerprint<B: Serialize>(
    method: &Method,
    path: &str,
    if_match: Option<i64>,
    body: &B,
) -> Result<String, ApiError> {
    let body = serde_json::to_vec(body).map_err(ApiError::internal)?;
    let mut h = Sha256::new();
    h.update(method.as_str().as_bytes());
    h.update(b" ");
    h.update(path.as_bytes());
    h.update(b"\nif-match: ");
    if let Some(v) = if_match {
        h.update(v.to_string().as_bytes());
    }
    h.update(b"\n");
    h.update(&body);
    Ok(hex::encode(h.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    /// A request as the fingerprint sees it.
    type Req = (Method, &'static str, Option<i64>, Value);

    fn print((method, path, if_match, body): &Req) -> String {
        fingerprint(method, path, *if_match, body).expect("a JSON value serializes")
    }

    #[test]
    fn the_fingerprint_tells_apart_what_makes_a_request_another() {
        let path = "/api/v1/tickets/1/claim";
        let base: Req = (Method::POST, path, Some(3), json!({"steal": false}));
        assert_eq!(print(&base), print(&base.clone()), "stable");
        let others: [Req; 5] = [
            (Method::PATCH, path, Some(3), json!({"steal": false})),
            (
                Method::POST,
                "/api/v1/tickets/2/claim",
                Some(3),
                json!({"steal": false}),
            ),
            (Method::POST, path, Some(4), json!({"steal": false})),
            (Method::POST, path, None, json!({"steal": false})),
            (Method::POST, path, Some(3), json!({"steal": true})),
        ];
        for other in &others {
            assert_ne!(print(&base), print(other), "{other:?} is another request");
        }
    }
}
