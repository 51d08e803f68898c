//! Key bindings: the defaults of ARCHITECTURE.md, partial overrides from the config, and
//! the help text generated from them (so help can never drift from the real keys).

use std::collections::BTreeMap;

use crate::config::{Binding, Key, KeyChord, KeyList, SavedView};

/// Which bindings apply in which place (for the help overlay and the status line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Everywhere.
    Global,
    /// Lists (queue).
    List,
    /// An open ticket.
    Ticket,
    /// The account-lookup pane.
    Lookup,
}

/// Every binding with its scope and default keys.
pub const DEFAULTS: &[(Binding, Scope, &[KeyChord])] = &[
    (Binding::PaneQueue, Scope::Global, &[KeyChord::ch('1')]),
    (Binding::PaneLookup, Scope::Global, &[KeyChord::ch('2')]),
    (Binding::PaneReviews, Scope::Global, &[KeyChord::ch('3')]),
    (
        Binding::NextPane,
        Scope::Global,
        &[KeyChord::plain(Key::Tab)],
    ),
    (
        Binding::PrevPane,
        Scope::Global,
        &[KeyChord::plain(Key::BackTab)],
    ),
    (Binding::Help, Scope::Global, &[KeyChord::ch('?')]),
    (Binding::Quit, Scope::Global, &[KeyChord::ch('q')]),
    (Binding::NewCall, Scope::Global, &[KeyChord::ch('P')]),
    (Binding::HangUp, Scope::Global, &[KeyChord::ch('H')]),
    (
        Binding::Up,
        Scope::List,
        &[KeyChord::ch('k'), KeyChord::plain(Key::Up)],
    ),
    (
        Binding::Down,
        Scope::List,
        &[KeyChord::ch('j'), KeyChord::plain(Key::Down)],
    ),
    (
        Binding::PageUp,
        Scope::List,
        &[KeyChord::plain(Key::PageUp)],
    ),
    (
        Binding::PageDown,
        Scope::List,
        &[KeyChord::plain(Key::PageDown)],
    ),
    (Binding::Open, Scope::List, &[KeyChord::plain(Key::Enter)]),
    (Binding::Back, Scope::Ticket, &[KeyChord::plain(Key::Esc)]),
    (Binding::Filter, Scope::List, &[KeyChord::ch('/')]),
    (
        Binding::Refresh,
        Scope::List,
        &[KeyChord::ch('r'), KeyChord::plain(Key::F(5))],
    ),
    (Binding::SortNext, Scope::List, &[KeyChord::ch('s')]),
    (Binding::SortReverse, Scope::List, &[KeyChord::ch('S')]),
    (Binding::Claim, Scope::Ticket, &[KeyChord::ch('c')]),
    (Binding::Release, Scope::Ticket, &[KeyChord::ch('x')]),
    (Binding::Steal, Scope::Ticket, &[KeyChord::ch('C')]),
    (Binding::SetStatus, Scope::Ticket, &[KeyChord::ch('t')]),
    (Binding::SetPriority, Scope::Ticket, &[KeyChord::ch('p')]),
    (Binding::SetCategory, Scope::Ticket, &[KeyChord::ch('g')]),
    (Binding::Note, Scope::Ticket, &[KeyChord::ch('n')]),
    (Binding::Reply, Scope::Ticket, &[KeyChord::ch('a')]),
    (Binding::Unlock, Scope::Lookup, &[KeyChord::ch('U')]),
    (Binding::Freeze, Scope::Lookup, &[KeyChord::ch('f')]),
    (Binding::Unfreeze, Scope::Lookup, &[KeyChord::ch('F')]),
    (Binding::Reveal, Scope::Lookup, &[KeyChord::ch('v')]),
    (
        Binding::ResendActivation,
        Scope::Lookup,
        &[KeyChord::ch('e')],
    ),
    (Binding::PhoneRebind, Scope::Lookup, &[KeyChord::ch('b')]),
    (Binding::IdentityClaim, Scope::Lookup, &[KeyChord::ch('i')]),
    (Binding::NewTicket, Scope::Lookup, &[KeyChord::ch('T')]),
    (Binding::AttachCall, Scope::Lookup, &[KeyChord::ch('l')]),
    (Binding::CopyAccountId, Scope::Lookup, &[KeyChord::ch('y')]),
    (Binding::CopyTicketId, Scope::Lookup, &[KeyChord::ch('Y')]),
];

/// Keys in force: binding → keys, plus saved views by key.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    bindings: Vec<(Binding, Scope, Vec<KeyChord>)>,
    views: Vec<(KeyChord, usize)>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::new(&BTreeMap::new(), &[])
    }
}

impl Keymap {
    /// Defaults with `overrides` applied (an override replaces that binding's keys, and a
    /// key taken by an override is removed from any other binding so one key does one thing).
    pub fn new(overrides: &BTreeMap<Binding, KeyList>, views: &[SavedView]) -> Keymap {
        let taken: Vec<KeyChord> = overrides.values().flat_map(|l| l.keys()).collect();
        let bindings = DEFAULTS
            .iter()
            .map(|(b, scope, keys)| {
                let keys = match overrides.get(b) {
                    Some(list) => list.keys(),
                    None => keys
                        .iter()
                        .filter(|k| !taken.contains(k))
                        .copied()
                        .collect(),
                };
                (*b, *scope, keys)
            })
            .collect();
        let views = views
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.key.map(|k| (k, i)))
            .collect();
        Keymap { bindings, views }
    }

    /// The binding of a key, if any.
    pub fn binding(&self, key: &KeyChord) -> Option<Binding> {
        self.bindings
            .iter()
            .find(|(_, _, keys)| keys.contains(key))
            .map(|(b, _, _)| *b)
    }

    /// The saved view (index into the config's views) a key applies.
    pub fn view(&self, key: &KeyChord) -> Option<usize> {
        self.views.iter().find(|(k, _)| k == key).map(|(_, i)| *i)
    }

    /// Keys of a binding, as shown to the operator (`j/↓`).
    pub fn keys_label(&self, b: Binding) -> String {
        self.bindings
            .iter()
            .find(|(x, _, _)| *x == b)
            .map(|(_, _, keys)| {
                keys.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .unwrap_or_default()
    }

    /// Every binding with its scope and keys label, in help order.
    pub fn help_rows(&self) -> Vec<(Binding, Scope, String)> {
        self.bindings
            .iter()
            .filter(|(_, _, keys)| !keys.is_empty())
            .map(|(b, s, _)| (*b, *s, self.keys_label(*b)))
            .collect()
    }

    /// Keys of the saved views, with the view index.
    pub fn view_keys(&self) -> &[(KeyChord, usize)] {
        &self.views
    }
}

/// The catalog key describing a binding (`help.quit`).
pub fn help_key(b: Binding) -> String {
    format!("help.{}", crate::tui::locale::wire_name(&b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::default_views;

    #[test]
    fn defaults_follow_the_architecture_and_are_unambiguous() {
        let k = Keymap::new(&BTreeMap::new(), &default_views());
        assert_eq!(k.binding(&KeyChord::ch('q')), Some(Binding::Quit));
        assert_eq!(
            k.binding(&KeyChord::plain(Key::Tab)),
            Some(Binding::NextPane)
        );
        assert_eq!(k.binding(&KeyChord::plain(Key::Down)), Some(Binding::Down));
        assert_eq!(k.binding(&KeyChord::ch('/')), Some(Binding::Filter));
        let mut all: Vec<KeyChord> = DEFAULTS
            .iter()
            .flat_map(|(_, _, ks)| ks.iter().copied())
            .collect();
        all.extend(k.view_keys().iter().map(|(c, _)| *c));
        let n = all.len();
        all.sort_by_key(|c| format!("{c:?}"));
        all.dedup();
        assert_eq!(all.len(), n, "a default key is bound twice");
        // Keys tmux and terminals swallow are not defaults.
        for c in &all {
            assert!(!c.ctrl, "{c} is a ctrl default");
        }
    }

    #[test]
    fn override_replaces_only_that_binding_and_moves_the_key() {
        let mut o = BTreeMap::new();
        o.insert(Binding::Quit, KeyList::One(KeyChord::ctrl('q')));
        o.insert(Binding::Help, KeyList::One(KeyChord::ch('j')));
        let k = Keymap::new(&o, &[]);
        assert_eq!(k.binding(&KeyChord::ch('q')), None);
        assert_eq!(k.binding(&KeyChord::ctrl('q')), Some(Binding::Quit));
        assert_eq!(k.binding(&KeyChord::ch('j')), Some(Binding::Help));
        assert_eq!(k.keys_label(Binding::Down), "↓");
        assert_eq!(k.binding(&KeyChord::ch('k')), Some(Binding::Up));
    }

    #[test]
    fn help_is_generated_from_the_bindings_in_force() {
        let mut o = BTreeMap::new();
        o.insert(Binding::Quit, KeyList::One(KeyChord::plain(Key::F(10))));
        let k = Keymap::new(&o, &[]);
        let rows = k.help_rows();
        let quit = rows.iter().find(|(b, _, _)| *b == Binding::Quit).unwrap();
        assert_eq!(quit.2, "F10");
        assert_eq!(rows.len(), DEFAULTS.len());
    }
}
