//! Request plumbing shared by the routes: JSON/path/query extractors with our error
//! format, `If-Match`, `Idempotency-Key`, and replies carrying an `ETag`.

use axum::extract::{FromRequest, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::error::ApiError;

/// JSON body whose rejections use the API's error format.
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct Json<T>(pub T);

/// Path parameters whose rejections use the API's error format.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct Path<T>(pub T);

/// Query parameters whose rejections use the API's error format.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct Query<T>(pub T);

/// Format a version as an entity tag.
pub fn etag(version: i64) -> String {
    format!("\"v{version}\"")
}

/// The version named by `If-Match` (`"v12"`, `W/"v12"` or `v12`).
pub fn if_match(headers: &HeaderMap) -> Result<Option<i64>, ApiError> {
    let Some(v) = headers.get(header::IF_MATCH) else {
        return Ok(None);
    };
    let s = v.to_str().unwrap_or_default().trim();
    let s = s.strip_prefix("W/").unwrap_or(s).trim_matches('"');
    s.strip_prefix('v')
        .and_then(|n| n.parse::<i64>().ok())
        .map(Some)
        .ok_or_else(|| {
            ApiError::bad_request(
                "bad_if_match",
                format!("If-Match {s:?} is not an ETag this server gave out (like \"v3\")"),
            )
        })
}

/// Longest idempotency key accepted.
const MAX_KEY_LEN: usize = 200;

/// The `Idempotency-Key` header, if any.
#[derive(Debug, Clone)]
pub struct IdemKey(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for IdemKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        match parts.headers.get("idempotency-key") {
            None => Ok(IdemKey(None)),
            Some(v) => {
                let s = v.to_str().map_err(|_| {
                    ApiError::bad_request(
                        "bad_idempotency_key",
                        "Idempotency-Key must be visible ASCII",
                    )
                })?;
                if s.is_empty() || s.len() > MAX_KEY_LEN {
                    return Err(ApiError::bad_request(
                        "bad_idempotency_key",
                        format!("Idempotency-Key must be 1 to {MAX_KEY_LEN} characters"),
                    ));
                }
                Ok(IdemKey(Some(s.to_string())))
            }
        }
    }
}

/// A JSON reply with a status and an optional ETag.
#[derive(Debug, Clone)]
pub struct Reply {
    /// HTTP status.
    pub status: StatusCode,
    /// Serialized JSON body.
    pub body: String,
    /// ETag header value.
    pub etag: Option<String>,
    /// The reply is a replay of an earlier one.
    pub replayed: bool,
}

impl Reply {
    /// Serialize `value` with `status` and the ETag of `version`.
    pub fn json<T: Serialize>(
        status: StatusCode,
        value: &T,
        version: Option<i64>,
    ) -> Result<Reply, ApiError> {
        Ok(Reply {
            status,
            body: serde_json::to_string(value).map_err(ApiError::internal)?,
            etag: version.map(etag),
            replayed: false,
        })
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let mut resp = (
            self.status,
            [(header::CONTENT_TYPE, "application/json")],
            self.body,
        )
            .into_response();
        if let Some(tag) = self.etag.and_then(|t| HeaderValue::from_str(&t).ok()) {
            resp.headers_mut().insert(header::ETAG, tag);
        }
        if self.replayed {
            resp.headers_mut()
                .insert("idempotent-replayed", HeaderValue::from_static("true"));
        }
        resp
    }
}
