//! The pure heart of the desk: `update(&mut State, Action) -> Vec<Effect>`.
//!
//! No I/O happens here: everything the desk does to the outside world is returned as an
//! effect, and every answer comes back as an action. That makes every flow (stale writes,
//! phone calls, paging) testable without a terminal or a network.

use tui_input::Input;

use super::action::{Action, Effect};
use super::context::ctx;
use super::drafts::DraftId;
use super::editor::{handle_input, TextArea};
use super::filter;
use super::locale::{error_text, wire_name, Catalog};
use super::pages::{self, Way};
use super::panes::{lookup, Cmd, Link};
use super::replies;
use super::state::{
    settable_statuses, CallPhase, CallState, Column, Compose, Confirm, Conn, DetailState, Overlay,
    Pane, PendingWrite, PickFor, Picker, Screen, SelectOnLoad, Stale, State, Write, PAGE_SIZE,
    PRIORITIES, WRAP_UP_CODES,
};
use crate::api::{
    CallRecord, Category, Channel, NewTicket, NoteRequest, Priority, Status, TicketDetail,
    TicketPatch, Visibility,
};
use crate::client::{ClientError, IdempotencyKey};
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
            super::reviews::update::reencode(s)
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
                super::reviews::update::refresh(s)
            } else if s.screen == Screen::Desk && s.queue.filter_bar.is_none() {
                let keep = s.queue.current().map(|t| t.id);
                load_queue(s, SelectOnLoad::Keep(keep))
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
        Action::QueueLoaded { req, result } => queue_loaded(s, req, result),
        Action::TicketLoaded { req, result } => ticket_loaded(s, req, result),
        Action::Written { write, result } => written(s, write, result),
        Action::CallLogged(r) => call_logged(s, r),
        Action::Lookup(a) => {
            let cx = &mut ctx!(s);
            let cmds = lookup::answers::on_answer(&mut s.lookup, cx, a);
            lift(s, cmds, Effect::Lookup)
        }
        Action::Reviews(a) => super::reviews::update::on_action(s, *a),
        Action::Probed(r) => super::link::probed(s, r),
        Action::DraftsLoaded(drafts) => {
            super::drafts::loaded(s, drafts);
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
                if c.pending_lookup == Some(req) {
                    c.pending_lookup = None;
                    c.matches = result.map(|p| p.items).unwrap_or_default();
                }
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

/// Follow a link from one pane to another.
fn go(s: &mut State, link: Link) -> Vec<Effect> {
    match link {
        Link::OpenTicket(id) => {
            s.pane = Pane::Queue;
            load_ticket(s, id)
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
    s.reviews = super::reviews::state::ReviewsState {
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
    let keep = s.queue.current().map(|t| t.id);
    let mut fx = load_queue(s, SelectOnLoad::Keep(keep));
    if let Some(op) = &s.operator {
        fx.push(Effect::Drafts(super::drafts::DraftEffect::Load {
            operator: op.id.clone(),
        }));
    }
    // A new session: the stream (stopped by a 401, or never started) follows it.
    fx.push(Effect::LiveStart);
    // Back from an expired session: re-read the open ticket; the editor text stays.
    if let Some(id) = s.detail.as_ref().map(|d| d.ticket.summary.id) {
        fx.extend(load_ticket(s, id));
    }
    fx
}

/// Load the current queue page, putting the selection where `select` says.
pub fn load_queue(s: &mut State, select: SelectOnLoad) -> Vec<Effect> {
    let req = s.request_id();
    let q = &mut s.queue;
    if let SelectOnLoad::Keep(_) = select {
        // A re-read: the neighbours read ahead may be as stale as the page.
        pages::forget(q);
        // During a crossing the cursors already name the page it waits for: this reads
        // that page, and it still lands on its first (or last) row.
        if !pages::crossing(q) {
            q.select_on_load = select;
        }
    } else {
        q.select_on_load = select;
    }
    q.pending = Some(req);
    let cursor = q.cursors.last().cloned().flatten();
    let query = q.filter.query(q.sort.sort_key(), q.desc, cursor, PAGE_SIZE);
    vec![Effect::LoadQueue { req, query }]
}

/// Start over at page 1 (new filter or sort).
fn reload_first_page(s: &mut State) -> Vec<Effect> {
    s.queue.cursors = vec![None];
    s.queue.arrived = 0;
    s.queue.crossed_from = None;
    pages::forget(&mut s.queue);
    load_queue(s, SelectOnLoad::First)
}

/// Read ticket `id` into the open detail.
pub fn load_ticket(s: &mut State, id: i64) -> Vec<Effect> {
    let req = s.request_id();
    if let Some(d) = s.detail.as_mut() {
        d.pending_read = Some(req);
    }
    vec![Effect::LoadTicket { req, id }]
}

fn queue_loaded(
    s: &mut State,
    req: u64,
    result: Result<crate::api::Page<crate::api::TicketSummary>, ClientError>,
) -> Vec<Effect> {
    let result = match pages::arrived(s, req, result) {
        // A page read ahead: nothing on screen changes until the selection crosses.
        pages::Arrival::Taken(fx) => return fx,
        pages::Arrival::NotMine(result) => result,
    };
    if s.queue.pending != Some(req) {
        tracing::debug!(req, pending = ?s.queue.pending, "older queue page dropped");
        // An older request: the newest one wins.
        s.dirty = false;
        return vec![];
    }
    s.queue.pending = None;
    let page = match result {
        Ok(p) => p,
        Err(e) => {
            pages::crossing_failed(&mut s.queue);
            return fail(s, &e);
        }
    };
    s.conn = Conn::Online;
    let q = &mut s.queue;
    q.crossed_from = None;
    if let SelectOnLoad::Keep(_) = q.select_on_load {
        let known: std::collections::HashSet<i64> = q.rows.iter().map(|t| t.id).collect();
        if !known.is_empty() {
            q.arrived += page.items.iter().filter(|t| !known.contains(&t.id)).count() as u32;
        }
    }
    q.selected = match q.select_on_load {
        SelectOnLoad::First => 0,
        SelectOnLoad::Last => page.items.len().saturating_sub(1),
        SelectOnLoad::Keep(id) => id
            .and_then(|id| page.items.iter().position(|t| t.id == id))
            .unwrap_or(q.selected.min(page.items.len().saturating_sub(1))),
    };
    q.rows = page.items;
    q.total = page.total;
    q.next_cursor = page.next_cursor;
    if let SelectOnLoad::Keep(_) = q.select_on_load {
        // A re-read (live change, poll): the neighbours wait for the operator's next move,
        // so that every change costs each desk one read, not three.
        vec![]
    } else {
        pages::near_edge(s)
    }
}

fn ticket_loaded(
    s: &mut State,
    req: u64,
    result: Result<TicketDetail, ClientError>,
) -> Vec<Effect> {
    let c = cat(s);
    let Some(d) = s.detail.as_mut() else {
        s.dirty = false;
        return vec![];
    };
    if d.pending_read != Some(req) {
        s.dirty = false;
        return vec![];
    }
    d.pending_read = None;
    let t = match result {
        Ok(t) => t,
        Err(e) => return fail(s, &e),
    };
    if let Some(st) = d.stale.as_mut() {
        if !st.reread {
            st.changes = describe_changes(&c, &d.ticket, &t);
            st.reread = true;
            s.overlay = Some(Overlay::Confirm(Confirm::Retry));
        }
    }
    // Keep the row in the queue in step with what was just read.
    if let Some(row) = s.queue.rows.iter_mut().find(|r| r.id == t.summary.id) {
        *row = t.summary.clone();
    }
    d.ticket = t;
    s.conn = Conn::Online;
    vec![]
}

/// What changed between two reads of a ticket, for the stale-write question.
pub fn describe_changes(c: &Catalog, old: &TicketDetail, new: &TicketDetail) -> Vec<String> {
    let (a, b) = (&old.summary, &new.summary);
    let mut out = Vec::new();
    let mut field = |key: &str, from: String, to: String| {
        if from != to {
            out.push(c.tf(
                "stale.field",
                &[("field", c.t(key)), ("from", &from), ("to", &to)],
            ));
        }
    };
    field(
        "queue.col.status",
        label(c, "status", &a.status),
        label(c, "status", &b.status),
    );
    field(
        "queue.col.priority",
        label(c, "priority", &a.priority),
        label(c, "priority", &b.priority),
    );
    field(
        "queue.col.category",
        label(c, "category", &a.category),
        label(c, "category", &b.category),
    );
    let none = c.t("queue.unassigned").to_string();
    field(
        "queue.col.assignee",
        a.assignee
            .as_deref()
            .map(clean)
            .unwrap_or_else(|| none.clone()),
        b.assignee.as_deref().map(clean).unwrap_or(none),
    );
    for e in new
        .events
        .iter()
        .filter(|e| !old.events.iter().any(|o| o.id == e.id))
    {
        out.push(c.tf(
            "stale.event",
            &[
                ("author", &clean(&e.author)),
                ("kind", c.t(&format!("event.{}", wire_name(&e.kind)))),
            ],
        ));
    }
    if out.is_empty() {
        out.push(c.t("stale.nothing_visible").to_string());
    }
    out
}

pub use super::locale::label;

fn written(s: &mut State, w: PendingWrite, result: Result<(), ClientError>) -> Vec<Effect> {
    let c = cat(s);
    let Some(d) = s
        .detail
        .as_mut()
        .filter(|d| d.ticket.summary.id == w.ticket)
    else {
        // The ticket was closed meanwhile; still report the outcome.
        return match result {
            Ok(()) => vec![],
            Err(e) => fail(s, &e),
        };
    };
    d.in_flight = None;
    match result {
        Ok(()) => {
            let mut fx = Vec::new();
            if matches!(w.write, Write::Note(_)) {
                // Only now is the note safe: drop the text, its key and its draft.
                d.editor = None;
                fx.extend(super::drafts::forget(s, DraftId::Ticket(w.ticket)));
            }
            s.notice = Some(c.t(notice_key(&w.write)).to_string());
            s.error = None;
            let id = w.ticket;
            fx.extend(load_ticket(s, id));
            let keep = s.queue.current().map(|t| t.id);
            fx.extend(load_queue(s, SelectOnLoad::Keep(keep)));
            fx
        }
        Err(e)
            if matches!(w.write, Write::Note(_)) && e.code() == Some("idempotency_key_reused") =>
        {
            // An earlier version of this text went through before it was edited (a lost
            // answer, then a restart): show the timeline, and let this one go as a new note.
            if let Some(ed) = d.editor.as_mut() {
                ed.key = IdempotencyKey::new();
            }
            s.error = Some(c.t("error.note_key_reused").to_string());
            load_ticket(s, w.ticket)
        }
        Err(e) if e.is_stale() => {
            d.stale = Some(Stale {
                retry: w.clone(),
                changes: Vec::new(),
                reread: false,
            });
            s.error = Some(c.t("stale.title").to_string());
            load_ticket(s, w.ticket)
        }
        Err(e) => fail(s, &e),
    }
}

fn notice_key(w: &Write) -> &'static str {
    match w {
        Write::Patch(_) => "notice.changed",
        Write::Note(n) if n.visibility == Visibility::Public => "notice.replied",
        Write::Note(_) => "notice.noted",
        Write::Claim { steal: true } => "notice.stolen",
        Write::Claim { .. } => "notice.claimed",
        Write::Release => "notice.released",
        Write::Call(_) => "notice.call_logged",
    }
}

fn paste(s: &mut State, text: &str) -> Vec<Effect> {
    if let Some(e) = s.detail.as_mut().and_then(|d| d.editor.as_mut()) {
        e.text.insert_text(text);
    } else if let Some(bar) = s.queue.filter_bar.as_mut() {
        for ch in crate::sanitize::one_line_chars(text) {
            bar.handle(tui_input::InputRequest::InsertChar(ch));
        }
    } else if let Some(call) = s.call.as_mut().filter(|c| c.editing_number) {
        for ch in crate::sanitize::one_line_chars(text) {
            call.number.handle(tui_input::InputRequest::InsertChar(ch));
        }
    } else if s.pane == Pane::Lookup {
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
        return filter_key(s, k);
    }
    if s.call.as_ref().is_some_and(|c| c.editing_number) {
        return number_key(s, k);
    }
    if s.detail.as_ref().is_some_and(|d| d.editor.is_some()) {
        return editor_key(s, k);
    }
    if s.pane == Pane::Lookup && s.lookup.typing() {
        let call = s.call_link();
        let cx = &mut ctx!(s);
        if let Some(cmds) = lookup::update::on_text_key(&mut s.lookup, cx, call.as_ref(), k) {
            return lift(s, cmds, Effect::Lookup);
        }
    }
    if s.pane == Pane::Reviews && super::reviews::update::captures_keys(s) {
        return super::reviews::update::key(s, k, None);
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
        Some(Binding::NewCall) => return start_call(s),
        Some(Binding::HangUp) => return hang_up(s),
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
        return super::reviews::update::key(s, k, binding);
    }
    if s.pane != Pane::Queue {
        s.dirty = binding.is_some();
        return vec![];
    }
    if s.detail.is_some() {
        return detail_key(s, binding);
    }
    if let Some(i) = s.keymap.view(&k) {
        return apply_view(s, i);
    }
    queue_key(s, binding)
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
        return super::reviews::update::entered(s);
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

fn filter_key(s: &mut State, k: KeyChord) -> Vec<Effect> {
    let c = cat(s);
    let q = &mut s.queue;
    match k.key {
        Key::Esc => {
            q.filter_bar = None;
            q.filter_error = None;
        }
        Key::Enter => {
            let text = q.filter_bar.as_ref().map(|i| i.value().to_string());
            match filter::parse(text.as_deref().unwrap_or(""), &c) {
                Ok(f) => {
                    q.filter = f;
                    q.filter_bar = None;
                    q.filter_error = None;
                    q.view = None;
                    return reload_first_page(s);
                }
                // The bar stays open with the text as typed.
                Err(e) => q.filter_error = Some(e.0),
            }
        }
        _ => {
            if let Some(bar) = q.filter_bar.as_mut() {
                handle_input(bar, &k);
            }
        }
    }
    vec![]
}

fn apply_view(s: &mut State, i: usize) -> Vec<Effect> {
    let Some(v) = s.views.get(i) else {
        return vec![];
    };
    s.queue.filter = filter::QueueFilter::from_view(v);
    s.queue.view = Some(clean(&v.name));
    reload_first_page(s)
}

fn queue_key(s: &mut State, b: Option<Binding>) -> Vec<Effect> {
    let page_rows = pages::screen_rows(s);
    let q = &mut s.queue;
    match b {
        Some(Binding::Down) => {
            if q.selected + 1 < q.rows.len() {
                q.selected += 1;
            } else if q.next_cursor.is_some() {
                return pages::cross(s, Way::Forward, SelectOnLoad::First);
            }
            return pages::near_edge(s);
        }
        Some(Binding::Up) => {
            if q.selected > 0 {
                q.selected -= 1;
            } else if q.cursors.len() > 1 {
                return pages::cross(s, Way::Back, SelectOnLoad::Last);
            }
            return pages::near_edge(s);
        }
        Some(Binding::PageDown) => {
            if q.selected + page_rows < q.rows.len() {
                q.selected += page_rows;
            } else if q.next_cursor.is_some() {
                return pages::cross(s, Way::Forward, SelectOnLoad::First);
            } else {
                q.selected = q.rows.len().saturating_sub(1);
            }
            return pages::near_edge(s);
        }
        Some(Binding::PageUp) => {
            if q.selected >= page_rows {
                q.selected -= page_rows;
            } else if q.cursors.len() > 1 {
                return pages::cross(s, Way::Back, SelectOnLoad::Last);
            } else {
                q.selected = 0;
            }
            return pages::near_edge(s);
        }
        Some(Binding::Filter) => {
            q.filter_bar = Some(Input::new(q.filter.to_text()));
            q.filter_error = None;
        }
        Some(Binding::Refresh) => {
            q.arrived = 0;
            let keep = q.current().map(|t| t.id);
            return load_queue(s, SelectOnLoad::Keep(keep));
        }
        Some(Binding::SortNext) => {
            // The customer is masked server-side and is not a sort key of the API.
            let cols: Vec<Column> = Column::ALL
                .into_iter()
                .filter(|c| *c != Column::Customer)
                .collect();
            let i = cols.iter().position(|c| *c == q.sort).unwrap_or(0);
            q.sort = cols[(i + 1) % cols.len()];
            return reload_first_page(s);
        }
        Some(Binding::SortReverse) => {
            q.desc = !q.desc;
            return reload_first_page(s);
        }
        Some(Binding::Open) => {
            if let Some(t) = q.current().cloned() {
                q.arrived = 0;
                s.detail = Some(DetailState {
                    ticket: TicketDetail {
                        summary: t.clone(),
                        body: String::new(),
                        events: Vec::new(),
                    },
                    scroll: 0,
                    editor: None,
                    in_flight: None,
                    pending_read: None,
                    stale: None,
                });
                super::drafts::offer_ticket(s);
                return load_ticket(s, t.id);
            }
        }
        Some(Binding::Back) => {
            if q.view.is_some() || q.filter != filter::QueueFilter::open_work() {
                q.filter = filter::QueueFilter::open_work();
                q.view = None;
                return reload_first_page(s);
            }
        }
        _ => s.dirty = false,
    }
    vec![]
}

fn detail_key(s: &mut State, b: Option<Binding>) -> Vec<Effect> {
    let c = cat(s);
    let supervisor = s.is_supervisor();
    let me = s.operator.as_ref().map(|o| o.id.clone());
    let Some(d) = s.detail.as_mut() else {
        return vec![];
    };
    let t = d.ticket.summary.clone();
    if d.in_flight.is_some()
        && matches!(
            b,
            Some(
                Binding::Claim
                    | Binding::Release
                    | Binding::Steal
                    | Binding::SetStatus
                    | Binding::SetPriority
                    | Binding::SetCategory
            )
        )
    {
        s.error = Some(c.t("error.busy").to_string());
        return vec![];
    }
    let mut start = |w: Write| {
        let write = PendingWrite {
            ticket: t.id,
            write: w,
            key: IdempotencyKey::new(),
        };
        d.in_flight = Some(write.clone());
        vec![Effect::Write {
            write,
            version: t.version,
        }]
    };
    match b {
        Some(Binding::Back) => {
            s.detail = None;
        }
        Some(Binding::Down) => d.scroll = d.scroll.saturating_add(1),
        Some(Binding::Up) => d.scroll = d.scroll.saturating_sub(1),
        Some(Binding::PageDown) => d.scroll = d.scroll.saturating_add(10),
        Some(Binding::PageUp) => d.scroll = d.scroll.saturating_sub(10),
        Some(Binding::Refresh) => return load_ticket(s, t.id),
        Some(Binding::Claim) => {
            if t.assignee.is_some() && t.assignee != me {
                s.error = Some(c.tf(
                    "error.claimed_by",
                    &[("who", &clean(t.assignee.as_deref().unwrap_or("")))],
                ));
                return vec![];
            }
            return start(Write::Claim { steal: false });
        }
        Some(Binding::Release) => return start(Write::Release),
        Some(Binding::Steal) => {
            if !supervisor {
                s.error = Some(c.t("error.steal_supervisor").to_string());
                return vec![];
            }
            s.overlay = Some(Overlay::Confirm(Confirm::Steal(t.id)));
        }
        Some(Binding::SetStatus) => {
            let opts = settable_statuses(t.status);
            s.overlay = Some(picker(&c, PickFor::Status, "status", &opts));
        }
        Some(Binding::SetPriority) => {
            s.overlay = Some(picker(&c, PickFor::Priority, "priority", &PRIORITIES));
        }
        Some(Binding::SetCategory) => {
            s.overlay = Some(picker(&c, PickFor::Category, "category", &Category::ALL));
        }
        Some(Binding::Note) | Some(Binding::Reply) => {
            let visibility = if b == Some(Binding::Reply) {
                Visibility::Public
            } else {
                Visibility::Internal
            };
            d.editor = Some(Compose {
                visibility,
                text: TextArea::new(),
                key: IdempotencyKey::new(),
            });
        }
        _ => s.dirty = false,
    }
    vec![]
}

fn picker<T: serde::Serialize>(c: &Catalog, purpose: PickFor, group: &str, opts: &[T]) -> Overlay {
    Overlay::Picker(Picker {
        purpose,
        labels: opts.iter().map(|v| label(c, group, v)).collect(),
        values: opts.iter().map(wire_name).collect(),
        selected: 0,
    })
}

fn editor_key(s: &mut State, k: KeyChord) -> Vec<Effect> {
    let lang = s.lang;
    let Some(d) = s.detail.as_mut() else {
        return vec![];
    };
    let Some(e) = d.editor.as_mut() else {
        return vec![];
    };
    let c = Catalog::new(lang);
    if d.in_flight
        .as_ref()
        .is_some_and(|w| matches!(w.write, Write::Note(_)))
    {
        // The text being sent is the text shown: what lands is what the operator sees.
        s.error = Some(c.t("error.sending").to_string());
        return vec![];
    }
    if k == KeyChord::ctrl('s') || k == KeyChord::plain(Key::F(2)) {
        if e.text.is_blank() {
            s.error = Some(c.t("error.empty_note").to_string());
            return vec![];
        }
        if d.in_flight.is_some() {
            s.error = Some(c.t("error.busy").to_string());
            return vec![];
        }
        let write = PendingWrite {
            ticket: d.ticket.summary.id,
            write: Write::Note(NoteRequest {
                body: e.text.text(),
                visibility: e.visibility,
            }),
            // The same key as any earlier attempt of this note: a repeat is not a duplicate.
            key: e.key.clone(),
        };
        d.in_flight = Some(write.clone());
        return vec![Effect::Write {
            write,
            version: d.ticket.summary.version,
        }];
    }
    if k == KeyChord::ctrl('t') {
        let list = replies::for_category(lang, d.ticket.summary.category);
        s.overlay = Some(Overlay::Picker(Picker {
            purpose: PickFor::Reply,
            labels: list.iter().map(|r| r.title.clone()).collect(),
            values: list.iter().map(|r| r.body.clone()).collect(),
            selected: 0,
        }));
        return vec![];
    }
    if k.key == Key::Esc {
        // Closing the editor keeps nothing typed only when nothing was typed.
        if e.text.is_blank() {
            d.editor = None;
        } else {
            s.error = Some(c.t("error.discard_hint").to_string());
        }
        return vec![];
    }
    if k == KeyChord::ctrl('x') {
        let id = d.ticket.summary.id;
        d.editor = None;
        return super::drafts::forget(s, DraftId::Ticket(id))
            .into_iter()
            .collect();
    }
    e.text.handle(&k);
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
                if c == Confirm::Retry {
                    if let Some(d) = s.detail.as_mut() {
                        d.stale = None;
                    }
                    s.error = None;
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

fn confirmed(s: &mut State, c: Confirm) -> Vec<Effect> {
    let Some(d) = s.detail.as_mut() else {
        return vec![];
    };
    match c {
        Confirm::Steal(id) => {
            let write = PendingWrite {
                ticket: id,
                write: Write::Claim { steal: true },
                key: IdempotencyKey::new(),
            };
            d.in_flight = Some(write.clone());
            vec![Effect::Write {
                write,
                version: d.ticket.summary.version,
            }]
        }
        Confirm::Retry => {
            let Some(stale) = d.stale.take() else {
                return vec![];
            };
            s.error = None;
            // A stale write is a new attempt on the new version: a new key, since the
            // server already answered the old one definitively (412).
            let write = PendingWrite {
                key: IdempotencyKey::new(),
                ..stale.retry
            };
            d.in_flight = Some(write.clone());
            vec![Effect::Write {
                write,
                version: d.ticket.summary.version,
            }]
        }
    }
}

fn picked(s: &mut State, p: &Picker) -> Vec<Effect> {
    let Some(value) = p.values.get(p.selected).cloned() else {
        return vec![];
    };
    let as_json = serde_json::Value::String(value.clone());
    if p.purpose == PickFor::WrapUp {
        return wrap_up(s, value);
    }
    let Some(d) = s.detail.as_mut() else {
        return vec![];
    };
    let patch = match p.purpose {
        PickFor::Reply => {
            if let Some(e) = d.editor.as_mut() {
                e.text.insert_text(&value);
            }
            return vec![];
        }
        PickFor::Status => TicketPatch {
            status: serde_json::from_value::<Status>(as_json).ok(),
            ..TicketPatch::default()
        },
        PickFor::Priority => TicketPatch {
            priority: serde_json::from_value::<Priority>(as_json).ok(),
            ..TicketPatch::default()
        },
        PickFor::Category => TicketPatch {
            category: serde_json::from_value::<Category>(as_json).ok(),
            ..TicketPatch::default()
        },
        PickFor::WrapUp => return vec![],
    };
    let write = PendingWrite {
        ticket: d.ticket.summary.id,
        write: Write::Patch(patch),
        key: IdempotencyKey::new(),
    };
    d.in_flight = Some(write.clone());
    vec![Effect::Write {
        write,
        version: d.ticket.summary.version,
    }]
}

// ---------------------------------------------------------------- phone calls

fn start_call(s: &mut State) -> Vec<Effect> {
    let c = cat(s);
    if s.call.is_some() {
        s.error = Some(c.t("call.already").to_string());
        return vec![];
    }
    s.call = Some(CallState {
        started_at: s.now,
        number: Input::default(),
        editing_number: true,
        normalized: None,
        matches: Vec::new(),
        pending_lookup: None,
        ticket: s.detail.as_ref().map(|d| d.ticket.summary.id),
        phase: CallPhase::Active,
        summary: TextArea::new(),
        key: IdempotencyKey::new(),
        ticket_key: IdempotencyKey::new(),
    });
    vec![]
}

fn number_key(s: &mut State, k: KeyChord) -> Vec<Effect> {
    let c = cat(s);
    let Some(call) = s.call.as_mut() else {
        return vec![];
    };
    match k.key {
        Key::Enter => {
            let typed = call.number.value().trim().to_string();
            if typed.is_empty() {
                call.editing_number = false;
                return vec![];
            }
            match crate::domain::phone::normalize_mobile(&typed) {
                Ok(n) => {
                    call.normalized = Some(n.clone());
                    call.editing_number = false;
                    s.error = None;
                    let req = s.request_id();
                    if let Some(call) = s.call.as_mut() {
                        call.pending_lookup = Some(req);
                    }
                    return vec![Effect::LookupCaller { req, phone: n }];
                }
                Err(e) => {
                    let msg = if s.lang == crate::config::Language::ZhCn {
                        e.message_zh()
                    } else {
                        e.to_string()
                    };
                    s.error = Some(c.tf("call.bad_number", &[("why", &msg)]));
                }
            }
        }
        Key::Esc => call.editing_number = false,
        _ => {
            handle_input(&mut call.number, &k);
        }
    }
    vec![]
}

fn hang_up(s: &mut State) -> Vec<Effect> {
    let c = cat(s);
    let Some(call) = s.call.as_mut() else {
        s.error = Some(c.t("call.none").to_string());
        return vec![];
    };
    if call.phase == CallPhase::Active {
        call.phase = CallPhase::WrapUp {
            ended_at: s.now,
            code: None,
        };
        call.editing_number = false;
    }
    s.overlay = Some(Overlay::Picker(Picker {
        purpose: PickFor::WrapUp,
        labels: WRAP_UP_CODES
            .iter()
            .map(|code| c.t(&format!("wrapup.{code}")).to_string())
            .collect(),
        values: WRAP_UP_CODES.iter().map(|s| s.to_string()).collect(),
        selected: 0,
    }));
    vec![]
}

fn wrap_up(s: &mut State, code: String) -> Vec<Effect> {
    let c = cat(s);
    let Some(call) = s.call.as_mut() else {
        return vec![];
    };
    let CallPhase::WrapUp { ended_at, .. } = call.phase else {
        return vec![];
    };
    let duration_secs =
        u32::try_from((ended_at - call.started_at).num_seconds().max(0)).unwrap_or(u32::MAX);
    let number = call
        .normalized
        .as_deref()
        .map(crate::domain::mask::mask_phone)
        .unwrap_or_else(|| c.t("call.unknown_number").to_string());
    let summary = if call.summary.is_blank() {
        c.tf("call.default_summary", &[("number", &number)])
    } else {
        call.summary.text()
    };
    call.phase = CallPhase::Logging { duration_secs };
    let record = CallRecord {
        duration_secs,
        wrap_up: code,
        summary: summary.clone(),
    };
    let new_ticket = match call.ticket {
        Some(_) => None,
        None => Some((
            NewTicket {
                subject: c.tf("call.subject", &[("number", &number)]),
                body: summary,
                category: Category::Other,
                channel: Channel::Phone,
                account_id: (call.matches.len() == 1).then(|| call.matches[0].id),
                priority: None,
            },
            call.ticket_key.clone(),
        )),
    };
    vec![Effect::LogCall {
        ticket: call.ticket,
        new_ticket,
        call: PendingWrite {
            ticket: call.ticket.unwrap_or(0),
            write: Write::Call(record),
            key: call.key.clone(),
        },
    }]
}

fn call_logged(s: &mut State, r: Result<i64, ClientError>) -> Vec<Effect> {
    let c = cat(s);
    match r {
        Ok(id) => {
            s.call = None;
            s.notice = Some(c.tf("notice.call_logged_on", &[("id", &id.to_string())]));
            let mut fx = Vec::new();
            if s.detail.as_ref().is_some_and(|d| d.ticket.summary.id == id) {
                fx.extend(load_ticket(s, id));
            }
            let keep = s.queue.current().map(|t| t.id);
            fx.extend(load_queue(s, SelectOnLoad::Keep(keep)));
            fx
        }
        Err(e) => {
            // Back to wrap-up with the same keys: the next attempt cannot log it twice.
            if let Some(call) = s.call.as_mut() {
                if let CallPhase::Logging { duration_secs } = call.phase {
                    call.phase = CallPhase::WrapUp {
                        ended_at: call.started_at
                            + chrono::Duration::seconds(i64::from(duration_secs)),
                        code: None,
                    };
                }
            }
            fail(s, &e)
        }
    }
}
