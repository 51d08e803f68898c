//! `/reviews/{id}/images/{slot}`: attaching the evidence (the opener, while undecided) and
//! reading it (the claim holder, a supervisor, the opener), each audited; reads are
//! rate-limited per operator.

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing;
use axum::Router;
use chrono::Utc;
use serde::Serialize;

use crate::api::{ErrorBody, ImageSlot, ReviewDetail, Role};
use crate::backoffice::auth::Caller;
use crate::backoffice::error::ApiError;
use crate::backoffice::http::{Path, Reply};
use crate::backoffice::state::AppState;
use crate::backoffice::store::reviews::images::{self, Uploader, Viewer};
use crate::backoffice::write::Write;
use crate::domain::evidence::{self, EvidenceError, MAX_UPLOAD_BYTES};

/// The image routes.
pub fn router() -> Router<AppState> {
    Router::new().route(
        "/reviews/{id}/images/{which}",
        routing::get(image)
            .put(upload)
            .layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES)),
    )
}

fn slot(which: &str) -> Result<ImageSlot, ApiError> {
    ImageSlot::parse(which).ok_or_else(|| {
        ApiError::bad_request(
            "bad_image_slot",
            format!("{which:?} is not an image of a review; use document or selfie"),
        )
    })
}

/// The answer to a refused upload.
fn refused(e: EvidenceError) -> ApiError {
    let (status, code) = match &e {
        EvidenceError::TooBig { .. } => (StatusCode::PAYLOAD_TOO_LARGE, "image_too_big"),
        EvidenceError::Unsupported(_) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_image"),
        EvidenceError::TooManyPixels { .. } => (StatusCode::BAD_REQUEST, "image_too_large"),
        EvidenceError::Undecodable(_) => (StatusCode::BAD_REQUEST, "bad_image"),
    };
    ApiError::new(status, code, e.to_string())
}

/// The document photo or the selfie (PNG): for the reviewer holding the review's claim, a
/// supervisor, or the review's opener while it is undecided. Every read is audited
/// (`review.image_view`) and counted against the operator's image limit.
#[utoipa::path(get, path = "/api/v1/reviews/{id}/images/{which}", tag = "reviews",
    params(("id" = i64, Path), ("which" = String, Path, description = "document or selfie")),
    responses((status = 200, content_type = "image/png", body = Vec<u8>),
        (status = 403, body = ErrorBody, description = "claim_required: claim the review first; not_review_opener"),
        (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn image(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, which)): Path<(i64, String)>,
) -> Result<impl IntoResponse, ApiError> {
    let slot = slot(&which)?;
    state.limits.check_image(caller.id())?;
    let operator = caller.id().to_string();
    let supervisor = caller.is_supervisor();
    let reviewer = caller.op.has(Role::Reviewer);
    let png = state
        .store
        .write(move |tx| {
            let who = Viewer {
                operator: &operator,
                supervisor,
                reviewer,
                now: Utc::now(),
            };
            images::view(tx, who, id, slot).map_err(ApiError::from)
        })
        .await?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/png"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        png,
    ))
}

/// What identifies an upload for its `Idempotency-Key` (the bytes by their hash).
#[derive(Serialize)]
struct UploadPrint {
    content_type: String,
    sha256: String,
}

/// Attach (or replace) the document photo or the selfie of a review: the raw bytes of a PNG
/// or JPEG (≤ 5 MiB, ≤ 8000 px a side, ≤ 64 MP), declared by `Content-Type`. The image is
/// decoded and stored re-encoded as a PNG (metadata such as EXIF dropped, larger photos
/// scaled down to 2400 px). For the review's opener or a supervisor, while undecided.
#[utoipa::path(put, path = "/api/v1/reviews/{id}/images/{which}", tag = "reviews",
    params(("id" = i64, Path), ("which" = String, Path, description = "document or selfie")),
    request_body(content(
        (Vec<u8> = "image/png"),
        (Vec<u8> = "image/jpeg"),
    ), description = "the image file's bytes"),
    responses((status = 200, body = ReviewDetail),
        (status = 400, body = ErrorBody, description = "bad_image (truncated, damaged), image_too_large (dimensions)"),
        (status = 403, body = ErrorBody, description = "not_review_opener"),
        (status = 409, body = ErrorBody, description = "already_decided, evidence_locked"),
        (status = 413, body = ErrorBody, description = "image_too_big: over 5 MiB"),
        (status = 415, body = ErrorBody, description = "unsupported_image: not PNG/JPEG, or not the declared type")))]
pub async fn upload(
    write: Write,
    Path((id, which)): Path<(i64, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Reply, ApiError> {
    write.caller().require(Role::Agent)?;
    let slot = slot(&which)?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let declared = content_type.clone();
    let checked = tokio::task::spawn_blocking(move || evidence::accept(&declared, &body))
        .await
        .map_err(ApiError::internal)?
        .map_err(refused)?;
    let print = UploadPrint {
        content_type,
        sha256: checked.sha256.clone(),
    };
    write
        .run(
            StatusCode::OK,
            print,
            |r: &ReviewDetail| Some(r.summary.version),
            move |tx, cx, _| {
                let who = Uploader {
                    operator: &cx.operator,
                    supervisor: cx.supervisor,
                    now: cx.now,
                };
                images::attach(tx, who, id, slot, &checked)
            },
        )
        .await
}
