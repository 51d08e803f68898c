//! The desk's panes, each in its own room: `state` (plain data), `msg` (the answers it
//! receives and the requests it makes), `update` (pure: its own state plus the shared
//! [`Ctx`](super::context::Ctx), returning [`Cmd`]s), `view` (pure drawing) and `requests`
//! (its part of the runner's I/O).
//!
//! A pane imports no other pane and not the root state: what it needs of the desk comes
//! through the context or as arguments from the root, and what it wants of the desk or of
//! another pane goes back as a [`Cmd`], which the root maps (as Elm's `Cmd.map` does).

pub mod call;
pub mod queue;
pub mod reviews;
pub mod team;
pub mod ticket;
pub mod write;

use crate::api::{ReviewSummary, TicketSummary};
use crate::client::ClientError;

use super::choice::{Confirm, Picker};
use super::drafts::DraftEffect;

pub mod lookup;

/// What a pane's update asks for, besides changing its own state.
#[derive(Debug, Clone)]
pub enum Cmd<R> {
    /// The pane's own I/O (run by its part of the runner; the answer comes back to it).
    Run(R),
    /// A request failed (made by [`Ctx::failed`](super::context::Ctx::failed), which has
    /// already said why): the root signs out on 401 and probes the back office when it is
    /// unreachable.
    Failed(ClientError),
    /// Write or drop a draft.
    Draft(DraftEffect),
    /// Something for the root or another pane.
    Go(Link),
}

impl<R> Cmd<R> {
    /// The same command with the pane's I/O mapped by `f` (other commands pass through).
    pub fn map<T>(self, f: impl FnOnce(R) -> T) -> Cmd<T> {
        match self {
            Cmd::Run(r) => Cmd::Run(f(r)),
            Cmd::Failed(e) => Cmd::Failed(e),
            Cmd::Draft(d) => Cmd::Draft(d),
            Cmd::Go(l) => Cmd::Go(l),
        }
    }
}

/// Requests that cross from one pane to the desk or to another pane.
#[derive(Debug, Clone)]
pub enum Link {
    /// Open a ticket in the queue pane.
    OpenTicket(i64),
    /// Show this account's card in the lookup pane (the way back is kept).
    ShowAccount(i64),
    /// Show this ticket in the queue pane (the way back is kept).
    ShowTicket(Box<TicketSummary>),
    /// Open this review in the reviews pane (the way back is kept).
    ShowReview(Box<ReviewSummary>),
    /// Log the running call on this ticket.
    AttachCall(i64),
    /// Log the running call on this (new) ticket unless it already has one.
    CallFallbackTicket(i64),
    /// Offer a list to pick one item from (the answer goes back to the pane that asked).
    Pick(Picker),
    /// Ask yes or no (the answer goes back to the pane that asked).
    Confirm(Confirm),
    /// A ticket was read: rows showing it are brought in step.
    TicketRead(Box<TicketSummary>),
    /// Tickets changed through this desk: the queue is read again.
    QueueChanged,
    /// A ticket changed through this desk: read it again where it is shown, and the queue.
    TicketChanged(i64),
}

/// What a pane may know of the running phone call (the root hands it over as an argument).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CallLink {
    /// The caller's number, normalized, once valid.
    pub number: Option<String>,
    /// The ticket the call will be logged on.
    pub ticket: Option<i64>,
}

/// `A` on a ticket: ask the desk to show its customer's account, or say that the ticket
/// has none linked.
pub fn open_account<R>(cx: &mut super::context::Ctx<'_>, t: &TicketSummary) -> Vec<Cmd<R>> {
    match t.account_id {
        Some(account) => vec![Cmd::Go(Link::ShowAccount(account))],
        None => {
            let text = cx
                .cat()
                .tf("detail.no_account", &[("id", &t.id.to_string())]);
            cx.error(text);
            vec![]
        }
    }
}
