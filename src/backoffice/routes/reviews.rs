//! `/reviews`: the review queue, claims and four-eyes decisions (images: `images.rs`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{self, post};
use axum::Router;
use chrono::{DateTime, Utc};

use super::{limit, parse_list, DEFAULT_LIMIT, MAX_LIMIT};
use crate::api::{
    AssignRequest, DecisionRequest, DocumentKind, ErrorBody, NewReview, Page, ReviewClaimRequest,
    ReviewCountQuery, ReviewCounts, ReviewDetail, ReviewKind, ReviewQuery, ReviewRevealRequest,
    ReviewRevealResponse, ReviewState, ReviewSummary, Role,
};
use crate::backoffice::auth::Caller;
use crate::backoffice::error::ApiError;
use crate::backoffice::http::{Json, Path, Query, Reply};
use crate::backoffice::state::AppState;
use crate::backoffice::store::accounts::LookupColumn;
use crate::backoffice::store::lookups;
use crate::backoffice::store::reviews::{self, reveal, Filter};
use crate::backoffice::store::{OpResult, Tx};
use crate::backoffice::write::Write;
use crate::domain::identity;
use crate::domain::sla::china_date;

/// The `/reviews` routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/reviews", routing::get(list).post(create))
        .route("/reviews/counts", routing::get(counts))
        .route("/reviews/{id}", routing::get(get))
        .route("/reviews/{id}/claim", post(claim))
        .route("/reviews/{id}/release", post(release))
        .route("/reviews/{id}/decision", post(decide))
        .route("/reviews/{id}/reveal", post(reveal))
        .route("/reviews/{id}/assign", post(assign))
}

fn version(r: &ReviewDetail) -> Option<i64> {
    Some(r.summary.version)
}

/// The review queue, ordered by SLA due date.
#[utoipa::path(get, path = "/api/v1/reviews", tag = "reviews", params(ReviewQuery),
    responses((status = 200, body = Page<ReviewSummary>), (status = 400, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ReviewQuery>,
) -> Result<axum::Json<Page<ReviewSummary>>, ApiError> {
    let f = Filter {
        states: parse_list("state", q.state.as_deref(), &ReviewState::ALL)?,
        kinds: parse_list("kind", q.kind.as_deref(), &ReviewKind::ALL)?,
        document_kinds: parse_list(
            "document_kind",
            q.document_kind.as_deref(),
            &DocumentKind::ALL,
        )?,
        id: q.id,
        account_id: q.account_id,
        // As the account lookup takes it: any spelling, a wrong check digit refused.
        document_number: q
            .document_number
            .as_deref()
            .filter(|d| !d.trim().is_empty())
            .map(|d| identity::lookup_form(d, china_date(Utc::now())))
            .transpose()
            .map_err(|e| ApiError::bad_request("bad_id_number", e.to_string()))?,
        assigned_to: match q.assigned_to.as_deref().map(str::trim) {
            None | Some("") => None,
            Some("me") => Some(caller.id().to_string()),
            Some(op) => Some(op.to_string()),
        },
        mine: q.mine.unwrap_or(false).then(|| caller.id().to_string()),
        limit: limit(q.limit, DEFAULT_LIMIT, MAX_LIMIT)?,
        cursor: q.cursor.clone().filter(|c| !c.is_empty()),
    };
    let searched = f.document_number.clone();
    if searched.is_some() {
        state.limits.check_lookup(caller.id())?;
    }
    let (items, next_cursor, total) = state
        .store
        .read(move |tx| reviews::list(tx, &f, Utc::now()))
        .await?;
    // A search by document number is a lookup of an identity: audited and under the same
    // budget of searches finding nothing as the account lookup (else it would be a way
    // around it).
    if let Some(value) = searched {
        let (policy, operator) = (state.limits.limits().lookup_misses, caller.id().to_string());
        let matches = usize::try_from(total).unwrap_or(usize::MAX);
        let outcome = state
            .store
            .write(move |tx| {
                lookups::record_lookup(
                    tx,
                    &operator,
                    LookupColumn::DocumentNumber,
                    &value,
                    matches,
                    policy,
                )
            })
            .await?;
        if let Some(wait) = outcome {
            return Err(super::accounts::lookup_misses(wait));
        }
    }
    Ok(axum::Json(Page {
        items,
        next_cursor,
        total,
    }))
}

/// Reviews per state under the kind, document and "mine" filters, in one request (the
/// pane's counts; seven `limit=1` lists before).
#[utoipa::path(get, path = "/api/v1/reviews/counts", tag = "reviews", params(ReviewCountQuery),
    responses((status = 200, body = ReviewCounts), (status = 400, body = ErrorBody)))]
pub async fn counts(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ReviewCountQuery>,
) -> Result<axum::Json<ReviewCounts>, ApiError> {
    let f = Filter {
        states: Vec::new(),
        kinds: parse_list("kind", q.kind.as_deref(), &ReviewKind::ALL)?,
        document_kinds: parse_list(
            "document_kind",
            q.document_kind.as_deref(),
            &DocumentKind::ALL,
        )?,
        mine: q.mine.unwrap_or(false).then(|| caller.id().to_string()),
        ..Filter::default()
    };
    let counts = state
        .store
        .read(move |tx| reviews::counts(tx, &f, Utc::now()))
        .await?;
    Ok(axum::Json(ReviewCounts { counts }))
}

/// Open a manual review (phone rebind, identity claim, real-name).
#[utoipa::path(post, path = "/api/v1/reviews", tag = "reviews", request_body = NewReview,
    responses((status = 201, body = ReviewDetail), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn create(write: Write, Json(body): Json<NewReview>) -> Result<Reply, ApiError> {
    write.caller().require(Role::Agent)?;
    write
        .run(StatusCode::CREATED, body, version, |tx, cx, body| {
            reviews::create(tx, &cx.operator, &body, cx.now)
        })
        .await
}

/// One review with its record, decisions, prior attempts and signals.
#[utoipa::path(get, path = "/api/v1/reviews/{id}", tag = "reviews", params(("id" = i64, Path)),
    responses((status = 200, body = ReviewDetail, headers(("ETag" = String))), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<i64>,
) -> Result<Reply, ApiError> {
    let r = state
        .store
        .read(move |tx| reviews::detail(tx, id, Utc::now()))
        .await?;
    Reply::json(StatusCode::OK, &r, version(&r))
}

/// Claim a review (or renew the claim); `steal` with a `reason` takes it over from
/// another reviewer (supervisors only).
#[utoipa::path(post, path = "/api/v1/reviews/{id}/claim", tag = "reviews", params(("id" = i64, Path)),
    request_body(content = Option<ReviewClaimRequest>, description = "optional; empty claims or renews"),
    responses((status = 200, body = ReviewDetail), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn claim(
    write: Write,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<Reply, ApiError> {
    write.caller().require(Role::Reviewer)?;
    // The body is optional: an empty one means a plain claim.
    let body: ReviewClaimRequest = if body.iter().all(u8::is_ascii_whitespace) {
        ReviewClaimRequest::default()
    } else {
        serde_json::from_slice(&body)
            .map_err(|e| ApiError::bad_request("bad_json", format!("claim body: {e}")))?
    };
    let steal = if body.steal {
        write.caller().require(Role::Supervisor)?;
        Some(super::reason(body.reason.as_deref().unwrap_or_default())?)
    } else {
        None
    };
    write
        .run(StatusCode::OK, body, version, move |tx, cx, _| {
            reviews::claim(tx, &cx.operator, id, steal.as_deref(), cx.now)
        })
        .await
}

/// Show the submitted document's number or the record's identity number in full, for the
/// reviewer holding the claim or a supervisor: a reason is required, the reveal is audited
/// (`review.reveal`) and counted against the operator's reveal limit; the answer is never
/// stored (a replay of the same key reads the value again).
#[utoipa::path(post, path = "/api/v1/reviews/{id}/reveal", tag = "reviews", params(("id" = i64, Path)),
    request_body = ReviewRevealRequest,
    responses((status = 200, body = ReviewRevealResponse), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "reveal_claim_required: claim the review first"),
        (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn reveal(
    write: Write,
    Path(id): Path<i64>,
    Json(body): Json<ReviewRevealRequest>,
) -> Result<Reply, ApiError> {
    let reason = super::reason(&body.reason)?;
    write.state().limits.check_reveal(write.caller().id())?;
    let supervisor = write.caller().is_supervisor();
    let field = body.field;
    write
        .run_unstored(
            StatusCode::OK,
            body,
            move |tx, cx, body| {
                let who = reveal::Revealer {
                    operator: &cx.operator,
                    supervisor,
                    now: cx.now,
                };
                let value = reveal::reveal(tx, who, id, body.field, &reason)?;
                Ok(ReviewRevealResponse {
                    field: body.field,
                    value,
                })
            },
            |r: &ReviewRevealResponse| serde_json::json!({ "field": r.field }),
            Box::new(move |tx, _| {
                Ok(ReviewRevealResponse {
                    field,
                    value: reveal::field_value(tx, id, field)?,
                })
            }),
        )
        .await
}

/// Give back one's claim on an undecided review (another reviewer may take it at once).
#[utoipa::path(post, path = "/api/v1/reviews/{id}/release", tag = "reviews", params(("id" = i64, Path)),
    responses((status = 200, body = ReviewDetail, headers(("ETag" = String))), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn release(write: Write, Path(id): Path<i64>) -> Result<Reply, ApiError> {
    claim_op(write, id, reviews::release).await
}

/// A reviewer's bodiless change to the claim on review `id` (`claim`, `release`).
async fn claim_op(
    write: Write,
    id: i64,
    op: fn(&mut dyn Tx, &str, i64, DateTime<Utc>) -> OpResult<ReviewDetail>,
) -> Result<Reply, ApiError> {
    write.caller().require(Role::Reviewer)?;
    write
        .run(StatusCode::OK, (), version, move |tx, cx, ()| {
            op(tx, &cx.operator, id, cx.now)
        })
        .await
}

/// Decide a review (If-Match required); four eyes are enforced here.
#[utoipa::path(post, path = "/api/v1/reviews/{id}/decision", tag = "reviews", params(("id" = i64, Path), ("If-Match" = String, Header)),
    request_body = DecisionRequest,
    responses((status = 200, body = ReviewDetail), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 412, body = ErrorBody), (status = 428, body = ErrorBody)))]
pub async fn decide(
    write: Write,
    Path(id): Path<i64>,
    Json(body): Json<DecisionRequest>,
) -> Result<Reply, ApiError> {
    write.caller().require(Role::Reviewer)?;
    let expected = write.require_if_match()?;
    for text in [&body.comment_to_user, &body.internal_note] {
        if text.chars().count() > 5_000 {
            return Err(ApiError::bad_request(
                "comment_too_long",
                "a comment holds at most 5000 characters",
            ));
        }
    }
    write
        .run(StatusCode::OK, body, version, move |tx, cx, body| {
            reviews::decide(tx, &cx.operator, cx.supervisor, id, expected, &body, cx.now)
        })
        .await
}

/// Assign an undecided review to a reviewer until it is decided or reassigned
/// (supervisors only; a reason is required and audited as `review.assign`; `If-Match`
/// optional). 422 `unknown_operator` for an unknown or disabled operator; 409
/// `role_required` for one who is not a reviewer (a supervisor, for an escalated review);
/// 403 `four_eyes_own_review` / `four_eyes_same_reviewer` for one the four-eyes rule bars;
/// 409 `already_decided`.
#[utoipa::path(post, path = "/api/v1/reviews/{id}/assign", tag = "team", params(("id" = i64, Path)), request_body = AssignRequest,
    responses((status = 200, body = ReviewDetail), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
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
            if let Some(v) = cx.expected {
                crate::backoffice::store::check_version(reviews::get(tx, id, cx.now)?.version, v)?;
            }
            reviews::assign(tx, &cx.operator, id, &to, &reason, cx.now)
        })
        .await
}
