//! Every string the desk shows comes from a catalog: a pseudo-locale test.
//!
//! How it works: `kefu::tui::locale::pseudo::set(true)` makes every catalog value of this
//! thread come wrapped in `⟦…⟧` (both languages; the desk never switches it on). The
//! states below are built through `update` with that catalog, as a desk would reach them
//! (queue, filter bar, saved view, open ticket with its history, editor, offline error,
//! help overlay, call bar, lookup intro, results, every account card, its modals, the
//! reviews list, an open review and its confirmation, the status line's notices and
//! errors), and drawn on ratatui's TestBackend at 80×24 and 120×40. Each screen is read
//! back as text: what lies between the marks came from a catalog (what fills a
//! placeholder stands outside them: `Catalog::tf` closes the mark before it and opens it
//! again after, so an argument is checked like any other text); a mark cut by `…` ends
//! there; one that runs past the end of a line (wrapped text) goes on to the next line.
//! Every word left outside the marks that holds a letter (Latin, CJK…) must be data the
//! fixtures put on screen (names, subjects, logins, notes, schools, the advice topics'
//! text), or a key name from the key map. A new literal in a view ("claimed", "view:",
//! "5m") is such a word, and the test names it with the screen and row it is on.

use kefu::api::ReviewState;
use kefu::api::{Page, TicketEvent, TicketEventKind};
use kefu::config::{Key, KeyChord, Language, DEFAULTS};
use kefu::tui::action::{Action, Effect};
use kefu::tui::fixtures;
use kefu::tui::fixtures::accounts as acc;
use kefu::tui::fixtures::reviews as rf;
use kefu::tui::locale::pseudo;
use kefu::tui::panes::lookup::msg::Answer;
use kefu::tui::panes::reviews::msg::{ReviewsAction, ReviewsEffect};
use kefu::tui::state::State;
use kefu::tui::theme::Theme;
use kefu::tui::update::update;
use kefu::tui::view::render;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

#[path = "support/keys.rs"]
mod keys;
#[path = "support/lookup.rs"]
mod lookup;
use lookup::{found, req_of};
#[path = "support/screen.rs"]
mod screen;
use keys::{key, special, typed};

// ---------------------------------------------------------------- the states

fn queue(lang: Language) -> State {
    fixtures::queue_loaded(lang)
}

/// The history as the back office writes it: changes, claims and reviews.
fn machine_events() -> Vec<TicketEvent> {
    [
        (
            TicketEventKind::Change,
            "status: new → open; priority: normal → high",
        ),
        (TicketEventKind::Change, "category: other → account_locked"),
        (TicketEventKind::Change, "account: 1001"),
        (TicketEventKind::Claim, "claimed"),
        (TicketEventKind::Claim, "taken from demo-agent"),
        (TicketEventKind::Review, "review 7 opened (real_name)"),
        (
            TicketEventKind::Review,
            "review 7: approved (documents_match) by demo-reviewer",
        ),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, (kind, body))| TicketEvent {
        id: 900 + i as i64,
        kind,
        author: "demo-agent".into(),
        body: body.into(),
        at: fixtures::now(),
    })
    .collect()
}

fn ticket(lang: Language) -> State {
    let mut s = queue(lang);
    let fx = special(&mut s, Key::Enter);
    let req = match fx.as_slice() {
        [Effect::LoadTicket { req, .. }] => *req,
        other => panic!("{other:?}"),
    };
    let mut d = fixtures::detail();
    d.events.extend(machine_events());
    update(&mut s, Action::TicketLoaded { req, result: Ok(d) });
    s
}

/// The ticket open and a note sent when the back office stopped answering: the status
/// line's error.
fn offline(lang: Language) -> State {
    let mut s = ticket(lang);
    key(&mut s, 'n');
    typed(&mut s, "来电人要求改手机号");
    let fx = keys::ctrl(&mut s, 's');
    let write = fx
        .iter()
        .find_map(|e| match e {
            Effect::Write { write, .. } => Some(write.clone()),
            _ => None,
        })
        .expect("the note is sent");
    let gone = kefu::client::ClientError::Unreachable {
        url: "https://kefu.example.cn".into(),
        detail: "connection refused".into(),
    };
    update(
        &mut s,
        Action::Written {
            write,
            result: Err(gone),
        },
    );
    s
}

fn card(lang: Language, query: &str, d: kefu::api::AccountDetail) -> State {
    let mut s = fixtures::state(lang, false);
    key(&mut s, '2');
    let fx = typed(&mut s, query);
    let fx = if fx.is_empty() {
        special(&mut s, Key::Enter)
    } else {
        fx
    };
    let req = req_of(&fx);
    let creq = req_of(&found(&mut s, req, vec![d.summary.clone()]));
    update(
        &mut s,
        Action::Lookup(Answer::Card {
            req: creq,
            result: Ok(Box::new(d)),
        }),
    );
    special(&mut s, Key::Esc);
    s
}

fn results(lang: Language) -> State {
    let mut s = fixtures::state(lang, false);
    key(&mut s, '2');
    let req = req_of(&typed(&mut s, "11010519491231002X"));
    found(&mut s, req, acc::conflict_pair());
    special(&mut s, Key::Esc);
    s
}

fn ra(a: ReviewsAction) -> Action {
    Action::Reviews(Box::new(a))
}

fn reviews(lang: Language) -> State {
    let mut s = fixtures::state(lang, false);
    s.operator = Some(kefu::api::OperatorInfo {
        id: "demo-reviewer".into(),
        name: "审核员小陈".into(),
        roles: vec![kefu::api::Role::Reviewer],
    });
    let fx = key(&mut s, '3');
    let mut reqs = fx.iter().filter_map(|e| match e {
        Effect::Reviews(ReviewsEffect::List { req, .. })
        | Effect::Reviews(ReviewsEffect::Count { req, .. }) => Some(*req),
        _ => None,
    });
    let (req, creq) = (reqs.next().unwrap(), reqs.next().unwrap());
    update(
        &mut s,
        ra(ReviewsAction::Listed {
            req,
            result: Ok(Page {
                items: rf::rows(),
                next_cursor: None,
                total: 3,
            }),
        }),
    );
    let counts = vec![
        (ReviewState::Pending, 148),
        (ReviewState::Claimed, 1),
        (ReviewState::AwaitingSecondApproval, 1),
        (ReviewState::Escalated, 0),
        (ReviewState::Approved, 12),
        (ReviewState::RejectedRetry, 3),
        (ReviewState::RejectedFinal, 1),
    ];
    update(
        &mut s,
        ra(ReviewsAction::Counted {
            req: creq,
            result: Ok(counts),
        }),
    );
    s
}

fn review(lang: Language) -> State {
    let mut s = reviews(lang);
    let fx = special(&mut s, Key::Enter);
    let req = fx
        .iter()
        .find_map(|e| match e {
            Effect::Reviews(ReviewsEffect::Load { req, .. }) => Some(*req),
            _ => None,
        })
        .expect("the review is read");
    let mut d = rf::detail();
    d.summary.state = ReviewState::Claimed;
    d.summary.claimed_by = Some("demo-reviewer".into());
    d.summary.claim_expires_at = Some(fixtures::now() + chrono::Duration::minutes(14));
    update(&mut s, ra(ReviewsAction::Loaded { req, result: Ok(d) }));
    key(&mut s, ' ');
    rf::with_halfblock_images(&mut s);
    s
}

/// Every state the test draws, by name.
fn states(lang: Language) -> Vec<(&'static str, State)> {
    let mut out = vec![("queue", queue(lang))];
    let mut s = queue(lang);
    key(&mut s, '/');
    out.push(("queue filter bar", s));
    let mut s = queue(lang);
    key(&mut s, 'm');
    out.push(("queue saved view", s));
    let mut s = queue(lang);
    key(&mut s, '?');
    out.push(("queue help", s));
    out.push(("ticket", ticket(lang)));
    let mut s = ticket(lang);
    special(&mut s, Key::PageDown);
    out.push(("ticket scrolled", s));
    let mut s = ticket(lang);
    key(&mut s, 'n');
    typed(&mut s, "来电人要求改手机号");
    out.push(("ticket editor", s));
    let mut s = ticket(lang);
    key(&mut s, 't');
    out.push(("ticket status picker", s));
    let mut s = ticket(lang);
    key(&mut s, '?');
    special(&mut s, Key::PageDown);
    out.push(("ticket help page 2", s));
    out.push(("ticket offline", offline(lang)));
    let mut s = ticket(lang);
    key(&mut s, 'P');
    out.push(("call bar typing", s));
    let mut s = ticket(lang);
    key(&mut s, 'P');
    typed(&mut s, "13800138000");
    special(&mut s, Key::Enter);
    out.push(("call bar", s));
    let mut s = fixtures::state(lang, false);
    key(&mut s, '2');
    out.push(("lookup intro", s));
    let mut s = fixtures::state(lang, false);
    key(&mut s, '2');
    typed(&mut s, "110105194912310021");
    out.push(("lookup wrong id", s));
    out.push(("lookup results", results(lang)));
    for (name, query, d) in [
        ("lookup active", "13900139000", acc::active()),
        ("lookup locked", "+86 138 0013 8000", acc::locked()),
        ("lookup frozen", "13700137000", acc::frozen()),
        ("lookup unactivated", "13600136000", acc::unactivated()),
        ("lookup conflict card", "18600186000", acc::conflict_card()),
        ("lookup pending sync", "13500135000", acc::pending_sync()),
        ("lookup pre-2001", "13400134000", acc::pre_2001()),
        ("lookup rare name", "13300133000", acc::rare_name()),
    ] {
        out.push((name, card(lang, query, d)));
    }
    for (name, k) in [
        ("lookup unlock form", 'U'),
        ("lookup reveal menu", 'v'),
        ("lookup rebind form", 'b'),
        ("lookup new ticket form", 'T'),
        ("lookup help", '?'),
    ] {
        let mut s = card(lang, "+86 138 0013 8000", acc::locked());
        key(&mut s, k);
        out.push((name, s));
    }
    let mut s = card(lang, "+86 138 0013 8000", acc::locked());
    key(&mut s, 'b');
    typed(&mut s, "2381234");
    out.push(("lookup rebind form, a wrong number", s));
    let mut s = card(lang, "+86 138 0013 8000", acc::locked());
    key(&mut s, 'y');
    out.push(("lookup card, id copied", s));
    let mut s = card(lang, "18600186000", acc::conflict_card());
    key(&mut s, 'i');
    out.push(("lookup identity claim form", s));
    let mut s = card(lang, "+86 138 0013 8000", acc::locked());
    key(&mut s, 'P');
    typed(&mut s, "13800138000");
    special(&mut s, Key::Enter);
    out.push(("lookup card during a call", s));
    out.push(("reviews list", reviews(lang)));
    out.push(("review", review(lang)));
    let mut s = review(lang);
    key(&mut s, 'd');
    out.push(("review decision", s));
    out
}

// ---------------------------------------------------------------- the rule

/// Text the fixtures may put on screen: every string in the fixtures' data (as the desk
/// cleans it), the advice topics (a localized asset of their own), what the states type.
fn data_text(lang: Language) -> String {
    let mut values = Vec::new();
    let mut json = vec![
        serde_json::to_value(fixtures::page()).unwrap(),
        serde_json::to_value(fixtures::detail()).unwrap(),
        serde_json::to_value(rf::rows()).unwrap(),
        serde_json::to_value(rf::detail()).unwrap(),
        serde_json::to_value(acc::conflict_pair()).unwrap(),
        serde_json::to_value(machine_events()).unwrap(),
    ];
    for d in [
        acc::active(),
        acc::locked(),
        acc::frozen(),
        acc::unactivated(),
        acc::conflict_card(),
        acc::pending_sync(),
        acc::pre_2001(),
        acc::rare_name(),
    ] {
        json.push(serde_json::to_value(d).unwrap());
    }
    for lang in [Language::ZhCn, Language::En] {
        let s = fixtures::state(lang, false);
        json.push(serde_json::to_value(&s.operator).unwrap());
    }
    // Wire vocabulary (`open`, `account_locked`, `customer`) is not data to show: it must
    // reach the screen through a catalog label, so it is left out.
    fn wire_word(s: &str) -> bool {
        !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c == '_')
    }
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) if wire_word(s) => {}
            serde_json::Value::String(s) => out.push(kefu::sanitize::clean(s)),
            serde_json::Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            serde_json::Value::Object(o) => o.values().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    for v in &json {
        walk(v, &mut values);
    }
    for t in kefu::tui::panes::lookup::advice::topics(lang).values() {
        values.push(t.title.clone());
        values.extend(t.lines.iter().cloned());
    }
    // What the states type, and the filter bar's text: the filter language the operator
    // types (`status:open`), shown in the bar as typed.
    values.extend(
        [
            "审核员小陈",
            "来电人要求改手机号",
            "110105194912310021",
            "11010519491231002X",
            "2381234",
            "https://kefu.example.cn",
            // The check digit the wrong number should have had, as the error names it.
            "X",
        ]
        .map(String::from),
    );
    values.push(queue(Language::En).queue.filter.to_text());
    values.join("\n")
}

/// Key names as the key map writes them ("Enter", "PgDn", "Ctrl-S", "F5").
fn key_names() -> Vec<String> {
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
fn unmarked(rows: &[String]) -> Vec<String> {
    let mut depth = 0usize;
    let mut out = Vec::new();
    for row in rows {
        let mut line = String::new();
        for ch in row.chars() {
            match ch {
                pseudo::OPEN => {
                    depth += 1;
                    line.push(' ');
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
fn strays(rows: &[String], data: &str, keys: &[String]) -> Vec<(usize, String)> {
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
    let mut out = Vec::new();
    for (y, line) in unmarked(rows).iter().enumerate() {
        // Words end at spaces and box lines; brackets and punctuation around them go.
        let words = line.split(|c: char| c.is_whitespace() || ('─'..='╿').contains(&c));
        for word in words {
            let cut = word.ends_with('…');
            let word = word
                .trim_end_matches('…')
                .trim_matches(|c: char| !c.is_alphanumeric() && c != '*');
            if !word.chars().any(char::is_alphabetic) {
                continue;
            }
            let known = is_key(word)
                || in_data(word, cut)
                || word.split('/').all(|w| is_key(w) || in_data(w, cut));
            if !known {
                out.push((y, word.to_string()));
            }
        }
    }
    out
}

#[test]
fn the_rule_finds_a_literal_and_passes_marked_and_data_text() {
    let rows = vec![
        "⟦Queue⟧ 王𠮷 ⟦open⟧ claimed Enter ⟦open⟧ customer".to_string(),
        "⟦a wrapped catalog".to_string(),
        "string⟧ 5m ⟦cut va…  Need my de…".to_string(),
    ];
    let data = "王𠮷\nNeed my degree record\nthe customers";
    let keys = vec!["Enter".to_string()];
    assert_eq!(
        strays(&rows, data, &keys),
        vec![
            (0, "claimed".to_string()),
            (0, "customer".to_string()),
            (2, "5m".to_string())
        ]
    );
}

#[test]
fn every_string_shown_comes_from_a_catalog() {
    pseudo::set(true);
    let keys = key_names();
    let theme = Theme::new(kefu::config::Theme::Default, false);
    let mut found = Vec::new();
    let mut screens = 0;
    for lang in [Language::ZhCn, Language::En] {
        let data = data_text(lang);
        let all = states(lang);
        assert!(all.len() >= 30, "{}", all.len());
        for (name, s) in all {
            for (w, h) in [(80u16, 24u16), (120, 40)] {
                let mut s = s.clone();
                update(&mut s, Action::Resize(w, h));
                let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
                t.draw(|f| render(f, &s, &theme)).unwrap();
                let rows = screen::rows(&t);
                assert_eq!(rows.len(), usize::from(h));
                // The marks are there: the catalog in use is the pseudo one.
                assert!(
                    rows.iter().any(|r| r.contains(pseudo::OPEN)),
                    "{lang:?} {name} {w}x{h}: no catalog text at all?\n{}",
                    rows.join("\n")
                );
                screens += 1;
                for (y, word) in strays(&rows, &data, &keys) {
                    found.push(format!(
                        "{lang:?} {name} {w}x{h} row {y}: {word:?} in {:?}",
                        rows[y]
                    ));
                }
            }
        }
    }
    pseudo::set(false);
    assert!(screens >= 120, "{screens} screens");
    assert!(
        found.is_empty(),
        "text shown that no catalog holds:\n{}",
        found.join("\n")
    );
}

/// The screens the rule reads do show what their names say (a state that silently fell
/// back to the queue would prove nothing).
#[test]
fn the_states_reach_what_they_are_named_for() {
    pseudo::set(true);
    let theme = Theme::new(kefu::config::Theme::Default, false);
    let all = states(Language::En);
    let screen = |name: &str| {
        let (_, s) = all.iter().find(|(n, _)| *n == name).unwrap();
        let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
        t.draw(|f| render(f, s, &theme)).unwrap();
        screen::rows(&t).join("\n")
    };
    for (name, needle) in [
        ("ticket", "taken from"),
        ("ticket editor", "来电人要求改手机号"),
        ("ticket offline", "✕"),
        ("lookup card, id copied", "✓"),
        ("call bar", "☎"),
        ("lookup wrong id", "check digit"),
        ("lookup rebind form, a wrong number", "11 digits"),
        ("lookup card during a call", "☎"),
        ("queue saved view", "mine"),
        ("review", "陈**"),
    ] {
        let text = screen(name);
        assert!(text.contains(needle), "{name}: no {needle:?} in\n{text}");
    }
    pseudo::set(false);
}
