//! The images of a review: which are on file, attaching one (the opener or a supervisor,
//! while undecided), and reading one (the claim holder, a supervisor, or the opener while
//! undecided), each audited.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::read::{detail, get};
use super::write::put_image;
use crate::api::{ImageInfo, ImageSlot, ReviewDetail, ReviewState, ReviewSummary};
use crate::backoffice::store::{audit, OpError, OpResult, StoreResult, Tx};
use crate::domain::evidence::{may_view, Evidence, ImageAccess};

/// The images on file for review `id`, document first.
pub fn on_file(tx: &mut dyn Tx, id: i64) -> StoreResult<Vec<ImageInfo>> {
    let rows = tx.query(
        "SELECT which, sha256, LENGTH(png) FROM review_images WHERE review_id = ? ORDER BY which",
        &[id.into()],
    )?;
    let mut out = Vec::new();
    for r in rows {
        // Slots the API does not know (none today) are not listed.
        if let Some(slot) = ImageSlot::parse(&r.str(0)?) {
            out.push(ImageInfo {
                slot,
                sha256: r.str(1)?,
                bytes: r.i64(2)?,
            });
        }
    }
    Ok(out)
}

/// Whether review `id` has its document image.
pub fn has_document(tx: &mut dyn Tx, id: i64) -> StoreResult<bool> {
    Ok(tx
        .query_opt(
            "SELECT 1 FROM review_images WHERE review_id = ? AND which = 'document'",
            &[id.into()],
        )?
        .is_some())
}

/// Who is attaching an image, and when.
#[derive(Debug, Clone, Copy)]
pub struct Uploader<'a> {
    /// Operator id.
    pub operator: &'a str,
    /// Whether they are a supervisor.
    pub supervisor: bool,
    /// Now.
    pub now: DateTime<Utc>,
}

/// Attach (or replace) the `slot` image of review `id`, audited as `review.image_upload`
/// (slot, hash, size, dimensions; never the bytes). The review's version moves on, so a
/// decision based on what was read before the image came is refused as stale.
pub fn attach(
    tx: &mut dyn Tx,
    who: Uploader<'_>,
    id: i64,
    slot: ImageSlot,
    e: &Evidence,
) -> OpResult<ReviewDetail> {
    let r = get(tx, id, who.now)?;
    if r.opened_by != who.operator && !who.supervisor {
        return Err(OpError::forbidden(
            "not_review_opener",
            format!(
                "only {} (who opened review {id}) or a supervisor can attach its images",
                r.opened_by
            ),
        ));
    }
    undecided_for_upload(&r)?;
    let replaced = tx
        .query_opt(
            "SELECT sha256 FROM review_images WHERE review_id = ? AND which = ?",
            &[id.into(), slot.as_str().into()],
        )?
        .map(|row| row.str(0))
        .transpose()?;
    tx.execute(
        "DELETE FROM review_images WHERE review_id = ? AND which = ?",
        &[id.into(), slot.as_str().into()],
    )?;
    put_image(tx, id, slot.as_str(), &e.png)?;
    tx.execute(
        "UPDATE reviews SET version = version + 1 WHERE id = ?",
        &[id.into()],
    )?;
    audit::append(
        tx,
        &audit::Record {
            operator: who.operator,
            action: "review.image_upload",
            target: format!("review:{id}"),
            reason: None,
            before: replaced.map(|sha| json!({ "slot": slot.as_str(), "sha256": sha })),
            after: Some(json!({
                "slot": slot.as_str(),
                "sha256": e.sha256,
                "bytes": e.png.len(),
                "width": e.width,
                "height": e.height,
                "received": e.received.media_type(),
                "version": r.version + 1,
            })),
        },
    )?;
    detail(tx, id, who.now)
}

/// Images can change until a reviewer has approved on them: not once decided, and not
/// while the first of two approvals stands (the second reviewer must see what the first saw).
fn undecided_for_upload(r: &ReviewSummary) -> OpResult<()> {
    if r.state.is_final() {
        return Err(OpError::conflict(
            "already_decided",
            format!(
                "review {} is already decided; its images can no longer change",
                r.id
            ),
        ));
    }
    if r.state == ReviewState::AwaitingSecondApproval {
        return Err(OpError::conflict(
            "evidence_locked",
            format!(
                "review {} has its first approval on the current images; they can no longer change (open a new review if the evidence was wrong)",
                r.id
            ),
        ));
    }
    Ok(())
}

/// Who is reading an image.
#[derive(Debug, Clone, Copy)]
pub struct Viewer<'a> {
    /// Operator id.
    pub operator: &'a str,
    /// Whether they are a supervisor.
    pub supervisor: bool,
    /// Whether they are a reviewer.
    pub reviewer: bool,
    /// Now.
    pub now: DateTime<Utc>,
}

/// Read the `slot` image of review `id` (PNG bytes), audited as `review.image_view`: for
/// a supervisor, the reviewer holding a live claim, or the opener while it is undecided.
pub fn view(tx: &mut dyn Tx, who: Viewer<'_>, id: i64, slot: ImageSlot) -> OpResult<Vec<u8>> {
    let r = get(tx, id, who.now)?;
    let access = ImageAccess {
        opened_by: &r.opened_by,
        live_claim: r
            .claimed_by
            .as_deref()
            .filter(|_| r.claim_expires_at.is_some_and(|u| u > who.now)),
        decided: r.state.is_final(),
    };
    if !may_view(who.operator, who.supervisor, access) {
        return Err(if who.reviewer {
            OpError::forbidden(
                "claim_required",
                format!("claim review {id} first: its images are shown only to the reviewer holding the claim"),
            )
        } else {
            OpError::forbidden(
                "not_review_opener",
                format!("the images of review {id} are shown to its opener while it is undecided, to the reviewer holding its claim and to supervisors"),
            )
        });
    }
    let png = tx
        .query_opt(
            "SELECT png FROM review_images WHERE review_id = ? AND which = ?",
            &[id.into(), slot.as_str().into()],
        )?
        .map(|row| row.blob(0))
        .transpose()?
        .ok_or_else(|| OpError::NotFound(format!("{} image of review {id}", slot.as_str())))?;
    audit::append(
        tx,
        &audit::Record {
            operator: who.operator,
            action: "review.image_view",
            target: format!("review:{id}"),
            reason: None,
            before: None,
            after: Some(json!({ "slot": slot.as_str(), "bytes": png.len() })),
        },
    )?;
    Ok(png)
}
