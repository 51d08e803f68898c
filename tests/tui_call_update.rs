//! The call flow's `update` without a terminal or a network: the caller's account decides
//! where a call is logged (not the ticket open when it started), the agent can change it,
//! the wrap-up form (code, required summary, call-back time) keeps everything on a failed
//! request, `q` and Ctrl-C during a call ask, and a call cut off by a crash is offered back.

use chrono::Duration;
use kefu::api::{AccountDetail, Page};
use kefu::client::ClientError;
use kefu::config::{Key, KeyChord, Language};
use kefu::tui::action::{Action, Effect};
use kefu::tui::choice::{Confirm, PickFor};
use kefu::tui::drafts::{DraftBody, DraftEffect, DraftId};
use kefu::tui::fixtures;
use kefu::tui::fixtures::accounts as acc;
use kefu::tui::panes::call::form::Step;
use kefu::tui::panes::call::state::CallPhase;
use kefu::tui::panes::lookup::msg::{Answer, Request};
use kefu::tui::panes::write::Write;
use kefu::tui::state::{Overlay, State};
use kefu::tui::update::update;

#[path = "support/keys.rs"]
mod keys;
use keys::{ctrl, key, special, type_quietly};

fn api(status: u16) -> ClientError {
    ClientError::Api {
        status,
        code: "x".into(),
        message: "refused".into(),
    }
}

/// Ticket #101 open (as the queue opens it).
fn open_ticket(s: &mut State) {
    let fx = key(s, 'r');
    let req = match fx.as_slice() {
        [Effect::LoadQueue { req, .. }] => *req,
        other => panic!("{other:?}"),
    };
    update(
        s,
        Action::QueueLoaded {
            req,
            result: Ok(Page {
                items: fixtures::page(),
                next_cursor: None,
                total: 9,
            }),
        },
    );
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
    assert!(s.detail.is_some());
}

/// Start a call and give the caller's number; its one account (`d`) is read.
fn call_from(s: &mut State, d: AccountDetail) {
    assert!(key(s, 'P').is_empty());
    give_number(s, d);
}

/// Type the caller's number into the running call; its one account (`d`) is read.
fn give_number(s: &mut State, d: AccountDetail) {
    type_quietly(s, "138 0013 8000");
    let req = match special(s, Key::Enter).as_slice() {
        [Effect::LookupCaller { req, phone }] if phone == "13800138000" => *req,
        other => panic!("{other:?}"),
    };
    let fx = update(
        s,
        Action::CallerFound {
            req,
            result: Ok(Page {
                items: vec![d.summary.clone()],
                next_cursor: None,
                total: 1,
            }),
        },
    );
    let loads: Vec<(u64, i64)> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::LoadCallerAccount { req, id } => Some((*req, *id)),
            _ => None,
        })
        .collect();
    assert_eq!(loads.len(), 1, "{fx:?}");
    assert_eq!(loads[0].1, d.summary.id);
    update(
        s,
        Action::CallerAccount {
            req: loads[0].0,
            result: Box::new(Ok(d)),
        },
    );
}

fn target(s: &State) -> Option<i64> {
    s.call.as_ref().and_then(|c| c.target().ticket())
}

fn step(s: &State) -> Option<Step> {
    s.call.as_ref().and_then(|c| c.form()).map(|f| f.step)
}

/// The one `LogCall` effect: (ticket, new ticket's account, the record).
fn log_call(fx: &[Effect]) -> (Option<i64>, Option<Option<i64>>, kefu::api::CallRecord) {
    let found: Vec<_> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::LogCall {
                ticket,
                new_ticket,
                call,
            } => match &call.write {
                Write::Call(r) => Some((
                    *ticket,
                    new_ticket.as_ref().map(|(t, _)| t.account_id),
                    r.clone(),
                )),
                _ => None,
            },
            _ => None,
        })
        .collect();
    assert_eq!(found.len(), 1, "{fx:?}");
    found[0].clone()
}

#[test]
fn a_call_started_on_another_ticket_is_logged_on_the_callers_ticket_with_its_summary() {
    let mut s = fixtures::state(Language::ZhCn, false);
    open_ticket(&mut s);
    assert!(key(&mut s, 'P').is_empty());
    // Before the caller is known, the ticket that was open is where it would go.
    assert_eq!(target(&s), Some(101));
    give_number(&mut s, acc::locked());
    assert_eq!(target(&s), Some(501), "张伟's open ticket, not #101");
    let later = fixtures::now() + Duration::seconds(95);
    update(&mut s, Action::Tick(later, fixtures::today()));
    assert!(key(&mut s, 'H').is_empty());
    assert_eq!(step(&s), Some(Step::Code));
    key(&mut s, 'j');
    assert!(special(&mut s, Key::Enter).is_empty());
    assert_eq!(step(&s), Some(Step::Summary));
    // "Information given" needs a summary: Ctrl-S with none says so and sends nothing.
    assert!(ctrl(&mut s, 's').is_empty());
    assert!(
        s.error.as_deref().unwrap_or_default().contains("摘要"),
        "{:?}",
        s.error
    );
    type_quietly(&mut s, "告知解锁时间 jk");
    let (ticket, new, r) = log_call(&ctrl(&mut s, 's'));
    assert_eq!((ticket, new), (Some(501), None));
    assert_eq!(r.wrap_up, "info_given");
    assert_eq!(r.summary, "告知解锁时间 jk");
    assert_eq!(r.duration_secs, 95);
    assert_eq!(r.caller_phone.as_deref(), Some("13800138000"));
    assert_eq!(r.callback_at, None);
    assert!(s.call.as_ref().is_some_and(|c| c.sending()));
    let fx = update(&mut s, Action::CallLogged(Ok(501)));
    assert!(s.call.is_none());
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::Drafts(DraftEffect::Drop(DraftId::Call)))),
        "the kept call goes once logged: {fx:?}"
    );
}

#[test]
fn a_card_opened_in_the_lookup_pane_during_the_call_decides_and_resets_a_choice() {
    let mut s = fixtures::state(Language::En, false);
    open_ticket(&mut s);
    call_from(&mut s, acc::locked());
    // L lists 张伟's open ticket, a new ticket for him, and the ticket that was open.
    assert!(key(&mut s, 'L').is_empty());
    let values = match &s.overlay {
        Some(Overlay::Picker(p)) if p.purpose == PickFor::CallTarget => {
            assert_eq!(p.labels.len(), p.values.len());
            p.values.clone()
        }
        other => panic!("{other:?}"),
    };
    assert_eq!(values, vec!["501", "new", "101"]);
    key(&mut s, 'j');
    special(&mut s, Key::Enter);
    assert_eq!(target(&s), None);
    assert_eq!(
        s.call.as_ref().and_then(|c| c.target().account()),
        Some(1001)
    );
    // Another account read in the lookup pane is the caller now: the choice was about 张伟.
    let fx = key(&mut s, '2');
    let req = fx
        .iter()
        .find_map(|e| match e {
            Effect::Lookup(Request::Search { req, .. }) => Some(*req),
            _ => None,
        })
        .unwrap_or_else(|| panic!("the caller's number is searched: {fx:?}"));
    let fx = update(
        &mut s,
        Action::Lookup(Answer::Found {
            req,
            result: Ok(Page {
                items: vec![acc::frozen().summary],
                next_cursor: None,
                total: 1,
            }),
        }),
    );
    let creq = fx
        .iter()
        .find_map(|e| match e {
            Effect::Lookup(Request::LoadCard { req, .. }) => Some(*req),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{fx:?}"));
    update(
        &mut s,
        Action::Lookup(Answer::Card {
            req: creq,
            result: Ok(Box::new(acc::frozen())),
        }),
    );
    assert_eq!(target(&s), Some(506), "周's open ticket");
}

#[test]
fn a_call_back_needs_a_time_ahead_and_sends_it_with_the_number() {
    let mut s = fixtures::state(Language::En, false);
    call_from(&mut s, acc::active());
    // No open ticket on the account: a new ticket for it.
    assert_eq!(target(&s), None);
    key(&mut s, 'H');
    key(&mut s, 'j');
    key(&mut s, 'j');
    special(&mut s, Key::Enter);
    type_quietly(&mut s, "Call back about the degree record");
    assert!(ctrl(&mut s, 's').is_empty());
    assert_eq!(step(&s), Some(Step::Due));
    key(&mut s, 'j');
    key(&mut s, 'j');
    // The typed time: j and k are text now.
    type_quietly(&mut s, "07:00");
    assert!(special(&mut s, Key::Enter).is_empty());
    assert!(
        s.error.as_deref().unwrap_or_default().contains("passed"),
        "{:?}",
        s.error
    );
    for _ in 0..5 {
        special(&mut s, Key::Backspace);
    }
    type_quietly(&mut s, "2026-03-12 10:00");
    let (ticket, new, r) = log_call(&special(&mut s, Key::Enter));
    assert_eq!((ticket, new), (None, Some(Some(3101))));
    assert_eq!(r.wrap_up, "callback");
    assert_eq!(r.caller_phone.as_deref(), Some("13800138000"));
    let want = chrono::DateTime::parse_from_rfc3339("2026-03-12T02:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    assert_eq!(r.callback_at, Some(want));
}

#[test]
fn a_failed_log_keeps_the_form_and_the_retry_uses_the_same_keys() {
    let mut s = fixtures::state(Language::En, false);
    call_from(&mut s, acc::locked());
    key(&mut s, 'H');
    special(&mut s, Key::Enter);
    type_quietly(&mut s, "unlocked");
    let first = ctrl(&mut s, 's');
    let key_of = |fx: &[Effect]| {
        let keys: Vec<String> = fx
            .iter()
            .filter_map(|e| match e {
                Effect::LogCall { call, .. } => Some(call.key.as_str().to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(keys.len(), 1, "{fx:?}");
        keys[0].clone()
    };
    let k1 = key_of(&first);
    update(&mut s, Action::CallLogged(Err(api(503))));
    assert!(s.error.is_some());
    let call = s.call.as_ref().unwrap_or_else(|| panic!("the call stays"));
    assert!(!call.sending());
    assert_eq!(call.summary.text(), "unlocked");
    assert_eq!(step(&s), Some(Step::Summary));
    let second = ctrl(&mut s, 's');
    assert_eq!(key_of(&second), k1);
    update(&mut s, Action::CallLogged(Err(api(503))));
    // Moved elsewhere after the failure, the call is a new request with a new key (the
    // back office would refuse the old key on another path).
    let call = s.call.as_mut().unwrap_or_else(|| panic!("the call stays"));
    let before = call.target();
    kefu::tui::panes::call::update::target_picked(call, "new");
    assert_ne!(call.target(), before, "the pick moved the call");
    let third = ctrl(&mut s, 's');
    assert_ne!(key_of(&third), k1);
}

#[test]
fn esc_on_the_codes_resumes_the_call_and_its_timer() {
    let mut s = fixtures::state(Language::En, false);
    call_from(&mut s, acc::locked());
    key(&mut s, 'H');
    assert_eq!(step(&s), Some(Step::Code));
    special(&mut s, Key::Esc);
    assert!(matches!(
        s.call.as_ref().map(|c| &c.phase),
        Some(CallPhase::Active)
    ));
}

#[test]
fn q_during_a_call_asks_n_keeps_the_desk_and_y_quits() {
    let mut s = fixtures::state(Language::En, false);
    call_from(&mut s, acc::locked());
    key(&mut s, 'q');
    assert!(!s.quit);
    assert!(matches!(
        s.overlay,
        Some(Overlay::Confirm(Confirm::QuitDuringCall))
    ));
    key(&mut s, 'n');
    assert!(!s.quit);
    assert!(s.overlay.is_none());
    assert!(s.call.is_some());
    key(&mut s, 'q');
    key(&mut s, 'y');
    assert!(s.quit);
}

fn asks_to_quit(s: &State) -> bool {
    matches!(s.overlay, Some(Overlay::Confirm(Confirm::QuitDuringCall)))
}

#[test]
fn ctrl_c_during_a_call_asks_as_q_does() {
    let mut s = fixtures::state(Language::En, false);
    call_from(&mut s, acc::locked());
    ctrl(&mut s, 'c');
    assert!(!s.quit);
    assert!(asks_to_quit(&s));
    key(&mut s, 'n');
    assert!(!s.quit);
    assert!(s.overlay.is_none());
    assert!(s.call.is_some());
    // Over a list (where the call goes), the question replaces it.
    key(&mut s, 'L');
    assert!(matches!(s.overlay, Some(Overlay::Picker(_))));
    ctrl(&mut s, 'c');
    assert!(asks_to_quit(&s), "{:?}", s.overlay);
    key(&mut s, 'y');
    assert!(s.quit);

    // From the wrap-up form's summary, where every printable key is text, it asks too,
    // and the form is there again after `n`.
    let mut s = fixtures::state(Language::En, false);
    call_from(&mut s, acc::locked());
    key(&mut s, 'H');
    special(&mut s, Key::Enter);
    assert_eq!(step(&s), Some(Step::Summary));
    ctrl(&mut s, 'c');
    assert!(!s.quit);
    assert!(asks_to_quit(&s));
    key(&mut s, 'n');
    assert_eq!(step(&s), Some(Step::Summary));

    // Below 80×24 it asks as well (the question shows once the window is big enough).
    let mut s = fixtures::state(Language::En, false);
    call_from(&mut s, acc::locked());
    update(&mut s, Action::Resize(60, 20));
    ctrl(&mut s, 'c');
    assert!(!s.quit);
    assert!(asks_to_quit(&s));
}

#[test]
fn ctrl_c_without_a_call_quits_at_once() {
    let mut s = fixtures::state(Language::En, false);
    ctrl(&mut s, 'c');
    assert!(s.quit);
    assert!(s.overlay.is_none());
    // Typing the number of a call about to start is a call already.
    let mut s = fixtures::state(Language::En, false);
    key(&mut s, 'P');
    ctrl(&mut s, 'c');
    assert!(!s.quit);
    assert!(asks_to_quit(&s));
}

#[test]
fn a_second_ctrl_c_during_a_call_quits_with_the_call_saved() {
    let mut s = fixtures::state(Language::En, false);
    call_from(&mut s, acc::locked());
    let later = fixtures::now() + Duration::seconds(42);
    // The clock of a running call is written every few seconds, as it runs.
    let mut fx = update(&mut s, Action::Tick(later, fixtures::today()));
    fx.extend(update(&mut s, Action::Key(KeyChord::ctrl('c'))));
    assert!(!s.quit, "the first Ctrl-C asks");
    fx.extend(update(&mut s, Action::Key(KeyChord::ctrl('c'))));
    assert!(s.quit);
    let saved: Vec<_> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::Drafts(DraftEffect::Save(d)) if d.id == DraftId::Call => Some(d.clone()),
            _ => None,
        })
        .collect();
    assert!(!saved.is_empty(), "{fx:?}");
    let last = &saved[saved.len() - 1];
    assert_eq!(Some(last), s.drafts.saved.get(&DraftId::Call));
    match &last.body {
        DraftBody::Call(d) => {
            assert_eq!(d.alive_at, fixtures::now() + Duration::seconds(40));
            assert_eq!(d.account.as_ref().map(|a| a.id), Some(1001));
        }
        other => panic!("{other:?}"),
    }
}

/// The call draft a desk kept when it was killed 40 s into a call with 张伟.
fn kept_call() -> kefu::tui::drafts::Draft {
    let mut s = fixtures::state(Language::En, false);
    call_from(&mut s, acc::locked());
    update(
        &mut s,
        Action::Tick(fixtures::now() + Duration::seconds(40), fixtures::today()),
    );
    key(&mut s, 'H');
    special(&mut s, Key::Enter);
    type_quietly(&mut s, "half a summary");
    let kept = s.drafts.saved.get(&DraftId::Call).cloned();
    kept.unwrap_or_else(|| panic!("the call is kept"))
}

#[test]
fn a_call_cut_off_is_offered_back_with_its_duration_and_summary() {
    let kept = kept_call();
    let mut s = fixtures::state(Language::En, false);
    update(&mut s, Action::DraftsLoaded(vec![kept.clone()]));
    assert!(matches!(
        s.overlay,
        Some(Overlay::Confirm(Confirm::ResumeCall))
    ));
    key(&mut s, 'y');
    let call = s.call.as_ref().unwrap_or_else(|| panic!("resumed"));
    assert_eq!(call.duration_secs(fixtures::now() + Duration::hours(1)), 40);
    assert_eq!(call.summary.text(), "half a summary");
    assert_eq!(call.key.as_str(), kept.key, "the same key: a retry replays");
    assert_eq!(call.target().ticket(), Some(501));
    // Logging it drops the kept call.
    assert!(special(&mut s, Key::Enter).is_empty());
    let (ticket, _, r) = log_call(&ctrl(&mut s, 's'));
    assert_eq!((ticket, r.duration_secs), (Some(501), 40));
}

#[test]
fn a_call_cut_off_can_be_discarded_or_left_for_later() {
    let kept = kept_call();
    let mut s = fixtures::state(Language::ZhCn, false);
    update(&mut s, Action::DraftsLoaded(vec![kept.clone()]));
    // Esc: later (kept, asked again on the next start).
    assert!(special(&mut s, Key::Esc).is_empty());
    assert!(s.overlay.is_none() && s.call.is_none());
    assert!(s.drafts.saved.contains_key(&DraftId::Call));
    // A new call would be written over it: P asks about the kept one first.
    assert!(key(&mut s, 'P').is_empty());
    assert!(s.call.is_none());
    assert!(matches!(
        s.overlay,
        Some(Overlay::Confirm(Confirm::ResumeCall))
    ));
    let mut s = fixtures::state(Language::ZhCn, false);
    update(&mut s, Action::DraftsLoaded(vec![kept]));
    let fx = update(&mut s, Action::Key(KeyChord::ch('n')));
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::Drafts(DraftEffect::Drop(DraftId::Call)))),
        "{fx:?}"
    );
    assert!(s.call.is_none());
}

#[test]
fn v_on_a_ticket_shows_the_callers_number_for_a_reason_and_hides_it_again() {
    let mut s = fixtures::state(Language::ZhCn, false);
    open_ticket(&mut s);
    // No call kept a number: said so, nothing asked.
    assert!(key(&mut s, 'v').is_empty());
    assert!(s.overlay.is_none());
    assert!(s.error.is_some());
    let at = fixtures::now();
    let d = s.detail.as_mut().unwrap_or_else(|| panic!("ticket open"));
    d.ticket.follow_up_at = Some(at + Duration::hours(2));
    d.ticket.calls = vec![kefu::api::LoggedCall {
        id: 9,
        event_id: 40,
        caller_phone: Some("138****8000".into()),
        callback_at: Some(at + Duration::hours(2)),
        at,
    }];
    assert!(key(&mut s, 'v').is_empty());
    let reason = match &s.overlay {
        Some(Overlay::Picker(p)) if p.purpose == PickFor::CallerReveal => {
            assert_eq!(p.values.len(), 2);
            p.values[0].clone()
        }
        other => panic!("{other:?}"),
    };
    assert!(reason.contains("回电"), "{reason}");
    let fx = special(&mut s, Key::Enter);
    match fx.as_slice() {
        [Effect::RevealCaller {
            ticket: 101,
            call: 9,
            reason: r,
        }] => assert_eq!(r, &reason),
        other => panic!("{other:?}"),
    }
    update(
        &mut s,
        Action::CallerRevealed {
            ticket: 101,
            result: Ok(Some("13800138000".into())),
        },
    );
    let shown = s.detail.as_ref().and_then(|d| d.revealed_caller.clone());
    assert_eq!(shown.map(|(n, _)| n).as_deref(), Some("13800138000"));
    update(
        &mut s,
        Action::Tick(at + Duration::seconds(31), fixtures::today()),
    );
    assert_eq!(
        s.detail.as_ref().map(|d| d.revealed_caller.is_none()),
        Some(true)
    );
}

#[test]
fn a_paste_goes_into_the_wrap_up_summary() {
    let mut s = fixtures::state(Language::En, false);
    open_ticket(&mut s);
    call_from(&mut s, acc::locked());
    key(&mut s, 'H');
    special(&mut s, Key::Enter);
    update(&mut s, Action::Paste("客户说：\n下午在家".into()));
    let call = s.call.as_ref().unwrap_or_else(|| panic!("call"));
    assert_eq!(call.summary.text(), "客户说：\n下午在家");
}
