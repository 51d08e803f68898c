//! Inputs to `update` (actions) and the I/O it asks for (effects).

use chrono::{DateTime, NaiveDate, Utc};

use crate::api::{
    AccountSummary, NewTicket, OperatorInfo, Page, SessionResponse, TicketDetail, TicketQuery,
    TicketSummary,
};
use crate::client::{ClientError, IdempotencyKey};
use crate::config::KeyChord;

use super::panes::write::{PendingWrite, Write};

/// Something that happened: a key, a resize, a tick, or the answer to an effect.
#[derive(Debug, Clone)]
pub enum Action {
    /// A key press.
    Key(KeyChord),
    /// Text pasted (bracketed paste), inserted where text is being typed.
    Paste(String),
    /// New terminal size.
    Resize(u16, u16),
    /// Clock tick (about once a second).
    Tick(DateTime<Utc>, NaiveDate),
    /// Live refresh is due.
    RefreshDue,
    /// A signal asks us to stop (SIGTERM, SIGHUP).
    Terminate,
    /// Signed in (demo start-up or the form).
    SignedIn(Result<SessionResponse, ClientError>),
    /// Session restored from a kept token.
    Restored(Result<OperatorInfo, ClientError>),
    /// A page of the queue.
    QueueLoaded {
        /// Request id.
        req: u64,
        /// The page.
        result: Result<Page<TicketSummary>, ClientError>,
    },
    /// A ticket read.
    TicketLoaded {
        /// Request id.
        req: u64,
        /// The ticket.
        result: Result<TicketDetail, ClientError>,
    },
    /// A write finished.
    Written {
        /// The write.
        write: PendingWrite,
        /// Outcome.
        result: Result<(), ClientError>,
    },
    /// A call was logged (on the ticket with this id).
    CallLogged(Result<i64, ClientError>),
    /// Accounts bound to the caller's number.
    CallerFound {
        /// Request id.
        req: u64,
        /// Matches.
        result: Result<Page<AccountSummary>, ClientError>,
    },
    /// A call's caller number in full (or why not).
    CallerRevealed {
        /// Ticket.
        ticket: i64,
        /// The number.
        result: Result<Option<String>, ClientError>,
    },
    /// The caller's account, read for its open tickets.
    CallerAccount {
        /// Request id.
        req: u64,
        /// The account.
        result: Box<Result<crate::api::AccountDetail, ClientError>>,
    },
    /// An answer for the account-lookup pane.
    Lookup(super::panes::lookup::msg::Answer),
    /// An answer for the reviews pane.
    Reviews(Box<super::panes::reviews::msg::ReviewsAction>),
    /// An answer for the team pane.
    Team(Box<super::panes::team::msg::TeamAction>),
    /// The operator's saved drafts, read at sign-in.
    DraftsLoaded(Vec<super::drafts::Draft>),
    /// A draft could not be written (the text is still on screen).
    DraftFailed(String),
    /// A draft file others may read was not used (the message says how to fix it).
    DraftRefused(String),
    /// A background probe of the back office answered.
    Probed(Result<OperatorInfo, ClientError>),
    /// The live-update stream came up or broke.
    Live(super::live::LiveStatus),
    /// A change from the live-update stream.
    LiveEvent(crate::api::LiveEvent),
    /// The live-update stream lost events: re-read what is shown.
    LiveResync,
}

/// I/O that `update` asks the runner to do.
#[derive(Debug, Clone)]
pub enum Effect {
    /// `POST /session`.
    SignIn {
        /// Operator id.
        operator: String,
        /// Password.
        password: String,
    },
    /// Load a queue page (a newer one supersedes it).
    LoadQueue {
        /// Request id.
        req: u64,
        /// The query.
        query: TicketQuery,
    },
    /// Read a neighbouring queue page ahead of the selection (answered by `QueueLoaded`;
    /// neither supersedes nor is superseded by other queue reads).
    ReadAhead {
        /// Request id.
        req: u64,
        /// The query.
        query: TicketQuery,
    },
    /// Read a ticket.
    LoadTicket {
        /// Request id.
        req: u64,
        /// Ticket.
        id: i64,
    },
    /// Send a change.
    Write {
        /// Ticket, change and key.
        write: PendingWrite,
        /// Version the change is based on (for `If-Match`).
        version: i64,
    },
    /// Log a call, on `ticket` or on a new ticket.
    LogCall {
        /// Existing ticket.
        ticket: Option<i64>,
        /// New ticket to create first.
        new_ticket: Option<(NewTicket, IdempotencyKey)>,
        /// The call, with its key.
        call: PendingWrite,
    },
    /// Find accounts bound to a (normalized) mobile number.
    LookupCaller {
        /// Request id.
        req: u64,
        /// Number.
        phone: String,
    },
    /// Show a call's caller number in full.
    RevealCaller {
        /// Ticket.
        ticket: i64,
        /// Call.
        call: i64,
        /// Why (audited).
        reason: String,
    },
    /// Read the caller's account.
    LoadCallerAccount {
        /// Request id.
        req: u64,
        /// Account id.
        id: i64,
    },
    /// Keep or drop the session token file.
    KeepToken(Option<String>),
    /// A request of the account-lookup pane.
    Lookup(super::panes::lookup::msg::Request),
    /// I/O of the reviews pane.
    Reviews(super::panes::reviews::msg::ReviewsEffect),
    /// I/O of the team pane.
    Team(super::panes::team::msg::TeamEffect),
    /// Read, write or drop draft files.
    Drafts(super::drafts::DraftEffect),
    /// Ask the back office whether it is there again (`GET /me`).
    Probe,
    /// (Re)start the live-update subscription with the current session.
    LiveStart,
}

impl Effect {
    /// A write of `write` on `ticket` at `version`, with a fresh key.
    pub fn write(ticket: i64, version: i64, write: Write, key: IdempotencyKey) -> Effect {
        Effect::Write {
            write: PendingWrite { ticket, write, key },
            version,
        }
    }
}
