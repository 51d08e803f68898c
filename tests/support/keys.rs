//! Keys for the desk's pure `update`: a chord, a character, a special key, typed text.
//! Each returns the effects without the draft files a key writes (the tests that name
//! `Effect::Drafts`, and tests/tui_drafts_e2e.rs, cover those). Beside them, the panes'
//! actions as the desk's and one pane's effects among those returned.
#![allow(dead_code)]

use kefu::config::{Key, KeyChord};
use kefu::tui::action::{Action, Effect};
use kefu::tui::panes::reviews::msg::{ReviewsAction, ReviewsEffect};
use kefu::tui::panes::team::msg::{TeamAction, TeamEffect};
use kefu::tui::state::State;
use kefu::tui::update::update;

/// `fx` without the draft-file effects.
pub fn no_drafts(fx: Vec<Effect>) -> Vec<Effect> {
    fx.into_iter()
        .filter(|e| !matches!(e, Effect::Drafts(_)))
        .collect()
}

/// Effects of a key chord.
pub fn chord(s: &mut State, k: KeyChord) -> Vec<Effect> {
    no_drafts(update(s, Action::Key(k)))
}

/// Effects of a character key.
pub fn key(s: &mut State, c: char) -> Vec<Effect> {
    chord(s, KeyChord::ch(c))
}

/// Effects of a special key (Enter, Esc, arrows…).
pub fn special(s: &mut State, k: Key) -> Vec<Effect> {
    chord(s, KeyChord::plain(k))
}

/// Effects of Ctrl + a character.
pub fn ctrl(s: &mut State, c: char) -> Vec<Effect> {
    chord(s, KeyChord::ctrl(c))
}

/// Type `text`; returns the effects of every key, in order.
pub fn typed(s: &mut State, text: &str) -> Vec<Effect> {
    text.chars().flat_map(|c| key(s, c)).collect()
}

/// Type `text` into an editor, asserting no key has an effect.
pub fn type_quietly(s: &mut State, text: &str) {
    for c in text.chars() {
        let fx = key(s, c);
        assert!(fx.is_empty(), "typing {c:?} had effects: {fx:?}");
    }
}

/// A team action as the desk's action.
pub fn ta(a: TeamAction) -> Action {
    Action::Team(Box::new(a))
}

/// The team effects among `fx`, in order.
pub fn team(fx: &[Effect]) -> Vec<TeamEffect> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Team(t) => Some(t.clone()),
            _ => None,
        })
        .collect()
}

/// Effects of a reviews action.
pub fn act(s: &mut State, a: ReviewsAction) -> Vec<Effect> {
    no_drafts(update(s, Action::Reviews(Box::new(a))))
}

/// The reviews effects among `fx`, in order.
pub fn reviews(fx: &[Effect]) -> Vec<ReviewsEffect> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Reviews(r) => Some(r.clone()),
            _ => None,
        })
        .collect()
}
