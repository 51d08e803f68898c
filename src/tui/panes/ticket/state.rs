//! An open ticket as plain data: the ticket as last read, the note being written, the
//! write in flight and a write refused as stale.

use crate::api::{TicketDetail, Visibility};
use crate::client::IdempotencyKey;
use crate::tui::context::Latest;
use crate::tui::editor::TextArea;
use crate::tui::panes::write::PendingWrite;

/// The open ticket.
#[derive(Debug, Clone)]
pub struct DetailState {
    /// As last read.
    pub ticket: TicketDetail,
    /// First timeline line shown.
    pub scroll: usize,
    /// Note or reply being written.
    pub editor: Option<Compose>,
    /// A note or reply left with Esc: its draft is kept, `Open` returns to it.
    pub parked: Option<Compose>,
    /// Write in flight.
    pub in_flight: Option<PendingWrite>,
    /// The newest read.
    pub pending_read: Latest,
    /// A write refused as stale, shown with what changed.
    pub stale: Option<Stale>,
    /// The caller's number shown in full, until when (a reveal, for calling back).
    pub revealed_caller: Option<(String, chrono::DateTime<chrono::Utc>)>,
}

/// Note or reply being written.
#[derive(Debug, Clone)]
pub struct Compose {
    /// Internal note or public reply.
    pub visibility: Visibility,
    /// The text.
    pub text: TextArea,
    /// Key of this note (kept until the server confirms it).
    pub key: IdempotencyKey,
}

/// A write refused because the ticket changed meanwhile.
#[derive(Debug, Clone)]
pub struct Stale {
    /// The write to try again.
    pub retry: PendingWrite,
    /// What changed, as lines for the operator (empty until the re-read arrives).
    pub changes: Vec<String>,
    /// The re-read has arrived.
    pub reread: bool,
}
