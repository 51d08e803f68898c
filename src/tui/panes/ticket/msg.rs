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
    /// Send a change.
    Write {
        /// Ticket, change and key.
        write: PendingWrite,
        /// Version the change is based on (for `If-Match`).
        version: i64,
    },
}
