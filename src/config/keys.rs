//! Key syntax of the config: one key with modifiers (`ctrl-s`, `shift-tab`, `J`), or a list.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

/// One key or several.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum KeyList {
    /// One key.
    One(KeyChord),
    /// Several keys.
    Many(Vec<KeyChord>),
}

impl KeyList {
    /// The keys, in order.
    pub fn keys(&self) -> Vec<KeyChord> {
        match self {
            KeyList::One(k) => vec![*k],
            KeyList::Many(v) => v.clone(),
        }
    }
}

impl<'de> Deserialize<'de> for KeyList {
    // Hand-written rather than `untagged`, so that a bad key keeps its own message.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = KeyList;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key such as \"q\" or a list such as [\"q\", \"ctrl-q\"]")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<KeyList, E> {
                KeyChord::parse(s).map(KeyList::One).map_err(E::custom)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<KeyList, A::Error> {
                let mut v = Vec::new();
                while let Some(k) = a.next_element::<KeyChord>()? {
                    v.push(k);
                }
                Ok(KeyList::Many(v))
            }
        }
        d.deserialize_any(V)
    }
}

/// A key with modifiers, independent of the terminal library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyChord {
    /// The key.
    pub key: Key,
    /// Ctrl held.
    pub ctrl: bool,
    /// Alt held.
    pub alt: bool,
}

/// Keys by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    /// A character (Shift is in the character itself: `J`).
    Char(char),
    /// Enter.
    Enter,
    /// Escape.
    Esc,
    /// Tab.
    Tab,
    /// Shift-Tab.
    BackTab,
    /// Arrow up.
    Up,
    /// Arrow down.
    Down,
    /// Arrow left.
    Left,
    /// Arrow right.
    Right,
    /// Page up.
    PageUp,
    /// Page down.
    PageDown,
    /// Home.
    Home,
    /// End.
    End,
    /// Backspace.
    Backspace,
    /// Delete.
    Delete,
    /// Function key.
    F(u8),
}

/// Allowed key syntax, for error messages.
const KEY_SYNTAX: &str =
    "a character (`q`, `?`, `J`), `space`, `enter`, `esc`, `tab`, `shift-tab`, \
`up`, `down`, `left`, `right`, `pageup`, `pagedown`, `home`, `end`, `backspace`, `delete`, \
`f1`–`f12`, optionally prefixed by `ctrl-` or `alt-`";

impl KeyChord {
    /// A plain key.
    pub const fn plain(key: Key) -> Self {
        KeyChord {
            key,
            ctrl: false,
            alt: false,
        }
    }

    /// A character key.
    pub const fn ch(c: char) -> Self {
        KeyChord::plain(Key::Char(c))
    }

    /// Ctrl and a character.
    pub const fn ctrl(c: char) -> Self {
        KeyChord {
            key: Key::Char(c),
            ctrl: true,
            alt: false,
        }
    }

    /// Parse `ctrl-c`, `shift-tab`, `q`, `f5`…
    pub fn parse(s: &str) -> Result<KeyChord, String> {
        let bad = || format!("`{s}` is not a key; allowed: {KEY_SYNTAX}");
        let mut rest = s;
        let (mut ctrl, mut alt, mut shift) = (false, false, false);
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.chars().count() > 1 && lower.starts_with("ctrl-") {
                ctrl = true;
                rest = &rest[5..];
            } else if rest.chars().count() > 1 && lower.starts_with("alt-") {
                alt = true;
                rest = &rest[4..];
            } else if rest.chars().count() > 1 && lower.starts_with("shift-") {
                shift = true;
                rest = &rest[6..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let key = match (chars.next(), chars.next()) {
            (Some(c), None) if !c.is_control() => {
                Key::Char(if shift { c.to_ascii_uppercase() } else { c })
            }
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" => Key::Enter,
                "esc" | "escape" => Key::Esc,
                "tab" if shift => Key::BackTab,
                "tab" => Key::Tab,
                "backtab" => Key::BackTab,
                "up" => Key::Up,
                "down" => Key::Down,
                "left" => Key::Left,
                "right" => Key::Right,
                "pageup" | "pgup" => Key::PageUp,
                "pagedown" | "pgdn" => Key::PageDown,
                "home" => Key::Home,
                "end" => Key::End,
                "backspace" => Key::Backspace,
                "delete" | "del" => Key::Delete,
                "space" => Key::Char(' '),
                f if f.starts_with('f') => match f[1..].parse::<u8>() {
                    Ok(n @ 1..=12) => Key::F(n),
                    _ => return Err(bad()),
                },
                _ => return Err(bad()),
            },
        };
        Ok(KeyChord { key, ctrl, alt })
    }
}

impl fmt::Display for KeyChord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        match self.key {
            Key::Char(' ') => f.write_str("Space"),
            Key::Char(c) => write!(f, "{c}"),
            Key::Enter => f.write_str("Enter"),
            Key::Esc => f.write_str("Esc"),
            Key::Tab => f.write_str("Tab"),
            Key::BackTab => f.write_str("Shift-Tab"),
            Key::Up => f.write_str("↑"),
            Key::Down => f.write_str("↓"),
            Key::Left => f.write_str("←"),
            Key::Right => f.write_str("→"),
            Key::PageUp => f.write_str("PgUp"),
            Key::PageDown => f.write_str("PgDn"),
            Key::Home => f.write_str("Home"),
            Key::End => f.write_str("End"),
            Key::Backspace => f.write_str("Backspace"),
            Key::Delete => f.write_str("Del"),
            Key::F(n) => write!(f, "F{n}"),
        }
    }
}

impl KeyChord {
    /// The key as the config writes it (`ctrl-s`, `shift-tab`, `space`); parses back.
    pub fn to_config(&self) -> String {
        let mut out = String::new();
        if self.ctrl {
            out.push_str("ctrl-");
        }
        if self.alt {
            out.push_str("alt-");
        }
        match self.key {
            Key::Char(' ') => out.push_str("space"),
            Key::Char(c) => out.push(c),
            Key::BackTab => out.push_str("shift-tab"),
            Key::F(n) => out.push_str(&format!("f{n}")),
            other => out.push_str(&format!("{other:?}").to_ascii_lowercase()),
        }
        out
    }
}

impl Serialize for KeyChord {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_config())
    }
}

impl<'de> Deserialize<'de> for KeyChord {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        KeyChord::parse(&s).map_err(serde::de::Error::custom)
    }
}
