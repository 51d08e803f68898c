//! What is kept of a running phone call (see `panes/call/draft.rs` for how it is made
//! and put back).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::call_target::{CallerAccount, Choice, TicketRef};

/// Seconds between two saves of a running call's clock.
pub const ALIVE_STEP_SECS: i64 = 10;

/// What is kept of a call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallDraft {
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// Last time the desk saw it running (rounded down to [`ALIVE_STEP_SECS`]).
    pub alive_at: DateTime<Utc>,
    /// When it was hung up, if it was.
    pub ended_at: Option<DateTime<Utc>>,
    /// The number as typed.
    pub number: String,
    /// The number normalized.
    pub normalized: Option<String>,
    /// The ticket open when it started.
    pub opened: Option<TicketRef>,
    /// The caller's account.
    pub account: Option<CallerAccount>,
    /// Where the agent chose to log it.
    pub choice: Option<Choice>,
    /// Wrap-up code highlighted, once hung up.
    pub code: Option<String>,
    /// Summary typed so far.
    pub summary: String,
    /// Key of the new ticket (reused, so a retry after a crash opens it once).
    pub ticket_key: String,
}
