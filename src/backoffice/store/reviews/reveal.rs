//! Revealing a number a review shows masked (the submitted document's, the record's), for
//! the reviewer holding its claim or a supervisor, audited as `review.reveal` with the reason.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::read::get;
use crate::api::ReviewRevealField;
use crate::backoffice::store::{audit, OpError, OpResult, Tx};

/// Who asks.
#[derive(Debug, Clone, Copy)]
pub struct Revealer<'a> {
    /// Operator id.
    pub operator: &'a str,
    /// Whether they are a supervisor.
    pub supervisor: bool,
    /// Now (a lapsed claim gives no right).
    pub now: DateTime<Utc>,
}

/// The full value of `field` on review `id`, audited with `reason`.
pub fn reveal(
    tx: &mut dyn Tx,
    who: Revealer<'_>,
    id: i64,
    field: ReviewRevealField,
    reason: &str,
) -> OpResult<String> {
    let r = get(tx, id, who.now)?;
    let holds = r.claimed_by.as_deref() == Some(who.operator)
        && r.claim_expires_at.is_some_and(|u| u > who.now);
    if !(who.supervisor || holds) {
        return Err(OpError::forbidden(
            "reveal_claim_required",
            format!("claim review {id} first: its numbers are shown in full only to the reviewer holding the claim and to supervisors"),
        ));
    }
    let value = field_value(tx, id, field)?;
    audit::append(
        tx,
        &audit::Record {
            operator: who.operator,
            action: "review.reveal",
            target: format!("review:{id}"),
            reason: Some(reason),
            before: None,
            after: Some(json!({ "field": crate::backoffice::store::enum_str(&field) })),
        },
    )?;
    Ok(value)
}

/// One number of review `id` in full, read without an audit row: only for answering the
/// replay of a reveal that was audited already.
pub fn field_value(tx: &mut dyn Tx, id: i64, field: ReviewRevealField) -> OpResult<String> {
    let row = tx
        .query_opt(
            "SELECT r.document_number, a.document_number
             FROM reviews r JOIN accounts a ON a.id = r.account_id WHERE r.id = ?",
            &[id.into()],
        )?
        .ok_or_else(|| OpError::NotFound(format!("review {id}")))?;
    Ok(match field {
        ReviewRevealField::DocumentNumber => row.str(0)?,
        ReviewRevealField::RecordIdNumber => row.str(1)?,
    })
}
