//! Answers that come back to the reviews pane, and the I/O it asks for.

use std::sync::Arc;

use crate::api::{
    AccountDetail, DecisionRequest, Page, ReviewCountQuery, ReviewDetail, ReviewQuery,
    ReviewRevealRequest, ReviewRevealResponse, ReviewState, ReviewSummary,
};
use crate::client::{ClientError, IdempotencyKey, ReviewImage};
use crate::tui::images::EncodedImage;

/// Something that happened to the reviews pane.
#[derive(Debug, Clone)]
pub enum ReviewsAction {
    /// A page of the review queue.
    Listed {
        /// Request id.
        req: u64,
        /// The page.
        result: Result<Page<ReviewSummary>, ClientError>,
    },
    /// Reviews per state.
    Counted {
        /// Request id.
        req: u64,
        /// Counts.
        result: Result<Vec<(ReviewState, u64)>, ClientError>,
    },
    /// A review read.
    Loaded {
        /// Request id.
        req: u64,
        /// The review.
        result: Result<ReviewDetail, ClientError>,
    },
    /// An image fetched (PNG bytes).
    ImageFetched {
        /// Review.
        id: i64,
        /// Which image.
        which: ReviewImage,
        /// The bytes.
        result: Result<Arc<Vec<u8>>, ClientError>,
    },
    /// An image encoded for the terminal.
    ImageEncoded {
        /// Review.
        id: i64,
        /// Which image.
        which: ReviewImage,
        /// Cell size it was made for.
        size: (u16, u16),
        /// The encoded image, or why not.
        result: Result<EncodedImage, String>,
    },
    /// A claim (or renewal) answered; on success the review as read right after.
    Claimed {
        /// Review.
        id: i64,
        /// The key it was sent with.
        key: IdempotencyKey,
        /// Outcome.
        result: Result<ReviewDetail, ClientError>,
    },
    /// A claim given back (or not: its lease then lapses by itself).
    Released {
        /// Review.
        id: i64,
        /// Outcome.
        result: Result<(), ClientError>,
    },
    /// The renewal timer fired.
    RenewDue {
        /// Review.
        id: i64,
        /// Timer generation.
        gen: u64,
    },
    /// A decision answered.
    Decided {
        /// Review.
        id: i64,
        /// What was sent.
        request: DecisionRequest,
        /// The key it was sent with.
        key: IdempotencyKey,
        /// Outcome.
        result: Result<(), ClientError>,
    },
    /// A reveal answered.
    Revealed {
        /// Review.
        id: i64,
        /// The key it was sent with.
        key: IdempotencyKey,
        /// The number in full, or why not.
        result: Result<ReviewRevealResponse, ClientError>,
    },
    /// The account read after a decision.
    AccountLoaded {
        /// Request id.
        req: u64,
        /// The account.
        result: Result<AccountDetail, ClientError>,
    },
}

/// I/O the reviews pane asks for.
#[derive(Debug, Clone)]
pub enum ReviewsEffect {
    /// `GET /reviews` (newest wins).
    List {
        /// Request id.
        req: u64,
        /// Query.
        query: ReviewQuery,
    },
    /// `GET /reviews/counts`: reviews per state.
    Count {
        /// Request id.
        req: u64,
        /// The list's kind and document filters.
        query: ReviewCountQuery,
    },
    /// `GET /reviews/{id}`.
    Load {
        /// Request id.
        req: u64,
        /// Review.
        id: i64,
    },
    /// Fetch one image.
    FetchImage {
        /// Review.
        id: i64,
        /// Which.
        which: ReviewImage,
    },
    /// Decode and encode an image off the UI thread.
    EncodeImage {
        /// Review.
        id: i64,
        /// Which.
        which: ReviewImage,
        /// PNG bytes.
        bytes: Arc<Vec<u8>>,
        /// Cells (columns, rows) to fit.
        size: (u16, u16),
    },
    /// Claim or renew, then re-read the review.
    Claim {
        /// Review.
        id: i64,
        /// Key.
        key: IdempotencyKey,
    },
    /// Take the claim over from another reviewer (supervisors), then re-read the review.
    Steal {
        /// Review.
        id: i64,
        /// Key.
        key: IdempotencyKey,
        /// Why (audited).
        reason: String,
    },
    /// Give back the claim on a review left undecided, then re-read the list.
    Release {
        /// Review.
        id: i64,
        /// Key.
        key: IdempotencyKey,
    },
    /// Fire [`ReviewsAction::RenewDue`] after `secs`.
    RenewAfter {
        /// Review.
        id: i64,
        /// Timer generation.
        gen: u64,
        /// Delay in seconds.
        secs: u64,
    },
    /// Send a decision (never retried automatically).
    Decide {
        /// Review.
        id: i64,
        /// Version it is based on (`If-Match`).
        version: i64,
        /// The decision.
        request: DecisionRequest,
        /// Key.
        key: IdempotencyKey,
    },
    /// `POST /reviews/{id}/reveal`: a number in full, with a reason.
    Reveal {
        /// Review.
        id: i64,
        /// Which number and why.
        request: ReviewRevealRequest,
        /// Key.
        key: IdempotencyKey,
    },
    /// `GET /accounts/{id}` (to show what a decision did).
    LoadAccount {
        /// Request id.
        req: u64,
        /// Account.
        id: i64,
    },
}
