//! The active stack of key scopes, innermost first: what a key means now, and which
//! scopes `?` lists. One place, so dispatch, help and footers never disagree.

use crate::config::Scope;
use crate::tui::panes::reviews::update::captures_keys;
use crate::tui::panes::team::update as team;
use crate::tui::state::{Pane, State};

/// The stack a key resolves through: overlay or form → `Modal`, note editor → `Editor`,
/// then the pane's scope, `Call`, `Global`.
pub fn stack(s: &State) -> Vec<Scope> {
    let mut v = Vec::with_capacity(4);
    if team::editing_note(&s.team) {
        // The escalation note is text: the editor's keys send, close and discard it.
        v.push(Scope::Editor);
        v.push(Scope::Modal);
    } else if modal(s) {
        v.push(Scope::Modal);
    } else if s.detail.as_ref().is_some_and(|d| d.editor.is_some())
        || s.call.as_ref().is_some_and(|c| c.typing_summary())
    {
        v.push(Scope::Editor);
    }
    v.push(pane(s));
    // Always below the pane, call or not: `H` without a call still says there is none.
    v.push(Scope::Call);
    v.push(Scope::Global);
    v
}

/// The scopes `?` lists: the active pane's (queue with the open ticket's, reviews with
/// the open review's), the call's while one runs, then the global keys.
pub fn help(s: &State) -> Vec<Scope> {
    let mut v = match s.pane {
        Pane::Queue if s.detail.is_some() => vec![Scope::Queue, Scope::Ticket],
        Pane::Queue => vec![Scope::Queue],
        Pane::Lookup => vec![Scope::Lookup],
        Pane::Reviews if s.reviews.open.is_some() => vec![Scope::Reviews, Scope::Review],
        Pane::Reviews => vec![Scope::Reviews],
        Pane::Team => vec![Scope::Team],
    };
    if s.call.is_some() {
        v.push(Scope::Call);
    }
    v.push(Scope::Global);
    v
}

/// The innermost pane scope in force.
fn pane(s: &State) -> Scope {
    match s.pane {
        Pane::Queue if s.detail.is_some() => Scope::Ticket,
        Pane::Queue => Scope::Queue,
        Pane::Lookup => Scope::Lookup,
        Pane::Reviews if s.reviews.open.is_some() => Scope::Review,
        Pane::Reviews => Scope::Reviews,
        Pane::Team => Scope::Team,
    }
}

/// An overlay, a pane's form, the filter bar or the caller's number has the keys.
fn modal(s: &State) -> bool {
    s.overlay.is_some()
        || s.queue.filter_bar.is_some()
        || s.call
            .as_ref()
            .is_some_and(|c| c.editing_number || (c.wrapping_up() && !c.typing_summary()))
        || (s.pane == Pane::Lookup && s.lookup.modal.is_some())
        || (s.pane == Pane::Reviews && captures_keys(&s.reviews))
        || team::captures_keys(&s.team)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;
    use crate::tui::fixtures;
    use crate::tui::state::Overlay;

    #[test]
    fn the_stack_follows_the_pane_and_what_is_open_over_it() {
        let mut s = fixtures::state(Language::En, false);
        let queue = [Scope::Queue, Scope::Call, Scope::Global];
        assert_eq!(stack(&s), queue);
        assert_eq!(help(&s), [Scope::Queue, Scope::Global]);
        s.overlay = Some(Overlay::Help(0));
        assert_eq!(
            stack(&s),
            [Scope::Modal, Scope::Queue, Scope::Call, Scope::Global]
        );
        s.overlay = None;
        s.pane = Pane::Lookup;
        assert_eq!(stack(&s), [Scope::Lookup, Scope::Call, Scope::Global]);
        assert_eq!(help(&s), [Scope::Lookup, Scope::Global]);
        s.pane = Pane::Reviews;
        assert_eq!(stack(&s), [Scope::Reviews, Scope::Call, Scope::Global]);
        assert_eq!(help(&s), [Scope::Reviews, Scope::Global]);
    }
}
