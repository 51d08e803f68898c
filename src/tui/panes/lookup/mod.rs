//! The account-lookup pane: one input that recognises what is being typed, newest-wins
//! search, several accounts side by side, the account card, and the phone-case actions.
//!
//! Everything here is pure like `update`: I/O leaves as a [`Request`] (wrapped in
//! `Effect::Lookup`) and comes back as an [`Answer`] (wrapped in `Action::Lookup`).

pub mod advice;
pub mod requests;
pub mod view;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use tui_input::{Input, InputRequest};

use crate::tui::action::Effect;
use crate::tui::drafts::{self, AccountForm, DraftId};
use crate::tui::editor::handle_input;
use crate::tui::locale::error_text;
use crate::tui::locale::Catalog;
use crate::tui::state::State;
use crate::tui::update::{fail, label};
use crate::api::{
    AccountDetail, AccountQuery, AccountState, AccountSummary, Category, Channel, NewReview,
    NewTicket, Page, RevealField, RevealRequest, RevealResponse, ReviewKind,
};
use crate::client::{AccountAction, ClientError, IdempotencyKey};
use crate::config::{Binding, Key, KeyChord, Language};
use crate::domain::identity::{self, DocumentKind};
use crate::domain::phone;
use crate::sanitize::{clean, one_line_chars};

/// How long a revealed value stays on screen.
pub const REVEAL_SECS: i64 = 30;

/// What the typed text is taken for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryKind {
    /// A mainland mobile number.
    Phone,
    /// An identity document number of this kind.
    Document(DocumentKind),
    /// An e-mail address.
    Email,
    /// A login name.
    Login,
}

impl QueryKind {
    /// Catalog text of the kind.
    pub fn label(self, c: &Catalog) -> String {
        match self {
            QueryKind::Phone => c.ts("lookup.kind.phone"),
            QueryKind::Email => c.ts("lookup.kind.email"),
            QueryKind::Login => c.ts("lookup.kind.login"),
            QueryKind::Document(d) => doc_label(c, d),
        }
    }
}

/// A document kind in the operator's language.
pub fn doc_label(c: &Catalog, d: DocumentKind) -> String {
    match c.lang() {
        Language::ZhCn => d.label_zh().to_string(),
        Language::En => d.label().to_string(),
    }
}

/// The input as recognised while it is typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Recognition {
    /// What it looks like so far.
    pub kind: Option<QueryKind>,
    /// The normalized value, when it is complete and valid.
    pub ready: Option<String>,
    /// Search at once, without waiting for Enter (complete mobile or 18-character ID).
    pub eager: bool,
    /// Why it cannot be searched, in the operator's language.
    pub problem: Option<String>,
    /// How far the typing is (e.g. "12 of 18 characters").
    pub progress: Option<String>,
    /// Things to look at that do not block the search.
    pub warnings: Vec<String>,
}

fn id_error(c: &Catalog, e: &identity::IdError) -> String {
    let why = match c.lang() {
        Language::ZhCn => e.message_zh(),
        Language::En => e.to_string(),
    };
    c.tf("lookup.bad_id", &[("why", &why)])
}

fn phone_error(c: &Catalog, e: &phone::PhoneError) -> String {
    phone_error_as(c, e, "lookup.bad_phone")
}

fn phone_error_as(c: &Catalog, e: &phone::PhoneError, key: &str) -> String {
    let why = match c.lang() {
        Language::ZhCn => e.message_zh(),
        Language::En => e.to_string(),
    };
    c.tf(key, &[("why", &why)])
}

fn is_passport(n: &str) -> bool {
    let letters = n.chars().take_while(|c| c.is_ascii_uppercase()).count();
    let rest = &n[letters..];
    (1..=2).contains(&letters)
        && (6..=9).contains(&rest.len())
        && rest.chars().all(|c| c.is_ascii_digit())
}

/// Recognise what `text` is, validate it, and say what is wrong or missing.
pub fn recognize(text: &str, today: NaiveDate, c: &Catalog) -> Recognition {
    let t = text.trim();
    let mut r = Recognition::default();
    if t.is_empty() {
        return r;
    }
    let ready = |r: &mut Recognition, kind: QueryKind, value: String, eager: bool| {
        r.kind = Some(kind);
        r.ready = Some(value);
        r.eager = eager;
    };
    if t.contains('@') {
        r.kind = Some(QueryKind::Email);
        let lower = t.to_lowercase();
        let ok = match lower.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.ends_with('.')
                    && !lower.chars().any(char::is_whitespace)
            }
            None => false,
        };
        if ok {
            ready(&mut r, QueryKind::Email, lower, false);
        } else {
            r.progress = Some(c.ts("lookup.email_incomplete"));
        }
        return r;
    }
    if let Ok(p) = phone::normalize_mobile(t) {
        ready(&mut r, QueryKind::Phone, p, true);
        return r;
    }
    let n = identity::normalize(t);
    let first = t.chars().map(identity::half_width).next().unwrap_or(' ');
    let digits = n.chars().filter(char::is_ascii_digit).count();
    // Typed like a phone number: +86, (86), or 1[3-9] with fewer than 11 digits.
    let phone_like = matches!(first, '+' | '(' | '（')
        || (n.chars().all(|c| c.is_ascii_digit())
            && n.starts_with('1')
            && n.len() < 11
            && n.chars().nth(1).is_none_or(|d| ('3'..='9').contains(&d)));
    if phone_like {
        r.kind = Some(QueryKind::Phone);
        match phone::normalize_mobile(t) {
            // "+8" is on its way to "+86".
            Err(phone::PhoneError::ForeignCountryCode) if digits < 2 => {
                r.progress = Some(c.tf("lookup.progress", &[("n", "0"), ("of", "11")]));
            }
            Err(
                e @ (phone::PhoneError::BadChar { .. } | phone::PhoneError::ForeignCountryCode),
            ) => {
                r.problem = Some(phone_error(c, &e));
            }
            Err(phone::PhoneError::Length { got }) if got > 11 => {
                r.problem = Some(phone_error(c, &phone::PhoneError::Length { got }));
            }
            _ => {
                r.progress = Some(c.tf(
                    "lookup.progress",
                    &[("n", &digits.min(11).to_string()), ("of", "11")],
                ))
            }
        }
        return r;
    }
    let id_like = n.chars().next().is_some_and(|c| c.is_ascii_digit())
        && n.chars().all(|c| c.is_ascii_digit() || c == 'X');
    if id_like {
        let len = n.chars().count();
        let kind = identity::detect(&n).unwrap_or(DocumentKind::ResidentId);
        r.kind = Some(QueryKind::Document(kind));
        match len {
            18 | 15 => match identity::validate(kind, &n, today) {
                Ok(v) => {
                    r.warnings = match c.lang() {
                        Language::ZhCn => v.warnings_zh,
                        Language::En => v.warnings,
                    };
                    ready(&mut r, QueryKind::Document(v.kind), v.normalized, len == 18);
                }
                Err(e) => r.problem = Some(id_error(c, &e)),
            },
            8 if kind == DocumentKind::TaiwanPermit => {
                ready(&mut r, QueryKind::Document(kind), n.clone(), false);
                r.progress = Some(c.ts("lookup.taiwan_or_id"));
            }
            l if l > 18 => {
                if let Err(e) = identity::validate(DocumentKind::ResidentId, &n, today) {
                    r.problem = Some(id_error(c, &e));
                }
            }
            _ => {
                r.kind = Some(QueryKind::Document(DocumentKind::ResidentId));
                r.progress =
                    Some(c.tf("lookup.progress", &[("n", &len.to_string()), ("of", "18")]));
            }
        }
        return r;
    }
    if matches!(n.chars().next(), Some('H' | 'M')) && n[1..].chars().all(|c| c.is_ascii_digit()) {
        let kind = DocumentKind::HkMacauPermit;
        r.kind = Some(QueryKind::Document(kind));
        match identity::validate(kind, &n, today) {
            Ok(v) => ready(&mut r, QueryKind::Document(kind), v.normalized, false),
            Err(e) if n.len() > 11 => r.problem = Some(id_error(c, &e)),
            Err(_) => {
                r.progress = Some(c.tf(
                    "lookup.progress",
                    &[("n", &n.len().to_string()), ("of", "9/11")],
                ))
            }
        }
        return r;
    }
    if is_passport(&n) {
        ready(
            &mut r,
            QueryKind::Document(DocumentKind::Passport),
            n.clone(),
            false,
        );
        return r;
    }
    let cjk = !t.is_ascii();
    if cjk && digits == 0 {
        // A name: exact lookups only, never by name (and never a wildcard).
        r.problem = Some(c.ts("lookup.no_name_search"));
        return r;
    }
    if cjk {
        ready(
            &mut r,
            QueryKind::Document(DocumentKind::MilitaryOfficer),
            n.clone(),
            false,
        );
        r.warnings.push(c.ts("lookup.military_hint"));
        return r;
    }
    ready(&mut r, QueryKind::Login, t.to_string(), false);
    r
}

/// Why an input that is still incomplete cannot be searched (for Enter).
fn incomplete_reason(r: &Recognition, text: &str, today: NaiveDate, c: &Catalog) -> String {
    match r.kind {
        Some(QueryKind::Phone) => match phone::normalize_mobile(text) {
            Err(e) => phone_error(c, &e),
            Ok(_) => c.ts("lookup.incomplete"),
        },
        Some(QueryKind::Document(k)) => match identity::validate(k, text, today) {
            Err(e) => id_error(c, &e),
            Ok(_) => c.ts("lookup.incomplete"),
        },
        _ => c.ts("lookup.incomplete"),
    }
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

/// What a reason is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReasonFor {
    /// Reveal a field.
    Reveal(RevealField),
    /// Unlock, freeze, unfreeze.
    Act(AccountAction),
}

impl ReasonFor {
    /// Catalog keys of the preset reasons.
    pub fn presets(self) -> &'static [&'static str] {
        match self {
            ReasonFor::Reveal(_) => &[
                "lookup.reason.reveal_confirm",
                "lookup.reason.reveal_compare",
                "lookup.reason.reveal_review",
            ],
            ReasonFor::Act(AccountAction::Unlock) => &[
                "lookup.reason.unlock_verified",
                "lookup.reason.unlock_urgent",
            ],
            ReasonFor::Act(AccountAction::Freeze) => &[
                "lookup.reason.freeze_trading",
                "lookup.reason.freeze_stolen",
            ],
            ReasonFor::Act(AccountAction::Unfreeze) => &[
                "lookup.reason.unfreeze_cleared",
                "lookup.reason.unfreeze_owner",
            ],
        }
    }
}

/// A question or small form over the card.
#[derive(Debug, Clone)]
pub enum Modal {
    /// Which field to reveal.
    Field {
        /// Highlighted field.
        selected: usize,
    },
    /// Confirm with a reason (pick a preset or type one).
    Reason {
        /// What for.
        purpose: ReasonFor,
        /// Highlighted preset.
        selected: usize,
        /// A typed reason (wins over the preset when not blank).
        text: Input,
        /// Why it is asked again (the account changed meanwhile).
        stale: Vec<String>,
    },
    /// Phone rebind: new number, ID scan received, note.
    Rebind {
        /// The new number as typed.
        number: Input,
        /// The caller's ID scan has been received.
        scan_received: bool,
        /// Extra note for the reviewers.
        note: Input,
        /// Focused field: 0 number, 1 scan, 2 note.
        focus: u8,
        /// Key of the review request (kept in its draft, so a resend cannot add it twice).
        key: IdempotencyKey,
    },
    /// Identity claim: application form and ID copy received, note.
    Claim {
        /// Account claimed.
        account: i64,
        /// The account-problem application form and ID copy have been received.
        received: bool,
        /// Extra note for the reviewers.
        note: Input,
        /// Focused field: 0 received, 1 note.
        focus: u8,
        /// Key of the review request (kept in its draft, so a resend cannot add it twice).
        key: IdempotencyKey,
    },
    /// Category of a new ticket.
    NewTicket {
        /// Highlighted category.
        selected: usize,
    },
}

/// Fields that can be revealed, in menu order.
pub const REVEAL_FIELDS: [RevealField; 4] = [
    RevealField::Phone,
    RevealField::DocumentNumber,
    RevealField::Name,
    RevealField::Email,
];

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

/// Requests of the pane (run by [`runner::run`]).
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
    pub pending: Option<u64>,
    /// The query the results answer: kind and value.
    pub shown_for: Option<(QueryKind, String)>,
    /// Accounts found.
    pub results: Vec<AccountSummary>,
    /// Selected account among the results.
    pub selected: usize,
    /// The open card.
    pub card: Option<AccountDetail>,
    /// Newest card read.
    pub pending_card: Option<u64>,
    /// Selected ticket on the card.
    pub ticket_sel: usize,
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
            pending: None,
            shown_for: None,
            results: Vec::new(),
            selected: 0,
            card: None,
            pending_card: None,
            ticket_sel: 0,
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
}

fn cat(s: &State) -> Catalog {
    Catalog::new(s.lang)
}

fn lookup_effect(r: Request) -> Effect {
    Effect::Lookup(r)
}

// ---------------------------------------------------------------- entry points

/// The pane was entered: a caller's number from the current call arrives pre-filled.
pub fn entered(s: &mut State) -> Vec<Effect> {
    let number = s.call.as_ref().and_then(|c| c.normalized.clone());
    if let Some(n) = number {
        if s.lookup.prefilled.as_deref() != Some(n.as_str()) {
            s.lookup.prefilled = Some(n.clone());
            s.lookup.input = Input::new(n);
            s.lookup.modal = None;
            let fx = input_changed(s);
            s.lookup.editing = false;
            return fx;
        }
    }
    if s.lookup.results.is_empty() && s.lookup.card.is_none() {
        s.lookup.editing = true;
    }
    vec![]
}

/// Pasted text goes into the input or the focused form field.
pub fn paste(s: &mut State, text: &str) -> Vec<Effect> {
    let clean_chars = one_line_chars(text);
    match s.lookup.modal.as_mut() {
        Some(Modal::Reason { text: t, .. }) => {
            clean_chars.for_each(|ch| {
                t.handle(InputRequest::InsertChar(ch));
            });
            vec![]
        }
        Some(Modal::Rebind {
            number,
            note,
            focus,
            ..
        }) => {
            let t = if *focus == 0 { number } else { note };
            clean_chars.for_each(|ch| {
                t.handle(InputRequest::InsertChar(ch));
            });
            vec![]
        }
        Some(Modal::Claim { note, .. }) => {
            clean_chars.for_each(|ch| {
                note.handle(InputRequest::InsertChar(ch));
            });
            vec![]
        }
        Some(_) => vec![],
        None => {
            s.lookup.editing = true;
            clean_chars.for_each(|ch| {
                s.lookup.input.handle(InputRequest::InsertChar(ch));
            });
            input_changed(s)
        }
    }
}

/// A clock tick: hide a revealed value when its time is up. Returns whether to redraw.
pub fn tick(s: &mut State) -> bool {
    match &s.lookup.revealed {
        Some(r) if s.now >= r.until => {
            s.lookup.revealed = None;
            true
        }
        Some(_) => true,
        None => false,
    }
}

/// Keys that apply in the pane now (for the status line).
pub fn hints(s: &State) -> Vec<Binding> {
    let l = &s.lookup;
    if l.typing() {
        return vec![];
    }
    let mut v = Vec::new();
    if let Some(d) = &l.card {
        match d.summary.state {
            AccountState::Locked => v.push(Binding::Unlock),
            AccountState::Unactivated => v.push(Binding::ResendActivation),
            AccountState::Frozen if s.is_supervisor() => v.push(Binding::Unfreeze),
            _ => {}
        }
        v.push(Binding::Reveal);
        v.push(Binding::PhoneRebind);
        if !d.same_identity.is_empty() {
            v.push(Binding::IdentityClaim);
        }
        v.push(Binding::NewTicket);
        if s.call.is_some() {
            v.push(Binding::AttachCall);
        }
        v.push(Binding::CopyAccountId);
        v.push(Binding::Filter);
        v.push(Binding::Back);
    } else if !l.results.is_empty() {
        v.extend([
            Binding::Open,
            Binding::IdentityClaim,
            Binding::CopyAccountId,
        ]);
        v.push(Binding::Filter);
    } else {
        v.extend([Binding::Filter, Binding::NextPane, Binding::Help]);
    }
    v
}

// ---------------------------------------------------------------- the input

fn recompute(s: &mut State) {
    let c = cat(s);
    s.lookup.recognition = recognize(s.lookup.input.value(), s.today, &c);
}

/// The input changed: recognise it again; a complete mobile or ID is searched at once,
/// and any answer to an older query is dropped.
fn input_changed(s: &mut State) -> Vec<Effect> {
    recompute(s);
    let r = s.lookup.recognition.clone();
    let current = r.kind.zip(r.ready.clone());
    if s.lookup.shown_for.as_ref() == current.as_ref() && current.is_some() {
        return vec![];
    }
    // What is on screen no longer answers what is typed.
    s.lookup.pending = None;
    s.lookup.pending_card = None;
    s.lookup.shown_for = None;
    s.lookup.results.clear();
    s.lookup.card = None;
    s.lookup.revealed = None;
    s.lookup.stale = None;
    match current {
        Some((kind, value)) if r.eager => search(s, kind, value),
        _ => vec![],
    }
}

fn search(s: &mut State, kind: QueryKind, value: String) -> Vec<Effect> {
    let req = s.request_id();
    s.lookup.pending = Some(req);
    vec![lookup_effect(Request::Search { req, kind, value })]
}

/// Re-read the account card.
pub(crate) fn load_card(s: &mut State, id: i64) -> Vec<Effect> {
    let req = s.request_id();
    s.lookup.pending_card = Some(req);
    vec![lookup_effect(Request::LoadCard { req, id })]
}

fn submit_input(s: &mut State) -> Vec<Effect> {
    let c = cat(s);
    let r = s.lookup.recognition.clone();
    if let Some(p) = &r.problem {
        // Refused before any request, with the reason.
        s.error = Some(p.clone());
        return vec![];
    }
    let Some((kind, value)) = r.kind.zip(r.ready.clone()) else {
        if s.lookup.input.value().trim().is_empty() {
            s.dirty = false;
            return vec![];
        }
        s.error = Some(incomplete_reason(&r, s.lookup.input.value(), s.today, &c));
        return vec![];
    };
    s.error = None;
    s.lookup.editing = false;
    let same = s.lookup.shown_for.as_ref() == Some(&(kind, value.clone()));
    if same || s.lookup.pending.is_some() {
        return vec![];
    }
    search(s, kind, value)
}

/// Keys while the input or a form has focus; `None` lets the desk handle the key
/// (Tab and Shift-Tab still move between panes).
pub fn on_text_key(s: &mut State, k: KeyChord) -> Option<Vec<Effect>> {
    if s.lookup.modal.is_some() {
        return Some(modal_key(s, k));
    }
    match k.key {
        Key::Tab | Key::BackTab => None,
        Key::Enter => Some(submit_input(s)),
        Key::Esc => {
            s.lookup.editing = false;
            Some(vec![])
        }
        _ => {
            let before = s.lookup.input.value().to_string();
            if !handle_input(&mut s.lookup.input, &k) {
                s.dirty = false;
                return Some(vec![]);
            }
            if s.lookup.input.value() == before {
                return Some(vec![]);
            }
            s.error = None;
            Some(input_changed(s))
        }
    }
}

// ---------------------------------------------------------------- answers

/// An answer for the pane.
pub fn on_answer(s: &mut State, a: Answer) -> Vec<Effect> {
    match a {
        Answer::Found { req, result } => {
            if s.lookup.pending != Some(req) {
                // An older query: the newest one wins.
                s.dirty = false;
                return vec![];
            }
            s.lookup.pending = None;
            let page = match result {
                Ok(p) => p,
                Err(e) => return fail(s, &e),
            };
            let r = &s.lookup.recognition;
            s.lookup.shown_for = r.kind.zip(r.ready.clone());
            s.lookup.results = page.items;
            s.lookup.selected = 0;
            s.lookup.card = None;
            if let [one] = s.lookup.results.as_slice() {
                let id = one.id;
                return load_card(s, id);
            }
            vec![]
        }
        Answer::Card { req, result } => {
            if s.lookup.pending_card != Some(req) {
                s.dirty = false;
                return vec![];
            }
            s.lookup.pending_card = None;
            match result {
                Ok(d) => card_loaded(s, *d),
                Err(e) => fail(s, &e),
            }
        }
        Answer::Revealed { op, result } => {
            s.lookup.busy = None;
            match result {
                Ok(r) => {
                    s.lookup.retry = None;
                    let c = cat(s);
                    s.lookup.revealed = Some(Revealed {
                        account: op.account,
                        field: r.field,
                        value: r.value.unwrap_or_else(|| c.ts("lookup.none")),
                        until: s.now + Duration::seconds(REVEAL_SECS),
                    });
                    s.error = None;
                    s.notice = Some(c.tf("lookup.notice.revealed", &[("secs", "30")]));
                    vec![]
                }
                Err(e) => op_failed(s, op, &e),
            }
        }
        Answer::Done { op, result } => {
            s.lookup.busy = None;
            match result {
                Ok(created) => op_done(s, op, created),
                Err(e) => op_failed(s, op, &e),
            }
        }
    }
}

fn card_loaded(s: &mut State, d: AccountDetail) -> Vec<Effect> {
    let c = cat(s);
    let old = s.lookup.card.take();
    if old.as_ref().map(|o| o.summary.id) != Some(d.summary.id) {
        s.lookup.ticket_sel = 0;
    }
    if s.lookup
        .revealed
        .as_ref()
        .is_some_and(|r| r.account != d.summary.id)
    {
        s.lookup.revealed = None;
    }
    s.lookup.ticket_sel = s.lookup.ticket_sel.min(d.tickets.len().saturating_sub(1));
    if let Some(i) = s.lookup.results.iter().position(|a| a.id == d.summary.id) {
        s.lookup.results[i] = d.summary.clone();
    }
    // A write refused as stale: ask again on what was just read, or say why not.
    if let Some(op) = s.lookup.stale.take() {
        if op.account == d.summary.id {
            if let OpKind::Act { action, reason, .. } = &op.kind {
                let changes = describe_changes(&c, old.as_ref(), &d);
                if still_applies(*action, d.summary.state) {
                    let mut text = Input::new(reason.clone());
                    text.handle(InputRequest::GoToEnd);
                    s.lookup.modal = Some(Modal::Reason {
                        purpose: ReasonFor::Act(*action),
                        selected: 0,
                        text,
                        stale: changes,
                    });
                } else {
                    s.error = None;
                    s.notice = Some(c.tf(
                        "lookup.stale_done",
                        &[("state", &label(&c, "lookup.state", &d.summary.state))],
                    ));
                }
            }
        }
    }
    s.lookup.card = Some(d);
    vec![]
}

/// Whether an action still makes sense in `state`.
pub fn still_applies(action: AccountAction, state: AccountState) -> bool {
    match action {
        AccountAction::Unlock => state == AccountState::Locked,
        AccountAction::Freeze => state != AccountState::Frozen,
        AccountAction::Unfreeze => state == AccountState::Frozen,
    }
}

/// What changed on an account between two reads, for the stale question.
pub fn describe_changes(
    c: &Catalog,
    old: Option<&AccountDetail>,
    new: &AccountDetail,
) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(o) = old {
        if o.summary.state != new.summary.state {
            out.push(c.tf(
                "lookup.changed_state",
                &[
                    ("from", &label(c, "lookup.state", &o.summary.state)),
                    ("to", &label(c, "lookup.state", &new.summary.state)),
                ],
            ));
        }
        let (a, b) = (
            o.lock.as_ref().map(|l| l.failed_attempts),
            new.lock.as_ref().map(|l| l.failed_attempts),
        );
        if a != b {
            out.push(c.tf(
                "lookup.changed_attempts",
                &[
                    ("from", &a.unwrap_or(0).to_string()),
                    ("to", &b.unwrap_or(0).to_string()),
                ],
            ));
        }
        if o.summary.version != new.summary.version {
            out.push(c.tf(
                "lookup.changed_version",
                &[
                    ("from", &o.summary.version.to_string()),
                    ("to", &new.summary.version.to_string()),
                ],
            ));
        }
    }
    if out.is_empty() {
        out.push(c.ts("lookup.changed_unknown"));
    }
    out
}

fn op_done(s: &mut State, op: Op, created: Option<i64>) -> Vec<Effect> {
    let c = cat(s);
    s.lookup.retry = None;
    let mut fx: Vec<Effect> = Vec::new();
    if let OpKind::Review { kind, .. } = &op.kind {
        let id = match kind {
            ReviewKind::PhoneRebind => DraftId::Rebind(op.account),
            _ => DraftId::Claim(op.account),
        };
        fx.extend(drafts::forget(s, id));
    }
    s.error = None;
    let id = created.map(|i| i.to_string()).unwrap_or_default();
    s.notice = Some(match &op.kind {
        OpKind::Act { action, .. } => c.ts(match action {
            AccountAction::Unlock => "lookup.notice.unlocked",
            AccountAction::Freeze => "lookup.notice.frozen",
            AccountAction::Unfreeze => "lookup.notice.unfrozen",
        }),
        OpKind::ResendActivation => c.ts("lookup.notice.resent"),
        OpKind::Review {
            kind, ticket_id, ..
        } => {
            let what = label(&c, "lookup.review_kind", kind);
            match ticket_id {
                Some(t) => c.tf(
                    "lookup.notice.review_on_ticket",
                    &[("kind", &what), ("id", &id), ("ticket", &t.to_string())],
                ),
                None => c.tf("lookup.notice.review", &[("kind", &what), ("id", &id)]),
            }
        }
        OpKind::Ticket { .. } => {
            // A call without a ticket is logged on the new one.
            if let (Some(call), Some(t)) = (s.call.as_mut(), created) {
                if call.ticket.is_none() {
                    call.ticket = Some(t);
                }
            }
            c.tf("lookup.notice.ticket", &[("id", &id)])
        }
        OpKind::Reveal { .. } => String::new(),
    });
    fx.extend(load_card(s, op.account));
    fx
}

fn op_failed(s: &mut State, op: Op, e: &ClientError) -> Vec<Effect> {
    let c = cat(s);
    if e.is_stale() {
        // Re-read, then ask again on the new version (with a new key: the 412 was final).
        s.error = Some(c.ts("lookup.stale"));
        s.lookup.retry = None;
        let account = op.account;
        s.lookup.stale = Some(op);
        return load_card(s, account);
    }
    if e.is_indefinite() && e.status() != Some(429) {
        // The answer was lost: the same action repeated keeps its key (done once).
        s.lookup.retry = Some(op);
        let fx = fail(s, e);
        if !e.is_unauthorized() {
            s.error = Some(format!(
                "{} {}",
                error_text(&c, e),
                c.t("lookup.retry_safe")
            ));
        }
        return fx;
    }
    s.lookup.retry = None;
    match (e.status(), e.code()) {
        (Some(403), Some("supervisor_only")) => {
            s.error = Some(c.ts("lookup.supervisor_only"));
            vec![]
        }
        (Some(429), _) => {
            let msg = match e {
                ClientError::Api { message, .. } => message.clone(),
                _ => String::new(),
            };
            let wait = msg
                .split("Wait ")
                .nth(1)
                .and_then(|r| r.split_whitespace().next())
                .and_then(|n| n.parse::<u64>().ok());
            s.error = Some(match wait {
                Some(w) => c.tf("lookup.rate_limited", &[("secs", &w.to_string())]),
                None => error_text(&c, e),
            });
            vec![]
        }
        _ => fail(s, e),
    }
}

// ---------------------------------------------------------------- commands

/// A key on the pane when nothing is being typed.
pub fn on_key(s: &mut State, k: KeyChord, b: Option<Binding>) -> Vec<Effect> {
    let c = cat(s);
    // Left/right move between accounts shown side by side.
    if s.lookup.card.is_none() && !s.lookup.results.is_empty() {
        match k.key {
            Key::Left => return move_sel(s, -1),
            Key::Right => return move_sel(s, 1),
            _ => {}
        }
    }
    match b {
        Some(Binding::Filter) => {
            s.lookup.editing = true;
            vec![]
        }
        Some(Binding::Back) => {
            if s.lookup.card.is_some() && s.lookup.results.len() > 1 {
                s.lookup.card = None;
                s.lookup.pending_card = None;
                s.lookup.revealed = None;
            } else {
                s.lookup.editing = true;
            }
            vec![]
        }
        Some(Binding::Down) | Some(Binding::Up) => {
            let d = if b == Some(Binding::Down) { 1 } else { -1 };
            match &s.lookup.card {
                Some(card) => {
                    let n = card.tickets.len();
                    let cur = s.lookup.ticket_sel as i64 + d;
                    s.lookup.ticket_sel = cur.clamp(0, n.saturating_sub(1) as i64) as usize;
                    vec![]
                }
                None => move_sel(s, d),
            }
        }
        Some(Binding::Open) => match s.lookup.results.get(s.lookup.selected) {
            Some(a) if s.lookup.card.is_none() => {
                let id = a.id;
                load_card(s, id)
            }
            _ => {
                s.dirty = false;
                vec![]
            }
        },
        Some(Binding::Refresh) => {
            if let Some(id) = s.lookup.card.as_ref().map(|d| d.summary.id) {
                return load_card(s, id);
            }
            match s.lookup.shown_for.clone() {
                Some((kind, value)) => search(s, kind, value),
                None => vec![],
            }
        }
        Some(Binding::CopyAccountId) => match s.lookup.target() {
            Some(a) => {
                let id = a.id;
                s.notice = Some(c.tf("lookup.notice.copied_account", &[("id", &id.to_string())]));
                vec![lookup_effect(Request::Copy(CopyTarget::Account(id)))]
            }
            None => nothing_selected(s),
        },
        Some(Binding::CopyTicketId) => {
            let t = s
                .lookup
                .card
                .as_ref()
                .and_then(|d| d.tickets.get(s.lookup.ticket_sel))
                .map(|t| t.id);
            match t {
                Some(id) => {
                    s.notice =
                        Some(c.tf("lookup.notice.copied_ticket", &[("id", &id.to_string())]));
                    vec![lookup_effect(Request::Copy(CopyTarget::Ticket(id)))]
                }
                None => {
                    s.error = Some(c.ts("lookup.no_ticket_selected"));
                    vec![]
                }
            }
        }
        Some(Binding::IdentityClaim) => start_claim(s),
        Some(
            Binding::Unlock
            | Binding::Freeze
            | Binding::Unfreeze
            | Binding::Reveal
            | Binding::ResendActivation
            | Binding::PhoneRebind
            | Binding::NewTicket
            | Binding::AttachCall,
        ) => card_command(s, b),
        _ => {
            s.dirty = false;
            vec![]
        }
    }
}

fn move_sel(s: &mut State, d: i64) -> Vec<Effect> {
    let n = s.lookup.results.len();
    let cur = s.lookup.selected as i64 + d;
    s.lookup.selected = cur.clamp(0, n.saturating_sub(1) as i64) as usize;
    vec![]
}

fn nothing_selected(s: &mut State) -> Vec<Effect> {
    let c = cat(s);
    s.error = Some(c.ts("lookup.no_account"));
    vec![]
}

fn card_command(s: &mut State, b: Option<Binding>) -> Vec<Effect> {
    let c = cat(s);
    let supervisor = s.is_supervisor();
    let Some(card) = s.lookup.card.clone() else {
        s.error = Some(c.ts(if s.lookup.results.is_empty() {
            "lookup.no_account"
        } else {
            "lookup.open_first"
        }));
        return vec![];
    };
    if s.lookup.busy.is_some() {
        s.error = Some(c.ts("error.busy"));
        return vec![];
    }
    let state = card.summary.state;
    let state_label = label(&c, "lookup.state", &state);
    let reason = |purpose| Modal::Reason {
        purpose,
        selected: 0,
        text: Input::default(),
        stale: Vec::new(),
    };
    match b {
        Some(Binding::Unlock) => {
            if state != AccountState::Locked {
                s.error = Some(c.tf("lookup.not_locked", &[("state", &state_label)]));
                return vec![];
            }
            s.lookup.modal = Some(reason(ReasonFor::Act(AccountAction::Unlock)));
        }
        Some(Binding::Freeze) | Some(Binding::Unfreeze) => {
            if !supervisor {
                s.error = Some(c.ts("lookup.supervisor_only"));
                return vec![];
            }
            let action = if b == Some(Binding::Freeze) {
                AccountAction::Freeze
            } else {
                AccountAction::Unfreeze
            };
            if !still_applies(action, state) {
                s.error = Some(c.tf("lookup.not_applicable", &[("state", &state_label)]));
                return vec![];
            }
            s.lookup.modal = Some(reason(ReasonFor::Act(action)));
        }
        Some(Binding::Reveal) => s.lookup.modal = Some(Modal::Field { selected: 0 }),
        Some(Binding::ResendActivation) => {
            if state != AccountState::Unactivated {
                s.error = Some(c.tf("lookup.already_active", &[("state", &state_label)]));
                return vec![];
            }
            return start_op(s, card.summary.id, OpKind::ResendActivation);
        }
        Some(Binding::PhoneRebind) => {
            let (number, note, key) = drafts::account_form(s, card.summary.id, AccountForm::Rebind);
            s.lookup.modal = Some(Modal::Rebind {
                number,
                scan_received: false,
                note,
                focus: 0,
                key,
            });
        }
        Some(Binding::NewTicket) => {
            let suggested = suggested_category(&card);
            let selected = Category::ALL
                .iter()
                .position(|x| *x == suggested)
                .unwrap_or(0);
            s.lookup.modal = Some(Modal::NewTicket { selected });
        }
        Some(Binding::AttachCall) => {
            let t = card.tickets.get(s.lookup.ticket_sel).map(|t| t.id);
            match (s.call.as_mut(), t) {
                (None, _) => s.error = Some(c.ts("call.none")),
                (Some(_), None) => s.error = Some(c.ts("lookup.no_ticket_selected")),
                (Some(call), Some(id)) => {
                    call.ticket = Some(id);
                    s.notice = Some(c.tf("lookup.notice.attached", &[("id", &id.to_string())]));
                }
            }
        }
        _ => s.dirty = false,
    }
    vec![]
}

fn suggested_category(d: &AccountDetail) -> Category {
    match d.summary.state {
        AccountState::Locked => Category::AccountLocked,
        AccountState::Frozen => Category::AccountTrading,
        _ if !d.same_identity.is_empty() => Category::IdentityConflict,
        _ => Category::Other,
    }
}

fn start_claim(s: &mut State) -> Vec<Effect> {
    let c = cat(s);
    if !s.lookup.conflict() {
        s.error = Some(c.ts("lookup.no_conflict"));
        return vec![];
    }
    let Some(account) = s.lookup.target().map(|a| a.id) else {
        return nothing_selected(s);
    };
    if s.lookup.busy.is_some() {
        s.error = Some(c.ts("error.busy"));
        return vec![];
    }
    let (_, note, key) = drafts::account_form(s, account, AccountForm::Claim);
    s.lookup.modal = Some(Modal::Claim {
        account,
        received: false,
        note,
        focus: 0,
        key,
    });
    vec![]
}

/// The ticket a review is linked to: the call's, else the selected ticket on the card.
pub fn linked_ticket(s: &State) -> Option<i64> {
    s.call.as_ref().and_then(|c| c.ticket).or_else(|| {
        s.lookup
            .card
            .as_ref()
            .and_then(|d| d.tickets.get(s.lookup.ticket_sel))
            .map(|t| t.id)
    })
}

/// Send a write; a repeat of a write whose answer was lost reuses its key.
fn start_op(s: &mut State, account: i64, kind: OpKind) -> Vec<Effect> {
    let key = match s.lookup.retry.take() {
        Some(r) if r.account == account && r.kind == kind => r.key,
        _ => IdempotencyKey::new(),
    };
    start_keyed(s, Op { account, kind, key })
}

/// The fixed note of a review request, then what the operator added.
fn with_note(fixed: String, extra: &Input) -> String {
    match extra.value().trim() {
        "" => fixed,
        extra => format!("{fixed} {extra}"),
    }
}

/// Ask for a manual review on `account`, linked to the call's or the selected ticket,
/// with the form's own key (the one its draft keeps across a restart).
fn request_review(
    s: &mut State,
    account: i64,
    kind: ReviewKind,
    new_phone: Option<String>,
    note: String,
    key: IdempotencyKey,
) -> Vec<Effect> {
    let ticket_id = linked_ticket(s);
    let kind = OpKind::Review {
        kind,
        ticket_id,
        new_phone,
        note,
    };
    start_keyed(s, Op { account, kind, key })
}

/// Send `op` with the key it carries.
fn start_keyed(s: &mut State, op: Op) -> Vec<Effect> {
    s.lookup.retry = None;
    s.lookup.busy = Some(op.clone());
    s.lookup.modal = None;
    s.error = None;
    vec![lookup_effect(Request::Run(op))]
}

// ---------------------------------------------------------------- forms

fn modal_key(s: &mut State, k: KeyChord) -> Vec<Effect> {
    let c = cat(s);
    let Some(modal) = s.lookup.modal.take() else {
        return vec![];
    };
    if k.key == Key::Esc {
        // What was typed in a review request stays as a draft for its next opening.
        s.error = None;
        return vec![];
    }
    let Some(account) = s.lookup.target().map(|a| a.id) else {
        return vec![];
    };
    if k == KeyChord::ctrl('x') {
        let id = match &modal {
            Modal::Rebind { .. } => Some(DraftId::Rebind(account)),
            Modal::Claim { account, .. } => Some(DraftId::Claim(*account)),
            _ => None,
        };
        return id
            .and_then(|id| drafts::forget(s, id))
            .into_iter()
            .collect();
    }
    match modal {
        Modal::Field { mut selected } => {
            match k.key {
                Key::Up | Key::Char('k') => selected = selected.saturating_sub(1),
                Key::Down | Key::Char('j') => {
                    selected = (selected + 1).min(REVEAL_FIELDS.len() - 1)
                }
                Key::Enter => {
                    let field = REVEAL_FIELDS[selected.min(REVEAL_FIELDS.len() - 1)];
                    s.lookup.modal = Some(Modal::Reason {
                        purpose: ReasonFor::Reveal(field),
                        selected: 0,
                        text: Input::default(),
                        stale: Vec::new(),
                    });
                    return vec![];
                }
                _ => {}
            }
            s.lookup.modal = Some(Modal::Field { selected });
            vec![]
        }
        Modal::Reason {
            purpose,
            mut selected,
            mut text,
            stale,
        } => {
            let n = purpose.presets().len();
            match k.key {
                Key::Up => selected = selected.saturating_sub(1),
                Key::Down => selected = (selected + 1).min(n.saturating_sub(1)),
                Key::Enter => {
                    let typed = text.value().trim().to_string();
                    let reason = if typed.is_empty() {
                        c.ts(purpose.presets()[selected.min(n.saturating_sub(1))])
                    } else {
                        typed
                    };
                    let kind = match purpose {
                        ReasonFor::Reveal(field) => OpKind::Reveal { field, reason },
                        ReasonFor::Act(action) => {
                            let version = s
                                .lookup
                                .card
                                .as_ref()
                                .map(|d| d.summary.version)
                                .unwrap_or_default();
                            OpKind::Act {
                                action,
                                version,
                                reason,
                            }
                        }
                    };
                    return start_op(s, account, kind);
                }
                _ => {
                    handle_input(&mut text, &k);
                }
            }
            s.lookup.modal = Some(Modal::Reason {
                purpose,
                selected,
                text,
                stale,
            });
            vec![]
        }
        Modal::Rebind {
            mut number,
            mut scan_received,
            mut note,
            mut focus,
            key,
        } => {
            match k.key {
                Key::Tab | Key::Down => focus = (focus + 1) % 3,
                Key::BackTab | Key::Up => focus = (focus + 2) % 3,
                Key::Char(' ') if focus == 1 => scan_received = !scan_received,
                Key::Enter => {
                    let new_phone = match phone::normalize_mobile(number.value()) {
                        Ok(p) => p,
                        Err(e) => {
                            s.error = Some(phone_error_as(&c, &e, "lookup.rebind.bad_number"));
                            s.lookup.modal = Some(Modal::Rebind {
                                number,
                                scan_received,
                                note,
                                focus: 0,
                                key,
                            });
                            return vec![];
                        }
                    };
                    if !scan_received {
                        s.error = Some(c.ts("lookup.rebind.scan_required"));
                        s.lookup.modal = Some(Modal::Rebind {
                            number,
                            scan_received,
                            note,
                            focus: 1,
                            key,
                        });
                        return vec![];
                    }
                    let text = with_note(c.ts("lookup.rebind.scan_note"), &note);
                    return request_review(
                        s,
                        account,
                        ReviewKind::PhoneRebind,
                        Some(new_phone),
                        text,
                        key,
                    );
                }
                _ => {
                    let field = if focus == 2 { &mut note } else { &mut number };
                    if focus != 1 {
                        handle_input(field, &k);
                    }
                }
            }
            s.lookup.modal = Some(Modal::Rebind {
                number,
                scan_received,
                note,
                focus,
                key,
            });
            vec![]
        }
        Modal::Claim {
            account: claimed,
            mut received,
            mut note,
            mut focus,
            key,
        } => {
            match k.key {
                Key::Tab | Key::BackTab | Key::Up | Key::Down => focus = 1 - focus.min(1),
                Key::Char(' ') if focus == 0 => received = !received,
                Key::Enter => {
                    if !received {
                        s.error = Some(c.ts("lookup.claim.received_required"));
                        s.lookup.modal = Some(Modal::Claim {
                            account: claimed,
                            received,
                            note,
                            focus: 0,
                            key,
                        });
                        return vec![];
                    }
                    let text = with_note(c.ts("lookup.claim.received_note"), &note);
                    return request_review(s, claimed, ReviewKind::IdentityClaim, None, text, key);
                }
                _ => {
                    if focus == 1 {
                        handle_input(&mut note, &k);
                    }
                }
            }
            s.lookup.modal = Some(Modal::Claim {
                account: claimed,
                received,
                note,
                focus,
                key,
            });
            vec![]
        }
        Modal::NewTicket { mut selected } => {
            let n = Category::ALL.len();
            match k.key {
                Key::Up | Key::Char('k') => selected = selected.saturating_sub(1),
                Key::Down | Key::Char('j') => selected = (selected + 1).min(n - 1),
                Key::Enter => {
                    let category = Category::ALL[selected.min(n - 1)];
                    let login = s
                        .lookup
                        .card
                        .as_ref()
                        .map(|d| clean(&d.summary.login))
                        .unwrap_or_default();
                    let channel = if s.call.is_some() {
                        Channel::Phone
                    } else {
                        Channel::Email
                    };
                    let subject = c.tf(
                        "lookup.ticket_subject",
                        &[
                            ("category", &label(&c, "category", &category)),
                            ("login", &login),
                        ],
                    );
                    return start_op(
                        s,
                        account,
                        OpKind::Ticket {
                            category,
                            channel,
                            subject,
                            body: c.ts("lookup.ticket_body"),
                        },
                    );
                }
                _ => {}
            }
            s.lookup.modal = Some(Modal::NewTicket { selected });
            vec![]
        }
    }
}
