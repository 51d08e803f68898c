//! What the lookup pane asks of the runner ([`Request`]) and the answers it gets back
//! ([`Answer`]); its writes carry their idempotency key ([`Op`]).

use crate::api::{
    AccountDetail, AccountQuery, AccountSummary, Category, Channel, ImageSlot, NewReview,
    NewTicket, Page, RevealField, RevealRequest, RevealResponse, ReviewKind,
};
use crate::client::{AccountAction, ClientError, IdempotencyKey};
use crate::domain::lookup_query::QueryKind;
use crate::tui::images::EncodedImage;

/// A write of the pane, with its idempotency key.
#[derive(Debug, Clone, PartialEq)]
pub struct Op {
    /// Account concerned.
    pub account: i64,
    /// What is done.
    pub kind: OpKind,
    /// Key kept until the server answers definitely.
    pub key: IdempotencyKey,
}

/// The writes of the pane.
#[derive(Debug, Clone, PartialEq)]
pub enum OpKind {
    /// Reveal a field.
    Reveal {
        /// Field.
        field: RevealField,
        /// Why.
        reason: String,
    },
    /// Unlock, freeze, unfreeze at `version`.
    Act {
        /// Which.
        action: AccountAction,
        /// Version read.
        version: i64,
        /// Why.
        reason: String,
    },
    /// Resend the activation e-mail.
    ResendActivation,
    /// Open a manual review.
    Review {
        /// Kind.
        kind: ReviewKind,
        /// Linked ticket.
        ticket_id: Option<i64>,
        /// New phone (rebind).
        new_phone: Option<String>,
        /// Note.
        note: String,
    },
    /// Open a ticket.
    Ticket {
        /// Category.
        category: Category,
        /// Channel.
        channel: Channel,
        /// Subject.
        subject: String,
        /// Body.
        body: String,
    },
}

impl OpKind {
    /// The review to create, if this is one.
    pub fn new_review(&self, account: i64) -> Option<NewReview> {
        match self {
            OpKind::Review {
                kind,
                ticket_id,
                new_phone,
                note,
            } => Some(NewReview {
                kind: *kind,
                account_id: account,
                ticket_id: *ticket_id,
                new_phone: new_phone.clone(),
                note: note.clone(),
            }),
            _ => None,
        }
    }

    /// The ticket to create, if this is one.
    pub fn new_ticket(&self, account: i64) -> Option<NewTicket> {
        match self {
            OpKind::Ticket {
                category,
                channel,
                subject,
                body,
            } => Some(NewTicket {
                subject: subject.clone(),
                body: body.clone(),
                category: *category,
                channel: *channel,
                account_id: Some(account),
                priority: None,
            }),
            _ => None,
        }
    }

    /// The reveal request, if this is one.
    pub fn reveal(&self) -> Option<RevealRequest> {
        match self {
            OpKind::Reveal { field, reason } => Some(RevealRequest {
                field: *field,
                reason: reason.clone(),
            }),
            _ => None,
        }
    }
}

/// What can be copied to the operator's clipboard: ids only, never personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyTarget {
    /// An account id.
    Account(i64),
    /// A ticket id.
    Ticket(i64),
}

impl CopyTarget {
    /// The text put on the clipboard.
    pub fn text(self) -> String {
        match self {
            CopyTarget::Account(id) | CopyTarget::Ticket(id) => id.to_string(),
        }
    }
}

/// Requests of the pane (run by [`super::requests::run`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// `GET /accounts?…` (a newer search aborts this one).
    Search {
        /// Request id.
        req: u64,
        /// Field and value.
        kind: QueryKind,
        /// Normalized value.
        value: String,
    },
    /// `GET /accounts/{id}` (a newer read aborts this one).
    LoadCard {
        /// Request id.
        req: u64,
        /// Account.
        id: i64,
    },
    /// A write.
    Run(Op),
    /// OSC 52 copy to the operator's clipboard.
    Copy(CopyTarget),
    /// List the directory of a typed path (for its completion).
    Complete {
        /// Request id.
        req: u64,
        /// The path as typed.
        typed: String,
    },
    /// Check the file at `path` and attach it to a review, then read back the thumbnail.
    Attach {
        /// Request id.
        req: u64,
        /// Review.
        review: i64,
        /// Which image.
        slot: ImageSlot,
        /// Path on the desk's host.
        path: String,
        /// Idempotency key of the upload.
        key: IdempotencyKey,
    },
    /// The thumbnail of what is on file for a review's image.
    Preview {
        /// Request id.
        req: u64,
        /// Review.
        review: i64,
        /// Which image.
        slot: ImageSlot,
    },
}

/// An entry of a directory listed for a completion (its name is untrusted text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirEntry {
    /// File name.
    pub name: String,
    /// It is a directory.
    pub dir: bool,
}

/// Why a file was not attached.
#[derive(Debug, Clone)]
pub enum AttachError {
    /// No such file (the path as typed).
    Missing(String),
    /// A directory or something else that is not a file.
    NotAFile(String),
    /// Over the upload limit (its size in bytes), refused before reading it.
    TooBig(u64),
    /// Not a PNG or JPEG (by its first bytes).
    NotAnImage,
    /// It could not be read.
    Unreadable(String),
    /// The back office refused it, or could not be reached.
    Api(ClientError),
}

/// An image attached.
#[derive(Debug, Clone)]
pub struct Attached {
    /// Size of the file sent.
    pub bytes: u64,
    /// The stored image as a thumbnail (none when it cannot be drawn).
    pub thumb: Option<EncodedImage>,
}

/// Answers for the attach form.
#[derive(Debug, Clone)]
pub enum AttachAnswer {
    /// A directory listed for a completion.
    Completed {
        /// Request id.
        req: u64,
        /// The path as typed when asked.
        typed: String,
        /// Its directory's entries.
        entries: Vec<DirEntry>,
    },
    /// An upload answered.
    Attached {
        /// Request id.
        req: u64,
        /// Which image.
        slot: ImageSlot,
        /// Outcome.
        result: Result<Attached, AttachError>,
    },
    /// A thumbnail of what is on file (none: nothing yet).
    Previewed {
        /// Request id.
        req: u64,
        /// Which image.
        slot: ImageSlot,
        /// The thumbnail, or why not.
        result: Result<Option<EncodedImage>, String>,
    },
}

impl AttachAnswer {
    /// The request it answers.
    pub fn req(&self) -> u64 {
        match self {
            AttachAnswer::Completed { req, .. }
            | AttachAnswer::Attached { req, .. }
            | AttachAnswer::Previewed { req, .. } => *req,
        }
    }
}

impl Request {
    /// The account query of a search.
    pub fn query(kind: QueryKind, value: &str) -> AccountQuery {
        let v = Some(value.to_string());
        match kind {
            QueryKind::Phone => AccountQuery {
                phone: v,
                ..AccountQuery::default()
            },
            QueryKind::Document(_) => AccountQuery {
                id_number: v,
                ..AccountQuery::default()
            },
            QueryKind::Email => AccountQuery {
                email: v,
                ..AccountQuery::default()
            },
            QueryKind::Login => AccountQuery {
                login: v,
                ..AccountQuery::default()
            },
        }
    }
}

/// Answers for the pane.
#[derive(Debug, Clone)]
pub enum Answer {
    /// Search results.
    Found {
        /// Request id.
        req: u64,
        /// Matches (masked).
        result: Result<Page<AccountSummary>, ClientError>,
    },
    /// An account card.
    Card {
        /// Request id.
        req: u64,
        /// The card (boxed: it is much larger than the other answers).
        result: Result<Box<AccountDetail>, ClientError>,
    },
    /// A reveal answered.
    Revealed {
        /// The request.
        op: Op,
        /// The value.
        result: Result<RevealResponse, ClientError>,
    },
    /// A write answered (with the id of what it created, if anything).
    Done {
        /// The request.
        op: Op,
        /// Outcome.
        result: Result<Option<i64>, ClientError>,
    },
    /// For the attach form.
    Attach(AttachAnswer),
}
