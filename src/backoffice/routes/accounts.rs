//! `/accounts`: exact lookups (masked), the account card, and audited actions.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{self, post};
use axum::Router;
use chrono::Utc;

use crate::api::{
    AccountDetail, AccountQuery, AccountSummary, ErrorBody, Page, ReasonRequest, RevealRequest,
    RevealResponse, Role,
};
use crate::backoffice::auth::{self, Bearer, Caller};
use crate::backoffice::error::ApiError;
use crate::backoffice::http::{Json, Path, Query, Reply};
use crate::backoffice::state::AppState;
use crate::backoffice::store::accounts::{self, LookupColumn};
use crate::backoffice::store::lookups;
use crate::backoffice::store::{OpResult, StoreError, Tx};
use crate::backoffice::write::Write;
use crate::domain::identity;
use crate::domain::phone;
use crate::domain::sla::china_date;
use crate::domain::throttle::retry_after_secs;

/// The `/accounts` routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/accounts", routing::get(find))
        .route("/accounts/{id}", routing::get(get))
        .route("/accounts/{id}/reveal", post(reveal))
        .route("/accounts/{id}/unlock", post(unlock))
        .route("/accounts/{id}/freeze", post(freeze))
        .route("/accounts/{id}/unfreeze", post(unfreeze))
        .route("/accounts/{id}/resend-activation", post(resend_activation))
}

fn version(a: &AccountDetail) -> Option<i64> {
    Some(a.summary.version)
}

/// Turn the one given query field into a normalised exact-match key.
fn lookup_key(q: &AccountQuery) -> Result<(LookupColumn, String), ApiError> {
    let given: Vec<(&str, &String)> = [
        ("phone", q.phone.as_ref()),
        ("id_number", q.id_number.as_ref()),
        ("login", q.login.as_ref()),
        ("email", q.email.as_ref()),
    ]
    .into_iter()
    .filter_map(|(n, v)| v.filter(|v| !v.trim().is_empty()).map(|v| (n, v)))
    .collect();
    let [(field, value)] = given.as_slice() else {
        return Err(ApiError::bad_request(
            "one_field_required",
            "give exactly one of phone, id_number, login, email",
        ));
    };
    Ok(match *field {
        "phone" => (
            LookupColumn::Phone,
            phone::normalize_mobile(value)
                .map_err(|e| ApiError::bad_request("bad_phone", e.to_string()))?,
        ),
        "id_number" => (
            LookupColumn::DocumentNumber,
            identity::lookup_form(value, china_date(Utc::now()))
                .map_err(|e| ApiError::bad_request("bad_id_number", e.to_string()))?,
        ),
        "email" => (LookupColumn::Email, value.trim().to_lowercase()),
        _ => (LookupColumn::Login, value.trim().to_string()),
    })
}

/// Find accounts by exact phone, identity number, login or e-mail (masked). Every
/// lookup is audited (`account.lookup`: the kind of query, the query masked as an answer
/// would mask it, the number of matches); lookups that find nothing are budgeted per
/// operator (429 `lookup_misses` once spent, with a `security.lookup_misses` audit row
/// and a live alert for supervisors).
#[utoipa::path(get, path = "/api/v1/accounts", tag = "accounts", params(AccountQuery),
    responses((status = 200, body = Page<AccountSummary>), (status = 400, body = ErrorBody),
        (status = 429, description = "rate_limited, or lookup_misses: too many lookups found nothing", body = ErrorBody)))]
pub async fn find(
    State(state): State<AppState>,
    bearer: Bearer,
    Query(q): Query<AccountQuery>,
) -> Result<axum::Json<Page<AccountSummary>>, ApiError> {
    let key = lookup_key(&q);
    let now = Utc::now();
    // The session and the accounts in one read: under load each read costs two thread
    // hand-offs and a pooled connection, more than the two index lookups themselves.
    let (h, wanted) = (bearer.token_hash.clone(), key.as_ref().ok().cloned());
    let (found, items) = state
        .store
        .read_point(move |tx| {
            let found = auth::session_in(tx, &h, now)?;
            let items = match (&found, wanted) {
                (Some(_), Some((col, key))) => accounts::find(tx, col, &key)?
                    .iter()
                    .map(|a| a.summary(now))
                    .collect::<Result<Vec<_>, StoreError>>()?,
                _ => Vec::new(),
            };
            Ok::<_, StoreError>((found, items))
        })
        .await?;
    // Refusals in the order the extractor gave them: 401, then 400, then 429. A query
    // refused as malformed (a wrong check digit) is no search and no miss.
    let caller = bearer.admit(&state, found, now).await?;
    let (col, value) = key?;
    state.limits.check_lookup(caller.id())?;
    let policy = state.limits.limits().lookup_misses;
    let operator = caller.id().to_string();
    let matches = items.len();
    let outcome = state
        .store
        .write(move |tx| lookups::record_lookup(tx, &operator, col, &value, matches, policy))
        .await?;
    if let Some(wait) = outcome {
        return Err(lookup_misses(wait));
    }
    let total = items.len() as u64;
    Ok(axum::Json(Page {
        items,
        next_cursor: None,
        total,
    }))
}

/// The 429 while an operator's lookups are stopped for finding nothing too often.
/// 429 `lookup_misses`: the operator spent the budget of lookups finding nothing.
pub(super) fn lookup_misses(wait: chrono::Duration) -> ApiError {
    let secs = retry_after_secs(wait);
    ApiError {
        code: "lookup_misses",
        ..ApiError::too_many(
            format!(
                "too many lookups found nothing; lookups are stopped for {} min and a supervisor was told",
                secs.div_ceil(60)
            ),
            secs,
        )
    }
}

/// The account card: profile, lock, verification, degrees, orders, tickets, reviews.
#[utoipa::path(get, path = "/api/v1/accounts/{id}", tag = "accounts", params(("id" = i64, Path)),
    responses((status = 200, body = AccountDetail, headers(("ETag" = String))), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Reply, ApiError> {
    let a = state
        .store
        .read(move |tx| accounts::detail(tx, id, Utc::now()))
        .await?;
    // Read after the card is found: a 404 is no read of personal data.
    let who = caller.id().to_string();
    state
        .store
        .write(move |tx| lookups::record_view(tx, &who, id))
        .await?;
    Reply::json(StatusCode::OK, &a, version(&a))
}

/// Show one field in full; a reason is required and audited.
#[utoipa::path(post, path = "/api/v1/accounts/{id}/reveal", tag = "accounts", params(("id" = i64, Path)), request_body = RevealRequest,
    responses((status = 200, body = RevealResponse), (status = 400, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn reveal(
    write: Write,
    Path(id): Path<i64>,
    Json(body): Json<RevealRequest>,
) -> Result<Reply, ApiError> {
    let reason = super::reason(&body.reason)?;
    write.state().limits.check_reveal(write.caller().id())?;
    let field = body.field;
    // The idempotency record keeps the field, never the value: a replay reads the value
    // again under the first request's audit row.
    write
        .run_unstored(
            StatusCode::OK,
            body,
            move |tx, cx, body| {
                let value = accounts::reveal(tx, &cx.operator, id, body.field, &reason)?;
                Ok(RevealResponse {
                    field: body.field,
                    value,
                })
            },
            |r: &RevealResponse| serde_json::json!({ "field": r.field }),
            Box::new(move |tx, _| {
                Ok(RevealResponse {
                    field,
                    value: accounts::field_value(tx, id, field)?,
                })
            }),
        )
        .await
}

/// A store operation that changes an account with a reason: (tx, operator, id, version, reason, now).
type ReasonedOp =
    fn(&mut dyn Tx, &str, i64, i64, &str, chrono::DateTime<Utc>) -> OpResult<accounts::AccountRow>;

/// Shared shape of unlock / freeze / unfreeze: a reason and `If-Match` required.
async fn reasoned(
    write: Write,
    id: i64,
    body: ReasonRequest,
    f: ReasonedOp,
) -> Result<Reply, ApiError> {
    let reason = super::reason(&body.reason)?;
    let expected = write.require_if_match()?;
    write
        .run(StatusCode::OK, body, version, move |tx, cx, _| {
            f(tx, &cx.operator, id, expected, &reason, cx.now)?;
            accounts::detail(tx, id, cx.now)
        })
        .await
}

/// Unlock a locked account early (If-Match and a reason required).
#[utoipa::path(post, path = "/api/v1/accounts/{id}/unlock", tag = "accounts", params(("id" = i64, Path), ("If-Match" = String, Header)),
    request_body = ReasonRequest,
    responses((status = 200, body = AccountDetail), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody), (status = 412, body = ErrorBody), (status = 428, body = ErrorBody)))]
pub async fn unlock(
    write: Write,
    Path(id): Path<i64>,
    Json(body): Json<ReasonRequest>,
) -> Result<Reply, ApiError> {
    write.caller().require(Role::Agent)?;
    reasoned(write, id, body, accounts::unlock).await
}

/// Freeze an account (supervisors; If-Match and a reason required).
#[utoipa::path(post, path = "/api/v1/accounts/{id}/freeze", tag = "accounts", params(("id" = i64, Path), ("If-Match" = String, Header)),
    request_body = ReasonRequest,
    responses((status = 200, body = AccountDetail), (status = 403, body = ErrorBody), (status = 412, body = ErrorBody), (status = 428, body = ErrorBody)))]
pub async fn freeze(
    write: Write,
    Path(id): Path<i64>,
    Json(body): Json<ReasonRequest>,
) -> Result<Reply, ApiError> {
    write.caller().require(Role::Supervisor)?;
    reasoned(write, id, body, accounts::freeze).await
}

/// Lift a freeze (supervisors; If-Match and a reason required).
#[utoipa::path(post, path = "/api/v1/accounts/{id}/unfreeze", tag = "accounts", params(("id" = i64, Path), ("If-Match" = String, Header)),
    request_body = ReasonRequest,
    responses((status = 200, body = AccountDetail), (status = 403, body = ErrorBody), (status = 412, body = ErrorBody), (status = 428, body = ErrorBody)))]
pub async fn unfreeze(
    write: Write,
    Path(id): Path<i64>,
    Json(body): Json<ReasonRequest>,
) -> Result<Reply, ApiError> {
    write.caller().require(Role::Supervisor)?;
    reasoned(write, id, body, accounts::unfreeze).await
}

/// Send the activation e-mail again.
#[utoipa::path(post, path = "/api/v1/accounts/{id}/resend-activation", tag = "accounts", params(("id" = i64, Path)),
    responses((status = 200, body = AccountDetail), (status = 409, body = ErrorBody)))]
pub async fn resend_activation(write: Write, Path(id): Path<i64>) -> Result<Reply, ApiError> {
    write
        .run(StatusCode::OK, (), version, move |tx, cx, ()| {
            accounts::resend_activation(tx, &cx.operator, id, cx.now)?;
            accounts::detail(tx, id, cx.now)
        })
        .await
}
