//! The lookup pane's `update` without a terminal or a network: live recognition and
//! refusal of wrong numbers (no request), newest-wins search, the stale unlock, reveal
//! expiry, pre-filling from a call, lost answers keeping their key, OSC 52 of ids only.

use chrono::Duration;
use kefu::api::{AccountDetail, ImageSlot, RevealField, RevealResponse, ReviewKind};
use kefu::client::{AccountAction, ClientError};
use kefu::config::{Key, KeyChord, Language};
use kefu::domain::lookup_query::QueryKind;
use kefu::tui::action::{Action, Effect};
use kefu::tui::drafts::{DraftBody, DraftEffect, DraftId};
use kefu::tui::fixtures;
use kefu::tui::fixtures::accounts as acc;
use kefu::tui::panes::lookup::attach::AttachForm;
use kefu::tui::panes::lookup::files;
use kefu::tui::panes::lookup::msg::{
    Answer, AttachAnswer, AttachError, Attached, CopyTarget, DirEntry, Op, OpKind, Request,
};
use kefu::tui::panes::lookup::requests as runner;
use kefu::tui::panes::lookup::state::{ClaimForm, Modal, ReasonForm, RebindForm};
use kefu::tui::state::{Pane, State};
use kefu::tui::update::update;

#[path = "support/keys.rs"]
mod keys;
#[path = "support/lookup.rs"]
mod lookup;
use keys::{ctrl, key, special, typed};
use lookup::found;

fn lookup_state(lang: Language, supervisor: bool) -> State {
    let mut s = fixtures::state(lang, supervisor);
    assert!(key(&mut s, '2').is_empty());
    assert_eq!(s.pane, Pane::Lookup);
    assert!(
        s.lookup.editing,
        "the input has focus on entering an empty pane"
    );
    s
}

fn requests(fx: Vec<Effect>) -> Vec<Request> {
    fx.into_iter()
        .map(|e| match e {
            Effect::Lookup(r) => r,
            other => panic!("not a lookup request: {other:?}"),
        })
        .collect()
}

fn one_search(fx: Vec<Effect>) -> (u64, QueryKind, String) {
    match requests(fx).as_slice() {
        [Request::Search { req, kind, value }] => (*req, *kind, value.clone()),
        other => panic!("{other:?}"),
    }
}

fn one_card(fx: Vec<Effect>) -> (u64, i64) {
    match requests(fx).as_slice() {
        [Request::LoadCard { req, id }] => (*req, *id),
        other => panic!("{other:?}"),
    }
}

fn one_op(fx: Vec<Effect>) -> Op {
    match requests(fx).as_slice() {
        [Request::Run(op)] => op.clone(),
        other => panic!("{other:?}"),
    }
}

fn card(s: &mut State, req: u64, d: AccountDetail) -> Vec<Effect> {
    update(
        s,
        Action::Lookup(Answer::Card {
            req,
            result: Ok(Box::new(d)),
        }),
    )
}

/// The pane with `d` open, found by typing a mobile number.
fn with_card(lang: Language, supervisor: bool, d: AccountDetail) -> State {
    let mut s = lookup_state(lang, supervisor);
    let (req, _, _) = one_search(typed(&mut s, "13800138000"));
    let (creq, id) = one_card(found(&mut s, req, vec![d.summary.clone()]));
    assert_eq!(id, d.summary.id);
    assert!(card(&mut s, creq, d).is_empty());
    assert!(special(&mut s, Key::Esc).is_empty(), "Esc leaves the input");
    assert!(!s.lookup.editing);
    s
}

fn api(status: u16, code: &str) -> ClientError {
    ClientError::Api {
        status,
        code: code.into(),
        message: "refused".into(),
    }
}

#[test]
fn wrong_identity_number_is_explained_and_never_searched() {
    for (lang, want) in [
        (
            Language::En,
            "Not a valid identity number: check digit is 1, expected X. Nothing was searched.",
        ),
        (
            Language::ZhCn,
            "证件号码无效：校验位为 1，应为 X。未进行查找。",
        ),
    ] {
        let mut s = lookup_state(lang, false);
        // Every key of the wrong number: recognised live, no request at all.
        let fx = typed(&mut s, "110105194912310021");
        assert!(fx.is_empty(), "{fx:?}");
        let r = &s.lookup.recognition;
        assert_eq!(
            r.kind,
            Some(QueryKind::Document(kefu::api::DocumentKind::ResidentId))
        );
        assert_eq!(r.problem.as_deref(), Some(want));
        assert_eq!(r.ready, None);
        // Enter refuses with the same words, still without a request.
        assert!(special(&mut s, Key::Enter).is_empty());
        assert_eq!(s.error.as_deref(), Some(want));
        assert!(
            s.lookup.editing,
            "the input keeps the focus to fix the number"
        );
        assert_eq!(s.lookup.pending.id(), None);
    }
}

#[test]
fn incomplete_numbers_say_what_is_missing_on_enter() {
    let mut s = lookup_state(Language::En, false);
    assert!(typed(&mut s, "1101051949").is_empty());
    assert_eq!(
        s.lookup.recognition.progress.as_deref(),
        Some("10 of 18 characters")
    );
    assert!(special(&mut s, Key::Enter).is_empty());
    assert_eq!(
        s.error.as_deref(),
        Some("Not a valid identity number: 18 characters expected, got 10. Nothing was searched.")
    );
    let mut s = lookup_state(Language::En, false);
    assert!(typed(&mut s, "张伟").is_empty());
    assert!(special(&mut s, Key::Enter).is_empty());
    assert!(s
        .error
        .as_deref()
        .unwrap()
        .contains("never searched by name"));
}

#[test]
fn a_valid_id_and_a_spoken_mobile_are_searched_as_soon_as_complete() {
    let mut s = lookup_state(Language::En, false);
    let fx = typed(&mut s, "11010519491231002");
    assert!(fx.is_empty());
    let (_, kind, value) = one_search(key(&mut s, 'x'));
    assert_eq!(
        kind,
        QueryKind::Document(kefu::api::DocumentKind::ResidentId)
    );
    assert_eq!(value, "11010519491231002X", "normalized, upper-case X");

    let mut s = lookup_state(Language::En, false);
    let (_, kind, value) = one_search(typed(&mut s, "+86 138 0013 8000"));
    assert_eq!((kind, value.as_str()), (QueryKind::Phone, "13800138000"));
    assert_eq!(s.lookup.recognition.kind, Some(QueryKind::Phone));
}

#[test]
fn newest_query_wins_and_stale_answers_are_dropped() {
    let mut s = lookup_state(Language::En, false);
    let (first, _, v1) = one_search(typed(&mut s, "13800138000"));
    assert_eq!(v1, "13800138000");
    // The agent corrects the number at once: Ctrl-U and another number.
    assert!(update(&mut s, Action::Key(KeyChord::ctrl('u'))).is_empty());
    assert_eq!(
        s.lookup.pending.id(),
        None,
        "the first query no longer counts"
    );
    let (second, _, v2) = one_search(typed(&mut s, "13900139000"));
    assert_eq!(v2, "13900139000");
    assert_ne!(first, second);
    // The older answer arrives late: dropped, nothing shown, nothing asked.
    assert!(found(&mut s, first, vec![acc::locked().summary]).is_empty());
    assert!(s.lookup.results.is_empty());
    assert_eq!(s.lookup.pending.id(), Some(second));
    // The newest answer is shown, and its card is read.
    let rare = acc::rare_name();
    let (creq, id) = one_card(found(&mut s, second, vec![rare.summary.clone()]));
    assert_eq!(id, 1004);
    // An even older answer after the newest one changes nothing.
    assert!(found(&mut s, first, vec![acc::locked().summary]).is_empty());
    assert_eq!(s.lookup.results.len(), 1);
    assert_eq!(s.lookup.results[0].id, 1004);
    card(&mut s, creq, rare);
    assert_eq!(s.lookup.card.as_ref().map(|d| d.summary.id), Some(1004));
    // A stale card read is dropped too.
    assert!(card(&mut s, creq, acc::locked()).is_empty());
    assert_eq!(s.lookup.card.as_ref().map(|d| d.summary.id), Some(1004));
}

#[test]
fn several_accounts_for_one_identity_are_side_by_side_until_one_is_opened() {
    let mut s = lookup_state(Language::En, false);
    let (req, _, _) = one_search(typed(&mut s, "11010519491231002X"));
    assert!(found(&mut s, req, acc::conflict_pair()).is_empty());
    assert!(s.lookup.card.is_none());
    assert!(s.lookup.conflict());
    special(&mut s, Key::Esc);
    special(&mut s, Key::Right);
    assert_eq!(s.lookup.selected, 1);
    let (_, id) = one_card(special(&mut s, Key::Enter));
    assert_eq!(id, 1003);
    // Identity claim from the side-by-side view targets the selected account.
    let mut s2 = lookup_state(Language::En, false);
    let (req, _, _) = one_search(typed(&mut s2, "11010519491231002X"));
    found(&mut s2, req, acc::conflict_pair());
    special(&mut s2, Key::Esc);
    assert!(key(&mut s2, 'i').is_empty());
    assert!(matches!(
        s2.lookup.modal,
        Some(Modal::Claim(ClaimForm { account: 1002, .. }))
    ));
    // Enter without the documents ticked is refused.
    assert!(special(&mut s2, Key::Enter).is_empty());
    assert!(s2.error.as_deref().unwrap().contains("application form"));
    key(&mut s2, ' ');
    let op = one_op(special(&mut s2, Key::Enter));
    assert_eq!(op.account, 1002);
    assert!(matches!(
        op.kind,
        OpKind::Review {
            kind: ReviewKind::IdentityClaim,
            ..
        }
    ));
}

#[test]
fn unlock_asks_for_a_reason_and_a_stale_version_is_reread_and_asked_again() {
    let mut s = with_card(Language::En, false, acc::locked());
    assert!(key(&mut s, 'U').is_empty());
    assert!(matches!(s.lookup.modal, Some(Modal::Reason(_))));
    // While the form is open, keys are text: 'q' does not quit.
    assert!(typed(&mut s, "verified by ID last 4, urgent").is_empty());
    assert!(!s.quit);
    let op = one_op(special(&mut s, Key::Enter));
    let first_key = op.key.clone();
    assert_eq!(op.account, 1001);
    assert_eq!(
        op.kind,
        OpKind::Act {
            action: AccountAction::Unlock,
            version: 4,
            reason: "verified by ID last 4, urgent".into(),
        }
    );
    // Someone else changed the account: 412.
    let (creq, id) = one_card(update(
        &mut s,
        Action::Lookup(Answer::Done {
            op,
            result: Err(api(412, "stale")),
        }),
    ));
    assert_eq!(id, 1001);
    assert!(s.error.as_deref().unwrap().contains("changed meanwhile"));
    // The re-read shows one more failed login; the question comes back with the reason.
    let mut newer = acc::locked();
    newer.summary.version = 5;
    if let Some(l) = newer.lock.as_mut() {
        l.failed_attempts = 6;
    }
    assert!(card(&mut s, creq, newer).is_empty());
    match &s.lookup.modal {
        Some(Modal::Reason(ReasonForm { stale, text, .. })) => {
            assert_eq!(text.value(), "verified by ID last 4, urgent");
            assert!(
                stale.iter().any(|l| l == "failed logins: 5 → 6"),
                "{stale:?}"
            );
            assert!(
                stale.iter().any(|l| l.contains("version 4 → 5")),
                "{stale:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    let op = one_op(special(&mut s, Key::Enter));
    match &op.kind {
        OpKind::Act { version, .. } => assert_eq!(*version, 5),
        other => panic!("{other:?}"),
    }
    assert_ne!(op.key, first_key, "a new attempt after a definite 412");
    let (_, id) = one_card(update(
        &mut s,
        Action::Lookup(Answer::Done {
            op,
            result: Ok(None),
        }),
    ));
    assert_eq!(id, 1001);
    assert_eq!(s.notice.as_deref(), Some("Account unlocked."));
}

#[test]
fn a_stale_unlock_on_an_account_already_unlocked_is_not_asked_again() {
    let mut s = with_card(Language::En, false, acc::locked());
    key(&mut s, 'U');
    let op = one_op(special(&mut s, Key::Enter));
    let (creq, _) = one_card(update(
        &mut s,
        Action::Lookup(Answer::Done {
            op,
            result: Err(api(412, "stale")),
        }),
    ));
    let mut now_active = acc::locked();
    now_active.summary.state = kefu::api::AccountState::Active;
    now_active.summary.version = 5;
    now_active.lock = None;
    card(&mut s, creq, now_active);
    assert!(s.lookup.modal.is_none());
    assert!(s.notice.as_deref().unwrap().contains("now active"));
}

#[test]
fn a_lost_answer_keeps_the_key_for_the_repeat() {
    let mut s = with_card(Language::En, false, acc::locked());
    key(&mut s, 'U');
    let op = one_op(special(&mut s, Key::Enter));
    let k1 = op.key.clone();
    update(
        &mut s,
        Action::Lookup(Answer::Done {
            op,
            result: Err(ClientError::Timeout { secs: 10 }),
        }),
    );
    assert!(s.error.as_deref().unwrap().contains("not be done twice"));
    key(&mut s, 'U');
    let op = one_op(special(&mut s, Key::Enter));
    assert_eq!(op.key, k1, "same action, same key: the server does it once");
}

#[test]
fn freeze_is_for_supervisors_and_others_are_told_why() {
    let mut s = with_card(Language::En, false, acc::active());
    assert!(key(&mut s, 'f').is_empty());
    assert!(s.lookup.modal.is_none());
    assert!(s.error.as_deref().unwrap().contains("Only supervisors"));
    let mut s = with_card(Language::En, true, acc::frozen());
    assert!(key(&mut s, 'f').is_empty(), "already frozen");
    assert!(s.lookup.modal.is_none());
    assert!(key(&mut s, 'F').is_empty());
    let op = one_op(special(&mut s, Key::Enter));
    assert!(matches!(
        op.kind,
        OpKind::Act {
            action: AccountAction::Unfreeze,
            ..
        }
    ));
    // The server's own refusal is explained the same way.
    let mut s = with_card(Language::En, false, acc::active());
    let op = Op {
        account: 3101,
        kind: OpKind::ResendActivation,
        key: kefu::client::IdempotencyKey::new(),
    };
    update(
        &mut s,
        Action::Lookup(Answer::Done {
            op,
            result: Err(api(403, "supervisor_only")),
        }),
    );
    assert!(s.error.as_deref().unwrap().contains("Only supervisors"));
}

#[test]
fn a_revealed_field_hides_itself_after_30_seconds() {
    let mut s = with_card(Language::En, false, acc::rare_name());
    key(&mut s, 'v');
    assert!(matches!(s.lookup.modal, Some(Modal::Field(_))));
    key(&mut s, 'j');
    key(&mut s, 'j');
    special(&mut s, Key::Enter);
    let op = one_op(special(&mut s, Key::Enter));
    match &op.kind {
        OpKind::Reveal { field, reason } => {
            assert_eq!(*field, RevealField::Name);
            assert!(!reason.is_empty(), "a preset reason");
        }
        other => panic!("{other:?}"),
    }
    update(
        &mut s,
        Action::Lookup(Answer::Revealed {
            op,
            result: Ok(RevealResponse {
                field: RevealField::Name,
                value: Some("王𠮷".into()),
            }),
        }),
    );
    assert_eq!(s.lookup.revealed.as_ref().unwrap().value, "王𠮷");
    let (t0, today) = (s.now, s.today);
    update(&mut s, Action::Tick(t0 + Duration::seconds(29), today));
    assert!(s.lookup.revealed.is_some());
    update(&mut s, Action::Tick(t0 + Duration::seconds(30), today));
    assert!(s.lookup.revealed.is_none(), "hidden again");
}

#[test]
fn reveal_rate_limit_says_how_long_to_wait() {
    let mut s = with_card(Language::En, false, acc::rare_name());
    let op = Op {
        account: 1004,
        kind: OpKind::Reveal {
            field: RevealField::Phone,
            reason: "x".into(),
        },
        key: kefu::client::IdempotencyKey::new(),
    };
    update(
        &mut s,
        Action::Lookup(Answer::Revealed {
            op,
            result: Err(ClientError::Api {
                status: 429,
                code: "rate_limited".into(),
                message: "too many reveal requests; at most 10 a minute. Wait 42 s and try again"
                    .into(),
            }),
        }),
    );
    assert_eq!(
        s.error.as_deref(),
        Some("Too many requests: wait 42 s, then try again.")
    );
}

#[test]
fn phone_rebind_validates_the_number_and_links_the_ticket() {
    let mut s = with_card(Language::En, false, acc::locked());
    key(&mut s, 'b');
    assert!(typed(&mut s, "1280013800").is_empty());
    assert!(special(&mut s, Key::Enter).is_empty());
    assert!(s.error.as_deref().unwrap().contains("Not a mobile number"));
    ctrl(&mut s, 'u');
    typed(&mut s, "+86 186-1234-5678");
    // Without the ID scan ticked: refused.
    assert!(special(&mut s, Key::Enter).is_empty());
    assert!(s.error.as_deref().unwrap().contains("ID scan"));
    key(&mut s, ' ');
    let op = one_op(special(&mut s, Key::Enter));
    assert_eq!(
        op.kind
            .new_review(op.account)
            .map(|r| (r.kind, r.ticket_id, r.new_phone, r.note)),
        Some((
            ReviewKind::PhoneRebind,
            Some(501),
            Some("18612345678".to_string()),
            "ID scan received.".to_string()
        ))
    );
}

#[test]
fn the_callers_number_arrives_prefilled_from_a_call() {
    let mut s = fixtures::state(Language::En, false);
    assert!(key(&mut s, 'P').is_empty());
    typed(&mut s, "138 0013 8000");
    let fx = special(&mut s, Key::Enter);
    assert!(matches!(fx.as_slice(), [Effect::LookupCaller { .. }]));
    let (_, kind, value) = one_search(key(&mut s, '2'));
    assert_eq!((kind, value.as_str()), (QueryKind::Phone, "13800138000"));
    assert_eq!(s.lookup.input.value(), "13800138000");
    // Coming back to the pane does not search again.
    key(&mut s, '1');
    assert!(key(&mut s, '2').is_empty());
}

#[test]
fn only_ids_go_to_the_clipboard() {
    let mut s = with_card(Language::En, false, acc::locked());
    match requests(key(&mut s, 'y')).as_slice() {
        [Request::Copy(CopyTarget::Account(1001))] => {}
        other => panic!("{other:?}"),
    }
    match requests(key(&mut s, 'Y')).as_slice() {
        [Request::Copy(CopyTarget::Ticket(501))] => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(
        runner::osc52(CopyTarget::Account(1001)),
        "\x1b]52;c;MTAwMQ==\x07"
    );
}

#[test]
fn tab_still_moves_between_panes_while_typing() {
    let mut s = lookup_state(Language::En, false);
    typed(&mut s, "123");
    special(&mut s, Key::Tab);
    assert_eq!(s.pane, Pane::Reviews);
}

#[test]
fn a_half_typed_rebind_request_is_kept_and_offered_on_the_same_account() {
    let mut s = with_card(Language::ZhCn, false, acc::locked());
    let id = s.lookup.card.as_ref().unwrap().summary.id;
    key(&mut s, 'b');
    let mut last = None;
    for c in "186 1234".chars() {
        for e in update(&mut s, Action::Key(KeyChord::ch(c))) {
            if let Effect::Drafts(DraftEffect::Save(d)) = e {
                last = Some(d);
            }
        }
    }
    let d = last.expect("saved as typed");
    assert_eq!(d.id, DraftId::Rebind(id));
    assert!(matches!(&d.body, DraftBody::Account { number, .. } if number == "186 1234"));
    special(&mut s, Key::Esc);
    assert!(s.lookup.modal.is_none());
    // Reopened (or after a restart with the draft read back): the number is there.
    key(&mut s, 'b');
    match &s.lookup.modal {
        Some(Modal::Rebind(RebindForm { number, .. })) => assert_eq!(number.value(), "186 1234"),
        other => panic!("{other:?}"),
    }
    let fx = update(&mut s, Action::Key(KeyChord::ctrl('x')));
    assert!(fx
        .iter()
        .any(|e| matches!(e, Effect::Drafts(DraftEffect::Drop(DraftId::Rebind(x))) if *x == id)));
    key(&mut s, 'b');
    match &s.lookup.modal {
        Some(Modal::Rebind(RebindForm { number, .. })) => assert_eq!(number.value(), ""),
        other => panic!("{other:?}"),
    }
}

// ---------------------------------------------------------------- attaching evidence

fn attach_form(s: &State) -> &AttachForm {
    match s.lookup.modal.as_ref() {
        Some(Modal::Attach(f)) => f,
        other => panic!("not the attach form: {other:?}"),
    }
}

fn answer(s: &mut State, a: AttachAnswer) -> Vec<Effect> {
    update(s, Action::Lookup(Answer::Attach(a)))
}

fn entry(name: &str, dir: bool) -> DirEntry {
    DirEntry {
        name: name.into(),
        dir,
    }
}

/// A rebind opened on the locked fixture account (review #900): the attach form is open.
fn rebind_opened() -> State {
    let mut s = with_card(Language::En, false, acc::locked());
    key(&mut s, 'b');
    typed(&mut s, "18612345678");
    // Refused without the scan ticked: the focus goes to its box.
    assert!(special(&mut s, Key::Enter).is_empty());
    key(&mut s, ' ');
    let op = one_op(special(&mut s, Key::Enter));
    let fx = update(
        &mut s,
        Action::Lookup(Answer::Done {
            op,
            result: Ok(Some(900)),
        }),
    );
    // Besides dropping the rebind's draft: the card re-read and the document's thumbnail.
    let r: Vec<Request> = fx
        .into_iter()
        .filter_map(|e| match e {
            Effect::Lookup(r) => Some(r),
            _ => None,
        })
        .collect();
    assert_eq!(r.len(), 2, "{r:?}");
    assert!(matches!(r[0], Request::LoadCard { .. }), "{r:?}");
    assert!(
        matches!(
            r[1],
            Request::Preview {
                review: 900,
                slot: ImageSlot::Document,
                ..
            }
        ),
        "{r:?}"
    );
    s
}

#[test]
fn after_opening_a_rebind_the_attach_form_opens_and_tab_completes_the_path() {
    let mut s = rebind_opened();
    assert_eq!(attach_form(&s).review, 900);
    typed(&mut s, "/tmp/sc");
    let complete = |s: &mut State| match requests(special(s, Key::Tab)).as_slice() {
        [Request::Complete { req, typed }] => (*req, typed.clone()),
        other => panic!("{other:?}"),
    };
    let (old, _) = complete(&mut s);
    let (req, typed_then) = complete(&mut s);
    assert_eq!(typed_then, "/tmp/sc");
    let listing = vec![
        entry("scan-front.png", false),
        entry("scan-back.png", false),
        entry("scans", true),
        entry("notes.txt", false),
        entry(".scan-hidden.png", false),
    ];
    let stale = AttachAnswer::Completed {
        req: old,
        typed: typed_then.clone(),
        entries: vec![entry("scan-front.png", false)],
    };
    answer(&mut s, stale);
    assert_eq!(
        attach_form(&s).path.value(),
        "/tmp/sc",
        "an older completion is dropped"
    );
    answer(
        &mut s,
        AttachAnswer::Completed {
            req,
            typed: typed_then,
            entries: listing.clone(),
        },
    );
    let f = attach_form(&s);
    assert_eq!(f.path.value(), "/tmp/scan", "the common part is filled in");
    assert_eq!(f.matches, vec!["scan-back.png", "scan-front.png", "scans/"]);
    typed(&mut s, "s");
    let (req, typed_then) = complete(&mut s);
    answer(
        &mut s,
        AttachAnswer::Completed {
            req,
            typed: typed_then,
            entries: listing,
        },
    );
    assert_eq!(
        attach_form(&s).path.value(),
        "/tmp/scans/",
        "one directory: a slash"
    );
    assert!(attach_form(&s).matches.is_empty());
}

#[test]
fn attaching_says_what_went_wrong_in_words_keeps_a_lost_answers_key_and_shows_what_was_done() {
    let mut s = rebind_opened();
    assert!(
        special(&mut s, Key::Enter).is_empty(),
        "no path, nothing sent"
    );
    assert!(attach_form(&s)
        .problem
        .as_deref()
        .unwrap()
        .contains("Type the path"));
    typed(&mut s, "/scans/id.png");
    let send = |s: &mut State| match requests(special(s, Key::Enter)).as_slice() {
        [Request::Attach {
            req,
            review: 900,
            slot: ImageSlot::Document,
            path,
            key,
        }] => {
            assert_eq!(path, "/scans/id.png");
            (*req, key.clone())
        }
        other => panic!("{other:?}"),
    };
    let refusals = [
        (AttachError::TooBig(6 * 1024 * 1024), "at most 5 MB"),
        (
            AttachError::Missing("/scans/id.png".into()),
            "No file at /scans/id.png",
        ),
        (AttachError::NotAnImage, "not a PNG or JPEG"),
        (
            AttachError::Api(api(415, "unsupported_image")),
            "not a PNG or JPEG photo",
        ),
    ];
    let mut last_key = None;
    for (e, words) in refusals {
        let (req, k) = send(&mut s);
        assert_ne!(Some(&k), last_key.as_ref(), "a definite refusal: a new key");
        last_key = Some(k);
        answer(
            &mut s,
            AttachAnswer::Attached {
                req,
                slot: ImageSlot::Document,
                result: Err(e),
            },
        );
        let f = attach_form(&s);
        assert!(!f.sending);
        assert!(
            f.problem.as_deref().unwrap().contains(words),
            "{:?}",
            f.problem
        );
    }
    let (req, k) = send(&mut s);
    answer(
        &mut s,
        AttachAnswer::Attached {
            req,
            slot: ImageSlot::Document,
            result: Err(AttachError::Api(ClientError::Timeout { secs: 10 })),
        },
    );
    let (req, again) = send(&mut s);
    assert_eq!(
        again, k,
        "no answer: the repeat keeps its key (attached once)"
    );
    answer(
        &mut s,
        AttachAnswer::Attached {
            req,
            slot: ImageSlot::Document,
            result: Ok(Attached {
                bytes: 2048,
                thumb: None,
            }),
        },
    );
    let f = attach_form(&s);
    assert!(f.problem.is_none());
    assert!(
        f.done
            .as_deref()
            .unwrap()
            .contains("Document attached to review #900 (2 KB)"),
        "{:?}",
        f.done
    );
    assert!(s.notice.as_deref().unwrap().contains("review #900"));
    // The selfie next: its thumbnail is asked for.
    match requests(special(&mut s, Key::Down)).as_slice() {
        [Request::Preview {
            review: 900,
            slot: ImageSlot::Selfie,
            ..
        }] => {}
        other => panic!("{other:?}"),
    }
    assert!(special(&mut s, Key::Esc).is_empty());
    assert!(s.lookup.modal.is_none());
}

#[test]
fn a_on_the_card_opens_the_form_on_my_open_review_or_says_why_not() {
    let mut s = with_card(Language::En, false, acc::locked());
    assert!(key(&mut s, 'a').is_empty());
    assert!(s.error.as_deref().unwrap().contains("No open rebind"));
    assert!(s.lookup.modal.is_none());
    // Awaiting its second approval: the images are locked.
    let mut s = with_card(Language::En, false, acc::rare_name());
    assert!(key(&mut s, 'a').is_empty());
    assert!(s.lookup.modal.is_none());
    let mut d = acc::rare_name();
    d.reviews[0].state = kefu::api::ReviewState::Pending;
    let mut s = with_card(Language::En, false, d);
    match requests(key(&mut s, 'a')).as_slice() {
        [Request::Preview { review: 41, .. }] => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(attach_form(&s).review, 41);
}

#[test]
fn a_file_is_checked_on_the_desks_host_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    // 6 GB, sparse: refused from its size alone (reading it would take a while).
    let big = std::fs::File::create(p("huge.png")).unwrap();
    big.set_len(6 * 1024 * 1024 * 1024).unwrap();
    assert!(matches!(
        files::read_evidence(&p("huge.png")),
        Err(AttachError::TooBig(n)) if n == 6 * 1024 * 1024 * 1024
    ));
    std::fs::write(p("notes.pdf"), b"%PDF-1.4\n").unwrap();
    assert!(matches!(
        files::read_evidence(&p("notes.pdf")),
        Err(AttachError::NotAnImage)
    ));
    assert!(matches!(
        files::read_evidence(&p("absent.png")),
        Err(AttachError::Missing(_))
    ));
    std::fs::create_dir(dir.path().join("scans")).unwrap();
    assert!(matches!(
        files::read_evidence(&p("scans")),
        Err(AttachError::NotAFile(_))
    ));
    std::fs::write(p("id.png"), fixtures::reviews::png(8, 8, false)).unwrap();
    let (ct, bytes) = files::read_evidence(&p("id.png")).unwrap();
    assert_eq!(ct, "image/png");
    assert!(bytes.starts_with(b"\x89PNG"));
    let mut listed = files::list_dir(&format!("{}/", dir.path().display()));
    listed.sort_by(|a, b| a.name.cmp(&b.name));
    let names: Vec<(&str, bool)> = listed.iter().map(|e| (e.name.as_str(), e.dir)).collect();
    assert_eq!(
        names,
        vec![
            ("huge.png", false),
            ("id.png", false),
            ("notes.pdf", false),
            ("scans", true)
        ]
    );
}

#[test]
fn esc_on_the_card_does_not_give_the_search_box_the_focus() {
    let mut s = with_card(Language::En, false, acc::locked());
    let before = s.lookup.input.value().to_string();
    special(&mut s, Key::Esc);
    assert!(!s.lookup.editing, "the pane's keys stay the pane's");
    key(&mut s, 'j');
    assert_eq!(
        s.lookup.input.value(),
        before,
        "nothing typed into the search box"
    );
    // The filter key gives it the focus.
    key(&mut s, '/');
    assert!(s.lookup.editing);
}
