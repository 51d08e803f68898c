//! The supervisor's pane: `/team`, `/escalations`, `/sla`, `/alerts` (supervisors only).
//! Assignment and escalation are on the ticket and review routes.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use chrono::Utc;
use serde::Deserialize;
use utoipa::IntoParams;

use super::limit;
use crate::api::{
    Alert, AlertQuery, ErrorBody, Escalations, Page, Role, SlaWatch, TeamMember, TeamMemberDetail,
    TeamPageQuery,
};
use crate::backoffice::auth::Caller;
use crate::backoffice::error::ApiError;
use crate::backoffice::http::{Path, Query, Reply};
use crate::backoffice::state::AppState;
use crate::backoffice::store::team;
use crate::backoffice::write::Write;

/// The routes of the supervisor's pane.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/team", get(list))
        .route("/team/{operator}", get(member))
        .route("/escalations", get(escalations))
        .route("/sla", get(sla))
        .route("/alerts", get(alerts))
        .route("/alerts/{seq}/ack", post(ack))
}

/// Query of `GET /team`: the board is one page (a team is tens of operators); `limit`
/// and `cursor` are accepted so a client may page like everywhere else.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TeamQuery {
    /// Page size (1–500, default 500).
    pub limit: Option<u32>,
    /// Opaque cursor from the previous page (the last operator id).
    pub cursor: Option<String>,
}

/// Largest page of `GET /team` (and its default).
const TEAM_PAGE: u32 = 500;

/// The team board: every enabled operator with roles, online state, what they hold and
/// today's calls (supervisors only).
#[utoipa::path(get, path = "/api/v1/team", tag = "team", params(TeamQuery),
    responses((status = 200, body = Page<TeamMember>), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<TeamQuery>,
) -> Result<axum::Json<Page<TeamMember>>, ApiError> {
    caller.require(Role::Supervisor)?;
    let lim = limit(q.limit, TEAM_PAGE, TEAM_PAGE)? as usize;
    let all = state
        .store
        .read(move |tx| team::team(tx, Utc::now()))
        .await?;
    let total = all.len() as u64;
    let after = q.cursor.filter(|c| !c.is_empty());
    let rest: Vec<TeamMember> = all
        .into_iter()
        .filter(|m| after.as_deref().is_none_or(|a| m.operator.as_str() > a))
        .collect();
    let next_cursor = (rest.len() > lim)
        .then(|| rest.get(lim - 1).map(|m| m.operator.clone()))
        .flatten();
    let items = rest.into_iter().take(lim).collect();
    Ok(axum::Json(Page {
        items,
        next_cursor,
        total,
    }))
}

/// Default page of the supervisor's paged reads (each list of a page), and the largest.
const LIST_PAGE: (u32, u32) = (200, 500);

/// One operator's board row and the items they hold, oldest first, a page at a time
/// (supervisors only); the row's counts and `total` cover every item.
#[utoipa::path(get, path = "/api/v1/team/{operator}", tag = "team",
    params(("operator" = String, Path), TeamPageQuery),
    responses((status = 200, body = TeamMemberDetail), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn member(
    State(state): State<AppState>,
    caller: Caller,
    Path(operator): Path<String>,
    Query(q): Query<TeamPageQuery>,
) -> Result<axum::Json<TeamMemberDetail>, ApiError> {
    caller.require(Role::Supervisor)?;
    let lim = limit(q.limit, LIST_PAGE.0, LIST_PAGE.1)?;
    let detail = state
        .store
        .read(move |tx| team::member(tx, &operator, Utc::now(), lim, q.cursor.as_deref()))
        .await?;
    Ok(axum::Json(detail))
}

/// Escalated tickets (with the agent's note) and escalated reviews (with the reviewer's
/// internal note), oldest first: `limit` of each list per page, `next_cursor` going on
/// with both; the totals count every item (supervisors only).
#[utoipa::path(get, path = "/api/v1/escalations", tag = "team", params(TeamPageQuery),
    responses((status = 200, body = Escalations), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn escalations(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<TeamPageQuery>,
) -> Result<axum::Json<Escalations>, ApiError> {
    caller.require(Role::Supervisor)?;
    let lim = limit(q.limit, LIST_PAGE.0, LIST_PAGE.1)?;
    let e = state
        .store
        .read(move |tx| team::escalations(tx, Utc::now(), lim, q.cursor.as_deref()))
        .await?;
    Ok(axum::Json(e))
}

/// The SLA watch: open tickets breached and due today by category and status, today's
/// deadlines per hour, and reviews past their 3-working-day SLA; the three lists `limit`
/// rows each per page, `next_cursor` going on with all three; the counts cover everything
/// on every page (supervisors only).
#[utoipa::path(get, path = "/api/v1/sla", tag = "team", params(TeamPageQuery),
    responses((status = 200, body = SlaWatch), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn sla(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<TeamPageQuery>,
) -> Result<axum::Json<SlaWatch>, ApiError> {
    caller.require(Role::Supervisor)?;
    let lim = limit(q.limit, LIST_PAGE.0, LIST_PAGE.1)?;
    let w = state
        .store
        .read(move |tx| team::watch(tx, Utc::now(), lim, q.cursor.as_deref()))
        .await?;
    Ok(axum::Json(w))
}

/// Security alerts (`security.*` audit rows and failed sign-ins), newest first; by
/// default only those not yet acknowledged (supervisors only).
#[utoipa::path(get, path = "/api/v1/alerts", tag = "team", params(AlertQuery),
    responses((status = 200, body = Page<Alert>), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn alerts(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<AlertQuery>,
) -> Result<axum::Json<Page<Alert>>, ApiError> {
    caller.require(Role::Supervisor)?;
    let lim = limit(q.limit, 100, 500)?;
    let before = super::audit::seq_cursor(q.cursor.as_deref())?;
    let open = q.open.unwrap_or(true);
    let (items, total) = state
        .store
        .read(move |tx| team::alerts(tx, open, before, lim))
        .await?;
    let next_cursor = if items.len() == lim as usize {
        items.last().map(|a| a.seq.to_string())
    } else {
        None
    };
    Ok(axum::Json(Page {
        items,
        next_cursor,
        total,
    }))
}

fn no_version(_: &Alert) -> Option<i64> {
    None
}

/// Acknowledge an alert (supervisors only; audited as `alert.ack`; a repeat answers the
/// first acknowledgement). 404 when `seq` is not an alert.
#[utoipa::path(post, path = "/api/v1/alerts/{seq}/ack", tag = "team", params(("seq" = i64, Path)),
    responses((status = 200, body = Alert), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn ack(write: Write, Path(seq): Path<i64>) -> Result<Reply, ApiError> {
    write.caller().require(Role::Supervisor)?;
    write
        .run(StatusCode::OK, (), no_version, move |tx, cx, ()| {
            team::ack(tx, &cx.operator, seq, cx.now)
        })
        .await
}
