//! Accounts of the platform's end users: states, verification, lock rules.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Consecutive failed logins that lock an account.
pub const LOCK_AFTER_FAILED_LOGINS: u32 = 5;
/// How long a lock lasts before it lifts by itself.
pub const LOCK_DURATION_HOURS: i64 = 24;

/// Lifecycle state of an end-user account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AccountState {
    /// Usable.
    Active,
    /// Registered; the activation e-mail link has not been followed yet.
    Unactivated,
    /// Locked after too many failed logins.
    Locked,
    /// Frozen by a supervisor (e.g. suspected account trading).
    Frozen,
}

/// Real-name verification status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verification {
    /// Not verified yet.
    None,
    /// Passed the face check in the mobile app.
    FacePassed,
    /// A manual review is open.
    ManualPending,
    /// Passed a manual review.
    ManualPassed,
    /// The last verification attempt was rejected.
    Rejected,
}

/// How the account came to exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationChannel {
    /// The person registered themself.
    #[serde(rename = "self")]
    SelfService,
    /// Created by a school's batch import.
    SchoolImport,
}

/// Status of a degree record on the platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DegreeStatus {
    /// Electronically registered and queryable.
    Registered,
    /// Self-study exam degree waiting for the exam institution's data sync.
    PendingSync,
    /// Awarded before 2001: needs the paper application for certification.
    PaperApplication,
}

/// Account-level status derived at a given moment: a lock whose time is over has lifted.
pub fn effective_state(
    stored: AccountState,
    locked_until: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> AccountState {
    match (stored, locked_until) {
        (AccountState::Locked, Some(until)) if until <= now => AccountState::Active,
        (s, _) => s,
    }
}

/// When a lock that starts at `locked_at` lifts by itself.
pub fn lock_lifts_at(locked_at: DateTime<Utc>) -> DateTime<Utc> {
    locked_at + Duration::hours(LOCK_DURATION_HOURS)
}

/// Whether an unlock makes sense now.
pub fn can_unlock(state: AccountState) -> bool {
    state == AccountState::Locked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_lifts_after_24_hours() {
        let at = Utc::now() - Duration::hours(25);
        let until = lock_lifts_at(at);
        assert_eq!(
            effective_state(AccountState::Locked, Some(until), Utc::now()),
            AccountState::Active
        );
        let at = Utc::now() - Duration::hours(3);
        assert_eq!(
            effective_state(AccountState::Locked, Some(lock_lifts_at(at)), Utc::now()),
            AccountState::Locked
        );
    }
}
