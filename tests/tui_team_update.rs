//! The team pane's pure update, without a terminal or a network: who has pane 4, the
//! sub-views and their reads, assignment and take-over (reason required), an agent's
//! escalation, the assignee told live, alerts with their tab count and acknowledgement,
//! the audit browser's filters and read-ahead, and links to the items.

use kefu::api::{ItemKind, LiveEvent, OperatorInfo, Role};
use kefu::config::{Key, KeyChord, Language};
use kefu::tui::action::{Action, Effect};
use kefu::tui::fixtures;
use kefu::tui::fixtures::team as tf;
use kefu::tui::panes::team::form::Form;
use kefu::tui::panes::team::msg::{TeamAction, TeamEffect};
use kefu::tui::panes::team::state::View;
use kefu::tui::state::{Pane, State};
use kefu::tui::update::update;

#[path = "support/keys.rs"]
mod keys;
use keys::{ctrl, key, special, ta, team, typed};

fn board_req(fx: &[Effect]) -> Option<u64> {
    team(fx).iter().find_map(|e| match e {
        TeamEffect::Board { req } => Some(*req),
        _ => None,
    })
}

/// demo-lead on pane 4 with the board read.
fn lead() -> State {
    let mut s = fixtures::state(Language::En, true);
    let fx = key(&mut s, '4');
    assert_eq!(s.pane, Pane::Team);
    let req = board_req(&fx).expect("entering the pane reads the board");
    update(
        &mut s,
        ta(TeamAction::Board {
            req,
            result: Ok(tf::board_page()),
        }),
    );
    s
}

/// The lead with demo-agent's items open.
fn member(s: &mut State) {
    let fx = special(s, Key::Enter);
    let req = team(&fx)
        .iter()
        .find_map(|e| match e {
            TeamEffect::Member { req, operator, .. } => {
                assert_eq!(operator, "demo-agent");
                Some(*req)
            }
            _ => None,
        })
        .expect("Enter reads the operator's items");
    update(
        s,
        ta(TeamAction::Member {
            req,
            result: Ok(tf::member_detail()),
        }),
    );
}

fn live(kind: &str, id: i64, action: &str, operator: &str, assignee: Option<&str>) -> Action {
    Action::LiveEvent(LiveEvent {
        seq: 500,
        kind: kind.into(),
        id,
        action: action.into(),
        operator: operator.into(),
        at: "2026-03-10T02:00:00Z".into(),
        previous: None,
        assignee: assignee.map(str::to_string),
        decision: None,
    })
}

#[test]
fn agents_and_reviewers_have_no_fourth_pane() {
    let reviewer = OperatorInfo {
        id: "demo-reviewer".into(),
        name: "审核员小陈".into(),
        roles: vec![Role::Reviewer],
    };
    let mut agent = fixtures::state(Language::En, false);
    let mut rev = fixtures::state(Language::En, false);
    rev.operator = Some(reviewer);
    for s in [&mut agent, &mut rev] {
        assert_eq!(s.panes(), [Pane::Queue, Pane::Lookup, Pane::Reviews]);
        let fx = key(s, '4');
        assert!(fx.is_empty(), "{fx:?}");
        assert_ne!(s.pane, Pane::Team);
        // Tab goes round the three panes and never reaches a fourth.
        let mut seen = Vec::new();
        for _ in 0..6 {
            special(s, Key::Tab);
            seen.push(s.pane);
        }
        assert_eq!(seen.len(), 6);
        assert!(seen.iter().all(|p| *p != Pane::Team), "{seen:?}");
    }
}

#[test]
fn a_supervisor_reaches_pane_four_by_key_and_by_tab() {
    let mut s = fixtures::state(Language::En, true);
    assert_eq!(s.panes().len(), 4);
    for _ in 0..3 {
        special(&mut s, Key::Tab);
    }
    assert_eq!(s.pane, Pane::Team);
    special(&mut s, Key::Tab);
    assert_eq!(s.pane, Pane::Queue);
    special(&mut s, Key::BackTab);
    assert_eq!(s.pane, Pane::Team);
}

#[test]
fn sub_view_keys_read_each_view() {
    let mut s = lead();
    let cases: [(char, View); 4] = [
        ('w', View::Sla),
        ('e', View::Escalations),
        ('u', View::Audit),
        ('!', View::Alerts),
    ];
    for (k, view) in cases {
        let fx = team(&key(&mut s, k));
        assert_eq!(s.team.view, view);
        assert_eq!(fx.len(), 1, "{k}: {fx:?}");
        let ok = matches!(
            (&fx[0], view),
            (TeamEffect::Sla { .. }, View::Sla)
                | (TeamEffect::Escalations { .. }, View::Escalations)
                | (TeamEffect::Audit { .. }, View::Audit)
                | (TeamEffect::Alerts { .. }, View::Alerts)
        );
        assert!(ok, "{k}: {fx:?}");
    }
    key(&mut s, 'b');
    assert_eq!(s.team.view, View::Board);
}

#[test]
fn the_board_sorts_and_filters() {
    let mut s = lead();
    let names = |s: &State| -> Vec<String> {
        kefu::tui::panes::team::update::shown_board(&s.team.board)
            .iter()
            .map(|m| m.operator.clone())
            .collect()
    };
    // Most items held first.
    assert_eq!(names(&s)[0], "demo-agent");
    key(&mut s, 'o');
    assert_eq!(names(&s).len(), 3, "demo-agent2 is offline");
    key(&mut s, 'o');
    key(&mut s, 's');
    assert_eq!(
        names(&s),
        ["demo-agent", "demo-agent2", "demo-lead", "demo-reviewer"]
    );
    key(&mut s, '/');
    typed(&mut s, "review");
    special(&mut s, Key::Enter);
    assert_eq!(names(&s), ["demo-reviewer"]);
}

#[test]
fn reassigning_asks_for_an_operator_and_a_reason_then_sends_once() {
    let mut s = lead();
    member(&mut s);
    key(&mut s, 'j');
    key(&mut s, 'g');
    let Some(Form::Assign(f)) = &s.team.form else {
        panic!("g opens the assignment form: {:?}", s.team.form);
    };
    assert_eq!((f.kind, f.id), (ItemKind::Ticket, 102));
    // Tickets go to agents: the reviewer is not offered.
    assert_eq!(f.choices, ["demo-agent", "demo-agent2", "demo-lead"]);
    special(&mut s, Key::Down);
    special(&mut s, Key::Down);
    special(&mut s, Key::Enter);
    // No reason: nothing is sent.
    let fx = special(&mut s, Key::Enter);
    assert!(team(&fx).is_empty(), "{fx:?}");
    let Some(Form::Assign(f)) = &s.team.form else {
        panic!("the form stays open");
    };
    assert!(f.error.as_deref().is_some_and(|e| e.contains("reason")));
    typed(&mut s, "小林休假，交给王𠮷");
    let fx = team(&special(&mut s, Key::Enter));
    assert_eq!(fx.len(), 1, "{fx:?}");
    let TeamEffect::Assign { kind, id, body, .. } = &fx[0] else {
        panic!("{fx:?}");
    };
    assert_eq!((*kind, *id), (ItemKind::Ticket, 102));
    assert_eq!(body.operator, "demo-agent2");
    assert_eq!(body.reason, "小林休假，交给王𠮷");
    // While it is in flight, Enter does not send it again.
    assert!(team(&special(&mut s, Key::Enter)).is_empty());
    let fx = update(
        &mut s,
        ta(TeamAction::Assigned {
            kind: ItemKind::Ticket,
            id: 102,
            operator: "demo-agent2".into(),
            result: Ok(()),
        }),
    );
    assert!(s.team.form.is_none());
    let notice = s.notice.clone().unwrap_or_default();
    assert!(
        notice.contains("#102") && notice.contains("demo-agent2"),
        "{notice}"
    );
    // The queue and the pane are read again.
    assert!(
        fx.iter().any(|e| matches!(e, Effect::LoadQueue { .. })),
        "{fx:?}"
    );
    assert!(
        team(&fx)
            .iter()
            .any(|e| matches!(e, TeamEffect::Member { .. })),
        "{fx:?}"
    );
}

#[test]
fn take_over_names_oneself_and_a_refusal_keeps_the_form() {
    let mut s = lead();
    member(&mut s);
    key(&mut s, 'T');
    let Some(Form::Assign(f)) = &s.team.form else {
        panic!("T opens the form");
    };
    assert_eq!(f.operator.value(), "demo-lead");
    assert!(f.on_reason, "only the reason is left to type");
    typed(&mut s, "客户投诉，我来处理");
    let fx = team(&special(&mut s, Key::Enter));
    let key_sent = match &fx[..] {
        [TeamEffect::Assign { key, body, .. }] => {
            assert_eq!(body.operator, "demo-lead");
            key.clone()
        }
        other => panic!("{other:?}"),
    };
    update(
        &mut s,
        ta(TeamAction::Assigned {
            kind: ItemKind::Ticket,
            id: 101,
            operator: "demo-lead".into(),
            result: Err(kefu::client::ClientError::Api {
                status: 403,
                code: "role_required".into(),
                message: "needs agent".into(),
            }),
        }),
    );
    let Some(Form::Assign(f)) = &s.team.form else {
        panic!("a refusal keeps the form open");
    };
    assert!(!f.busy);
    assert!(
        f.error.as_deref().is_some_and(|e| e.contains("role")),
        "{:?}",
        f.error
    );
    // Sent again, it is the same request (same key).
    let fx = team(&special(&mut s, Key::Enter));
    assert!(
        matches!(&fx[..], [TeamEffect::Assign { key, .. }] if *key == key_sent),
        "{fx:?}"
    );
}

/// demo-agent with ticket 101 open.
fn agent_on_ticket() -> State {
    let mut s = fixtures::state(Language::En, false);
    s.queue.rows = fixtures::page();
    let fx = special(&mut s, Key::Enter);
    let req = fx
        .iter()
        .find_map(|e| match e {
            Effect::LoadTicket { req, .. } => Some(*req),
            _ => None,
        })
        .expect("Enter reads the ticket");
    update(
        &mut s,
        Action::TicketLoaded {
            req,
            result: Ok(fixtures::detail()),
        },
    );
    s
}

#[test]
fn an_agent_hands_a_ticket_to_the_supervisors_with_a_note() {
    let mut s = agent_on_ticket();
    key(&mut s, 'E');
    assert!(matches!(s.team.form, Some(Form::Escalate(_))));
    // Empty: Ctrl-S says a note is needed.
    assert!(team(&ctrl(&mut s, 's')).is_empty());
    typed(&mut s, "Frozen account, caller insists");
    let fx = team(&ctrl(&mut s, 's'));
    match &fx[..] {
        [TeamEffect::Escalate { id, body, .. }] => {
            assert_eq!(*id, 101);
            assert_eq!(body.note, "Frozen account, caller insists");
        }
        other => panic!("{other:?}"),
    }
    let fx = update(
        &mut s,
        ta(TeamAction::Escalated {
            id: 101,
            result: Ok(()),
        }),
    );
    assert!(s.team.form.is_none());
    assert!(s.notice.as_deref().is_some_and(|n| n.contains("#101")));
    assert!(
        fx.iter().any(|e| matches!(e, Effect::LoadTicket { .. })),
        "{fx:?}"
    );
}

#[test]
fn an_agent_cannot_assign() {
    let mut s = agent_on_ticket();
    key(&mut s, 'G');
    assert!(s.team.form.is_none());
    assert!(s.error.is_some());
}

#[test]
fn the_assignee_is_told_at_once_and_the_queue_is_read_again() {
    let mut s = fixtures::state(Language::En, false);
    let fx = update(
        &mut s,
        live(
            "ticket",
            102,
            "ticket.assign",
            "demo-lead",
            Some("demo-agent"),
        ),
    );
    let notice = s.notice.clone().unwrap_or_default();
    assert!(
        notice.contains("#102") && notice.contains("demo-lead"),
        "{notice}"
    );
    assert!(
        fx.iter().any(|e| matches!(e, Effect::LoadQueue { .. })),
        "{fx:?}"
    );
    // Someone else's assignment says nothing.
    let mut other = fixtures::state(Language::En, false);
    update(
        &mut other,
        live(
            "ticket",
            103,
            "ticket.assign",
            "demo-lead",
            Some("demo-agent2"),
        ),
    );
    assert_eq!(other.notice, None);
}

#[test]
fn live_changes_reread_the_board_only_while_it_is_shown() {
    let mut s = lead();
    let fx = update(
        &mut s,
        live("ticket", 101, "ticket.claim", "demo-agent", None),
    );
    assert!(board_req(&fx).is_some(), "{fx:?}");
    key(&mut s, '1');
    let fx = update(
        &mut s,
        live("ticket", 101, "ticket.release", "demo-agent", None),
    );
    assert!(board_req(&fx).is_none(), "{fx:?}");
    let fx = key(&mut s, '4');
    assert!(board_req(&fx).is_some(), "{fx:?}");
}

#[test]
fn alerts_count_on_the_tab_and_go_when_acknowledged() {
    let mut s = lead();
    key(&mut s, '1');
    let fx = update(
        &mut s,
        live(
            "security.alert",
            305,
            "security.lookup_misses",
            "demo-agent2",
            None,
        ),
    );
    let req = team(&fx)
        .iter()
        .find_map(|e| match e {
            TeamEffect::Alerts { req } => Some(*req),
            _ => None,
        })
        .expect("an alert event reads the alerts");
    assert!(s
        .error
        .as_deref()
        .is_some_and(|e| e.contains("demo-agent2")));
    update(
        &mut s,
        ta(TeamAction::Alerts {
            req,
            result: Ok(tf::alerts_page()),
        }),
    );
    assert_eq!(s.team.alerts.open, 2);
    key(&mut s, '4');
    key(&mut s, '!');
    let fx = team(&key(&mut s, 'a'));
    let seq = match &fx[..] {
        [TeamEffect::Ack { seq, .. }] => *seq,
        other => panic!("{other:?}"),
    };
    assert_eq!(seq, 305);
    let mut acked = tf::alerts().remove(0);
    acked.acked_by = Some("demo-lead".into());
    update(
        &mut s,
        ta(TeamAction::Acked {
            seq,
            result: Ok(acked),
        }),
    );
    assert_eq!(s.team.alerts.open, 1);
    assert_eq!(s.team.alerts.rows.len(), 1);
    assert_eq!(s.team.alerts.rows[0].seq, 299);
}

fn audit_loaded(s: &mut State) {
    let fx = team(&key(s, 'u'));
    let req = match &fx[..] {
        [TeamEffect::Audit { req, query }] => {
            assert_eq!(query.cursor, None);
            *req
        }
        other => panic!("{other:?}"),
    };
    update(
        s,
        ta(TeamAction::Audit {
            req,
            result: Ok(tf::audit_page()),
        }),
    );
}

#[test]
fn the_audit_browser_reads_the_next_page_ahead_and_appends_it() {
    let mut s = lead();
    audit_loaded(&mut s);
    assert_eq!(s.team.audit.rows.len(), 3);
    let fx = team(&key(&mut s, 'j'));
    let req = match &fx[..] {
        [TeamEffect::Audit { req, query }] => {
            assert_eq!(query.cursor.as_deref(), Some("c2"));
            *req
        }
        other => panic!("{other:?}"),
    };
    // Not twice while it is in flight.
    assert!(team(&key(&mut s, 'j')).is_empty());
    let mut more = tf::audit();
    for r in &mut more {
        r.seq -= 100;
    }
    update(
        &mut s,
        ta(TeamAction::Audit {
            req,
            result: Ok(kefu::api::Page {
                items: more,
                next_cursor: None,
                total: 6,
            }),
        }),
    );
    assert_eq!(s.team.audit.rows.len(), 6);
    assert_eq!(s.team.audit.selected, 2, "the selection stays where it was");
}

#[test]
fn audit_filters_take_beijing_times_and_refuse_others() {
    let mut s = lead();
    audit_loaded(&mut s);
    key(&mut s, '/');
    typed(&mut s, "demo-lead");
    special(&mut s, Key::Tab);
    typed(&mut s, "ticket.");
    special(&mut s, Key::Tab);
    special(&mut s, Key::Tab);
    typed(&mut s, "yesterday");
    assert!(team(&special(&mut s, Key::Enter)).is_empty());
    assert!(s.team.form.is_some(), "a bad time keeps the form");
    for _ in 0.."yesterday".len() {
        special(&mut s, Key::Backspace);
    }
    typed(&mut s, "2026-03-10 08:00");
    let fx = team(&special(&mut s, Key::Enter));
    match &fx[..] {
        [TeamEffect::Audit { query, .. }] => {
            assert_eq!(query.operator.as_deref(), Some("demo-lead"));
            assert_eq!(query.action.as_deref(), Some("ticket."));
            assert_eq!(query.since.as_deref(), Some("2026-03-10T00:00:00+00:00"));
            assert_eq!(query.until, None);
            assert_eq!(query.cursor, None);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn enter_opens_the_item_and_esc_comes_back_to_the_team_pane() {
    let mut s = lead();
    let fx = team(&key(&mut s, 'w'));
    let req = match &fx[..] {
        [TeamEffect::Sla { req, .. }] => *req,
        other => panic!("{other:?}"),
    };
    update(
        &mut s,
        ta(TeamAction::Sla {
            req,
            result: Ok(tf::sla()),
        }),
    );
    let fx = special(&mut s, Key::Enter);
    assert_eq!(s.pane, Pane::Queue);
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::LoadTicket { id: 101, .. })),
        "{fx:?}"
    );
    special(&mut s, Key::Esc);
    assert_eq!(s.pane, Pane::Team);
    assert_eq!(s.team.view, View::Sla);
    // An audit row names its target by id: it is read, then opened.
    audit_loaded(&mut s);
    let fx = team(&special(&mut s, Key::Enter));
    assert!(
        matches!(
            &fx[..],
            [TeamEffect::Open {
                kind: ItemKind::Ticket,
                id: 102,
                ..
            }]
        ),
        "{fx:?}"
    );
}

#[test]
fn a_form_over_a_pane_takes_typed_keys_as_text() {
    let mut s = lead();
    member(&mut s);
    key(&mut s, 'g');
    // `q` and `4` are text here, not quit or a pane.
    for c in "q4".chars() {
        update(&mut s, Action::Key(KeyChord::ch(c)));
    }
    assert!(!s.quit);
    let Some(Form::Assign(f)) = &s.team.form else {
        panic!("the form is open");
    };
    assert_eq!(f.operator.value(), "q4");
}
