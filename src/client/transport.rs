//! One request to the back office: headers, retries, error mapping, JSON decoding.

use reqwest::header::{HeaderMap, AUTHORIZATION, ETAG, IF_MATCH, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::error::ClientError;
use super::key::IdempotencyKey;
use super::retry::parse_retry_after;
use super::Client;
use crate::api::{ErrorBody, PREFIX};

/// What goes with a request besides path and body.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Extra<'a> {
    /// Version the change is based on (sent as `If-Match: "v<n>"`).
    pub if_match: Option<i64>,
    /// Idempotency key of the operator action.
    pub key: Option<&'a IdempotencyKey>,
    /// A raw body with its content type (an image), sent instead of JSON.
    pub raw: Option<(&'a str, &'a [u8])>,
}

/// A successful answer: body bytes and the version from the ETag.
pub(crate) struct Answer {
    pub bytes: Vec<u8>,
    pub etag_version: Option<i64>,
}

/// Parse `"v12"` (or `W/"v12"`) into 12.
pub fn parse_etag(value: &str) -> Option<i64> {
    value
        .trim()
        .trim_start_matches("W/")
        .trim_matches('"')
        .strip_prefix('v')?
        .parse()
        .ok()
}

impl Client {
    /// `GET path` (with `query`), its answer decoded: the shape of every read.
    pub(crate) async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: Option<&(dyn ErasedQuery + Sync)>,
    ) -> Result<T, ClientError> {
        let a = self
            .send(Method::GET, path, query, None::<&()>, Extra::default())
            .await?;
        decode(&a)
    }

    /// Send a request, retrying only when repeating it cannot do a change twice.
    pub(crate) async fn send<B: Serialize + ?Sized>(
        &self,
        method: Method,
        path: &str,
        query: Option<&(dyn ErasedQuery + Sync)>,
        body: Option<&B>,
        extra: Extra<'_>,
    ) -> Result<Answer, ClientError> {
        let repeatable = method == Method::GET || extra.key.is_some();
        let mut attempt = 1;
        loop {
            match self.send_once(&method, path, query, body, extra).await {
                Ok(answer) => return Ok(answer),
                Err((err, retry_after)) => {
                    if !self.retry.should_retry(attempt, repeatable, &err) {
                        return Err(err);
                    }
                    let wait = self.retry.delay(attempt, retry_after);
                    tracing::debug!(%path, attempt, ?wait, error = %err, "retrying");
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
            }
        }
    }

    async fn send_once<B: Serialize + ?Sized>(
        &self,
        method: &Method,
        path: &str,
        query: Option<&(dyn ErasedQuery + Sync)>,
        body: Option<&B>,
        extra: Extra<'_>,
    ) -> Result<Answer, (ClientError, Option<std::time::Duration>)> {
        let url = format!("{}{}{}", self.base, PREFIX, path);
        let mut req = self.http.request(method.clone(), &url);
        if let Some(q) = query {
            req = q.apply(req);
        }
        if let Some(token) = self.token() {
            req = req.header(AUTHORIZATION, format!("Bearer {token}"));
        }
        if let Some(v) = extra.if_match {
            req = req.header(IF_MATCH, format!("\"v{v}\""));
        }
        if let Some(k) = extra.key {
            req = req.header("Idempotency-Key", k.as_str());
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        if let Some((content_type, bytes)) = extra.raw {
            req = req
                .header(reqwest::header::CONTENT_TYPE, content_type)
                .body(bytes.to_vec());
        }
        let resp = req
            .send()
            .await
            .map_err(|e| (self.transport_error(&e), None))?;
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp
            .bytes()
            .await
            .map_err(|e| (self.transport_error(&e), None))?
            .to_vec();
        if status.is_success() {
            return Ok(Answer {
                bytes,
                etag_version: etag_of(&headers),
            });
        }
        let retry_after = headers
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_retry_after);
        Err((api_error(status, &bytes), retry_after))
    }

    pub(crate) fn transport_error(&self, e: &reqwest::Error) -> ClientError {
        if e.is_timeout() {
            ClientError::Timeout {
                secs: self.timeout.as_secs(),
            }
        } else if e.is_decode() {
            ClientError::Decode(e.to_string())
        } else {
            // Show the root cause ("connection refused"), not reqwest's outer wrapper.
            let mut detail = e.to_string();
            let mut src: Option<&dyn std::error::Error> = std::error::Error::source(e);
            while let Some(s) = src {
                detail = s.to_string();
                src = s.source();
            }
            ClientError::Unreachable {
                url: self.base.clone(),
                detail,
            }
        }
    }
}

fn etag_of(headers: &HeaderMap) -> Option<i64> {
    headers
        .get(ETAG)
        .and_then(|v| v.to_str().ok())
        .and_then(parse_etag)
}

/// Map an error answer; a body that is not the contract's shape still gives the status.
pub(crate) fn api_error(status: StatusCode, bytes: &[u8]) -> ClientError {
    match display_safe::<ErrorBody>(bytes) {
        Ok(b) => ClientError::Api {
            status: status.as_u16(),
            code: b.error.code,
            message: b.error.message,
        },
        Err(_) => ClientError::Api {
            status: status.as_u16(),
            code: "http_error".into(),
            message: status
                .canonical_reason()
                .unwrap_or("unexpected answer")
                .to_string(),
        },
    }
}

/// Decode a JSON answer.
pub(crate) fn decode<T: DeserializeOwned>(answer: &Answer) -> Result<T, ClientError> {
    display_safe(&answer.bytes).map_err(|e| ClientError::Decode(e.to_string()))
}

/// Parse JSON from the back office with every string made safe to draw.
///
/// This is the boundary: whatever the public could have written (subjects, notes, names)
/// is cleaned here, once, before any part of the desk holds it; the views clean again as
/// they draw, which changes nothing for text that came through here.
pub(crate) fn display_safe<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, serde_json::Error> {
    let mut v: serde_json::Value = serde_json::from_slice(bytes)?;
    crate::sanitize::clean_json(&mut v);
    serde_json::from_value(v)
}

/// A query string that can be attached to a request (object-safe wrapper of `Serialize`).
pub(crate) trait ErasedQuery {
    fn apply(&self, req: reqwest::RequestBuilder) -> reqwest::RequestBuilder;
}

impl<T: Serialize> ErasedQuery for T {
    fn apply(&self, req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        req.query(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_parse() {
        assert_eq!(parse_etag("\"v12\""), Some(12));
        assert_eq!(parse_etag("W/\"v3\""), Some(3));
        assert_eq!(parse_etag("\"x\""), None);
    }

    #[test]
    fn error_bodies_map_to_api_errors() {
        let e = api_error(
            StatusCode::CONFLICT,
            br#"{"error":{"code":"claimed","message":"held by bob"}}"#,
        );
        assert_eq!(
            e,
            ClientError::Api {
                status: 409,
                code: "claimed".into(),
                message: "held by bob".into()
            }
        );
        let e = api_error(StatusCode::BAD_GATEWAY, b"<html>");
        assert_eq!(e.status(), Some(502));
    }
}
