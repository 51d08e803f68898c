//! A new escalation reaches a supervisor's desk live, without a terminal or a network:
//! a ticket an agent hands on or a review a reviewer escalates is said in the status line
//! whatever pane is open, and counted on the team pane's tab and the escalations tab until
//! the escalations list has been on screen; on screen, the list is read again instead.
//! Other decisions, the supervisor's own escalations and agents' desks raise nothing.

use kefu::api::LiveEvent;
use kefu::config::Language;
use kefu::tui::action::Action;
use kefu::tui::fixtures;
use kefu::tui::fixtures::team as tf;
use kefu::tui::panes::team::msg::{TeamAction, TeamEffect};
use kefu::tui::panes::team::state::View;
use kefu::tui::state::{Pane, State};
use kefu::tui::theme::Theme;
use kefu::tui::update::update;
use kefu::tui::view::render;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

#[path = "support/keys.rs"]
mod keys;
use keys::{key, team};
#[path = "support/screen.rs"]
mod screen;
#[path = "support/team_states.rs"]
mod team_states;

fn escalation(kind: &str, id: i64, by: &str, decision: Option<&str>) -> Action {
    let action = match kind {
        "ticket" => "ticket.escalate",
        _ => "review.decide",
    };
    Action::LiveEvent(LiveEvent {
        seq: 700 + id,
        kind: kind.into(),
        id,
        action: action.into(),
        operator: by.into(),
        at: "2026-03-10T02:00:00Z".into(),
        previous: None,
        assignee: None,
        decision: decision.map(str::to_string),
    })
}

fn tab_line(s: &State) -> String {
    let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let theme = Theme::new(kefu::config::Theme::Default, false);
    let mut s = s.clone();
    update(&mut s, Action::Resize(120, 40));
    t.draw(|f| render(f, &s, &theme)).unwrap();
    screen::rows(&t)[1].clone()
}

#[test]
fn an_escalation_is_said_and_counted_on_a_supervisors_desk_until_seen() {
    let mut s = fixtures::state(Language::En, true);
    assert_eq!(s.pane, Pane::Queue);
    update(&mut s, escalation("ticket", 12, "demo-agent", None));
    let notice = s.notice.clone().unwrap_or_default();
    assert!(
        notice.contains("demo-agent") && notice.contains("#12"),
        "{notice}"
    );
    assert_eq!(s.team.new_escalations, 1);
    assert!(s.dirty, "the notice is drawn at once");
    update(
        &mut s,
        escalation("review", 7, "demo-reviewer", Some("escalate")),
    );
    assert!(
        s.notice
            .as_deref()
            .unwrap_or_default()
            .contains("review #7"),
        "{:?}",
        s.notice
    );
    assert_eq!(s.team.new_escalations, 2);
    assert!(tab_line(&s).contains("+2 escalated"), "{}", tab_line(&s));

    // Other decisions, and the supervisor's own escalations, are not news.
    update(
        &mut s,
        escalation("review", 8, "demo-reviewer", Some("approve")),
    );
    update(&mut s, escalation("ticket", 13, "demo-lead", None));
    assert_eq!(s.team.new_escalations, 2);

    // The escalations tab carries the count on the pane too, until the list is shown.
    key(&mut s, '4');
    assert_eq!(s.team.view, View::Board);
    assert_eq!(s.team.new_escalations, 2);
    let fx = team(&key(&mut s, 'e'));
    assert_eq!(s.team.new_escalations, 0, "seen");
    let req = match &fx[..] {
        [TeamEffect::Escalations { req, .. }] => *req,
        other => panic!("the list is read: {other:?}"),
    };
    assert!(!tab_line(&s).contains("escalated"), "{}", tab_line(&s));
    update(
        &mut s,
        Action::Team(Box::new(TeamAction::Escalations {
            req,
            result: Ok(tf::escalations()),
        })),
    );

    // With the list on screen: said, not counted, and the list is read again.
    let fx = update(&mut s, escalation("ticket", 14, "demo-agent", None));
    assert_eq!(s.team.new_escalations, 0);
    assert!(
        s.notice.as_deref().unwrap_or_default().contains("#14"),
        "{:?}",
        s.notice
    );
    let reads = team(&fx);
    assert!(
        matches!(&reads[..], [TeamEffect::Escalations { .. }]),
        "{reads:?}"
    );
}

#[test]
fn the_count_shows_on_the_escalations_tab_in_both_languages() {
    for (lang, words) in [(Language::En, "(1 new)"), (Language::ZhCn, "（新 1）")] {
        let mut s = fixtures::state(lang, true);
        key(&mut s, '4');
        update(&mut s, escalation("ticket", 12, "demo-agent", None));
        assert_eq!(s.team.new_escalations, 1);
        let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
        let theme = Theme::new(kefu::config::Theme::Default, false);
        update(&mut s, Action::Resize(120, 40));
        t.draw(|f| render(f, &s, &theme)).unwrap();
        let rows = screen::rows(&t);
        assert!(rows[2].contains(words), "{lang:?}: {}", rows[2]);
    }
}

#[test]
fn an_agents_desk_hears_no_escalation() {
    let mut s = fixtures::state(Language::En, false);
    let before = s.notice.clone();
    update(&mut s, escalation("ticket", 12, "demo-agent2", None));
    update(
        &mut s,
        escalation("review", 7, "demo-reviewer", Some("escalate")),
    );
    assert_eq!(s.team.new_escalations, 0);
    assert_eq!(s.notice, before);
}

#[test]
fn an_operators_items_left_open_on_the_board_do_not_hide_the_escalations_list() {
    let mut s = fixtures::state(Language::En, true);
    team_states::board_read(&mut s);
    team_states::member_read(&mut s);
    assert!(s.team.member.is_some(), "an operator's items are open");
    team_states::escalations_read(&mut s);
    assert_eq!(s.team.view, View::Escalations);
    let fx = update(&mut s, escalation("ticket", 15, "demo-agent", None));
    assert_eq!(s.team.new_escalations, 0, "the list is on screen");
    let reads = team(&fx);
    assert!(
        matches!(&reads[..], [TeamEffect::Escalations { .. }]),
        "{reads:?}"
    );
}
