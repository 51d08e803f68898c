//! Sign-in, who am I, sign-out.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use chrono::Utc;

use crate::api::{ErrorBody, OperatorInfo, SessionRequest, SessionResponse};
use crate::backoffice::auth::{new_token, token_hash, verify_password, Caller};
use crate::backoffice::error::ApiError;
use crate::backoffice::http::Json;
use crate::backoffice::state::AppState;
use crate::backoffice::store::{audit, operators, sessions, throttles, StoreError};
use crate::domain::throttle::retry_after_secs;

/// The `/session` and `/me` routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/session", post(sign_in).delete(sign_out))
        .route("/me", get(me))
}

/// Longest operator id kept as a throttle key or in the audit trail (longer ones are
/// cut: no operator has one).
const ID_KEPT: usize = 64;

/// Sign in. Failures are counted per operator id in the database: after the n-th in a
/// row the id is refused (429 `sign_in_delay`) for 1, 2, 4 … at most 60 s (configurable),
/// and every failure is audited. Unknown ids get the same answer in the same time.
#[utoipa::path(post, path = "/api/v1/session", tag = "session", request_body = SessionRequest,
    responses((status = 201, body = SessionResponse), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 429, description = "sign_in_delay: wait Retry-After seconds", body = ErrorBody)))]
pub async fn sign_in(
    State(state): State<AppState>,
    Json(req): Json<SessionRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let id = req.operator.trim().to_string();
    if id.is_empty() || req.password.is_empty() {
        return Err(ApiError::bad_request(
            "credentials_required",
            "give an operator id and a password",
        ));
    }
    let key: String = id.chars().take(ID_KEPT).collect();
    let policy = state.limits.limits().sign_in;
    let now = Utc::now();
    let k = key.clone();
    // Reserved before the password is checked, so attempts sent in parallel wait too.
    let (reserved, op) = state
        .store
        .write(move |tx| {
            let c = throttles::get(tx, &k, throttles::SIGN_IN)?;
            let r = policy.reserve(c, now);
            if let Ok(c) = &r {
                throttles::put(tx, &k, throttles::SIGN_IN, c)?;
            }
            Ok::<_, StoreError>((r, operators::get(tx, &k)?))
        })
        .await?;
    if let Err(wait) = reserved {
        return Err(sign_in_delay(wait));
    }
    let password = req.password.clone();
    // An unknown id is checked against a dummy hash: same work, same time.
    let hash = op
        .as_ref()
        .filter(|_| id.chars().count() <= ID_KEPT)
        .map_or_else(|| state.dummy_hash.to_string(), |o| o.password_hash.clone());
    // argon2 is deliberately slow: keep it off the async workers.
    let ok = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .map_err(ApiError::internal)?;
    let op = match op {
        Some(op) if ok && !op.disabled && id.chars().count() <= ID_KEPT => op,
        _ => {
            let now = Utc::now();
            state
                .store
                .write(move |tx| {
                    let c = policy.failed(throttles::get(tx, &key, throttles::SIGN_IN)?, now);
                    throttles::put(tx, &key, throttles::SIGN_IN, &c)?;
                    audit::append(
                        tx,
                        &audit::Record {
                            operator: ANONYMOUS,
                            action: "operator.sign_in_failed",
                            target: format!("operator:{key}"),
                            reason: None,
                            before: None,
                            after: Some(serde_json::json!({
                                "failures": c.count,
                                "delay_ms": policy.delay(c.count).num_milliseconds(),
                            })),
                        },
                    )?;
                    Ok::<_, StoreError>(())
                })
                .await?;
            return Err(ApiError::unauthorized("operator id or password is wrong"));
        }
    };
    let token = new_token()?;
    let th = token_hash(&token);
    let now = Utc::now();
    let who = op.info.id.clone();
    let expires_at = state
        .store
        .write(move |tx| {
            throttles::clear(tx, &who, throttles::SIGN_IN)?;
            let exp = sessions::insert(tx, &th, &who, now)?;
            audit::append(
                tx,
                &audit::Record {
                    operator: &who,
                    action: "operator.sign_in",
                    target: format!("operator:{who}"),
                    reason: None,
                    before: None,
                    after: None,
                },
            )?;
            Ok::<_, StoreError>(exp)
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(SessionResponse {
            token,
            expires_at,
            operator: op.info,
        }),
    ))
}

/// The actor of audit rows about attempts nobody is signed in for.
pub const ANONYMOUS: &str = "anonymous";

/// The 429 while an operator id's sign-in delay runs.
fn sign_in_delay(wait: chrono::Duration) -> ApiError {
    let secs = retry_after_secs(wait);
    ApiError {
        code: "sign_in_delay",
        ..ApiError::too_many(
            format!("too many failed sign-ins for this operator id; wait {secs} s and try again"),
            secs,
        )
    }
}

/// The signed-in operator.
#[utoipa::path(get, path = "/api/v1/me", tag = "session",
    responses((status = 200, body = OperatorInfo), (status = 401, body = ErrorBody)))]
pub async fn me(caller: Caller) -> axum::Json<OperatorInfo> {
    axum::Json(caller.op)
}

/// Sign out.
#[utoipa::path(delete, path = "/api/v1/session", tag = "session",
    responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn sign_out(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<StatusCode, ApiError> {
    let th = caller.token_hash.clone();
    state
        .store
        .write(move |tx| sessions::delete(tx, &th))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
