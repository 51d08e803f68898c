//! `/tickets`: the queue, one ticket, and changes to it.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{self, post};
use axum::Router;
use chrono::{DateTime, Utc};

use super::{limit, parse_list, DEFAULT_LIMIT, MAX_LIMIT};
use crate::api::{
    AssignRequest, CallRecord, CallRevealRequest, CallRevealResponse, Category, Channel,
    ClaimRequest, ErrorBody, EscalateRequest, NewTicket, NoteRequest, Page, Role, Status,
    TicketDetail, TicketPatch, TicketQuery, TicketSummary,
};
use crate::backoffice::auth::Caller;
use crate::backoffice::error::ApiError;
use crate::backoffice::http::{Json, Path, Query, Reply};
use crate::backoffice::state::AppState;
use crate::backoffice::store::tickets::{self, AssigneeFilter, Filter};
use crate::backoffice::store::{check_version, OpResult, Tx};
use crate::backoffice::write::Write;

/// Longest call that can be logged (a day); also stated in the OpenAPI document.
pub const MAX_CALL_SECS: u32 = 86_400;

/// The `/tickets` routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/tickets", routing::get(list).post(create))
        .route("/tickets/{id}", routing::get(get).patch(patch))
        .route("/tickets/{id}/claim", post(claim))
        .route("/tickets/{id}/release", post(release))
        .route("/tickets/{id}/notes", post(note))
        .route("/tickets/{id}/calls", post(call))
        .route("/tickets/{id}/calls/{call}/reveal", post(call_reveal))
        .route("/tickets/{id}/assign", post(assign))
        .route("/tickets/{id}/escalate", post(escalate))
}

fn version(t: &TicketDetail) -> Option<i64> {
    Some(t.summary.version)
}

fn filter(q: &TicketQuery, caller: &Caller) -> Result<Filter, ApiError> {
    let assignee = match q
        .assignee
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some("me") => Some(AssigneeFilter::Operator(caller.id().to_string())),
        Some("none") => Some(AssigneeFilter::Nobody),
        Some(op) => Some(AssigneeFilter::Operator(op.to_string())),
    };
    let sort = q
        .sort
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| match s.strip_prefix('-') {
            Some(name) => (name.to_string(), true),
            None => (s.to_string(), false),
        });
    if let Some((name, _)) = &sort {
        if !tickets::sort_names().contains(&name.as_str()) {
            return Err(ApiError::bad_request(
                "bad_sort",
                format!(
                    "cannot sort by {name:?}; use one of {} (prefix - for descending)",
                    tickets::sort_names().join(", ")
                ),
            ));
        }
    }
    Ok(Filter {
        statuses: parse_list("status", q.status.as_deref(), &Status::ALL)?,
        categories: parse_list("category", q.category.as_deref(), &Category::ALL)?,
        channels: parse_list("channel", q.channel.as_deref(), &Channel::ALL)?,
        assignee,
        text: q.q.clone(),
        id: q.id,
        overdue: q.overdue.unwrap_or(false),
        sort,
        limit: limit(q.limit, DEFAULT_LIMIT, MAX_LIMIT)?,
        cursor: q.cursor.clone().filter(|c| !c.is_empty()),
    })
}

/// List tickets, filtered and paged on the server.
#[utoipa::path(get, path = "/api/v1/tickets", tag = "tickets", params(TicketQuery),
    responses((status = 200, body = Page<TicketSummary>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<TicketQuery>,
) -> Result<axum::Json<Page<TicketSummary>>, ApiError> {
    let f = filter(&q, &caller)?;
    let totals = state.ticket_totals.clone();
    let (items, next_cursor, total) = state
        .store
        .read(move |tx| tickets::list(tx, &f, Utc::now(), &totals))
        .await?;
    Ok(axum::Json(Page {
        items,
        next_cursor,
        total,
    }))
}

/// Open a ticket.
#[utoipa::path(post, path = "/api/v1/tickets", tag = "tickets", request_body = NewTicket,
    params(("Idempotency-Key" = Option<String>, Header, description = "repeat-safe key")),
    responses((status = 201, body = TicketDetail), (status = 400, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(write: Write, Json(body): Json<NewTicket>) -> Result<Reply, ApiError> {
    if body.subject.chars().count() > 200 {
        return Err(ApiError::bad_request(
            "subject_too_long",
            "a subject holds at most 200 characters",
        ));
    }
    write
        .run(StatusCode::CREATED, body, version, |tx, cx, body| {
            tickets::create(tx, &cx.operator, &body, cx.now)
        })
        .await
}

/// One ticket with its timeline.
#[utoipa::path(get, path = "/api/v1/tickets/{id}", tag = "tickets", params(("id" = i64, Path)),
    responses((status = 200, body = TicketDetail, headers(("ETag" = String))), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<i64>,
) -> Result<Reply, ApiError> {
    let t = state
        .store
        .read(move |tx| tickets::detail(tx, id, Utc::now()))
        .await?;
    Reply::json(StatusCode::OK, &t, version(&t))
}

/// Change status, priority, category or the linked account (If-Match required).
#[utoipa::path(patch, path = "/api/v1/tickets/{id}", tag = "tickets", params(("id" = i64, Path), ("If-Match" = String, Header)),
    request_body = TicketPatch,
    responses((status = 200, body = TicketDetail), (status = 409, body = ErrorBody), (status = 412, body = ErrorBody), (status = 428, body = ErrorBody)))]
pub async fn patch(
    write: Write,
    Path(id): Path<i64>,
    Json(body): Json<TicketPatch>,
) -> Result<Reply, ApiError> {
    let expected = write.require_if_match()?;
    write
        .run(StatusCode::OK, body, version, move |tx, cx, body| {
            tickets::patch(tx, &cx.operator, cx.supervisor, id, expected, &body, cx.now)
        })
        .await
}

/// Checks an optional `If-Match` inside the transaction.
fn optional_version(
    tx: &mut dyn Tx,
    id: i64,
    expected: Option<i64>,
    now: DateTime<Utc>,
) -> OpResult<()> {
    if let Some(v) = expected {
        check_version(tickets::get(tx, id, now)?.version, v)?;
    }
    Ok(())
}

/// Claim a ticket (or renew the claim); `steal` is for supervisors.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/claim", tag = "tickets", params(("id" = i64, Path)),
    request_body(content = Option<ClaimRequest>, description = "optional; empty claims or renews"),
    responses((status = 200, body = TicketDetail), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn claim(
    write: Write,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<Reply, ApiError> {
    // The body is optional: an empty one means a plain claim.
    let body: ClaimRequest = if body.iter().all(u8::is_ascii_whitespace) {
        ClaimRequest::default()
    } else {
        serde_json::from_slice(&body)
            .map_err(|e| ApiError::bad_request("bad_json", format!("claim body: {e}")))?
    };
    write
        .run(StatusCode::OK, body, version, move |tx, cx, body| {
            optional_version(tx, id, cx.expected, cx.now)?;
            tickets::claim(tx, &cx.operator, cx.supervisor, id, body.steal, cx.now)
        })
        .await
}

/// Give a claim back.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/release", tag = "tickets", params(("id" = i64, Path)),
    responses((status = 200, body = TicketDetail), (status = 409, body = ErrorBody)))]
pub async fn release(write: Write, Path(id): Path<i64>) -> Result<Reply, ApiError> {
    write
        .run(StatusCode::OK, (), version, move |tx, cx, ()| {
            optional_version(tx, id, cx.expected, cx.now)?;
            tickets::release(tx, &cx.operator, id, cx.now)
        })
        .await
}

/// Add an internal note or a public reply.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/notes", tag = "tickets", params(("id" = i64, Path)), request_body = NoteRequest,
    responses((status = 201, body = TicketDetail), (status = 400, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn note(
    write: Write,
    Path(id): Path<i64>,
    Json(body): Json<NoteRequest>,
) -> Result<Reply, ApiError> {
    write
        .run(StatusCode::CREATED, body, version, move |tx, cx, body| {
            optional_version(tx, id, cx.expected, cx.now)?;
            tickets::note(tx, &cx.operator, id, &body.body, body.visibility, cx.now)
        })
        .await
}

/// Log a phone call on a ticket.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/calls", tag = "tickets", params(("id" = i64, Path)), request_body = CallRecord,
    responses((status = 201, body = TicketDetail), (status = 400, body = ErrorBody)))]
pub async fn call(
    write: Write,
    Path(id): Path<i64>,
    Json(body): Json<CallRecord>,
) -> Result<Reply, ApiError> {
    if body.duration_secs > MAX_CALL_SECS {
        return Err(ApiError::bad_request(
            "duration_too_long",
            "a call lasts at most 24 hours (86400 s)",
        ));
    }
    write
        .run(StatusCode::CREATED, body, version, move |tx, cx, body| {
            tickets::call(tx, &cx.operator, id, &body, cx.now)
        })
        .await
}

/// The caller's number of a logged call in full, to call back: a reason is required and
/// audited, the answer is never stored, and it is rate-limited like account reveals.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/calls/{call}/reveal", tag = "tickets",
    params(("id" = i64, Path), ("call" = i64, Path)), request_body = CallRevealRequest,
    responses((status = 200, body = CallRevealResponse), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn call_reveal(
    write: Write,
    Path((id, call)): Path<(i64, i64)>,
    Json(body): Json<CallRevealRequest>,
) -> Result<Reply, ApiError> {
    let reason = super::reason(&body.reason)?;
    write.state().limits.check_reveal(write.caller().id())?;
    write
        .run_unstored(
            StatusCode::OK,
            body,
            move |tx, cx, _| {
                let caller_phone = tickets::reveal_call_phone(tx, &cx.operator, id, call, &reason)?;
                Ok(CallRevealResponse { caller_phone })
            },
            |_: &CallRevealResponse| serde_json::json!({ "field": "caller_phone" }),
            Box::new(move |tx, _| {
                Ok(CallRevealResponse {
                    caller_phone: tickets::call_phone(tx, id, call)?,
                })
            }),
        )
        .await
}

/// Assign a ticket to an agent until it is resolved or reassigned (supervisors only; a
/// reason is required and audited as `ticket.assign`; `If-Match` optional). Ends an
/// escalation. 422 `unknown_operator` for an unknown or disabled operator, 409
/// `role_required` for one who does not work tickets, 409 `ticket_closed` when done.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/assign", tag = "team", params(("id" = i64, Path)), request_body = AssignRequest,
    responses((status = 200, body = TicketDetail), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 412, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn assign(
    write: Write,
    Path(id): Path<i64>,
    Json(body): Json<AssignRequest>,
) -> Result<Reply, ApiError> {
    write.caller().require(Role::Supervisor)?;
    let reason = super::reason(&body.reason)?;
    let to = body.operator.trim().to_string();
    write
        .run(StatusCode::OK, body, version, move |tx, cx, _| {
            optional_version(tx, id, cx.expected, cx.now)?;
            tickets::assign(tx, &cx.operator, id, &to, &reason, cx.now)
        })
        .await
}

/// Hand a ticket to the supervisors with a note (agents; audited as `ticket.escalate`;
/// `If-Match` optional): it shows `escalated` and is listed on `GET /escalations` until a
/// supervisor assigns it or it is resolved or closed.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/escalate", tag = "team", params(("id" = i64, Path)), request_body = EscalateRequest,
    responses((status = 200, body = TicketDetail), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 412, body = ErrorBody)))]
pub async fn escalate(
    write: Write,
    Path(id): Path<i64>,
    Json(body): Json<EscalateRequest>,
) -> Result<Reply, ApiError> {
    write.caller().require(Role::Agent)?;
    write
        .run(StatusCode::OK, body, version, move |tx, cx, body| {
            optional_version(tx, id, cx.expected, cx.now)?;
            tickets::escalate(tx, &cx.operator, id, &body.note, cx.now)
        })
        .await
}
