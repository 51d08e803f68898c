//! Changing tickets: opening, audited changes, claims with leases, notes and calls.

use chrono::{DateTime, Duration, Utc};
use serde_json::json;

use super::read::{detail, get, priority_rank};
use crate::api::{
    CallRecord, NewTicket, Priority, Status, TicketDetail, TicketEventKind, TicketPatch,
    TicketSummary, Visibility,
};
use crate::backoffice::store::{self, audit, check_version, OpError, OpResult, StoreResult, Tx};
use crate::domain::sla::{due_date, pauses_sla, ticket_deadline, ticket_due, working_secs_between};
use crate::domain::ticket::CLAIM_LEASE_MINUTES;

/// Add an entry to a ticket's timeline.
pub fn add_event(
    tx: &mut dyn Tx,
    ticket: i64,
    kind: TicketEventKind,
    author: &str,
    body: &str,
    at: DateTime<Utc>,
) -> StoreResult<i64> {
    tx.query_i64(
        "INSERT INTO ticket_events (ticket_id, kind, author, body, at) VALUES (?, ?, ?, ?, ?) RETURNING id",
        &[ticket.into(), store::enum_str(&kind).into(), author.into(), body.into(), at.into()],
    )
}

pub(super) fn audit_state(t: &TicketSummary) -> serde_json::Value {
    json!({
        "status": store::enum_str(&t.status),
        "priority": store::enum_str(&t.priority),
        "category": store::enum_str(&t.category),
        "assignee": t.assignee,
        "assigned_to": t.assigned_to,
        "escalated": t.escalated,
        "account_id": t.account_id,
        "version": t.version,
    })
}

pub(super) fn audit_change(
    tx: &mut dyn Tx,
    operator: &str,
    action: &str,
    before: Option<&TicketSummary>,
    after: &TicketSummary,
    extra: Option<serde_json::Value>,
) -> StoreResult<()> {
    let mut after_json = audit_state(after);
    if let (Some(obj), Some(serde_json::Value::Object(x))) = (after_json.as_object_mut(), extra) {
        obj.extend(x);
    }
    audit::append(
        tx,
        &audit::Record {
            operator,
            action,
            target: format!("ticket:{}", after.id),
            reason: None,
            before: before.map(audit_state),
            after: Some(after_json),
        },
    )?;
    Ok(())
}

pub(super) fn touch(tx: &mut dyn Tx, id: i64, now: DateTime<Utc>) -> StoreResult<()> {
    tx.execute(
        "UPDATE tickets SET updated_at = ?, version = version + 1 WHERE id = ?",
        &[now.into(), id.into()],
    )?;
    Ok(())
}

/// Open a ticket.
pub fn create(
    tx: &mut dyn Tx,
    operator: &str,
    t: &NewTicket,
    now: DateTime<Utc>,
) -> OpResult<TicketDetail> {
    if t.subject.trim().is_empty() {
        return Err(OpError::invalid(
            "subject_required",
            "subject must not be empty",
        ));
    }
    if let Some(acc) = t.account_id {
        store::accounts::require(tx, acc)?;
    }
    let priority = t.priority.unwrap_or(Priority::Normal);
    let due = ticket_due(now, priority);
    let id = tx.query_i64(
        "INSERT INTO tickets (subject, body, category, channel, status, priority, priority_rank, account_id,
            due_on, due_approximate, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'new', ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        &[
            t.subject.trim().into(),
            t.body.clone().into(),
            store::enum_str(&t.category).into(),
            store::enum_str(&t.channel).into(),
            store::enum_str(&priority).into(),
            priority_rank(priority).into(),
            t.account_id.into(),
            due.date.format("%Y-%m-%d").to_string().into(),
            due.approximate.into(),
            now.into(),
            now.into(),
        ],
    )?;
    add_event(tx, id, TicketEventKind::Created, operator, "", now)?;
    let after = get(tx, id, now)?;
    audit_change(tx, operator, "ticket.create", None, &after, None)?;
    detail(tx, id, now)
}

/// Claims protect: while another operator holds a live claim on `t`, only a supervisor
/// may change how it is handled (status, priority, category).
fn held_by_other(
    t: &TicketSummary,
    operator: &str,
    is_supervisor: bool,
    now: DateTime<Utc>,
) -> OpResult<()> {
    match (&t.assignee, t.claim_expires_at) {
        (Some(holder), Some(until)) if holder != operator && !is_supervisor => {
            Err(OpError::claimed_by_other(
                &format!("ticket {}", t.id),
                holder,
                until,
                now,
                "add an internal note instead, wait for the claim to lapse, or ask a supervisor",
            ))
        }
        _ => Ok(()),
    }
}

/// Where a ticket's SLA clock stands: when the running pause began, the working seconds
/// of the earlier ones.
fn pause_state(tx: &mut dyn Tx, id: i64) -> StoreResult<(Option<DateTime<Utc>>, i64)> {
    match tx.query_opt(
        "SELECT sla_paused_at, sla_paused_secs FROM tickets WHERE id = ?",
        &[id.into()],
    )? {
        Some(r) => Ok((r.opt_time(0)?, r.i64(1)?)),
        None => Ok((None, 0)),
    }
}

/// Set ticket `t`'s status to `to`, pausing its SLA clock on entering a waiting status
/// and, on leaving one, adding the pause's working time and moving the due date on by it.
fn set_status(
    tx: &mut dyn Tx,
    t: &TicketSummary,
    to: Status,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    if matches!(to, Status::Resolved | Status::Closed) {
        // Done: the assignment and any escalation end with it (the audit keeps them).
        tx.execute(
            "UPDATE tickets SET assigned_to = NULL, assigned_at = NULL, escalated_by = NULL,
                escalated_at = NULL, escalation_note = NULL WHERE id = ?",
            &[t.id.into()],
        )?;
    }
    let (paused_at, paused_secs) = pause_state(tx, t.id)?;
    match (paused_at, pauses_sla(to)) {
        (None, true) => tx.execute(
            "UPDATE tickets SET status = ?, sla_paused_at = ? WHERE id = ?",
            &[store::enum_str(&to).into(), now.into(), t.id.into()],
        )?,
        (Some(since), false) => {
            let secs = paused_secs + working_secs_between(since, now).max(0);
            let due = due_date(ticket_deadline(t.created_at, t.priority, secs));
            tx.execute(
                "UPDATE tickets SET status = ?, sla_paused_at = NULL, sla_paused_secs = ?, due_on = ?
                 WHERE id = ?",
                &[
                    store::enum_str(&to).into(),
                    secs.into(),
                    due.format("%Y-%m-%d").to_string().into(),
                    t.id.into(),
                ],
            )?
        }
        _ => tx.execute(
            "UPDATE tickets SET status = ? WHERE id = ?",
            &[store::enum_str(&to).into(), t.id.into()],
        )?,
    };
    Ok(())
}

/// Change status, priority, category or the linked account. While another operator
/// holds the claim, status, priority and category are theirs to change (or a
/// supervisor's): `409 claimed_by_other`.
pub fn patch(
    tx: &mut dyn Tx,
    operator: &str,
    is_supervisor: bool,
    id: i64,
    version: i64,
    p: &TicketPatch,
    now: DateTime<Utc>,
) -> OpResult<TicketDetail> {
    let before = get(tx, id, now)?;
    check_version(before.version, version)?;
    let handling = p.status.is_some_and(|s| s != before.status)
        || p.priority.is_some_and(|pr| pr != before.priority)
        || p.category.is_some_and(|c| c != before.category);
    if handling {
        held_by_other(&before, operator, is_supervisor, now)?;
    }
    let mut changes = Vec::new();
    if let Some(s) = p.status.filter(|s| *s != before.status) {
        if !before.status.can_move_to(s) {
            return Err(OpError::conflict(
                "bad_transition",
                format!(
                    "a {} ticket cannot become {}",
                    store::enum_str(&before.status),
                    store::enum_str(&s)
                ),
            ));
        }
        set_status(tx, &before, s, now)?;
        changes.push(format!(
            "status: {} → {}",
            store::enum_str(&before.status),
            store::enum_str(&s)
        ));
    }
    if let Some(pr) = p.priority.filter(|pr| *pr != before.priority) {
        // The earlier pauses still count for the new priority's deadline.
        let (_, paused_secs) = pause_state(tx, id)?;
        let due = ticket_due(before.created_at, pr);
        let due_on = due_date(ticket_deadline(before.created_at, pr, paused_secs));
        tx.execute(
            "UPDATE tickets SET priority = ?, priority_rank = ?, due_on = ?, due_approximate = ? WHERE id = ?",
            &[
                store::enum_str(&pr).into(),
                priority_rank(pr).into(),
                due_on.format("%Y-%m-%d").to_string().into(),
                due.approximate.into(),
                id.into(),
            ],
        )?;
        changes.push(format!(
            "priority: {} → {}",
            store::enum_str(&before.priority),
            store::enum_str(&pr)
        ));
    }
    if let Some(c) = p.category.filter(|c| *c != before.category) {
        tx.execute(
            "UPDATE tickets SET category = ? WHERE id = ?",
            &[store::enum_str(&c).into(), id.into()],
        )?;
        changes.push(format!(
            "category: {} → {}",
            store::enum_str(&before.category),
            store::enum_str(&c)
        ));
    }
    if let Some(acc) = p.account_id.filter(|a| Some(*a) != before.account_id) {
        store::accounts::require(tx, acc)?;
        tx.execute(
            "UPDATE tickets SET account_id = ? WHERE id = ?",
            &[acc.into(), id.into()],
        )?;
        changes.push(format!("account: {acc}"));
    }
    if changes.is_empty() {
        return detail(tx, id, now);
    }
    touch(tx, id, now)?;
    add_event(
        tx,
        id,
        TicketEventKind::Change,
        operator,
        &changes.join("; "),
        now,
    )?;
    let after = get(tx, id, now)?;
    audit_change(tx, operator, "ticket.update", Some(&before), &after, None)?;
    detail(tx, id, now)
}

/// Claim (or renew the claim on) a ticket; `steal` takes it from another holder.
pub fn claim(
    tx: &mut dyn Tx,
    operator: &str,
    is_supervisor: bool,
    id: i64,
    steal: bool,
    now: DateTime<Utc>,
) -> OpResult<TicketDetail> {
    let before = get(tx, id, now)?;
    if let (Some(holder), Some(until)) = (&before.assignee, before.claim_expires_at) {
        if holder != operator {
            if !steal {
                return Err(OpError::claimed_by_other(
                    &format!("ticket {id}"),
                    holder,
                    until,
                    now,
                    "wait for the claim to lapse, or ask a supervisor to take it over",
                ));
            }
            if !is_supervisor {
                return Err(OpError::forbidden(
                    "supervisor_only",
                    "only a supervisor can take a ticket claimed by someone else",
                ));
            }
        }
    }
    let until = now + Duration::minutes(CLAIM_LEASE_MINUTES);
    // `claimed_at` says since when the holder holds it: a renewal keeps it.
    tx.execute(
        "UPDATE tickets SET claimed_at = CASE WHEN assignee = ? AND claim_expires_at > ?
                THEN COALESCE(claimed_at, ?) ELSE ? END,
            assignee = ?, claim_expires_at = ?,
            status = CASE WHEN status = 'new' THEN 'open' ELSE status END WHERE id = ?",
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
    touch(tx, id, now)?;
    let renewed = before.assignee.as_deref() == Some(operator);
    if !renewed {
        let text = match (&before.assignee, steal) {
            (Some(prev), true) => format!("taken from {prev}"),
            _ => "claimed".into(),
        };
        add_event(tx, id, TicketEventKind::Claim, operator, &text, now)?;
    }
    let after = get(tx, id, now)?;
    let action = if renewed {
        "ticket.claim_renew"
    } else if steal && before.assignee.is_some() {
        "ticket.steal"
    } else {
        "ticket.claim"
    };
    audit_change(tx, operator, action, Some(&before), &after, None)?;
    detail(tx, id, now)
}

/// Give a claim back.
pub fn release(
    tx: &mut dyn Tx,
    operator: &str,
    id: i64,
    now: DateTime<Utc>,
) -> OpResult<TicketDetail> {
    let before = get(tx, id, now)?;
    match &before.assignee {
        Some(h) if h == operator => {}
        Some(h) => {
            return Err(OpError::conflict(
                "claimed_by_other",
                format!("ticket {id} is held by {h}, not by you"),
            ))
        }
        None => {
            return Err(OpError::conflict(
                "not_claimed",
                format!("ticket {id} is not claimed"),
            ))
        }
    }
    tx.execute(
        "UPDATE tickets SET assignee = NULL, claim_expires_at = NULL, claimed_at = NULL WHERE id = ?",
        &[id.into()],
    )?;
    touch(tx, id, now)?;
    add_event(tx, id, TicketEventKind::Claim, operator, "released", now)?;
    let after = get(tx, id, now)?;
    audit_change(tx, operator, "ticket.release", Some(&before), &after, None)?;
    detail(tx, id, now)
}

/// Longest note or reply accepted.
pub const MAX_NOTE_CHARS: usize = 20_000;

/// Add an internal note or a public reply.
pub fn note(
    tx: &mut dyn Tx,
    operator: &str,
    id: i64,
    body: &str,
    visibility: Visibility,
    now: DateTime<Utc>,
) -> OpResult<TicketDetail> {
    if body.trim().is_empty() {
        return Err(OpError::invalid("body_required", "the note is empty"));
    }
    if body.chars().count() > MAX_NOTE_CHARS {
        return Err(OpError::invalid(
            "body_too_long",
            format!("a note holds at most {MAX_NOTE_CHARS} characters"),
        ));
    }
    let before = get(tx, id, now)?;
    let kind = match visibility {
        Visibility::Internal => TicketEventKind::InternalNote,
        Visibility::Public => TicketEventKind::PublicReply,
    };
    touch(tx, id, now)?;
    let event = add_event(tx, id, kind, operator, body, now)?;
    let after = get(tx, id, now)?;
    audit_change(
        tx,
        operator,
        "ticket.note",
        Some(&before),
        &after,
        Some(json!({ "event": event, "visibility": store::enum_str(&visibility) })),
    )?;
    detail(tx, id, now)
}

/// Log a phone call on a ticket.
pub fn call(
    tx: &mut dyn Tx,
    operator: &str,
    id: i64,
    c: &CallRecord,
    now: DateTime<Utc>,
) -> OpResult<TicketDetail> {
    if c.wrap_up.trim().is_empty() {
        return Err(OpError::invalid(
            "wrap_up_required",
            "a call needs a wrap-up code",
        ));
    }
    // The caller's number is kept only in its normalized form (the reveal answers it).
    let phone =
        match c.caller_phone.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(p) => Some(crate::domain::phone::normalize_mobile(p).map_err(|e| {
                OpError::invalid("invalid_caller_phone", format!("caller_phone: {e}"))
            })?),
        };
    if let Some(at) = c.callback_at {
        if at <= now {
            return Err(OpError::invalid(
                "callback_in_past",
                "callback_at must be ahead of now",
            ));
        }
    }
    let before = get(tx, id, now)?;
    let mins = c.duration_secs / 60;
    let secs = c.duration_secs % 60;
    let text = if c.summary.trim().is_empty() {
        format!("{mins}:{secs:02} · {}", c.wrap_up.trim())
    } else {
        format!(
            "{mins}:{secs:02} · {} · {}",
            c.wrap_up.trim(),
            c.summary.trim()
        )
    };
    touch(tx, id, now)?;
    let event = add_event(tx, id, TicketEventKind::Call, operator, &text, now)?;
    let call = tx.query_i64(
        "INSERT INTO ticket_calls (ticket_id, event_id, caller_phone, callback_at, at) VALUES (?, ?, ?, ?, ?) RETURNING id",
        &[id.into(), event.into(), phone.clone().into(), c.callback_at.into(), now.into()],
    )?;
    if let Some(at) = c.callback_at {
        // The newest call-back is the ticket's follow-up.
        tx.execute(
            "UPDATE tickets SET follow_up_at = ? WHERE id = ?",
            &[at.into(), id.into()],
        )?;
    }
    tx.execute(
        "UPDATE ticket_events SET duration_secs = ? WHERE id = ?",
        &[i64::from(c.duration_secs).into(), event.into()],
    )?;
    let after = get(tx, id, now)?;
    // The audit row says a number was kept, never the number.
    audit_change(
        tx,
        operator,
        "ticket.call",
        Some(&before),
        &after,
        Some(json!({
            "event": event,
            "call": call,
            "duration_secs": c.duration_secs,
            "wrap_up": c.wrap_up,
            "caller_phone_kept": phone.is_some(),
            "callback_at": c.callback_at,
        })),
    )?;
    detail(tx, id, now)
}

/// The caller's number of a call in full, with a reason: audited (the number is not in
/// the audit row, only that it was shown and why).
pub fn reveal_call_phone(
    tx: &mut dyn Tx,
    operator: &str,
    ticket: i64,
    call: i64,
    reason: &str,
) -> OpResult<Option<String>> {
    let phone = super::read::call_phone(tx, ticket, call)?;
    audit::append(
        tx,
        &audit::Record {
            operator,
            action: "ticket.call_reveal",
            target: format!("ticket:{ticket}"),
            reason: Some(reason),
            before: None,
            after: Some(json!({ "call": call, "field": "caller_phone" })),
        },
    )?;
    Ok(phone)
}

/// Move a ticket to a status on behalf of the system: a review linked to it was opened
/// or decided. The move follows from the review (whose own claim and four-eyes rules
/// apply), so a claim on the ticket does not refuse it; the SLA pauses or resumes as on
/// any status change.
pub fn system_status(tx: &mut dyn Tx, id: i64, to: Status, now: DateTime<Utc>) -> OpResult<()> {
    let t = get(tx, id, now)?;
    if t.status != to {
        set_status(tx, &t, to, now)?;
    }
    touch(tx, id, now)?;
    Ok(())
}
