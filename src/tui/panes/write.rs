//! A change to a ticket kept until the server answers: the open ticket and the phone call
//! both send them, and the root hands the answer back to the one that sent it.

use crate::api::{CallRecord, NoteRequest, TicketPatch};
use crate::client::IdempotencyKey;

/// A change to a ticket, kept until the server gives a definite answer.
#[derive(Debug, Clone)]
pub enum Write {
    /// Status, priority or category (needs the version).
    Patch(TicketPatch),
    /// Note or reply.
    Note(NoteRequest),
    /// Claim, or steal.
    Claim {
        /// Take it from its holder.
        steal: bool,
    },
    /// Release the claim.
    Release,
    /// Log a call.
    Call(CallRecord),
}

/// A write in flight or waiting for the operator.
#[derive(Debug, Clone)]
pub struct PendingWrite {
    /// Ticket.
    pub ticket: i64,
    /// The change.
    pub write: Write,
    /// Its idempotency key (the same on every retry of this action).
    pub key: IdempotencyKey,
}
