//! Links between panes without a terminal or a network: `A` from a ticket (open or a queue
//! row) to its customer's account, Enter on the card's ticket and review lines, Esc back
//! the way the links came, and `/ #123` in the queue.

use kefu::api::{AccountDetail, Page, ReviewKind};
use kefu::config::{Key, Language};
use kefu::tui::action::{Action, Effect};
use kefu::tui::fixtures;
use kefu::tui::fixtures::accounts as acc;
use kefu::tui::fixtures::reviews as rev;
use kefu::tui::panes::lookup::msg::{Answer, Request};
use kefu::tui::panes::reviews::msg::ReviewsEffect;
use kefu::tui::state::{Pane, State};
use kefu::tui::update::update;

#[path = "support/keys.rs"]
mod keys;
use keys::{ctrl, key, special, type_quietly};

/// The queue with the fixture page read.
fn queue(lang: Language) -> State {
    let mut s = fixtures::state(lang, false);
    let fx = key(&mut s, 'r');
    let reqs: Vec<u64> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::LoadQueue { req, .. } => Some(*req),
            _ => None,
        })
        .collect();
    assert_eq!(reqs.len(), 1, "{fx:?}");
    update(
        &mut s,
        Action::QueueLoaded {
            req: reqs[0],
            result: Ok(Page {
                items: fixtures::page(),
                next_cursor: None,
                total: 4,
            }),
        },
    );
    assert_eq!(s.queue.current().map(|t| t.id), Some(101));
    s
}

/// The only card read among `fx`: request id and account.
fn card_read(fx: &[Effect]) -> (u64, i64) {
    let reads: Vec<(u64, i64)> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::Lookup(Request::LoadCard { req, id }) => Some((*req, *id)),
            _ => None,
        })
        .collect();
    assert_eq!(reads.len(), 1, "{fx:?}");
    reads[0]
}

/// The tickets read among `fx`.
fn tickets_read(fx: &[Effect]) -> Vec<i64> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::LoadTicket { id, .. } => Some(*id),
            _ => None,
        })
        .collect()
}

/// The reviews read among `fx`.
fn reviews_read(fx: &[Effect]) -> Vec<i64> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Reviews(ReviewsEffect::Load { id, .. }) => Some(*id),
            _ => None,
        })
        .collect()
}

/// 张伟's locked account as account `id`, with one ticket (#501) and one review (#7).
fn account(id: i64) -> AccountDetail {
    let mut d = acc::locked();
    d.summary.id = id;
    d.reviews = vec![rev::row(
        7,
        ReviewKind::PhoneRebind,
        "张*",
        fixtures::today(),
    )];
    d
}

fn card_arrives(s: &mut State, req: u64, d: AccountDetail) {
    update(
        s,
        Action::Lookup(Answer::Card {
            req,
            result: Ok(Box::new(d)),
        }),
    );
}

fn open_ticket(s: &State) -> Option<i64> {
    s.detail.as_ref().map(|d| d.ticket.summary.id)
}

fn open_review(s: &State) -> Option<i64> {
    s.reviews.open.as_ref().map(|o| o.review.summary.id)
}

#[test]
fn ticket_to_account_to_review_and_esc_walks_back_the_same_way() {
    let mut s = queue(Language::En);
    assert_eq!(tickets_read(&special(&mut s, Key::Enter)), [101]);
    // `A` on the open ticket: its customer's account (fixture tickets link account id × 10).
    let (req, id) = card_read(&key(&mut s, 'A'));
    assert_eq!((s.pane, id), (Pane::Lookup, 1010));
    assert!(!s.lookup.editing, "the card's keys act at once");
    card_arrives(&mut s, req, account(1010));
    assert_eq!(s.lookup.card.as_ref().map(|d| d.summary.id), Some(1010));
    // The cursor walks from the ticket line to the review line; Enter opens the review.
    assert_eq!(s.lookup.selected_ticket(), Some(501));
    assert!(key(&mut s, 'j').is_empty());
    assert_eq!(s.lookup.selected_ticket(), None, "on the review line");
    let fx = special(&mut s, Key::Enter);
    assert_eq!(reviews_read(&fx), [7], "{fx:?}");
    assert_eq!((s.pane, open_review(&s)), (Pane::Reviews, Some(7)));
    // Esc: back to the account card, as it was (not read again).
    let fx = special(&mut s, Key::Esc);
    assert_eq!(s.pane, Pane::Lookup);
    assert_eq!(s.lookup.card.as_ref().map(|d| d.summary.id), Some(1010));
    assert!(!fx.iter().any(|e| matches!(e, Effect::Lookup(_))), "{fx:?}");
    // Esc: back to the ticket it started from.
    special(&mut s, Key::Esc);
    assert_eq!((s.pane, open_ticket(&s)), (Pane::Queue, Some(101)));
    assert!(s.back.is_empty());
    // With the trail walked, Esc is the ticket's own again: it closes.
    special(&mut s, Key::Esc);
    assert_eq!((s.pane, open_ticket(&s)), (Pane::Queue, None));
}

#[test]
fn enter_on_a_card_ticket_opens_it_and_esc_returns_to_the_card() {
    let mut s = queue(Language::ZhCn);
    // `A` on a queue row, no ticket open.
    let (req, _) = card_read(&key(&mut s, 'A'));
    card_arrives(&mut s, req, account(1010));
    assert_eq!(s.lookup.selected_ticket(), Some(501));
    let fx = special(&mut s, Key::Enter);
    assert_eq!(tickets_read(&fx), [501], "{fx:?}");
    assert_eq!((s.pane, open_ticket(&s)), (Pane::Queue, Some(501)));
    special(&mut s, Key::Esc);
    assert_eq!(s.pane, Pane::Lookup);
    assert_eq!(s.lookup.card.as_ref().map(|d| d.summary.id), Some(1010));
    // Back to the queue it started from, with no ticket open.
    special(&mut s, Key::Esc);
    assert_eq!((s.pane, open_ticket(&s)), (Pane::Queue, None));
    assert_eq!(s.queue.current().map(|t| t.id), Some(101));
}

#[test]
fn a_ticket_without_an_account_says_so_in_the_operators_language() {
    for (lang, want) in [
        (Language::En, "Ticket #101 has no linked account"),
        (Language::ZhCn, "工单 #101 未关联账号"),
    ] {
        let mut s = queue(lang);
        s.queue.rows[0].account_id = None;
        assert!(key(&mut s, 'A').is_empty(), "nothing is read");
        assert_eq!(s.error.as_deref(), Some(want));
        assert_eq!(s.pane, Pane::Queue);
        special(&mut s, Key::Enter);
        if let Some(d) = s.detail.as_mut() {
            d.ticket.summary.account_id = None;
        }
        assert!(key(&mut s, 'A').is_empty());
        assert_eq!(s.error.as_deref(), Some(want));
        assert_eq!((s.pane, open_ticket(&s)), (Pane::Queue, Some(101)));
        assert!(s.back.is_empty());
    }
}

#[test]
fn a_trail_left_another_way_is_dropped_and_esc_does_the_panes_own_thing() {
    let mut s = queue(Language::En);
    special(&mut s, Key::Enter);
    let (req, _) = card_read(&key(&mut s, 'A'));
    card_arrives(&mut s, req, account(1010));
    // The agent goes back by the pane key instead: Esc closes the ticket as usual.
    key(&mut s, '1');
    assert_eq!((s.pane, open_ticket(&s)), (Pane::Queue, Some(101)));
    special(&mut s, Key::Esc);
    assert_eq!((s.pane, open_ticket(&s)), (Pane::Queue, None));
    assert!(s.back.is_empty());
}

#[test]
fn the_queue_filter_finds_a_ticket_by_its_number() {
    for text in ["#103", "id:103"] {
        let mut s = fixtures::state(Language::En, false);
        assert!(key(&mut s, '/').is_empty());
        ctrl(&mut s, 'u');
        type_quietly(&mut s, text);
        let fx = special(&mut s, Key::Enter);
        let queries: Vec<_> = fx
            .iter()
            .filter_map(|e| match e {
                Effect::LoadQueue { query, .. } => Some(query.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(queries.len(), 1, "{fx:?}");
        assert_eq!(queries[0].id, Some(103), "{text}");
        assert_eq!(queries[0].q, None, "{text}: not a word search");
        assert_eq!(queries[0].status, None, "{text}: whatever its status");
    }
}
