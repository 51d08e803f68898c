//! The pure heart of the desk: `update(&mut State, Action) -> Vec<Effect>`.
//!
//! No I/O happens here: everything the desk does to the outside world is returned as an
//! effect, and every answer comes back as an action. That makes every flow (stale writes,
//! phone calls, paging) testable without a terminal or a network.

mod back;
mod drafts;
mod keys;
mod link;
mod live;
mod recovery;
mod session;

use keys::{on_key, paste};
use session::{after_failure, signed_in};
pub use session::{enter_desk, fail};

use tui_input::Input;

use crate::client::ClientError;
use crate::config::{Binding, Key, KeyChord};
use crate::sanitize::clean;
use crate::tui::action::{Action, Effect};
use crate::tui::choice::{Confirm, PickFor, Picker};
use crate::tui::context::{ctx, Ctx};
use crate::tui::editor::handle_input;
use crate::tui::locale::{error_text, Catalog};
use crate::tui::panes::call::{self, msg::CallRequest};
use crate::tui::panes::queue::{self, msg::QueueRequest};
use crate::tui::panes::reviews::state::ReviewsState;
use crate::tui::panes::reviews::{
    answers as review_answers, msg::ReviewsEffect, update as reviews,
};
use crate::tui::panes::team::{
    answers as team_answers, msg::TeamEffect, state::TeamState, update as team,
};
use crate::tui::panes::ticket::{self, msg::TicketRequest};
use crate::tui::panes::{lookup, Cmd, Link};
use crate::tui::scopes;
use crate::tui::state::{Conn, Overlay, Pane, Place, Screen, State, STATUS_TTL_SECS};

/// Apply one action; returns the effects to run.
pub fn update(s: &mut State, action: Action) -> Vec<Effect> {
    // Handlers clear `dirty` when nothing visible changed; a frame still owed stays owed.
    let owed = s.dirty;
    s.dirty = true;
    let said = (s.notice.clone(), s.error.clone());
    if matches!(action, Action::Key(_) | Action::Paste(_)) && s.too_small() {
        // The desk is not drawn below its smallest size: a key would act unseen (a note
        // typed blind), so none is taken; Ctrl-C still quits (during a call it asks, and
        // the question shows once the window is big enough; a second Ctrl-C quits).
        if matches!(action, Action::Key(k) if k == KeyChord::ctrl('c')) {
            keys::ctrl_c(s);
        }
        s.dirty = owed;
        return vec![];
    }
    if matches!(action, Action::Key(_)) && (s.notice.is_some() || s.error.is_some()) {
        // The next action clears what the status line said about the last one.
        s.notice = None;
        s.error = None;
    }
    let mut effects = dispatch(s, action);
    if (s.notice.is_some() || s.error.is_some()) && (&s.notice, &s.error) != (&said.0, &said.1) {
        s.status_since = s.now;
    }
    effects.extend(live::flush(s));
    s.dirty |= owed;
    // Whatever the action typed is on disk before the next key is read.
    effects.extend(drafts::sync(s));
    effects
}

fn dispatch(s: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Key(k) => on_key(s, k),
        Action::Paste(text) => paste(s, &text),
        Action::Resize(w, h) => {
            s.size = (w, h);
            in_reviews(s, reviews::reencode)
        }
        Action::Tick(now, today) => {
            // Redraw only when something visible moves: the call timer, or the minute
            // (claim leases count down in minutes).
            use chrono::Timelike;
            s.dirty = s.call.is_some() || now.minute() != s.now.minute() || today != s.today;
            s.now = now;
            s.today = today;
            s.dirty |= lookup::update::tick(&mut s.lookup, now);
            s.dirty |= crate::tui::panes::reviews::reveal::tick(&mut s.reviews, now);
            // A caller's number shown in full hides itself again.
            if let Some(d) = s.detail.as_mut() {
                if d.revealed_caller
                    .as_ref()
                    .is_some_and(|(_, until)| *until <= now)
                {
                    d.revealed_caller = None;
                    s.dirty = true;
                }
            }
            // The title bar counts down to the next probe while offline.
            s.dirty |= s.conn == Conn::Offline;
            let expired = now - s.status_since >= chrono::Duration::seconds(STATUS_TTL_SECS);
            if expired && (s.notice.is_some() || s.error.is_some()) {
                s.notice = None;
                s.error = None;
                s.dirty = true;
            }
            link::tick(s)
        }
        Action::RefreshDue => {
            live::polled(s);
            if s.screen == Screen::Desk && s.pane == Pane::Team && s.is_supervisor() {
                // The board's online and last-seen columns move without events.
                if s.team.form.is_some() {
                    s.dirty = false;
                    vec![]
                } else {
                    in_team(s, team::load_view)
                }
            } else if s.screen == Screen::Desk && s.pane == Pane::Reviews {
                in_reviews(s, reviews::refresh)
            } else if s.screen == Screen::Desk && s.queue.filter_bar.is_none() {
                reread_queue(s)
            } else {
                s.dirty = false;
                vec![]
            }
        }
        Action::Terminate => {
            s.quit = true;
            vec![]
        }
        Action::SignedIn(r) => signed_in(s, r),
        Action::Restored(r) => match r {
            Ok(op) => {
                s.operator = Some(op);
                enter_desk(s)
            }
            Err(e) if e.is_unauthorized() => {
                s.screen = Screen::SignIn;
                vec![Effect::KeepToken(None)]
            }
            Err(e) => {
                // Unreachable, or a proxy's 502 while it restarts: the kept session may well
                // be good, so keep it and let the probes find the back office.
                s.screen = Screen::SignIn;
                let fx = fail(s, &e);
                if e.is_indefinite() {
                    link::went_offline(s);
                }
                fx
            }
        },
        Action::QueueLoaded { req, result } => {
            if result.is_ok() {
                s.conn = Conn::Online;
            }
            let cx = &mut ctx!(s);
            let cmds = queue::update::loaded(&mut s.queue, cx, req, result);
            lift(s, cmds, queue_effect)
        }
        Action::TicketLoaded { req, result } => {
            if result.is_ok() {
                s.conn = Conn::Online;
            }
            let cx = &mut ctx!(s);
            let cmds = ticket::update::loaded(s.detail.as_mut(), cx, req, result);
            lift(s, cmds, ticket_effect)
        }
        Action::Written { write, result } => {
            let cx = &mut ctx!(s);
            let cmds = ticket::update::written(s.detail.as_mut(), cx, write, result);
            lift(s, cmds, ticket_effect)
        }
        Action::CallLogged(r) => {
            let cx = &mut ctx!(s);
            let cmds = call::update::logged(&mut s.call, cx, r);
            lift(s, cmds, call_effect)
        }
        Action::Lookup(a) => {
            let before = card_seen(s);
            let cx = &mut ctx!(s);
            let cmds = lookup::answers::on_answer(&mut s.lookup, cx, a);
            // A card read while a call runs is the caller's account: it decides where
            // the call is logged (the call bar says so).
            if card_seen(s) != before {
                if let (Some(call), Some(card)) = (s.call.as_mut(), s.lookup.card.as_ref()) {
                    call::update::account_seen(call, card);
                }
            }
            lift(s, cmds, Effect::Lookup)
        }
        Action::Reviews(a) => in_reviews(s, |r, cx| review_answers::on_action(r, cx, *a)),
        Action::Team(a) => in_team(s, |t, cx| team_answers::on_action(t, cx, *a)),
        Action::Probed(r) => link::probed(s, r),
        Action::DraftsLoaded(drafts) => {
            drafts::loaded(s, drafts);
            recovery::offer(s);
            let cx = &mut ctx!(s);
            if let Some(d) = s.detail.as_mut() {
                ticket::update::offer_draft(d, cx);
            }
            vec![]
        }
        Action::DraftRefused(why) => {
            s.error = Some(cat(s).tf("drafts.refused", &[("why", &clean(&why))]));
            vec![]
        }
        Action::DraftFailed(why) => {
            s.error = Some(cat(s).tf("drafts.save_failed", &[("why", &clean(&why))]));
            vec![]
        }
        Action::Live(st) => live::status(s, st),
        Action::LiveEvent(ev) => live::event(s, &ev),
        Action::LiveResync => live::resync(s),
        Action::CallerFound { req, result } => {
            let cx = &mut ctx!(s);
            let Some(c) = s.call.as_mut() else {
                return vec![];
            };
            let cmds = call::update::caller_found(c, cx, req, result);
            lift(s, cmds, call_effect)
        }
        Action::CallerRevealed { ticket, result } => {
            let cx = &mut ctx!(s);
            let cmds = ticket::update::caller_revealed(s.detail.as_mut(), cx, ticket, result);
            lift(s, cmds, ticket_effect)
        }
        Action::CallerAccount { req, result } => {
            let cx = &mut ctx!(s);
            let Some(c) = s.call.as_mut() else {
                return vec![];
            };
            let cmds = call::update::account_loaded(c, cx, req, *result);
            lift(s, cmds, call_effect)
        }
    }
}

fn cat(s: &State) -> Catalog {
    Catalog::new(s.lang)
}

/// Map a pane's commands to the desk's effects (as Elm's `Cmd.map` does): its own I/O is
/// wrapped by `wrap`, failures and links are the root's to handle.
pub(crate) fn lift<R>(s: &mut State, cmds: Vec<Cmd<R>>, wrap: impl Fn(R) -> Effect) -> Vec<Effect> {
    let mut fx = Vec::new();
    for cmd in cmds {
        match cmd {
            Cmd::Run(r) => fx.push(wrap(r)),
            Cmd::Failed(e) => fx.extend(after_failure(s, &e)),
            Cmd::Draft(d) => fx.push(Effect::Drafts(d)),
            Cmd::Go(link) => fx.extend(go(s, link)),
        }
    }
    fx
}

/// Run one of the reviews pane's update functions on its state and the shared context,
/// and map its commands to the desk's effects.
pub(crate) fn in_reviews(
    s: &mut State,
    f: impl FnOnce(&mut ReviewsState, &mut Ctx<'_>) -> Vec<Cmd<ReviewsEffect>>,
) -> Vec<Effect> {
    let mut cmds = f(&mut s.reviews, &mut ctx!(s));
    // The photos follow the open review's layout, which anything can change (a zoom, a
    // form taking rows, a read with more signals): encode again what no longer fits.
    cmds.extend(reviews::reencode(&mut s.reviews, &mut ctx!(s)));
    lift(s, cmds, Effect::Reviews)
}

/// Run one of the team pane's update functions on its state and the shared context, and
/// map its commands to the desk's effects.
pub(crate) fn in_team(
    s: &mut State,
    f: impl FnOnce(&mut TeamState, &mut Ctx<'_>) -> Vec<Cmd<TeamEffect>>,
) -> Vec<Effect> {
    let cmds = f(&mut s.team, &mut ctx!(s));
    lift(s, cmds, Effect::Team)
}

/// Follow a link from one pane to another.
fn go(s: &mut State, link: Link) -> Vec<Effect> {
    match link {
        Link::OpenTicket(id) => {
            let Some(row) = s.queue.rows.iter().find(|t| t.id == id).cloned() else {
                return vec![];
            };
            s.pane = Pane::Queue;
            let cx = &mut ctx!(s);
            let cmds = ticket::update::open(&mut s.detail, cx, row);
            lift(s, cmds, ticket_effect)
        }
        Link::ShowAccount(id) => back::follow(s, Place::Account(id)),
        Link::ShowTicket(t) => back::follow(s, Place::Ticket(t)),
        Link::ShowReview(r) => back::follow(s, Place::Review(r)),
        Link::AttachCall(id) => {
            let t = card_ticket(s, id);
            if let Some(call) = s.call.as_mut() {
                call::update::attach(call, t);
            }
            vec![]
        }
        Link::CallFallbackTicket(id) => {
            let t = card_ticket(s, id);
            if let Some(call) = s.call.as_mut() {
                call::update::fallback_ticket(call, t);
            }
            vec![]
        }
        Link::Pick(p) => {
            s.overlay = Some(Overlay::Picker(p));
            vec![]
        }
        Link::Confirm(c) => {
            s.overlay = Some(Overlay::Confirm(c));
            vec![]
        }
        Link::TicketRead(t) => {
            queue::update::ticket_read(&mut s.queue, &t);
            vec![]
        }
        Link::QueueChanged => reread_queue(s),
        Link::TicketChanged(id) => {
            let mut fx = Vec::new();
            if s.detail.as_ref().is_some_and(|d| d.ticket.summary.id == id) {
                fx.extend(reread_ticket(s));
            }
            fx.extend(reread_queue(s));
            fx
        }
    }
}

// ---------------------------------------------------------------- the root's wrappers

/// The queue pane's requests as the desk's effects.
fn queue_effect(r: QueueRequest) -> Effect {
    match r {
        QueueRequest::Load { req, query } => Effect::LoadQueue { req, query },
        QueueRequest::ReadAhead { req, query } => Effect::ReadAhead { req, query },
    }
}

/// The open ticket's requests as the desk's effects.
fn ticket_effect(r: TicketRequest) -> Effect {
    match r {
        TicketRequest::Load { req, id } => Effect::LoadTicket { req, id },
        TicketRequest::Write { write, version } => Effect::Write { write, version },
        TicketRequest::RevealCaller {
            ticket,
            call,
            reason,
        } => Effect::RevealCaller {
            ticket,
            call,
            reason,
        },
    }
}

/// Which card the lookup pane holds, and its tickets (to tell a new read from none).
fn card_seen(s: &State) -> Option<(i64, Vec<(i64, crate::api::Status)>)> {
    s.lookup.card.as_ref().map(|c| {
        let tickets = c.tickets.iter().map(|t| (t.id, t.status)).collect();
        (c.summary.id, tickets)
    })
}

/// A ticket of the card in the lookup pane, as the call knows tickets (a ticket just
/// opened there and not yet on the card is known by its id and the card's account).
fn card_ticket(s: &State, id: i64) -> call::target::TicketRef {
    let card = s.lookup.card.as_ref();
    match card.and_then(|c| c.tickets.iter().find(|t| t.id == id)) {
        Some(t) => call::target::ticket_ref(t),
        None => call::target::TicketRef {
            id,
            subject: String::new(),
            category: crate::api::Category::Other,
            account_id: card.map(|c| c.summary.id),
            customer: card.map(|c| c.summary.name.clone()),
        },
    }
}

/// The call's requests as the desk's effects.
fn call_effect(r: CallRequest) -> Effect {
    match r {
        CallRequest::FindCaller { req, phone } => Effect::LookupCaller { req, phone },
        CallRequest::LoadAccount { req, id } => Effect::LoadCallerAccount { req, id },
        CallRequest::Log {
            ticket,
            new_ticket,
            call,
        } => Effect::LogCall {
            ticket,
            new_ticket,
            call,
        },
    }
}

/// Read the page shown again, keeping the selection on the same ticket.
pub(crate) fn reread_queue(s: &mut State) -> Vec<Effect> {
    let cx = &mut ctx!(s);
    let cmds = queue::update::reread(&mut s.queue, cx);
    lift(s, cmds, queue_effect)
}

/// Read the open ticket again (nothing when none is open).
pub(crate) fn reread_ticket(s: &mut State) -> Vec<Effect> {
    let cx = &mut ctx!(s);
    let Some(d) = s.detail.as_mut() else {
        return vec![];
    };
    let cmds = ticket::update::load(d, cx);
    lift(s, cmds, ticket_effect)
}
