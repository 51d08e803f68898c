//! Sign-in sessions: only the SHA-256 of each token is stored.

use chrono::{DateTime, Duration, Utc};

use super::{StoreResult, Tx};

/// A session is dropped after this long without a request.
pub const IDLE_MINUTES: i64 = 8 * 60;
/// A session never lives longer than this.
pub const ABSOLUTE_HOURS: i64 = 12;
/// `last_seen_at` is refreshed at most this often, to keep reads cheap.
const TOUCH_SECONDS: i64 = 60;

/// Store a new session.
pub fn insert(
    tx: &mut dyn Tx,
    token_hash: &str,
    operator: &str,
    now: DateTime<Utc>,
) -> StoreResult<DateTime<Utc>> {
    let expires = now + Duration::hours(ABSOLUTE_HOURS);
    tx.execute(
        "INSERT INTO sessions (token_hash, operator_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)",
        &[token_hash.into(), operator.into(), now.into(), now.into(), expires.into()],
    )?;
    Ok(expires)
}

/// A live session's operator and whether `last_seen_at` is due for a refresh.
pub fn find(
    tx: &mut dyn Tx,
    token_hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<Option<(String, bool)>> {
    let Some(r) = tx.query_opt(
        "SELECT s.operator_id, s.last_seen_at, s.expires_at FROM sessions s
         JOIN operators o ON o.id = s.operator_id
         WHERE s.token_hash = ? AND o.disabled = 0",
        &[token_hash.into()],
    )?
    else {
        return Ok(None);
    };
    let last_seen = r.time(1)?;
    let expires = r.time(2)?;
    if now >= expires || now - last_seen > Duration::minutes(IDLE_MINUTES) {
        return Ok(None);
    }
    Ok(Some((
        r.str(0)?,
        now - last_seen > Duration::seconds(TOUCH_SECONDS),
    )))
}

/// Record activity on a session.
pub fn touch(tx: &mut dyn Tx, token_hash: &str, now: DateTime<Utc>) -> StoreResult<()> {
    tx.execute(
        "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?",
        &[now.into(), token_hash.into()],
    )?;
    Ok(())
}

/// End a session.
pub fn delete(tx: &mut dyn Tx, token_hash: &str) -> StoreResult<()> {
    tx.execute(
        "DELETE FROM sessions WHERE token_hash = ?",
        &[token_hash.into()],
    )?;
    Ok(())
}

/// Drop expired sessions.
pub fn purge(tx: &mut dyn Tx, now: DateTime<Utc>) -> StoreResult<u64> {
    let idle_cutoff = now - Duration::minutes(IDLE_MINUTES);
    tx.execute(
        "DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at < ?",
        &[now.into(), idle_cutoff.into()],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{OperatorInfo, Role};
    use crate::backoffice::store::{operators, Store, StoreError};

    #[test]
    fn sessions_end_after_idle_time_and_absolute_expiry() -> Result<(), StoreError> {
        let dir = tempfile::tempdir().map_err(|e| StoreError::Db(e.to_string()))?;
        let store = Store::open(&format!("sqlite:{}", dir.path().join("s.db").display()))?;
        let t0 = Utc::now();
        store.write_blocking(|tx| {
            let op = OperatorInfo {
                id: "ab".into(),
                name: "A".into(),
                roles: vec![Role::Agent],
            };
            operators::insert(tx, &op, "x")?;
            insert(tx, "h", "ab", t0)?;
            Ok::<_, StoreError>(())
        })?;
        store.read_blocking(|tx| {
            assert_eq!(find(tx, "h", t0)?, Some(("ab".into(), false)));
            // Touch is due after a minute, not before.
            assert_eq!(
                find(tx, "h", t0 + Duration::seconds(90))?,
                Some(("ab".into(), true))
            );
            // Idle too long.
            assert_eq!(
                find(tx, "h", t0 + Duration::minutes(IDLE_MINUTES + 1))?,
                None
            );
            Ok::<_, StoreError>(())
        })?;
        // Active every few hours, but past the absolute limit all the same.
        let mut t = t0;
        while t < t0 + Duration::hours(ABSOLUTE_HOURS) {
            t += Duration::hours(4);
            store.write_blocking(|tx| touch(tx, "h", t))?;
        }
        store.read_blocking(|tx| {
            assert_eq!(find(tx, "h", t)?, None);
            assert_eq!(find(tx, "unknown", t0)?, None);
            Ok::<_, StoreError>(())
        })
    }
}
