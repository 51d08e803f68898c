//! Typed HTTP client of the back-office API: auth token, retries, ETag, idempotency keys.
//!
//! The client holds the bearer token. Reads and keyed writes are retried with backoff;
//! a write without a key and every 412 are never repeated (the caller must re-read).

mod calls;
mod error;
mod key;
mod live;
mod retry;
pub mod sse;
mod team;
mod transport;

use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

pub use calls::{AccountAction, Created, ReviewImage};
pub use error::ClientError;
pub use key::IdempotencyKey;
pub use live::{
    jitter, reconnect_delay, LiveMessage, LiveStream, IDLE, RECONNECT_MAX, RECONNECT_MIN,
};
pub use retry::{parse_retry_after, RetryPolicy};
pub use transport::parse_etag;

/// How to reach the back office.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Base URL without the `/api/v1` prefix, e.g. `https://kefu.example.cn`.
    pub base_url: String,
    /// Whole-request timeout.
    pub timeout: Duration,
    /// Allow plain `http://` to a host other than the loopback.
    pub allow_insecure_http: bool,
    /// Extra CA certificate (PEM) to trust.
    pub ca_file: Option<PathBuf>,
    /// Retry policy for reads and keyed writes.
    pub retry: RetryPolicy,
}

impl ClientOptions {
    /// Options with the defaults for `base_url`.
    pub fn new(base_url: impl Into<String>) -> Self {
        ClientOptions {
            base_url: base_url.into(),
            timeout: Duration::from_secs(10),
            allow_insecure_http: false,
            ca_file: None,
            retry: RetryPolicy::default(),
        }
    }
}

/// A client of one back office; cheap to clone (clones share the token).
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    timeout: Duration,
    retry: RetryPolicy,
    token: Arc<Mutex<Option<String>>>,
    /// Extra trusted CA certificates (kept to build the stream client).
    certs: Vec<reqwest::Certificate>,
    /// For `GET /events`: no whole-request timeout, built on first use.
    stream: Arc<OnceLock<reqwest::Client>>,
}

impl Client {
    /// Build a client; refuses plain HTTP to a remote host unless allowed.
    pub fn new(opts: ClientOptions) -> Result<Client, ClientError> {
        let base = opts.base_url.trim_end_matches('/').to_string();
        check_url(&base, opts.allow_insecure_http)?;
        // reqwest is built without a default crypto provider; installing one twice is harmless
        // (the second call reports that one is already there).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut certs = Vec::new();
        if let Some(path) = &opts.ca_file {
            let pem = std::fs::read(path).map_err(|e| {
                ClientError::Setup(format!("cannot read CA file {}: {e}", path.display()))
            })?;
            certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| {
                ClientError::Setup(format!("CA file {} is not PEM: {e}", path.display()))
            })?;
        }
        let http = http_client(opts.timeout, Some(opts.timeout), &certs)?;
        Ok(Client {
            http,
            base,
            timeout: opts.timeout,
            retry: opts.retry,
            token: Arc::new(Mutex::new(None)),
            certs,
            stream: Arc::new(OnceLock::new()),
        })
    }

    /// The HTTP client for long-lived streams (same TLS trust, no whole-request timeout).
    pub(crate) fn stream_http(&self) -> Result<reqwest::Client, ClientError> {
        if let Some(c) = self.stream.get() {
            return Ok(c.clone());
        }
        let c = http_client(self.timeout, None, &self.certs)?;
        Ok(self.stream.get_or_init(|| c).clone())
    }

    /// The base URL this client talks to.
    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// The bearer token in use, if signed in.
    pub fn token(&self) -> Option<String> {
        self.token
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Use a token obtained earlier (e.g. kept in the runtime dir).
    pub fn set_token(&self, token: Option<String>) {
        *self
            .token
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = token;
    }
}

/// A reqwest client; `total`: the whole-request timeout, if any.
fn http_client(
    timeout: Duration,
    total: Option<Duration>,
    certs: &[reqwest::Certificate],
) -> Result<reqwest::Client, ClientError> {
    let mut builder = reqwest::Client::builder()
        .connect_timeout(timeout.min(Duration::from_secs(5)))
        .user_agent(concat!("kefu/", env!("CARGO_PKG_VERSION")));
    if let Some(t) = total {
        builder = builder.timeout(t);
    }
    for cert in certs {
        builder = builder.add_root_certificate(cert.clone());
    }
    builder
        .build()
        .map_err(|e| ClientError::Setup(format!("cannot build the HTTP client: {e}")))
}

/// Refuse `http://` to anything but the loopback unless explicitly allowed.
fn check_url(base: &str, allow_insecure_http: bool) -> Result<(), ClientError> {
    let url = reqwest::Url::parse(base)
        .map_err(|e| ClientError::Setup(format!("api.url `{base}` is not a URL: {e}")))?;
    match url.scheme() {
        "https" => Ok(()),
        "http" => {
            let loopback = match url.host() {
                Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
                Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
                Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
                None => false,
            };
            if loopback || allow_insecure_http {
                Ok(())
            } else {
                Err(ClientError::Setup(format!(
                    "api.url `{base}` uses plain http:// to a remote host; use https:// \
                     or set api.allow_insecure_http = true"
                )))
            }
        }
        other => Err(ClientError::Setup(format!(
            "api.url `{base}` has scheme `{other}`; use https:// (or http:// on the loopback)"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_only_on_loopback_unless_allowed() {
        assert!(check_url("http://127.0.0.1:8080", false).is_ok());
        assert!(check_url("http://localhost:8080", false).is_ok());
        assert!(check_url("http://[::1]:8080", false).is_ok());
        assert!(check_url("https://kefu.example.cn", false).is_ok());
        let e = check_url("http://kefu.example.cn", false);
        assert!(matches!(e, Err(ClientError::Setup(ref m)) if m.contains("allow_insecure_http")));
        assert!(check_url("http://kefu.example.cn", true).is_ok());
        assert!(check_url("ftp://x", true).is_err());
        assert!(check_url("not a url", true).is_err());
    }
}
