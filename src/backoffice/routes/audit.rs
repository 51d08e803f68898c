//! `/audit`: the audit trail, for supervisors.

use axum::extract::State;
use axum::routing::get;
use axum::Router;

use super::limit;
use crate::api::{AuditEntry, AuditQuery, ErrorBody, Page, Role};
use crate::backoffice::auth::Caller;
use crate::backoffice::error::ApiError;
use crate::backoffice::http::Query;
use crate::backoffice::state::AppState;
use crate::backoffice::store::audit;

/// The `/audit` route.
pub fn router() -> Router<AppState> {
    Router::new().route("/audit", get(list))
}

/// Audit rows, newest first, filtered by target and operator.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditQuery),
    responses((status = 200, body = Page<AuditEntry>), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<AuditQuery>,
) -> Result<axum::Json<Page<AuditEntry>>, ApiError> {
    caller.require(Role::Supervisor)?;
    let lim = limit(q.limit, 100, 500)?;
    let before = match q.cursor.as_deref().filter(|c| !c.is_empty()) {
        None | Some("") => None,
        Some(c) => Some(c.parse::<i64>().map_err(|_| {
            ApiError::bad_request(
                "bad_cursor",
                "cursor is not one this server gave out; start again without it",
            )
        })?),
    };
    let (target, operator) = (q.target.clone(), q.operator.clone());
    let (items, total) = state
        .store
        .read(move |tx| audit::list(tx, target.as_deref(), operator.as_deref(), before, lim))
        .await?;
    let next_cursor = if items.len() == lim as usize {
        items.last().map(|e| e.seq.to_string())
    } else {
        None
    };
    Ok(axum::Json(Page {
        items,
        next_cursor,
        total,
    }))
}
