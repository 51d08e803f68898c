//! Per-operator throttle counters in the database, shared by every server on it (the
//! rules that move them are in [`crate::domain::throttle`]).

use chrono::{DateTime, Utc};

use super::{StoreResult, Tx};
use crate::domain::throttle::Counter;

/// Failed sign-ins.
pub const SIGN_IN: &str = "sign_in";
/// Lookups that found nothing.
pub const LOOKUP_MISS: &str = "lookup_miss";

/// The counter of `kind` for `operator`, if any.
pub fn get(tx: &mut dyn Tx, operator: &str, kind: &str) -> StoreResult<Option<Counter>> {
    tx.query_opt(
        "SELECT count, since, until FROM throttles WHERE operator = ? AND kind = ?",
        &[operator.into(), kind.into()],
    )?
    .map(|r| {
        Ok(Counter {
            count: r.i64(0)?,
            since: r.time(1)?,
            until: r.opt_time(2)?,
        })
    })
    .transpose()
}

/// Store the counter.
pub fn put(tx: &mut dyn Tx, operator: &str, kind: &str, c: &Counter) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO throttles (operator, kind, count, since, until) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (operator, kind) DO UPDATE SET count = excluded.count,
             since = excluded.since, until = excluded.until",
        &[
            operator.into(),
            kind.into(),
            c.count.into(),
            c.since.into(),
            c.until.into(),
        ],
    )?;
    Ok(())
}

/// Forget the counter (a successful sign-in).
pub fn clear(tx: &mut dyn Tx, operator: &str, kind: &str) -> StoreResult<()> {
    tx.execute(
        "DELETE FROM throttles WHERE operator = ? AND kind = ?",
        &[operator.into(), kind.into()],
    )?;
    Ok(())
}

/// Drop counters untouched since `before` whose refusal is over: ids an attacker made up
/// do not pile up. (A sign-in counter of a real operator goes too: after a day without
/// attempts the delay starts again from the first step.)
pub fn purge(tx: &mut dyn Tx, before: DateTime<Utc>) -> StoreResult<u64> {
    tx.execute(
        "DELETE FROM throttles WHERE (until IS NULL OR until < ?) AND since < ?",
        &[before.into(), before.into()],
    )
}
