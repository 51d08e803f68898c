//! `GET /escalations`: tickets an agent handed to the supervisors and reviews a reviewer
//! escalated, each with the note that escalated it, oldest first.

use chrono::{DateTime, Utc};

use crate::api::{EscalatedReview, EscalatedTicket, EscalationInfo, Escalations};
use crate::backoffice::store::{reviews, tickets, StoreResult, Tx};

/// Most items of each kind listed (a supervisor works them from the top).
pub const MAX_ITEMS: i64 = 200;

/// What waits for a supervisor.
pub fn escalations(tx: &mut dyn Tx, now: DateTime<Utc>) -> StoreResult<Escalations> {
    let at = tickets::EXTRA_AT;
    let tickets = tickets::select(
        tx,
        "t.escalated_by, t.escalated_at, t.escalation_note",
        "WHERE t.escalated_at IS NOT NULL ORDER BY t.escalated_at, t.id LIMIT ?",
        &[MAX_ITEMS.into()],
        now,
    )?
    .into_iter()
    .map(|(ticket, _, r)| {
        Ok(EscalatedTicket {
            ticket,
            escalation: EscalationInfo {
                by: r.opt_str(at)?.unwrap_or_default(),
                at: r.time(at + 1)?,
                note: r.opt_str(at + 2)?.unwrap_or_default(),
            },
        })
    })
    .collect::<StoreResult<Vec<_>>>()?;
    // The escalating decision: the review's latest `escalate` (its reviewer's internal
    // note says why); a review escalated without one (imported data) shows its opening.
    let at = reviews::EXTRA_AT;
    let reviews = reviews::select(
        tx,
        "d.reviewer, d.at, d.internal_note",
        "LEFT JOIN review_decisions d ON d.id = (SELECT MAX(d2.id) FROM review_decisions d2
            WHERE d2.review_id = r.id AND d2.decision = 'escalate')
         WHERE r.state = 'escalated' ORDER BY r.submitted_at, r.id LIMIT ?",
        &[MAX_ITEMS.into()],
        now,
    )?
    .into_iter()
    .map(|(review, r)| {
        let at_time = r.opt_time(at + 1)?.unwrap_or(review.submitted_at);
        Ok(EscalatedReview {
            escalation: EscalationInfo {
                by: r.opt_str(at)?.unwrap_or_else(|| review.opened_by.clone()),
                at: at_time,
                note: r.opt_str(at + 2)?.unwrap_or_default(),
            },
            review,
        })
    })
    .collect::<StoreResult<Vec<_>>>()?;
    let mut reviews = reviews;
    reviews.sort_by(|a, b| {
        a.escalation
            .at
            .cmp(&b.escalation.at)
            .then(a.review.id.cmp(&b.review.id))
    });
    Ok(Escalations { tickets, reviews })
}
