//! Running a state-changing request: one transaction holds the change, its audit rows
//! and its idempotency record, so a repeated key replays instead of acting twice.

use axum::http::StatusCode;
use serde::Serialize;

use super::auth::Caller;
use super::error::ApiError;
use super::http::{IdemKey, Reply};
use super::state::AppState;
use super::store::idempotency::{self, Seen};
use super::store::{OpResult, Tx};

/// Run `op` in a write transaction, honouring the caller's `Idempotency-Key`.
pub async fn run<T, F>(
    state: &AppState,
    caller: &Caller,
    key: IdemKey,
    fingerprint: String,
    status: StatusCode,
    version_of: fn(&T) -> Option<i64>,
    op: F,
) -> Result<Reply, ApiError>
where
    T: Serialize + 'static,
    F: FnOnce(&mut dyn Tx) -> OpResult<T> + Send + 'static,
{
    let operator = caller.id().to_string();
    state
        .store
        .write(move |tx| {
            if let Some(k) = &key.0 {
                match idempotency::check(tx, &operator, k, &fingerprint)? {
                    Seen::Replay { status, etag, body } => {
                        return Ok(Reply {
                            status: StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
                            body,
                            etag,
                            replayed: true,
                        })
                    }
                    Seen::Mismatch => {
                        return Err(ApiError::new(
                            StatusCode::UNPROCESSABLE_ENTITY,
                            "idempotency_key_reused",
                            "this Idempotency-Key was used for a different request; use a new key for a new action",
                        ))
                    }
                    Seen::New => {}
                }
            }
            let value = op(tx)?;
            let reply = Reply::json(status, &value, version_of(&value))?;
            if let Some(k) = &key.0 {
                idempotency::record(tx, &operator, k, &fingerprint, status.as_u16(), reply.etag.as_deref(), &reply.body)?;
            }
            Ok(reply)
        })
        .await
}
