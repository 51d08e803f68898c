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

use kefu::api::LiveEvent;
use kefu::config::{Key, Language};
use kefu::tui::action::{Action, Effect};
use kefu::tui::fixtures;
use kefu::tui::fixtures::team as tf;
use kefu::tui::locale::pseudo;
use kefu::tui::panes::team::msg::{TeamAction, TeamEffect};
use kefu::tui::state::State;
use kefu::tui::theme::Theme;
use kefu::tui::update::update;
use kefu::tui::view::render;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

#[path = "support/keys.rs"]
mod keys;
#[path = "support/catalog_rule.rs"]
mod rule;
#[path = "support/screen.rs"]
mod screen;
use keys::{key, special, typed};

// ---------------------------------------------------------------- the states

fn ta(a: TeamAction) -> Action {
    Action::Team(Box::new(a))
}

/// The request id of the first team effect `pick` accepts.
fn req(fx: &[Effect], pick: fn(&TeamEffect) -> Option<u64>) -> u64 {
    fx.iter()
        .find_map(|e| match e {
            Effect::Team(t) => pick(t),
            _ => None,
        })
        .expect("the pane asked for its data")
}

/// demo-lead on pane 4 before the board is read.
fn entered(lang: Language) -> State {
    let mut s = fixtures::state(lang, true);
    key(&mut s, '4');
    s
}

/// demo-lead on pane 4 with the board and two open alerts read.
fn lead(lang: Language) -> State {
    let mut s = fixtures::state(lang, true);
    let fx = key(&mut s, '4');
    let board = req(&fx, |e| match e {
        TeamEffect::Board { req } => Some(*req),
        _ => None,
    });
    update(
        &mut s,
        ta(TeamAction::Board {
            req: board,
            result: Ok(tf::board_page()),
        }),
    );
    alerts_read(&mut s);
    key(&mut s, 'b');
    s
}

fn alerts_read(s: &mut State) {
    let fx = key(s, '!');
    let r = req(&fx, |e| match e {
        TeamEffect::Alerts { req } => Some(*req),
        _ => None,
    });
    update(
        s,
        ta(TeamAction::Alerts {
            req: r,
            result: Ok(tf::alerts_page()),
        }),
    );
}

fn member(lang: Language) -> State {
    let mut s = lead(lang);
    let fx = special(&mut s, Key::Enter);
    let r = req(&fx, |e| match e {
        TeamEffect::Member { req, .. } => Some(*req),
        _ => None,
    });
    update(
        &mut s,
        ta(TeamAction::Member {
            req: r,
            result: Ok(tf::member_detail()),
        }),
    );
    s
}

fn sla(lang: Language) -> State {
    let mut s = lead(lang);
    let fx = key(&mut s, 'w');
    let r = req(&fx, |e| match e {
        TeamEffect::Sla { req, .. } => Some(*req),
        _ => None,
    });
    update(
        &mut s,
        ta(TeamAction::Sla {
            req: r,
            result: Ok(tf::sla()),
        }),
    );
    s
}

fn escalations(lang: Language) -> State {
    let mut s = lead(lang);
    let fx = key(&mut s, 'e');
    let r = req(&fx, |e| match e {
        TeamEffect::Escalations { req, .. } => Some(*req),
        _ => None,
    });
    update(
        &mut s,
        ta(TeamAction::Escalations {
            req: r,
            result: Ok(tf::escalations()),
        }),
    );
    s
}

/// The audit browser with row `row` selected (its before/after below the list).
fn audit(lang: Language, row: usize) -> State {
    let mut s = lead(lang);
    let fx = key(&mut s, 'u');
    let r = req(&fx, |e| match e {
        TeamEffect::Audit { req, .. } => Some(*req),
        _ => None,
    });
    update(
        &mut s,
        ta(TeamAction::Audit {
            req: r,
            result: Ok(tf::audit_page()),
        }),
    );
    for _ in 0..row {
        key(&mut s, 'j');
    }
    s
}

fn alerts(lang: Language) -> State {
    let mut s = lead(lang);
    alerts_read(&mut s);
    s
}

fn escalation_event() -> Action {
    Action::LiveEvent(LiveEvent {
        seq: 801,
        kind: "review".into(),
        id: 7,
        action: "review.decide".into(),
        operator: "demo-reviewer".into(),
        at: "2026-03-10T02:00:00Z".into(),
        previous: None,
        assignee: None,
        decision: Some("escalate".into()),
    })
}

fn escalate_form(lang: Language) -> State {
    let mut s = fixtures::state(lang, false);
    s.queue.rows = fixtures::page();
    let fx = special(&mut s, Key::Enter);
    let r = fx
        .iter()
        .find_map(|e| match e {
            Effect::LoadTicket { req, .. } => Some(*req),
            _ => None,
        })
        .expect("the ticket is read");
    update(
        &mut s,
        Action::TicketLoaded {
            req: r,
            result: Ok(fixtures::detail()),
        },
    );
    key(&mut s, 'E');
    typed(&mut s, "账号疑似出租，请主管处理");
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
    key(&mut s, 'j');
    key(&mut s, 'g');
    special(&mut s, Key::Down);
    special(&mut s, Key::Tab);
    typed(&mut s, "交接给小林");
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

fn draw(s: &State, w: u16, h: u16) -> Vec<String> {
    let mut s = s.clone();
    update(&mut s, Action::Resize(w, h));
    let theme = Theme::new(kefu::config::Theme::Default, false);
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| render(f, &s, &theme)).unwrap();
    screen::rows(&t)
}

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
    pseudo::set(true);
    let keys = rule::key_names();
    let data = data_text();
    let mut found = Vec::new();
    let mut screens = 0;
    for lang in [Language::ZhCn, Language::En] {
        let all = states(lang);
        assert!(all.len() >= 20, "{}", all.len());
        for (name, s) in all {
            for (w, h) in [(80u16, 24u16), (120, 40)] {
                let rows = draw(&s, w, h);
                assert_eq!(rows.len(), usize::from(h));
                assert!(
                    rows.iter().any(|r| r.contains(pseudo::OPEN)),
                    "{lang:?} {name} {w}x{h}: no catalog text at all?\n{}",
                    rows.join("\n")
                );
                screens += 1;
                for (y, word) in rule::strays(&rows, &data, &keys) {
                    found.push(format!(
                        "{lang:?} {name} {w}x{h} row {y}: {word:?} in {:?}",
                        rows[y]
                    ));
                }
            }
        }
    }
    pseudo::set(false);
    assert!(screens >= 80, "{screens} screens");
    assert!(
        found.is_empty(),
        "text shown that no catalog holds:\n{}",
        found.join("\n")
    );
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
        draw(s, 120, 40).join("\n")
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
