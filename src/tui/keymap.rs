//! The keys in force: the defaults by scope with the config's overrides applied, resolved
//! through the active stack of scopes, and the help generated from them (so help can never
//! drift from the real keys).

use crate::config::{Binding, KeyChord, Keybindings, SavedView};

pub use crate::config::{Scope, DEFAULTS};

/// Keys in force: one row per (scope, binding) of [`DEFAULTS`], plus saved views by key.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    rows: Vec<(Scope, Binding, Vec<KeyChord>)>,
    views: Vec<(KeyChord, usize)>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::new(&Keybindings::default(), &[])
    }
}

impl Keymap {
    /// Defaults with the configured overrides applied (see [`Keybindings::in_force`]).
    pub fn new(bindings: &Keybindings, views: &[SavedView]) -> Keymap {
        let views = views
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.key.map(|k| (k, i)))
            .collect();
        Keymap {
            rows: bindings.in_force(),
            views,
        }
    }

    /// What `chord` does under `stack` (innermost scope first: overlay → editor/modal →
    /// pane → global): the first scope that binds the key wins.
    pub fn resolve(&self, stack: &[Scope], chord: &KeyChord) -> Option<Binding> {
        stack.iter().find_map(|scope| {
            self.rows
                .iter()
                .find(|(s, _, keys)| s == scope && keys.contains(chord))
                .map(|(_, b, _)| *b)
        })
    }

    /// The keys of a binding in a scope (empty when the scope has no such row or the
    /// operator unbound it).
    pub fn keys(&self, scope: Scope, binding: Binding) -> &[KeyChord] {
        self.rows
            .iter()
            .find(|(s, b, _)| *s == scope && *b == binding)
            .map_or(&[], |(_, _, keys)| keys.as_slice())
    }

    /// The keys of a binding in a scope as shown to the operator (`j/↓`).
    pub fn keys_label_in(&self, scope: Scope, binding: Binding) -> String {
        label(self.keys(scope, binding))
    }

    /// The bindings of one scope that have keys, with their labels, in table order.
    pub fn help(&self, scope: Scope) -> Vec<(Binding, String)> {
        self.rows
            .iter()
            .filter(|(s, _, keys)| *s == scope && !keys.is_empty())
            .map(|(_, b, keys)| (*b, label(keys)))
            .collect()
    }

    /// The saved view (index into the config's views) a key applies.
    pub fn view(&self, key: &KeyChord) -> Option<usize> {
        self.views.iter().find(|(k, _)| k == key).map(|(_, i)| *i)
    }

    /// Keys of the saved views, with the view index.
    pub fn view_keys(&self) -> &[(KeyChord, usize)] {
        &self.views
    }

    /// Compatibility path until dispatch passes its stack to [`Keymap::resolve`]: the
    /// binding of a key through every scope in [`Scope::ALL`] order, which gives every key
    /// the meaning it had when one key had one binding.
    pub fn binding(&self, key: &KeyChord) -> Option<Binding> {
        self.resolve(&Scope::ALL, key)
    }

    /// Compatibility path (see [`Keymap::binding`]): the keys of a binding's first row.
    pub fn keys_label(&self, b: Binding) -> String {
        self.rows
            .iter()
            .find(|(_, x, _)| *x == b)
            .map(|(_, _, keys)| label(keys))
            .unwrap_or_default()
    }

    /// Compatibility path for the help overlay until it shows [`Keymap::help`] of the
    /// active scopes: the rows it showed before scopes, in its old grouping.
    pub fn help_rows(&self) -> Vec<(Binding, Scope, String)> {
        LEGACY_HELP
            .iter()
            .map(|(b, s)| (*b, *s, self.keys_label(*b)))
            .filter(|(_, _, keys)| !keys.is_empty())
            .collect()
    }
}

impl Scope {
    /// Compatibility name of [`Scope::Queue`] for the help overlay.
    #[allow(non_upper_case_globals)]
    pub const List: Scope = Scope::Queue;
}

/// The help overlay's rows before scopes (binding, group), for [`Keymap::help_rows`].
const LEGACY_HELP: &[(Binding, Scope)] = &[
    (Binding::PaneQueue, Scope::Global),
    (Binding::PaneLookup, Scope::Global),
    (Binding::PaneReviews, Scope::Global),
    (Binding::NextPane, Scope::Global),
    (Binding::PrevPane, Scope::Global),
    (Binding::Help, Scope::Global),
    (Binding::Quit, Scope::Global),
    (Binding::NewCall, Scope::Global),
    (Binding::HangUp, Scope::Global),
    (Binding::Up, Scope::Queue),
    (Binding::Down, Scope::Queue),
    (Binding::PageUp, Scope::Queue),
    (Binding::PageDown, Scope::Queue),
    (Binding::Open, Scope::Queue),
    (Binding::Back, Scope::Ticket),
    (Binding::Filter, Scope::Queue),
    (Binding::Refresh, Scope::Queue),
    (Binding::SortNext, Scope::Queue),
    (Binding::SortReverse, Scope::Queue),
    (Binding::Claim, Scope::Ticket),
    (Binding::Release, Scope::Ticket),
    (Binding::Steal, Scope::Ticket),
    (Binding::SetStatus, Scope::Ticket),
    (Binding::SetPriority, Scope::Ticket),
    (Binding::SetCategory, Scope::Ticket),
    (Binding::Note, Scope::Ticket),
    (Binding::Reply, Scope::Ticket),
    (Binding::Unlock, Scope::Lookup),
    (Binding::Freeze, Scope::Lookup),
    (Binding::Unfreeze, Scope::Lookup),
    (Binding::Reveal, Scope::Lookup),
    (Binding::ResendActivation, Scope::Lookup),
    (Binding::PhoneRebind, Scope::Lookup),
    (Binding::IdentityClaim, Scope::Lookup),
    (Binding::NewTicket, Scope::Lookup),
    (Binding::AttachCall, Scope::Lookup),
    (Binding::CopyAccountId, Scope::Lookup),
    (Binding::CopyTicketId, Scope::Lookup),
    (Binding::ReviewFilterKind, Scope::Queue),
    (Binding::ReviewFilterState, Scope::Queue),
    (Binding::ReviewFilterDocument, Scope::Queue),
    (Binding::ReviewTick, Scope::Ticket),
    (Binding::ReviewDecide, Scope::Ticket),
    (Binding::ReviewZoom, Scope::Ticket),
];

/// Keys as shown to the operator: `j/↓`.
fn label(keys: &[KeyChord]) -> String {
    keys.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("/")
}

/// The catalog key describing a binding (`help.quit`).
pub fn help_key(b: Binding) -> String {
    format!("help.{}", crate::tui::locale::wire_name(&b))
}
