//! What a phone call asks of the back office.

use crate::api::NewTicket;
use crate::client::IdempotencyKey;
use crate::tui::panes::write::PendingWrite;

/// A request of the call.
#[derive(Debug, Clone)]
pub enum CallRequest {
    /// Find the accounts bound to the caller's (normalized) mobile number.
    FindCaller {
        /// Request id.
        req: u64,
        /// Number.
        phone: String,
    },
    /// Read the caller's account (its open tickets decide where the call goes).
    LoadAccount {
        /// Request id.
        req: u64,
        /// Account id.
        id: i64,
    },
    /// Log the call, on `ticket` or on a new ticket.
    Log {
        /// Existing ticket.
        ticket: Option<i64>,
        /// New ticket to create first.
        new_ticket: Option<(NewTicket, IdempotencyKey)>,
        /// The call, with its key.
        call: PendingWrite,
    },
}
