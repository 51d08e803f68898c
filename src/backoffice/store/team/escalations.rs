//! `GET /escalations`: tickets an agent handed to the supervisors and reviews a reviewer
//! escalated, each with the note that escalated it, oldest first. Both lists are keyset
//! paged under one cursor (each list's position in it), so a long list is read a page at a
//! time and the counts still cover every item.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::api::{EscalatedReview, EscalatedTicket, EscalationInfo, Escalations};
use crate::backoffice::store::cursor::{self, Cursor, Position};
use crate::backoffice::store::{reviews, tickets, OpResult, Tx, Value};

/// Where each list stands (the cursor handed out).
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Positions {
    #[serde(default)]
    t: Position,
    #[serde(default)]
    r: Position,
}

/// When a review was escalated: its latest `escalate` decision, or (imported data
/// without one) when it was opened.
const REVIEW_AT: &str = "COALESCE(d.at, r.submitted_at)";

/// A page of what waits for a supervisor: up to `limit` rows of each list after the
/// positions in `cursor`.
pub fn escalations(
    tx: &mut dyn Tx,
    now: DateTime<Utc>,
    limit: u32,
    cursor: Option<&str>,
) -> OpResult<Escalations> {
    let pos: Positions = cursor::decode_opt(cursor)?.unwrap_or_default();
    let lim = limit as usize;
    let tickets_total = count(
        tx,
        "SELECT COUNT(*) FROM tickets WHERE escalated_at IS NOT NULL",
    )?;
    let reviews_total = count(tx, "SELECT COUNT(*) FROM reviews WHERE state = 'escalated'")?;

    let mut tickets = Vec::new();
    let mut t_next = Position::next(false, None);
    if !pos.t.done {
        let at = tickets::EXTRA_AT;
        let mut params = Vec::new();
        let bound = cursor::after("t.escalated_at", "t.id", &pos.t.after, &mut params);
        params.push(Value::Int(i64::from(limit) + 1));
        let rows = tickets::select(
            tx,
            "t.escalated_by, t.escalated_at, t.escalation_note",
            &format!(
                "WHERE t.escalated_at IS NOT NULL{bound} ORDER BY t.escalated_at, t.id LIMIT ?"
            ),
            &params,
            now,
        )?;
        let more = rows.len() > lim;
        let mut last = None;
        for (ticket, _, r) in rows.into_iter().take(lim) {
            last = Some(Cursor::text(r.str(at + 1)?, ticket.id));
            tickets.push(EscalatedTicket {
                escalation: EscalationInfo {
                    by: r.opt_str(at)?.unwrap_or_default(),
                    at: r.time(at + 1)?,
                    note: r.opt_str(at + 2)?.unwrap_or_default(),
                },
                ticket,
            });
        }
        t_next = Position::next(more, last);
    }

    // The escalating decision: the review's latest `escalate` (its reviewer's internal
    // note says why); a review escalated without one (imported data) shows its opening.
    let mut reviews = Vec::new();
    let mut r_next = Position::next(false, None);
    if !pos.r.done {
        let at = reviews::EXTRA_AT;
        let mut params = Vec::new();
        let bound = cursor::after(REVIEW_AT, "r.id", &pos.r.after, &mut params);
        params.push(Value::Int(i64::from(limit) + 1));
        let rows = reviews::select(
            tx,
            &format!("d.reviewer, d.at, d.internal_note, {REVIEW_AT}"),
            &format!(
                "LEFT JOIN review_decisions d ON d.id = (SELECT MAX(d2.id) FROM review_decisions d2
                    WHERE d2.review_id = r.id AND d2.decision = 'escalate')
                 WHERE r.state = 'escalated'{bound} ORDER BY {REVIEW_AT}, r.id LIMIT ?"
            ),
            &params,
            now,
        )?;
        let more = rows.len() > lim;
        let mut last = None;
        for (review, r) in rows.into_iter().take(lim) {
            last = Some(Cursor::text(r.str(at + 3)?, review.id));
            let at_time = r.opt_time(at + 1)?.unwrap_or(review.submitted_at);
            reviews.push(EscalatedReview {
                escalation: EscalationInfo {
                    by: r.opt_str(at)?.unwrap_or_else(|| review.opened_by.clone()),
                    at: at_time,
                    note: r.opt_str(at + 2)?.unwrap_or_default(),
                },
                review,
            });
        }
        r_next = Position::next(more, last);
    }
    let next = Positions {
        t: t_next,
        r: r_next,
    };
    let next_cursor = (!(next.t.done && next.r.done)).then(|| cursor::encode(&next));
    Ok(Escalations {
        tickets,
        reviews,
        tickets_total,
        reviews_total,
        next_cursor,
    })
}

fn count(tx: &mut dyn Tx, sql: &str) -> OpResult<u64> {
    Ok(u64::try_from(tx.query_i64(sql, &[])?).unwrap_or(0))
}
