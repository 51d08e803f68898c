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

/// `GET /team/{operator}`: one operator and every item they hold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TeamMemberDetail {
    /// The board row.
    pub member: TeamMember,
    /// Claimed and assigned items, oldest first.
    pub items: Vec<HeldItem>,
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

/// `GET /escalations` (supervisors only): items waiting for a supervisor, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Escalations {
    /// Tickets escalated and not yet assigned, resolved or closed.
    pub tickets: Vec<EscalatedTicket>,
    /// Reviews in state `escalated`.
    pub reviews: Vec<EscalatedReview>,
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
    /// Breached open tickets, most overdue first (at most 200).
    pub breached: Vec<TicketSummary>,
    /// Tickets breaching before the end of today, soonest first (at most 200).
    pub breaching_today: Vec<TicketSummary>,
    /// Undecided reviews past their 3-working-day SLA, oldest first (at most 200).
    pub reviews_overdue: Vec<ReviewSummary>,
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
