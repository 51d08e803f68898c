//! `update` without a terminal or a network: navigation, filters, the stale-write path,
//! the call flow, expired sessions.

use kefu::api::{Page, Status, TicketPatch, Visibility};
use kefu::client::ClientError;
use kefu::config::{Key, KeyChord, Language};
use kefu::tui::action::{Action, Effect};
use kefu::tui::choice::{Confirm, PickFor};
use kefu::tui::drafts::{Draft, DraftBody, DraftEffect, DraftId};
use kefu::tui::fixtures;
use kefu::tui::panes::write::{PendingWrite, Write};
use kefu::tui::state::{Conn, Overlay, Screen, State};
use kefu::tui::update::update;

#[path = "support/keys.rs"]
mod keys;
use keys::{ctrl, key, no_drafts, special, type_quietly};

fn api(status: u16) -> ClientError {
    ClientError::Api {
        status,
        code: "x".into(),
        message: "refused".into(),
    }
}

/// The request id of the only `LoadQueue` effect, and its query.
fn queue_req(fx: &[Effect]) -> (u64, kefu::api::TicketQuery) {
    let found: Vec<_> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::LoadQueue { req, query } => Some((*req, query.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(found.len(), 1, "{fx:?}");
    found[0].clone()
}

fn loaded(s: &mut State, req: u64, next: Option<&str>) {
    update(
        s,
        Action::QueueLoaded {
            req,
            result: Ok(Page {
                items: fixtures::page(),
                next_cursor: next.map(str::to_string),
                total: 9,
            }),
        },
    );
}

/// A second page of three tickets, unlike the fixture page's.
fn page_two() -> Vec<kefu::api::TicketSummary> {
    (300..303)
        .map(|id| fixtures::ticket(id, "第二页", "王*", fixtures::today()))
        .collect()
}

/// The request ids and cursors of the read-ahead effects.
fn ahead_reqs(fx: &[Effect]) -> Vec<(u64, Option<String>)> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::ReadAhead { req, query } => Some((*req, query.cursor.clone())),
            _ => None,
        })
        .collect()
}

/// The one read-ahead of `fx`, with its cursor; no other queue read.
fn ahead_req(fx: &[Effect]) -> (u64, Option<String>) {
    let found = ahead_reqs(fx);
    assert_eq!(found.len(), 1, "{fx:?}");
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::LoadQueue { .. })),
        "{fx:?}"
    );
    found[0].clone()
}

fn answer(
    s: &mut State,
    req: u64,
    items: Vec<kefu::api::TicketSummary>,
    next: Option<&str>,
) -> Vec<Effect> {
    no_drafts(update(
        s,
        Action::QueueLoaded {
            req,
            result: Ok(Page {
                items,
                next_cursor: next.map(str::to_string),
                total: 7,
            }),
        },
    ))
}

/// The queue read `req` failed with HTTP `status`.
fn failed(s: &mut State, req: u64, status: u16) -> Vec<Effect> {
    no_drafts(update(
        s,
        Action::QueueLoaded {
            req,
            result: Err(api(status)),
        },
    ))
}

/// The queue on page 1 (the fixture page, next cursor "c2"), page 2 read ahead: its id.
fn page_one_with_two_ahead(s: &mut State) -> u64 {
    let (req, q) = queue_req(&key(s, 'r'));
    assert_eq!(q.limit, Some(50), "never the whole queue");
    // A re-read reads no neighbour; the first move does (four rows on a 32-row screen:
    // within a screen of the end), and moving back asks nothing more.
    assert!(answer(s, req, fixtures::page(), Some("c2")).is_empty());
    let (ahead, cursor) = ahead_req(&key(s, 'j'));
    assert_eq!(cursor.as_deref(), Some("c2"));
    assert!(key(s, 'k').is_empty());
    assert_eq!(s.queue.selected, 0);
    ahead
}

#[test]
fn the_next_page_is_read_ahead_and_crossing_shows_it_without_a_request() {
    let mut s = fixtures::state(Language::En, false);
    let ahead = page_one_with_two_ahead(&mut s);
    s.dirty = false; // as after a frame
    assert!(answer(&mut s, ahead, page_two(), None).is_empty());
    assert!(!s.dirty, "a page read ahead draws nothing");
    assert_eq!(
        s.queue.rows[0].id,
        fixtures::page()[0].id,
        "still page 1 on screen"
    );
    for _ in 0..3 {
        assert!(key(&mut s, 'j').is_empty(), "read once, not per move");
    }
    assert!(key(&mut s, 'j').is_empty(), "crossing needs no request");
    assert_eq!((s.queue.selected, s.queue.page()), (0, 2));
    assert_eq!(s.queue.rows[0].id, 300);
    assert_eq!(s.queue.next_cursor, None);
    // Back: page 1 was kept, so this is instant too, on its last row.
    assert!(key(&mut s, 'k').is_empty());
    assert_eq!((s.queue.selected, s.queue.page()), (3, 1));
    assert_eq!(
        s.queue.current().map(|t| t.id),
        fixtures::page().last().map(|t| t.id)
    );
    // And forward again from the page kept on the other side.
    assert!(key(&mut s, 'j').is_empty());
    assert_eq!((s.queue.page(), s.queue.rows[0].id), (2, 300));
}

#[test]
fn within_a_screen_of_both_ends_both_neighbours_are_read() {
    let mut s = fixtures::state(Language::En, false);
    let ahead = page_one_with_two_ahead(&mut s);
    answer(&mut s, ahead, page_two(), Some("c3"));
    for _ in 0..3 {
        key(&mut s, 'j');
    }
    // Onto page 2, which is short: its next page is wanted at once; page 1 is kept, so it
    // is not read again.
    let (next, cursor) = ahead_req(&key(&mut s, 'j'));
    assert_eq!(s.queue.page(), 2);
    assert_eq!(cursor.as_deref(), Some("c3"));
    // Page 3 from the cursor; its previous page (2) is kept, its next one is read.
    answer(&mut s, next, fixtures::page(), Some("c4"));
    key(&mut s, 'j');
    key(&mut s, 'j');
    let fx = key(&mut s, 'j');
    assert_eq!(s.queue.page(), 3);
    assert_eq!(ahead_reqs(&fx).len(), 1, "page 4 only: {fx:?}");
    // A re-read forgets both, and reads neither (a live change costs one read); at the
    // next move both are read afresh, in one go.
    let (refresh, _) = queue_req(&update(&mut s, Action::RefreshDue));
    assert!(answer(&mut s, refresh, fixtures::page(), Some("c4")).is_empty());
    let fx = key(&mut s, 'j');
    let both = ahead_reqs(&fx);
    assert_eq!(
        both.iter().map(|(_, c)| c.as_deref()).collect::<Vec<_>>(),
        vec![Some("c4"), Some("c2")],
        "{fx:?}"
    );
}

#[test]
fn crossing_while_the_read_ahead_is_on_its_way_takes_its_answer() {
    let mut s = fixtures::state(Language::En, false);
    let ahead = page_one_with_two_ahead(&mut s);
    for _ in 0..4 {
        assert!(key(&mut s, 'j').is_empty(), "no second request for page 2");
    }
    assert_eq!(
        s.queue.pending.id(),
        Some(ahead),
        "the read-ahead is now the queue's read"
    );
    // A held key repeats: nothing is asked until the page is there; its moves wait.
    for _ in 0..3 {
        assert!(key(&mut s, 'j').is_empty());
    }
    assert_eq!(
        s.queue.cursors.len(),
        2,
        "page 2 asked once, not three times"
    );
    assert!(answer(&mut s, ahead, page_two(), None).is_empty());
    assert_eq!(
        (s.queue.selected, s.queue.page(), s.queue.rows[0].id),
        (2, 2, 300),
        "the three keys moved on to page 2's last row"
    );
    // Back to page 1: the page kept is page 1's own rows.
    for _ in 0..3 {
        key(&mut s, 'k');
    }
    assert_eq!(
        (s.queue.page(), s.queue.rows[0].id),
        (1, fixtures::page()[0].id)
    );
}

#[test]
fn a_failed_read_ahead_is_quiet_is_not_repeated_and_crossing_reads_the_page_itself() {
    let mut s = fixtures::state(Language::En, false);
    let ahead = page_one_with_two_ahead(&mut s);
    let fx = failed(&mut s, ahead, 429);
    assert!(fx.is_empty(), "{fx:?}");
    assert_eq!(s.error, None, "nothing the operator asked for failed");
    assert_eq!(s.conn, Conn::Online);
    // Not asked again per key (a rate limit would answer each repeat the same).
    for _ in 0..3 {
        assert!(key(&mut s, 'j').is_empty());
    }
    // Crossing reads it as the queue's own read, which shows its error if it fails.
    let (req, q) = queue_req(&key(&mut s, 'j'));
    assert_ne!(req, ahead);
    assert_eq!(q.cursor.as_deref(), Some("c2"));
    failed(&mut s, req, 503);
    assert!(s.error.is_some(), "the operator's own move failed: said so");
}

#[test]
fn a_refresh_while_a_crossing_waits_still_lands_on_the_new_page() {
    let mut s = fixtures::state(Language::En, false);
    let ahead = page_one_with_two_ahead(&mut s);
    for _ in 0..4 {
        key(&mut s, 'j');
    }
    assert_eq!(s.queue.pending.id(), Some(ahead), "waiting for page 2");
    // A poll comes due (or the operator presses r): it reads the page being crossed to.
    let (refresh, q) = queue_req(&update(&mut s, Action::RefreshDue));
    assert_eq!(q.cursor.as_deref(), Some("c2"));
    // The held key asks nothing more (one crossing at a time); its move waits for the page.
    assert!(key(&mut s, 'j').is_empty());
    assert_eq!(s.queue.cursors.len(), 2);
    answer(&mut s, refresh, page_two(), None);
    assert_eq!(
        (s.queue.page(), s.queue.selected, s.queue.rows[0].id),
        (2, 1, 300),
        "on page 2's second row: the key pressed while waiting moved one on"
    );
    assert_eq!(s.queue.arrived, 0, "page 2's rows are not new arrivals");
}

#[test]
fn a_failed_crossing_goes_back_to_the_page_on_screen() {
    let mut s = fixtures::state(Language::En, false);
    let ahead = page_one_with_two_ahead(&mut s);
    failed(&mut s, ahead, 503);
    for _ in 0..3 {
        key(&mut s, 'j');
    }
    let (req, _) = queue_req(&key(&mut s, 'j'));
    assert_eq!(s.queue.cursors.len(), 2);
    failed(&mut s, req, 503);
    assert!(s.error.is_some());
    assert_eq!(
        s.queue.cursors,
        vec![None],
        "still page 1, as the screen shows"
    );
    assert!(s.queue.ahead.is_none() && s.queue.behind.is_none());
    // Trying again asks for page 2 again, from page 1's cursor, once.
    let (again, q) = queue_req(&key(&mut s, 'j'));
    assert_eq!(q.cursor.as_deref(), Some("c2"));
    answer(&mut s, again, page_two(), None);
    assert_eq!((s.queue.page(), s.queue.rows[0].id), (2, 300));
    // After a re-read (page 1 no longer kept), back to page 1 fails too: page 2 stays,
    // named as page 2.
    let (refresh, _) = queue_req(&update(&mut s, Action::RefreshDue));
    answer(&mut s, refresh, page_two(), None);
    let (back, q) = queue_req(&key(&mut s, 'k'));
    assert_eq!(q.cursor, None);
    failed(&mut s, back, 503);
    assert_eq!(s.queue.cursors, vec![None, Some("c2".to_string())]);
    assert_eq!(s.queue.rows[0].id, 300);
}

#[test]
fn an_ended_session_seen_by_a_read_ahead_goes_to_sign_in() {
    let mut s = fixtures::state(Language::En, false);
    let ahead = page_one_with_two_ahead(&mut s);
    failed(&mut s, ahead, 401);
    assert_eq!(s.screen, Screen::SignIn);
}

#[test]
fn a_refresh_forgets_the_pages_read_ahead() {
    let mut s = fixtures::state(Language::En, false);
    let ahead = page_one_with_two_ahead(&mut s);
    answer(&mut s, ahead, page_two(), None);
    let (refresh, _) = queue_req(&update(&mut s, Action::RefreshDue));
    assert!(
        s.queue.ahead.is_none(),
        "a page read before the change is not shown after it"
    );
    // Nothing is read with the re-read; the next move reads page 2 afresh.
    assert!(answer(&mut s, refresh, fixtures::page(), Some("c2")).is_empty());
    let (again, cursor) = ahead_req(&key(&mut s, 'j'));
    assert_ne!(again, ahead);
    assert_eq!(cursor.as_deref(), Some("c2"));
    // A late answer to the forgotten read-ahead changes nothing.
    answer(&mut s, ahead, page_two(), None);
    assert_eq!(s.queue.rows[0].id, fixtures::page()[0].id);
    for _ in 0..3 {
        key(&mut s, 'j');
    }
    assert_eq!(s.queue.pending.id(), Some(again));
}

#[test]
fn newest_list_request_wins() {
    let mut s = fixtures::state(Language::En, false);
    let (old, _) = queue_req(&key(&mut s, 'r'));
    let (new, q) = queue_req(&key(&mut s, 's'));
    assert_ne!(old, new);
    assert_eq!(
        q.sort.as_deref(),
        Some("id"),
        "s moves the sort from due to the next column"
    );
    loaded(&mut s, old, None);
    assert!(s.queue.rows.is_empty(), "the older answer was dropped");
    loaded(&mut s, new, None);
    assert_eq!(s.queue.rows.len(), 4);
}

#[test]
fn live_refresh_keeps_the_selection_and_counts_arrivals() {
    let mut s = fixtures::state(Language::En, false);
    let (req, _) = queue_req(&key(&mut s, 'r'));
    loaded(&mut s, req, None);
    key(&mut s, 'j');
    key(&mut s, 'j');
    let selected = s.queue.current().map(|t| t.id);
    let (req, _) = queue_req(&update(&mut s, Action::RefreshDue));
    let mut items = fixtures::page();
    items.insert(0, fixtures::ticket(200, "新工单", "李*", fixtures::today()));
    update(
        &mut s,
        Action::QueueLoaded {
            req,
            result: Ok(Page {
                items,
                next_cursor: None,
                total: 5,
            }),
        },
    );
    assert_eq!(s.queue.current().map(|t| t.id), selected);
    assert_eq!(s.queue.arrived, 1);
}

#[test]
fn filter_bar_builds_the_server_query() {
    let mut s = fixtures::state(Language::En, false);
    assert!(key(&mut s, '/').is_empty());
    ctrl(&mut s, 'u');
    type_quietly(&mut s, "status:open,new channel:phone assignee:me 锁定");
    let (_, q) = queue_req(&special(&mut s, Key::Enter));
    assert_eq!(q.status.as_deref(), Some("open,new"));
    assert_eq!(q.channel.as_deref(), Some("phone"));
    assert_eq!(q.assignee.as_deref(), Some("me"));
    assert_eq!(q.q.as_deref(), Some("锁定"));
    assert!(s.queue.filter_bar.is_none());
}

#[test]
fn a_paste_into_the_filter_bar_loses_controls_and_bidi_but_keeps_the_text() {
    let mut s = fixtures::state(Language::En, false);
    key(&mut s, '/');
    ctrl(&mut s, 'u');
    update(
        &mut s,
        Action::Paste("锁\u{202e}定\u{200b}\u{1b}[2J\n𠮷".into()),
    );
    let bar = s.queue.filter_bar.as_ref().map(|b| b.value().to_string());
    assert_eq!(bar.as_deref(), Some("锁定[2J𠮷"));
}

#[test]
fn a_bad_filter_keeps_the_bar_and_the_text() {
    let mut s = fixtures::state(Language::ZhCn, false);
    key(&mut s, '/');
    ctrl(&mut s, 'u');
    type_quietly(&mut s, "status:opne");
    assert!(special(&mut s, Key::Enter).is_empty());
    assert_eq!(
        s.queue.filter_bar.as_ref().map(|i| i.value().to_string()),
        Some("status:opne".into())
    );
    let e = s.queue.filter_error.clone().unwrap_or_default();
    assert!(e.contains("opne") && e.contains("可用值"), "{e}");
    assert!(special(&mut s, Key::Esc).is_empty());
    assert!(s.queue.filter_bar.is_none());
}

#[test]
fn saved_views_are_one_key_away() {
    let mut s = fixtures::state(Language::En, false);
    let (_, q) = queue_req(&key(&mut s, 'm'));
    assert_eq!(q.assignee.as_deref(), Some("me"));
    assert_eq!(s.queue.view.as_deref(), Some("mine"));
    let (_, q) = queue_req(&key(&mut s, 'o'));
    assert_eq!(q.overdue, Some(true));
    let (_, q) = queue_req(&special(&mut s, Key::Esc));
    assert_eq!(q.overdue, None);
    assert_eq!(s.queue.view, None);
}

fn open_ticket(s: &mut State) {
    let (req, _) = queue_req(&key(s, 'r'));
    loaded(s, req, None);
    let fx = special(s, Key::Enter);
    let req = match fx.as_slice() {
        [Effect::LoadTicket { req, id: 101 }] => *req,
        other => panic!("{other:?}"),
    };
    update(
        s,
        Action::TicketLoaded {
            req,
            result: Ok(fixtures::detail()),
        },
    );
}

#[test]
fn stale_write_rereads_shows_changes_and_asks_again_keeping_the_text() {
    let mut s = fixtures::state(Language::En, false);
    open_ticket(&mut s);
    key(&mut s, 't');
    let fx = special(&mut s, Key::Enter);
    let (write, version) = match fx.as_slice() {
        [Effect::Write { write, version }] => (write.clone(), *version),
        other => panic!("{other:?}"),
    };
    assert_eq!(version, 3);
    assert!(matches!(
        &write.write,
        Write::Patch(TicketPatch {
            status: Some(Status::PendingCustomer),
            ..
        })
    ));
    let fx = update(
        &mut s,
        Action::Written {
            write: write.clone(),
            result: Err(api(412)),
        },
    );
    let req = match fx.as_slice() {
        [Effect::LoadTicket { req, id: 101 }] => *req,
        other => panic!("a 412 re-reads: {other:?}"),
    };
    let mut newer = fixtures::detail();
    newer.summary.version = 4;
    newer.summary.priority = kefu::api::Priority::High;
    newer.summary.assignee = Some("demo-lead".into());
    update(
        &mut s,
        Action::TicketLoaded {
            req,
            result: Ok(newer),
        },
    );
    assert!(matches!(s.overlay, Some(Overlay::Confirm(Confirm::Retry))));
    let changes = &s
        .detail
        .as_ref()
        .and_then(|d| d.stale.as_ref())
        .map(|st| st.changes.clone())
        .unwrap_or_default();
    assert!(
        changes.iter().any(|c| c.contains("URGENT → high")),
        "{changes:?}"
    );
    assert!(
        changes.iter().any(|c| c.contains("demo-lead")),
        "{changes:?}"
    );
    let fx = key(&mut s, 'y');
    match fx.as_slice() {
        [Effect::Write {
            write: again,
            version,
        }] => {
            assert_eq!(*version, 4, "sent again on the new version");
            assert!(
                matches!(&again.write, Write::Patch(p) if p.status == Some(Status::PendingCustomer))
            );
            assert_ne!(again.key, write.key);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_failed_note_keeps_its_text_and_key() {
    let mut s = fixtures::state(Language::En, false);
    open_ticket(&mut s);
    key(&mut s, 'n');
    type_quietly(&mut s, "ID checked");
    // Canned replies open over the editor and are inserted into it.
    ctrl(&mut s, 't');
    assert!(matches!(&s.overlay, Some(Overlay::Picker(p)) if p.purpose == PickFor::Reply));
    special(&mut s, Key::Esc);
    let fx = update(&mut s, Action::Key(KeyChord::ctrl('s')));
    let write = match fx.as_slice() {
        [Effect::Write { write, .. }] => write.clone(),
        other => panic!("{other:?}"),
    };
    assert!(
        matches!(&write.write, Write::Note(n) if n.visibility == Visibility::Internal && n.body == "ID checked")
    );
    update(
        &mut s,
        Action::Written {
            write: write.clone(),
            result: Err(ClientError::Timeout { secs: 10 }),
        },
    );
    let e = s
        .detail
        .as_ref()
        .and_then(|d| d.editor.as_ref())
        .map(|e| (e.text.text(), e.key.clone()));
    assert_eq!(e, Some(("ID checked".to_string(), write.key.clone())));
    assert!(s.error.as_deref().unwrap_or_default().contains("10 s"));
    // Sent again: the same key, so the server cannot add it twice.
    let fx = update(&mut s, Action::Key(KeyChord::ctrl('s')));
    assert!(matches!(fx.as_slice(), [Effect::Write { write: w, .. }] if w.key == write.key));
}

#[test]
fn expired_session_goes_to_sign_in_and_loses_nothing() {
    let mut s = fixtures::state(Language::ZhCn, false);
    open_ticket(&mut s);
    key(&mut s, 'a');
    type_quietly(&mut s, "您好");
    let fx = update(&mut s, Action::Key(KeyChord::ctrl('s')));
    let write = match fx.as_slice() {
        [Effect::Write { write, .. }] => write.clone(),
        other => panic!("{other:?}"),
    };
    let fx = update(
        &mut s,
        Action::Written {
            write,
            result: Err(api(401)),
        },
    );
    assert!(matches!(fx.as_slice(), [Effect::KeepToken(None)]));
    assert_eq!(s.screen, Screen::SignIn);
    assert_eq!(
        s.detail
            .as_ref()
            .and_then(|d| d.editor.as_ref())
            .map(|e| e.text.text()),
        Some("您好".into())
    );
}

#[test]
fn steal_is_for_supervisors_and_asks_first() {
    let mut s = fixtures::state(Language::En, false);
    open_ticket(&mut s);
    assert!(key(&mut s, 'C').is_empty());
    assert!(s
        .error
        .as_deref()
        .unwrap_or_default()
        .contains("supervisors"));
    let mut s = fixtures::state(Language::En, true);
    open_ticket(&mut s);
    assert!(key(&mut s, 'C').is_empty());
    assert!(matches!(
        s.overlay,
        Some(Overlay::Confirm(Confirm::Steal(101)))
    ));
    let fx = key(&mut s, 'y');
    assert!(
        matches!(fx.as_slice(), [Effect::Write { write, .. }] if matches!(write.write, Write::Claim { steal: true }))
    );
}

#[test]
fn help_opens_and_closes_and_panes_switch() {
    let mut s = fixtures::state(Language::En, false);
    update(&mut s, Action::Resize(80, 24));
    s.queue.rows = fixtures::page();
    special(&mut s, Key::Enter);
    key(&mut s, 'P');
    special(&mut s, Key::Esc);
    key(&mut s, '?');
    assert!(matches!(s.overlay, Some(Overlay::Help(0))));
    // At 80×24 the queue's, the ticket's, the call's and the global keys take two pages:
    // j turns the page, and stops at the last one.
    key(&mut s, 'j');
    assert!(matches!(s.overlay, Some(Overlay::Help(1))));
    key(&mut s, 'j');
    assert!(matches!(s.overlay, Some(Overlay::Help(1))));
    key(&mut s, 'k');
    assert!(matches!(s.overlay, Some(Overlay::Help(0))));
    special(&mut s, Key::Esc);
    assert!(s.overlay.is_none());
    special(&mut s, Key::Tab);
    assert_eq!(s.pane, kefu::tui::state::Pane::Lookup);
    special(&mut s, Key::BackTab);
    special(&mut s, Key::BackTab);
    assert_eq!(s.pane, kefu::tui::state::Pane::Reviews);
    key(&mut s, '1');
    assert_eq!(s.pane, kefu::tui::state::Pane::Queue);
    // The call started above is still running: q asks first.
    key(&mut s, 'q');
    assert!(!s.quit);
    assert!(matches!(
        s.overlay,
        Some(Overlay::Confirm(Confirm::QuitDuringCall))
    ));
    key(&mut s, 'y');
    assert!(s.quit);
}

#[test]
fn sign_in_form_keeps_the_operator_and_masks_nothing_away() {
    let mut s = fixtures::state(Language::En, false);
    s.screen = Screen::SignIn;
    s.operator = None;
    assert!(
        special(&mut s, Key::Enter).is_empty(),
        "moves to the password"
    );
    assert!(special(&mut s, Key::Enter).is_empty());
    assert!(s.sign_in.error.is_some(), "empty fields are explained");
    special(&mut s, Key::Tab);
    type_quietly(&mut s, "lin");
    special(&mut s, Key::Tab);
    type_quietly(&mut s, "secret");
    let fx = special(&mut s, Key::Enter);
    assert!(
        matches!(fx.as_slice(), [Effect::SignIn { operator, password }] if operator == "lin" && password == "secret")
    );
    update(&mut s, Action::SignedIn(Err(api(401))));
    assert_eq!(s.screen, Screen::SignIn);
    assert_eq!(s.sign_in.operator.value(), "lin");
    assert!(s
        .sign_in
        .error
        .as_deref()
        .unwrap_or_default()
        .contains("wrong"));
}

/// Draft files asked for by one action: (saved texts, dropped ticket ids).
fn draft_io(fx: &[Effect]) -> (Vec<String>, Vec<DraftId>) {
    let mut saved = Vec::new();
    let mut dropped = Vec::new();
    for e in fx {
        match e {
            Effect::Drafts(DraftEffect::Save(d)) => match &d.body {
                DraftBody::Note { text, .. } => saved.push(text.clone()),
                other => panic!("{other:?}"),
            },
            Effect::Drafts(DraftEffect::Drop(id)) => dropped.push(*id),
            _ => {}
        }
    }
    (saved, dropped)
}

#[test]
fn every_keystroke_of_a_note_is_saved_and_only_sending_or_discarding_drops_it() {
    let mut s = fixtures::state(Language::ZhCn, false);
    open_ticket(&mut s);
    key(&mut s, 'n');
    let mut last = Vec::new();
    for c in "来电𠀀".chars() {
        let (saved, dropped) = draft_io(&update(&mut s, Action::Key(KeyChord::ch(c))));
        assert!(dropped.is_empty());
        last = saved;
    }
    assert_eq!(
        last,
        ["来电𠀀"],
        "the whole text up to the last key is on disk"
    );
    // Leaving the editor by Esc keeps the text (and writes nothing new); the ticket says
    // a draft waits, and Enter returns to it.
    let fx = update(&mut s, Action::Key(KeyChord::plain(Key::Esc)));
    assert_eq!(draft_io(&fx), (vec![], vec![]));
    let d = s.detail.as_ref().unwrap();
    assert!(d.editor.is_none(), "Esc leaves the editor");
    assert_eq!(
        d.parked.as_ref().map(|p| p.text.text()).as_deref(),
        Some("来电𠀀")
    );
    assert!(s.drafts.saved.contains_key(&DraftId::Ticket(101)));
    assert!(
        s.notice.as_deref().unwrap().contains("Enter"),
        "{:?}",
        s.notice
    );
    let fx = update(&mut s, Action::Key(KeyChord::plain(Key::Enter)));
    assert_eq!(draft_io(&fx), (vec![], vec![]));
    let d = s.detail.as_ref().unwrap();
    assert_eq!(
        d.editor.as_ref().map(|e| e.text.text()).as_deref(),
        Some("来电𠀀")
    );
    assert!(d.parked.is_none());

    // Sent and confirmed: the draft goes.
    let fx = update(&mut s, Action::Key(KeyChord::ctrl('s')));
    let write = match fx.as_slice() {
        [Effect::Write { write, .. }] => write.clone(),
        other => panic!("{other:?}"),
    };
    let fx = update(
        &mut s,
        Action::Written {
            write,
            result: Ok(()),
        },
    );
    assert_eq!(draft_io(&fx).1, [DraftId::Ticket(101)]);

    // Discarded on purpose: the draft goes too.
    key(&mut s, 'n');
    assert_eq!(
        draft_io(&update(&mut s, Action::Key(KeyChord::ch('x')))).0,
        ["x"]
    );
    let fx = update(&mut s, Action::Key(KeyChord::ctrl('x')));
    assert_eq!(draft_io(&fx).1, [DraftId::Ticket(101)]);
    assert!(s.drafts.saved.is_empty());
}

#[test]
fn a_draft_from_last_time_comes_back_on_its_ticket_with_its_key() {
    let mut s = fixtures::state(Language::En, false);
    let draft = Draft {
        id: DraftId::Ticket(101),
        body: DraftBody::Note {
            visibility: Visibility::Public,
            text: "Dear caller,\nyour degree record".into(),
        },
        key: "key-from-last-time".into(),
        saved_at: fixtures::now(),
    };
    update(&mut s, Action::DraftsLoaded(vec![draft]));
    assert!(
        s.notice.as_deref().unwrap().contains("ticket #101"),
        "{:?}",
        s.notice
    );
    open_ticket(&mut s);
    let e = s
        .detail
        .as_ref()
        .unwrap()
        .editor
        .as_ref()
        .expect("offered back");
    assert_eq!(e.text.text(), "Dear caller,\nyour degree record");
    assert_eq!(e.visibility, Visibility::Public);
    assert!(
        s.notice.as_deref().unwrap().contains("restored"),
        "{:?}",
        s.notice
    );
    // Sent with the key of the first attempt: if that one got through, the server replays it.
    let fx = update(&mut s, Action::Key(KeyChord::ctrl('s')));
    match fx.as_slice() {
        [Effect::Write { write, .. }] => assert_eq!(write.key.as_str(), "key-from-last-time"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn unreachable_back_office_is_probed_in_the_background_and_the_text_stays() {
    let mut s = fixtures::state(Language::En, false);
    open_ticket(&mut s);
    key(&mut s, 'n');
    for c in "half a sen".chars() {
        key(&mut s, c);
    }
    let gone = || ClientError::Unreachable {
        url: "http://127.0.0.1:9".into(),
        detail: "connection refused".into(),
    };
    let fx = update(&mut s, Action::Key(KeyChord::ctrl('s')));
    let write = match fx.as_slice() {
        [Effect::Write { write, .. }] => write.clone(),
        other => panic!("{other:?}"),
    };
    update(
        &mut s,
        Action::Written {
            write: write.clone(),
            result: Err(gone()),
        },
    );
    assert_eq!(s.conn, Conn::Offline);
    let mut now = fixtures::now();
    let mut tick = |s: &mut State, secs: i64| {
        now += chrono::Duration::seconds(secs);
        update(s, Action::Tick(now, fixtures::today()))
    };
    // 1 s, then 2 s, then 4 s between probes; no probe while one is out.
    assert!(tick(&mut s, 1).iter().any(|e| matches!(e, Effect::Probe)));
    assert!(tick(&mut s, 5).is_empty(), "one probe at a time");
    update(&mut s, Action::Probed(Err(gone())));
    assert!(tick(&mut s, 1).is_empty());
    assert!(tick(&mut s, 1).iter().any(|e| matches!(e, Effect::Probe)));
    update(&mut s, Action::Probed(Err(gone())));
    assert!(tick(&mut s, 3).is_empty());
    assert!(tick(&mut s, 1).iter().any(|e| matches!(e, Effect::Probe)));

    // Back: online, what is shown is re-read, and the typed text and its key are untouched.
    let me = s.operator.clone().unwrap();
    let fx = update(&mut s, Action::Probed(Ok(me)));
    assert_eq!(s.conn, Conn::Online);
    assert!(
        fx.iter().any(|e| matches!(e, Effect::LoadQueue { .. })),
        "{fx:?}"
    );
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::LoadTicket { id: 101, .. })),
        "{fx:?}"
    );
    let e = s.detail.as_ref().unwrap().editor.as_ref().unwrap();
    assert_eq!(e.text.text(), "half a sen");
    assert_eq!(e.key, write.key);
}

/// Open the ticket, type `text` in a note and send it; returns the write in flight.
fn note_in_flight(s: &mut State, text: &str) -> PendingWrite {
    open_ticket(s);
    key(s, 'n');
    type_quietly(s, text);
    match ctrl(s, 's').as_slice() {
        [Effect::Write { write, .. }] => write.clone(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_text_is_locked_while_it_is_being_sent() {
    let mut s = fixtures::state(Language::En, false);
    let write = note_in_flight(&mut s, "sent");
    key(&mut s, 'X');
    ctrl(&mut s, 'x');
    assert!(
        s.error.as_deref().unwrap().contains("Sending"),
        "{:?}",
        s.error
    );
    let e = s.detail.as_ref().unwrap().editor.as_ref().unwrap();
    assert_eq!(
        e.text.text(),
        "sent",
        "nothing typed after Ctrl-S, nothing discarded"
    );
    let fx = update(
        &mut s,
        Action::Written {
            write,
            result: Ok(()),
        },
    );
    assert!(fx
        .iter()
        .any(|e| matches!(e, Effect::Drafts(DraftEffect::Drop(_)))));
}

#[test]
fn an_edited_note_whose_first_version_landed_goes_as_a_new_note() {
    let mut s = fixtures::state(Language::En, false);
    let write = note_in_flight(&mut s, "v2");
    let reused = ClientError::Api {
        status: 422,
        code: "idempotency_key_reused".into(),
        message: "use a new key".into(),
    };
    let fx = update(
        &mut s,
        Action::Written {
            write: write.clone(),
            result: Err(reused),
        },
    );
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::LoadTicket { id: 101, .. })),
        "{fx:?}"
    );
    assert!(s.error.as_deref().unwrap().contains("earlier version"));
    let e = s.detail.as_ref().unwrap().editor.as_ref().unwrap();
    assert_eq!(e.text.text(), "v2");
    assert_ne!(e.key, write.key, "a new key, so it can be added");
}

/// A session of another agent, "agent-b".
fn agent_b() -> kefu::api::SessionResponse {
    kefu::api::SessionResponse {
        token: "t".into(),
        expires_at: fixtures::now(),
        operator: kefu::api::OperatorInfo {
            id: "agent-b".into(),
            name: "B".into(),
            roles: vec![kefu::api::Role::Agent],
        },
    }
}

#[test]
fn another_operator_signing_in_never_sees_or_sends_the_previous_ones_text() {
    let mut s = fixtures::state(Language::En, false);
    let write = note_in_flight(&mut s, "agent A's words");
    update(
        &mut s,
        Action::Written {
            write,
            result: Err(api(401)),
        },
    );
    assert_eq!(s.screen, Screen::SignIn);
    let fx = update(&mut s, Action::SignedIn(Ok(agent_b())));
    assert!(s.detail.is_none(), "the ticket and its editor are closed");
    assert!(s.drafts.saved.is_empty());
    // A's file stays for A: nothing is dropped, and B's own drafts are read.
    assert!(!fx
        .iter()
        .any(|e| matches!(e, Effect::Drafts(DraftEffect::Drop(_)))));
    assert!(fx.iter().any(|e| matches!(
        e,
        Effect::Drafts(DraftEffect::Load { operator }) if operator == "agent-b"
    )));
}

#[test]
fn another_operator_signing_in_sees_nothing_the_previous_one_had_on_screen() {
    let mut s = fixtures::state(Language::En, false);
    // Operator A: a filter of their own, a caller's card with the full ID number shown,
    // the reviews pane read, and then the session ends.
    s.queue.filter.assignee = Some("me".into());
    s.queue.rows = fixtures::page();
    s.lookup.card = Some(kefu::tui::fixtures::accounts::locked());
    s.lookup.revealed = Some(kefu::tui::panes::lookup::state::Revealed {
        account: 1,
        field: kefu::api::RevealField::DocumentNumber,
        value: "11010519491231002X".into(),
        until: fixtures::now() + chrono::Duration::seconds(30),
    });
    s.reviews.rows = kefu::tui::fixtures::reviews::rows();
    s.pane = kefu::tui::state::Pane::Lookup;
    let (req, _) = queue_req(&update(&mut s, Action::RefreshDue));
    failed(&mut s, req, 401);
    assert_eq!(s.screen, Screen::SignIn);
    // Operator B signs in on the same desk.
    let fx = update(&mut s, Action::SignedIn(Ok(agent_b())));
    assert!(s.lookup.revealed.is_none() && s.lookup.card.is_none());
    assert!(s.reviews.rows.is_empty() && s.reviews.open.is_none());
    assert!(s.queue.rows.is_empty());
    assert_eq!(s.queue.filter.assignee, None, "B's queue, not A's filter");
    assert_eq!(s.pane, kefu::tui::state::Pane::Queue);
    let (_, q) = queue_req(&no_drafts(fx));
    assert_eq!(q.cursor, None, "from the first page");
    // The same operator signing in again keeps what was on screen.
    let mut s = fixtures::state(Language::En, false);
    s.lookup.card = Some(kefu::tui::fixtures::accounts::locked());
    let me = s.operator.clone().unwrap();
    update(
        &mut s,
        Action::SignedIn(Ok(kefu::api::SessionResponse {
            token: "t2".into(),
            expires_at: fixtures::now(),
            operator: me,
        })),
    );
    assert!(s.lookup.card.is_some());
}

#[test]
fn a_kept_session_survives_a_proxy_error_at_start() {
    let mut s = fixtures::state(Language::En, false);
    s.operator = None;
    s.screen = Screen::SignIn;
    let fx = update(&mut s, Action::Restored(Err(api(502))));
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::KeepToken(None))),
        "{fx:?}"
    );
    assert_eq!(s.conn, Conn::Offline, "probed until it answers");
    let fx = update(&mut s, Action::Restored(Err(api(401))));
    assert!(fx.iter().any(|e| matches!(e, Effect::KeepToken(None))));
}

#[test]
fn keys_pressed_while_a_page_loads_apply_when_it_arrives() {
    let mut s = fixtures::state(Language::En, false);
    let ahead = page_one_with_two_ahead(&mut s);
    // Three rows down to the last of page 1; the fourth key crosses and waits for page 2
    // (still on its way); nine more keys arrive before it does.
    for _ in 0..4 {
        key(&mut s, 'j');
    }
    assert_eq!(s.queue.pending.id(), Some(ahead), "waiting for page 2");
    for _ in 0..9 {
        assert!(
            key(&mut s, 'j').is_empty(),
            "no second read of the same page"
        );
    }
    let rows: Vec<_> = (300..350)
        .map(|id| fixtures::ticket(id, "第二页", "王*", fixtures::today()))
        .collect();
    answer(&mut s, ahead, rows, Some("c3"));
    assert_eq!(
        (s.queue.page(), s.queue.selected),
        (2, 9),
        "every key counted: row 14 of the queue"
    );
    assert_eq!(s.queue.deferred, 0);
}

#[test]
fn keys_are_ignored_while_the_window_is_too_small() {
    let mut s = fixtures::state(Language::En, false);
    open_ticket(&mut s);
    key(&mut s, 'n');
    update(&mut s, Action::Resize(60, 20));
    assert!(type_quietly_any(&mut s, "typed blind"));
    let e = s.detail.as_ref().unwrap().editor.as_ref().unwrap();
    assert_eq!(e.text.text(), "", "nothing typed below 80x24");
    update(&mut s, Action::Resize(80, 24));
    key(&mut s, 'x');
    let e = s.detail.as_ref().unwrap().editor.as_ref().unwrap();
    assert_eq!(
        e.text.text(),
        "x",
        "typed again once the window is big enough"
    );
    // Ctrl-C still quits.
    update(&mut s, Action::Resize(40, 10));
    ctrl(&mut s, 'c');
    assert!(s.quit);
}

/// Type `text`; true when no key had any effect.
fn type_quietly_any(s: &mut State, text: &str) -> bool {
    text.chars().all(|c| key(s, c).is_empty())
}

#[test]
fn status_messages_expire_after_a_few_seconds_or_on_the_next_key() {
    let mut s = fixtures::state(Language::En, false);
    open_ticket(&mut s);
    key(&mut s, 'n');
    ctrl(&mut s, 's');
    assert!(s.error.is_some(), "an empty note is refused");
    // The next key clears it.
    key(&mut s, 'a');
    assert_eq!(s.error, None);
    // A message left alone goes after STATUS_TTL_SECS.
    s.notice = Some("said".into());
    s.status_since = s.now;
    let t = s.now + chrono::Duration::seconds(2);
    update(&mut s, Action::Tick(t, fixtures::today()));
    assert_eq!(s.notice.as_deref(), Some("said"), "still there after 2 s");
    let t = s.now + chrono::Duration::seconds(kefu::tui::state::STATUS_TTL_SECS);
    update(&mut s, Action::Tick(t, fixtures::today()));
    assert_eq!(s.notice, None, "gone after a few seconds");
    assert!(s.dirty, "and the status line is redrawn");
}

fn session_of(roles: Vec<kefu::api::Role>) -> kefu::api::SessionResponse {
    kefu::api::SessionResponse {
        token: "t".into(),
        expires_at: fixtures::now(),
        operator: kefu::api::OperatorInfo {
            id: "someone".into(),
            name: "S".into(),
            roles,
        },
    }
}

fn signed_in_as(roles: Vec<kefu::api::Role>, start: Option<kefu::config::StartPane>) -> State {
    let mut s = fixtures::state(Language::En, false);
    s.started = false;
    s.screen = Screen::SignIn;
    s.operator = None;
    s.start_pane = start;
    update(&mut s, Action::SignedIn(Ok(session_of(roles))));
    s
}

#[test]
fn the_first_pane_follows_the_roles_and_the_config() {
    use kefu::api::Role;
    use kefu::config::StartPane;
    use kefu::tui::state::Pane;
    assert_eq!(signed_in_as(vec![Role::Reviewer], None).pane, Pane::Reviews);
    assert_eq!(signed_in_as(vec![Role::Agent], None).pane, Pane::Queue);
    assert_eq!(
        signed_in_as(vec![Role::Agent, Role::Reviewer], None).pane,
        Pane::Queue
    );
    assert_eq!(
        signed_in_as(vec![Role::Agent], Some(StartPane::Lookup)).pane,
        Pane::Lookup
    );
    assert_eq!(
        signed_in_as(vec![Role::Reviewer], Some(StartPane::Queue)).pane,
        Pane::Queue
    );
    // A sign-in that renews an expired session leaves the operator where they were.
    let mut s = signed_in_as(vec![Role::Reviewer], None);
    key(&mut s, '1');
    assert_eq!(s.pane, Pane::Queue);
    s.screen = Screen::SignIn;
    update(
        &mut s,
        Action::SignedIn(Ok(session_of(vec![Role::Reviewer]))),
    );
    assert_eq!(s.screen, Screen::Desk);
    assert_eq!(s.pane, Pane::Queue);
}
