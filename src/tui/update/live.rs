//! Live updates: marking what a change from the stream makes stale, and re-reading it
//! when nothing the operator is in the middle of would be disturbed.

use super::{in_reviews, lift};
use crate::api::LiveEvent;
use crate::config::{Binding, Scope};
use crate::tui::action::Effect;
use crate::tui::context::ctx;
use crate::tui::live::{LiveStatus, Stale};
use crate::tui::panes::lookup;
use crate::tui::panes::reviews::update as reviews;
use crate::tui::panes::team::audit_text::alert_name;
use crate::tui::panes::team::state::View;
use crate::tui::panes::team::update as team;
use crate::tui::state::{Pane, Screen, State};

fn mark(slot: &mut Option<u64>, at: u64) {
    *slot = Some(slot.map_or(at, |old| old.max(at)));
}

/// The stream came up or broke.
pub fn status(s: &mut State, st: LiveStatus) -> Vec<Effect> {
    s.dirty = s.live.status != Some(st);
    s.live.status = Some(st);
    vec![]
}

/// One change from the stream: mark what shows it.
pub fn event(s: &mut State, ev: &LiveEvent) -> Vec<Effect> {
    let alerts = team::live_event(&mut s.team, ev);
    if alerts {
        // Only supervisors receive them: the alert shows on the team tab until
        // acknowledged; a new one is said in the status line too, in red, so that it is
        // not missed.
        if ev.kind == "security.alert" {
            let key = if ev.action == "security.lookup_misses" {
                "live.security_alert"
            } else {
                "live.security_alert_other"
            };
            s.error = Some(super::cat(s).tf(
                key,
                &[
                    ("operator", &crate::sanitize::clean(&ev.operator)),
                    ("action", &alert_name(&super::cat(s), &ev.action)),
                ],
            ));
        }
        s.dirty = true;
        if s.is_supervisor() {
            return super::in_team(s, team::load_alerts);
        }
        return vec![];
    }
    assigned_to_me(s, ev);
    // Nothing changes on screen until the re-read arrives.
    s.dirty = false;
    escalated(s, ev);
    let own = s.operator.as_ref().is_some_and(|o| o.id == ev.operator);
    // The operator's own change: any read still to come (or in flight, started after the
    // write) shows it, so the write path's own reload is not doubled.
    let at = if own { 0 } else { s.next_request };
    if !own {
        taken_over(s, ev);
    }
    let st = &mut s.live.stale;
    match ev.kind.as_str() {
        "ticket" => {
            mark(&mut st.queue, at);
            if s.detail
                .as_ref()
                .is_some_and(|d| d.ticket.summary.id == ev.id)
            {
                mark(&mut st.ticket, at);
            }
            if s.lookup
                .card
                .as_ref()
                .is_some_and(|c| c.tickets.iter().any(|t| t.id == ev.id))
            {
                mark(&mut st.card, at);
            }
        }
        "review" => {
            mark(&mut st.reviews, at);
            if s.reviews
                .open
                .as_ref()
                .is_some_and(|o| o.review.summary.id == ev.id)
            {
                mark(&mut st.review, at);
            }
            if s.lookup
                .card
                .as_ref()
                .is_some_and(|c| c.reviews.iter().any(|r| r.id == ev.id))
            {
                mark(&mut st.card, at);
            }
        }
        "account"
            if s.lookup
                .card
                .as_ref()
                .is_some_and(|c| c.summary.id == ev.id) =>
        {
            mark(&mut st.card, at);
        }
        _ => {}
    }
    vec![]
}

/// A supervisor assigned this operator a ticket or a review: say so at once, with where
/// to find it (the queue's "mine" view, the reviews pane's "mine" key); the re-read the
/// event also asks for brings it into those lists.
fn assigned_to_me(s: &mut State, ev: &LiveEvent) {
    let me = s.operator.as_ref().map(|o| o.id.as_str());
    if !ev.action.ends_with(".assign") || ev.assignee.as_deref() != me || me.is_none() {
        return;
    }
    if me == Some(ev.operator.as_str()) {
        // A take-over: the supervisor's own desk already said it.
        return;
    }
    let key = match ev.kind.as_str() {
        "ticket" => "team.notice.ticket_assigned",
        "review" => "team.notice.review_assigned",
        _ => return,
    };
    let c = super::cat(s);
    let mine = s.keymap.keys_label_in(Scope::Reviews, Binding::ReviewMine);
    s.error = None;
    s.notice = Some(c.tf(
        key,
        &[
            ("who", &crate::sanitize::clean(&ev.operator)),
            ("id", &ev.id.to_string()),
            ("key", &mine),
        ],
    ));
}

/// An agent handed a ticket to the supervisors, or a reviewer escalated a review: a
/// supervisor's desk says so at once, whatever is on screen, and counts it on the team
/// pane's tab and the escalations tab until the escalations list has been on screen.
fn escalated(s: &mut State, ev: &LiveEvent) {
    if !s.is_supervisor() {
        return;
    }
    let key = match (ev.kind.as_str(), ev.action.as_str(), ev.decision.as_deref()) {
        ("ticket", "ticket.escalate", _) => "team.notice.ticket_escalated",
        ("review", "review.decide", Some("escalate")) => "team.notice.review_escalated",
        _ => return,
    };
    if s.operator.as_ref().is_some_and(|o| o.id == ev.operator) {
        // The supervisor's own escalation: nothing new to them.
        return;
    }
    // An operator's items are drawn on the board only: on Escalations the list shows.
    let shown = s.pane == Pane::Team && s.team.view == View::Escalations;
    if !shown {
        s.team.new_escalations = s.team.new_escalations.saturating_add(1);
    }
    let c = super::cat(s);
    s.error = None;
    s.notice = Some(c.tf(
        key,
        &[
            ("who", &crate::sanitize::clean(&ev.operator)),
            ("id", &ev.id.to_string()),
        ],
    ));
    s.dirty = true;
}

/// A claim this operator held was taken over: say so at once, and show the new holder on
/// the open ticket until its re-read arrives (no "Ticket claimed" left standing).
fn taken_over(s: &mut State, ev: &LiveEvent) {
    let me = s.operator.as_ref().map(|o| o.id.as_str());
    if !ev.action.ends_with(".steal") || ev.previous.is_none() || ev.previous.as_deref() != me {
        return;
    }
    let key = match ev.kind.as_str() {
        "ticket" => "notice.taken_over",
        "review" => "notice.review_taken_over",
        _ => return,
    };
    let c = crate::tui::locale::Catalog::new(s.lang);
    let who = crate::sanitize::clean(&ev.operator);
    s.error = None;
    s.notice = Some(c.tf(key, &[("who", &who), ("id", &ev.id.to_string())]));
    if ev.kind == "ticket" {
        if let Some(d) = s.detail.as_mut().filter(|d| d.ticket.summary.id == ev.id) {
            d.ticket.summary.assignee = Some(ev.operator.clone());
            d.ticket.summary.claim_expires_at = None;
        }
    }
    s.dirty = true;
}

/// Events were lost: re-read everything shown.
pub fn resync(s: &mut State) -> Vec<Effect> {
    s.dirty = false;
    mark_all(s);
    vec![]
}

/// The poll is due (before the queue's own refresh): while the stream is down, the open
/// ticket, review and card are re-read too, since no event will say they changed.
pub fn polled(s: &mut State) {
    if s.live.status == Some(LiveStatus::Down) {
        mark_all(s);
    }
}

fn mark_all(s: &mut State) {
    let at = s.next_request;
    let st = &mut s.live.stale;
    mark(&mut st.queue, at);
    if s.detail.is_some() {
        mark(&mut st.ticket, at);
    }
    if s.reviews.requested {
        mark(&mut st.reviews, at);
    }
    if s.reviews.open.is_some() {
        mark(&mut st.review, at);
    }
    if s.lookup.card.is_some() {
        mark(&mut st.card, at);
    }
}

/// Whether a read issued as `pending` covers a mark: `Some(true)` it does, `Some(false)`
/// an older read is in flight (wait for it), `None` nothing is in flight.
fn covered(pending: Option<u64>, at: u64) -> Option<bool> {
    pending.map(|r| r > at)
}

/// Issue the re-reads that are due; run after every action.
pub fn flush(s: &mut State) -> Vec<Effect> {
    let st = s.live.stale;
    if (st == Stale::default() && !s.team.stale) || s.screen != Screen::Desk {
        return vec![];
    }
    let mut fx = Vec::new();
    if let Some(at) = st.queue {
        match covered(s.queue.pending.id(), at) {
            Some(true) => s.live.stale.queue = None,
            Some(false) => {}
            // Only the queue on screen is reloaded (the rest on return); a write or a
            // call being logged reloads it by itself when it is answered.
            None if s.pane == Pane::Queue
                && s.detail.is_none()
                && s.queue.filter_bar.is_none()
                && !s.call.as_ref().is_some_and(|c| c.sending()) =>
            {
                s.live.stale.queue = None;
                fx.extend(super::reread_queue(s));
            }
            None => {}
        }
    }
    if let Some(at) = st.ticket {
        match s.detail.as_ref() {
            None => s.live.stale.ticket = None,
            Some(d) => match covered(d.pending_read.id(), at) {
                Some(true) => s.live.stale.ticket = None,
                Some(false) => {}
                // Not under a write in flight (its answer re-reads) or the stale-write
                // question (its version must stay the one the operator was shown). The
                // editor's text is not part of the ticket: a re-read keeps it.
                None if d.in_flight.is_none() && d.stale.is_none() => {
                    s.live.stale.ticket = None;
                    fx.extend(super::reread_ticket(s));
                }
                None => {}
            },
        }
    }
    if let Some(at) = st.reviews {
        if !s.reviews.requested {
            s.live.stale.reviews = None;
        } else if s.pane != Pane::Reviews {
            // Entering the pane loads the list again.
            s.reviews.requested = false;
            s.live.stale.reviews = None;
        } else {
            match covered(s.reviews.pending.id(), at) {
                Some(true) => s.live.stale.reviews = None,
                Some(false) => {}
                None => {
                    s.live.stale.reviews = None;
                    fx.extend(in_reviews(s, reviews::reload));
                }
            }
        }
    }
    if let Some(at) = st.review {
        match s.reviews.open.as_ref() {
            None => s.live.stale.review = None,
            Some(o) => match covered(o.pending_read.id(), at) {
                Some(true) => s.live.stale.review = None,
                Some(false) => {}
                // Not under the decision form (a changed review must reach the reviewer
                // through the stale-decision question) or a claim in flight.
                None if s.pane == Pane::Reviews
                    && o.form.is_none()
                    && o.claiming.is_none()
                    && o.stale.is_none() =>
                {
                    s.live.stale.review = None;
                    let id = o.review.summary.id;
                    fx.extend(in_reviews(s, |r, cx| reviews::load(r, cx, id)));
                }
                None => {}
            },
        }
    }
    if s.team.stale {
        let shown = s.pane == Pane::Team && s.is_supervisor();
        fx.extend(super::in_team(s, |t, cx| team::flush(t, cx, shown)));
    }
    if let Some(at) = st.card {
        let l = &s.lookup;
        match l.card.as_ref() {
            None => s.live.stale.card = None,
            Some(c) => match covered(l.pending_card.id(), at) {
                Some(true) => s.live.stale.card = None,
                Some(false) => {}
                // Not under a form or a write in flight (its answer re-reads the card).
                None if l.modal.is_none() && l.busy.is_none() && l.stale.is_none() => {
                    s.live.stale.card = None;
                    let id = c.summary.id;
                    let cx = &mut ctx!(s);
                    let cmds = lookup::update::load_card(&mut s.lookup, cx, id);
                    fx.extend(lift(s, cmds, Effect::Lookup));
                }
                None => {}
            },
        }
    }
    fx
}
