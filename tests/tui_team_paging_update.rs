//! The team pane reads its growing lists a page at a time, without a terminal or a
//! network: the SLA watch, the escalations and an operator's items ask for the next page
//! when the selection nears the end of a list that has more, once while it is in flight,
//! and merge it in with the selection kept on its row; a refresh asks for as many rows as
//! were read.

use kefu::api::TeamPageQuery;
use kefu::config::{Key, Language};
use kefu::tui::action::Effect;
use kefu::tui::fixtures;
use kefu::tui::fixtures::team as tf;
use kefu::tui::panes::team::msg::{TeamAction, TeamEffect};
use kefu::tui::panes::team::paging::LIST_PAGE;
use kefu::tui::state::State;
use kefu::tui::update::update;

#[path = "support/keys.rs"]
mod keys;
use keys::{key, special, ta, team};

/// The one read of `fx`, with its request id and query.
fn read(fx: &[Effect]) -> (u64, TeamPageQuery) {
    match &team(fx)[..] {
        [TeamEffect::Sla { req, query }] | [TeamEffect::Escalations { req, query }] => {
            (*req, query.clone())
        }
        [TeamEffect::Member { req, query, .. }] => (*req, query.clone()),
        other => panic!("one paged read: {other:?}"),
    }
}

/// demo-lead on pane 4 with the board read.
fn lead() -> State {
    let mut s = fixtures::state(Language::En, true);
    let fx = key(&mut s, '4');
    let req = team(&fx)
        .iter()
        .find_map(|e| match e {
            TeamEffect::Board { req } => Some(*req),
            _ => None,
        })
        .expect("the board is read");
    update(
        &mut s,
        ta(TeamAction::Board {
            req,
            result: Ok(tf::board_page()),
        }),
    );
    s
}

/// A ticket row of the fixtures numbered `id`.
fn ticket(id: i64) -> kefu::api::TicketSummary {
    let mut t = fixtures::page().remove(0);
    t.id = id;
    t
}

#[test]
fn the_sla_watch_reads_on_near_the_end_of_a_list_and_keeps_the_selected_row() {
    let mut s = lead();
    let (req, query) = read(&key(&mut s, 'w'));
    assert_eq!(query.limit, Some(LIST_PAGE));
    assert_eq!(query.cursor, None);
    // The first page: 3 of 5 breached, all of today's and the reviews.
    let mut w = tf::sla();
    w.breached = (1..=3).map(ticket).collect();
    w.breached_total = 5;
    w.next_cursor = Some("sla-2".into());
    update(
        &mut s,
        ta(TeamAction::Sla {
            req,
            result: Ok(w.clone()),
        }),
    );
    // Rows: breached 1 2 3, today, review. The gap after row 3 is within reach: the
    // first step down reads on.
    let (req, query) = read(&key(&mut s, 'j'));
    assert_eq!(query.cursor.as_deref(), Some("sla-2"));
    assert_eq!(query.limit, Some(LIST_PAGE));
    assert!(
        team(&key(&mut s, 'j')).is_empty(),
        "not twice while in flight"
    );
    key(&mut s, 'j');
    assert_eq!(s.team.sla.selected, 3, "on today's ticket");
    let selected_id = w.breaching_today[0].id;
    let mut page = tf::sla();
    page.breached = (4..=5).map(ticket).collect();
    page.breaching_today.clear();
    page.reviews_overdue.clear();
    page.breached_total = 5;
    page.next_cursor = None;
    update(
        &mut s,
        ta(TeamAction::Sla {
            req,
            result: Ok(page),
        }),
    );
    let got = s.team.sla.data.as_ref().expect("the watch");
    let ids: Vec<i64> = got.breached.iter().map(|t| t.id).collect();
    assert_eq!(ids, [1, 2, 3, 4, 5]);
    assert_eq!(got.breaching_today.len(), 1);
    assert_eq!(got.reviews_overdue.len(), 1);
    assert_eq!(s.team.sla.selected, 5, "still on today's ticket");
    assert_eq!(got.breaching_today[0].id, selected_id);
    // All read: no more reads; a refresh asks for everything read so far at once.
    assert!(team(&key(&mut s, 'j')).is_empty());
    let (_, query) = read(&key(&mut s, 'r'));
    assert_eq!(query.cursor, None);
    assert_eq!(query.limit, Some(LIST_PAGE), "at least a page");
}

#[test]
fn the_escalations_read_on_and_a_late_page_of_an_old_read_is_dropped() {
    let mut s = lead();
    let (first, _) = read(&key(&mut s, 'e'));
    let mut e = tf::escalations();
    e.tickets_total = 3;
    e.next_cursor = Some("esc-2".into());
    update(
        &mut s,
        ta(TeamAction::Escalations {
            req: first,
            result: Ok(e),
        }),
    );
    // Rows: ticket, review. The ticket list has two more to read.
    let (ahead, query) = read(&key(&mut s, 'j'));
    assert_eq!(query.cursor.as_deref(), Some("esc-2"));
    assert_eq!(s.team.escalations.selected, 1, "on the review");
    let mut page = tf::escalations();
    page.reviews.clear();
    let mut second = page.tickets[0].clone();
    page.tickets[0].ticket.id = 201;
    second.ticket.id = 202;
    page.tickets.push(second);
    page.tickets_total = 3;
    page.next_cursor = None;
    // A refresh started meanwhile supersedes the read ahead.
    let (again, _) = read(&key(&mut s, 'r'));
    update(
        &mut s,
        ta(TeamAction::Escalations {
            req: ahead,
            result: Ok(page.clone()),
        }),
    );
    let rows = |s: &State| {
        let e = s.team.escalations.data.as_ref().expect("read");
        (e.tickets.len(), e.reviews.len())
    };
    assert_eq!(rows(&s), (1, 1), "the old read ahead is not merged");
    // The refresh's answer, then the next page read ahead again.
    let mut fresh = tf::escalations();
    fresh.tickets_total = 3;
    fresh.next_cursor = Some("esc-2".into());
    update(
        &mut s,
        ta(TeamAction::Escalations {
            req: again,
            result: Ok(fresh),
        }),
    );
    // On the last row, a step down reads on.
    let (ahead, _) = read(&key(&mut s, 'j'));
    update(
        &mut s,
        ta(TeamAction::Escalations {
            req: ahead,
            result: Ok(page),
        }),
    );
    assert_eq!(rows(&s), (3, 1));
    assert_eq!(
        s.team.escalations.selected, 3,
        "still on the review, after the tickets read"
    );
}

#[test]
fn an_operators_items_read_on_as_the_selection_nears_the_end() {
    let mut s = lead();
    let fx = special(&mut s, Key::Enter);
    let (req, query) = read(&fx);
    assert_eq!(query.limit, Some(LIST_PAGE));
    let mut d = tf::member_detail();
    d.total = 5;
    d.next_cursor = Some("held-2".into());
    update(
        &mut s,
        ta(TeamAction::Member {
            req,
            result: Ok(d.clone()),
        }),
    );
    let (req, query) = read(&key(&mut s, 'j'));
    assert_eq!(query.cursor.as_deref(), Some("held-2"));
    let mut page = tf::member_detail();
    page.items.truncate(2);
    for (i, h) in page.items.iter_mut().enumerate() {
        h.id = 300 + i as i64;
    }
    page.total = 5;
    page.next_cursor = None;
    update(
        &mut s,
        ta(TeamAction::Member {
            req,
            result: Ok(page),
        }),
    );
    let m = s.team.member.as_ref().expect("the operator's items");
    let ids: Vec<i64> = m
        .detail
        .as_ref()
        .expect("read")
        .items
        .iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(ids, [101, 102, 103, 300, 301]);
    assert_eq!(m.selected, 1);
    assert!(team(&key(&mut s, 'j')).is_empty(), "all read");
}
