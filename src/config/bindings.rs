//! The bindings by scope and their default keys: one table, from which the key map, the
//! config check, the help and the README's key tables are all made.

use serde::Serialize;

use super::keys::{Key, KeyChord};

/// Where a binding applies. A key resolves through the active stack
/// (overlay → editor/modal → pane → global), so one key may mean different things in
/// different scopes, but only one thing inside one scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// Everywhere, below the pane's own keys.
    Global,
    /// The ticket queue.
    Queue,
    /// An open ticket.
    Ticket,
    /// While a phone call is in progress.
    Call,
    /// The account-lookup pane.
    Lookup,
    /// The list of reviews.
    Reviews,
    /// An open review.
    Review,
    /// The supervisor's team pane.
    Team,
    /// The note and reply editor.
    Editor,
    /// Forms, pickers, confirmations and the help overlay.
    Modal,
}

impl Scope {
    /// Every scope, in help and README order.
    pub const ALL: [Scope; 10] = [
        Scope::Global,
        Scope::Queue,
        Scope::Ticket,
        Scope::Call,
        Scope::Lookup,
        Scope::Reviews,
        Scope::Review,
        Scope::Team,
        Scope::Editor,
        Scope::Modal,
    ];

    /// The name in the config (`[keybindings.lookup]`).
    pub fn name(self) -> &'static str {
        match self {
            Scope::Global => "global",
            Scope::Queue => "queue",
            Scope::Ticket => "ticket",
            Scope::Call => "call",
            Scope::Lookup => "lookup",
            Scope::Reviews => "reviews",
            Scope::Review => "review",
            Scope::Team => "team",
            Scope::Editor => "editor",
            Scope::Modal => "modal",
        }
    }

    /// Whether this is a pane's scope (the others stack above or below the panes).
    pub fn is_pane(self) -> bool {
        !matches!(self, Scope::Global | Scope::Editor | Scope::Modal)
    }

    /// The scope of a config name.
    pub fn parse(name: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The rows of this scope in [`DEFAULTS`], in table order.
    pub fn rows(self) -> impl Iterator<Item = &'static Row> {
        DEFAULTS.iter().filter(move |(s, _, _)| *s == self)
    }

    /// The binding of `name` in this scope, if the scope has such a row.
    pub fn binding(self, name: &str) -> Option<Binding> {
        self.rows().map(|(_, b, _)| *b).find(|b| b.name() == name)
    }

    /// The binding names of this scope, comma-separated (for error messages).
    pub fn names(self) -> String {
        self.rows()
            .map(|(_, b, _)| b.name())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What a key does. One flat list: the same binding may have a row in several scopes
/// (`up` in every list). The serde name is the help catalog key (`help.<name>`); the
/// config name is [`Binding::name`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Binding {
    /// Quit.
    Quit,
    /// Help overlay.
    Help,
    /// Next pane.
    NextPane,
    /// Previous pane.
    PrevPane,
    /// Queue pane.
    PaneQueue,
    /// Lookup pane.
    PaneLookup,
    /// Reviews pane.
    PaneReviews,
    /// Team pane (supervisors).
    PaneTeam,
    /// Move up.
    Up,
    /// Move down.
    Down,
    /// Page up.
    PageUp,
    /// Page down.
    PageDown,
    /// Open the selection.
    Open,
    /// Back / close.
    Back,
    /// Filter bar.
    Filter,
    /// Reload.
    Refresh,
    /// Sort by the next column.
    SortNext,
    /// Reverse the sort.
    SortReverse,
    /// Claim the ticket or the review.
    Claim,
    /// Release the claim.
    Release,
    /// Take someone else's claim (supervisors).
    Steal,
    /// Change status.
    SetStatus,
    /// Change priority.
    SetPriority,
    /// Change category.
    SetCategory,
    /// Write an internal note.
    Note,
    /// Write a public reply.
    Reply,
    /// Start a phone call.
    NewCall,
    /// End the phone call.
    HangUp,
    /// Call: type the caller's number.
    EditNumber,
    /// Call: choose where it is logged.
    CallTarget,
    /// Lookup: unlock the account.
    Unlock,
    /// Lookup: freeze the account (supervisors).
    Freeze,
    /// Lookup: lift a freeze (supervisors).
    Unfreeze,
    /// Lookup: show one masked field in full, with a reason.
    Reveal,
    /// Lookup: send the activation e-mail again.
    ResendActivation,
    /// Lookup: start a phone rebind review.
    PhoneRebind,
    /// Lookup: start an identity claim review.
    IdentityClaim,
    /// Lookup: open a ticket for the account.
    NewTicket,
    /// Lookup: log the current call on the selected ticket.
    AttachCall,
    /// Attach the evidence (a scan) to the review opened on the account.
    AttachEvidence,
    /// Queue and ticket: open the ticket's customer account in the lookup pane.
    OpenAccount,
    /// Lookup: copy the account id (OSC 52).
    CopyAccountId,
    /// Lookup: copy the selected ticket id (OSC 52).
    CopyTicketId,
    /// Lookup: the account to the left.
    PrevAccount,
    /// Lookup: the account to the right.
    NextAccount,
    /// Reviews: filter by kind (cycles).
    ReviewFilterKind,
    /// Reviews: filter by state (cycles).
    ReviewFilterState,
    /// Reviews: filter by document type (cycles).
    ReviewFilterDocument,
    /// Reviews: only mine, assigned to me or claimed by me (toggles; the queue's `m` view).
    ReviewMine,
    /// Reviews: drop every filter.
    ClearFilters,
    /// Reviews: tick or untick the checklist item.
    ReviewTick,
    /// Reviews: open the decision form.
    ReviewDecide,
    /// Reviews: zoom an image to the whole pane (document, selfie, off).
    ReviewZoom,
    /// Team: the team board.
    TeamBoard,
    /// Team: the SLA watch.
    TeamSla,
    /// Team: escalated tickets and reviews.
    TeamEscalations,
    /// Team: the audit browser.
    TeamAudit,
    /// Team: security alerts.
    TeamAlerts,
    /// Team: show only operators online (toggles).
    OnlineOnly,
    /// Assign the ticket or review to a named operator, with a reason (supervisors).
    Assign,
    /// Team: assign the selected item to oneself (take it over), with a reason.
    TakeOver,
    /// Team: acknowledge the selected alert.
    AckAlert,
    /// Ticket: hand the ticket to the supervisors, with a note.
    Escalate,
    /// Editor: send the note or reply.
    Send,
    /// Editor: insert a canned reply.
    CannedReply,
    /// Editor: close (only when nothing was typed). `help.close` is taken in the catalog.
    #[serde(rename = "close_editor")]
    Close,
    /// Editor and forms: throw the draft away.
    Discard,
    /// Modal: accept.
    Confirm,
    /// Modal: cancel.
    Cancel,
    /// Modal: answer yes.
    Yes,
    /// Modal: answer no.
    No,
    /// Modal: next field.
    NextField,
    /// Modal: previous field.
    PrevField,
    /// Modal: tick or untick the focused box.
    Toggle,
}

impl Binding {
    /// The name in the config (`[keybindings.review] decide = "d"`).
    pub fn name(self) -> &'static str {
        match self {
            Binding::Quit => "quit",
            Binding::Help => "help",
            Binding::NextPane => "next_pane",
            Binding::PrevPane => "prev_pane",
            Binding::PaneQueue => "pane_queue",
            Binding::PaneLookup => "pane_lookup",
            Binding::PaneReviews => "pane_reviews",
            Binding::PaneTeam => "pane_team",
            Binding::Up => "up",
            Binding::Down => "down",
            Binding::PageUp => "page_up",
            Binding::PageDown => "page_down",
            Binding::Open => "open",
            Binding::Back => "back",
            Binding::Filter => "filter",
            Binding::Refresh => "refresh",
            Binding::SortNext => "sort_next",
            Binding::SortReverse => "sort_reverse",
            Binding::Claim => "claim",
            Binding::Release => "release",
            Binding::Steal => "steal",
            Binding::SetStatus => "set_status",
            Binding::SetPriority => "set_priority",
            Binding::SetCategory => "set_category",
            Binding::Note => "note",
            Binding::Reply => "reply",
            Binding::NewCall => "new_call",
            Binding::HangUp => "hang_up",
            Binding::CallTarget => "call_target",
            Binding::EditNumber => "edit_number",
            Binding::Unlock => "unlock",
            Binding::Freeze => "freeze",
            Binding::Unfreeze => "unfreeze",
            Binding::Reveal => "reveal",
            Binding::ResendActivation => "resend_activation",
            Binding::PhoneRebind => "phone_rebind",
            Binding::IdentityClaim => "identity_claim",
            Binding::NewTicket => "new_ticket",
            Binding::AttachCall => "attach_call",
            Binding::AttachEvidence => "attach_evidence",
            Binding::OpenAccount => "open_account",
            Binding::CopyAccountId => "copy_account_id",
            Binding::CopyTicketId => "copy_ticket_id",
            Binding::PrevAccount => "prev_account",
            Binding::NextAccount => "next_account",
            Binding::ReviewFilterKind => "filter_kind",
            Binding::ReviewFilterState => "filter_state",
            Binding::ReviewFilterDocument => "filter_document",
            Binding::ReviewMine => "mine",
            Binding::ClearFilters => "clear_filters",
            Binding::ReviewTick => "tick",
            Binding::ReviewDecide => "decide",
            Binding::ReviewZoom => "zoom",
            Binding::TeamBoard => "board",
            Binding::TeamSla => "sla",
            Binding::TeamEscalations => "escalations",
            Binding::TeamAudit => "audit",
            Binding::TeamAlerts => "alerts",
            Binding::OnlineOnly => "online_only",
            Binding::Assign => "assign",
            Binding::TakeOver => "take_over",
            Binding::AckAlert => "ack",
            Binding::Escalate => "escalate",
            Binding::Send => "send",
            Binding::CannedReply => "canned_reply",
            Binding::Close => "close",
            Binding::Discard => "discard",
            Binding::Confirm => "confirm",
            Binding::Cancel => "cancel",
            Binding::Yes => "yes",
            Binding::No => "no",
            Binding::NextField => "next_field",
            Binding::PrevField => "prev_field",
            Binding::Toggle => "toggle",
        }
    }

    /// The scopes that have a row for this binding, in table order.
    pub fn scopes(self) -> Vec<Scope> {
        let mut v: Vec<Scope> = DEFAULTS
            .iter()
            .filter(|(_, b, _)| *b == self)
            .map(|(s, _, _)| *s)
            .collect();
        v.dedup();
        v
    }
}

/// One row of the table: scope, binding, default keys.
pub type Row = (Scope, Binding, &'static [KeyChord]);

const UP: &[KeyChord] = &[KeyChord::ch('k'), KeyChord::plain(Key::Up)];
const DOWN: &[KeyChord] = &[KeyChord::ch('j'), KeyChord::plain(Key::Down)];
const PAGE_UP: &[KeyChord] = &[KeyChord::plain(Key::PageUp)];
const PAGE_DOWN: &[KeyChord] = &[KeyChord::plain(Key::PageDown)];
const ENTER: &[KeyChord] = &[KeyChord::plain(Key::Enter)];
const ESC: &[KeyChord] = &[KeyChord::plain(Key::Esc)];
const REFRESH: &[KeyChord] = &[KeyChord::ch('r'), KeyChord::plain(Key::F(5))];
const SPACE: &[KeyChord] = &[KeyChord::ch(' ')];
const DISCARD: &[KeyChord] = &[KeyChord::ctrl('x')];

/// Every binding of every scope with its default keys, scope by scope in help order.
/// Keys tmux and terminals swallow (Ctrl-b, Ctrl-a, Ctrl-/, Ctrl-h…l) are not defaults;
/// Ctrl-c is not a binding: it quits (during a call it asks first, as `q` does).
pub const DEFAULTS: &[Row] = &[
    (Scope::Global, Binding::PaneQueue, &[KeyChord::ch('1')]),
    (Scope::Global, Binding::PaneLookup, &[KeyChord::ch('2')]),
    (Scope::Global, Binding::PaneReviews, &[KeyChord::ch('3')]),
    (Scope::Global, Binding::PaneTeam, &[KeyChord::ch('4')]),
    (
        Scope::Global,
        Binding::NextPane,
        &[KeyChord::plain(Key::Tab)],
    ),
    (
        Scope::Global,
        Binding::PrevPane,
        &[KeyChord::plain(Key::BackTab)],
    ),
    (Scope::Global, Binding::Help, &[KeyChord::ch('?')]),
    (Scope::Global, Binding::Quit, &[KeyChord::ch('q')]),
    (Scope::Global, Binding::NewCall, &[KeyChord::ch('P')]),
    (Scope::Queue, Binding::Up, UP),
    (Scope::Queue, Binding::Down, DOWN),
    (Scope::Queue, Binding::PageUp, PAGE_UP),
    (Scope::Queue, Binding::PageDown, PAGE_DOWN),
    (Scope::Queue, Binding::Open, ENTER),
    (Scope::Queue, Binding::Back, ESC),
    (Scope::Queue, Binding::Filter, &[KeyChord::ch('/')]),
    (Scope::Queue, Binding::Refresh, REFRESH),
    (Scope::Queue, Binding::SortNext, &[KeyChord::ch('s')]),
    (Scope::Queue, Binding::SortReverse, &[KeyChord::ch('S')]),
    (Scope::Queue, Binding::OpenAccount, &[KeyChord::ch('A')]),
    (Scope::Ticket, Binding::Back, ESC),
    (Scope::Ticket, Binding::Open, ENTER),
    (Scope::Ticket, Binding::Up, UP),
    (Scope::Ticket, Binding::Down, DOWN),
    (Scope::Ticket, Binding::PageUp, PAGE_UP),
    (Scope::Ticket, Binding::PageDown, PAGE_DOWN),
    (Scope::Ticket, Binding::Refresh, REFRESH),
    (Scope::Ticket, Binding::Claim, &[KeyChord::ch('c')]),
    (Scope::Ticket, Binding::Release, &[KeyChord::ch('x')]),
    (Scope::Ticket, Binding::Steal, &[KeyChord::ch('C')]),
    (Scope::Ticket, Binding::SetStatus, &[KeyChord::ch('t')]),
    (Scope::Ticket, Binding::SetPriority, &[KeyChord::ch('p')]),
    (Scope::Ticket, Binding::SetCategory, &[KeyChord::ch('g')]),
    (Scope::Ticket, Binding::Note, &[KeyChord::ch('n')]),
    (Scope::Ticket, Binding::Reply, &[KeyChord::ch('a')]),
    (Scope::Ticket, Binding::OpenAccount, &[KeyChord::ch('A')]),
    (Scope::Ticket, Binding::Reveal, &[KeyChord::ch('v')]),
    (Scope::Ticket, Binding::Escalate, &[KeyChord::ch('E')]),
    (Scope::Ticket, Binding::Assign, &[KeyChord::ch('G')]),
    (Scope::Call, Binding::EditNumber, &[KeyChord::ch('#')]),
    (Scope::Call, Binding::HangUp, &[KeyChord::ch('H')]),
    (Scope::Call, Binding::CallTarget, &[KeyChord::ch('L')]),
    (Scope::Lookup, Binding::Filter, &[KeyChord::ch('/')]),
    (Scope::Lookup, Binding::Back, ESC),
    (Scope::Lookup, Binding::Up, UP),
    (Scope::Lookup, Binding::Down, DOWN),
    (
        Scope::Lookup,
        Binding::PrevAccount,
        &[KeyChord::plain(Key::Left)],
    ),
    (
        Scope::Lookup,
        Binding::NextAccount,
        &[KeyChord::plain(Key::Right)],
    ),
    (Scope::Lookup, Binding::Open, ENTER),
    (Scope::Lookup, Binding::Refresh, REFRESH),
    (Scope::Lookup, Binding::Unlock, &[KeyChord::ch('U')]),
    (Scope::Lookup, Binding::Freeze, &[KeyChord::ch('f')]),
    (Scope::Lookup, Binding::Unfreeze, &[KeyChord::ch('F')]),
    (Scope::Lookup, Binding::Reveal, &[KeyChord::ch('v')]),
    (
        Scope::Lookup,
        Binding::ResendActivation,
        &[KeyChord::ch('e')],
    ),
    (Scope::Lookup, Binding::PhoneRebind, &[KeyChord::ch('b')]),
    (Scope::Lookup, Binding::IdentityClaim, &[KeyChord::ch('i')]),
    (Scope::Lookup, Binding::NewTicket, &[KeyChord::ch('T')]),
    (Scope::Lookup, Binding::AttachCall, &[KeyChord::ch('l')]),
    (Scope::Lookup, Binding::AttachEvidence, &[KeyChord::ch('a')]),
    (Scope::Lookup, Binding::CopyAccountId, &[KeyChord::ch('y')]),
    (Scope::Lookup, Binding::CopyTicketId, &[KeyChord::ch('Y')]),
    (Scope::Reviews, Binding::Up, UP),
    (Scope::Reviews, Binding::Down, DOWN),
    (Scope::Reviews, Binding::PageUp, PAGE_UP),
    (Scope::Reviews, Binding::PageDown, PAGE_DOWN),
    (Scope::Reviews, Binding::Open, ENTER),
    (Scope::Reviews, Binding::Refresh, REFRESH),
    (Scope::Reviews, Binding::Filter, &[KeyChord::ch('/')]),
    (
        Scope::Reviews,
        Binding::ReviewFilterKind,
        &[KeyChord::ch('K')],
    ),
    (
        Scope::Reviews,
        Binding::ReviewFilterState,
        &[KeyChord::ch('E')],
    ),
    (
        Scope::Reviews,
        Binding::ReviewFilterDocument,
        &[KeyChord::ch('D')],
    ),
    (Scope::Reviews, Binding::ReviewMine, &[KeyChord::ch('m')]),
    (Scope::Reviews, Binding::ClearFilters, ESC),
    (Scope::Review, Binding::Back, ESC),
    (Scope::Review, Binding::Up, UP),
    (Scope::Review, Binding::Down, DOWN),
    (Scope::Review, Binding::ReviewTick, SPACE),
    (Scope::Review, Binding::Refresh, REFRESH),
    (Scope::Review, Binding::Claim, &[KeyChord::ch('c')]),
    (Scope::Review, Binding::Steal, &[KeyChord::ch('C')]),
    (Scope::Review, Binding::ReviewDecide, &[KeyChord::ch('d')]),
    (Scope::Review, Binding::ReviewZoom, &[KeyChord::ch('z')]),
    (Scope::Review, Binding::Reveal, &[KeyChord::ch('v')]),
    (Scope::Review, Binding::Assign, &[KeyChord::ch('G')]),
    (Scope::Team, Binding::TeamBoard, &[KeyChord::ch('b')]),
    (Scope::Team, Binding::TeamSla, &[KeyChord::ch('w')]),
    (Scope::Team, Binding::TeamEscalations, &[KeyChord::ch('e')]),
    (Scope::Team, Binding::TeamAudit, &[KeyChord::ch('u')]),
    (Scope::Team, Binding::TeamAlerts, &[KeyChord::ch('!')]),
    (Scope::Team, Binding::Up, UP),
    (Scope::Team, Binding::Down, DOWN),
    (Scope::Team, Binding::PageUp, PAGE_UP),
    (Scope::Team, Binding::PageDown, PAGE_DOWN),
    (Scope::Team, Binding::Open, ENTER),
    (Scope::Team, Binding::Back, ESC),
    (Scope::Team, Binding::Refresh, REFRESH),
    (Scope::Team, Binding::Filter, &[KeyChord::ch('/')]),
    (Scope::Team, Binding::SortNext, &[KeyChord::ch('s')]),
    (Scope::Team, Binding::SortReverse, &[KeyChord::ch('S')]),
    (Scope::Team, Binding::OnlineOnly, &[KeyChord::ch('o')]),
    (Scope::Team, Binding::Assign, &[KeyChord::ch('g')]),
    (Scope::Team, Binding::TakeOver, &[KeyChord::ch('T')]),
    (Scope::Team, Binding::AckAlert, &[KeyChord::ch('a')]),
    (
        Scope::Editor,
        Binding::Send,
        &[KeyChord::ctrl('s'), KeyChord::plain(Key::F(2))],
    ),
    (Scope::Editor, Binding::CannedReply, &[KeyChord::ctrl('t')]),
    (Scope::Editor, Binding::Close, ESC),
    (Scope::Editor, Binding::Discard, DISCARD),
    (Scope::Modal, Binding::Confirm, ENTER),
    (Scope::Modal, Binding::Cancel, ESC),
    (
        Scope::Modal,
        Binding::Yes,
        &[KeyChord::ch('y'), KeyChord::ch('Y')],
    ),
    (
        Scope::Modal,
        Binding::No,
        &[KeyChord::ch('n'), KeyChord::ch('N')],
    ),
    (Scope::Modal, Binding::Up, UP),
    (Scope::Modal, Binding::Down, DOWN),
    (Scope::Modal, Binding::PageUp, PAGE_UP),
    (Scope::Modal, Binding::PageDown, PAGE_DOWN),
    (
        Scope::Modal,
        Binding::NextField,
        &[KeyChord::plain(Key::Tab)],
    ),
    (
        Scope::Modal,
        Binding::PrevField,
        &[KeyChord::plain(Key::BackTab)],
    ),
    (Scope::Modal, Binding::Toggle, SPACE),
    (Scope::Modal, Binding::Discard, DISCARD),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scope_has_rows_with_unique_names_and_default_keys() {
        for scope in Scope::ALL {
            assert_eq!(Scope::parse(scope.name()), Some(scope));
            let names: Vec<&str> = scope.rows().map(|(_, b, _)| b.name()).collect();
            assert!(!names.is_empty(), "{scope} has no bindings");
            let mut sorted = names.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), names.len(), "a name twice in {scope}");
            for n in names {
                assert!(Scope::parse(n).is_none(), "{n} is also a scope name");
            }
        }
        for (_, b, keys) in DEFAULTS {
            assert!(!keys.is_empty(), "{} has no default key", b.name());
        }
    }
}
