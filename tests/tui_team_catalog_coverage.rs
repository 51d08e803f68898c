//! Every string the team pane shows comes from a catalog: the pseudo-locale test of
//! tests/tui_catalog_coverage.rs for pane 4 (the rule is in tests/support/catalog_rule.rs).
//!
//! The states are built through `update` as a team lead's desk reaches them: the board
//! (loading, read, filtered, its help), one operator's items, the assignment form, the SLA
//! watch, the escalations, the audit browser with each row's details and its filter form,
//! the alerts, a live escalation said on another pane and counted on the tabs, and an
//! agent's escalation note; each drawn on TestBackend at 80×24 and 120×40 in both
//! languages. Wire words (`ticket.assign`, `ticket:102`, `locked`, a detail's `misses`)
//! are not data here: shown raw, they are named as strays.

use kefu::config::{Key, Language};
use kefu::tui::fixtures;
use kefu::tui::fixtures::team as tf;
use kefu::tui::locale::pseudo;
use kefu::tui::state::State;
use kefu::tui::update::update;

#[path = "support/keys.rs"]
mod keys;
#[path = "support/catalog_rule.rs"]
mod rule;
#[path = "support/screen.rs"]
mod screen;
#[path = "support/team_states.rs"]
mod team_states;
use keys::{key, special, typed};
use team_states as ts;
use team_states::escalation_event;

// ---------------------------------------------------------------- the states
// (built by tests/support/team_states.rs, as tests/tui_team_snapshots.rs builds them)

/// demo-lead on pane 4 before the board is read.
fn entered(lang: Language) -> State {
    let mut s = fixtures::state(lang, true);
    key(&mut s, '4');
    s
}

/// demo-lead on pane 4 with the board and two open alerts read.
fn lead(lang: Language) -> State {
    let mut s = fixtures::state(lang, true);
    ts::board_read(&mut s);
    s
}

/// The lead on the board, then `step`.
fn from_lead(lang: Language, step: fn(&mut State)) -> State {
    let mut s = lead(lang);
    step(&mut s);
    s
}

fn member(lang: Language) -> State {
    from_lead(lang, ts::member_read)
}

fn sla(lang: Language) -> State {
    from_lead(lang, ts::sla_read)
}

fn escalations(lang: Language) -> State {
    from_lead(lang, ts::escalations_read)
}

/// The audit browser with row `row` selected (its before/after below the list).
fn audit(lang: Language, row: usize) -> State {
    let mut s = from_lead(lang, ts::audit_read);
    for _ in 0..row {
        key(&mut s, 'j');
    }
    s
}

fn alerts(lang: Language) -> State {
    from_lead(lang, ts::alerts_read)
}

fn escalate_form(lang: Language) -> State {
    let mut s = fixtures::state(lang, false);
    ts::escalate_typed(&mut s);
    s
}

/// Every state the test draws, by name.
fn states(lang: Language) -> Vec<(&'static str, State)> {
    let mut out = vec![("team loading", entered(lang)), ("team board", lead(lang))];
    let mut s = lead(lang);
    key(&mut s, '/');
    typed(&mut s, "review");
    out.push(("team board filter", s));
    let mut s = lead(lang);
    key(&mut s, 'o');
    key(&mut s, 's');
    out.push(("team board online, sorted", s));
    let mut s = lead(lang);
    key(&mut s, '?');
    out.push(("team help", s));
    out.push(("team member", member(lang)));
    let mut s = member(lang);
    ts::assign_typed(&mut s);
    out.push(("team assignment form", s));
    let mut s = member(lang);
    key(&mut s, 'g');
    special(&mut s, Key::Enter);
    special(&mut s, Key::Enter);
    out.push(("team assignment form, no operator", s));
    out.push(("team sla", sla(lang)));
    out.push(("team escalations", escalations(lang)));
    let mut s = escalations(lang);
    key(&mut s, 'j');
    out.push(("team escalations, the review", s));
    for (name, row) in [
        ("team audit, an assignment", 0),
        ("team audit, an unlock", 1),
        ("team audit, a reveal", 2),
    ] {
        out.push((name, audit(lang, row)));
    }
    let mut s = audit(lang, 0);
    key(&mut s, '/');
    out.push(("team audit filter", s));
    out.push(("team alerts", alerts(lang)));
    let mut s = alerts(lang);
    key(&mut s, 'a');
    out.push(("team alerts, acknowledging", s));
    let mut s = fixtures::queue_loaded(lang);
    s.operator = fixtures::state(lang, true).operator;
    update(&mut s, escalation_event());
    out.push(("queue, an escalation said", s));
    let mut s = lead(lang);
    update(&mut s, escalation_event());
    out.push(("team board, an escalation counted", s));
    out.push(("agent's escalation note", escalate_form(lang)));
    out
}

// ---------------------------------------------------------------- the data

/// Text the fixtures may put on screen: the team fixtures' and the queue's data (wire
/// vocabulary left out), the operators, what the states type.
fn data_text() -> String {
    let json = [
        serde_json::to_value(tf::board_page()).unwrap(),
        serde_json::to_value(tf::member_detail()).unwrap(),
        serde_json::to_value(tf::sla()).unwrap(),
        serde_json::to_value(tf::escalations()).unwrap(),
        serde_json::to_value(tf::audit_page()).unwrap(),
        serde_json::to_value(tf::alerts_page()).unwrap(),
        serde_json::to_value(fixtures::page()).unwrap(),
        serde_json::to_value(fixtures::detail()).unwrap(),
    ];
    let mut values = Vec::new();
    for v in json.iter().chain(rule::operators().iter()) {
        rule::strings(v, &mut values);
    }
    values.extend(
        // Typed into the forms, and who the live escalation names.
        [
            "交接给小林",
            "账号疑似出租，请主管处理",
            "review",
            "demo-reviewer",
        ]
        .map(String::from),
    );
    values.join("\n")
}

// ---------------------------------------------------------------- the tests

#[test]
fn the_rule_takes_wire_identifiers_for_wire_vocabulary() {
    for w in [
        "open",
        "ticket.assign",
        "ticket:102",
        "operator:demo-agent2",
    ] {
        assert!(rule::wire_word(w), "{w}");
    }
    for w in [
        "demo-agent",
        "https://kefu.example.cn",
        "2026-03-10T02:30:00Z",
        "王𠮷",
    ] {
        assert!(!rule::wire_word(w), "{w}");
    }
    // A raw action or target on screen is a stray; its catalog label is not.
    let rows = vec!["⟦指派工单⟧ ⟦工单 #⟧102⟦⟧ ticket.assign ticket:102".to_string()];
    let found: Vec<String> = rule::strays(&rows, &data_text(), &rule::key_names())
        .into_iter()
        .map(|(_, w)| w)
        .collect();
    assert_eq!(found, ["ticket.assign", "ticket:102"]);
}

#[test]
fn every_string_the_team_pane_shows_comes_from_a_catalog() {
    // The team fixtures' data is the same in both languages.
    rule::assert_every_string_from_a_catalog(states, |_| data_text(), 20, 80);
}

/// The screens the rule reads do show what their names say (a state that silently fell
/// back to another view would prove nothing).
#[test]
fn the_states_reach_what_they_are_named_for() {
    pseudo::set(true);
    let all = states(Language::En);
    let screen = |name: &str| {
        let (_, s) = all
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("no state {name}"));
        rule::draw(s, 120, 40).join("\n")
    };
    for (name, needle) in [
        ("team loading", "Loading"),
        ("team board", "客服小林"),
        ("team member", "Need my degree record"),
        ("team assignment form", "交接给小林"),
        ("team assignment form, no operator", "Name the operator"),
        ("team sla", "⟦late⟧"),
        ("team escalations", "账号疑似出租"),
        ("team escalations, the review", "birth date"),
        ("team audit, an assignment", "assigned a ticket"),
        ("team audit, an unlock", "unlocked an account"),
        ("team audit, a reveal", "showed an account field"),
        ("team audit filter", "prefix"),
        ("team alerts", "lookups found nothing within"),
        ("queue, an escalation said", "review #⟧7"),
        ("team board, an escalation counted", "new"),
        ("agent's escalation note", "账号疑似出租，请主管处理"),
    ] {
        let text = screen(name);
        assert!(text.contains(needle), "{name}: no {needle:?} in\n{text}");
    }
    pseudo::set(false);
}
