//! Wire types shared by the client and the back office (the API contract).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

pub use crate::domain::account::{AccountState, DegreeStatus, RegistrationChannel, Verification};
pub use crate::domain::identity::DocumentKind;
pub use crate::domain::reason::{Finality, ReasonCode};
pub use crate::domain::review::{Decision, ReviewKind, ReviewState};
pub use crate::domain::ticket::{Category, Channel, Priority, Status, Visibility};

/// Path prefix of every resource.
pub const PREFIX: &str = "/api/v1";

/// Body of every error response.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    /// The error itself.
    pub error: ErrorDetail,
}

/// A machine code and a human message.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ErrorDetail {
    /// snake_case code, stable.
    pub code: String,
    /// Human text, in English.
    pub message: String,
}

/// A page of a list.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
    /// How many items match the query in all.
    pub total: u64,
}

/// Operator roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Answers calls and e-mails.
    Agent,
    /// Decides manual reviews.
    Reviewer,
    /// Reassigns work, freezes accounts, reads the audit trail.
    Supervisor,
}

/// `POST /session`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SessionRequest {
    /// Operator id, e.g. `demo-agent`.
    pub operator: String,
    /// Password.
    pub password: String,
}

/// An operator as others see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OperatorInfo {
    /// Login id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Roles held.
    pub roles: Vec<Role>,
}

impl OperatorInfo {
    /// Whether the operator holds `role`.
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// Answer to `POST /session`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SessionResponse {
    /// Bearer token.
    pub token: String,
    /// Absolute expiry of the token.
    pub expires_at: DateTime<Utc>,
    /// Who signed in.
    pub operator: OperatorInfo,
}

// ---------------------------------------------------------------- tickets

/// Query of `GET /tickets`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TicketQuery {
    /// Comma-separated statuses.
    pub status: Option<String>,
    /// Comma-separated categories.
    pub category: Option<String>,
    /// Operator id, `me`, or `none` for unassigned.
    pub assignee: Option<String>,
    /// Comma-separated channels.
    pub channel: Option<String>,
    /// Free text in subject and body.
    pub q: Option<String>,
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
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// Optimistic-concurrency version.
    pub version: i64,
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
}

// ---------------------------------------------------------------- accounts

/// Query of `GET /accounts` (exactly one field, exact match).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AccountQuery {
    /// Mobile number in any common form.
    pub phone: Option<String>,
    /// Identity document number.
    pub id_number: Option<String>,
    /// Login name.
    pub login: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
}

/// An account, masked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AccountSummary {
    /// Account id.
    pub id: i64,
    /// Login name, masked.
    pub login: String,
    /// Real name, masked.
    pub name: String,
    /// Bound mobile, masked.
    pub phone: Option<String>,
    /// E-mail, masked.
    pub email: Option<String>,
    /// Identity document kind.
    pub document_kind: DocumentKind,
    /// Identity document number, masked.
    pub document_number: String,
    /// State right now (a lapsed lock shows as active).
    pub state: AccountState,
    /// Real-name verification.
    pub verification: Verification,
    /// Self-registered or school batch import.
    pub registration_channel: RegistrationChannel,
    /// Registered.
    pub registered_at: DateTime<Utc>,
    /// Optimistic-concurrency version.
    pub version: i64,
}

/// The lock on an account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct LockInfo {
    /// When it locked.
    pub locked_at: DateTime<Utc>,
    /// When it lifts by itself.
    pub until: DateTime<Utc>,
    /// Consecutive failed logins.
    pub failed_attempts: u32,
    /// Times of the failed logins, newest first.
    pub attempts: Vec<DateTime<Utc>>,
}

/// A degree record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Degree {
    /// e.g. 本科, 硕士, 专科.
    pub level: String,
    /// Awarding school or exam institution.
    pub school: String,
    /// Graduation year.
    pub year: i32,
    /// Self-study exam (自考) degree.
    pub self_study: bool,
    /// Registration status.
    pub status: DegreeStatus,
}

/// A report order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Order {
    /// Order id.
    pub id: i64,
    /// Report kind, e.g. `degree_record` or `enrollment_report`.
    pub kind: String,
    /// Price in fen (200 = 2 CNY).
    pub amount_fen: i64,
    /// Ordered.
    pub created_at: DateTime<Utc>,
    /// active, expired, or none.
    pub link_state: String,
}

/// A review in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReviewSummary {
    /// Review id.
    pub id: i64,
    /// What it decides.
    pub kind: ReviewKind,
    /// Where it stands.
    pub state: ReviewState,
    /// Account under review.
    pub account_id: i64,
    /// Applicant's name, masked.
    pub applicant: String,
    /// Document kind submitted.
    pub document_kind: DocumentKind,
    /// Document number, masked.
    pub document_number: String,
    /// Linked ticket.
    pub ticket_id: Option<i64>,
    /// Operator who opened it.
    pub opened_by: String,
    /// Submitted.
    pub submitted_at: DateTime<Utc>,
    /// Due 3 working days after submission.
    pub due_on: NaiveDate,
    /// The due date was computed on weekdays only.
    pub due_approximate: bool,
    /// Reviewer holding the claim.
    pub claimed_by: Option<String>,
    /// When the claim lapses.
    pub claim_expires_at: Option<DateTime<Utc>>,
    /// Reviewer who gave the first of two approvals.
    pub first_approver: Option<String>,
    /// Optimistic-concurrency version.
    pub version: i64,
}

/// `GET /accounts/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AccountDetail {
    /// The masked profile.
    #[serde(flatten)]
    pub summary: AccountSummary,
    /// The lock, when locked.
    pub lock: Option<LockInfo>,
    /// Why it is frozen.
    pub frozen_reason: Option<String>,
    /// When the activation e-mail was last sent (unactivated accounts).
    pub activation_sent_at: Option<DateTime<Utc>>,
    /// Other accounts registered with the same identity number (masked).
    pub same_identity: Vec<AccountSummary>,
    /// Degree records.
    pub degrees: Vec<Degree>,
    /// Report orders, newest first.
    pub orders: Vec<Order>,
    /// Tickets, newest first.
    pub tickets: Vec<TicketSummary>,
    /// Manual reviews, newest first.
    pub reviews: Vec<ReviewSummary>,
}

/// Fields that `reveal` can show in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RevealField {
    /// Real name.
    Name,
    /// Bound mobile.
    Phone,
    /// Identity document number.
    DocumentNumber,
    /// E-mail.
    Email,
}

/// `POST /accounts/{id}/reveal`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RevealRequest {
    /// What to reveal.
    pub field: RevealField,
    /// Why (required, audited).
    pub reason: String,
}

/// Answer to `reveal`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RevealResponse {
    /// What was revealed.
    pub field: RevealField,
    /// The full value.
    pub value: Option<String>,
}

/// A body with a reason: unlock, freeze, unfreeze.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReasonRequest {
    /// Why (required, audited).
    pub reason: String,
}

// ---------------------------------------------------------------- reviews

/// Query of `GET /reviews`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReviewQuery {
    /// Comma-separated states.
    pub state: Option<String>,
    /// Comma-separated kinds.
    pub kind: Option<String>,
    /// Comma-separated document kinds.
    pub document_kind: Option<String>,
    /// Page size (1–200, default 50).
    pub limit: Option<u32>,
    /// Opaque cursor from the previous page.
    pub cursor: Option<String>,
}

/// Query of `GET /reviews/counts`: the list's filters but the state.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReviewCountQuery {
    /// Comma-separated kinds.
    pub kind: Option<String>,
    /// Comma-separated document kinds.
    pub document_kind: Option<String>,
}

/// Reviews in one state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StateCount {
    /// The state.
    pub state: ReviewState,
    /// How many reviews are in it.
    pub total: u64,
}

/// `GET /reviews/counts`: every state, in workflow order, zeros included.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReviewCounts {
    /// One entry per state.
    pub counts: Vec<StateCount>,
}

/// `POST /reviews`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NewReview {
    /// What it decides.
    pub kind: ReviewKind,
    /// Account concerned.
    pub account_id: i64,
    /// Linked ticket.
    pub ticket_id: Option<i64>,
    /// For phone rebinds: the new number.
    pub new_phone: Option<String>,
    /// What the agent received (e.g. "ID scan received by e-mail").
    pub note: String,
}

/// A past decision on a review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DecisionRecord {
    /// Reviewer.
    pub reviewer: String,
    /// What they decided.
    pub decision: Decision,
    /// Why.
    pub reason_code: ReasonCode,
    /// Items ticked.
    pub checklist: Vec<String>,
    /// Comment sent to the applicant.
    pub comment_to_user: String,
    /// Note for operators only.
    pub internal_note: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// What the document must match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RecordRef {
    /// Name on the enrollment record, masked.
    pub name: String,
    /// Identity number on the record, masked.
    pub id_number: String,
    /// School on the record.
    pub school: Option<String>,
}

/// `GET /reviews/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReviewDetail {
    /// The list fields.
    #[serde(flatten)]
    pub summary: ReviewSummary,
    /// The agent's note.
    pub note: String,
    /// For phone rebinds: the new number, masked.
    pub new_phone: Option<String>,
    /// Result of validating the document number (`ok` or what is wrong).
    pub document_check: String,
    /// The record the document must match.
    pub record: RecordRef,
    /// Checklist items to tick for this kind.
    pub checklist: Vec<String>,
    /// Decisions so far, oldest first.
    pub decisions: Vec<DecisionRecord>,
    /// Earlier reviews of the same account.
    pub prior: Vec<ReviewSummary>,
    /// Warnings: same identity elsewhere, same phone elsewhere, re-used images.
    pub signals: Vec<String>,
}

/// `POST /reviews/{id}/decision` (send `If-Match`).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DecisionRequest {
    /// What is decided.
    pub decision: Decision,
    /// Why.
    pub reason_code: ReasonCode,
    /// Checklist items ticked.
    #[serde(default)]
    pub checklist: Vec<String>,
    /// Comment sent to the applicant.
    #[serde(default)]
    pub comment_to_user: String,
    /// Note for operators only.
    #[serde(default)]
    pub internal_note: String,
}

// ---------------------------------------------------------------- audit

/// Query of `GET /audit`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Target such as `account:12` or `review:3`.
    pub target: Option<String>,
    /// Operator id.
    pub operator: Option<String>,
    /// Page size (1–500, default 100).
    pub limit: Option<u32>,
    /// Opaque cursor from the previous page.
    pub cursor: Option<String>,
}

/// One row of the audit trail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AuditEntry {
    /// Position in the chain.
    pub seq: i64,
    /// When (UTC).
    pub at: DateTime<Utc>,
    /// Who.
    pub operator: String,
    /// What, e.g. `account.unlock`.
    pub action: String,
    /// On what, e.g. `account:12`.
    pub target: String,
    /// Why, when a reason was given.
    pub reason: Option<String>,
    /// State before (JSON).
    pub before: Option<serde_json::Value>,
    /// State after (JSON).
    pub after: Option<serde_json::Value>,
    /// SHA-256 of the previous row's hash and this row.
    pub hash: String,
}

/// `GET /healthz`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Health {
    /// `ok`.
    pub status: String,
    /// Store backend: sqlite or postgres.
    pub store: String,
    /// Build version.
    pub version: String,
}

/// One change, as sent on `GET /api/v1/events` (`event:` is `kind`, `id:` is `seq`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LiveEvent {
    /// Position in the audit chain; increases with every change.
    pub seq: i64,
    /// `ticket`, `review` or `account`.
    pub kind: String,
    /// Id of the changed resource.
    pub id: i64,
    /// What happened, e.g. `ticket.claim` (the audit action).
    pub action: String,
    /// Who did it.
    pub operator: String,
    /// When (RFC 3339, UTC).
    pub at: String,
}
