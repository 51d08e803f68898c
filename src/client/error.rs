//! Errors of the API client, sorted by what the operator can do about them.

use thiserror::Error;

/// Why a call to the back office failed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ClientError {
    /// The back office answered with an error body.
    #[error("{message} (HTTP {status}, {code})")]
    Api {
        /// HTTP status.
        status: u16,
        /// Stable snake_case code from the error body.
        code: String,
        /// Human text from the server (English).
        message: String,
    },
    /// No connection could be made (DNS, refused, TLS, reset).
    #[error("the back office at {url} cannot be reached: {detail}")]
    Unreachable {
        /// Base URL tried.
        url: String,
        /// What the transport said.
        detail: String,
    },
    /// The back office did not answer in time.
    #[error("the back office did not answer within {secs} s")]
    Timeout {
        /// The configured timeout.
        secs: u64,
    },
    /// The answer was not what the contract says.
    #[error("the back office sent an answer this client does not understand: {0}")]
    Decode(String),
    /// The client cannot be built as configured (URL, plain HTTP, CA file).
    #[error("{0}")]
    Setup(String),
}

impl ClientError {
    /// HTTP status of an API error.
    pub fn status(&self) -> Option<u16> {
        match self {
            ClientError::Api { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The write was refused because the resource changed meanwhile (412).
    pub fn is_stale(&self) -> bool {
        self.status() == Some(412)
    }

    /// The session is missing or expired (401).
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(401)
    }

    /// The request may have reached the server or not; the caller keeps its idempotency key.
    pub fn is_indefinite(&self) -> bool {
        matches!(
            self,
            ClientError::Unreachable { .. } | ClientError::Timeout { .. }
        ) || matches!(self.status(), Some(429 | 502 | 503 | 504))
            || (self.status() == Some(409) && self.code() == Some("idempotency_in_flight"))
    }

    /// The machine code of an API error.
    pub fn code(&self) -> Option<&str> {
        match self {
            ClientError::Api { code, .. } => Some(code),
            _ => None,
        }
    }
}
