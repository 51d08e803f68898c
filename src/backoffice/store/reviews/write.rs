//! Changing reviews: opening one, claims with leases, four-eyes decisions and their
//! effects on the account and the ticket.

use chrono::{DateTime, Duration, Utc};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::read::{detail, get};
use crate::api::{
    AccountState, DecisionRequest, NewReview, ReviewDetail, ReviewKind, ReviewState, ReviewSummary,
    Role, Status, TicketEventKind,
};
use crate::backoffice::store::accounts::AccountRow;
use crate::backoffice::store::{
    self, audit, check_version, tickets, OpError, OpResult, StoreResult, Tx,
};
use crate::domain::evidence::approval_needs_document;
use crate::domain::mask;
use crate::domain::review::{
    decide as rule_decide, may_claim, Decision, DecisionError, DecisionInput, CLAIM_LEASE_MINUTES,
};
use crate::domain::sla::review_due;

/// Store an image for a review.
pub fn put_image(tx: &mut dyn Tx, id: i64, which: &str, png: &[u8]) -> StoreResult<()> {
    let sha = hex::encode(Sha256::digest(png));
    tx.execute(
        "INSERT INTO review_images (review_id, which, png, sha256) VALUES (?, ?, ?, ?)",
        &[id.into(), which.into(), png.to_vec().into(), sha.into()],
    )?;
    Ok(())
}

fn audit_state(s: &ReviewSummary) -> serde_json::Value {
    json!({
        "state": store::enum_str(&s.state),
        "claimed_by": s.claimed_by,
        "assigned_to": s.assigned_to,
        "first_approver": s.first_approver,
        "version": s.version,
    })
}

/// Open a manual review.
pub fn create(
    tx: &mut dyn Tx,
    operator: &str,
    n: &NewReview,
    now: DateTime<Utc>,
) -> OpResult<ReviewDetail> {
    let acc = store::accounts::require(tx, n.account_id)?;
    let new_phone = match (n.kind, n.new_phone.as_deref()) {
        (ReviewKind::PhoneRebind, None) => {
            return Err(OpError::invalid(
                "new_phone_required",
                "a phone rebind needs the new mobile number",
            ))
        }
        (ReviewKind::PhoneRebind, Some(p)) => Some(
            crate::domain::phone::normalize_mobile(p)
                .map_err(|e| OpError::invalid("bad_phone", e.to_string()))?,
        ),
        (_, Some(_)) => {
            return Err(OpError::invalid(
                "new_phone_unexpected",
                "only a phone rebind takes a new mobile number",
            ))
        }
        (_, None) => None,
    };
    if let Some(t) = n.ticket_id {
        tickets::get(tx, t, now)?;
    }
    if let Some(phone) = &new_phone {
        rebind_allowed(tx, &acc, phone)?;
    }
    let open = tx.query_opt(
        "SELECT id FROM reviews WHERE account_id = ? AND kind = ? AND state IN ('pending', 'claimed', 'awaiting_second_approval', 'escalated') ORDER BY id LIMIT 1",
        &[n.account_id.into(), store::enum_str(&n.kind).into()],
    )?;
    if let Some(row) = open {
        let other = row.i64(0)?;
        return Err(OpError::conflict(
            "review_already_open",
            format!(
                "account {} already has an open {} review (#{other}): decide or follow up that one instead",
                n.account_id,
                store::enum_str(&n.kind)
            ),
        ));
    }
    let due = review_due(now);
    let id = tx.query_i64(
        "INSERT INTO reviews (kind, state, account_id, ticket_id, new_phone, note, opened_by, submitted_at,
            due_on, due_approximate, document_kind, document_number)
         VALUES (?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        &[
            store::enum_str(&n.kind).into(),
            n.account_id.into(),
            n.ticket_id.into(),
            new_phone.into(),
            n.note.clone().into(),
            operator.into(),
            now.into(),
            due.date.format("%Y-%m-%d").to_string().into(),
            due.approximate.into(),
            acc.document_kind.clone().into(),
            acc.document_number.clone().into(),
        ],
    )?;
    if n.kind == ReviewKind::RealName {
        tx.execute(
            "UPDATE accounts SET verification = 'manual_pending', version = version + 1 WHERE id = ?",
            &[n.account_id.into()],
        )?;
    }
    if let Some(t) = n.ticket_id {
        tickets::add_event(
            tx,
            t,
            TicketEventKind::Review,
            operator,
            &format!("review {id} opened ({})", store::enum_str(&n.kind)),
            now,
        )?;
        tickets::system_status(tx, t, Status::PendingReview, now)?;
    }
    let after = get(tx, id, now)?;
    audit::append(
        tx,
        &audit::Record {
            operator,
            action: "review.create",
            target: format!("review:{id}"),
            reason: None,
            before: None,
            after: Some(
                json!({ "kind": store::enum_str(&n.kind), "account_id": n.account_id, "ticket_id": n.ticket_id, "state": "pending", "version": after.version }),
            ),
        },
    )?;
    detail(tx, id, now)
}

/// Whether `acc` may be rebound to `phone`: not while it is frozen (suspected account
/// trading goes to a supervisor first), not to the number it already has, not to a number
/// bound to another account.
fn rebind_allowed(tx: &mut dyn Tx, acc: &AccountRow, phone: &str) -> OpResult<()> {
    if acc.state == AccountState::Frozen {
        return Err(OpError::conflict(
            "account_frozen",
            format!(
                "account {} is frozen (suspected account trading): its phone cannot be rebound; hand the ticket to a supervisor",
                acc.id
            ),
        ));
    }
    if acc.phone.as_deref() == Some(phone) {
        return Err(OpError::conflict(
            "same_phone",
            format!(
                "{} is already the bound number of account {}: nothing to rebind; check the number with the caller",
                mask::mask_phone(phone),
                acc.id
            ),
        ));
    }
    if tx
        .query_opt(
            "SELECT id FROM accounts WHERE phone = ? AND id <> ?",
            &[phone.into(), acc.id.into()],
        )?
        .is_some()
    {
        return Err(OpError::conflict(
            "phone_in_use",
            "the new number is bound to another account; resolve that first",
        ));
    }
    Ok(())
}

/// The review, if it is still to be decided (409 `already_decided` otherwise).
fn undecided(tx: &mut dyn Tx, id: i64, now: DateTime<Utc>) -> OpResult<ReviewSummary> {
    let review = get(tx, id, now)?;
    if review.state.is_final() {
        return Err(OpError::conflict(
            "already_decided",
            format!("review {id} is already decided"),
        ));
    }
    Ok(review)
}

/// Claim (or renew the claim on) a review. With `steal` (a supervisor's reason, checked
/// by the route) the claim is taken over from another holder, audited as `review.steal`
/// with the reason and the previous holder. Four eyes apply to the stealer too.
pub fn claim(
    tx: &mut dyn Tx,
    operator: &str,
    id: i64,
    steal: Option<&str>,
    now: DateTime<Utc>,
) -> OpResult<ReviewDetail> {
    let before = undecided(tx, id, now)?;
    may_claim(
        operator,
        &before.opened_by,
        before.state,
        before.first_approver.as_deref(),
    )
    .map_err(rule_error)?;
    let other = before.claimed_by.as_deref().filter(|h| *h != operator);
    if let (Some(holder), None) = (other, steal) {
        let until = before.claim_expires_at.unwrap_or(now);
        return Err(OpError::claimed_by_other(
            &format!("review {id}"),
            holder,
            until,
            now,
            "wait for the claim to lapse or pick another review",
        ));
    }
    let until = now + Duration::minutes(CLAIM_LEASE_MINUTES);
    // `claimed_at` says since when the holder holds it: a renewal keeps it.
    tx.execute(
        "UPDATE reviews SET claimed_at = CASE WHEN claimed_by = ? AND claim_expires_at > ?
                THEN COALESCE(claimed_at, ?) ELSE ? END,
            claimed_by = ?, claim_expires_at = ?,
            state = CASE WHEN state = 'pending' THEN 'claimed' ELSE state END,
            version = version + 1 WHERE id = ?",
        &[
            operator.into(),
            now.into(),
            now.into(),
            now.into(),
            operator.into(),
            until.into(),
            id.into(),
        ],
    )?;
    let (action, reason) = match (other, steal) {
        (Some(_), Some(reason)) => ("review.steal", Some(reason)),
        _ if before.claimed_by.is_some() => ("review.claim_renew", None),
        _ => ("review.claim", None),
    };
    audited_because(tx, operator, action, &before, reason, now)
}

/// Give back a claim before its lease lapses (the reviewer left the review undecided), so
/// another reviewer can take it at once. Only the holder can; the review keeps its state
/// apart from `claimed`, which goes back to `pending`.
pub fn release(
    tx: &mut dyn Tx,
    operator: &str,
    id: i64,
    now: DateTime<Utc>,
) -> OpResult<ReviewDetail> {
    let before = undecided(tx, id, now)?;
    if before.claimed_by.as_deref() != Some(operator) {
        return Err(OpError::conflict(
            "not_claimed_by_you",
            format!("review {id} is not claimed by you; there is nothing to release"),
        ));
    }
    tx.execute(
        "UPDATE reviews SET claimed_by = NULL, claim_expires_at = NULL, claimed_at = NULL,
            state = CASE WHEN state = 'claimed' THEN 'pending' ELSE state END,
            version = version + 1 WHERE id = ?",
        &[id.into()],
    )?;
    audited(tx, operator, "review.release", &before, now)
}

/// After a change to the review `before` was: audit it (its state before and after, no
/// reason) and read it back.
fn audited(
    tx: &mut dyn Tx,
    operator: &str,
    action: &str,
    before: &ReviewSummary,
    now: DateTime<Utc>,
) -> OpResult<ReviewDetail> {
    audited_because(tx, operator, action, before, None, now)
}

/// [`audited`] with the operator's reason on the audit row.
fn audited_because(
    tx: &mut dyn Tx,
    operator: &str,
    action: &str,
    before: &ReviewSummary,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> OpResult<ReviewDetail> {
    let id = before.id;
    let after = get(tx, id, now)?;
    audit::append(
        tx,
        &audit::Record {
            operator,
            action,
            target: format!("review:{id}"),
            reason,
            before: Some(audit_state(before)),
            after: Some(audit_state(&after)),
        },
    )?;
    detail(tx, id, now)
}

/// Assign an undecided review to reviewer `to` (a supervisor's step, checked by the
/// route): it stays theirs until decided or reassigned. `to` must be an enabled reviewer
/// (a supervisor for an escalated review) whom the four-eyes rule lets decide it.
pub fn assign(
    tx: &mut dyn Tx,
    operator: &str,
    id: i64,
    to: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> OpResult<ReviewDetail> {
    let before = undecided(tx, id, now)?;
    let target = store::operators::enabled(tx, to)?;
    let supervisor = target.has(Role::Supervisor);
    if before.state == ReviewState::Escalated && !supervisor {
        return Err(OpError::conflict(
            "role_required",
            format!(
                "review {id} is escalated: only a supervisor can decide it, and {to} is not one"
            ),
        ));
    }
    if !target.has(Role::Reviewer) && !supervisor {
        return Err(OpError::conflict(
            "role_required",
            format!("{to} is not a reviewer; reviews are assigned to reviewers"),
        ));
    }
    may_claim(
        to,
        &before.opened_by,
        before.state,
        before.first_approver.as_deref(),
    )
    .map_err(rule_error)?;
    tx.execute(
        "UPDATE reviews SET assigned_to = ?, assigned_at = ?, version = version + 1 WHERE id = ?",
        &[to.into(), now.into(), id.into()],
    )?;
    audited_because(tx, operator, "review.assign", &before, Some(reason), now)
}

fn rule_error(e: DecisionError) -> OpError {
    let code = e.code();
    match e {
        DecisionError::AlreadyDecided(_) => OpError::conflict(code, e.to_string()),
        DecisionError::ReasonMismatch { .. } | DecisionError::ChecklistIncomplete(_) => {
            OpError::invalid(code, e.to_string())
        }
        DecisionError::OwnReview
        | DecisionError::SecondApprovalBySameReviewer
        | DecisionError::NeedsSupervisor => OpError::forbidden(code, e.to_string()),
    }
}

/// Decide a review; its effects on the account and the ticket happen in the same transaction.
pub fn decide(
    tx: &mut dyn Tx,
    operator: &str,
    is_supervisor: bool,
    id: i64,
    version: i64,
    d: &DecisionRequest,
    now: DateTime<Utc>,
) -> OpResult<ReviewDetail> {
    let before = get(tx, id, now)?;
    check_version(before.version, version)?;
    if let Some(holder) = before.claimed_by.as_deref().filter(|h| *h != operator) {
        return Err(OpError::conflict(
            "claimed_by_other",
            format!("review {id} is claimed by {holder}; only they can decide it while their claim lasts"),
        ));
    }
    let next = rule_decide(&DecisionInput {
        kind: before.kind,
        state: before.state,
        opened_by: &before.opened_by,
        first_approver: before.first_approver.as_deref(),
        reviewer: operator,
        reviewer_is_supervisor: is_supervisor,
        decision: d.decision,
        reason: d.reason_code,
        checklist: &d.checklist,
    })
    .map_err(rule_error)?;
    if d.decision == Decision::Approve
        && approval_needs_document(before.kind)
        && !super::images::has_document(tx, id)?
    {
        return Err(OpError::conflict(
            "evidence_missing",
            format!(
                "review {id} has no document image: a {} is approved only on the document; ask the opener to attach the scan, or reject it",
                store::enum_str(&before.kind)
            ),
        ));
    }

    tx.execute(
        "INSERT INTO review_decisions (review_id, reviewer, decision, reason_code, checklist, comment_to_user, internal_note, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        &[
            id.into(),
            operator.into(),
            store::enum_str(&d.decision).into(),
            store::enum_str(&d.reason_code).into(),
            serde_json::to_string(&d.checklist).unwrap_or_else(|_| "[]".into()).into(),
            d.comment_to_user.clone().into(),
            d.internal_note.clone().into(),
            now.into(),
        ],
    )?;
    let first_approver = if next == ReviewState::AwaitingSecondApproval {
        Some(operator.to_string())
    } else {
        before.first_approver.clone()
    };
    tx.execute(
        // A decision ends the assignment too: the assigned work is done, or (a first
        // approval, an escalation) it needs someone else now.
        "UPDATE reviews SET state = ?, first_approver = ?, claimed_by = NULL, claim_expires_at = NULL,
            claimed_at = NULL, assigned_to = NULL, assigned_at = NULL,
            version = version + 1 WHERE id = ?",
        &[store::enum_str(&next).into(), first_approver.into(), id.into()],
    )?;
    apply_effects(tx, operator, &before, next, id)?;
    if let Some(t) = before.ticket_id {
        let text = format!(
            "review {id}: {} ({}) by {operator}",
            store::enum_str(&next),
            d.reason_code.code()
        );
        tickets::add_event(tx, t, TicketEventKind::Review, operator, &text, now)?;
        let status = match next {
            ReviewState::Approved | ReviewState::RejectedFinal => Some(Status::Resolved),
            ReviewState::RejectedRetry => Some(Status::PendingCustomer),
            _ => None,
        };
        if let Some(s) = status {
            tickets::system_status(tx, t, s, now)?;
        }
    }
    let after = get(tx, id, now)?;
    let mut after_json = audit_state(&after);
    if let Some(obj) = after_json.as_object_mut() {
        obj.insert("decision".into(), json!(store::enum_str(&d.decision)));
        obj.insert("reason_code".into(), json!(d.reason_code.code()));
    }
    audit::append(
        tx,
        &audit::Record {
            operator,
            action: "review.decide",
            target: format!("review:{id}"),
            reason: Some(d.reason_code.code()),
            before: Some(audit_state(&before)),
            after: Some(after_json),
        },
    )?;
    detail(tx, id, now)
}

/// Set an account's verification as review `review` decided it, with its audit row.
fn set_verification(
    tx: &mut dyn Tx,
    operator: &str,
    account: i64,
    review: i64,
    verification: &str,
) -> StoreResult<()> {
    tx.execute(
        "UPDATE accounts SET verification = ?, version = version + 1 WHERE id = ?",
        &[verification.into(), account.into()],
    )?;
    account_audit(
        tx,
        operator,
        account,
        "account.verification",
        review,
        json!({ "verification": verification }),
    )
}

fn account_audit(
    tx: &mut dyn Tx,
    operator: &str,
    account: i64,
    action: &str,
    review: i64,
    after: serde_json::Value,
) -> StoreResult<()> {
    audit::append(
        tx,
        &audit::Record {
            operator,
            action,
            target: format!("account:{account}"),
            reason: Some(&format!("review:{review}")),
            before: None,
            after: Some(after),
        },
    )?;
    Ok(())
}

fn apply_effects(
    tx: &mut dyn Tx,
    operator: &str,
    r: &ReviewSummary,
    next: ReviewState,
    id: i64,
) -> OpResult<()> {
    let acc = r.account_id;
    match (r.kind, next) {
        (ReviewKind::RealName, ReviewState::Approved) => {
            set_verification(tx, operator, acc, id, "manual_passed")?;
        }
        (ReviewKind::RealName, ReviewState::RejectedRetry | ReviewState::RejectedFinal) => {
            set_verification(tx, operator, acc, id, "rejected")?;
        }
        (ReviewKind::PhoneRebind, ReviewState::Approved) => {
            let phone = tx
                .query_opt("SELECT new_phone FROM reviews WHERE id = ?", &[id.into()])?
                .map(|r| r.opt_str(0))
                .transpose()?
                .flatten()
                .ok_or_else(|| {
                    OpError::invalid("new_phone_required", "the review has no new number")
                })?;
            // Checked again at approval: the account may have been frozen, or the number
            // bound elsewhere, since the review was opened.
            let row = store::accounts::require(tx, acc)?;
            rebind_allowed(tx, &row, &phone)?;
            tx.execute(
                "UPDATE accounts SET phone = ?, version = version + 1 WHERE id = ?",
                &[phone.clone().into(), acc.into()],
            )?;
            account_audit(
                tx,
                operator,
                acc,
                "account.phone_rebind",
                id,
                json!({ "phone": mask::mask_phone(&phone) }),
            )?;
        }
        (ReviewKind::IdentityClaim, ReviewState::Approved) => {
            // The claimant keeps the identity; accounts registered with it by mistake lose
            // their real-name status and must verify again.
            let doc = tx
                .query_opt(
                    "SELECT document_number FROM accounts WHERE id = ?",
                    &[acc.into()],
                )?
                .map(|r| r.str(0))
                .transpose()?
                .unwrap_or_default();
            let others = tx.query(
                "SELECT id FROM accounts WHERE document_number = ? AND id <> ?",
                &[doc.into(), acc.into()],
            )?;
            for o in others {
                let other = o.i64(0)?;
                tx.execute("UPDATE accounts SET verification = 'rejected', version = version + 1 WHERE id = ?", &[other.into()])?;
                account_audit(
                    tx,
                    operator,
                    other,
                    "account.identity_released",
                    id,
                    json!({ "verification": "rejected", "claimed_by_account": acc }),
                )?;
            }
            set_verification(tx, operator, acc, id, "manual_passed")?;
        }
        _ => {}
    }
    Ok(())
}
