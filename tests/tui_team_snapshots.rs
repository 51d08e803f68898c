//! What a team lead sees on pane 4, on ratatui's TestBackend: each sub-view (team board,
//! one operator's items, SLA watch, escalations, audit browser, alerts) at 80×24 and
//! 120×40, in zh-CN and en; plus the assignment form, an agent's escalation note, and a
//! new escalation said and counted on the lead's desk.

use kefu::config::{Language, Theme as ThemeName};
use kefu::tui::action::{Action, Effect};
use kefu::tui::fixtures;
use kefu::tui::fixtures::team as tf;
use kefu::tui::panes::team::msg::{TeamAction, TeamEffect};
use kefu::tui::state::State;
use kefu::tui::theme::Theme;
use kefu::tui::update::update;
use kefu::tui::view::render;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

#[path = "support/keys.rs"]
mod keys;
use keys::{key, special, typed};

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

/// demo-lead on pane 4 with the board read and two open alerts.
fn lead(lang: Language, size: (u16, u16)) -> State {
    let mut s = fixtures::state(lang, true);
    update(&mut s, Action::Resize(size.0, size.1));
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
    let alerts = kefu::tui::update::update(&mut s, Action::Key(kefu::config::KeyChord::ch('!')));
    let areq = req(&alerts, |e| match e {
        TeamEffect::Alerts { req } => Some(*req),
        _ => None,
    });
    update(
        &mut s,
        ta(TeamAction::Alerts {
            req: areq,
            result: Ok(tf::alerts_page()),
        }),
    );
    key(&mut s, 'b');
    s
}

fn member(lang: Language, size: (u16, u16)) -> State {
    let mut s = lead(lang, size);
    let fx = special(&mut s, kefu::config::Key::Enter);
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

fn sla(lang: Language, size: (u16, u16)) -> State {
    let mut s = lead(lang, size);
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

fn escalations(lang: Language, size: (u16, u16)) -> State {
    let mut s = lead(lang, size);
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

fn audit(lang: Language, size: (u16, u16)) -> State {
    let mut s = lead(lang, size);
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
    // The unlock row: its before/after shows as a diff.
    key(&mut s, 'j');
    s
}

fn alerts(lang: Language, size: (u16, u16)) -> State {
    let mut s = lead(lang, size);
    let fx = key(&mut s, '!');
    let r = req(&fx, |e| match e {
        TeamEffect::Alerts { req } => Some(*req),
        _ => None,
    });
    update(
        &mut s,
        ta(TeamAction::Alerts {
            req: r,
            result: Ok(tf::alerts_page()),
        }),
    );
    s
}

fn assign_form(lang: Language, size: (u16, u16)) -> State {
    let mut s = member(lang, size);
    key(&mut s, 'j');
    key(&mut s, 'g');
    special(&mut s, kefu::config::Key::Down);
    special(&mut s, kefu::config::Key::Tab);
    typed(&mut s, "交接给小林");
    s
}

fn escalate_form(lang: Language, size: (u16, u16)) -> State {
    let mut s = fixtures::state(lang, false);
    update(&mut s, Action::Resize(size.0, size.1));
    s.queue.rows = fixtures::page();
    let fx = special(&mut s, kefu::config::Key::Enter);
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

/// The lead on the board when a reviewer escalates a review: said in the status line,
/// counted on the team tab and the escalations tab.
fn escalation_said(lang: Language, size: (u16, u16)) -> State {
    let mut s = lead(lang, size);
    update(
        &mut s,
        Action::LiveEvent(kefu::api::LiveEvent {
            seq: 801,
            kind: "review".into(),
            id: 7,
            action: "review.decide".into(),
            operator: "demo-reviewer".into(),
            at: "2026-03-10T02:00:00Z".into(),
            previous: None,
            assignee: None,
            decision: Some("escalate".into()),
        }),
    );
    s
}

fn draw(s: &State, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    let theme = Theme::new(ThemeName::Default, false);
    t.draw(|f| render(f, s, &theme)).unwrap();
    t
}

type Build = fn(Language, (u16, u16)) -> State;

const VIEWS: &[(&str, Build)] = &[
    ("board", lead),
    ("member", member),
    ("sla", sla),
    ("escalations", escalations),
    ("audit", audit),
    ("alerts", alerts),
    ("assign_form", assign_form),
    ("escalate_form", escalate_form),
    ("escalation_said", escalation_said),
];

#[test]
fn every_sub_view_in_both_languages_at_both_sizes() {
    assert_eq!(VIEWS.len(), 9);
    for (name, build) in VIEWS {
        for (lang, tag) in [(Language::ZhCn, "zh"), (Language::En, "en")] {
            for (w, h) in [(80u16, 24u16), (120, 40)] {
                let s = build(lang, (w, h));
                let t = draw(&s, w, h);
                insta::assert_snapshot!(format!("team_{name}_{tag}_{w}x{h}"), t.backend());
            }
        }
    }
}
