//! What the open ticket asks of the back office.

use crate::tui::panes::write::PendingWrite;

/// A read or a change of the open ticket.
#[derive(Debug, Clone)]
pub enum TicketRequest {
    /// Read a ticket with its timeline.
    Load {
        /// Request id.
        req: u64,
        /// Ticket.
        id: i64,
    },
    /// Show the caller's number of a call in full (with a reason; audited).
    RevealCaller {
        /// Ticket.
        ticket: i64,
        /// Call.
        call: i64,
        /// Why.
        reason: String,
    },
    /// Send a change.
    Write {
        /// Ticket, change and key.
        write: PendingWrite,
        /// Version the change is based on (for `If-Match`).
        version: i64,
    },
}
