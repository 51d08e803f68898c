//! Operator authentication: argon2 password hashes, random bearer tokens stored as
//! SHA-256, and the `Caller` extractor with role checks.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use base64::Engine as _;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::access_log::OperatorSlot;
use super::error::ApiError;
use super::state::AppState;
use super::store::{operators, sessions, Store, StoreError, Tx};
use crate::api::{OperatorInfo, Role};

/// Hash a password with argon2id and a random salt.
pub fn hash_password(password: &str) -> Result<String, StoreError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| StoreError::Db(format!("no randomness: {e}")))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| StoreError::Db(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Db(format!("cannot hash password: {e}")))
}

/// Check a password against a stored hash.
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A new bearer token: 256 random bits, URL-safe base64.
pub fn new_token() -> Result<String, ApiError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(ApiError::internal)?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// What the store keeps of a token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The signed-in operator making a request.
#[derive(Debug, Clone)]
pub struct Caller {
    /// Who.
    pub op: OperatorInfo,
    /// Hash of the bearer token (to end the session).
    pub token_hash: String,
}

/// The operator whose live session has this token hash, and whether the session is due
/// for a touch; none when it ended, expired, or its operator is gone.
pub async fn session_operator(
    store: &Store,
    hash: &str,
    now: chrono::DateTime<Utc>,
) -> Result<Option<(OperatorInfo, bool)>, StoreError> {
    let h = hash.to_string();
    store.read_point(move |tx| session_in(tx, &h, now)).await
}

impl Caller {
    /// Fail with 403 unless the caller holds `role` (supervisors may do what others do);
    /// the code is `supervisor_only` for the supervisor role, `role_required` otherwise.
    /// Every role check in the routes goes through here.
    pub fn require(&self, role: Role) -> Result<(), ApiError> {
        if self.op.has(role) || self.op.has(Role::Supervisor) {
            return Ok(());
        }
        Err(match role {
            Role::Supervisor => ApiError::forbidden(
                "supervisor_only",
                "only a supervisor can do this; ask your team lead",
            ),
            _ => ApiError::forbidden(
                "role_required",
                format!("this needs the {} role", super::store::enum_str(&role)),
            ),
        })
    }

    /// Whether the caller is a supervisor.
    pub fn is_supervisor(&self) -> bool {
        self.op.has(Role::Supervisor)
    }

    /// The operator id.
    pub fn id(&self) -> &str {
        &self.op.id
    }
}

/// The signed-in operator behind a token hash, read inside a snapshot (so a route can
/// check the session in the same read as its own queries), and whether the session's
/// `last_seen_at` is due a refresh.
pub fn session_in(
    tx: &mut dyn Tx,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<(OperatorInfo, bool)>, StoreError> {
    let Some((id, stale)) = sessions::find(tx, token_hash, now)? else {
        return Ok(None);
    };
    Ok(operators::get(tx, &id)?.map(|op| (op.info, stale)))
}

/// The hash of the request's bearer token, before any session is looked up; a route
/// taking it reads the session itself with [`session_in`] and then calls [`Bearer::admit`].
#[derive(Debug, Clone)]
pub struct Bearer {
    /// SHA-256 of the token, as the store keeps it.
    pub token_hash: String,
    /// Where the access log learns who is asking.
    slot: Option<OperatorSlot>,
}

impl Bearer {
    /// The caller behind a session read by [`session_in`]: 401 when there is none; the
    /// session's last use recorded when due; the general rate limit taken.
    pub async fn admit(
        self,
        state: &AppState,
        found: Option<(OperatorInfo, bool)>,
        now: DateTime<Utc>,
    ) -> Result<Caller, ApiError> {
        let Some((op, stale)) = found else {
            return Err(ApiError::unauthorized(
                "your session has ended; sign in again",
            ));
        };
        // One write for both: the session's last use (every minute) and the operator's
        // presence on the team board (every 30 s per server).
        let seen = state.presence.due(&op.id);
        if stale || seen {
            let (h, id) = (self.token_hash.clone(), op.id.clone());
            state
                .store
                .write(move |tx| {
                    if stale {
                        sessions::touch(tx, &h, now)?;
                    }
                    if seen {
                        super::presence::touch(tx, &id, now)?;
                    }
                    Ok::<_, StoreError>(())
                })
                .await?;
        }
        if let Some(slot) = &self.slot {
            slot.set(&op.id);
        }
        state.limits.check_general(&op.id)?;
        Ok(Caller {
            op,
            token_hash: self.token_hash,
        })
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Bearer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                ApiError::unauthorized("sign in first: send Authorization: Bearer <token>")
            })?;
        Ok(Bearer {
            token_hash: token_hash(token),
            slot: parts.extensions.get::<OperatorSlot>().cloned(),
        })
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let bearer = Bearer::from_request_parts(parts, state).await?;
        let now = Utc::now();
        let h = bearer.token_hash.clone();
        let found = state
            .store
            .read_point(move |tx| session_in(tx, &h, now))
            .await?;
        bearer.admit(state, found, now).await
    }
}
