//! A reviewer's "mine" in the reviews pane, without a terminal or a network: `m` asks the
//! server for the reviews assigned to or claimed by the reviewer (list and counts), `m`
//! again or `Esc` shows every review; a supervisor's assignment arriving live is said at
//! once with that key, and the list is read again so that "mine" holds the review.

use kefu::api::{LiveEvent, OperatorInfo, Page, ReviewKind, ReviewQuery, Role};
use kefu::config::{Key, Language};
use kefu::tui::action::{Action, Effect};
use kefu::tui::fixtures;
use kefu::tui::fixtures::reviews as rf;
use kefu::tui::panes::reviews::msg::{ReviewsAction, ReviewsEffect};
use kefu::tui::state::{Pane, State};
use kefu::tui::update::update;

const ME: &str = "demo-reviewer";

#[path = "support/keys.rs"]
mod keys;
use keys::{act, key, no_drafts, reviews, special};

/// The list read among `fx` (exactly one), with its request id and query.
fn list(fx: &[Effect]) -> (u64, ReviewQuery) {
    let found: Vec<(u64, ReviewQuery)> = reviews(fx)
        .into_iter()
        .filter_map(|e| match e {
            ReviewsEffect::List { req, query } => Some((req, query)),
            _ => None,
        })
        .collect();
    assert_eq!(found.len(), 1, "{fx:?}");
    found[0].clone()
}

/// The counts read among `fx` (exactly one): whether it asks for "mine".
fn counts_mine(fx: &[Effect]) -> Option<bool> {
    let found: Vec<Option<bool>> = reviews(fx)
        .into_iter()
        .filter_map(|e| match e {
            ReviewsEffect::Count { query, .. } => Some(query.mine),
            _ => None,
        })
        .collect();
    assert_eq!(found.len(), 1, "{fx:?}");
    found[0]
}

fn reviewer(lang: Language) -> State {
    let mut s = fixtures::state(lang, false);
    s.operator = Some(OperatorInfo {
        id: ME.into(),
        name: "审核员小陈".into(),
        roles: vec![Role::Reviewer],
    });
    s
}

/// The reviewer on the reviews pane with the fixture queue loaded.
fn queue(lang: Language) -> State {
    let mut s = reviewer(lang);
    let fx = key(&mut s, '3');
    let (req, query) = list(&fx);
    assert_eq!(query.mine, None, "the pane opens on every review");
    act(
        &mut s,
        ReviewsAction::Listed {
            req,
            result: Ok(Page {
                items: rf::rows(),
                next_cursor: None,
                total: 3,
            }),
        },
    );
    s
}

/// Review 12, assigned to the reviewer by demo-lead.
fn assigned_row() -> kefu::api::ReviewSummary {
    let mut r = rf::row(
        12,
        ReviewKind::PhoneRebind,
        "周*",
        fixtures::now().date_naive(),
    );
    r.assigned_to = Some(ME.into());
    r
}

fn assign_event(id: i64, by: &str, to: &str) -> Action {
    Action::LiveEvent(LiveEvent {
        seq: 700,
        kind: "review".into(),
        id,
        action: "review.assign".into(),
        operator: by.into(),
        at: "2026-03-10T02:00:00Z".into(),
        previous: None,
        assignee: Some(to.into()),
        decision: None,
    })
}

#[test]
fn m_asks_for_mine_in_the_list_and_the_counts_and_m_again_or_esc_shows_all() {
    let mut s = queue(Language::En);
    key(&mut s, 'j');
    assert_eq!(s.reviews.selected, 1);
    let fx = key(&mut s, 'm');
    let (_, query) = list(&fx);
    assert_eq!(query.mine, Some(true));
    // Still the open work, under the other filters.
    let states = query.state.unwrap_or_default();
    assert!(
        states.contains("pending") && states.contains("claimed"),
        "{states}"
    );
    assert_eq!(query.assigned_to, None);
    assert_eq!(counts_mine(&fx), Some(true), "the counts are of mine too");
    assert!(s.reviews.filter.mine);
    assert_eq!(s.reviews.selected, 0, "a new view reads from the top");
    assert!(s.reviews.rows.is_empty());

    // A kind filter keeps "mine".
    let fx = key(&mut s, 'K');
    let (_, query) = list(&fx);
    assert_eq!(query.mine, Some(true));
    assert_eq!(query.kind.as_deref(), Some("real_name"));

    // `m` again: every review (the kind filter stays).
    let fx = key(&mut s, 'm');
    let (_, query) = list(&fx);
    assert_eq!(query.mine, None);
    assert_eq!(query.kind.as_deref(), Some("real_name"));
    assert_eq!(counts_mine(&fx), None);

    // Esc drops "mine" with the other filters.
    key(&mut s, 'm');
    let fx = special(&mut s, Key::Esc);
    let (_, query) = list(&fx);
    assert_eq!(query.mine, None);
    assert_eq!(query.kind, None);
    assert!(!s.reviews.filter.mine);
}

#[test]
fn an_assignment_on_the_reviews_pane_is_said_and_mine_is_read_again_with_it() {
    let mut s = queue(Language::En);
    let fx = key(&mut s, 'm');
    let (req, _) = list(&fx);
    act(
        &mut s,
        ReviewsAction::Listed {
            req,
            result: Ok(Page {
                items: vec![],
                next_cursor: None,
                total: 0,
            }),
        },
    );
    let fx = no_drafts(update(&mut s, assign_event(12, "demo-lead", ME)));
    let notice = s.notice.clone().unwrap_or_default();
    assert!(
        notice.contains("#12") && notice.contains("demo-lead") && notice.contains(" m "),
        "the notice names the review, who assigned it and the key: {notice}"
    );
    assert_eq!(s.error, None);
    // The list on screen ("mine") is read again at once.
    let (req, query) = list(&fx);
    assert_eq!(query.mine, Some(true));
    act(
        &mut s,
        ReviewsAction::Listed {
            req,
            result: Ok(Page {
                items: vec![assigned_row()],
                next_cursor: None,
                total: 1,
            }),
        },
    );
    assert_eq!(s.reviews.rows.len(), 1);
    assert_eq!(s.reviews.rows[0].id, 12);
    // Enter opens it.
    let fx = special(&mut s, Key::Enter);
    let loads: Vec<i64> = reviews(&fx)
        .into_iter()
        .filter_map(|e| match e {
            ReviewsEffect::Load { id, .. } => Some(id),
            _ => None,
        })
        .collect();
    assert_eq!(loads, vec![12]);
}

#[test]
fn an_assignment_heard_elsewhere_is_in_mine_once_the_reviewer_goes_there() {
    let mut s = queue(Language::ZhCn);
    key(&mut s, '1');
    assert_eq!(s.pane, Pane::Queue);
    let fx = no_drafts(update(&mut s, assign_event(12, "demo-lead", ME)));
    assert!(
        reviews(&fx).is_empty(),
        "nothing is read for a pane not shown: {fx:?}"
    );
    let notice = s.notice.clone().unwrap_or_default();
    assert!(
        notice.contains("#12") && notice.contains('m') && notice.contains("指派"),
        "{notice}"
    );
    // Back on the reviews pane the list is read again; `m` reads "mine", which lists it.
    let fx = key(&mut s, '3');
    let (_, query) = list(&fx);
    assert_eq!(query.mine, None);
    let fx = key(&mut s, 'm');
    let (req, query) = list(&fx);
    assert_eq!(query.mine, Some(true));
    act(
        &mut s,
        ReviewsAction::Listed {
            req,
            result: Ok(Page {
                items: vec![assigned_row()],
                next_cursor: None,
                total: 1,
            }),
        },
    );
    let ids: Vec<i64> = s.reviews.rows.iter().map(|r| r.id).collect();
    assert_eq!(ids, vec![12]);
}

#[test]
fn someone_elses_assignment_or_ones_own_take_over_says_nothing() {
    let mut s = queue(Language::En);
    update(&mut s, assign_event(13, "demo-lead", "demo-reviewer2"));
    assert_eq!(s.notice, None);
    // A supervisor who assigns a review to themselves was told on their own desk.
    let mut lead = fixtures::state(Language::En, true);
    let me = lead
        .operator
        .as_ref()
        .map(|o| o.id.clone())
        .unwrap_or_default();
    update(&mut lead, assign_event(13, &me, &me));
    assert_eq!(lead.notice, None);
}
