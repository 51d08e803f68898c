//! Manual reviews: the queue query and counts, summaries, detail and decisions.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::identity::DocumentKind;
use crate::domain::reason::ReasonCode;
use crate::domain::review::{Decision, ReviewKind, ReviewState};

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
    /// Reviewer a supervisor assigned the review to; stays until it is decided or
    /// reassigned (`claimed_by` is the claim holder).
    #[serde(default)]
    pub assigned_to: Option<String>,
}

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
    /// Only the review with this id.
    pub id: Option<i64>,
    /// Only reviews of this account.
    pub account_id: Option<i64>,
    /// Only reviews of this document number, in any spelling (validated and normalised as
    /// in the account lookup).
    pub document_number: Option<String>,
    /// Operator id or `me`: only reviews assigned to that reviewer (the reviewer's
    /// "mine" view of assignments).
    pub assigned_to: Option<String>,
    /// `true`: only the caller's reviews, those assigned to them or whose claim they hold
    /// (the reviewer's "mine" view, as `assignee=me` is for tickets).
    pub mine: Option<bool>,
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
    /// `true`: count only the caller's reviews (as `mine` of `GET /reviews`).
    pub mine: Option<bool>,
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
    /// For phone rebinds: the number bound now, masked (to compare with the new one).
    #[serde(default)]
    pub current_phone: Option<String>,
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
    /// Warnings for the reviewer: frozen account, same identity or phone elsewhere, re-used images.
    pub signals: Vec<Signal>,
    /// The images on file (none yet: the opener attaches them with `PUT …/images/{slot}`).
    #[serde(default)]
    pub images: Vec<ImageInfo>,
    /// The supervisor who assigned it to `assigned_to` (from the audit trail; none when
    /// it is not assigned or no assignment was recorded).
    #[serde(default)]
    pub assigned_by: Option<String>,
}

/// What a signal warns of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SignalCode {
    /// The account is frozen (suspected account trading): a supervisor decides first.
    AccountFrozen,
    /// The new phone is bound to other accounts (`accounts`).
    SamePhoneOtherAccount,
    /// The identity number is registered on other accounts (`accounts`).
    SameIdentityOtherAccount,
    /// The same image bytes were submitted with other reviews (`reviews`).
    ImagesReused,
}

/// A warning on a review, with the accounts or reviews it points at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Signal {
    /// What it warns of.
    pub code: SignalCode,
    /// Other accounts concerned.
    #[serde(default)]
    pub accounts: Vec<i64>,
    /// Other reviews concerned.
    #[serde(default)]
    pub reviews: Vec<i64>,
}

/// Which image of a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImageSlot {
    /// The photo of the identity document.
    Document,
    /// The applicant's selfie.
    Selfie,
}

impl ImageSlot {
    /// Both slots.
    pub const ALL: [ImageSlot; 2] = [ImageSlot::Document, ImageSlot::Selfie];

    /// Its name on the wire and in paths.
    pub fn as_str(self) -> &'static str {
        match self {
            ImageSlot::Document => "document",
            ImageSlot::Selfie => "selfie",
        }
    }

    /// The slot named `s` in a path.
    pub fn parse(s: &str) -> Option<ImageSlot> {
        ImageSlot::ALL.into_iter().find(|w| w.as_str() == s)
    }
}

/// An image on file for a review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ImageInfo {
    /// Which image.
    pub slot: ImageSlot,
    /// SHA-256 of the stored PNG (changes when the image is replaced).
    pub sha256: String,
    /// Size of the stored PNG in bytes.
    pub bytes: i64,
}

/// `POST /reviews/{id}/claim` (the body is optional: none claims or renews).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct ReviewClaimRequest {
    /// Take the claim over from another reviewer (supervisors only; `reason` required).
    #[serde(default)]
    pub steal: bool,
    /// Why the claim is taken over (audited).
    #[serde(default)]
    pub reason: Option<String>,
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

/// Numbers a review shows masked that the reviewer deciding it can see in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewRevealField {
    /// The number of the document submitted with the review.
    DocumentNumber,
    /// The identity number on the account's record.
    RecordIdNumber,
}

/// `POST /reviews/{id}/reveal`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReviewRevealRequest {
    /// What to reveal.
    pub field: ReviewRevealField,
    /// Why (required, audited).
    pub reason: String,
}

/// Answer to a review's `reveal`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReviewRevealResponse {
    /// What was revealed.
    pub field: ReviewRevealField,
    /// The full value.
    pub value: String,
}
