//! Desk states reached through `update` as a desk reaches them, for the catalog coverage
//! test (tests/tui_catalog_coverage.rs): the queue, a ticket with the history the back
//! office writes, account cards, reviews, calls and the link going down.
#![allow(dead_code)]

use kefu::api::{
    Page, ReviewRevealField, ReviewRevealResponse, ReviewState, TicketEvent, TicketEventKind,
};
use kefu::config::{Key, Language};
use kefu::tui::action::{Action, Effect};
use kefu::tui::fixtures;
use kefu::tui::fixtures::accounts as acc;
use kefu::tui::fixtures::calls;
use kefu::tui::fixtures::reviews as rf;
use kefu::tui::panes::lookup::msg::Answer;
use kefu::tui::panes::reviews::msg::{ReviewsAction, ReviewsEffect};
use kefu::tui::state::State;
use kefu::tui::update::update;

use crate::keys::{self, ctrl, key, special, typed};
use crate::lookup::{found, req_of};

pub fn queue(lang: Language) -> State {
    fixtures::queue_loaded(lang)
}

/// The history as the back office writes it: changes, claims and reviews.
pub fn machine_events() -> Vec<TicketEvent> {
    [
        (
            TicketEventKind::Change,
            "status: new → open; priority: normal → high",
        ),
        (TicketEventKind::Change, "category: other → account_locked"),
        (TicketEventKind::Change, "account: 1001"),
        (TicketEventKind::Claim, "claimed"),
        (TicketEventKind::Claim, "taken from demo-agent"),
        (TicketEventKind::Review, "review 7 opened (real_name)"),
        (
            TicketEventKind::Review,
            "review 7: approved (documents_match) by demo-reviewer",
        ),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, (kind, body))| TicketEvent {
        id: 900 + i as i64,
        kind,
        author: "demo-agent".into(),
        body: body.into(),
        at: fixtures::now(),
    })
    .collect()
}

pub fn ticket(lang: Language) -> State {
    let mut s = queue(lang);
    let fx = special(&mut s, Key::Enter);
    let req = match fx.as_slice() {
        [Effect::LoadTicket { req, .. }] => *req,
        other => panic!("{other:?}"),
    };
    let mut d = fixtures::detail();
    d.events.extend(machine_events());
    update(&mut s, Action::TicketLoaded { req, result: Ok(d) });
    s
}

/// The ticket open and a note sent when the back office stopped answering: the status
/// line's error.
pub fn offline(lang: Language) -> State {
    let mut s = ticket(lang);
    key(&mut s, 'n');
    typed(&mut s, "来电人要求改手机号");
    let fx = keys::ctrl(&mut s, 's');
    let write = fx
        .iter()
        .find_map(|e| match e {
            Effect::Write { write, .. } => Some(write.clone()),
            _ => None,
        })
        .expect("the note is sent");
    let gone = kefu::client::ClientError::Unreachable {
        url: "https://kefu.example.cn".into(),
        detail: "connection refused".into(),
    };
    update(
        &mut s,
        Action::Written {
            write,
            result: Err(gone),
        },
    );
    s
}

pub fn card(lang: Language, query: &str, d: kefu::api::AccountDetail) -> State {
    let mut s = fixtures::state(lang, false);
    key(&mut s, '2');
    let fx = typed(&mut s, query);
    let fx = if fx.is_empty() {
        special(&mut s, Key::Enter)
    } else {
        fx
    };
    let req = req_of(&fx);
    let creq = req_of(&found(&mut s, req, vec![d.summary.clone()]));
    update(
        &mut s,
        Action::Lookup(Answer::Card {
            req: creq,
            result: Ok(Box::new(d)),
        }),
    );
    special(&mut s, Key::Esc);
    s
}

pub fn results(lang: Language) -> State {
    let mut s = fixtures::state(lang, false);
    key(&mut s, '2');
    let req = req_of(&typed(&mut s, "11010519491231002X"));
    found(&mut s, req, acc::conflict_pair());
    special(&mut s, Key::Esc);
    s
}

pub fn ra(a: ReviewsAction) -> Action {
    Action::Reviews(Box::new(a))
}

pub fn reviews(lang: Language) -> State {
    let mut s = fixtures::state(lang, false);
    s.operator = Some(kefu::api::OperatorInfo {
        id: "demo-reviewer".into(),
        name: "审核员小陈".into(),
        roles: vec![kefu::api::Role::Reviewer],
    });
    let fx = key(&mut s, '3');
    let mut reqs = fx.iter().filter_map(|e| match e {
        Effect::Reviews(ReviewsEffect::List { req, .. })
        | Effect::Reviews(ReviewsEffect::Count { req, .. }) => Some(*req),
        _ => None,
    });
    let (req, creq) = (reqs.next().unwrap(), reqs.next().unwrap());
    update(
        &mut s,
        ra(ReviewsAction::Listed {
            req,
            result: Ok(Page {
                items: rf::rows(),
                next_cursor: None,
                total: 3,
            }),
        }),
    );
    let counts = vec![
        (ReviewState::Pending, 148),
        (ReviewState::Claimed, 1),
        (ReviewState::AwaitingSecondApproval, 1),
        (ReviewState::Escalated, 0),
        (ReviewState::Approved, 12),
        (ReviewState::RejectedRetry, 3),
        (ReviewState::RejectedFinal, 1),
    ];
    update(
        &mut s,
        ra(ReviewsAction::Counted {
            req: creq,
            result: Ok(counts),
        }),
    );
    s
}

pub fn review(lang: Language) -> State {
    let mut s = reviews(lang);
    let fx = special(&mut s, Key::Enter);
    let req = fx
        .iter()
        .find_map(|e| match e {
            Effect::Reviews(ReviewsEffect::Load { req, .. }) => Some(*req),
            _ => None,
        })
        .expect("the review is read");
    let mut d = rf::detail();
    d.summary.state = ReviewState::Claimed;
    d.summary.claimed_by = Some("demo-reviewer".into());
    d.summary.claim_expires_at = Some(fixtures::now() + chrono::Duration::minutes(14));
    update(&mut s, ra(ReviewsAction::Loaded { req, result: Ok(d) }));
    key(&mut s, ' ');
    rf::with_halfblock_images(&mut s);
    s
}

// ---------------------------------------------------------------- the link going down

/// The back office unreachable when the queue was refreshed: the title bar's banner and
/// the status line's error.
pub fn queue_offline(lang: Language) -> State {
    let mut s = queue(lang);
    let fx = key(&mut s, 'r');
    let req = match fx.as_slice() {
        [Effect::LoadQueue { req, .. }] => *req,
        other => panic!("{other:?}"),
    };
    update(
        &mut s,
        Action::QueueLoaded {
            req,
            result: Err(unreachable()),
        },
    );
    s
}

fn unreachable() -> kefu::client::ClientError {
    kefu::client::ClientError::Unreachable {
        url: "https://kefu.example.cn".into(),
        detail: "connection refused".into(),
    }
}

/// [`queue_offline`] a minute later: the desk is probing the back office.
pub fn offline_retrying(lang: Language) -> State {
    let mut s = queue_offline(lang);
    let later = fixtures::now() + chrono::Duration::seconds(60);
    let fx = update(&mut s, Action::Tick(later, fixtures::today()));
    assert!(
        fx.iter().any(|e| matches!(e, Effect::Probe)),
        "the back office is probed: {fx:?}"
    );
    s
}

/// [`offline_retrying`] and the probe answered: the back office is back.
pub fn back_online(lang: Language) -> State {
    let mut s = offline_retrying(lang);
    let op = s.operator.clone().expect("signed in");
    update(&mut s, Action::Probed(Ok(op)));
    s
}

// ---------------------------------------------------------------- reviews: zoom, reveal

/// The open review after `presses` of the zoom key (document, selfie, both side by side).
pub fn review_zoomed(lang: Language, presses: usize) -> State {
    let mut s = review(lang);
    for _ in 0..presses {
        key(&mut s, 'z');
    }
    rf::with_halfblock_images(&mut s);
    s
}

/// The reveal's first question: which number.
pub fn reveal_which(lang: Language) -> State {
    let mut s = review(lang);
    key(&mut s, 'v');
    rf::with_halfblock_images(&mut s);
    s
}

/// The reveal's reason question, the document number chosen.
pub fn reveal_reason(lang: Language) -> State {
    let mut s = reveal_which(lang);
    special(&mut s, Key::Enter);
    rf::with_halfblock_images(&mut s);
    s
}

/// What the reveal's reason states type.
pub const REVEAL_REASON: &str = "caller on the line";

/// The document number revealed (shown for 30 s).
pub const REVEALED: &str = "H12345678";

/// The reason given and the number revealed.
pub fn revealed(lang: Language) -> State {
    let mut s = reveal_reason(lang);
    typed(&mut s, REVEAL_REASON);
    let fx = special(&mut s, Key::Enter);
    let sent: Vec<_> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::Reviews(ReviewsEffect::Reveal { id, key, .. }) => Some((*id, key.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(sent.len(), 1, "{fx:?}");
    let (id, key) = sent[0].clone();
    update(
        &mut s,
        ra(ReviewsAction::Revealed {
            id,
            key,
            result: Ok(ReviewRevealResponse {
                field: ReviewRevealField::DocumentNumber,
                value: REVEALED.into(),
            }),
        }),
    );
    rf::with_halfblock_images(&mut s);
    s
}

// ---------------------------------------------------------------- calls

/// What the wrap-up states type as the call's summary.
pub const SUMMARY: &str = "告知解锁时间 the caller will try again after 17:00";

/// A call whose number was given and looked up: `items` are the accounts on it.
pub fn call_with_matches(lang: Language, items: Vec<kefu::api::AccountSummary>) -> State {
    let mut s = fixtures::state(lang, false);
    key(&mut s, 'P');
    typed(&mut s, calls::NUMBER);
    let fx = special(&mut s, Key::Enter);
    let req = match fx.as_slice() {
        [Effect::LookupCaller { req, .. }] => *req,
        other => panic!("{other:?}"),
    };
    let total = items.len() as u64;
    update(
        &mut s,
        Action::CallerFound {
            req,
            result: Ok(Page {
                items,
                next_cursor: None,
                total,
            }),
        },
    );
    s
}

/// Hung up: the wrap-up form on its code list.
pub fn wrap_up_codes(lang: Language) -> State {
    let mut s = calls::on_call(lang);
    key(&mut s, 'H');
    s
}

/// "Information given" chosen: the summary (required) being typed.
pub fn wrap_up_summary(lang: Language) -> State {
    let mut s = wrap_up_codes(lang);
    key(&mut s, 'j');
    special(&mut s, Key::Enter);
    typed(&mut s, SUMMARY);
    s
}

/// "Information given" chosen and Ctrl-S with no summary: it is asked for.
pub fn wrap_up_summary_missing(lang: Language) -> State {
    let mut s = wrap_up_codes(lang);
    key(&mut s, 'j');
    special(&mut s, Key::Enter);
    ctrl(&mut s, 's');
    s
}

/// "Call back needed" with its summary: the call-back times.
pub fn wrap_up_callback(lang: Language) -> State {
    let mut s = wrap_up_codes(lang);
    key(&mut s, 'j');
    key(&mut s, 'j');
    special(&mut s, Key::Enter);
    typed(&mut s, SUMMARY);
    ctrl(&mut s, 's');
    s
}

/// [`wrap_up_summary`] sent: the call being logged.
pub fn wrap_up_sending(lang: Language) -> State {
    let mut s = wrap_up_summary(lang);
    let fx = ctrl(&mut s, 's');
    assert!(
        fx.iter().any(|e| matches!(e, Effect::LogCall { .. })),
        "the call is logged: {fx:?}"
    );
    s
}

/// A call taken with ticket #101 open and spent on 张伟's account: `L` lists where it can
/// go (his open ticket, the one open when it started, new tickets).
pub fn call_target_picker(lang: Language) -> State {
    let mut s = ticket(lang);
    calls::call_from(&mut s, acc::locked());
    key(&mut s, 'L');
    s
}
