//! The pure heart of the desk: `update(&mut State, Action) -> Vec<Effect>`.
//!
//! No I/O happens here: everything the desk does to the outside world is returned as an
//! effect, and every answer comes back as an action. That makes every flow (stale writes,
//! phone calls, paging) testable without a terminal or a network.

use tui_input::Input;

use super::action::{Action, Effect};
use super::choice::{Confirm, PickFor, Picker};
use super::context::{ctx, Ctx};
use super::editor::handle_input;
use super::locale::{error_text, Catalog};
use super::panes::call::{self, msg::CallRequest};
use super::panes::queue::{self, msg::QueueRequest, state::SelectOnLoad};
use super::panes::reviews::state::ReviewsState;
use super::panes::reviews::{answers as review_answers, msg::ReviewsEffect, update as reviews};
use super::panes::ticket::{self, msg::TicketRequest};
use super::panes::{lookup, Cmd, Link};
use super::state::{Conn, Overlay, Pane, Screen, State};
use crate::client::ClientError;
use crate::config::{Binding, Key, KeyChord};
use crate::sanitize::clean;

/// Apply one action; returns the effects to run.
pub fn update(s: &mut State, action: Action) -> Vec<Effect> {
    // Handlers clear `dirty` when nothing visible changed; a frame still owed stays owed.
    let owed = s.dirty;
    s.dirty = true;
    let mut effects = dispatch(s, action);
    effects.extend(super::live::flush(s));
    s.dirty |= owed;
    // Whatever the action typed is on disk before the next key is read.
    effects.extend(super::drafts::sync(s));
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
            // The title bar counts down to the next probe while offline.
            s.dirty |= s.conn == Conn::Offline;
            super::link::tick(s)
        }
        Action::RefreshDue => {
            super::live::polled(s);
            if s.screen == Screen::Desk && s.pane == Pane::Reviews {
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
                    super::link::went_offline(s);
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
            let cx = &mut ctx!(s);
            let cmds = lookup::answers::on_answer(&mut s.lookup, cx, a);
            lift(s, cmds, Effect::Lookup)
        }
        Action::Reviews(a) => in_reviews(s, |r, cx| review_answers::on_action(r, cx, *a)),
        Action::Probed(r) => super::link::probed(s, r),
        Action::DraftsLoaded(drafts) => {
            super::drafts::loaded(s, drafts);
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
        Action::Live(st) => super::live::status(s, st),
        Action::LiveEvent(ev) => super::live::event(s, &ev),
        Action::LiveResync => super::live::resync(s),
        Action::CallerFound { req, result } => {
            if let Some(c) = s.call.as_mut() {
                call::update::caller_found(c, req, result);
            }
            vec![]
        }
    }
}

fn cat(s: &State) -> Catalog {
    Catalog::new(s.lang)
}

/// Put an error in the status line, in plain words; a 401 sends the operator to sign in.
pub fn fail(s: &mut State, e: &ClientError) -> Vec<Effect> {
    s.error = Some(error_text(&cat(s), e));
    after_failure(s, e)
}

/// What a failed request means for the link and the session (the status line is set).
fn after_failure(s: &mut State, e: &ClientError) -> Vec<Effect> {
    let c = cat(s);
    match e {
        ClientError::Unreachable { .. } | ClientError::Timeout { .. } => {
            super::link::went_offline(s)
        }
        _ => s.conn = Conn::Online,
    }
    if e.is_unauthorized() && s.screen == Screen::Desk {
        // Everything typed stays in the state; only the screen changes.
        s.screen = Screen::SignIn;
        s.sign_in.error = Some(c.t("signin.expired").to_string());
        s.sign_in.on_password = true;
        return vec![Effect::KeepToken(None)];
    }
    vec![]
}

/// Map a pane's commands to the desk's effects (as Elm's `Cmd.map` does): its own I/O is
/// wrapped by `wrap`, failures and links are the root's to handle.
pub fn lift<R>(s: &mut State, cmds: Vec<Cmd<R>>, wrap: impl Fn(R) -> Effect) -> Vec<Effect> {
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
    let cmds = f(&mut s.reviews, &mut ctx!(s));
    lift(s, cmds, Effect::Reviews)
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
        Link::AttachCall(id) => {
            if let Some(call) = s.call.as_mut() {
                call.ticket = Some(id);
            }
            vec![]
        }
        Link::CallFallbackTicket(id) => {
            if let Some(call) = s.call.as_mut().filter(|c| c.ticket.is_none()) {
                call.ticket = Some(id);
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

fn signed_in(s: &mut State, r: Result<crate::api::SessionResponse, ClientError>) -> Vec<Effect> {
    s.sign_in.busy = false;
    match r {
        Ok(session) => {
            if s.operator
                .as_ref()
                .is_some_and(|o| o.id != session.operator.id)
            {
                other_operator(s);
            }
            s.operator = Some(session.operator);
            s.sign_in.password = Input::default();
            s.sign_in.error = None;
            let mut fx = vec![Effect::KeepToken(Some(session.token))];
            fx.extend(enter_desk(s));
            fx
        }
        Err(e) => {
            let c = cat(s);
            s.sign_in.error = Some(if e.is_unauthorized() {
                c.t("signin.wrong").to_string()
            } else {
                error_text(&c, &e)
            });
            s.screen = Screen::SignIn;
            vec![]
        }
    }
}

/// Another operator signed in on this desk: nothing the previous one had in front of them
/// stays (a revealed value, a review's photos, a call, their filters), and what they typed
/// stays in their own drafts folder. The new operator starts on a fresh queue.
fn other_operator(s: &mut State) {
    super::drafts::other_operator(s);
    s.queue = Default::default();
    s.detail = None;
    s.call = None;
    s.overlay = None;
    s.lookup = Default::default();
    s.reviews = ReviewsState {
        graphics: s.reviews.graphics,
        // Photos drawn by a terminal image protocol stay until cleared.
        clear_graphics: true,
        ..Default::default()
    };
    s.pane = Pane::Queue;
    s.notice = None;
}

/// Show the desk to the signed-in operator and load what it shows.
pub fn enter_desk(s: &mut State) -> Vec<Effect> {
    s.screen = Screen::Desk;
    s.conn = Conn::Online;
    s.error = None;
    let mut fx = reread_queue(s);
    if let Some(op) = &s.operator {
        fx.push(Effect::Drafts(super::drafts::DraftEffect::Load {
            operator: op.id.clone(),
        }));
    }
    // A new session: the stream (stopped by a 401, or never started) follows it.
    fx.push(Effect::LiveStart);
    // Back from an expired session: re-read the open ticket; the editor text stays.
    fx.extend(reread_ticket(s));
    fx
}

fn paste(s: &mut State, text: &str) -> Vec<Effect> {
    if s.detail
        .as_mut()
        .is_some_and(|d| ticket::update::paste(d, text))
        || queue::update::paste(&mut s.queue, text)
        || s.call
            .as_mut()
            .is_some_and(|c| call::update::paste(c, text))
    {
        return vec![];
    }
    if s.pane == Pane::Lookup {
        let cx = &mut ctx!(s);
        let cmds = lookup::update::paste(&mut s.lookup, cx, text);
        return lift(s, cmds, Effect::Lookup);
    }
    vec![]
}

fn on_key(s: &mut State, k: KeyChord) -> Vec<Effect> {
    // Ctrl-C always quits, whatever has focus (a terminal convention operators rely on).
    if k == KeyChord::ctrl('c') {
        s.quit = true;
        return vec![];
    }
    if s.screen == Screen::SignIn {
        return sign_in_key(s, k);
    }
    if s.overlay.is_some() {
        return overlay_key(s, k);
    }
    if s.queue.filter_bar.is_some() {
        let cx = &mut ctx!(s);
        let cmds = queue::update::filter_key(&mut s.queue, cx, k);
        return lift(s, cmds, queue_effect);
    }
    if let Some(c) = s.call.as_mut().filter(|c| c.editing_number) {
        let cx = &mut ctx!(s);
        let cmds = call::update::number_key(c, cx, k);
        return lift(s, cmds, call_effect);
    }
    if let Some(d) = s.detail.as_mut().filter(|d| d.editor.is_some()) {
        let cx = &mut ctx!(s);
        let cmds = ticket::update::editor_key(d, cx, k);
        return lift(s, cmds, ticket_effect);
    }
    if s.pane == Pane::Lookup && s.lookup.typing() {
        let call = s.call_link();
        let cx = &mut ctx!(s);
        if let Some(cmds) = lookup::update::on_text_key(&mut s.lookup, cx, call.as_ref(), k) {
            return lift(s, cmds, Effect::Lookup);
        }
    }
    if s.pane == Pane::Reviews && reviews::captures_keys(&s.reviews) {
        return in_reviews(s, |r, cx| reviews::key(r, cx, k, None));
    }
    let binding = s.keymap.binding(&k);
    match binding {
        Some(Binding::Quit) => {
            s.quit = true;
            return vec![];
        }
        Some(Binding::Help) => {
            s.overlay = Some(Overlay::Help(0));
            return vec![];
        }
        Some(Binding::PaneQueue) => return switch_pane(s, Pane::Queue),
        Some(Binding::PaneLookup) => return switch_pane(s, Pane::Lookup),
        Some(Binding::PaneReviews) => return switch_pane(s, Pane::Reviews),
        Some(Binding::NextPane) | Some(Binding::PrevPane) => {
            let i = Pane::ALL.iter().position(|p| *p == s.pane).unwrap_or(0);
            let n = Pane::ALL.len();
            let j = if binding == Some(Binding::NextPane) {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            };
            return switch_pane(s, Pane::ALL[j]);
        }
        Some(Binding::NewCall) => {
            let ticket = s.detail.as_ref().map(|d| d.ticket.summary.id);
            let cx = &mut ctx!(s);
            let cmds = call::update::start(&mut s.call, cx, ticket);
            return lift(s, cmds, call_effect);
        }
        Some(Binding::HangUp) => {
            let cx = &mut ctx!(s);
            let cmds = call::update::hang_up(s.call.as_mut(), cx);
            return lift(s, cmds, call_effect);
        }
        _ => {}
    }
    if s.call.is_some() && k == KeyChord::ch('#') {
        if let Some(c) = s.call.as_mut() {
            c.editing_number = true;
        }
        return vec![];
    }
    if s.pane == Pane::Lookup {
        let call = s.call_link();
        let cx = &mut ctx!(s);
        let cmds = lookup::update::on_key(&mut s.lookup, cx, call.as_ref(), k, binding);
        return lift(s, cmds, Effect::Lookup);
    }
    if s.pane == Pane::Reviews {
        return in_reviews(s, |r, cx| reviews::key(r, cx, k, binding));
    }
    if s.pane != Pane::Queue {
        s.dirty = binding.is_some();
        return vec![];
    }
    if s.detail.is_some() {
        let cx = &mut ctx!(s);
        let cmds = ticket::update::key(&mut s.detail, cx, binding);
        return lift(s, cmds, ticket_effect);
    }
    if let Some(view) = s.keymap.view(&k).and_then(|i| s.views.get(i)).cloned() {
        let cx = &mut ctx!(s);
        let cmds = queue::update::apply_view(&mut s.queue, cx, &view);
        return lift(s, cmds, queue_effect);
    }
    let cx = &mut ctx!(s);
    let cmds = queue::update::key(&mut s.queue, cx, binding);
    lift(s, cmds, queue_effect)
}

fn switch_pane(s: &mut State, p: Pane) -> Vec<Effect> {
    if s.pane == Pane::Reviews && p != Pane::Reviews && s.reviews.graphics.leaves_pixels() {
        // Images drawn by a graphics protocol would stay on the other pane.
        s.reviews.clear_graphics = true;
    }
    s.pane = p;
    if p == Pane::Lookup {
        let call = s.call_link();
        let cx = &mut ctx!(s);
        let cmds = lookup::update::entered(&mut s.lookup, cx, call.as_ref());
        return lift(s, cmds, Effect::Lookup);
    }
    if p == Pane::Reviews {
        return in_reviews(s, reviews::entered);
    }
    vec![]
}

fn sign_in_key(s: &mut State, k: KeyChord) -> Vec<Effect> {
    let f = &mut s.sign_in;
    if f.busy {
        return vec![];
    }
    match k.key {
        Key::Tab | Key::BackTab | Key::Up | Key::Down => f.on_password = !f.on_password,
        Key::Enter if !f.on_password => f.on_password = true,
        Key::Enter => {
            let operator = f.operator.value().trim().to_string();
            let password = f.password.value().to_string();
            let c = Catalog::new(s.lang);
            if operator.is_empty() || password.is_empty() {
                f.error = Some(c.t("signin.missing").to_string());
                return vec![];
            }
            f.busy = true;
            f.error = None;
            return vec![Effect::SignIn { operator, password }];
        }
        Key::Esc => s.quit = true,
        _ => {
            let input = if f.on_password {
                &mut f.password
            } else {
                &mut f.operator
            };
            handle_input(input, &k);
        }
    }
    vec![]
}

fn overlay_key(s: &mut State, k: KeyChord) -> Vec<Effect> {
    let Some(overlay) = s.overlay.take() else {
        return vec![];
    };
    match overlay {
        Overlay::Help(page) => {
            let b = s.keymap.binding(&k);
            if k.key == Key::Esc || matches!(b, Some(Binding::Help | Binding::Back | Binding::Quit))
            {
                return vec![];
            }
            // More keys than fit at 80×24: ↓/PgDn and ↑/PgUp turn the page.
            let page = match b {
                Some(Binding::Down | Binding::PageDown) => page + 1,
                Some(Binding::Up | Binding::PageUp) => page.saturating_sub(1),
                _ => page,
            };
            s.overlay = Some(Overlay::Help(
                page.min(super::view::overlay::help_pages(s) - 1),
            ));
            vec![]
        }
        Overlay::Confirm(c) => match k.key {
            Key::Char('y') | Key::Char('Y') | Key::Enter => confirmed(s, c),
            Key::Char('n') | Key::Char('N') | Key::Esc => {
                let cx = &mut ctx!(s);
                if let Some(d) = s.detail.as_mut() {
                    ticket::update::declined(d, cx, c);
                }
                vec![]
            }
            _ => {
                s.overlay = Some(Overlay::Confirm(c));
                vec![]
            }
        },
        Overlay::Picker(mut p) => {
            let b = s.keymap.binding(&k);
            match (k.key, b) {
                (Key::Esc, _) => {
                    if p.purpose == PickFor::WrapUp {
                        // A wrap-up code is required: the call cannot close without one.
                        s.error = Some(cat(s).t("call.wrap_up_required").to_string());
                        s.overlay = Some(Overlay::Picker(p));
                    }
                    vec![]
                }
                (Key::Enter, _) => picked(s, &p),
                (_, Some(Binding::Down)) => {
                    p.selected = (p.selected + 1).min(p.values.len().saturating_sub(1));
                    s.overlay = Some(Overlay::Picker(p));
                    vec![]
                }
                (_, Some(Binding::Up)) => {
                    p.selected = p.selected.saturating_sub(1);
                    s.overlay = Some(Overlay::Picker(p));
                    vec![]
                }
                _ => {
                    s.overlay = Some(Overlay::Picker(p));
                    vec![]
                }
            }
        }
    }
}

/// An answer to a choice the desk offered: handed to the pane that asked.
fn confirmed(s: &mut State, c: Confirm) -> Vec<Effect> {
    let cx = &mut ctx!(s);
    match s.detail.as_mut() {
        Some(d) => {
            let cmds = ticket::update::confirmed(d, cx, c);
            lift(s, cmds, ticket_effect)
        }
        None => vec![],
    }
}

fn picked(s: &mut State, p: &Picker) -> Vec<Effect> {
    let Some(value) = p.values.get(p.selected).cloned() else {
        return vec![];
    };
    let cx = &mut ctx!(s);
    if p.purpose == PickFor::WrapUp {
        let Some(call) = s.call.as_mut() else {
            return vec![];
        };
        let cmds = call::update::wrap_up(call, cx, value);
        return lift(s, cmds, call_effect);
    }
    let Some(d) = s.detail.as_mut() else {
        return vec![];
    };
    let cmds = ticket::update::picked(d, p.purpose, value);
    lift(s, cmds, ticket_effect)
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
    }
}

/// The call's requests as the desk's effects.
fn call_effect(r: CallRequest) -> Effect {
    match r {
        CallRequest::FindCaller { req, phone } => Effect::LookupCaller { req, phone },
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

/// Read the queue page again, putting the selection where `select` says.
pub fn load_queue(s: &mut State, select: SelectOnLoad) -> Vec<Effect> {
    let cx = &mut ctx!(s);
    let cmds = queue::update::load(&mut s.queue, cx, select);
    lift(s, cmds, queue_effect)
}

/// Read the page shown again, keeping the selection on the same ticket.
pub fn reread_queue(s: &mut State) -> Vec<Effect> {
    let cx = &mut ctx!(s);
    let cmds = queue::update::reread(&mut s.queue, cx);
    lift(s, cmds, queue_effect)
}

/// Read the open ticket again (nothing when none is open).
pub fn reread_ticket(s: &mut State) -> Vec<Effect> {
    let cx = &mut ctx!(s);
    let Some(d) = s.detail.as_mut() else {
        return vec![];
    };
    let cmds = ticket::update::load(d, cx);
    lift(s, cmds, ticket_effect)
}
