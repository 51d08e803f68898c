//! Links between panes and the way back: following a link remembers where it left from,
//! and Esc where it led walks back. The trail lives in the root state, so panes never
//! know of each other: they ask for a link with `Cmd::Go`.

use super::keys::switch_pane;
use super::*;
use crate::tui::state::{Place, Step};

/// Longest trail kept (older steps are forgotten).
const MAX_STEPS: usize = 20;

/// Where the desk is now.
fn here(s: &State) -> Place {
    match s.pane {
        Pane::Queue => match &s.detail {
            Some(d) => Place::Ticket(Box::new(d.ticket.summary.clone())),
            None => Place::Queue,
        },
        Pane::Lookup => match &s.lookup.card {
            Some(d) => Place::Account(d.summary.id),
            None => Place::Lookup,
        },
        Pane::Reviews => match &s.reviews.open {
            Some(o) => Place::Review(Box::new(o.review.summary.clone())),
            None => Place::Reviews,
        },
        Pane::Team => Place::Team,
    }
}

/// Whether the desk is at `place` (an account whose card is still on its way counts).
fn at(s: &State, place: &Place) -> bool {
    match place {
        Place::Account(id) => {
            s.pane == Pane::Lookup && s.lookup.card.as_ref().is_none_or(|d| d.summary.id == *id)
        }
        _ => here(s).same(place),
    }
}

/// Follow a link to `to`, remembering the way back.
pub(super) fn follow(s: &mut State, to: Place) -> Vec<Effect> {
    let from = here(s);
    if from.same(&to) {
        return vec![];
    }
    let fx = arrive(s, &to);
    s.back.push(Step { from, to });
    if s.back.len() > MAX_STEPS {
        s.back.remove(0);
    }
    fx
}

/// Esc: back along the last link while the desk is still where it led. `None` when there
/// is no way back from here (the pane's own Esc applies); a trail left behind is dropped.
pub(super) fn back(s: &mut State) -> Option<Vec<Effect>> {
    let step = s.back.last()?;
    if !at(s, &step.to) {
        s.back.clear();
        return None;
    }
    let step = s.back.pop()?;
    Some(arrive(s, &step.from))
}

/// Show `place`.
fn arrive(s: &mut State, place: &Place) -> Vec<Effect> {
    match place {
        Place::Queue => {
            let fx = switch_pane(s, Pane::Queue);
            // A ticket with text being typed stays open (its draft is its own).
            if s.detail.as_ref().is_some_and(|d| d.editor.is_none()) {
                s.detail = None;
            }
            fx
        }
        Place::Ticket(row) => {
            let mut fx = switch_pane(s, Pane::Queue);
            if s.detail
                .as_ref()
                .is_some_and(|d| d.ticket.summary.id == row.id)
            {
                return fx;
            }
            let cx = &mut ctx!(s);
            let cmds = ticket::update::open(&mut s.detail, cx, (**row).clone());
            fx.extend(lift(s, cmds, ticket_effect));
            fx
        }
        Place::Lookup => switch_pane(s, Pane::Lookup),
        Place::Account(id) => {
            let mut fx = switch_pane(s, Pane::Lookup);
            let cx = &mut ctx!(s);
            let cmds = lookup::update::show_account(&mut s.lookup, cx, *id);
            fx.extend(lift(s, cmds, Effect::Lookup));
            fx
        }
        Place::Reviews => {
            let mut fx = switch_pane(s, Pane::Reviews);
            fx.extend(in_reviews(s, reviews::close));
            fx
        }
        Place::Team => switch_pane(s, Pane::Team),
        Place::Review(row) => {
            let mut fx = switch_pane(s, Pane::Reviews);
            let open = s.reviews.open.as_ref().map(|o| o.review.summary.id);
            if open == Some(row.id) {
                return fx;
            }
            fx.extend(in_reviews(s, reviews::close));
            fx.extend(in_reviews(s, |r, cx| reviews::open(r, cx, row)));
            fx
        }
    }
}
