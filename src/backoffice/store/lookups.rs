//! The audit of reads of personal data (lookups, account cards) and the per-operator
//! budget of lookups that find nothing, in the database so that every server shares it.

use chrono::Utc;

use super::accounts::LookupColumn;
use super::{audit, throttles, StoreResult, Tx};
use crate::domain::mask;
use crate::domain::throttle::MissPolicy;

/// Audit action of a lookup.
pub const LOOKUP: &str = "account.lookup";
/// Audit action of an account-card read.
pub const VIEW: &str = "account.view";
/// Audit action written when an operator spends the miss budget.
pub const MISSES: &str = "security.lookup_misses";

/// The kind of query as the API names it, and the query masked as an answer masks it.
fn masked(col: LookupColumn, value: &str) -> (&'static str, String) {
    match col {
        LookupColumn::Phone => ("phone", mask::mask_phone(value)),
        LookupColumn::DocumentNumber => ("id_number", mask::mask_id_number(value)),
        LookupColumn::Login => ("login", mask::mask_login(value)),
        LookupColumn::Email => ("email", mask::mask_email(value)),
    }
}

/// Audit a lookup and, when it found nothing, count the miss. Returns how long the
/// operator must wait when lookups are refused (the budget was spent before, or by
/// this miss: then `security.lookup_misses` is audited too, which the live stream turns
/// into an alert for supervisors).
pub fn record_lookup(
    tx: &mut dyn Tx,
    operator: &str,
    col: LookupColumn,
    value: &str,
    matches: usize,
    policy: MissPolicy,
) -> StoreResult<Option<chrono::Duration>> {
    let now = Utc::now();
    let counter = throttles::get(tx, operator, throttles::LOOKUP_MISS)?;
    if let Some(wait) = counter.as_ref().and_then(|c| c.wait(now)) {
        return Ok(Some(wait));
    }
    let (kind, query) = masked(col, value);
    audit::append(
        tx,
        &audit::Record {
            operator,
            action: LOOKUP,
            target: format!("lookup:{kind}"),
            reason: None,
            before: None,
            after: Some(serde_json::json!({
                "kind": kind,
                "query": query,
                "matches": matches,
            })),
        },
    )?;
    if matches > 0 || policy.budget <= 0 {
        return Ok(None);
    }
    let (c, tripped) = policy.missed(counter, now);
    throttles::put(tx, operator, throttles::LOOKUP_MISS, &c)?;
    if !tripped {
        return Ok(None);
    }
    audit::append(
        tx,
        &audit::Record {
            operator,
            action: MISSES,
            target: format!("operator:{operator}"),
            reason: None,
            before: None,
            after: Some(serde_json::json!({
                "misses": c.count,
                "window_s": policy.window.num_seconds(),
                "blocked_until": c.until,
            })),
        },
    )?;
    // This lookup is answered; the next ones wait.
    Ok(None)
}

/// Audit a read of an account card.
pub fn record_view(tx: &mut dyn Tx, operator: &str, account: i64) -> StoreResult<()> {
    audit::append(
        tx,
        &audit::Record {
            operator,
            action: VIEW,
            target: format!("account:{account}"),
            reason: None,
            before: None,
            after: None,
        },
    )?;
    Ok(())
}
