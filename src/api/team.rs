//! The supervisor's view: who holds what, assignment, escalations, SLA watch and alerts.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{Category, ReviewSummary, Role, Status, TicketSummary};

/// What kind of work item a row names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A ticket.
    Ticket,
    /// A manual review.
    Review,
}

/// How an operator holds an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Holding {
    /// Under the operator's claim lease ("working on it now").
    Claimed,
    /// Assigned by a supervisor; stays until resolved or reassigned.
    Assigned,
    /// Both assigned to and claimed by the operator.
    Both,
}

/// One item an operator holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct HeldItem {
    /// Ticket or review.
    pub kind: ItemKind,
    /// Its id.
    pub id: i64,
    /// Ticket subject or review kind and applicant (masked), as shown in lists.
    pub title: String,
    /// Ticket status or review state (wire vocabulary).
    pub state: String,
    /// Claimed, assigned or both.
    pub holding: Holding,
    /// Since when the operator holds it (claim or assignment, the earlier).
    pub since: DateTime<Utc>,
}

/// One operator on `GET /team`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TeamMember {
    /// Operator id.
    pub operator: String,
    /// Display name.
    pub name: String,
    /// Roles.
    pub roles: Vec<Role>,
    /// An event stream is open or a request came in the last 2 minutes (on any server).
    pub online: bool,
    /// Last request or stream heartbeat seen.
    pub last_seen: Option<DateTime<Utc>>,
    /// Tickets under the operator's claim lease.
    pub tickets_claimed: u32,
    /// Open tickets assigned to the operator.
    pub tickets_assigned: u32,
    /// Reviews under the operator's claim.
    pub reviews_claimed: u32,
    /// Undecided reviews assigned to the operator.
    pub reviews_assigned: u32,
    /// Calls logged today (Asia/Shanghai day).
    pub calls_today: u32,
    /// Their total length in seconds.
    pub call_seconds_today: u32,
    /// The item held longest, if any.
    pub oldest: Option<HeldItem>,
}

/// `GET /team/{operator}`: one operator and the items they hold, a page at a time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TeamMemberDetail {
    /// The board row (its counts cover every item held).
    pub member: TeamMember,
    /// Claimed and assigned items of this page, oldest first.
    pub items: Vec<HeldItem>,
    /// How many items the operator holds in all.
    #[serde(default)]
    pub total: u64,
    /// Pass as `cursor` for the next items; absent on the last page.
    #[serde(default)]
    pub next_cursor: Option<String>,
}

/// Query of the supervisor's paged reads: `GET /team/{operator}` (its items),
/// `GET /escalations` (each of its two lists) and `GET /sla` (each of its three lists).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TeamPageQuery {
    /// Rows per list on this page (1–500, default 200).
    pub limit: Option<u32>,
    /// Opaque cursor: the previous page's `next_cursor`.
    pub cursor: Option<String>,
}

/// `POST /tickets/{id}/assign` and `POST /reviews/{id}/assign` (supervisors only).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AssignRequest {
    /// Operator to assign to; must have the role the item needs.
    pub operator: String,
    /// Why (required, audited).
    pub reason: String,
}

/// `POST /tickets/{id}/escalate`: an agent hands the ticket to the supervisors.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct EscalateRequest {
    /// What the supervisor needs to know (required).
    pub note: String,
}

/// Why an item is on the escalations list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EscalationInfo {
    /// Who escalated.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
    /// The note that escalated it (ticket note or the reviewer's internal note).
    pub note: String,
}

/// An escalated ticket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EscalatedTicket {
    /// The ticket.
    pub ticket: TicketSummary,
    /// The escalation.
    pub escalation: EscalationInfo,
}

/// An escalated review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EscalatedReview {
    /// The review.
    pub review: ReviewSummary,
    /// The escalation.
    pub escalation: EscalationInfo,
}

/// `GET /escalations` (supervisors only): items waiting for a supervisor, oldest first,
/// a page of each list at a time (`limit` rows of each; `next_cursor` goes on with both).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Escalations {
    /// Tickets escalated and not yet assigned, resolved or closed (this page's).
    pub tickets: Vec<EscalatedTicket>,
    /// Reviews in state `escalated` (this page's).
    pub reviews: Vec<EscalatedReview>,
    /// Escalated tickets in all.
    #[serde(default)]
    pub tickets_total: u64,
    /// Escalated reviews in all.
    #[serde(default)]
    pub reviews_total: u64,
    /// Pass as `cursor` for the next rows of both lists; absent when both are read.
    #[serde(default)]
    pub next_cursor: Option<String>,
}

/// One cell of the SLA watch's table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SlaCount {
    /// Category.
    pub category: Category,
    /// Status.
    pub status: Status,
    /// Open tickets past their SLA.
    pub breached: u32,
    /// Open tickets whose SLA runs out before the end of today.
    pub due_today: u32,
}

/// `GET /sla` (supervisors only): what is late and what will be late today.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SlaWatch {
    /// When this was computed.
    pub at: DateTime<Utc>,
    /// Counts by category and status (only non-zero rows).
    pub by_category: Vec<SlaCount>,
    /// Tickets whose SLA runs out in each hour of today (24 entries, Asia/Shanghai hours).
    pub due_by_hour: Vec<u32>,
    /// Breached open tickets, most overdue first (by due date, then number): this page's.
    pub breached: Vec<TicketSummary>,
    /// Tickets breaching before the end of today, soonest first: this page's.
    pub breaching_today: Vec<TicketSummary>,
    /// Undecided reviews past their 3-working-day SLA, oldest first: this page's.
    pub reviews_overdue: Vec<ReviewSummary>,
    /// Breached open tickets in all.
    #[serde(default)]
    pub breached_total: u64,
    /// Tickets breaching before the end of today in all.
    #[serde(default)]
    pub breaching_today_total: u64,
    /// Overdue reviews in all.
    #[serde(default)]
    pub reviews_overdue_total: u64,
    /// Pass as `cursor` for the next rows of the three lists; absent when all are read.
    /// The counts above and `by_category` and `due_by_hour` cover everything on every page.
    #[serde(default)]
    pub next_cursor: Option<String>,
}

/// A security event shown to supervisors until acknowledged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Alert {
    /// Audit sequence of the event.
    pub seq: i64,
    /// When.
    pub at: DateTime<Utc>,
    /// `security.*` or `operator.sign_in_failed`.
    pub action: String,
    /// Whose action raised it.
    pub operator: String,
    /// On what.
    pub target: String,
    /// The audit row's details (never a personal value).
    pub detail: Option<serde_json::Value>,
    /// Supervisor who acknowledged it.
    pub acked_by: Option<String>,
    /// When.
    pub acked_at: Option<DateTime<Utc>>,
}

/// Query of `GET /alerts`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AlertQuery {
    /// `true`: only alerts not yet acknowledged (the default); `false`: all.
    pub open: Option<bool>,
    /// Page size (1–500, default 100).
    pub limit: Option<u32>,
    /// Opaque cursor from the previous page.
    pub cursor: Option<String>,
}
