//! Live updates in the desk's pure `update`: what a change from the event stream re-reads,
//! how bursts are coalesced, what waits for the operator, and the title bar's live state.

use kefu::api::{LiveEvent, OperatorInfo, Page, Role};
use kefu::client::IdempotencyKey;
use kefu::config::{Key, Language, Theme as ThemeName};
use kefu::tui::action::{Action, Effect};
use kefu::tui::fixtures;
use kefu::tui::fixtures::accounts as acc;
use kefu::tui::fixtures::reviews as rf;
use kefu::tui::live::{LiveStatus, POLL_DOWN, POLL_UP};
use kefu::tui::panes::lookup::msg::{Answer, Request};
use kefu::tui::panes::reviews::msg::{ReviewsAction, ReviewsEffect};
use kefu::tui::panes::write::{PendingWrite, Write};
use kefu::tui::state::State;
use kefu::tui::theme::Theme;
use kefu::tui::update::update;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

#[path = "support/keys.rs"]
mod keys;
use keys::{ctrl, key, reviews, special};

fn change(kind: &str, id: i64, operator: &str) -> Action {
    Action::LiveEvent(LiveEvent {
        seq: 1,
        kind: kind.into(),
        id,
        action: format!("{kind}.update"),
        operator: operator.into(),
        at: "2026-03-10T02:00:00Z".into(),
        previous: None,
        assignee: None,
        decision: None,
    })
}

/// Request ids of the `LoadQueue` effects.
fn queue_loads(fx: &[Effect]) -> Vec<u64> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::LoadQueue { req, .. } => Some(*req),
            _ => None,
        })
        .collect()
}

/// (request id, ticket) of the `LoadTicket` effects.
fn ticket_loads(fx: &[Effect]) -> Vec<(u64, i64)> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::LoadTicket { req, id } => Some((*req, *id)),
            _ => None,
        })
        .collect()
}

fn queue_loaded(s: &mut State, req: u64) -> Vec<Effect> {
    update(
        s,
        Action::QueueLoaded {
            req,
            result: Ok(Page {
                items: fixtures::page(),
                next_cursor: None,
                total: 4,
            }),
        },
    )
}

/// The queue pane with the fixture page loaded, the third row selected.
fn queue() -> State {
    let mut s = fixtures::state(Language::En, false);
    let fx = key(&mut s, 'r');
    let [req] = queue_loads(&fx)[..] else {
        panic!("{fx:?}")
    };
    assert!(queue_loaded(&mut s, req).is_empty());
    key(&mut s, 'j');
    key(&mut s, 'j');
    s
}

/// Ticket 101 open and read.
fn open_ticket() -> State {
    let mut s = queue();
    key(&mut s, 'k');
    key(&mut s, 'k');
    let fx = special(&mut s, Key::Enter);
    let [(req, 101)] = ticket_loads(&fx)[..] else {
        panic!("{fx:?}")
    };
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
fn a_change_to_the_open_ticket_rereads_it_and_keeps_the_editor_text() {
    let mut s = open_ticket();
    key(&mut s, 'n');
    let draft = "已核实来电人身份，";
    update(&mut s, Action::Paste(draft.into()));

    let fx = update(&mut s, change("ticket", 101, "demo-lead"));
    let [(req, 101)] = ticket_loads(&fx)[..] else {
        panic!("the open ticket is re-read: {fx:?}")
    };
    assert!(
        queue_loads(&fx).is_empty(),
        "the queue under an open ticket waits until it is shown again: {fx:?}"
    );
    let mut newer = fixtures::detail();
    newer.summary.version = 4;
    newer.summary.assignee = Some("demo-lead".into());
    let fx = update(
        &mut s,
        Action::TicketLoaded {
            req,
            result: Ok(newer),
        },
    );
    assert!(fx.is_empty(), "{fx:?}");
    let d = s.detail.as_ref().expect("still open");
    assert_eq!(d.ticket.summary.version, 4);
    assert_eq!(d.ticket.summary.assignee.as_deref(), Some("demo-lead"));
    let editor = d.editor.as_ref().expect("the editor stays open");
    assert_eq!(editor.text.text(), draft, "the text typed so far is kept");

    // A change to another ticket does not re-read this one.
    let fx = update(&mut s, change("ticket", 102, "demo-lead"));
    assert!(ticket_loads(&fx).is_empty(), "{fx:?}");
    // Back on the queue, the waiting reload happens once, keeping the selection.
    // Discard the draft, then leave the ticket.
    ctrl(&mut s, 'x');
    let fx = special(&mut s, Key::Esc);
    assert_eq!(queue_loads(&fx).len(), 1, "{fx:?}");
}

#[test]
fn a_burst_of_changes_costs_one_queue_load_in_flight_and_one_after_it() {
    let mut s = queue();
    let selected = s.queue.current().map(|t| t.id);
    let mut loads = Vec::new();
    for i in 0..20 {
        loads.extend(queue_loads(&update(
            &mut s,
            change("ticket", 500 + i, "demo-lead"),
        )));
    }
    let [first] = loads[..] else {
        panic!("20 events, one load in flight: {loads:?}")
    };
    // The answer to the first load triggers exactly one follow-up for the events that
    // arrived while it was in flight.
    let fx = queue_loaded(&mut s, first);
    let [second] = queue_loads(&fx)[..] else {
        panic!("one follow-up: {fx:?}")
    };
    assert_eq!(s.queue.current().map(|t| t.id), selected, "selection kept");
    let fx = queue_loaded(&mut s, second);
    assert!(fx.is_empty(), "nothing more: {fx:?}");

    // A single event later: one load, and no follow-up.
    let fx = update(&mut s, change("ticket", 600, "demo-lead"));
    let [third] = queue_loads(&fx)[..] else {
        panic!("{fx:?}")
    };
    assert!(queue_loaded(&mut s, third).is_empty());
}

#[test]
fn a_load_started_after_the_event_covers_it() {
    let mut s = queue();
    let fx = update(&mut s, change("ticket", 700, "demo-lead"));
    assert_eq!(queue_loads(&fx).len(), 1);
    // The operator refreshes by hand meanwhile: that newer load shows the change, so its
    // answer needs no follow-up.
    let fx = key(&mut s, 'r');
    let [manual] = queue_loads(&fx)[..] else {
        panic!("{fx:?}")
    };
    assert!(queue_loaded(&mut s, manual).is_empty());
}

#[test]
fn the_operators_own_write_is_not_loaded_twice() {
    let mut s = open_ticket();
    let write = PendingWrite {
        ticket: 101,
        write: Write::Claim { steal: false },
        key: IdempotencyKey::new(),
    };
    s.detail.as_mut().expect("open").in_flight = Some(write.clone());
    // The echo of the claim arrives before the answer to the write.
    let fx = update(&mut s, change("ticket", 101, "demo-agent"));
    assert!(fx.is_empty(), "the write's answer re-reads: {fx:?}");
    let fx = update(
        &mut s,
        Action::Written {
            write,
            result: Ok(()),
        },
    );
    assert_eq!(ticket_loads(&fx).len(), 1, "{fx:?}");
    assert_eq!(queue_loads(&fx).len(), 1, "{fx:?}");
    let (req, _) = ticket_loads(&fx)[0];
    let fx = update(
        &mut s,
        Action::TicketLoaded {
            req,
            result: Ok(fixtures::detail()),
        },
    );
    assert!(fx.is_empty(), "no second read: {fx:?}");
}

#[test]
fn a_stale_write_question_is_not_reread_under_the_operator() {
    let mut s = open_ticket();
    let write = PendingWrite {
        ticket: 101,
        write: Write::Release,
        key: IdempotencyKey::new(),
    };
    let fx = update(
        &mut s,
        Action::Written {
            write,
            result: Err(kefu::client::ClientError::Api {
                status: 412,
                code: "stale".into(),
                message: "m".into(),
            }),
        },
    );
    let [(req, 101)] = ticket_loads(&fx)[..] else {
        panic!("{fx:?}")
    };
    update(
        &mut s,
        Action::TicketLoaded {
            req,
            result: Ok(fixtures::detail()),
        },
    );
    assert!(s.overlay.is_some(), "asked again");
    let fx = update(&mut s, change("ticket", 101, "demo-lead"));
    assert!(ticket_loads(&fx).is_empty(), "waits: {fx:?}");
    // Answered: now the change is read.
    let fx = key(&mut s, 'n');
    assert_eq!(ticket_loads(&fx).len(), 1, "{fx:?}");
}

#[test]
fn resync_rereads_what_is_shown() {
    let mut s = open_ticket();
    let fx = update(&mut s, Action::LiveResync);
    assert_eq!(ticket_loads(&fx), vec![(s.next_request, 101)], "{fx:?}");
    let mut s = queue();
    let fx = update(&mut s, Action::LiveResync);
    assert_eq!(queue_loads(&fx).len(), 1, "{fx:?}");
}

#[test]
fn stream_state_shows_in_the_title_and_sets_the_poll() {
    fn title(s: &State) -> String {
        screen(s).lines().next().unwrap_or_default().to_string()
    }
    let mut s = queue();
    assert!(!title(&s).contains("polling") && !title(&s).contains("live"));
    assert_eq!(s.live.poll_every(), POLL_DOWN);
    update(&mut s, Action::Live(LiveStatus::Up));
    assert!(title(&s).contains("online · live"), "{}", title(&s));
    assert_eq!(s.live.poll_every(), POLL_UP);
    update(&mut s, Action::Live(LiveStatus::Down));
    assert!(title(&s).contains("online · polling"), "{}", title(&s));
    assert_eq!(s.live.poll_every(), POLL_DOWN);
    assert!(POLL_DOWN <= std::time::Duration::from_secs(20));
    let mut zh = fixtures::state(Language::ZhCn, false);
    update(&mut zh, Action::Live(LiveStatus::Up));
    // (Wide characters fill two cells; the second one reads as a space here.)
    let squeezed = |s: &State| title(s).replace(' ', "");
    assert!(squeezed(&zh).contains("在线·实时"), "{}", title(&zh));
    update(&mut zh, Action::Live(LiveStatus::Down));
    assert!(squeezed(&zh).contains("在线·轮询"), "{}", title(&zh));
}

#[test]
fn while_the_stream_is_down_the_poll_rereads_the_open_ticket_too() {
    let mut s = open_ticket();
    update(&mut s, Action::Live(LiveStatus::Up));
    let fx = update(&mut s, Action::RefreshDue);
    assert!(ticket_loads(&fx).is_empty(), "the stream says when: {fx:?}");
    update(&mut s, Action::Live(LiveStatus::Down));
    let fx = update(&mut s, Action::RefreshDue);
    assert_eq!(ticket_loads(&fx).len(), 1, "{fx:?}");
}

#[test]
fn a_new_session_starts_the_stream() {
    let mut s = fixtures::state(Language::En, false);
    let fx = update(
        &mut s,
        Action::Restored(Ok(OperatorInfo {
            id: "demo-agent".into(),
            name: "客服小林".into(),
            roles: vec![Role::Agent],
        })),
    );
    assert!(fx.iter().any(|e| matches!(e, Effect::LiveStart)), "{fx:?}");
}

#[test]
fn review_changes_refresh_the_reviews_list_and_the_open_review() {
    let mut s = fixtures::state(Language::En, false);
    let fx = key(&mut s, '3');
    let [ReviewsEffect::List { req, .. }, ReviewsEffect::Count { req: creq, .. }] =
        reviews(&fx)[..]
    else {
        panic!("{fx:?}")
    };
    let listed = |s: &mut State, req| {
        update(
            s,
            Action::Reviews(Box::new(ReviewsAction::Listed {
                req,
                result: Ok(Page {
                    items: rf::rows(),
                    next_cursor: None,
                    total: 3,
                }),
            })),
        )
    };
    listed(&mut s, req);
    update(
        &mut s,
        Action::Reviews(Box::new(ReviewsAction::Counted {
            req: creq,
            result: Ok(vec![]),
        })),
    );
    let fx = update(&mut s, change("review", 999, "demo-reviewer"));
    assert!(
        matches!(
            reviews(&fx)[..],
            [ReviewsEffect::List { .. }, ReviewsEffect::Count { .. }]
        ),
        "{fx:?}"
    );
    // Open the first review; a change to it re-reads it.
    let id = s.reviews.rows[0].id;
    let fx = special(&mut s, Key::Enter);
    let load = reviews(&fx)
        .into_iter()
        .find_map(|e| match e {
            ReviewsEffect::Load { req, .. } => Some(req),
            _ => None,
        })
        .expect("opening loads");
    update(
        &mut s,
        Action::Reviews(Box::new(ReviewsAction::Loaded {
            req: load,
            result: Ok(rf::detail()),
        })),
    );
    let id = s.reviews.open.as_ref().map_or(id, |o| o.review.summary.id);
    let fx = update(&mut s, change("review", id, "demo-reviewer"));
    assert!(
        reviews(&fx)
            .iter()
            .any(|e| matches!(e, ReviewsEffect::Load { id: i, .. } if *i == id)),
        "{fx:?}"
    );
    // Away from the pane, the list is reloaded on return instead.
    key(&mut s, '1');
    let fx = update(&mut s, change("review", 998, "demo-reviewer"));
    assert!(reviews(&fx).is_empty(), "{fx:?}");
    let fx = key(&mut s, '3');
    assert!(
        reviews(&fx)
            .iter()
            .any(|e| matches!(e, ReviewsEffect::List { .. })),
        "{fx:?}"
    );
}

#[test]
fn an_account_change_rereads_the_open_card_of_that_account_only() {
    let mut s = fixtures::state(Language::En, false);
    key(&mut s, '2');
    for c in "13800138000".chars() {
        key(&mut s, c);
    }
    let d = acc::locked();
    let id = d.summary.id;
    let req = s.lookup.pending.id().expect("searched");
    let fx = update(
        &mut s,
        Action::Lookup(Answer::Found {
            req,
            result: Ok(Page {
                items: vec![d.summary.clone()],
                next_cursor: None,
                total: 1,
            }),
        }),
    );
    let [Effect::Lookup(Request::LoadCard { req, .. })] = fx[..] else {
        panic!("{fx:?}")
    };
    update(
        &mut s,
        Action::Lookup(Answer::Card {
            req,
            result: Ok(Box::new(d)),
        }),
    );
    let fx = update(&mut s, change("account", id + 1, "demo-lead"));
    assert!(fx.is_empty(), "another account: {fx:?}");
    let fx = update(&mut s, change("account", id, "demo-lead"));
    assert!(
        matches!(fx[..], [Effect::Lookup(Request::LoadCard { id: i, .. })] if i == id),
        "{fx:?}"
    );
}

/// The whole screen as text (wide characters leave a blank second cell).
fn screen(s: &State) -> String {
    let mut t = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    let theme = Theme::new(ThemeName::Default, true);
    t.draw(|f| kefu::tui::view::render(f, s, &theme))
        .expect("draw");
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn take_over(kind: &str, id: i64, by: &str, from: &str) -> Action {
    Action::LiveEvent(LiveEvent {
        seq: 9,
        kind: kind.into(),
        id,
        action: format!("{kind}.steal"),
        operator: by.into(),
        at: "2026-03-10T02:00:00Z".into(),
        assignee: None,
        previous: Some(from.into()),
        decision: None,
    })
}

#[test]
fn a_take_over_of_my_claim_is_told_at_once_with_who_took_it() {
    let mut s = open_ticket();
    // demo-agent holds ticket 101 and has just been told so.
    if let Some(d) = s.detail.as_mut() {
        d.ticket.summary.assignee = Some("demo-agent".into());
        d.ticket.summary.claim_expires_at = Some(fixtures::now() + chrono::Duration::minutes(20));
    }
    s.notice = Some("Ticket claimed.".into());
    let fx = update(&mut s, take_over("ticket", 101, "demo-lead", "demo-agent"));
    assert_eq!(
        s.notice.as_deref(),
        Some("demo-lead took over your claim on ticket #101.")
    );
    let [(_, 101)] = ticket_loads(&fx)[..] else {
        panic!("the ticket is re-read: {fx:?}")
    };
    let shown = screen(&s);
    assert!(!shown.contains("Ticket claimed"), "{shown}");
    assert!(shown.contains("took over your claim"), "{shown}");
    let claim_row = shown
        .lines()
        .find(|l| l.contains("demo-lead") && !l.contains("took over"))
        .unwrap_or_else(|| panic!("the claim cell names the new holder: {shown}"));
    assert!(!claim_row.contains("demo-agent"), "{claim_row}");

    // In Chinese too; another operator's take-over from someone else says nothing.
    let mut zh = open_ticket();
    zh.lang = Language::ZhCn;
    update(&mut zh, take_over("review", 7, "demo-lead", "demo-agent"));
    assert_eq!(
        zh.notice.as_deref(),
        Some("demo-lead 接管了你认领的审核 #7。")
    );
    let mut other = open_ticket();
    update(
        &mut other,
        take_over("ticket", 101, "demo-lead", "demo-reviewer"),
    );
    assert_eq!(other.notice, None);
}
