//! `?` in the real `kefu` binary in a pseudo-terminal (tmux) on the embedded back office:
//! the help lists the active pane's keys and the global ones, and no other pane's. The
//! rows expected are made from the default key map and the English catalog, so the test
//! follows the keys and their texts wherever they change.

mod support;

use kefu::config::{Binding, Language, Scope};
use kefu::sanitize::pad;
use kefu::tui::keymap::{help_key, Keymap};
use kefu::tui::locale::Catalog;
use support::{launch_desk, start_desk, wait_exit, Tmux};

/// The help rows of a scope as drawn: keys padded to 12 cells, then what they do.
fn rows(scope: Scope) -> Vec<String> {
    let c = Catalog::new(Language::En);
    let rows: Vec<String> = Keymap::default()
        .help(scope)
        .into_iter()
        .map(|(b, keys)| format!("{}{}", pad(&keys, 12), c.ts(&help_key(b))))
        .collect();
    assert!(!rows.is_empty(), "{scope} has keys");
    rows
}

/// What a binding does, in English.
fn text(b: Binding) -> String {
    Catalog::new(Language::En).ts(&help_key(b))
}

/// The help box's top border with its title.
fn title() -> String {
    format!("┌ {} ", Catalog::new(Language::En).ts("help.title"))
}

/// Press `?` and return the inside of the help box (the pane shows on either side of it).
fn open_help(tmux: &Tmux) -> String {
    let title = title();
    tmux.keys(&["?"]);
    // The frame may be caught half drawn: wait for the box's own bottom border (the one
    // that says how to close it) under its title.
    let close = Catalog::new(Language::En).ts("hint.close");
    let bottom = |l: &str| l.contains('└') && l.contains(&close);
    let drawn = |s: &str| s.lines().skip_while(|l| !l.contains(&title)).any(bottom);
    let screen = tmux.wait_for("the whole help box", drawn);
    let lines: Vec<&str> = screen.lines().skip_while(|l| !l.contains(&title)).collect();
    let end = lines
        .iter()
        .position(|l| bottom(l))
        .expect("the help's bottom border");
    let inside: Vec<String> = lines[..=end]
        .iter()
        .map(|l| {
            let from = l.find(['│', '┌', '└']).unwrap_or(0);
            let to = l.rfind(['│', '┐', '┘']).unwrap_or(l.len());
            l.get(from..to).unwrap_or("").to_string()
        })
        .collect();
    assert!(inside.len() > 10, "a help box:\n{screen}");
    inside.join("\n")
}

/// Every row of `scopes` is in `help`, with its scope's name above it.
fn lists(help: &str, scopes: &[Scope]) {
    let c = Catalog::new(Language::En);
    for scope in scopes {
        let name = c.ts(&format!("help.scope_{scope}"));
        assert!(help.contains(&name), "{name} missing:\n{help}");
        for row in rows(*scope) {
            assert!(help.contains(&row), "{scope}: {row:?} missing:\n{help}");
        }
    }
}

/// `help` tells what each of `listed` does, and nothing of `absent` (other panes' keys).
fn shows(help: &str, listed: &[Binding], absent: &[Binding]) {
    for b in listed {
        assert!(help.contains(&text(*b)), "{b:?} missing:\n{help}");
    }
    // Absent as a row (key and text): a word of another row may contain the text
    // ("claim" in "assigned or claimed").
    for b in absent {
        let scope = b.scopes()[0];
        let keys = Keymap::default().keys_label_in(scope, *b);
        let row = format!("{}{}", pad(&keys, 12), text(*b));
        assert!(!help.contains(&row), "{b:?} listed:\n{help}");
    }
}

/// Close the help and quit; the desk exits 0.
fn close_and_quit(tmux: &Tmux) {
    tmux.keys(&["Escape"]);
    tmux.wait_for("the help closed", |s| !s.contains(&title()));
    tmux.keys(&["q"]);
    assert_eq!(wait_exit(tmux), "0");
}

#[test]
fn help_in_the_reviews_pane_lists_the_reviews_and_global_keys_only() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let tmux = launch_desk(
        h,
        &format!("kefu-help-rv-e2e-{}", std::process::id()),
        &["--as", "demo-reviewer"],
        (100, 30),
        None,
    );
    // A reviewer starts on the reviews pane.
    tmux.wait_for("the desk", |s| s.contains("Kind") && s.contains('▶'));
    tmux.keys(&["3"]);
    tmux.wait_for("the review queue", |s| {
        s.contains("Kind") && s.contains("Document") && s.contains('▶')
    });

    let help = open_help(&tmux);
    lists(&help, &[Scope::Reviews, Scope::Global]);
    shows(
        &help,
        &[
            Binding::ReviewFilterKind,
            Binding::ReviewFilterState,
            Binding::ReviewFilterDocument,
            Binding::ReviewMine,
        ],
        &[
            Binding::Unlock,
            Binding::Reveal,
            Binding::SortNext,
            Binding::Claim,
        ],
    );
    close_and_quit(&tmux);
}

#[test]
fn help_in_the_lookup_pane_lists_the_lookup_and_global_keys_only() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let tmux = start_desk(h, &format!("kefu-help-lk-e2e-{}", std::process::id()));
    tmux.wait_for("the queue", |s| s.contains("Subject") && s.contains('▶'));
    tmux.keys(&["2"]);
    tmux.wait_for("the lookup input", |s| s.contains("Look up ["));
    // The input has focus and takes `?` as text: leave it first.
    tmux.keys(&["Escape"]);
    tmux.wait_for("the input left", |s| s.contains(&text(Binding::Filter)));

    let help = open_help(&tmux);
    lists(&help, &[Scope::Lookup, Scope::Global]);
    shows(
        &help,
        &[Binding::Unlock, Binding::Reveal],
        &[
            Binding::ReviewFilterKind,
            Binding::ReviewFilterState,
            Binding::ReviewFilterDocument,
            Binding::SortNext,
        ],
    );
    close_and_quit(&tmux);
}
