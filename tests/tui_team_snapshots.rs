//! What a team lead sees on pane 4, on ratatui's TestBackend: each sub-view (team board,
//! one operator's items, SLA watch, escalations, audit browser, alerts) at 80×24 and
//! 120×40, in zh-CN and en; plus the assignment form, an agent's escalation note, and a
//! new escalation said and counted on the lead's desk.

use kefu::config::{Language, Theme as ThemeName};
use kefu::tui::action::Action;
use kefu::tui::fixtures;
use kefu::tui::state::State;
use kefu::tui::theme::Theme;
use kefu::tui::update::update;
use kefu::tui::view::render;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

#[path = "support/keys.rs"]
mod keys;
#[path = "support/team_states.rs"]
mod team_states;
use keys::key;
use team_states as ts;

/// A signed-in desk (a supervisor's if `lead`) at `size`.
fn desk(lang: Language, lead: bool, size: (u16, u16)) -> State {
    let mut s = fixtures::state(lang, lead);
    update(&mut s, Action::Resize(size.0, size.1));
    s
}

/// demo-lead on pane 4 with the board read and two open alerts.
fn lead(lang: Language, size: (u16, u16)) -> State {
    let mut s = desk(lang, true, size);
    ts::board_read(&mut s);
    s
}

/// The lead on the board, then `step`.
fn from_lead(lang: Language, size: (u16, u16), step: fn(&mut State)) -> State {
    let mut s = lead(lang, size);
    step(&mut s);
    s
}

fn member(lang: Language, size: (u16, u16)) -> State {
    from_lead(lang, size, ts::member_read)
}

fn sla(lang: Language, size: (u16, u16)) -> State {
    from_lead(lang, size, ts::sla_read)
}

fn escalations(lang: Language, size: (u16, u16)) -> State {
    from_lead(lang, size, ts::escalations_read)
}

fn audit(lang: Language, size: (u16, u16)) -> State {
    let mut s = from_lead(lang, size, ts::audit_read);
    // The unlock row: its before/after shows as a diff.
    key(&mut s, 'j');
    s
}

fn alerts(lang: Language, size: (u16, u16)) -> State {
    from_lead(lang, size, ts::alerts_read)
}

fn assign_form(lang: Language, size: (u16, u16)) -> State {
    let mut s = member(lang, size);
    ts::assign_typed(&mut s);
    s
}

fn escalate_form(lang: Language, size: (u16, u16)) -> State {
    let mut s = desk(lang, false, size);
    ts::escalate_typed(&mut s);
    s
}

/// The lead on the board when a reviewer escalates a review: said in the status line,
/// counted on the team tab and the escalations tab.
fn escalation_said(lang: Language, size: (u16, u16)) -> State {
    let mut s = lead(lang, size);
    update(&mut s, ts::escalation_event());
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
