//! `/audit`: the audit trail, for supervisors.

use axum::extract::State;
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Utc};

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

/// Audit rows, newest first, filtered by target, operator, action (exact, or a prefix
/// ending in `.` or `*`) and time (`since` inclusive, `until` exclusive, RFC 3339).
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditQuery),
    responses((status = 200, body = Page<AuditEntry>), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<AuditQuery>,
) -> Result<axum::Json<Page<AuditEntry>>, ApiError> {
    caller.require(Role::Supervisor)?;
    let lim = limit(q.limit, 100, 500)?;
    let before = seq_cursor(q.cursor.as_deref())?;
    let f = audit::Filter {
        target: q.target.clone().filter(|s| !s.is_empty()),
        operator: q.operator.clone().filter(|s| !s.is_empty()),
        action: q
            .action
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(action_filter),
        since: time("since", q.since.as_deref())?,
        until: time("until", q.until.as_deref())?,
    };
    let (items, total) = state
        .store
        .read(move |tx| audit::list(tx, &f, before, lim))
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

/// An action filter: a prefix when it ends with `.` (kept) or `*` (dropped), else exact.
fn action_filter(a: &str) -> audit::ActionFilter {
    if let Some(p) = a.strip_suffix('*') {
        audit::ActionFilter::Prefix(p.to_string())
    } else if a.ends_with('.') {
        audit::ActionFilter::Prefix(a.to_string())
    } else {
        audit::ActionFilter::Exact(a.to_string())
    }
}

/// An RFC 3339 time of a query, or a 400 `bad_time` naming the parameter.
fn time(name: &str, raw: Option<&str>) -> Result<Option<DateTime<Utc>>, ApiError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => DateTime::parse_from_rfc3339(s)
            .map(|t| Some(t.with_timezone(&Utc)))
            .map_err(|_| {
                ApiError::bad_request(
                    "bad_time",
                    format!(
                        "{name} {s:?} is not an RFC 3339 time such as 2026-03-10T09:00:00+08:00"
                    ),
                )
            }),
    }
}

/// A cursor of a list paged by audit sequence (the last seq of the previous page).
pub fn seq_cursor(raw: Option<&str>) -> Result<Option<i64>, ApiError> {
    match raw.filter(|c| !c.is_empty()) {
        None => Ok(None),
        Some(c) => c.parse::<i64>().map(Some).map_err(|_| {
            ApiError::bad_request(
                "bad_cursor",
                "cursor is not one this server gave out; start again without it",
            )
        }),
    }
}
