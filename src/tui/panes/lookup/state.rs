//! The lookup pane's state: the input and what it is recognised as, the accounts found,
//! the open card, the form over it, and the writes in flight.

use chrono::{DateTime, Utc};
use tui_input::Input;

use crate::api::{AccountDetail, AccountSummary, RevealField, ReviewSummary, TicketSummary};
use crate::client::IdempotencyKey;
use crate::tui::context::Latest;
use crate::tui::drafts::{AccountForm, DraftBody, DraftId};

use super::msg::Op;
use crate::domain::lookup_query::QueryKind;
pub use crate::tui::reason::{ReasonFor, ReasonForm, REVEAL_SECS};

/// Ticket lines the card shows (newest first).
pub const CARD_TICKETS: usize = 4;

/// Review lines the card shows (newest first).
pub const CARD_REVIEWS: usize = 3;

/// A line on the card that leads somewhere (Enter opens it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CardLine<'a> {
    /// One of the account's tickets.
    Ticket(&'a TicketSummary),
    /// One of the account's reviews.
    Review(&'a ReviewSummary),
}

/// The card's lines that lead somewhere, top to bottom: its tickets, then its reviews.
pub fn card_lines(d: &AccountDetail) -> Vec<CardLine<'_>> {
    let tickets = d.tickets.iter().take(CARD_TICKETS).map(CardLine::Ticket);
    let reviews = d.reviews.iter().take(CARD_REVIEWS).map(CardLine::Review);
    tickets.chain(reviews).collect()
}

/// The input as recognised while it is typed, in the operator's language.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Recognition {
    /// What it looks like so far.
    pub kind: Option<QueryKind>,
    /// The normalized value, when it is complete and valid.
    pub ready: Option<String>,
    /// Search at once, without waiting for Enter (complete mobile or 18-character ID).
    pub eager: bool,
    /// Why it cannot be searched.
    pub problem: Option<String>,
    /// How far the typing is (e.g. "12 of 18 characters").
    pub progress: Option<String>,
    /// Things to look at that do not block the search.
    pub warnings: Vec<String>,
}

/// A field shown in full for a while.
#[derive(Debug, Clone, PartialEq)]
pub struct Revealed {
    /// Account.
    pub account: i64,
    /// Which field.
    pub field: RevealField,
    /// The full value.
    pub value: String,
    /// When it hides again.
    pub until: DateTime<Utc>,
}

/// A menu of fixed choices (which field to reveal, the category of a new ticket).
#[derive(Debug, Clone, Default)]
pub struct Menu {
    /// Highlighted entry.
    pub selected: usize,
}

/// Phone rebind: new number, ID scan received, note.
#[derive(Debug, Clone)]
pub struct RebindForm {
    /// The new number as typed.
    pub number: Input,
    /// The caller's ID scan has been received.
    pub scan_received: bool,
    /// Extra note for the reviewers.
    pub note: Input,
    /// Focused field: 0 number, 1 scan, 2 note.
    pub focus: u8,
    /// Key of the review request (kept in its draft, so a resend cannot add it twice).
    pub key: IdempotencyKey,
}

/// Identity claim: application form and ID copy received, note.
#[derive(Debug, Clone)]
pub struct ClaimForm {
    /// Account claimed.
    pub account: i64,
    /// The account-problem application form and ID copy have been received.
    pub received: bool,
    /// Extra note for the reviewers.
    pub note: Input,
    /// Focused field: 0 received, 1 note.
    pub focus: u8,
    /// Key of the review request (kept in its draft, so a resend cannot add it twice).
    pub key: IdempotencyKey,
}

/// A question or small form over the card.
#[derive(Debug, Clone)]
pub enum Modal {
    /// Which field to reveal.
    Field(Menu),
    /// Confirm with a reason.
    Reason(ReasonForm),
    /// Phone rebind.
    Rebind(RebindForm),
    /// Identity claim.
    Claim(ClaimForm),
    /// Category of a new ticket.
    NewTicket(Menu),
    /// Attach the evidence to a review (boxed: it holds a thumbnail).
    Attach(Box<super::attach::AttachForm>),
}

/// Fields that can be revealed, in menu order.
pub const REVEAL_FIELDS: [RevealField; 4] = [
    RevealField::Phone,
    RevealField::DocumentNumber,
    RevealField::Name,
    RevealField::Email,
];

/// The pane.
#[derive(Debug, Clone)]
pub struct LookupState {
    /// The one input.
    pub input: Input,
    /// Keys go to the input.
    pub editing: bool,
    /// What the input is, as typed.
    pub recognition: Recognition,
    /// Newest search; older answers are dropped.
    pub pending: Latest,
    /// The query the results answer: kind and value.
    pub shown_for: Option<(QueryKind, String)>,
    /// Accounts found.
    pub results: Vec<AccountSummary>,
    /// Selected account among the results.
    pub selected: usize,
    /// The open card.
    pub card: Option<AccountDetail>,
    /// Newest card read.
    pub pending_card: Latest,
    /// Selected line on the card, among [`card_lines`].
    pub line_sel: usize,
    /// Question or form over the card.
    pub modal: Option<Modal>,
    /// The write in flight.
    pub busy: Option<Op>,
    /// A write whose answer was lost (timeout): repeated with the same key.
    pub retry: Option<Op>,
    /// A write refused as stale: asked again once the card is re-read.
    pub stale: Option<Op>,
    /// A field shown in full.
    pub revealed: Option<Revealed>,
    /// The caller's number last pre-filled from a call.
    pub prefilled: Option<String>,
}

impl Default for LookupState {
    fn default() -> Self {
        LookupState {
            input: Input::default(),
            editing: true,
            recognition: Recognition::default(),
            pending: Latest::default(),
            shown_for: None,
            results: Vec::new(),
            selected: 0,
            card: None,
            pending_card: Latest::default(),
            line_sel: 0,
            modal: None,
            busy: None,
            retry: None,
            stale: None,
            revealed: None,
            prefilled: None,
        }
    }
}

impl LookupState {
    /// Keys are text (the input or a form has focus).
    pub fn typing(&self) -> bool {
        self.editing || self.modal.is_some()
    }

    /// The account actions apply to: the open card's, else the selected result.
    pub fn target(&self) -> Option<&AccountSummary> {
        match &self.card {
            Some(d) => Some(&d.summary),
            None => self.results.get(self.selected),
        }
    }

    /// The accounts holding the same identity number as the card (the card's own first).
    pub fn conflict(&self) -> bool {
        self.card
            .as_ref()
            .is_some_and(|d| !d.same_identity.is_empty())
            || (self.card.is_none()
                && self.results.len() > 1
                && matches!(self.shown_for, Some((QueryKind::Document(_), _))))
    }

    /// The line selected on the card.
    pub fn selected_line(&self) -> Option<CardLine<'_>> {
        let d = self.card.as_ref()?;
        card_lines(d).get(self.line_sel).copied()
    }

    /// The ticket selected on the card.
    pub fn selected_ticket(&self) -> Option<i64> {
        match self.selected_line() {
            Some(CardLine::Ticket(t)) => Some(t.id),
            _ => None,
        }
    }

    /// The drafts the open form holds now (`None`: the form is open with nothing typed).
    pub fn drafts(&self) -> Vec<(DraftId, Option<(DraftBody, String)>)> {
        let form = match &self.modal {
            Some(Modal::Rebind(f)) => self.target().map(|a| {
                let id = DraftId::Rebind(a.id);
                (
                    id,
                    AccountForm::Rebind,
                    f.number.value(),
                    f.note.value(),
                    &f.key,
                )
            }),
            Some(Modal::Claim(f)) => Some((
                DraftId::Claim(f.account),
                AccountForm::Claim,
                "",
                f.note.value(),
                &f.key,
            )),
            _ => None,
        };
        let Some((id, form, number, note, key)) = form else {
            return vec![];
        };
        let typed = !number.trim().is_empty() || !note.trim().is_empty();
        let body = typed.then(|| {
            let body = DraftBody::Account {
                form,
                number: number.to_string(),
                note: note.to_string(),
            };
            (body, key.as_str().to_string())
        });
        vec![(id, body)]
    }
}
