//! Support tickets: channels, categories, statuses, priorities, claim leases.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// How long a claim lasts without renewal.
pub const CLAIM_LEASE_MINUTES: i64 = 30;

/// Where the contact came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Phone,
    Email,
    Web,
}

impl Channel {
    /// Every channel.
    pub const ALL: [Channel; 3] = [Channel::Phone, Channel::Email, Channel::Web];
}

/// What the contact is about (the cases of DOMAIN.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    AccountLocked,
    PhoneChange,
    IdentityConflict,
    FaceCheckFailed,
    HmtManualReview,
    DegreeMissing,
    RecordCorrection,
    MilitaryRegistration,
    ReportOrder,
    OverseasCertification,
    AccountTrading,
    Other,
}

impl Category {
    /// Every category, in display order.
    pub const ALL: [Category; 12] = [
        Category::AccountLocked,
        Category::PhoneChange,
        Category::IdentityConflict,
        Category::FaceCheckFailed,
        Category::HmtManualReview,
        Category::DegreeMissing,
        Category::RecordCorrection,
        Category::MilitaryRegistration,
        Category::ReportOrder,
        Category::OverseasCertification,
        Category::AccountTrading,
        Category::Other,
    ];
}

/// Where the ticket stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    New,
    Open,
    PendingCustomer,
    PendingReview,
    Resolved,
    Closed,
}

impl Status {
    /// Every status, in workflow order.
    pub const ALL: [Status; 6] = [
        Status::New,
        Status::Open,
        Status::PendingCustomer,
        Status::PendingReview,
        Status::Resolved,
        Status::Closed,
    ];

    /// Whether a ticket in this status still needs work.
    pub fn is_open(self) -> bool {
        !matches!(self, Status::Resolved | Status::Closed)
    }

    /// Whether moving from `self` to `to` is allowed.
    pub fn can_move_to(self, to: Status) -> bool {
        if self == to {
            return false;
        }
        match self {
            // A closed ticket is final; reopening goes through a new ticket.
            Status::Closed => false,
            Status::Resolved => matches!(to, Status::Open | Status::Closed),
            _ => to != Status::New,
        }
    }
}

/// How urgent a ticket is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Low,
    Normal,
    High,
    Urgent,
}

impl Priority {
    /// Every priority, lowest first.
    pub const ALL: [Priority; 4] = [
        Priority::Low,
        Priority::Normal,
        Priority::High,
        Priority::Urgent,
    ];
}

/// Visibility of a note on a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Seen by operators only.
    Internal,
    /// A reply sent to the customer.
    Public,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_is_final_and_new_is_never_a_target() {
        assert!(!Status::Closed.can_move_to(Status::Open));
        assert!(!Status::Open.can_move_to(Status::New));
        assert!(Status::New.can_move_to(Status::Open));
        assert!(Status::Resolved.can_move_to(Status::Open));
        assert!(!Status::Resolved.can_move_to(Status::PendingCustomer));
    }
}
