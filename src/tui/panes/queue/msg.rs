//! What the queue asks of the back office (its answers come back as pages).

use crate::api::TicketQuery;

/// A read of the queue.
#[derive(Debug, Clone)]
pub enum QueueRequest {
    /// Read the page shown (a newer one supersedes it).
    Load {
        /// Request id.
        req: u64,
        /// The query.
        query: TicketQuery,
    },
    /// Read a neighbouring page ahead of the selection (neither supersedes nor is
    /// superseded by other queue reads).
    ReadAhead {
        /// Request id.
        req: u64,
        /// The query.
        query: TicketQuery,
    },
}
