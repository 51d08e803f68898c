//! Live updates: every committed audit row about a ticket, review or account becomes an
//! event on each server's stream. The audit table is the source, so events follow the
//! chain's order, cross servers (PostgreSQL NOTIFY wakes every server; SQLite servers on
//! one file notice within [`POLL`]) and survive a dropped notification.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{broadcast, watch};

use super::store::{Row, Store, StoreError, Value};
pub use crate::api::LiveEvent;

/// How often the stream looks for new rows when nothing woke it: what another SQLite
/// process wrote shows within it, and a desk must show a change within a second. One
/// indexed read of the newest rows, twice a second, costs next to nothing.
pub const POLL: Duration = Duration::from_millis(500);
/// Events a slow subscriber may fall behind before it is told to resync.
const BACKLOG: usize = 1024;
/// Rows read per look.
const BATCH: i64 = 1000;
/// Most audit rows a reconnecting subscriber may have missed; past that it is told to
/// resync (reload what it shows), which is cheaper than replaying a long backlog.
pub const REPLAY_MAX: i64 = 1000;

/// Kind of the event raised for a security event (supervisors only): an audit row whose
/// action starts with `security.` (a spent lookup-miss budget, a reveal spike) or a
/// failed sign-in.
pub const SECURITY_ALERT: &str = "security.alert";
/// Kind of the event raised when a supervisor acknowledges an alert (supervisors only),
/// so every supervisor's alert list drops it.
pub const ALERT: &str = "alert";
/// Audit action of an acknowledgement.
pub const ALERT_ACK: &str = "alert.ack";

/// Whether an audit action is a security alert (what `GET /alerts` lists).
pub fn is_alert(action: &str) -> bool {
    action.starts_with("security.") || action == "operator.sign_in_failed"
}

/// What an agent or reviewer sees in place of who changed an account.
pub const REDACTED: &str = "";

impl LiveEvent {
    /// The event for an audit row, if the row is a change to a ticket, review or account,
    /// or a security alert.
    pub(crate) fn from_audit(
        seq: i64,
        at: String,
        operator: String,
        action: String,
        target: &str,
        before: Option<&str>,
        after: Option<&str>,
    ) -> Option<LiveEvent> {
        if is_alert(&action) {
            return Some(LiveEvent {
                seq,
                previous: None,
                assignee: None,
                decision: None,
                kind: SECURITY_ALERT.to_string(),
                id: seq,
                action,
                operator,
                at,
            });
        }
        if action == ALERT_ACK {
            let id = target.strip_prefix("alert:")?.parse().ok()?;
            return Some(LiveEvent {
                seq,
                previous: None,
                assignee: None,
                decision: None,
                kind: ALERT.to_string(),
                id,
                action,
                operator,
                at,
            });
        }
        let (kind, id) = target.split_once(':')?;
        let id = id.parse().ok()?;
        // Reads (reveals, card views, lookups, image views) are audited access, not
        // changes anyone needs to redraw for.
        let read = [".reveal", ".view", ".lookup", ".image_view"]
            .iter()
            .any(|r| action.ends_with(r));
        let change = matches!(kind, "ticket" | "review" | "account") && !read;
        // A take-over names the holder it took the claim from (the audit row's state
        // before: `assignee` of a ticket, `claimed_by` of a review).
        let previous = action
            .ends_with(".steal")
            .then(|| before.and_then(|b| serde_json::from_str::<serde_json::Value>(b).ok()))
            .flatten()
            .and_then(|b| {
                ["assignee", "claimed_by"]
                    .iter()
                    .find_map(|k| b[*k].as_str().map(str::to_string))
            });
        // An assignment names the assignee (the audit row's state after).
        let assignee = action
            .ends_with(".assign")
            .then(|| after.and_then(|a| serde_json::from_str::<serde_json::Value>(a).ok()))
            .flatten()
            .and_then(|a| a["assigned_to"].as_str().map(str::to_string));
        // A decision names itself (the audit row's state after carries it).
        let decision = (action == "review.decide")
            .then(|| after.and_then(|a| serde_json::from_str::<serde_json::Value>(a).ok()))
            .flatten()
            .and_then(|a| a["decision"].as_str().map(str::to_string));
        change.then(|| LiveEvent {
            seq,
            previous,
            assignee,
            decision,
            kind: kind.to_string(),
            id,
            action,
            operator,
            at,
        })
    }

    /// The event as `viewer` may see it: supervisors see everything; others get no
    /// security alerts, and of a change to an account only that it changed (not who did
    /// what), unless they did it themselves.
    pub fn for_viewer(&self, viewer: &str, supervisor: bool) -> Option<LiveEvent> {
        if supervisor {
            return Some(self.clone());
        }
        match self.kind.as_str() {
            SECURITY_ALERT | ALERT => None,
            "account" if self.operator != viewer => Some(LiveEvent {
                operator: REDACTED.to_string(),
                action: "account.change".to_string(),
                ..self.clone()
            }),
            _ => Some(self.clone()),
        }
    }
}

/// The event of one audit row (`seq, at, operator, action, target, before, after`), if
/// it is a change.
fn event_of(r: &Row) -> Result<(i64, Option<LiveEvent>), StoreError> {
    let (seq, at, operator, action, target) =
        (r.i64(0)?, r.str(1)?, r.str(2)?, r.str(3)?, r.str(4)?);
    let (before, after) = (r.opt_str(5)?, r.opt_str(6)?);
    Ok((
        seq,
        LiveEvent::from_audit(
            seq,
            at,
            operator,
            action,
            &target,
            before.as_deref(),
            after.as_deref(),
        ),
    ))
}

/// Where a new subscriber starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Start {
    /// The changes after the subscriber's `Last-Event-ID`, oldest first.
    pub replay: Vec<LiveEvent>,
    /// Live events up to this seq are covered already (replayed, or older than the
    /// subscription) and must be dropped.
    pub upto: i64,
    /// The subscriber missed too much (or sent an id this chain does not know): it must
    /// reload what it shows instead.
    pub resync: bool,
}

/// The events of one server, fanned out to every subscriber.
#[derive(Clone)]
pub struct Hub {
    tx: broadcast::Sender<LiveEvent>,
    store: Store,
    /// Set when the server shuts down: streams end, so the graceful shutdown (which
    /// waits for every response to finish) is not held up by subscribers.
    closing: Arc<watch::Sender<bool>>,
}

impl Hub {
    /// Start following the store's audit chain (must run inside the tokio runtime).
    pub fn start(store: Store) -> Hub {
        let (tx, _) = broadcast::channel(BACKLOG);
        tokio::spawn(pump(store.clone(), tx.clone()));
        Hub {
            tx,
            store,
            closing: Arc::new(watch::channel(false).0),
        }
    }

    /// End every stream (the server is shutting down; clients reconnect elsewhere).
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Resolves once [`Hub::close`] was called.
    pub fn closed(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut rx = self.closing.subscribe();
        async move {
            // An error means the hub is gone, which also ends the stream.
            let _ = rx.wait_for(|closing| *closing).await;
        }
    }

    /// A receiver of every event from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.tx.subscribe()
    }

    /// What a subscriber that has just subscribed missed since `last_event_id` (the
    /// `Last-Event-ID` header of a reconnect; `None` on a first connect).
    ///
    /// Call it after [`Hub::subscribe`]: every row committed before the read is in the
    /// replay or at most `upto`, every later one arrives live, so nothing is lost.
    pub async fn start_for(&self, last_event_id: Option<&str>) -> Result<Start, StoreError> {
        // None: a first connect; Some(None): an id that is not one of ours.
        let after = last_event_id
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|id| id.parse::<i64>().ok());
        self.store
            .read(move |t| {
                let head = t.query_i64("SELECT COALESCE(MAX(seq), 0) FROM audit", &[])?;
                let fresh = |resync| Start {
                    replay: Vec::new(),
                    upto: head,
                    resync,
                };
                let from = match after {
                    None => return Ok(fresh(false)),
                    // Not a seq of ours, or ahead of the chain (another database): reload.
                    Some(None) => return Ok(fresh(true)),
                    Some(Some(a)) if a > head || a < 0 => return Ok(fresh(true)),
                    Some(Some(a)) => a,
                };
                let rows = t.query(
                    "SELECT seq, at, operator, action, target, before, after FROM audit \
                     WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?",
                    &[
                        Value::Int(from),
                        Value::Int(head),
                        Value::Int(REPLAY_MAX + 1),
                    ],
                )?;
                if rows.len() as i64 > REPLAY_MAX {
                    return Ok(fresh(true));
                }
                let mut replay = Vec::new();
                for r in &rows {
                    if let (_, Some(ev)) = event_of(r)? {
                        replay.push(ev);
                    }
                }
                Ok(Start {
                    replay,
                    upto: head,
                    resync: false,
                })
            })
            .await
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
                        "SELECT seq, at, operator, action, target, before, after FROM audit WHERE seq > ? ORDER BY seq LIMIT ?",
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
            for r in &rows {
                let Ok((seq, ev)) = event_of(r) else {
                    continue;
                };
                last = seq;
                if let Some(ev) = ev {
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
