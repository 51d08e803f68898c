//! What the lookup pane asks of the runner ([`Request`]) and the answers it gets back
//! ([`Answer`]); its writes carry their idempotency key ([`Op`]).

use crate::api::{
    AccountDetail, AccountQuery, AccountSummary, Category, Channel, NewReview, NewTicket, Page,
    RevealField, RevealRequest, RevealResponse, ReviewKind,
};
use crate::client::{AccountAction, ClientError, IdempotencyKey};
use crate::domain::lookup_query::QueryKind;

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
}
