//! The reviews pane as plain data: the queue of manual reviews, the open review, its
//! checklist, the decision form, the claim lease and the images.

use std::sync::Arc;

use tui_input::Input;

use crate::api::{
    AccountDetail, Decision, DecisionRequest, DocumentKind, ReviewDetail, ReviewKind, ReviewQuery,
    ReviewRevealField, ReviewState, ReviewSummary,
};
use crate::client::{IdempotencyKey, ReviewImage};
use crate::domain::reason::ReasonCode;
use crate::domain::review::{may_claim, DecisionError};
use crate::domain::review_search::ReviewSearch;
use crate::tui::context::Latest;
use crate::tui::images::{EncodedImage, Graphics};
use crate::tui::reason::ReasonForm;

use super::layout::{png_aspect, Zoom, DEFAULT_ASPECTS};

/// Reviews per page.
pub const REVIEW_PAGE: u32 = 100;
/// The server's largest page (a refresh re-reads at most this many rows at once).
pub const MAX_PAGE: u32 = 200;
/// Renew the claim this many seconds before it lapses.
pub const RENEW_MARGIN_SECS: i64 = 180;

/// Filters of the review queue (none: everything still open).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReviewFilter {
    /// Kind, if filtered.
    pub kind: Option<ReviewKind>,
    /// State, if filtered (none: pending, claimed, awaiting second approval, escalated).
    pub state: Option<ReviewState>,
    /// Document type, if filtered.
    pub document: Option<DocumentKind>,
    /// A search by review id, account or document number (`/`), with the text as typed.
    pub search: Option<(ReviewSearch, String)>,
    /// Only the reviewer's own: assigned to them or claimed by them (the "mine" view).
    pub mine: bool,
}

/// States shown when no state filter is set (the work still to do).
pub const OPEN_STATES: [ReviewState; 4] = [
    ReviewState::Pending,
    ReviewState::Claimed,
    ReviewState::AwaitingSecondApproval,
    ReviewState::Escalated,
];

impl ReviewFilter {
    /// The API query of this filter.
    pub fn query(&self) -> ReviewQuery {
        // A search looks at every state unless one is chosen: the review asked for may be
        // decided already.
        let states: Vec<ReviewState> = match (self.state, &self.search) {
            (Some(s), _) => vec![s],
            (None, Some(_)) => Vec::new(),
            (None, None) => OPEN_STATES.to_vec(),
        };
        let search = self.search.as_ref().map(|(s, _)| s);
        ReviewQuery {
            id: match search {
                Some(ReviewSearch::Id(id)) => Some(*id),
                _ => None,
            },
            account_id: match search {
                Some(ReviewSearch::Account(id)) => Some(*id),
                _ => None,
            },
            document_number: match search {
                Some(ReviewSearch::Document(n)) => Some(n.clone()),
                _ => None,
            },
            state: (!states.is_empty()).then(|| {
                states
                    .iter()
                    .map(crate::tui::locale::wire_name)
                    .collect::<Vec<_>>()
                    .join(",")
            }),
            kind: self.kind.map(|k| crate::tui::locale::wire_name(&k)),
            document_kind: self.document.map(|d| crate::tui::locale::wire_name(&d)),
            assigned_to: None,
            mine: self.mine.then_some(true),
            limit: Some(REVIEW_PAGE),
            cursor: None,
        }
    }
}

/// Next value in a cycle `None → a → b → … → None`.
pub fn cycle<T: Copy + PartialEq>(cur: Option<T>, all: &[T]) -> Option<T> {
    match cur.and_then(|c| all.iter().position(|x| *x == c)) {
        None => all.first().copied(),
        Some(i) => all.get(i + 1).copied(),
    }
}

/// One of the two images of a review.
#[derive(Debug, Clone, Default)]
pub struct ImageSlot {
    /// The PNG as fetched (kept so a resize or zoom re-encodes without a new request).
    pub bytes: Option<Arc<Vec<u8>>>,
    /// Encoded for the terminal, with the cell size it was made for.
    pub encoded: Option<(EncodedImage, (u16, u16))>,
    /// Size an encoding is running for.
    pub encoding: Option<(u16, u16)>,
    /// Why it cannot be shown.
    pub error: Option<String>,
    /// SHA-256 of the image on file that was fetched (or is being fetched): a new one is
    /// fetched when the review lists another (the opener replaced it).
    pub sha: Option<String>,
}

/// Which of the two images.
pub const IMAGES: [ReviewImage; 2] = [ReviewImage::Document, ReviewImage::Selfie];

/// Stage of the decision form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Choose approve / reject retry / reject final / escalate.
    Decision,
    /// Choose the reason code.
    Reason,
    /// Comment to the applicant (optional).
    Comment,
    /// Internal note (optional).
    Note,
    /// The summary, before sending.
    Confirm,
    /// Sent; waiting for the answer.
    Sending,
}

/// The four decisions, in form order.
pub const DECISIONS: [Decision; 4] = [
    Decision::Approve,
    Decision::RejectRetry,
    Decision::RejectFinal,
    Decision::Escalate,
];

/// Reason codes of a decision, in catalog order.
pub fn reasons_for(d: Decision) -> Vec<ReasonCode> {
    ReasonCode::ALL
        .into_iter()
        .filter(|r| r.decision() == d)
        .collect()
}

/// The decision being prepared.
#[derive(Debug, Clone)]
pub struct DecisionForm {
    /// Where the form stands.
    pub stage: Stage,
    /// Highlighted decision (index into [`DECISIONS`]).
    pub decision: usize,
    /// Highlighted reason (index into [`reasons_for`]).
    pub reason: usize,
    /// Comment to the applicant.
    pub comment: Input,
    /// Internal note.
    pub note: Input,
    /// Key of this decision, kept until the server gives a definite answer.
    pub key: IdempotencyKey,
    /// After a 412: what changed meanwhile (the reviewer is asked again).
    pub changed: Vec<String>,
    /// Why it cannot be sent yet (checklist incomplete and the like).
    pub problem: Option<String>,
}

impl DecisionForm {
    /// A blank form.
    pub fn new() -> DecisionForm {
        DecisionForm {
            stage: Stage::Decision,
            decision: 0,
            reason: 0,
            comment: Input::default(),
            note: Input::default(),
            key: IdempotencyKey::new(),
            changed: Vec::new(),
            problem: None,
        }
    }

    /// The chosen decision.
    pub fn chosen(&self) -> Decision {
        DECISIONS
            .get(self.decision)
            .copied()
            .unwrap_or(Decision::Escalate)
    }

    /// The chosen reason code.
    pub fn chosen_reason(&self) -> Option<ReasonCode> {
        reasons_for(self.chosen()).get(self.reason).copied()
    }
}

impl Default for DecisionForm {
    fn default() -> Self {
        DecisionForm::new()
    }
}

/// The numbers a review shows masked that can be revealed, in menu order.
pub const REVEAL_FIELDS: [ReviewRevealField; 2] = [
    ReviewRevealField::DocumentNumber,
    ReviewRevealField::RecordIdNumber,
];

/// The reveal form: which number (a menu), then why (the lookup's reason form).
#[derive(Debug, Clone)]
pub struct RevealForm {
    /// Highlighted number (index into [`REVEAL_FIELDS`]).
    pub field: usize,
    /// The reason, once the number is chosen.
    pub reason: Option<ReasonForm>,
}

impl RevealForm {
    /// The chosen number.
    pub fn chosen(&self) -> ReviewRevealField {
        REVEAL_FIELDS[self.field.min(REVEAL_FIELDS.len() - 1)]
    }
}

/// A number of the open review shown in full.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewRevealed {
    /// Which number.
    pub field: ReviewRevealField,
    /// The full value.
    pub value: String,
    /// When it hides again.
    pub until: chrono::DateTime<chrono::Utc>,
}

/// A decision refused as stale, waiting for the re-read.
#[derive(Debug, Clone)]
pub struct StaleDecision {
    /// The review as it was when the decision was prepared.
    pub before: ReviewDetail,
}

/// What a decision did, read back from the server.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// What was sent.
    pub request: DecisionRequest,
    /// Whether the review was read again since the decision (until then its state is
    /// the one before, and saying "review now claimed" after an approval would mislead).
    pub review_read: bool,
    /// The account as read after the decision.
    pub account: Option<AccountDetail>,
    /// The account read.
    pub pending_account: Latest,
}

/// A claim request in flight.
#[derive(Debug, Clone)]
pub struct ClaimInFlight {
    /// Its key (kept until a definite answer).
    pub key: IdempotencyKey,
    /// A renewal by the timer, not the reviewer's key press.
    pub renewal: bool,
}

/// The review on screen.
#[derive(Debug, Clone)]
pub struct OpenReview {
    /// As last read (version included).
    pub review: ReviewDetail,
    /// The full detail has arrived (not just the list row).
    pub loaded: bool,
    /// The newest read.
    pub pending_read: Latest,
    /// Ticked, parallel to `review.checklist`.
    pub ticked: Vec<bool>,
    /// Checklist cursor.
    pub cursor: usize,
    /// The decision form, when open.
    pub form: Option<DecisionForm>,
    /// A claim in flight.
    pub claiming: Option<ClaimInFlight>,
    /// The reason being typed to take another reviewer's claim over (supervisors).
    pub steal: Option<tui_input::Input>,
    /// Key of a claim whose answer never came (reused by the next attempt).
    pub claim_key: Option<IdempotencyKey>,
    /// Generation of the renewal timer (a newer timer or leaving the review cancels older ones).
    pub renew_gen: u64,
    /// A stale decision being re-read.
    pub stale: Option<StaleDecision>,
    /// What the last decision did.
    pub outcome: Option<Outcome>,
    /// Document photo and selfie.
    pub images: [ImageSlot; 2],
    /// What the photos fill (the zoom key cycles it).
    pub zoom: Zoom,
    /// The reveal form (which number, and why), when open.
    pub reveal: Option<RevealForm>,
    /// A reveal in flight, with its key (kept until a definite answer).
    pub revealing: Option<IdempotencyKey>,
    /// A number shown in full until its time is up.
    pub revealed: Option<ReviewRevealed>,
    /// The server's last refusal, in plain words (kept on screen until the next action).
    pub refusal: Option<String>,
}

impl OpenReview {
    /// A review opened from its list row (the detail follows).
    pub fn from_row(row: &ReviewSummary) -> OpenReview {
        OpenReview {
            review: ReviewDetail {
                summary: row.clone(),
                note: String::new(),
                new_phone: None,
                current_phone: None,
                document_check: String::new(),
                record: crate::api::RecordRef {
                    name: String::new(),
                    id_number: String::new(),
                    school: None,
                },
                checklist: row.kind.checklist().iter().map(|s| s.to_string()).collect(),
                decisions: Vec::new(),
                prior: Vec::new(),
                signals: Vec::new(),
                images: Vec::new(),
                assigned_by: None,
            },
            loaded: false,
            pending_read: Latest::default(),
            ticked: vec![false; row.kind.checklist().len()],
            cursor: 0,
            form: None,
            steal: None,
            claiming: None,
            claim_key: None,
            renew_gen: 0,
            stale: None,
            outcome: None,
            images: Default::default(),
            zoom: Zoom::Off,
            reveal: None,
            revealing: None,
            revealed: None,
            refusal: None,
        }
    }

    /// Items ticked, as wire keys.
    pub fn ticked_items(&self) -> Vec<String> {
        self.review
            .checklist
            .iter()
            .zip(&self.ticked)
            .filter(|(_, t)| **t)
            .map(|(k, _)| k.clone())
            .collect()
    }

    /// Every checklist item is ticked.
    pub fn checklist_complete(&self) -> bool {
        !self.ticked.is_empty() && self.ticked.iter().all(|t| *t)
    }

    /// Four eyes: why `me` may not claim or decide this review (they opened it, or gave its
    /// first approval), as the server would refuse it — known before any form is offered.
    pub fn four_eyes(&self, me: &str) -> Option<DecisionError> {
        let s = &self.review.summary;
        may_claim(me, &s.opened_by, s.state, s.first_approver.as_deref()).err()
    }

    /// The photos' proportions (width / height): from their PNG headers once fetched.
    pub fn aspects(&self) -> [f64; 2] {
        let mut out = DEFAULT_ASPECTS;
        for (i, slot) in self.images.iter().enumerate() {
            if let Some(a) = slot.bytes.as_deref().and_then(|b| png_aspect(b)) {
                out[i] = a;
            }
        }
        out
    }

    /// The rows the review's text wants below the photos: its facts or the panel beside
    /// them (checklist, form), whichever is longer.
    pub fn text_rows(&self) -> u16 {
        let r = &self.review;
        let flag = |b: bool| usize::from(b);
        let decisions: usize = r
            .decisions
            .iter()
            .map(|d| {
                1 + flag(!d.comment_to_user.trim().is_empty())
                    + flag(!d.internal_note.trim().is_empty())
            })
            .sum();
        // Header, applicant, document, record, ticket, claim, prior attempts.
        let facts = 7
            + flag(r.summary.assigned_to.is_some())
            + flag(r.current_phone.is_some())
            + flag(r.new_phone.is_some())
            + flag(r.summary.first_approver.is_some())
            + r.signals.len()
            + decisions
            + flag(!r.note.is_empty());
        let panel = if self.form.is_some() {
            // The confirmation, the longest step of the form.
            12
        } else if self.reveal.is_some() {
            // Title, question, the reason's title, three presets, own reason, keys.
            10
        } else {
            // Title, items, a refusal, an outcome (3).
            1 + r.checklist.len() + flag(self.refusal.is_some()) + 3 * flag(self.outcome.is_some())
        };
        u16::try_from(facts.max(panel)).unwrap_or(u16::MAX)
    }

    /// The image slot of `which`.
    pub fn slot(&self, which: ReviewImage) -> &ImageSlot {
        &self.images[image_index(which)]
    }

    /// The image slot of `which`, mutably.
    pub fn slot_mut(&mut self, which: ReviewImage) -> &mut ImageSlot {
        &mut self.images[image_index(which)]
    }
}

/// Index of an image in [`OpenReview::images`].
pub fn image_index(which: ReviewImage) -> usize {
    match which {
        ReviewImage::Document => 0,
        ReviewImage::Selfie => 1,
    }
}

/// The reviews pane.
#[derive(Debug, Clone, Default)]
pub struct ReviewsState {
    /// Filters in force.
    pub filter: ReviewFilter,
    /// The rows read so far (page after page as the selection moves down), in SLA order
    /// (the server's).
    pub rows: Vec<ReviewSummary>,
    /// Where the next page starts, when there is one.
    pub next_cursor: Option<String>,
    /// The next page, read ahead of the selection.
    pub more: Latest,
    /// Moves down past the rows read so far, applied when the next page arrives (a burst
    /// of keys is never cut at a page boundary).
    pub held_moves: usize,
    /// The search bar (`/`), while open: the text and why it cannot be sent.
    pub search_bar: Option<(Input, Option<String>)>,
    /// Matching reviews in all.
    pub total: u64,
    /// Selected row.
    pub selected: usize,
    /// Newest list request.
    pub pending: Latest,
    /// The list has been asked for at least once.
    pub requested: bool,
    /// Reviews per state (under the kind and document filters).
    pub counts: Vec<(ReviewState, u64)>,
    /// Newest counts request.
    pub pending_counts: Latest,
    /// The open review.
    pub open: Option<OpenReview>,
    /// How images can be shown in this terminal.
    pub graphics: Graphics,
    /// Graphics were drawn that the terminal keeps until told otherwise: clear it before the
    /// next frame (set when leaving a review or changing the zoom).
    pub clear_graphics: bool,
}

impl ReviewsState {
    /// Reviews in state `st` (under the kind and document filters), once counted.
    pub fn count_of(&self, st: ReviewState) -> Option<u64> {
        self.counts.iter().find(|(x, _)| *x == st).map(|(_, n)| *n)
    }
}

/// States counted on the counts line (open work first).
pub fn counted_states() -> impl Iterator<Item = ReviewState> {
    OPEN_STATES.into_iter().chain([
        ReviewState::Approved,
        ReviewState::RejectedRetry,
        ReviewState::RejectedFinal,
    ])
}
