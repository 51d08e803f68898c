//! Everything the desk shows, as plain data (no I/O, no terminal).

use chrono::{DateTime, NaiveDate, Utc};
use tui_input::Input;

use super::choice::{Confirm, Picker};
use super::keymap::Keymap;
use super::panes::call::state::CallState;
use super::panes::queue::state::QueueState;
use super::panes::ticket::state::DetailState;
use crate::api::{OperatorInfo, ReviewSummary, TicketSummary};
use crate::config::{Language, SavedView, StartPane};

/// Smallest terminal the desk draws in.
pub const MIN_SIZE: (u16, u16) = (80, 24);

/// Seconds a notice or an error stays on the status line (the next key clears it sooner).
pub const STATUS_TTL_SECS: i64 = 8;

/// The panes: three for everyone, the fourth for supervisors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// Ticket queue.
    Queue,
    /// Account lookup (its own issue).
    Lookup,
    /// Manual reviews (its own issue).
    Reviews,
    /// The supervisor's team pane (supervisors only).
    Team,
}

impl Pane {
    /// All panes in tab order.
    pub const ALL: [Pane; 4] = [Pane::Queue, Pane::Lookup, Pane::Reviews, Pane::Team];
}

/// A place in the desk that a link leads to, or back to (see `update/back.rs`).
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    /// The ticket queue, no ticket open.
    Queue,
    /// A ticket open in the queue pane.
    Ticket(Box<TicketSummary>),
    /// The lookup pane without a card.
    Lookup,
    /// An account's card in the lookup pane.
    Account(i64),
    /// The reviews list, no review open.
    Reviews,
    /// A review open in the reviews pane.
    Review(Box<ReviewSummary>),
    /// The team pane (the sub-view shown stays as it was).
    Team,
}

impl Place {
    /// Whether two places are the same one (rows read at other times compare equal).
    pub fn same(&self, other: &Place) -> bool {
        match (self, other) {
            (Place::Ticket(a), Place::Ticket(b)) => a.id == b.id,
            (Place::Review(a), Place::Review(b)) => a.id == b.id,
            (a, b) => a == b,
        }
    }
}

/// One step taken by a link: where it left from and where it arrived. Esc at the arrival
/// goes back to the start.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// Where the link was followed from.
    pub from: Place,
    /// Where it led.
    pub to: Place,
}

/// State of the link to the back office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conn {
    /// Waiting for the first answer.
    Connecting,
    /// The last request got an answer.
    Online,
    /// The last request could not reach the back office.
    Offline,
}

/// Sign-in form (kept while the session is renewed, so nothing typed is lost).
#[derive(Debug, Clone, Default)]
pub struct SignInForm {
    /// Operator id.
    pub operator: Input,
    /// Password (shown masked).
    pub password: Input,
    /// Focus on the password field.
    pub on_password: bool,
    /// A sign-in request is in flight.
    pub busy: bool,
    /// Why the last attempt failed, in the operator's language.
    pub error: Option<String>,
}

/// Windows over the main area.
#[derive(Debug, Clone)]
pub enum Overlay {
    /// Key help, at this page (two columns per page; the view clamps it).
    Help(usize),
    /// Pick one item.
    Picker(Picker),
    /// Yes or no.
    Confirm(Confirm),
}

/// Which screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// Sign-in form.
    SignIn,
    /// The desk.
    Desk,
}

/// The whole UI state.
#[derive(Debug, Clone)]
pub struct State {
    /// UI language.
    pub lang: Language,
    /// Keys in force.
    pub keymap: Keymap,
    /// Saved views from the config.
    pub views: Vec<SavedView>,
    /// Who is signed in.
    pub operator: Option<OperatorInfo>,
    /// Running on the embedded demo back office.
    pub demo: bool,
    /// Link state.
    pub conn: Conn,
    /// Which screen.
    pub screen: Screen,
    /// Sign-in form.
    pub sign_in: SignInForm,
    /// Active pane.
    pub pane: Pane,
    /// Queue.
    pub queue: QueueState,
    /// Open ticket.
    pub detail: Option<DetailState>,
    /// Overlay.
    pub overlay: Option<Overlay>,
    /// Phone call.
    pub call: Option<CallState>,
    /// Last error, in plain words.
    pub error: Option<String>,
    /// Last notice.
    pub notice: Option<String>,
    /// `ui.start_pane`: the pane the desk opens on (unset: from the operator's roles).
    pub start_pane: Option<StartPane>,
    /// The desk was entered once (the start pane is chosen only then, not after a
    /// sign-in that renews an expired session).
    pub started: bool,
    /// When the notice or error on the status line was set (they expire, [`STATUS_TTL_SECS`]).
    pub status_since: DateTime<Utc>,
    /// Terminal size.
    pub size: (u16, u16),
    /// Clock (set by ticks, so that `update` stays pure).
    pub now: DateTime<Utc>,
    /// Today in the operator's time zone (for SLA countdowns).
    pub today: NaiveDate,
    /// Quit requested.
    pub quit: bool,
    /// Something visible changed since the last frame.
    pub dirty: bool,
    /// Request counter.
    pub next_request: u64,
    /// Account-lookup pane.
    pub lookup: super::panes::lookup::state::LookupState,
    /// Manual reviews pane.
    pub reviews: super::panes::reviews::state::ReviewsState,
    /// Unsent text saved locally.
    pub drafts: super::drafts::Drafts,
    /// Background probing while the back office is unreachable.
    pub probe: super::link::Probe,
    /// Live updates (stream state, panes waiting for a re-read).
    pub live: super::live::LiveState,
    /// The links followed, newest last: Esc walks them back.
    pub back: Vec<Step>,
    /// The supervisor's team pane (and the assignment and escalation forms).
    pub team: super::panes::team::state::TeamState,
}

impl State {
    /// A fresh state.
    pub fn new(
        lang: Language,
        keymap: Keymap,
        views: Vec<SavedView>,
        now: DateTime<Utc>,
        today: NaiveDate,
    ) -> State {
        State {
            lang,
            keymap,
            views,
            operator: None,
            demo: false,
            conn: Conn::Connecting,
            screen: Screen::SignIn,
            sign_in: SignInForm::default(),
            pane: Pane::Queue,
            queue: QueueState::default(),
            detail: None,
            overlay: None,
            call: None,
            error: None,
            notice: None,
            status_since: now,
            start_pane: None,
            started: false,
            size: MIN_SIZE,
            now,
            today,
            quit: false,
            dirty: true,
            next_request: 0,
            lookup: super::panes::lookup::state::LookupState::default(),
            reviews: Default::default(),
            drafts: Default::default(),
            probe: Default::default(),
            live: Default::default(),
            back: Vec::new(),
            team: Default::default(),
        }
    }

    /// A new request id.
    pub fn request_id(&mut self) -> u64 {
        self.next_request += 1;
        self.next_request
    }

    /// Whether the operator is a supervisor.
    pub fn is_supervisor(&self) -> bool {
        self.operator
            .as_ref()
            .is_some_and(|o| o.has(crate::api::Role::Supervisor))
    }

    /// The pane to open on: `ui.start_pane`, else reviews for a reviewer who is not an
    /// agent, else the queue.
    pub fn first_pane(&self) -> Pane {
        use crate::api::Role;
        match self.start_pane {
            Some(StartPane::Queue) => Pane::Queue,
            Some(StartPane::Lookup) => Pane::Lookup,
            Some(StartPane::Reviews) => Pane::Reviews,
            None => match &self.operator {
                Some(o) if o.has(Role::Reviewer) && !o.has(Role::Agent) => Pane::Reviews,
                _ => Pane::Queue,
            },
        }
    }

    /// The panes this operator has, in tab order (the team pane for supervisors only).
    pub fn panes(&self) -> Vec<Pane> {
        Pane::ALL
            .into_iter()
            .filter(|p| *p != Pane::Team || self.is_supervisor())
            .collect()
    }

    /// Whether the terminal is below the smallest size the desk draws in.
    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_SIZE.0 || self.size.1 < MIN_SIZE.1
    }

    /// Whether text is being typed (keys are text, not commands).
    pub fn typing(&self) -> bool {
        self.screen == Screen::SignIn
            || self.queue.filter_bar.is_some()
            || self.detail.as_ref().is_some_and(|d| d.editor.is_some())
            || self
                .call
                .as_ref()
                .is_some_and(|c| c.editing_number || c.wrapping_up())
            || (self.pane == Pane::Lookup && self.lookup.typing())
            || (self.pane == Pane::Reviews
                && super::panes::reviews::update::captures_keys(&self.reviews))
            || super::panes::team::update::captures_keys(&self.team)
    }
}

impl State {
    /// What the panes may know of the running call.
    pub fn call_link(&self) -> Option<super::panes::CallLink> {
        self.call.as_ref().map(|c| super::panes::CallLink {
            number: c.normalized.clone(),
            ticket: c.target().ticket(),
        })
    }
}
