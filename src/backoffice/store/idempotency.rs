//! Idempotency keys: the first response to a key is stored in the same transaction as
//! its effect, so a repeat replays it and the effect happens once.

use chrono::{Duration, Utc};

use super::{StoreResult, Tx};

/// How long keys are kept.
pub const KEEP_HOURS: i64 = 48;

/// What a key says about a request.
#[derive(Debug, Clone, PartialEq)]
pub enum Seen {
    /// First use of the key.
    New,
    /// The key was used for this very request: replay its response.
    Replay {
        /// HTTP status.
        status: u16,
        /// ETag header, if any.
        etag: Option<String>,
        /// JSON body.
        body: String,
    },
    /// The key was used for a different request.
    Mismatch,
}

/// Look a key up (inside the write transaction that will use it).
pub fn check(tx: &mut dyn Tx, operator: &str, key: &str, request_hash: &str) -> StoreResult<Seen> {
    let row = tx.query_opt(
        "SELECT request_hash, status, etag, body FROM idempotency WHERE operator = ? AND key = ?",
        &[operator.into(), key.into()],
    )?;
    Ok(match row {
        None => Seen::New,
        Some(r) if r.str(0)? != request_hash => Seen::Mismatch,
        Some(r) => Seen::Replay {
            status: u16::try_from(r.i64(1)?).unwrap_or(200),
            etag: r.opt_str(2)?,
            body: r.str(3)?,
        },
    })
}

/// Store the response given to a key.
pub fn record(
    tx: &mut dyn Tx,
    operator: &str,
    key: &str,
    request_hash: &str,
    status: u16,
    etag: Option<&str>,
    body: &str,
) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO idempotency (operator, key, request_hash, status, etag, body, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
        &[
            operator.into(),
            key.into(),
            request_hash.into(),
            i64::from(status).into(),
            etag.into(),
            body.into(),
            Utc::now().into(),
        ],
    )?;
    Ok(())
}

/// Forget keys older than [`KEEP_HOURS`].
pub fn purge(tx: &mut dyn Tx) -> StoreResult<u64> {
    let cutoff = Utc::now() - Duration::hours(KEEP_HOURS);
    tx.execute(
        "DELETE FROM idempotency WHERE created_at < ?",
        &[cutoff.into()],
    )
}
