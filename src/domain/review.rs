//! Manual identity reviews: kinds, states, decisions and the four-eyes rule.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::reason::ReasonCode;

/// How long a reviewer's claim lasts without renewal.
pub const CLAIM_LEASE_MINUTES: i64 = 15;
/// Working days a manual review may take.
pub const DUE_WORKING_DAYS: u32 = 3;

/// What a manual review decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewKind {
    /// Real-name check (face check failed, HK/Macau/Taiwan document, military).
    RealName,
    /// Rebind the account to a new mobile number.
    PhoneRebind,
    /// Claim an identity already registered by another account.
    IdentityClaim,
}

impl ReviewKind {
    /// Every kind.
    pub const ALL: [ReviewKind; 3] = [
        ReviewKind::RealName,
        ReviewKind::PhoneRebind,
        ReviewKind::IdentityClaim,
    ];

    /// Whether an approval needs two different reviewers.
    pub fn needs_two_approvals(self) -> bool {
        matches!(self, ReviewKind::PhoneRebind | ReviewKind::IdentityClaim)
    }

    /// The checklist a reviewer must tick for this kind, as stable item keys.
    pub fn checklist(self) -> &'static [&'static str] {
        match self {
            ReviewKind::RealName => &[
                "document_legible_unexpired",
                "face_matches_document",
                "name_number_match_record",
                "no_sign_of_editing",
            ],
            ReviewKind::PhoneRebind => &[
                "document_legible_unexpired",
                "face_matches_document",
                "name_number_match_record",
                "new_phone_plausible",
            ],
            ReviewKind::IdentityClaim => &[
                "document_legible_unexpired",
                "face_matches_document",
                "name_number_match_record",
                "application_form_signed",
            ],
        }
    }
}

/// Where a review stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    Pending,
    Claimed,
    AwaitingSecondApproval,
    Approved,
    RejectedRetry,
    RejectedFinal,
    Escalated,
}

impl ReviewState {
    /// Every state, in workflow order.
    pub const ALL: [ReviewState; 7] = [
        ReviewState::Pending,
        ReviewState::Claimed,
        ReviewState::AwaitingSecondApproval,
        ReviewState::Approved,
        ReviewState::RejectedRetry,
        ReviewState::RejectedFinal,
        ReviewState::Escalated,
    ];

    /// Whether no further decision can be made.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            ReviewState::Approved | ReviewState::RejectedRetry | ReviewState::RejectedFinal
        )
    }
}

/// A reviewer's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    RejectRetry,
    RejectFinal,
    Escalate,
}

/// Why a decision is refused by the rules.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecisionError {
    /// The review is already decided.
    #[error("the review is already decided ({0:?})")]
    AlreadyDecided(ReviewState),
    /// The reason code belongs to another decision.
    #[error("reason code {code} does not fit decision {decision:?}")]
    ReasonMismatch {
        code: &'static str,
        decision: Decision,
    },
    /// Four eyes: the reviewer opened the review.
    #[error("you opened this review; another reviewer must decide it")]
    OwnReview,
    /// Four eyes: the same reviewer gave the first approval.
    #[error("you gave the first approval; a second, different reviewer must approve")]
    SecondApprovalBySameReviewer,
    /// An approval needs every checklist item ticked.
    #[error("checklist item not ticked: {0}")]
    ChecklistIncomplete(&'static str),
    /// Escalated reviews are decided by supervisors only.
    #[error("an escalated review is decided by a supervisor")]
    NeedsSupervisor,
}

impl DecisionError {
    /// The stable `error.code` the API answers with (the desk's catalogs are keyed by it).
    pub fn code(&self) -> &'static str {
        match self {
            DecisionError::AlreadyDecided(_) => "already_decided",
            DecisionError::ReasonMismatch { .. } => "reason_mismatch",
            DecisionError::OwnReview => "four_eyes_own_review",
            DecisionError::SecondApprovalBySameReviewer => "four_eyes_same_reviewer",
            DecisionError::ChecklistIncomplete(_) => "checklist_incomplete",
            DecisionError::NeedsSupervisor => "supervisor_only",
        }
    }
}

/// Everything the rules need to judge a decision.
#[derive(Debug, Clone)]
pub struct DecisionInput<'a> {
    pub kind: ReviewKind,
    pub state: ReviewState,
    pub opened_by: &'a str,
    pub first_approver: Option<&'a str>,
    pub reviewer: &'a str,
    pub reviewer_is_supervisor: bool,
    pub decision: Decision,
    pub reason: ReasonCode,
    pub checklist: &'a [String],
}

/// The state a valid decision leads to.
pub fn decide(input: &DecisionInput<'_>) -> Result<ReviewState, DecisionError> {
    if input.state.is_final() {
        return Err(DecisionError::AlreadyDecided(input.state));
    }
    if input.reason.decision() != input.decision {
        return Err(DecisionError::ReasonMismatch {
            code: input.reason.code(),
            decision: input.decision,
        });
    }
    if input.opened_by == input.reviewer {
        return Err(DecisionError::OwnReview);
    }
    if input.state == ReviewState::Escalated && !input.reviewer_is_supervisor {
        return Err(DecisionError::NeedsSupervisor);
    }
    if input.decision == Decision::Approve {
        if let Some(item) = input
            .kind
            .checklist()
            .iter()
            .find(|item| !input.checklist.iter().any(|c| c == *item))
        {
            return Err(DecisionError::ChecklistIncomplete(item));
        }
    }
    Ok(match input.decision {
        Decision::Approve => {
            if input.kind.needs_two_approvals() {
                match input.first_approver {
                    None => ReviewState::AwaitingSecondApproval,
                    Some(first) if first == input.reviewer => {
                        return Err(DecisionError::SecondApprovalBySameReviewer)
                    }
                    Some(_) => ReviewState::Approved,
                }
            } else {
                ReviewState::Approved
            }
        }
        Decision::RejectRetry => ReviewState::RejectedRetry,
        Decision::RejectFinal => ReviewState::RejectedFinal,
        Decision::Escalate => ReviewState::Escalated,
    })
}

/// Four eyes before the form: whether `operator` may claim a review (to decide it). Not
/// the one who opened it, nor, while it awaits its second approval, the first approver:
/// the same refusals a decision by them gets, given before they fill in the form.
pub fn may_claim(
    operator: &str,
    opened_by: &str,
    state: ReviewState,
    first_approver: Option<&str>,
) -> Result<(), DecisionError> {
    if operator == opened_by {
        return Err(DecisionError::OwnReview);
    }
    if state == ReviewState::AwaitingSecondApproval && first_approver == Some(operator) {
        return Err(DecisionError::SecondApprovalBySameReviewer);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_opener_and_the_first_approver_may_not_claim() {
        let awaiting = ReviewState::AwaitingSecondApproval;
        assert_eq!(
            may_claim("lin", "lin", ReviewState::Pending, None),
            Err(DecisionError::OwnReview)
        );
        assert_eq!(
            may_claim("wang", "lin", awaiting, Some("wang")),
            Err(DecisionError::SecondApprovalBySameReviewer)
        );
        assert_eq!(may_claim("zhou", "lin", awaiting, Some("wang")), Ok(()));
        assert_eq!(may_claim("wang", "lin", ReviewState::Pending, None), Ok(()));
    }

    fn full(kind: ReviewKind) -> Vec<String> {
        kind.checklist().iter().map(|s| s.to_string()).collect()
    }

    fn input<'a>(
        kind: ReviewKind,
        checklist: &'a [String],
        reviewer: &'a str,
    ) -> DecisionInput<'a> {
        DecisionInput {
            kind,
            state: ReviewState::Claimed,
            opened_by: "agent",
            first_approver: None,
            reviewer,
            reviewer_is_supervisor: false,
            decision: Decision::Approve,
            reason: ReasonCode::DocumentsMatch,
            checklist,
        }
    }

    #[test]
    fn phone_rebind_needs_two_different_reviewers() {
        let c = full(ReviewKind::PhoneRebind);
        let first = input(ReviewKind::PhoneRebind, &c, "r1");
        assert_eq!(decide(&first), Ok(ReviewState::AwaitingSecondApproval));
        let mut second = first.clone();
        second.state = ReviewState::AwaitingSecondApproval;
        second.first_approver = Some("r1");
        assert_eq!(
            decide(&second),
            Err(DecisionError::SecondApprovalBySameReviewer)
        );
        second.reviewer = "r2";
        assert_eq!(decide(&second), Ok(ReviewState::Approved));
    }

    #[test]
    fn nobody_decides_their_own_review() {
        let c = full(ReviewKind::RealName);
        let i = input(ReviewKind::RealName, &c, "agent");
        assert_eq!(decide(&i), Err(DecisionError::OwnReview));
    }

    #[test]
    fn approval_needs_the_whole_checklist_and_a_matching_reason() {
        let c = vec!["face_matches_document".to_string()];
        let i = input(ReviewKind::RealName, &c, "r1");
        assert!(matches!(
            decide(&i),
            Err(DecisionError::ChecklistIncomplete(_))
        ));
        let c = full(ReviewKind::RealName);
        let mut i = input(ReviewKind::RealName, &c, "r1");
        i.reason = ReasonCode::PhotoUnclear;
        assert!(matches!(
            decide(&i),
            Err(DecisionError::ReasonMismatch { .. })
        ));
        i.decision = Decision::RejectRetry;
        assert_eq!(decide(&i), Ok(ReviewState::RejectedRetry));
    }
}
