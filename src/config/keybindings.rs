//! `[keybindings]`: overrides by scope as read from the file, and the check that refuses an
//! unknown scope, an unknown name, or one key bound twice in one scope, with the line.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer, StrDeserializer};
use serde::{Deserialize, Deserializer};
use thiserror::Error;
use toml::Spanned;

use super::bindings::{Binding, Scope, DEFAULTS};
use super::keys::{KeyChord, KeyList};
use super::SavedView;

/// The scopes whose names the flat `[keybindings]` table takes (as before scopes existed).
const FLAT: [Scope; 2] = [Scope::Global, Scope::Queue];

/// Why `[keybindings]` cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KeybindingError {
    /// `[keybindings.x]` where x is not a scope.
    #[error("`{name}` is not a scope; scopes: {}", scope_names())]
    UnknownScope {
        /// The name as written.
        name: String,
    },
    /// A binding name its table does not have.
    #[error("`{name}` is not a binding of [{table}]; valid names: {valid}{hint}")]
    UnknownName {
        /// `keybindings` or `keybindings.<scope>`.
        table: String,
        /// The name as written.
        name: String,
        /// The names the table takes.
        valid: String,
        /// Where the name does belong, if anywhere.
        hint: String,
    },
    /// `scope = "key"` instead of a `[keybindings.scope]` table.
    #[error(
        "`{scope}` is a scope: write its bindings under [keybindings.{scope}] as name = \"key\""
    )]
    NotATable {
        /// The scope.
        scope: Scope,
    },
    /// One key for two things in one scope.
    #[error(
        "`{key}` is bound twice in scope `{scope}`: {first} and {second}; \
         a key does one thing in a scope, so give one of them another key"
    )]
    Clash {
        /// The scope.
        scope: Scope,
        /// The key.
        key: KeyChord,
        /// The first binding, with its line (or "default").
        first: String,
        /// The second binding, with its line.
        second: String,
    },
    /// The same binding set in the flat table and in its scope's table.
    #[error("`{name}` is set twice (lines {first} and {second}); keep one")]
    Twice {
        /// `scope.name`.
        name: String,
        /// Line of the first.
        first: usize,
        /// Line of the second.
        second: usize,
    },
}

fn scope_names() -> String {
    Scope::ALL.map(Scope::name).join(", ")
}

/// A [`KeybindingError`] and where in the file it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeybindingAt {
    /// Byte offset in the file.
    pub offset: usize,
    /// Dotted key, e.g. `keybindings.lookup.unlock`.
    pub key: String,
    /// What is wrong.
    pub error: KeybindingError,
}

/// One configured binding: its keys replace that binding's defaults in its scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// The scope.
    pub scope: Scope,
    /// The binding.
    pub binding: Binding,
    /// The keys.
    pub keys: Vec<KeyChord>,
    /// Where the value is in the file (none when set in code).
    span: Option<Range<usize>>,
}

/// The `[keybindings]` table as read. Names that are not bindings are kept rather than
/// refused while parsing, so that [`Keybindings::check`] can name their line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keybindings {
    overrides: Vec<Override>,
    unknown: Vec<KeybindingAt>,
}

impl Keybindings {
    /// Whether nothing is configured.
    pub fn is_empty(&self) -> bool {
        self.overrides.is_empty() && self.unknown.is_empty()
    }

    /// The overrides, in file order.
    pub fn overrides(&self) -> &[Override] {
        &self.overrides
    }

    /// Set a binding's keys in a scope (as `[keybindings.<scope>]` would).
    pub fn set(
        &mut self,
        scope: Scope,
        binding: Binding,
        keys: Vec<KeyChord>,
    ) -> Result<(), KeybindingError> {
        if scope.binding(binding.name()) != Some(binding) {
            return Err(unknown_name(Some(scope), binding.name()));
        }
        self.overrides
            .retain(|o| (o.scope, o.binding) != (scope, binding));
        self.overrides.push(Override {
            scope,
            binding,
            keys,
            span: None,
        });
        Ok(())
    }

    /// The keys in force for every row of [`DEFAULTS`], in table order: an override
    /// replaces its row's keys, and a key it takes leaves the other defaults of its scope.
    pub fn in_force(&self) -> Vec<(Scope, Binding, Vec<KeyChord>)> {
        DEFAULTS
            .iter()
            .map(|(scope, binding, defaults)| {
                let keys = match self.get(*scope, *binding) {
                    Some(o) => o.keys.clone(),
                    None => defaults
                        .iter()
                        .filter(|k| !self.taken(*scope).any(|t| t == *k))
                        .copied()
                        .collect(),
                };
                (*scope, *binding, keys)
            })
            .collect()
    }

    fn get(&self, scope: Scope, binding: Binding) -> Option<&Override> {
        self.overrides
            .iter()
            .find(|o| o.scope == scope && o.binding == binding)
    }

    fn taken(&self, scope: Scope) -> impl Iterator<Item = &KeyChord> {
        self.overrides
            .iter()
            .filter(move |o| o.scope == scope)
            .flat_map(|o| o.keys.iter())
    }

    /// Refuse unknown scopes and names, a binding set twice, and a key bound twice in one
    /// scope (saved views share the queue scope). `text` is the file, for line numbers.
    pub fn check(&self, text: &str, views: &[SavedView]) -> Result<(), Box<KeybindingAt>> {
        if let Some(u) = self.unknown.first() {
            return Err(Box::new(u.clone()));
        }
        let line =
            |span: &Option<Range<usize>>| span.as_ref().map(|s| super::position(text, s.start).0);
        for (i, o) in self.overrides.iter().enumerate() {
            let twice = self.overrides[..i]
                .iter()
                .find(|p| (p.scope, p.binding) == (o.scope, o.binding));
            if let Some(p) = twice {
                return Err(Box::new(KeybindingAt {
                    offset: o.span.as_ref().map_or(0, |s| s.start),
                    key: dotted(o),
                    error: KeybindingError::Twice {
                        name: format!("{}.{}", o.scope, o.binding.name()),
                        first: line(&p.span).unwrap_or(0),
                        second: line(&o.span).unwrap_or(0),
                    },
                }));
            }
        }
        let view_spans = view_key_spans(text);
        for scope in Scope::ALL {
            let mut claims: Vec<Claim> = self
                .in_force()
                .into_iter()
                .filter(|(s, _, _)| *s == scope)
                .map(|(_, b, keys)| {
                    let o = self.get(scope, b);
                    Claim {
                        who: format!("`{scope}.{}`", b.name()),
                        span: o.and_then(|o| o.span.clone()),
                        configured: o.is_some(),
                        key: o.map(dotted).unwrap_or_default(),
                        keys,
                    }
                })
                .collect();
            if scope == Scope::Queue {
                claims.extend(views.iter().enumerate().filter_map(|(i, v)| {
                    let key = v.key?;
                    let span = view_spans.get(i).cloned().flatten();
                    Some(Claim {
                        who: format!("saved view `{}`", v.name),
                        // A view not in the file is one of the default views.
                        configured: span.is_some(),
                        span,
                        key: "views.key".into(),
                        keys: vec![key],
                    })
                }));
            }
            if let Some(clash) = first_clash(scope, &claims, &line) {
                return Err(Box::new(clash));
            }
        }
        Ok(())
    }

    fn add(&mut self, table: Option<Scope>, name: &str, keys: KeyList, span: Range<usize>) {
        let scope = match table {
            Some(s) => s.binding(name).map(|b| (s, b)),
            None => FLAT.iter().find_map(|s| s.binding(name).map(|b| (*s, b))),
        };
        match scope {
            Some((scope, binding)) => {
                let mut keys = keys.keys();
                keys.dedup();
                self.overrides.push(Override {
                    scope,
                    binding,
                    keys,
                    span: Some(span),
                });
            }
            None => self.unknown.push(KeybindingAt {
                offset: span.start,
                key: match table {
                    Some(s) => format!("keybindings.{s}.{name}"),
                    None => format!("keybindings.{name}"),
                },
                error: unknown_name(table, name),
            }),
        }
    }
}

/// One binding (or saved view) holding keys in a scope, for the clash check.
struct Claim {
    who: String,
    span: Option<Range<usize>>,
    configured: bool,
    key: String,
    keys: Vec<KeyChord>,
}

/// The first key two claims of one scope share, reported at the later configured one.
fn first_clash(
    scope: Scope,
    claims: &[Claim],
    line: &dyn Fn(&Option<Range<usize>>) -> Option<usize>,
) -> Option<KeybindingAt> {
    let label = |c: &Claim| match line(&c.span) {
        Some(n) => format!("{} (line {n})", c.who),
        None if c.configured => c.who.clone(),
        None => format!("{} (default)", c.who),
    };
    let start = |c: &Claim| c.span.as_ref().map_or(0, |s| s.start);
    let mut found: Vec<(&Claim, &Claim, KeyChord)> = Vec::new();
    for (i, a) in claims.iter().enumerate() {
        for b in &claims[i + 1..] {
            if let Some(k) = a.keys.iter().find(|k| b.keys.contains(k)) {
                // File order: the one written first is "first".
                let (x, y) = if start(a) <= start(b) { (a, b) } else { (b, a) };
                found.push((x, y, *k));
            }
        }
    }
    found.sort_by_key(|(_, y, _)| start(y));
    found.first().map(|(x, y, k)| {
        let at = if y.configured { y } else { x };
        KeybindingAt {
            offset: start(at),
            key: at.key.clone(),
            error: KeybindingError::Clash {
                scope,
                key: *k,
                first: label(x),
                second: label(y),
            },
        }
    })
}

fn dotted(o: &Override) -> String {
    format!("keybindings.{}.{}", o.scope, o.binding.name())
}

fn unknown_name(table: Option<Scope>, name: &str) -> KeybindingError {
    let scopes: Vec<Scope> = DEFAULTS
        .iter()
        .filter(|(_, b, _)| b.name() == name)
        .map(|(s, _, _)| *s)
        .collect();
    let hint = match scopes.first() {
        Some(s) => format!(
            "; `{name}` is a binding of {}: put it under [keybindings.{s}]",
            scopes
                .iter()
                .map(|s| s.name())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None if table.is_none() => {
            "; the other scopes' keys go under [keybindings.<scope>]".to_string()
        }
        None => String::new(),
    };
    let (table, valid) = match table {
        Some(s) => (format!("keybindings.{s}"), s.names()),
        None => ("keybindings".to_string(), FLAT.map(Scope::names).join(", ")),
    };
    KeybindingError::UnknownName {
        table,
        name: name.to_string(),
        valid,
        hint,
    }
}

/// Where each `[[views]]` key is in the file, by view index (the views themselves are
/// parsed with the rest of the config; this only finds their lines).
fn view_key_spans(text: &str) -> Vec<Option<Range<usize>>> {
    #[derive(Deserialize)]
    struct File {
        #[serde(default)]
        views: Vec<View>,
    }
    #[derive(Deserialize)]
    struct View {
        #[serde(default)]
        key: Option<Spanned<KeyChord>>,
    }
    toml::from_str::<File>(text)
        .map(|f| {
            f.views
                .into_iter()
                .map(|v| v.key.map(|k| k.span()))
                .collect()
        })
        .unwrap_or_default()
}

/// A value of `[keybindings]`: keys (flat table) or a scope's table.
enum Entry {
    Keys(KeyList),
    Table(BTreeMap<String, Spanned<KeyList>>),
}

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Entry;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a key such as \"q\", a list such as [\"q\", \"ctrl-q\"], \
                     or a [keybindings.<scope>] table",
                )
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Entry, E> {
                KeyList::deserialize(StrDeserializer::new(s)).map(Entry::Keys)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, a: A) -> Result<Entry, A::Error> {
                KeyList::deserialize(SeqAccessDeserializer::new(a)).map(Entry::Keys)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, a: A) -> Result<Entry, A::Error> {
                BTreeMap::deserialize(MapAccessDeserializer::new(a)).map(Entry::Table)
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Keybindings {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let table = BTreeMap::<String, Spanned<Entry>>::deserialize(d)?;
        let mut kb = Keybindings::default();
        for (name, entry) in table {
            let span = entry.span();
            let at = |error| KeybindingAt {
                offset: span.start,
                key: format!("keybindings.{name}"),
                error,
            };
            match (Scope::parse(&name), entry.into_inner()) {
                (Some(scope), Entry::Table(t)) => {
                    for (n, keys) in t {
                        let span = keys.span();
                        kb.add(Some(scope), &n, keys.into_inner(), span);
                    }
                }
                (Some(scope), Entry::Keys(_)) => {
                    kb.unknown.push(at(KeybindingError::NotATable { scope }))
                }
                (None, Entry::Table(_)) => kb
                    .unknown
                    .push(at(KeybindingError::UnknownScope { name: name.clone() })),
                (None, Entry::Keys(keys)) => kb.add(None, &name, keys, span),
            }
        }
        // The map came sorted by name; file order makes "first" and "second" read right.
        kb.overrides
            .sort_by_key(|o| o.span.as_ref().map_or(0, |s| s.start));
        kb.unknown.sort_by_key(|u| u.offset);
        Ok(kb)
    }
}
