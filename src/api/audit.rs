//! The audit trail: its query and its rows.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Query of `GET /audit`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Target such as `account:12` or `review:3`.
    pub target: Option<String>,
    /// Operator id.
    pub operator: Option<String>,
    /// Action: exact (`ticket.assign`), or a prefix when it ends with `.` or `*`
    /// (`security.`, `ticket.*`).
    pub action: Option<String>,
    /// Rows at or after this time (RFC 3339).
    pub since: Option<String>,
    /// Rows before this time (RFC 3339).
    pub until: Option<String>,
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
