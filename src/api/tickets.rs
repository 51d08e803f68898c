//! Tickets: the list query, summaries, detail with timeline, and the writes on them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::ticket::{Category, Channel, Priority, Status, Visibility};

/// Query of `GET /tickets`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TicketQuery {
    /// Comma-separated statuses.
    pub status: Option<String>,
    /// Comma-separated categories.
    pub category: Option<String>,
    /// Operator id or `me`: tickets that operator holds under a live claim or is assigned
    /// to (the "mine" view); `none`: neither claimed nor assigned.
    pub assignee: Option<String>,
    /// Comma-separated channels.
    pub channel: Option<String>,
    /// Free text in subject and body.
    pub q: Option<String>,
    /// Only the ticket with this number (`/ #123` in the desk's queue).
    pub id: Option<i64>,
    /// Column, `-` prefix for descending: id, channel, category, subject, status, priority, assignee, due, updated.
    pub sort: Option<String>,
    /// Only tickets past their SLA due date.
    pub overdue: Option<bool>,
    /// Page size (1–200, default 50).
    pub limit: Option<u32>,
    /// Opaque cursor from the previous page.
    pub cursor: Option<String>,
}

/// A ticket in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TicketSummary {
    /// Ticket number.
    pub id: i64,
    /// One-line subject.
    pub subject: String,
    /// Where it came from.
    pub channel: Channel,
    /// What it is about.
    pub category: Category,
    /// Where it stands.
    pub status: Status,
    /// How urgent.
    pub priority: Priority,
    /// Linked account.
    pub account_id: Option<i64>,
    /// The customer's name, masked.
    pub customer: Option<String>,
    /// Operator holding the claim.
    pub assignee: Option<String>,
    /// When the claim lapses.
    pub claim_expires_at: Option<DateTime<Utc>>,
    /// SLA due date (working days).
    pub due_on: NaiveDate,
    /// The due date was computed on weekdays only (year not in the holiday calendar).
    pub due_approximate: bool,
    /// The SLA clock stands still: the ticket waits on the customer or on a review
    /// (`pending_customer`, `pending_review`); `due_on` moves on by the pause on leaving it.
    #[serde(default)]
    pub sla_paused: bool,
    /// While paused: the working time left at the pause, in seconds (negative when it was
    /// already overdue); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sla_remaining_seconds: Option<i64>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// Optimistic-concurrency version.
    pub version: i64,
    /// Operator a supervisor assigned the ticket to; stays until it is resolved, closed
    /// or reassigned (`assignee` is the claim holder, "working on it now").
    #[serde(default)]
    pub assigned_to: Option<String>,
    /// An agent handed the ticket to the supervisors (`POST /tickets/{id}/escalate`) and
    /// no supervisor has assigned it since.
    #[serde(default)]
    pub escalated: bool,
}

/// Kinds of entries on a ticket's timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TicketEventKind {
    /// Ticket opened.
    Created,
    /// An internal note.
    InternalNote,
    /// A reply to the customer.
    PublicReply,
    /// A phone call with its duration.
    Call,
    /// Status, priority, category or assignee changed.
    Change,
    /// Claimed or released.
    Claim,
    /// A manual review linked to the ticket moved.
    Review,
    /// An action on the linked account (unlock, freeze…).
    Account,
    /// A supervisor assigned the ticket (body: assignee and reason).
    Assignment,
    /// An agent handed the ticket to the supervisors (body: the note).
    Escalation,
}

/// One entry on a ticket's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TicketEvent {
    /// Event id.
    pub id: i64,
    /// What happened.
    pub kind: TicketEventKind,
    /// Operator, or `customer`/`system`.
    pub author: String,
    /// Text of the note or a summary of the change.
    pub body: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// `GET /tickets/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TicketDetail {
    /// The list fields.
    #[serde(flatten)]
    pub summary: TicketSummary,
    /// The customer's first message.
    pub body: String,
    /// Timeline, oldest first.
    pub events: Vec<TicketEvent>,
    /// When to call the customer back: the newest call-back a logged call asked for.
    #[serde(default)]
    pub follow_up_at: Option<DateTime<Utc>>,
    /// Phone calls logged on it, oldest first (the caller's number masked).
    #[serde(default)]
    pub calls: Vec<LoggedCall>,
}

/// A phone call logged on a ticket, as it is answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct LoggedCall {
    /// Call id (for `POST /tickets/{id}/calls/{call}/reveal`).
    pub id: i64,
    /// Its line on the timeline.
    pub event_id: i64,
    /// The caller's number, masked (`138****8000`); None when it was not known.
    pub caller_phone: Option<String>,
    /// When to call back, if the call asked for it.
    pub callback_at: Option<DateTime<Utc>>,
    /// When it was logged.
    pub at: DateTime<Utc>,
}

/// `POST /tickets/{id}/calls/{call}/reveal`: the caller's number in full, with a reason.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CallRevealRequest {
    /// Why (required, audited): e.g. calling the customer back.
    pub reason: String,
}

/// Answer to the call reveal (never stored by the back office).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CallRevealResponse {
    /// The caller's number in full (None when the call had none).
    pub caller_phone: Option<String>,
}

/// `POST /tickets`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NewTicket {
    /// One-line subject.
    pub subject: String,
    /// The customer's message or the call summary.
    pub body: String,
    /// What it is about.
    pub category: Category,
    /// Where it came from.
    pub channel: Channel,
    /// Linked account.
    pub account_id: Option<i64>,
    /// Defaults to normal.
    pub priority: Option<Priority>,
}

/// `PATCH /tickets/{id}` (send `If-Match`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct TicketPatch {
    /// New status.
    pub status: Option<Status>,
    /// New priority.
    pub priority: Option<Priority>,
    /// New category.
    pub category: Option<Category>,
    /// Link to an account.
    pub account_id: Option<i64>,
}

/// `POST /tickets/{id}/notes`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NoteRequest {
    /// Text of the note.
    pub body: String,
    /// internal or public.
    pub visibility: Visibility,
}

/// `POST /tickets/{id}/claim`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct ClaimRequest {
    /// Take the claim from its holder (supervisors only).
    #[serde(default)]
    pub steal: bool,
}

/// `POST /tickets/{id}/calls`: a phone call logged on a ticket.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CallRecord {
    /// Length of the call in seconds.
    pub duration_secs: u32,
    /// Wrap-up code chosen at hang-up.
    pub wrap_up: String,
    /// Summary typed by the agent.
    #[serde(default)]
    pub summary: String,
    /// The caller's mobile number (normalized): kept with the call, answered masked,
    /// shown in full only by `POST /tickets/{id}/calls/{call}/reveal` (with a reason, audited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller_phone: Option<String>,
    /// When to call back (wrap-up `callback`): becomes the ticket's follow-up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_at: Option<DateTime<Utc>>,
}
