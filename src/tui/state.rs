//! Everything the desk shows, as plain data (no I/O, no terminal).

use chrono::{DateTime, NaiveDate, Utc};
use tui_input::Input;

use super::editor::TextArea;
use super::filter::QueueFilter;
use super::keymap::Keymap;
use super::pages::Neighbour;
use crate::api::{
    AccountSummary, CallRecord, Category, NoteRequest, OperatorInfo, Priority, Status,
    TicketDetail, TicketPatch, TicketSummary, Visibility,
};
use crate::client::IdempotencyKey;
use crate::config::{Language, SavedView};

/// Smallest terminal the desk draws in.
pub const MIN_SIZE: (u16, u16) = (80, 24);
/// Tickets per page.
pub const PAGE_SIZE: u32 = 50;
/// Wrap-up codes offered at hang-up.
pub const WRAP_UP_CODES: [&str; 6] = [
    "resolved",
    "info_given",
    "callback",
    "escalated",
    "wrong_number",
    "dropped",
];

/// The three panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// Ticket queue.
    Queue,
    /// Account lookup (its own issue).
    Lookup,
    /// Manual reviews (its own issue).
    Reviews,
}

impl Pane {
    /// All panes in tab order.
    pub const ALL: [Pane; 3] = [Pane::Queue, Pane::Lookup, Pane::Reviews];
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

/// Columns of the queue, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// Ticket number.
    Id,
    /// Phone, e-mail, web.
    Channel,
    /// Category.
    Category,
    /// Subject.
    Subject,
    /// Customer (masked by the server).
    Customer,
    /// Status.
    Status,
    /// Priority.
    Priority,
    /// Claim holder and time left.
    Assignee,
    /// SLA due, as working days left.
    Due,
}

impl Column {
    /// All columns in display order.
    pub const ALL: [Column; 9] = [
        Column::Id,
        Column::Channel,
        Column::Category,
        Column::Subject,
        Column::Customer,
        Column::Status,
        Column::Priority,
        Column::Assignee,
        Column::Due,
    ];

    /// The server's sort key; the customer is masked server-side and sorts as the account.
    pub fn sort_key(self) -> &'static str {
        match self {
            Column::Id => "id",
            Column::Channel => "channel",
            Column::Category => "category",
            Column::Subject => "subject",
            Column::Customer => "customer",
            Column::Status => "status",
            Column::Priority => "priority",
            Column::Assignee => "assignee",
            Column::Due => "due",
        }
    }

    /// Catalog key of the header.
    pub fn label_key(self) -> &'static str {
        match self {
            Column::Id => "queue.col.id",
            Column::Channel => "queue.col.channel",
            Column::Category => "queue.col.category",
            Column::Subject => "queue.col.subject",
            Column::Customer => "queue.col.customer",
            Column::Status => "queue.col.status",
            Column::Priority => "queue.col.priority",
            Column::Assignee => "queue.col.assignee",
            Column::Due => "queue.col.due",
        }
    }
}

/// The queue pane.
#[derive(Debug, Clone)]
pub struct QueueState {
    /// Filter in force.
    pub filter: QueueFilter,
    /// Sorted column.
    pub sort: Column,
    /// Descending sort.
    pub desc: bool,
    /// The page shown (never the whole queue).
    pub rows: Vec<TicketSummary>,
    /// Matching tickets in all.
    pub total: u64,
    /// Selected row in `rows`.
    pub selected: usize,
    /// Cursors of the pages so far (index 0 is the first page: none).
    pub cursors: Vec<Option<String>>,
    /// Cursor of the next page.
    pub next_cursor: Option<String>,
    /// Request id of the newest list request; older answers are dropped.
    pub pending: Option<u64>,
    /// Filter bar, when open.
    pub filter_bar: Option<Input>,
    /// Error in the filter bar.
    pub filter_error: Option<String>,
    /// Name of the saved view in force.
    pub view: Option<String>,
    /// Tickets that arrived since the operator last looked.
    pub arrived: u32,
    /// Where to put the selection when the page arrives.
    pub select_on_load: SelectOnLoad,
    /// The next page, read ahead of the selection.
    pub ahead: Option<Neighbour>,
    /// The previous page, kept or read ahead.
    pub behind: Option<Neighbour>,
    /// While a crossing waits for its page: the cursors before it, put back if it fails.
    pub crossed_from: Option<Vec<Option<String>>>,
}

/// Where the selection goes when a page arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SelectOnLoad {
    /// First row.
    First,
    /// Last row (paging backwards).
    Last,
    /// The same ticket as before (live refresh).
    Keep(Option<i64>),
}

impl Default for QueueState {
    fn default() -> Self {
        QueueState {
            filter: QueueFilter::open_work(),
            sort: Column::Due,
            desc: false,
            rows: Vec::new(),
            total: 0,
            selected: 0,
            cursors: vec![None],
            next_cursor: None,
            pending: None,
            filter_bar: None,
            filter_error: None,
            view: None,
            arrived: 0,
            select_on_load: SelectOnLoad::First,
            ahead: None,
            behind: None,
            crossed_from: None,
        }
    }
}

impl QueueState {
    /// The selected ticket.
    pub fn current(&self) -> Option<&TicketSummary> {
        self.rows.get(self.selected)
    }

    /// 1-based number of the page shown.
    pub fn page(&self) -> usize {
        self.cursors.len()
    }
}

/// A change to a ticket, kept until the server gives a definite answer.
#[derive(Debug, Clone)]
pub enum Write {
    /// Status, priority or category (needs the version).
    Patch(TicketPatch),
    /// Note or reply.
    Note(NoteRequest),
    /// Claim, or steal.
    Claim {
        /// Take it from its holder.
        steal: bool,
    },
    /// Release the claim.
    Release,
    /// Log a call.
    Call(CallRecord),
}

/// A write in flight or waiting for the operator.
#[derive(Debug, Clone)]
pub struct PendingWrite {
    /// Ticket.
    pub ticket: i64,
    /// The change.
    pub write: Write,
    /// Its idempotency key (the same on every retry of this action).
    pub key: IdempotencyKey,
}

/// The open ticket.
#[derive(Debug, Clone)]
pub struct DetailState {
    /// As last read.
    pub ticket: TicketDetail,
    /// First timeline line shown.
    pub scroll: usize,
    /// Note or reply being written.
    pub editor: Option<Compose>,
    /// Write in flight.
    pub in_flight: Option<PendingWrite>,
    /// Request id of the newest read.
    pub pending_read: Option<u64>,
    /// A write refused as stale, shown with what changed.
    pub stale: Option<Stale>,
}

/// Note or reply being written.
#[derive(Debug, Clone)]
pub struct Compose {
    /// Internal note or public reply.
    pub visibility: Visibility,
    /// The text.
    pub text: TextArea,
    /// Key of this note (kept until the server confirms it).
    pub key: IdempotencyKey,
}

/// A write refused because the ticket changed meanwhile.
#[derive(Debug, Clone)]
pub struct Stale {
    /// The write to try again.
    pub retry: PendingWrite,
    /// What changed, as lines for the operator (empty until the re-read arrives).
    pub changes: Vec<String>,
    /// The re-read has arrived.
    pub reread: bool,
}

/// What a picker chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickFor {
    /// New status.
    Status,
    /// New priority.
    Priority,
    /// New category.
    Category,
    /// A canned reply to insert.
    Reply,
    /// Wrap-up code at hang-up.
    WrapUp,
}

/// A list to pick one item from.
#[derive(Debug, Clone)]
pub struct Picker {
    /// What it is for.
    pub purpose: PickFor,
    /// Labels (already translated).
    pub labels: Vec<String>,
    /// Wire values, parallel to `labels`.
    pub values: Vec<String>,
    /// Highlighted item.
    pub selected: usize,
}

/// What a yes/no question confirms.
#[derive(Debug, Clone, PartialEq)]
pub enum Confirm {
    /// Take the claim from its holder.
    Steal(i64),
    /// Send a stale write again on the new version.
    Retry,
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

/// Stage of a phone call.
#[derive(Debug, Clone, PartialEq)]
pub enum CallPhase {
    /// Talking; the timer runs.
    Active,
    /// Hung up: a wrap-up code is required before it closes.
    WrapUp {
        /// When the call ended.
        ended_at: DateTime<Utc>,
        /// Code chosen.
        code: Option<String>,
    },
    /// Being logged.
    Logging {
        /// Length in seconds.
        duration_secs: u32,
    },
}

/// A phone call.
#[derive(Debug, Clone)]
pub struct CallState {
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// Caller's number as typed.
    pub number: Input,
    /// The number is being typed.
    pub editing_number: bool,
    /// Normalized number, once valid.
    pub normalized: Option<String>,
    /// Accounts bound to that number (masked).
    pub matches: Vec<AccountSummary>,
    /// Newest caller lookup.
    pub pending_lookup: Option<u64>,
    /// Ticket it will be logged on (the open one when it started; else a new one).
    pub ticket: Option<i64>,
    /// Where it stands.
    pub phase: CallPhase,
    /// Summary typed by the agent.
    pub summary: TextArea,
    /// Key of the call record.
    pub key: IdempotencyKey,
    /// Key of the new ticket, when one is created.
    pub ticket_key: IdempotencyKey,
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
    pub reviews: super::reviews::state::ReviewsState,
    /// Unsent text saved locally.
    pub drafts: super::drafts::Drafts,
    /// Background probing while the back office is unreachable.
    pub probe: super::link::Probe,
    /// Live updates (stream state, panes waiting for a re-read).
    pub live: super::live::LiveState,
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

    /// Whether text is being typed (keys are text, not commands).
    pub fn typing(&self) -> bool {
        self.screen == Screen::SignIn
            || self.queue.filter_bar.is_some()
            || self.detail.as_ref().is_some_and(|d| d.editor.is_some())
            || self.call.as_ref().is_some_and(|c| c.editing_number)
            || (self.pane == Pane::Lookup && self.lookup.typing())
            || (self.pane == Pane::Reviews && super::reviews::update::captures_keys(self))
    }
}

/// Priorities in order (the wire enum has no `ALL`).
pub const PRIORITIES: [Priority; 4] = [
    Priority::Low,
    Priority::Normal,
    Priority::High,
    Priority::Urgent,
];

/// Statuses an operator may set.
pub fn settable_statuses(from: Status) -> Vec<Status> {
    Status::ALL
        .iter()
        .copied()
        .filter(|s| from.can_move_to(*s))
        .collect()
}

/// Categories in display order.
pub fn categories() -> &'static [Category] {
    &Category::ALL
}

impl State {
    /// What the panes may know of the running call.
    pub fn call_link(&self) -> Option<super::panes::CallLink> {
        self.call.as_ref().map(|c| super::panes::CallLink {
            number: c.normalized.clone(),
            ticket: c.ticket,
        })
    }
}
