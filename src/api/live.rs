//! Live updates: one change as the event stream sends it.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One change, as sent on `GET /api/v1/events` (`event:` is `kind`, `id:` is `seq`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LiveEvent {
    /// Position in the audit chain; increases with every change.
    pub seq: i64,
    /// `ticket`, `review` or `account`; `security.alert` (supervisors only) for a security
    /// event (`security.*` audit rows such as a spent lookup-miss budget or a reveal spike,
    /// and failed sign-ins; then `id` is the audit sequence); `alert` (supervisors only)
    /// when a supervisor acknowledged one (`id` is the alert's sequence).
    pub kind: String,
    /// Id of the changed resource.
    pub id: i64,
    /// What happened, e.g. `ticket.claim` (the audit action); `account.change` for agents
    /// and reviewers when someone else changed an account.
    pub action: String,
    /// Who did it; empty for agents and reviewers when someone else changed an account.
    pub operator: String,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// On a take-over (`ticket.steal`, `review.steal`): the operator who held the claim,
    /// so their desk can say at once who took it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    /// On an assignment (`ticket.assign`, `review.assign`): the operator it was assigned
    /// to, so their desk knows at once that it is theirs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// On a review decision (`review.decide`): the decision taken (`approve`,
    /// `reject_retry`, `reject_final`, `escalate`), so a supervisor's desk can say at once
    /// that a review was escalated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
}
