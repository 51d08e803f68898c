//! A phone call as plain data: the timer, the caller's number and the accounts bound to
//! it, the ticket it will be logged on, and its wrap-up.

use chrono::{DateTime, Utc};
use tui_input::Input;

use crate::api::AccountSummary;
use crate::client::IdempotencyKey;
use crate::tui::context::Latest;
use crate::tui::editor::TextArea;

/// Wrap-up codes offered at hang-up.
pub const WRAP_UP_CODES: [&str; 6] = [
    "resolved",
    "info_given",
    "callback",
    "escalated",
    "wrong_number",
    "dropped",
];

/// Stage of a phone call.
#[derive(Debug, Clone, PartialEq)]
pub enum CallPhase {
    /// Talking; the timer runs.
    Active,
    /// Hung up: a wrap-up code is required before it closes.
    WrapUp {
        /// When the call ended.
        ended_at: DateTime<Utc>,
        /// Code chosen.
        code: Option<String>,
    },
    /// Being logged.
    Logging {
        /// Length in seconds.
        duration_secs: u32,
    },
}

/// A phone call.
#[derive(Debug, Clone)]
pub struct CallState {
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// Caller's number as typed.
    pub number: Input,
    /// The number is being typed.
    pub editing_number: bool,
    /// Normalized number, once valid.
    pub normalized: Option<String>,
    /// Accounts bound to that number (masked).
    pub matches: Vec<AccountSummary>,
    /// Newest caller lookup.
    pub pending_lookup: Latest,
    /// Ticket it will be logged on (the open one when it started; else a new one).
    pub ticket: Option<i64>,
    /// Where it stands.
    pub phase: CallPhase,
    /// Summary typed by the agent.
    pub summary: TextArea,
    /// Key of the call record.
    pub key: IdempotencyKey,
    /// Key of the new ticket, when one is created.
    pub ticket_key: IdempotencyKey,
}
