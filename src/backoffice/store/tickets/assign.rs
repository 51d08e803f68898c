//! A supervisor's assignment and an agent's escalation: who a ticket waits for beyond
//! the claim lease.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::read::{detail, get};
use super::write::{add_event, audit_change, audit_state, touch};
use crate::api::{Role, Status, TicketDetail, TicketEventKind, TicketSummary};
use crate::backoffice::store::{self, audit, OpError, OpResult, Tx};

/// Whether a ticket is done (resolved or closed): nothing to assign or escalate.
fn done(t: &TicketSummary) -> bool {
    matches!(t.status, Status::Resolved | Status::Closed)
}

/// Assign a ticket to `to` (a supervisor's step, checked by the route): it stays theirs
/// until resolved, closed or reassigned; an escalation ends here. `to` must be an enabled
/// operator who works tickets (agent or supervisor).
pub fn assign(
    tx: &mut dyn Tx,
    operator: &str,
    id: i64,
    to: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> OpResult<TicketDetail> {
    let before = get(tx, id, now)?;
    if done(&before) {
        return Err(OpError::conflict(
            "ticket_closed",
            format!(
                "ticket {id} is {}; reopen it before assigning it",
                store::enum_str(&before.status)
            ),
        ));
    }
    let target = store::operators::enabled(tx, to)?;
    if !target.has(Role::Agent) && !target.has(Role::Supervisor) {
        return Err(OpError::conflict(
            "role_required",
            format!("{to} is not an agent; tickets are assigned to agents or supervisors"),
        ));
    }
    tx.execute(
        "UPDATE tickets SET assigned_to = ?, assigned_at = ?, escalated_by = NULL,
            escalated_at = NULL, escalation_note = NULL WHERE id = ?",
        &[to.into(), now.into(), id.into()],
    )?;
    touch(tx, id, now)?;
    add_event(
        tx,
        id,
        TicketEventKind::Assignment,
        operator,
        &format!("{to} · {reason}"),
        now,
    )?;
    let after = get(tx, id, now)?;
    audit::append(
        tx,
        &audit::Record {
            operator,
            action: "ticket.assign",
            target: format!("ticket:{id}"),
            reason: Some(reason),
            before: Some(audit_state(&before)),
            after: Some(audit_state(&after)),
        },
    )?;
    detail(tx, id, now)
}

/// Longest escalation note accepted.
pub const MAX_ESCALATION_CHARS: usize = 5_000;

/// Hand a ticket to the supervisors with a note: it shows `escalated` and is on
/// `GET /escalations` until a supervisor assigns it or it is resolved or closed.
pub fn escalate(
    tx: &mut dyn Tx,
    operator: &str,
    id: i64,
    note: &str,
    now: DateTime<Utc>,
) -> OpResult<TicketDetail> {
    let note = note.trim();
    if note.is_empty() {
        return Err(OpError::invalid(
            "note_required",
            "say what the supervisor needs to know",
        ));
    }
    if note.chars().count() > MAX_ESCALATION_CHARS {
        return Err(OpError::invalid(
            "note_too_long",
            format!("an escalation note holds at most {MAX_ESCALATION_CHARS} characters"),
        ));
    }
    let before = get(tx, id, now)?;
    if done(&before) {
        return Err(OpError::conflict(
            "ticket_closed",
            format!(
                "ticket {id} is {}; there is nothing to escalate",
                store::enum_str(&before.status)
            ),
        ));
    }
    tx.execute(
        "UPDATE tickets SET escalated_by = ?, escalated_at = ?, escalation_note = ? WHERE id = ?",
        &[operator.into(), now.into(), note.into(), id.into()],
    )?;
    touch(tx, id, now)?;
    let event = add_event(tx, id, TicketEventKind::Escalation, operator, note, now)?;
    let after = get(tx, id, now)?;
    audit_change(
        tx,
        operator,
        "ticket.escalate",
        Some(&before),
        &after,
        Some(json!({ "event": event })),
    )?;
    detail(tx, id, now)
}
