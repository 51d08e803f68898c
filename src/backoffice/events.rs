//! Live updates: every committed audit row about a ticket, review or account becomes an
//! event on each server's stream. The audit table is the source, so events follow the
//! chain's order, cross servers (PostgreSQL NOTIFY wakes every server; SQLite servers on
//! one file notice within [`POLL`]) and survive a dropped notification.

use std::time::Duration;

use serde::Serialize;
use tokio::sync::broadcast;

use super::store::{Store, StoreError, Value};

/// How often the stream looks for new rows when nothing woke it.
pub const POLL: Duration = Duration::from_secs(2);
/// Events a slow subscriber may fall behind before it is told to resync.
const BACKLOG: usize = 1024;
/// Rows read per look.
const BATCH: i64 = 1000;

/// One change, as sent on `GET /api/v1/events` (`event:` is `kind`, `id:` is `seq`).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LiveEvent {
    /// Position in the audit chain; increases with every change.
    pub seq: i64,
    /// `ticket`, `review` or `account`.
    pub kind: String,
    /// Id of the changed resource.
    pub id: i64,
    /// What happened, e.g. `ticket.claim` (the audit action).
    pub action: String,
    /// Who did it.
    pub operator: String,
    /// When (RFC 3339, UTC).
    pub at: String,
}

impl LiveEvent {
    /// The event for an audit row, if the row is a change to a ticket, review or account.
    fn from_audit(
        seq: i64,
        at: String,
        operator: String,
        action: String,
        target: &str,
    ) -> Option<LiveEvent> {
        let (kind, id) = target.split_once(':')?;
        let id = id.parse().ok()?;
        // A reveal is read access (audited), not a change anyone needs to redraw for.
        let change =
            matches!(kind, "ticket" | "review" | "account") && !action.ends_with(".reveal");
        change.then(|| LiveEvent {
            seq,
            kind: kind.to_string(),
            id,
            action,
            operator,
            at,
        })
    }
}

/// The events of one server, fanned out to every subscriber.
#[derive(Clone)]
pub struct Hub {
    tx: broadcast::Sender<LiveEvent>,
}

impl Hub {
    /// Start following the store's audit chain (must run inside the tokio runtime).
    pub fn start(store: Store) -> Hub {
        let (tx, _) = broadcast::channel(BACKLOG);
        tokio::spawn(pump(store, tx.clone()));
        Hub { tx }
    }

    /// A receiver of every event from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.tx.subscribe()
    }
}

async fn pump(store: Store, tx: broadcast::Sender<LiveEvent>) {
    let wake = store.watch();
    let mut last = loop {
        match store
            .read(|t| t.query_i64("SELECT COALESCE(MAX(seq), 0) FROM audit", &[]))
            .await
        {
            Ok(seq) => break seq,
            Err(e) => {
                tracing::warn!(error = %e, "live events cannot read the audit chain; retrying");
                tokio::time::sleep(POLL).await;
            }
        }
    };
    loop {
        tokio::select! {
            () = wake.notified() => {}
            () = tokio::time::sleep(POLL) => {}
        }
        loop {
            let from = last;
            let rows = store
                .read(move |t| {
                    t.query(
                        "SELECT seq, at, operator, action, target FROM audit WHERE seq > ? ORDER BY seq LIMIT ?",
                        &[Value::Int(from), Value::Int(BATCH)],
                    )
                })
                .await;
            let rows = match rows {
                Ok(rows) => rows,
                Err(e) => {
                    tracing::warn!(error = %e, "live events cannot read the audit chain");
                    break;
                }
            };
            let full = rows.len() as i64 == BATCH;
            for r in rows {
                let parsed = (|| -> Result<_, StoreError> {
                    Ok((r.i64(0)?, r.str(1)?, r.str(2)?, r.str(3)?, r.str(4)?))
                })();
                let Ok((seq, at, operator, action, target)) = parsed else {
                    continue;
                };
                last = seq;
                if let Some(ev) = LiveEvent::from_audit(seq, at, operator, action, &target) {
                    // No subscriber is not an error: the event is simply not wanted.
                    let _ = tx.send(ev);
                }
            }
            if !full {
                break;
            }
        }
    }
}
