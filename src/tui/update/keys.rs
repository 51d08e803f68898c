//! Keys and pastes: where each goes (sign-in form, overlay, a pane's input, the pane or
//! the desk), and the answers to the choices the desk offered.

use super::*;
use crate::api::ItemKind;

pub(super) fn paste(s: &mut State, text: &str) -> Vec<Effect> {
    // The call's number or wrap-up form first: when open they have the keys, so the paste.
    if s.call
        .as_mut()
        .is_some_and(|c| call::update::paste(c, text))
        || s.detail
            .as_mut()
            .is_some_and(|d| ticket::update::paste(d, text))
        || queue::update::paste(&mut s.queue, text)
        || (s.pane == Pane::Reviews && reviews::paste(&mut s.reviews, text))
        || team::paste(&mut s.team, text)
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

pub(super) fn on_key(s: &mut State, k: KeyChord) -> Vec<Effect> {
    if k == KeyChord::ctrl('c') {
        ctrl_c(s);
        return vec![];
    }
    if s.screen == Screen::SignIn {
        return sign_in_key(s, k);
    }
    // One resolution through the active stack; each handler below matches the binding and
    // types the unbound keys into its input.
    let binding = s.keymap.resolve(&scopes::stack(s), &k);
    if s.overlay.is_some() {
        return overlay_key(s, binding);
    }
    // The assignment and escalation forms stand over whatever pane is shown.
    if team::captures_keys(&s.team) {
        return in_team(s, |t, cx| team::form_key(t, cx, k, binding));
    }
    if s.queue.filter_bar.is_some() {
        let cx = &mut ctx!(s);
        let cmds = queue::update::filter_key(&mut s.queue, cx, k, binding);
        return lift(s, cmds, queue_effect);
    }
    if let Some(c) = s.call.as_mut().filter(|c| c.wrapping_up()) {
        let cx = &mut ctx!(s);
        let cmds = call::update::form_key(c, cx, k, binding);
        return lift(s, cmds, call_effect);
    }
    if let Some(c) = s.call.as_mut().filter(|c| c.editing_number) {
        let cx = &mut ctx!(s);
        let cmds = call::update::number_key(c, cx, k, binding);
        return lift(s, cmds, call_effect);
    }
    if let Some(d) = s.detail.as_mut().filter(|d| d.editor.is_some()) {
        let cx = &mut ctx!(s);
        let cmds = ticket::update::editor_key(d, cx, k, binding);
        return lift(s, cmds, ticket_effect);
    }
    if s.pane == Pane::Lookup && s.lookup.typing() {
        let call = s.call_link();
        let cx = &mut ctx!(s);
        if let Some(cmds) =
            lookup::update::on_text_key(&mut s.lookup, cx, call.as_ref(), k, binding)
        {
            return lift(s, cmds, Effect::Lookup);
        }
    }
    if s.pane == Pane::Reviews && reviews::captures_keys(&s.reviews) {
        return in_reviews(s, |r, cx| reviews::key(r, cx, k, binding));
    }
    match binding {
        Some(Binding::Quit) if s.call.is_some() => {
            // A call would be cut off: ask (yes keeps it for the next start).
            s.overlay = Some(Overlay::Confirm(Confirm::QuitDuringCall));
            return vec![];
        }
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
        // Only supervisors have a fourth pane; for the others `4` does nothing.
        Some(Binding::PaneTeam) if s.is_supervisor() => return switch_pane(s, Pane::Team),
        Some(Binding::PaneTeam) => {
            s.dirty = false;
            return vec![];
        }
        Some(Binding::NextPane) | Some(Binding::PrevPane) => {
            let panes = s.panes();
            let i = panes.iter().position(|p| *p == s.pane).unwrap_or(0);
            let n = panes.len();
            let j = if binding == Some(Binding::NextPane) {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            };
            return switch_pane(s, panes[j]);
        }
        Some(Binding::NewCall)
            if s.call.is_none()
                && s.drafts
                    .saved
                    .contains_key(&crate::tui::drafts::DraftId::Call) =>
        {
            // A kept call (cut off last time, left for later) is decided first: a new
            // call would be written over it.
            s.overlay = Some(Overlay::Confirm(Confirm::ResumeCall));
            return vec![];
        }
        Some(Binding::NewCall) => {
            let opened = s
                .detail
                .as_ref()
                .map(|d| call::target::ticket_ref(&d.ticket.summary));
            let cx = &mut ctx!(s);
            let cmds = call::update::start(&mut s.call, cx, opened);
            return lift(s, cmds, call_effect);
        }
        Some(Binding::CallTarget) => {
            let cx = &mut ctx!(s);
            let cmds = call::update::choose_target(s.call.as_ref(), cx);
            return lift(s, cmds, call_effect);
        }
        Some(Binding::HangUp) => {
            let cx = &mut ctx!(s);
            let cmds = call::update::hang_up(s.call.as_mut(), cx);
            return lift(s, cmds, call_effect);
        }
        _ => {}
    }
    if let Some(c) = s
        .call
        .as_mut()
        .filter(|_| binding == Some(Binding::EditNumber))
    {
        c.editing_number = true;
        return vec![];
    }
    if binding == Some(Binding::Back) {
        // Where a link led, Esc goes back the way it came.
        if let Some(fx) = super::back::back(s) {
            return fx;
        }
    }
    if s.pane == Pane::Lookup {
        let call = s.call_link();
        let cx = &mut ctx!(s);
        let cmds = lookup::update::on_key(&mut s.lookup, cx, call.as_ref(), binding);
        return lift(s, cmds, Effect::Lookup);
    }
    if s.pane == Pane::Reviews {
        if binding == Some(Binding::Assign) {
            if let Some(o) = s.reviews.open.as_ref() {
                let r = &o.review.summary;
                let (id, title) = (r.id, r.applicant.clone());
                return in_team(s, |t, cx| {
                    team::open_assign(t, cx, ItemKind::Review, id, title, "")
                });
            }
        }
        return in_reviews(s, |r, cx| reviews::key(r, cx, k, binding));
    }
    if s.pane == Pane::Team {
        return in_team(s, |t, cx| team::key(t, cx, k, binding));
    }
    if s.pane != Pane::Queue {
        s.dirty = binding.is_some();
        return vec![];
    }
    if let Some(d) = s.detail.as_ref() {
        // Handing the ticket on: the forms are the team pane's, open over the ticket.
        let (id, subject) = (d.ticket.summary.id, d.ticket.summary.subject.clone());
        match binding {
            Some(Binding::Escalate) => {
                team::open_escalate(&mut s.team, id, subject);
                return vec![];
            }
            Some(Binding::Assign) => {
                return in_team(s, |t, cx| {
                    team::open_assign(t, cx, ItemKind::Ticket, id, subject, "")
                });
            }
            _ => {}
        }
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

/// Ctrl-C quits whatever has focus (a terminal convention operators rely on); during a
/// call it asks first, as `q` does, over any form or list (a call would be cut off), and
/// a second Ctrl-C at that question quits (the call is kept for the next start).
pub(super) fn ctrl_c(s: &mut State) {
    let asked = matches!(s.overlay, Some(Overlay::Confirm(Confirm::QuitDuringCall)));
    if s.call.is_some() && !asked {
        s.overlay = Some(Overlay::Confirm(Confirm::QuitDuringCall));
    } else {
        s.quit = true;
    }
}

/// Show pane `p` (a pane key, or the pane the desk starts on).
pub(super) fn switch_pane(s: &mut State, p: Pane) -> Vec<Effect> {
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
    if p == Pane::Team {
        return in_team(s, team::entered);
    }
    vec![]
}

pub(super) fn sign_in_key(s: &mut State, k: KeyChord) -> Vec<Effect> {
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

pub(super) fn overlay_key(s: &mut State, b: Option<Binding>) -> Vec<Effect> {
    let Some(overlay) = s.overlay.take() else {
        return vec![];
    };
    match overlay {
        Overlay::Help(page) => {
            if matches!(
                b,
                Some(Binding::Cancel | Binding::Help | Binding::Back | Binding::Quit)
            ) {
                return vec![];
            }
            // More keys than fit at 80×24: ↓/PgDn and ↑/PgUp turn the page.
            let page = match b {
                Some(Binding::Down | Binding::PageDown) => page + 1,
                Some(Binding::Up | Binding::PageUp) => page.saturating_sub(1),
                _ => page,
            };
            s.overlay = Some(Overlay::Help(
                page.min(crate::tui::view::overlay::help_pages(s) - 1),
            ));
            vec![]
        }
        Overlay::Confirm(c) => match b {
            Some(Binding::Yes | Binding::Confirm) => confirmed(s, c),
            Some(Binding::No) if c == Confirm::ResumeCall => super::recovery::discard(s),
            // Later: the call stays kept and is offered again on the next start.
            Some(Binding::Cancel) if c == Confirm::ResumeCall => vec![],
            Some(Binding::No | Binding::Cancel) => {
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
        Overlay::Picker(mut p) => match b {
            Some(Binding::Cancel) => vec![],
            Some(Binding::Confirm) => picked(s, &p),
            Some(Binding::Down) => {
                p.selected = (p.selected + 1).min(p.values.len().saturating_sub(1));
                p.scroll = 0;
                s.overlay = Some(Overlay::Picker(p));
                vec![]
            }
            Some(Binding::Up) => {
                p.selected = p.selected.saturating_sub(1);
                p.scroll = 0;
                s.overlay = Some(Overlay::Picker(p));
                vec![]
            }
            // The preview of a long canned reply scrolls (the view keeps it in range).
            Some(Binding::PageDown) => {
                p.scroll += PREVIEW_STEP;
                s.overlay = Some(Overlay::Picker(p));
                vec![]
            }
            Some(Binding::PageUp) => {
                p.scroll = p.scroll.saturating_sub(PREVIEW_STEP);
                s.overlay = Some(Overlay::Picker(p));
                vec![]
            }
            _ => {
                s.overlay = Some(Overlay::Picker(p));
                vec![]
            }
        },
    }
}

/// Rows a page key scrolls a canned reply's preview.
const PREVIEW_STEP: usize = 5;

/// An answer to a choice the desk offered: handed to the pane that asked.
pub(super) fn confirmed(s: &mut State, c: Confirm) -> Vec<Effect> {
    match c {
        Confirm::QuitDuringCall => {
            // The call's draft is on disk (written as it changed): the next start offers it.
            s.quit = true;
            return vec![];
        }
        Confirm::ResumeCall => return super::recovery::resume(s),
        _ => {}
    }
    let cx = &mut ctx!(s);
    match s.detail.as_mut() {
        Some(d) => {
            let cmds = ticket::update::confirmed(d, cx, c);
            lift(s, cmds, ticket_effect)
        }
        None => vec![],
    }
}

pub(super) fn picked(s: &mut State, p: &Picker) -> Vec<Effect> {
    let Some(value) = p.values.get(p.selected).cloned() else {
        return vec![];
    };
    if p.purpose == PickFor::CallTarget {
        if let Some(call) = s.call.as_mut() {
            call::update::target_picked(call, &value);
        }
        return vec![];
    }
    let Some(d) = s.detail.as_mut() else {
        return vec![];
    };
    let cmds = ticket::update::picked(d, p.purpose, value);
    lift(s, cmds, ticket_effect)
}
