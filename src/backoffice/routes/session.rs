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
use crate::backoffice::store::{audit, operators, sessions, StoreError};

/// The `/session` and `/me` routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/session", post(sign_in).delete(sign_out))
        .route("/me", get(me))
}

/// Sign in.
#[utoipa::path(post, path = "/api/v1/session", tag = "session", request_body = SessionRequest,
    responses((status = 201, body = SessionResponse), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
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
    state.limits.check_signin(&id)?;
    let lookup = id.clone();
    let op = state
        .store
        .read(move |tx| operators::get(tx, &lookup))
        .await?;
    let password = req.password.clone();
    let hash = op.as_ref().map(|o| o.password_hash.clone());
    // argon2 is deliberately slow: keep it off the async workers.
    let ok =
        tokio::task::spawn_blocking(move || hash.is_some_and(|h| verify_password(&password, &h)))
            .await
            .map_err(ApiError::internal)?;
    let op = match op {
        Some(op) if ok && !op.disabled => op,
        _ => {
            state.limits.signin_failed(&id);
            return Err(ApiError::unauthorized("operator id or password is wrong"));
        }
    };
    state.limits.signin_ok(&id);
    let token = new_token()?;
    let th = token_hash(&token);
    let now = Utc::now();
    let who = op.info.id.clone();
    let expires_at = state
        .store
        .write(move |tx| {
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
