//! The keys in force: the defaults by scope with the config's overrides applied, resolved
//! through the active stack of scopes, and the help generated from them (so help can never
//! drift from the real keys).

use crate::config::{Binding, Key, KeyChord, Keybindings, SavedView};
use crate::tui::locale::Catalog;

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

    /// The keys of a binding in the first scope of `stack` that gives it keys (a footer
    /// lists bindings of the pane's scope and of the global one).
    pub fn keys_label_for(&self, stack: &[Scope], binding: Binding) -> String {
        label(self.keys_through(stack, binding))
    }

    /// The keys of a binding in the first scope of `stack` that gives it keys.
    fn keys_through(&self, stack: &[Scope], binding: Binding) -> &[KeyChord] {
        stack
            .iter()
            .map(|scope| self.keys(*scope, binding))
            .find(|keys| !keys.is_empty())
            .unwrap_or_default()
    }

    /// A catalog text whose `{name}` placeholders stand for keys, each filled with the keys
    /// in force of its bindings in its scope (so no text spells out a key the operator
    /// rebound); `extra` fills the other placeholders.
    pub fn text_with_keys(
        &self,
        c: &Catalog,
        key: &str,
        keys: &[KeyText],
        extra: &[(&str, &str)],
    ) -> String {
        let labels: Vec<(&str, String)> = keys
            .iter()
            .map(|(name, scope, bindings)| {
                let chords: Vec<KeyChord> = bindings
                    .iter()
                    .flat_map(|b| self.keys(*scope, *b))
                    .copied()
                    .collect();
                (*name, label(&chords))
            })
            .collect();
        let mut args: Vec<(&str, &str)> = labels.iter().map(|(n, l)| (*n, l.as_str())).collect();
        args.extend_from_slice(extra);
        c.tf(key, &args)
    }

    /// A hint line from the key map: `Ctrl-S/F2 send · Esc close when empty`. Each item
    /// is bindings (keys found through `stack`) and the catalog key of what they do; an
    /// item whose keys were all unbound is left out. In a text field (`text`) printable
    /// keys are text, so they are not offered.
    pub fn hint_line(&self, c: &Catalog, stack: &[Scope], items: &[Hint], text: bool) -> String {
        self.hint_items(c, stack, items, text).join(" · ")
    }

    /// The items of [`Keymap::hint_line`] apart (`Ctrl-S/F2 send`, `Esc close…`), for a
    /// line that keeps each key with its words when it must leave some out or wrap.
    pub fn hint_items(
        &self,
        c: &Catalog,
        stack: &[Scope],
        items: &[Hint],
        text: bool,
    ) -> Vec<String> {
        items
            .iter()
            .filter_map(|(bindings, what)| {
                let keys: Vec<KeyChord> = bindings
                    .iter()
                    .flat_map(|b| self.keys_through(stack, *b))
                    .copied()
                    .filter(|k| !(text && printable(k)))
                    .collect();
                (!keys.is_empty()).then(|| format!("{} {}", label(&keys), c.t(what)))
            })
            .collect()
    }
}

/// One item of a hint line: the bindings, and the catalog key of what they do.
pub type Hint<'a> = (&'a [Binding], &'a str);

/// A key placeholder of a catalog text: its name, and the bindings (in a scope) it names.
pub type KeyText<'a> = (&'a str, Scope, &'a [Binding]);

/// The hint of a list to pick one item from (pickers and the lookup's menus).
pub const PICK_HINT: &[Hint<'static>] = &[
    (&[Binding::Up, Binding::Down], "hint.move"),
    (&[Binding::Confirm], "hint.choose"),
    (&[Binding::Cancel], "hint.cancel"),
];

/// The hint of a yes-or-no question.
pub const YES_NO_HINT: &[Hint<'static>] =
    &[(&[Binding::Yes], "hint.yes"), (&[Binding::No], "hint.no")];

/// A character typed without Ctrl or Alt.
fn printable(k: &KeyChord) -> bool {
    matches!(k.key, Key::Char(_)) && !k.ctrl && !k.alt
}

/// What a key means in a text field: a printable character is text, whatever it is bound
/// to in the scopes around (so `j`, `y` or a space can be typed into a form).
pub fn in_text(b: Option<Binding>, k: &KeyChord) -> Option<Binding> {
    if printable(k) {
        None
    } else {
        b
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{default_views, Key, Language};

    fn keys_of(k: &Keymap, scope: Scope) -> Vec<KeyChord> {
        let mut v: Vec<KeyChord> = k
            .rows
            .iter()
            .filter(|(s, _, _)| *s == scope)
            .flat_map(|(_, _, keys)| keys.iter().copied())
            .collect();
        if scope == Scope::Queue {
            v.extend(k.view_keys().iter().map(|(c, _)| *c));
        }
        v
    }

    #[test]
    fn defaults_are_unambiguous_in_each_scope_and_avoid_tmux_keys() {
        let k = Keymap::new(&Keybindings::default(), &default_views());
        for scope in Scope::ALL {
            let all = keys_of(&k, scope);
            let mut dedup = all.clone();
            dedup.sort_by_key(|c| format!("{c:?}"));
            dedup.dedup();
            assert_eq!(dedup.len(), all.len(), "a default key twice in {scope}");
            for c in &all {
                let swallowed = matches!(c.key, Key::Char('a' | 'b' | '/' | 'h'..='l'));
                assert!(
                    !(c.ctrl && swallowed),
                    "{c} is a tmux key, default in {scope}"
                );
            }
        }
    }

    #[test]
    fn pane_scopes_do_not_shadow_the_global_defaults() {
        let k = Keymap::default();
        let global = keys_of(&k, Scope::Global);
        assert_eq!(global.len(), 9);
        for scope in Scope::ALL.into_iter().filter(|s| s.is_pane()) {
            for c in keys_of(&k, scope) {
                assert!(!global.contains(&c), "{scope} shadows the global key {c}");
            }
        }
    }

    #[test]
    fn a_key_resolves_through_the_stack_innermost_first() {
        let k = Keymap::default();
        let y = KeyChord::ch('y');
        assert_eq!(
            k.resolve(&[Scope::Lookup, Scope::Global], &y),
            Some(Binding::CopyAccountId)
        );
        assert_eq!(
            k.resolve(&[Scope::Modal, Scope::Lookup, Scope::Global], &y),
            Some(Binding::Yes)
        );
        let esc = KeyChord::plain(Key::Esc);
        assert_eq!(
            k.resolve(&[Scope::Reviews, Scope::Global], &esc),
            Some(Binding::ClearFilters)
        );
        assert_eq!(
            k.resolve(&[Scope::Editor, Scope::Ticket, Scope::Global], &esc),
            Some(Binding::Close)
        );
        // Global keys work under any pane; a key no scope of the stack binds does nothing.
        assert_eq!(
            k.resolve(&[Scope::Review, Scope::Global], &KeyChord::ch('q')),
            Some(Binding::Quit)
        );
        assert_eq!(k.resolve(&[Scope::Queue, Scope::Global], &y), None);
    }

    #[test]
    fn an_override_replaces_its_keys_and_moves_the_key_within_its_scope_only() {
        let mut kb = Keybindings::default();
        kb.set(Scope::Global, Binding::Quit, vec![KeyChord::ctrl('q')])
            .unwrap();
        kb.set(Scope::Ticket, Binding::Reply, vec![KeyChord::ch('n')])
            .unwrap();
        let k = Keymap::new(&kb, &[]);
        let ticket = [Scope::Ticket, Scope::Global];
        assert_eq!(k.resolve(&ticket, &KeyChord::ch('q')), None);
        assert_eq!(
            k.resolve(&ticket, &KeyChord::ctrl('q')),
            Some(Binding::Quit)
        );
        assert_eq!(k.resolve(&ticket, &KeyChord::ch('n')), Some(Binding::Reply));
        assert!(k.keys(Scope::Ticket, Binding::Note).is_empty());
        // `n` in the modal scope still answers no.
        assert_eq!(k.keys_label_in(Scope::Modal, Binding::No), "n/N");
        // A binding a scope does not have cannot be set there.
        assert!(kb
            .set(Scope::Queue, Binding::Unlock, vec![KeyChord::ch('u')])
            .is_err());
    }

    /// The README's key tables: one per scope, from [`DEFAULTS`] and the English help.
    fn readme_tables() -> String {
        let c = Catalog::new(Language::En);
        let mut out = String::new();
        for scope in Scope::ALL {
            out.push_str(&format!(
                "**{}** (`[keybindings.{scope}]`)\n\n| key | name | does |\n| --- | --- | --- |\n",
                c.t(&format!("help.scope_{scope}"))
            ));
            for (_, b, keys) in scope.rows() {
                let keys: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
                out.push_str(&format!(
                    "| {} | `{}` | {} |\n",
                    keys.join(" "),
                    b.name(),
                    c.ts(&help_key(*b))
                ));
            }
            out.push('\n');
        }
        out
    }

    #[test]
    fn the_readme_key_tables_are_the_defaults() {
        let want = readme_tables();
        let readme = include_str!("../../README.md");
        assert!(readme.contains(&want), "README.md should hold:\n{want}");
    }

    #[test]
    fn every_binding_has_help_text_in_both_languages() {
        for lang in [Language::En, Language::ZhCn] {
            let c = Catalog::new(lang);
            for scope in Scope::ALL {
                let key = format!("help.scope_{scope}");
                assert_ne!(c.t(&key), key, "{lang:?}");
            }
            for (_, b, _) in DEFAULTS {
                let key = help_key(*b);
                assert_ne!(c.t(&key), key, "{lang:?}");
            }
        }
    }

    #[test]
    fn help_is_generated_from_the_keys_in_force() {
        let mut kb = Keybindings::default();
        kb.set(
            Scope::Lookup,
            Binding::Unlock,
            vec![KeyChord::plain(Key::F(10))],
        )
        .unwrap();
        kb.set(Scope::Lookup, Binding::Reveal, vec![]).unwrap();
        let k = Keymap::new(&kb, &[]);
        let help = k.help(Scope::Lookup);
        let unlock: Vec<&String> = help
            .iter()
            .filter(|(b, _)| *b == Binding::Unlock)
            .map(|(_, l)| l)
            .collect();
        assert_eq!(unlock, vec!["F10"]);
        assert!(help.iter().all(|(b, _)| *b != Binding::Reveal));
        assert_eq!(help.len(), Scope::Lookup.rows().count() - 1);
        assert_eq!(help[0], (Binding::Filter, "/".to_string()));
    }

    #[test]
    fn a_printable_key_in_a_text_field_is_text() {
        let k = Keymap::default();
        let modal = [Scope::Modal, Scope::Lookup, Scope::Global];
        let y = KeyChord::ch('y');
        assert_eq!(in_text(k.resolve(&modal, &y), &y), None);
        let esc = KeyChord::plain(Key::Esc);
        assert_eq!(
            in_text(k.resolve(&modal, &esc), &esc),
            Some(Binding::Cancel)
        );
        let ctrl_x = KeyChord::ctrl('x');
        assert_eq!(
            in_text(k.resolve(&modal, &ctrl_x), &ctrl_x),
            Some(Binding::Discard)
        );
    }

    #[test]
    fn messages_name_the_keys_in_force_not_the_defaults() {
        let c = Catalog::new(Language::En);
        let mut kb = Keybindings::default();
        kb.set(Scope::Editor, Binding::Send, vec![KeyChord::ctrl('g')])
            .unwrap();
        let k = Keymap::new(&kb, &[]);
        let keys: &[KeyText] = &[
            ("send", Scope::Editor, &[Binding::Send]),
            ("discard", Scope::Editor, &[Binding::Discard]),
        ];
        let text = k.text_with_keys(&c, "error.discard_hint", keys, &[]);
        assert_eq!(
            text,
            "The text is kept. Ctrl-g sends it; Ctrl-x discards it."
        );
        // Every catalog text that names keys is filled: no placeholder is left.
        for key in [
            "error.discard_hint",
            "error.note_key_reused",
            "reviews.form.discard_hint",
            "reviews.form.choose_decision",
            "reviews.form.choose_reason",
            "lookup.input_hint",
            "lookup.ask_again",
            "lookup.found_many",
            "queue.filter_help",
        ] {
            for lang in [Language::En, Language::ZhCn] {
                let c = Catalog::new(lang);
                let names = [
                    "send",
                    "discard",
                    "next",
                    "move",
                    "confirm",
                    "cancel",
                    "search",
                    "leave",
                    "next_pane",
                    "yes",
                    "no",
                    "choose",
                    "open",
                    "apply",
                ];
                let all: Vec<KeyText> = names
                    .iter()
                    .map(|n| (*n, Scope::Modal, &[Binding::Confirm][..]))
                    .collect();
                let text = k.text_with_keys(&c, key, &all, &[("n", "2")]);
                assert!(!text.contains('{') && text != key, "{lang:?} {key}: {text}");
            }
        }
    }

    #[test]
    fn hint_lines_follow_the_keys_in_force() {
        let c = Catalog::new(Language::En);
        let mut kb = Keybindings::default();
        kb.set(Scope::Editor, Binding::Send, vec![KeyChord::ctrl('g')])
            .unwrap();
        kb.set(Scope::Editor, Binding::CannedReply, vec![]).unwrap();
        let k = Keymap::new(&kb, &[]);
        let items: &[Hint] = &[
            (&[Binding::Send], "hint.send"),
            (&[Binding::CannedReply], "hint.canned_reply"),
            (&[Binding::Close], "hint.close_empty"),
        ];
        assert_eq!(
            k.hint_line(&c, &[Scope::Editor], items, true),
            "Ctrl-g send · Esc close, text kept"
        );
        // In a text field the printable keys of a binding are left out.
        let pick: &[Hint] = &[(&[Binding::Up, Binding::Down], "hint.pick")];
        assert_eq!(k.hint_line(&c, &[Scope::Modal], pick, true), "↑/↓ pick");
        assert_eq!(
            k.hint_line(&c, &[Scope::Modal], pick, false),
            "k/↑/j/↓ pick"
        );
        // A footer finds a binding in the pane's scope, else in the global one.
        let stack = [Scope::Reviews, Scope::Global];
        assert_eq!(k.keys_label_for(&stack, Binding::Help), "?");
        assert_eq!(k.keys_label_for(&stack, Binding::ReviewFilterKind), "K");
        assert_eq!(k.keys_label_for(&stack, Binding::Unlock), "");
    }
}
