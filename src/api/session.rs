//! Signing in: operators, their roles and session tokens.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

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
