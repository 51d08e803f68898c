//! `/tickets`: the queue, one ticket, and changes to it.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use chrono::Utc;

use super::{limit, parse_list, DEFAULT_LIMIT, MAX_LIMIT};
use crate::api::{
    CallRecord, Category, Channel, ClaimRequest, ErrorBody, NewTicket, NoteRequest, Page, Status,
    TicketDetail, TicketPatch, TicketQuery, TicketSummary,
};
use crate::backoffice::action;
use crate::backoffice::auth::Caller;
use crate::backoffice::error::ApiError;
use crate::backoffice::http::{
    fingerprint, if_match, require_if_match, IdemKey, Json, Path, Query, Reply,
};
use crate::backoffice::state::AppState;
use crate::backoffice::store::check_version;
use crate::backoffice::store::tickets::{self, AssigneeFilter, Filter};

/// Longest call that can be logged (a day); also stated in the OpenAPI document.
pub const MAX_CALL_SECS: u32 = 86_400;

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
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    key: IdemKey,
    Json(body): Json<NewTicket>,
) -> Result<Reply, ApiError> {
    if body.subject.chars().count() > 200 {
        return Err(ApiError::bad_request(
            "subject_too_long",
            "a subject holds at most 200 characters",
        ));
    }
    let fp = fingerprint("POST", "/tickets", &body);
    let op = caller.id().to_string();
    action::run(
        &state,
        &caller,
        key,
        fp,
        StatusCode::CREATED,
        version,
        move |tx| tickets::create(tx, &op, &body, Utc::now()),
    )
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
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Json(body): Json<TicketPatch>,
) -> Result<Reply, ApiError> {
    let expected = require_if_match(&headers)?;
    let op = caller.id().to_string();
    let t = state
        .store
        .write(move |tx| tickets::patch(tx, &op, id, expected, &body, Utc::now()))
        .await?;
    Reply::json(StatusCode::OK, &t, version(&t))
}

/// Checks an optional `If-Match` inside the transaction.
fn optional_version(
    tx: &mut dyn crate::backoffice::store::Tx,
    id: i64,
    expected: Option<i64>,
) -> crate::backoffice::store::OpResult<()> {
    if let Some(v) = expected {
        check_version(tickets::get(tx, id, Utc::now())?.version, v)?;
    }
    Ok(())
}

/// Claim a ticket (or renew the claim); `steal` is for supervisors.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/claim", tag = "tickets", params(("id" = i64, Path)), request_body = ClaimRequest,
    responses((status = 200, body = TicketDetail), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn claim(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    headers: HeaderMap,
    key: IdemKey,
    body: axum::body::Bytes,
) -> Result<Reply, ApiError> {
    // The body is optional: an empty one means a plain claim.
    let body: ClaimRequest = if body.iter().all(u8::is_ascii_whitespace) {
        ClaimRequest::default()
    } else {
        serde_json::from_slice(&body)
            .map_err(|e| ApiError::bad_request("bad_json", format!("claim body: {e}")))?
    };
    let expected = if_match(&headers)?;
    let fp = fingerprint("POST", &format!("/tickets/{id}/claim"), &body);
    let (op, sup) = (caller.id().to_string(), caller.is_supervisor());
    action::run(
        &state,
        &caller,
        key,
        fp,
        StatusCode::OK,
        version,
        move |tx| {
            optional_version(tx, id, expected)?;
            tickets::claim(tx, &op, sup, id, body.steal, Utc::now())
        },
    )
    .await
}

/// Give a claim back.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/release", tag = "tickets", params(("id" = i64, Path)),
    responses((status = 200, body = TicketDetail), (status = 409, body = ErrorBody)))]
pub async fn release(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    headers: HeaderMap,
    key: IdemKey,
) -> Result<Reply, ApiError> {
    let expected = if_match(&headers)?;
    let fp = fingerprint("POST", &format!("/tickets/{id}/release"), &());
    let op = caller.id().to_string();
    action::run(
        &state,
        &caller,
        key,
        fp,
        StatusCode::OK,
        version,
        move |tx| {
            optional_version(tx, id, expected)?;
            tickets::release(tx, &op, id, Utc::now())
        },
    )
    .await
}

/// Add an internal note or a public reply.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/notes", tag = "tickets", params(("id" = i64, Path)), request_body = NoteRequest,
    responses((status = 201, body = TicketDetail), (status = 400, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn note(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    headers: HeaderMap,
    key: IdemKey,
    Json(body): Json<NoteRequest>,
) -> Result<Reply, ApiError> {
    let expected = if_match(&headers)?;
    let fp = fingerprint("POST", &format!("/tickets/{id}/notes"), &body);
    let op = caller.id().to_string();
    action::run(
        &state,
        &caller,
        key,
        fp,
        StatusCode::CREATED,
        version,
        move |tx| {
            optional_version(tx, id, expected)?;
            tickets::note(tx, &op, id, &body.body, body.visibility, Utc::now())
        },
    )
    .await
}

/// Log a phone call on a ticket.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/calls", tag = "tickets", params(("id" = i64, Path)), request_body = CallRecord,
    responses((status = 201, body = TicketDetail), (status = 400, body = ErrorBody)))]
pub async fn call(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    key: IdemKey,
    Json(body): Json<CallRecord>,
) -> Result<Reply, ApiError> {
    if body.duration_secs > MAX_CALL_SECS {
        return Err(ApiError::bad_request(
            "duration_too_long",
            "a call lasts at most 24 hours (86400 s)",
        ));
    }
    let fp = fingerprint("POST", &format!("/tickets/{id}/calls"), &body);
    let op = caller.id().to_string();
    action::run(
        &state,
        &caller,
        key,
        fp,
        StatusCode::CREATED,
        version,
        move |tx| tickets::call(tx, &op, id, &body, Utc::now()),
    )
    .await
}
