//! Live updates in the desk (pure part): the stream's state for the title bar, and which
//! panes an event made stale.
//!
//! An event only *marks* what it touches (queue, open ticket, reviews list, open review,
//! account card) with the newest request id issued so far; [`flush`], run after every
//! action, re-reads a marked pane once nothing newer than the mark is in flight. So a
//! burst of events costs one reload in flight plus one after it, a read that started
//! after the event (e.g. the reload after the operator's own write) already covers it,
//! and a pane that is being edited (stale-write question, decision form, account form)
//! is re-read only once the operator is done with it.

use std::time::Duration;

/// Queue refresh while the stream is up: it carries every change, so the poll is only a
/// safety net against a change the stream could not deliver.
pub const POLL_UP: Duration = Duration::from_secs(60);
/// Queue refresh while the stream is down (or not yet up): twice as often as the old
/// fixed 20 s, so that a desk behind a proxy that cuts streams still sees changes soon,
/// at 0.1 request/s per desk (the open ticket and card are re-read too, see [`polled`]).
pub const POLL_DOWN: Duration = Duration::from_secs(10);

/// The stream's state, as reported by the runner's task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiveStatus {
    /// Subscribed: changes arrive as they happen.
    Up,
    /// Broken or refused; the task reconnects (unless the session expired) and the desk
    /// polls meanwhile.
    Down,
}

/// Live-update state of the desk.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LiveState {
    /// The stream's state; `None` until the first attempt to subscribe has ended.
    pub status: Option<LiveStatus>,
    /// Pending re-reads, each the newest request id issued when the (last) event about
    /// it arrived: a read with a larger id started after the change and shows it.
    pub stale: Stale,
}

/// Panes waiting for a re-read (see [`LiveState::stale`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stale {
    /// The queue page.
    pub queue: Option<u64>,
    /// The open ticket.
    pub ticket: Option<u64>,
    /// The reviews list and counts.
    pub reviews: Option<u64>,
    /// The open review.
    pub review: Option<u64>,
    /// The account card in the lookup pane.
    pub card: Option<u64>,
}

impl LiveState {
    /// Whether the stream is up.
    pub fn up(&self) -> bool {
        self.status == Some(LiveStatus::Up)
    }

    /// How often the queue is polled now.
    pub fn poll_every(&self) -> Duration {
        if self.up() {
            POLL_UP
        } else {
            POLL_DOWN
        }
    }
}
