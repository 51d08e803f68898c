//! Security alerts: audit rows whose action starts with `security.` and failed sign-ins,
//! shown to supervisors until one acknowledges them; and the reveal-spike alert.

use chrono::{DateTime, Duration, Utc};
use serde_json::json;

use crate::api::Alert;
use crate::backoffice::events::{is_alert, ALERT_ACK};
use crate::backoffice::store::{audit, throttles, OpError, OpResult, Row, StoreResult, Tx, Value};
use crate::domain::throttle::Counter;

/// More reveals than this by one operator within [`REVEAL_SPIKE_MINUTES`] raise a
/// `security.reveal_spike` alert. An agent on the phone reveals a field now and then to
/// read it back to a caller, a handful an hour at a busy desk; ten in ten minutes is
/// someone reading identities off the screen, which PIPL wants noticed.
pub const REVEAL_SPIKE_COUNT: i64 = 10;
/// The window of [`REVEAL_SPIKE_COUNT`].
pub const REVEAL_SPIKE_MINUTES: i64 = 10;
/// The throttle counter that counts reveals (shared by every server on the store).
const REVEALS: &str = "reveal";

/// Count a reveal by `operator` (inside the reveal's transaction); the reveal that goes
/// over the limit within the window appends a `security.reveal_spike` audit row (once per
/// window), which every supervisor's desk hears as a live `security.alert`.
pub fn reveal_spike(tx: &mut dyn Tx, operator: &str, now: DateTime<Utc>) -> StoreResult<bool> {
    let window = Duration::minutes(REVEAL_SPIKE_MINUTES);
    let counter = match throttles::get(tx, operator, REVEALS)? {
        Some(c) if now - c.since < window => Counter {
            count: c.count + 1,
            ..c
        },
        _ => Counter {
            count: 1,
            since: now,
            until: None,
        },
    };
    throttles::put(tx, operator, REVEALS, &counter)?;
    let spike = counter.count == REVEAL_SPIKE_COUNT + 1;
    if spike {
        audit::append(
            tx,
            &audit::Record {
                operator,
                action: "security.reveal_spike",
                target: format!("operator:{operator}"),
                reason: None,
                before: None,
                after: Some(json!({
                    "reveals": counter.count,
                    "since": counter.since,
                    "window_minutes": REVEAL_SPIKE_MINUTES,
                })),
            },
        )?;
    }
    Ok(spike)
}

/// The condition of an alert row (on `audit a`): two ranges of the action index.
const IS_ALERT: &str =
    "((a.action >= 'security.' AND a.action < 'security/') OR a.action = 'operator.sign_in_failed')";
const COLUMNS: &str =
    "a.seq, a.at, a.operator, a.action, a.target, a.after, k.acked_by, k.acked_at";
const FROM: &str = "audit a LEFT JOIN alert_acks k ON k.seq = a.seq";

fn alert(r: &Row) -> StoreResult<Alert> {
    Ok(Alert {
        seq: r.i64(0)?,
        at: r.time(1)?,
        action: r.str(3)?,
        operator: r.str(2)?,
        target: r.str(4)?,
        detail: r.opt_str(5)?.and_then(|s| serde_json::from_str(&s).ok()),
        acked_by: r.opt_str(6)?,
        acked_at: r.opt_time(7)?,
    })
}

/// Alerts newest first (only unacknowledged ones with `open`), before `before_seq` when
/// paging, and the total.
pub fn list(
    tx: &mut dyn Tx,
    open: bool,
    before_seq: Option<i64>,
    limit: u32,
) -> StoreResult<(Vec<Alert>, u64)> {
    let mut where_ = IS_ALERT.to_string();
    if open {
        where_.push_str(" AND k.seq IS NULL");
    }
    let total = tx.query_i64(&format!("SELECT COUNT(*) FROM {FROM} WHERE {where_}"), &[])?;
    let mut params: Vec<Value> = Vec::new();
    if let Some(b) = before_seq {
        where_.push_str(" AND a.seq < ?");
        params.push(b.into());
    }
    params.push(i64::from(limit).into());
    let items = tx
        .query(
            &format!("SELECT {COLUMNS} FROM {FROM} WHERE {where_} ORDER BY a.seq DESC LIMIT ?"),
            &params,
        )?
        .iter()
        .map(alert)
        .collect::<StoreResult<Vec<_>>>()?;
    Ok((items, u64::try_from(total).unwrap_or(0)))
}

/// Acknowledge alert `seq` (audited as `alert.ack`); acknowledging it again changes
/// nothing and answers the first acknowledgement.
pub fn ack(tx: &mut dyn Tx, operator: &str, seq: i64, now: DateTime<Utc>) -> OpResult<Alert> {
    let read = |tx: &mut dyn Tx| -> OpResult<Alert> {
        let r = tx
            .query_opt(
                &format!("SELECT {COLUMNS} FROM {FROM} WHERE a.seq = ?"),
                &[seq.into()],
            )?
            .ok_or_else(|| OpError::NotFound(format!("alert {seq}")))?;
        Ok(alert(&r)?)
    };
    let found = read(tx)?;
    if !is_alert(&found.action) {
        return Err(OpError::NotFound(format!("alert {seq}")));
    }
    if found.acked_by.is_some() {
        return Ok(found);
    }
    tx.execute(
        "INSERT INTO alert_acks (seq, acked_by, acked_at) VALUES (?, ?, ?)",
        &[seq.into(), operator.into(), now.into()],
    )?;
    audit::append(
        tx,
        &audit::Record {
            operator,
            action: ALERT_ACK,
            target: format!("alert:{seq}"),
            reason: None,
            before: Some(json!({ "action": found.action, "acked_by": null })),
            after: Some(json!({ "action": found.action, "acked_by": operator })),
        },
    )?;
    read(tx)
}
