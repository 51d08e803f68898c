//! The team pane's states reached through `update` as a team lead's desk reaches them,
//! shared by the snapshot test (tests/tui_team_snapshots.rs) and the catalog coverage
//! test (tests/tui_team_catalog_coverage.rs): each step reads one sub-view's data into a
//! state the caller made (at the size it wants), so both tests draw the same states.
#![allow(dead_code)]

use kefu::api::LiveEvent;
use kefu::config::Key;
use kefu::tui::action::{Action, Effect};
use kefu::tui::fixtures;
use kefu::tui::fixtures::team as tf;
use kefu::tui::panes::team::msg::{TeamAction, TeamEffect};
use kefu::tui::state::State;
use kefu::tui::update::update;

use crate::keys::{key, special, ta, typed};

/// The request id of the first team effect `pick` accepts.
pub fn req(fx: &[Effect], pick: fn(&TeamEffect) -> Option<u64>) -> u64 {
    fx.iter()
        .find_map(|e| match e {
            Effect::Team(t) => pick(t),
            _ => None,
        })
        .expect("the pane asked for its data")
}

/// Pane 4 entered on a supervisor's desk `s`, the board and two open alerts read, back on
/// the board.
pub fn board_read(s: &mut State) {
    let fx = key(s, '4');
    let board = req(&fx, |e| match e {
        TeamEffect::Board { req } => Some(*req),
        _ => None,
    });
    update(
        s,
        ta(TeamAction::Board {
            req: board,
            result: Ok(tf::board_page()),
        }),
    );
    alerts_read(s);
    key(s, 'b');
}

/// The alerts opened and read.
pub fn alerts_read(s: &mut State) {
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

/// The selected operator's items opened and read.
pub fn member_read(s: &mut State) {
    let fx = special(s, Key::Enter);
    let r = req(&fx, |e| match e {
        TeamEffect::Member { req, .. } => Some(*req),
        _ => None,
    });
    update(
        s,
        ta(TeamAction::Member {
            req: r,
            result: Ok(tf::member_detail()),
        }),
    );
}

/// The SLA watch opened and read.
pub fn sla_read(s: &mut State) {
    let fx = key(s, 'w');
    let r = req(&fx, |e| match e {
        TeamEffect::Sla { req, .. } => Some(*req),
        _ => None,
    });
    update(
        s,
        ta(TeamAction::Sla {
            req: r,
            result: Ok(tf::sla()),
        }),
    );
}

/// The escalations opened and read.
pub fn escalations_read(s: &mut State) {
    let fx = key(s, 'e');
    let r = req(&fx, |e| match e {
        TeamEffect::Escalations { req, .. } => Some(*req),
        _ => None,
    });
    update(
        s,
        ta(TeamAction::Escalations {
            req: r,
            result: Ok(tf::escalations()),
        }),
    );
}

/// The audit browser opened and read, its first row selected.
pub fn audit_read(s: &mut State) {
    let fx = key(s, 'u');
    let r = req(&fx, |e| match e {
        TeamEffect::Audit { req, .. } => Some(*req),
        _ => None,
    });
    update(
        s,
        ta(TeamAction::Audit {
            req: r,
            result: Ok(tf::audit_page()),
        }),
    );
}

/// On an operator's items: the second item's assignment form, another operator picked
/// and a reason typed.
pub fn assign_typed(s: &mut State) {
    key(s, 'j');
    key(s, 'g');
    special(s, Key::Down);
    special(s, Key::Tab);
    typed(s, "交接给小林");
}

/// On an agent's queue: the first ticket opened and read, its escalation note typed.
pub fn escalate_typed(s: &mut State) {
    s.queue.rows = fixtures::page();
    let fx = special(s, Key::Enter);
    let r = fx
        .iter()
        .find_map(|e| match e {
            Effect::LoadTicket { req, .. } => Some(*req),
            _ => None,
        })
        .expect("the ticket is read");
    update(
        s,
        Action::TicketLoaded {
            req: r,
            result: Ok(fixtures::detail()),
        },
    );
    key(s, 'E');
    typed(s, "账号疑似出租，请主管处理");
}

/// A reviewer escalating review #7, as the live feed says it.
pub fn escalation_event() -> Action {
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
