//! Who is online: each server writes an operator's `last_seen_at` to the store when a
//! request comes in or an open event stream ticks, at most once per [`WRITE_EVERY`] per
//! operator, so requests do not write every time and several servers on one database
//! agree on who is there.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use super::store::{Store, StoreResult, Tx};

/// How often one server writes an operator's `last_seen_at`: well inside
/// [`ONLINE_WITHIN_SECS`], so an operator who keeps working never drops off the board.
pub const WRITE_EVERY: Duration = Duration::from_secs(30);
/// An operator counts as online when seen within this many seconds (a request, or an open
/// event stream's heartbeat every [`WRITE_EVERY`]).
pub const ONLINE_WITHIN_SECS: i64 = 120;

/// When this server last wrote each operator's `last_seen_at`.
#[derive(Debug, Default)]
pub struct Presence {
    written: Mutex<HashMap<String, Instant>>,
}

impl Presence {
    /// Whether `operator`'s `last_seen_at` is due a write from this server; if so, the
    /// write is counted as done (a failed write is retried after [`WRITE_EVERY`]).
    pub fn due(&self, operator: &str) -> bool {
        let now = Instant::now();
        let mut map = match self.written.lock() {
            Ok(m) => m,
            // A panic elsewhere while holding the map leaves it usable: it holds instants.
            Err(poisoned) => poisoned.into_inner(),
        };
        match map.get(operator) {
            Some(t) if now.duration_since(*t) < WRITE_EVERY => false,
            _ => {
                map.insert(operator.to_string(), now);
                true
            }
        }
    }

    /// Record that `operator` was seen now, when due (see [`Presence::due`]).
    pub async fn seen(&self, store: &Store, operator: &str) -> StoreResult<()> {
        if !self.due(operator) {
            return Ok(());
        }
        let (op, now) = (operator.to_string(), Utc::now());
        store.write(move |tx| touch(tx, &op, now)).await
    }
}

/// Move `operator`'s `last_seen_at` on to `now` (never back: another server may have
/// written a later time).
pub fn touch(tx: &mut dyn Tx, operator: &str, now: DateTime<Utc>) -> StoreResult<()> {
    tx.execute(
        "UPDATE operators SET last_seen_at = ? WHERE id = ? AND (last_seen_at IS NULL OR last_seen_at < ?)",
        &[now.into(), operator.into(), now.into()],
    )?;
    Ok(())
}

/// Whether an operator last seen at `last_seen` counts as online at `now`.
pub fn online(last_seen: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    last_seen.is_some_and(|t| (now - t).num_seconds() < ONLINE_WITHIN_SECS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_writes_an_operator_at_most_once_per_interval() {
        let p = Presence::default();
        assert!(p.due("demo-agent"), "first sight is written");
        assert!(
            !p.due("demo-agent"),
            "the second within the interval is not"
        );
        assert!(p.due("demo-lead"), "another operator is counted apart");
    }

    #[test]
    fn online_means_seen_within_two_minutes() {
        let now = Utc::now();
        assert!(online(Some(now - chrono::Duration::seconds(119)), now));
        assert!(!online(Some(now - chrono::Duration::seconds(121)), now));
        assert!(!online(None, now));
    }
}
