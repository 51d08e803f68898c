//! Accounts: the lookup query, the masked profile and what it carries, reveal and reasons.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::reviews::ReviewSummary;
use super::tickets::TicketSummary;
use crate::domain::account::{AccountState, DegreeStatus, RegistrationChannel, Verification};
use crate::domain::identity::DocumentKind;

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
