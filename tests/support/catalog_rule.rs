//! The rule of the catalog-coverage tests: a screen drawn with the pseudo-locale
//! (`kefu::tui::locale::pseudo`, every catalog value wrapped in `⟦…⟧`) is read back as
//! text, the marked runs are blanked out, and every word left that holds a letter must be
//! data the fixtures put on screen or a key name from the key map. How marks are read:
//! what fills a placeholder stands outside them (`Catalog::tf` closes the mark before it
//! and opens it again after); a mark cut by `…` ends there; one that runs past the end of
//! a line goes on to the next line. A key name counts only right before what it does.
#![allow(dead_code)]

use kefu::config::{KeyChord, Language, DEFAULTS};
use kefu::tui::action::Action;
use kefu::tui::fixtures;
use kefu::tui::locale::pseudo;
use kefu::tui::state::State;
use kefu::tui::theme::Theme;
use kefu::tui::update::update;
use kefu::tui::view::render;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// The sizes every state is drawn at.
pub const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// `s` resized to `w`×`h` as the desk would be, drawn on TestBackend, read back as rows.
pub fn draw(s: &State, w: u16, h: u16) -> Vec<String> {
    let mut s = s.clone();
    update(&mut s, Action::Resize(w, h));
    let theme = Theme::new(kefu::config::Theme::Default, false);
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| render(f, &s, &theme)).unwrap();
    crate::screen::rows(&t)
}

/// The whole check: with the pseudo-locale on, every state `states` names in each
/// language (at least `min_states` of them) is drawn at each of `SIZES` and read for strays
/// against `data` of that language; at least `min_screens` screens are read and no stray
/// is found.
pub fn assert_every_string_from_a_catalog(
    states: impl Fn(Language) -> Vec<(&'static str, State)>,
    data: impl Fn(Language) -> String,
    min_states: usize,
    min_screens: usize,
) {
    pseudo::set(true);
    let keys = key_names();
    let mut found = Vec::new();
    let mut screens = 0;
    for lang in [Language::ZhCn, Language::En] {
        let data = data(lang);
        let all = states(lang);
        assert!(all.len() >= min_states, "{}", all.len());
        screens += check_states(lang, &all, &data, &keys, &mut found);
    }
    pseudo::set(false);
    assert!(screens >= min_screens, "{screens} screens");
    assert!(
        found.is_empty(),
        "text shown that no catalog holds:\n{}",
        found.join("\n")
    );
}

/// Draws every named state of `lang` at each of `SIZES` with the pseudo-locale on (the
/// caller switches it), pushes onto `found` each stray word with the language, state,
/// size and row it is on, and returns how many screens were read.
pub fn check_states(
    lang: Language,
    states: &[(&str, State)],
    data: &str,
    keys: &[String],
    found: &mut Vec<String>,
) -> usize {
    let mut screens = 0;
    for (name, s) in states {
        for (w, h) in SIZES {
            let rows = draw(s, w, h);
            assert_eq!(rows.len(), usize::from(h));
            // The marks are there: the catalog in use is the pseudo one.
            assert!(
                rows.iter().any(|r| r.contains(pseudo::OPEN)),
                "{lang:?} {name} {w}x{h}: no catalog text at all?\n{}",
                rows.join("\n")
            );
            screens += 1;
            for (y, word) in strays(&rows, data, keys) {
                found.push(format!(
                    "{lang:?} {name} {w}x{h} row {y}: {word:?} in {:?}",
                    rows[y]
                ));
            }
        }
    }
    screens
}

/// Wire vocabulary (`open`, `account_locked`, `ticket.assign`, `ticket:102`) is not data
/// to show: it must reach the screen through a catalog label, so it is left out of the
/// data. A dotted or colon-joined identifier counts as wire vocabulary when its first
/// part is a plain wire word (`operator:demo-agent`, but not `https://…`).
pub fn wire_word(s: &str) -> bool {
    let plain = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    if plain(s) {
        return true;
    }
    match s.find(['.', ':']) {
        Some(i) => plain(&s[..i]) && !s[i..].starts_with("://") && !s.contains(' '),
        None => false,
    }
}

/// Every string value of `json` (not its keys) that is not wire vocabulary, as the desk
/// cleans it.
pub fn strings(json: &serde_json::Value, out: &mut Vec<String>) {
    match json {
        serde_json::Value::String(s) if wire_word(s) => {}
        serde_json::Value::String(s) => out.push(kefu::sanitize::clean(s)),
        serde_json::Value::Array(a) => a.iter().for_each(|v| strings(v, out)),
        serde_json::Value::Object(o) => o.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

/// The signed-in operators of the fixtures (agent and supervisor) in both languages.
pub fn operators() -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    for lang in [Language::ZhCn, Language::En] {
        for supervisor in [false, true] {
            let s = fixtures::state(lang, supervisor);
            out.push(serde_json::to_value(&s.operator).unwrap_or_default());
        }
    }
    out
}

/// Key names as the key map writes them ("Enter", "PgDn", "Ctrl-S", "F5").
pub fn key_names() -> Vec<String> {
    let mut out: Vec<String> = DEFAULTS
        .iter()
        .flat_map(|(_, _, keys)| keys.iter().map(KeyChord::to_string))
        .collect();
    // The saved views' keys from the default config.
    let s = fixtures::state(Language::En, false);
    out.extend(s.keymap.view_keys().iter().map(|(k, _)| k.to_string()));
    out.sort();
    out.dedup();
    out
}

/// The screen's rows with every marked (catalog) run blanked out.
pub fn unmarked(rows: &[String]) -> Vec<String> {
    let mut depth = 0usize;
    let mut out = Vec::new();
    for row in rows {
        let mut line = String::new();
        for ch in row.chars() {
            match ch {
                // The outer mark stays: a key name must stand right before one.
                pseudo::OPEN => {
                    line.push(if depth == 0 { pseudo::OPEN } else { ' ' });
                    depth += 1;
                }
                pseudo::CLOSE if depth == 0 => {
                    // Its start scrolled or wrapped out of sight: all before it was marked.
                    line = " ".repeat(line.chars().count() + 1);
                }
                pseudo::CLOSE => {
                    depth -= 1;
                    line.push(' ');
                }
                // A marked value cut short ends at its ellipsis.
                '…' if depth > 0 => {
                    depth = 0;
                    line.push(' ');
                }
                _ if depth > 0 => line.push(' '),
                c => line.push(c),
            }
        }
        out.push(line);
    }
    out
}

/// Words outside the marks that are neither fixture data nor key names. A word in Latin
/// letters must be a whole word of the data (or, cut by `…`, the start of one); other
/// scripts have no spaces between words, so any run of the data will do.
pub fn strays(rows: &[String], data: &str, keys: &[String]) -> Vec<(usize, String)> {
    let wordy = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let data_words: std::collections::HashSet<&str> = data
        .split(|c: char| !wordy(c))
        .filter(|w| !w.is_empty())
        .collect();
    let is_key = |w: &str| keys.iter().any(|k| k == w);
    let in_data = |w: &str, cut: bool| {
        if !w.is_ascii() {
            return data.contains(w);
        }
        let parts: Vec<&str> = w
            .split(|c: char| !wordy(c))
            .filter(|p| !p.is_empty())
            .collect();
        parts.iter().enumerate().all(|(i, p)| {
            data_words.contains(p)
                || (cut && i + 1 == parts.len() && data_words.iter().any(|d| d.starts_with(p)))
        })
    };
    let sep = |c: char| c.is_whitespace() || ('─'..='╿').contains(&c) || c == pseudo::OPEN;
    let mut out = Vec::new();
    for (y, line) in unmarked(rows).iter().enumerate() {
        // Words end at spaces, box lines and marks; brackets and punctuation around them go.
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            if sep(chars[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < chars.len() && !sep(chars[i]) {
                i += 1;
            }
            let raw: String = chars[start..i].iter().collect();
            // A ticked box is drawn, not said.
            if raw == "[x]" {
                continue;
            }
            // A key is shown before what it does ("s ⟦sort⟧", "Enter⟦ next⟧"): a key
            // name anywhere else ("(30 s)") is a literal that happens to spell one.
            // A box drawn over the line (the help) may hide what the key does.
            let labels = chars[i..]
                .iter()
                .find(|c| !c.is_whitespace())
                .is_some_and(|c| *c == pseudo::OPEN || ('─'..='╿').contains(c));
            let cut = raw.ends_with('…');
            let word = raw
                .trim_end_matches('…')
                .trim_matches(|c: char| !c.is_alphanumeric() && c != '*');
            if !word.chars().any(char::is_alphabetic) {
                continue;
            }
            // A selected tab or a hint in brackets opens with one: "[b ⟦Team⟧]",
            // "(Space ⟦ticks⟧)"; "(30 s) ⟦…" ends with one and is no key.
            let bare = raw.trim_start_matches(['[', '(']);
            let label = labels && bare.split('/').all(is_key);
            let known = label || in_data(word, cut) || word.split('/').all(|w| in_data(w, cut));
            if !known {
                out.push((y, word.to_string()));
            }
        }
    }
    out
}
