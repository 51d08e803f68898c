//! The reviews pane's `update` without a terminal or a network: queue filters, claim and
//! lease renewal, the checklist → decision → confirmation flow, server refusals (409, 403),
//! the stale path (412: re-read, show what changed, ask again, never resend by itself).

use chrono::Duration;
use kefu::api::{
    Decision, ImageInfo, ImageSlot, OperatorInfo, Page, ReviewDetail, ReviewState, Role,
};
use kefu::client::{ClientError, IdempotencyKey, ReviewImage};
use kefu::config::{Key, KeyChord, Language};
use kefu::domain::reason::ReasonCode;
use kefu::tui::action::{Action, Effect};
use kefu::tui::drafts::{DraftBody, DraftEffect, DraftId};
use kefu::tui::fixtures;
use kefu::tui::fixtures::reviews as rf;
use kefu::tui::images::Graphics;
use kefu::tui::panes::reviews::msg::{ReviewsAction, ReviewsEffect};
use kefu::tui::panes::reviews::state::Stage;
use kefu::tui::state::State;
use kefu::tui::update::update;

const ME: &str = "demo-reviewer";

#[path = "support/keys.rs"]
mod keys;
use keys::{act, key, reviews, special};

fn api(status: u16, code: &str, message: &str) -> ClientError {
    ClientError::Api {
        status,
        code: code.into(),
        message: message.into(),
    }
}

fn load_req(fx: &[Effect]) -> u64 {
    let found: Vec<u64> = reviews(fx)
        .into_iter()
        .filter_map(|e| match e {
            ReviewsEffect::Load { req, .. } => Some(req),
            _ => None,
        })
        .collect();
    assert_eq!(found.len(), 1, "{fx:?}");
    found[0]
}

/// Signed in as a reviewer, on the reviews pane with the fixture queue loaded.
fn queue(lang: Language) -> State {
    let mut s = fixtures::state(lang, false);
    s.operator = Some(OperatorInfo {
        id: ME.into(),
        name: "审核员小陈".into(),
        roles: vec![Role::Reviewer],
    });
    let fx = key(&mut s, '3');
    let r = reviews(&fx);
    let (req, creq) = match r.as_slice() {
        [ReviewsEffect::List { req, .. }, ReviewsEffect::Count { req: c, .. }] => (*req, *c),
        other => panic!("{other:?}"),
    };
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
    act(
        &mut s,
        ReviewsAction::Counted {
            req: creq,
            result: Ok(ReviewState::ALL.iter().map(|st| (*st, 2)).collect()),
        },
    );
    s
}

/// The first review open and read.
fn opened(lang: Language) -> State {
    let mut s = queue(lang);
    let fx = special(&mut s, Key::Enter);
    let req = load_req(&fx);
    act(
        &mut s,
        ReviewsAction::Loaded {
            req,
            result: Ok(rf::detail()),
        },
    );
    s
}

fn claimed_detail() -> ReviewDetail {
    let mut d = rf::detail();
    d.summary.state = ReviewState::Claimed;
    d.summary.claimed_by = Some(ME.into());
    d.summary.claim_expires_at = Some(fixtures::now() + Duration::minutes(15));
    d.summary.version = 5;
    d
}

/// Open, claimed by me.
fn claimed(lang: Language) -> State {
    let mut s = opened(lang);
    let fx = key(&mut s, 'c');
    let k = match reviews(&fx).as_slice() {
        [ReviewsEffect::Claim { id: 7, key }] => key.clone(),
        other => panic!("{other:?}"),
    };
    let fx = act(
        &mut s,
        ReviewsAction::Claimed {
            id: 7,
            key: k,
            result: Ok(claimed_detail()),
        },
    );
    // The lease is renewed by a timer before its 15 minutes lapse.
    match reviews(&fx).as_slice() {
        [ReviewsEffect::RenewAfter { id: 7, secs, .. }] => assert!(*secs < 15 * 60 && *secs > 60),
        other => panic!("{other:?}"),
    }
    s
}

fn tick_all(s: &mut State) {
    for _ in 0..4 {
        assert!(key(s, ' ').is_empty());
        key(s, 'j');
    }
    assert!(s.reviews.open.as_ref().unwrap().checklist_complete());
}

/// From a claimed review: approve with a reason, a comment and a note, up to the summary.
fn to_confirm(s: &mut State) {
    tick_all(s);
    key(s, 'd');
    special(s, Key::Enter); // approve
    special(s, Key::Enter); // documents_match
    for c in "qj ok".chars() {
        // Typed text is text: q does not quit, j does not move.
        assert!(key(s, c).is_empty());
    }
    special(s, Key::Enter);
    for c in "checked".chars() {
        key(s, c);
    }
    special(s, Key::Enter);
    assert!(!s.quit);
    let f = s.reviews.open.as_ref().unwrap().form.as_ref().unwrap();
    assert_eq!(f.stage, Stage::Confirm);
}

fn decide_effect(fx: &[Effect]) -> (i64, kefu::api::DecisionRequest, IdempotencyKey) {
    match reviews(fx).as_slice() {
        [ReviewsEffect::Decide {
            version,
            request,
            key,
            ..
        }] => (*version, request.clone(), key.clone()),
        other => panic!("{other:?}"),
    }
}

#[test]
fn queue_filters_by_kind_state_and_document_and_keeps_sla_order() {
    let mut s = queue(Language::En);
    assert_eq!(s.reviews.rows.len(), 3);
    let fx = key(&mut s, 'K');
    match reviews(&fx).as_slice() {
        [ReviewsEffect::List { query, .. }, ReviewsEffect::Count { query: cq, .. }] => {
            assert_eq!(query.kind.as_deref(), Some("real_name"));
            assert!(query.state.as_deref().unwrap().contains("pending"));
            assert_eq!(
                cq.kind.as_deref(),
                Some("real_name"),
                "counts under the same kind"
            );
        }
        other => panic!("{other:?}"),
    }
    let fx = key(&mut s, 'E');
    match reviews(&fx).as_slice() {
        [ReviewsEffect::List { query, .. }, ..] => {
            assert_eq!(query.state.as_deref(), Some("pending"))
        }
        other => panic!("{other:?}"),
    }
    let fx = key(&mut s, 'D');
    match reviews(&fx).as_slice() {
        [ReviewsEffect::List { query, .. }, ..] => {
            assert_eq!(query.document_kind.as_deref(), Some("resident_id"))
        }
        other => panic!("{other:?}"),
    }
    // Esc clears every filter.
    let fx = special(&mut s, Key::Esc);
    match reviews(&fx).as_slice() {
        [ReviewsEffect::List { query, .. }, ..] => {
            assert_eq!(query.kind, None);
            assert_eq!(query.document_kind, None);
        }
        other => panic!("{other:?}"),
    }
}

fn with_images(mut d: ReviewDetail, document: &str) -> ReviewDetail {
    d.images = vec![
        ImageInfo {
            slot: ImageSlot::Document,
            sha256: document.into(),
            bytes: 100,
        },
        ImageInfo {
            slot: ImageSlot::Selfie,
            sha256: "s1".into(),
            bytes: 100,
        },
    ];
    d
}

fn fetched(fx: &[Effect]) -> Vec<ReviewImage> {
    reviews(fx)
        .into_iter()
        .filter_map(|e| match e {
            ReviewsEffect::FetchImage { which, .. } => Some(which),
            _ => None,
        })
        .collect()
}

#[test]
fn images_load_after_the_claim_again_when_replaced_and_leaving_clears_them() {
    let mut s = queue(Language::En);
    s.reviews.graphics = Graphics::Sixel;
    let fx = special(&mut s, Key::Enter);
    assert_eq!(
        fetched(&fx),
        vec![],
        "no image before the read and the claim"
    );
    let fx = act(
        &mut s,
        ReviewsAction::Loaded {
            req: load_req(&fx),
            result: Ok(with_images(rf::detail(), "d1")),
        },
    );
    assert_eq!(fetched(&fx), vec![], "not claimed: the server would refuse");
    let o = s.reviews.open.as_ref().unwrap();
    assert!(o.images[0]
        .error
        .as_deref()
        .unwrap()
        .contains("Claim the review (c)"));
    let fx = key(&mut s, 'c');
    let k = match reviews(&fx).as_slice() {
        [ReviewsEffect::Claim { id: 7, key }] => key.clone(),
        other => panic!("{other:?}"),
    };
    let fx = act(
        &mut s,
        ReviewsAction::Claimed {
            id: 7,
            key: k,
            result: Ok(with_images(claimed_detail(), "d1")),
        },
    );
    assert_eq!(
        fetched(&fx),
        vec![ReviewImage::Document, ReviewImage::Selfie],
        "the claim answered: both images"
    );
    // Bytes arrive: encoding is asked for (the runner does it off the UI thread).
    let fx = act(
        &mut s,
        ReviewsAction::ImageFetched {
            id: 7,
            which: ReviewImage::Document,
            result: Ok(std::sync::Arc::new(rf::png(320, 200, false))),
        },
    );
    let size = match reviews(&fx).as_slice() {
        [ReviewsEffect::EncodeImage { size, .. }] => *size,
        other => panic!("{other:?}"),
    };
    // Zoom asks for a bigger encoding of the same bytes, without fetching again.
    let fx = key(&mut s, 'z');
    match reviews(&fx).as_slice() {
        [ReviewsEffect::EncodeImage { size: z, .. }] => assert!(z.0 > size.0 && z.1 > size.1),
        other => panic!("{other:?}"),
    }
    // A live re-read lists a new document (the opener replaced it): only it is fetched.
    let fx = key(&mut s, 'r');
    let fx = act(
        &mut s,
        ReviewsAction::Loaded {
            req: load_req(&fx),
            result: Ok(with_images(claimed_detail(), "d2")),
        },
    );
    assert_eq!(fetched(&fx), vec![ReviewImage::Document]);
    s.reviews.clear_graphics = false;
    // Esc leaves the zoom, a second Esc leaves the review.
    special(&mut s, Key::Esc);
    assert!(s.reviews.open.is_some());
    rf::with_halfblock_images(&mut s);
    s.reviews.graphics = Graphics::Sixel;
    s.reviews.clear_graphics = false;
    special(&mut s, Key::Esc);
    assert!(s.reviews.open.is_none());
    assert!(s.reviews.clear_graphics, "sixel pixels are cleared");
}

#[test]
fn no_graphics_still_allows_the_review() {
    let mut s = queue(Language::En);
    s.reviews.graphics = Graphics::Unavailable;
    let fx = special(&mut s, Key::Enter);
    assert!(reviews(&fx)
        .iter()
        .all(|e| !matches!(e, ReviewsEffect::FetchImage { .. })));
    assert!(s.reviews.open.is_some());
}

#[test]
fn the_opener_and_the_first_approver_get_the_reason_not_a_claim_or_a_form() {
    // Row 3 of the fixture awaits its second approval; demo-reviewer gave the first.
    let mut s = queue(Language::ZhCn);
    key(&mut s, 'j');
    key(&mut s, 'j');
    let fx = special(&mut s, Key::Enter);
    let req = load_req(&fx);
    let mut d = rf::detail();
    d.summary = rf::rows().remove(2);
    act(&mut s, ReviewsAction::Loaded { req, result: Ok(d) });
    for k in ['c', ' ', 'd'] {
        let fx = key(&mut s, k);
        assert!(reviews(&fx).is_empty(), "{k:?} sent {fx:?}");
        let o = s.reviews.open.as_ref().expect("the review stays open");
        assert!(o.form.is_none(), "{k:?} opened a form");
        assert!(o.ticked.iter().all(|t| !t), "{k:?} ticked an item");
        let why = o.refusal.as_deref().expect("a reason");
        assert!(why.contains("首次审批由您作出"), "{why}");
    }

    // The agent who opened a review is refused the same way (four_eyes_own_review).
    let mut s = queue(Language::En);
    s.reviews.rows[0].opened_by = ME.into();
    let fx = special(&mut s, Key::Enter);
    let req = load_req(&fx);
    let mut d = rf::detail();
    d.summary.opened_by = ME.into();
    act(&mut s, ReviewsAction::Loaded { req, result: Ok(d) });
    assert!(reviews(&key(&mut s, 'c')).is_empty());
    let why = s.reviews.open.as_ref().and_then(|o| o.refusal.clone());
    assert_eq!(
        why.as_deref(),
        Some("Four eyes: you opened this review, so another reviewer must decide it.")
    );
}

/// `n` list rows numbered from `from`.
fn page_rows(from: i64, n: i64) -> Vec<kefu::api::ReviewSummary> {
    (from..from + n)
        .map(|id| {
            rf::row(
                id,
                kefu::api::ReviewKind::RealName,
                "陈**",
                fixtures::now().date_naive(),
            )
        })
        .collect()
}

fn list_effects(fx: &[Effect]) -> Vec<(u64, kefu::api::ReviewQuery)> {
    reviews(fx)
        .into_iter()
        .filter_map(|e| match e {
            ReviewsEffect::List { req, query } => Some((req, query)),
            _ => None,
        })
        .collect()
}

#[test]
fn a_burst_of_moves_past_the_first_page_waits_for_the_next_and_lands_on_row_141() {
    let mut s = queue(Language::En);
    s.reviews.rows = page_rows(1, 100);
    s.reviews.total = 150;
    s.reviews.next_cursor = Some("2026-03-06|100".into());
    s.reviews.selected = 0;
    let mut reads = Vec::new();
    for _ in 0..140 {
        reads.extend(list_effects(&key(&mut s, 'j')));
    }
    // One read of the next page, asked ahead of the selection, never twice.
    assert_eq!(reads.len(), 1, "{reads:?}");
    let (req, query) = reads.remove(0);
    assert_eq!(query.cursor.as_deref(), Some("2026-03-06|100"));
    assert_eq!(
        s.reviews.selected, 99,
        "the selection waits on the last row read"
    );
    assert_eq!(s.reviews.held_moves, 41);
    act(
        &mut s,
        ReviewsAction::Listed {
            req,
            result: Ok(Page {
                items: page_rows(101, 50),
                next_cursor: None,
                total: 150,
            }),
        },
    );
    assert_eq!(s.reviews.rows.len(), 150);
    assert_eq!(s.reviews.selected, 140, "no move was lost");
    assert_eq!(s.reviews.rows[140].id, 141);
    assert_eq!(s.reviews.held_moves, 0);
    // A refresh re-reads as deep as the list was read, so the selection stays on #141.
    let fx = key(&mut s, 'r');
    let lists = list_effects(&fx);
    assert_eq!(lists.len(), 1, "{fx:?}");
    assert_eq!(lists[0].1.limit, Some(200));
}

#[test]
fn the_search_finds_by_review_id_account_or_document_and_refuses_a_wrong_number() {
    let mut s = queue(Language::ZhCn);
    assert!(reviews(&key(&mut s, '/')).is_empty());
    assert!(s.reviews.search_bar.is_some());
    for c in "110105194912310021".chars() {
        key(&mut s, c);
    }
    let fx = special(&mut s, Key::Enter);
    assert!(
        list_effects(&fx).is_empty(),
        "a wrong check digit is not searched"
    );
    let problem = s.reviews.search_bar.as_ref().and_then(|(_, p)| p.clone());
    assert!(
        problem.as_deref().is_some_and(|p| p.contains("校验")),
        "{problem:?}"
    );
    // Esc closes the bar; the list is as it was.
    assert!(reviews(&special(&mut s, Key::Esc)).is_empty());
    assert!(s.reviews.search_bar.is_none());
    assert_eq!(s.reviews.filter.search, None);

    for (typed, check) in [
        ("#45", "id"),
        ("acc:310", "account"),
        ("ｈ1234 5678", "document"),
    ] {
        key(&mut s, '/');
        // The bar opens with the search in force; clear it first.
        for _ in 0..20 {
            special(&mut s, Key::Backspace);
        }
        for c in typed.chars() {
            key(&mut s, c);
        }
        let lists = list_effects(&special(&mut s, Key::Enter));
        assert_eq!(lists.len(), 1, "{typed}");
        let q = &lists[0].1;
        match check {
            "id" => assert_eq!(q.id, Some(45)),
            "account" => assert_eq!(q.account_id, Some(310)),
            _ => assert_eq!(q.document_number.as_deref(), Some("H12345678")),
        }
        assert_eq!(q.state, None, "a search looks at every state");
        assert!(s.reviews.search_bar.is_none());
    }
    // An empty search clears it.
    key(&mut s, '/');
    for _ in 0..20 {
        special(&mut s, Key::Backspace);
    }
    let lists = list_effects(&special(&mut s, Key::Enter));
    assert_eq!(lists.len(), 1);
    assert_eq!(lists[0].1.document_number, None);
    assert!(lists[0]
        .1
        .state
        .as_deref()
        .is_some_and(|st| st.contains("pending")));
}

#[test]
fn deciding_needs_a_claim_first() {
    let mut s = opened(Language::En);
    assert!(key(&mut s, 'd').is_empty());
    let o = s.reviews.open.as_ref().unwrap();
    assert!(o.form.is_none());
    assert!(o
        .refusal
        .as_deref()
        .unwrap()
        .contains("Claim the review first"));
}

#[test]
fn checklist_decision_and_confirmation_then_the_effects_are_read_back() {
    let mut s = claimed(Language::En);
    // Approve refuses locally until every item is ticked.
    key(&mut s, 'd');
    assert!(special(&mut s, Key::Enter).is_empty());
    let f = s.reviews.open.as_ref().unwrap().form.as_ref().unwrap();
    assert_eq!(f.stage, Stage::Decision);
    assert!(f.problem.as_deref().unwrap().contains("Tick every"));
    special(&mut s, Key::Esc);
    assert!(s.reviews.open.as_ref().unwrap().form.is_none());

    to_confirm(&mut s);
    let fx = key(&mut s, 'y');
    let (version, req, _) = decide_effect(&fx);
    assert_eq!(version, 5, "the version read after the claim");
    assert_eq!(req.decision, Decision::Approve);
    assert_eq!(req.reason_code, ReasonCode::DocumentsMatch);
    assert_eq!(req.checklist.len(), 4);
    assert_eq!(req.comment_to_user, "qj ok");
    assert_eq!(req.internal_note, "checked");
    // While it is in flight, keys do nothing (no double send).
    assert!(key(&mut s, 'y').is_empty());

    let fx = act(
        &mut s,
        ReviewsAction::Decided {
            id: 7,
            request: req,
            key: IdempotencyKey::new(),
            result: Ok(()),
        },
    );
    let r = reviews(&fx);
    assert!(r
        .iter()
        .any(|e| matches!(e, ReviewsEffect::Load { id: 7, .. })));
    assert!(
        r.iter()
            .any(|e| matches!(e, ReviewsEffect::LoadAccount { id: 70, .. })),
        "the account is read back"
    );
    let o = s.reviews.open.as_ref().unwrap();
    assert!(o.form.is_none());
    let out = o.outcome.as_ref().expect("the outcome");
    assert!(
        !out.review_read,
        "the state shown is the one before the decision until the review is read again"
    );
    assert!(s.notice.is_some());
    let mut after = claimed_detail();
    after.summary.state = ReviewState::Approved;
    act(
        &mut s,
        ReviewsAction::Loaded {
            req: load_req(&fx),
            result: Ok(after),
        },
    );
    let o = s.reviews.open.as_ref().unwrap();
    assert!(o.outcome.as_ref().expect("the outcome").review_read);
    assert_eq!(o.review.summary.state, ReviewState::Approved);
}

#[test]
fn reject_offers_only_its_own_reason_codes_with_retry_or_final() {
    let mut s = claimed(Language::En);
    key(&mut s, 'd');
    key(&mut s, 'j'); // reject, may retry
    special(&mut s, Key::Enter);
    key(&mut s, 'j');
    special(&mut s, Key::Enter);
    special(&mut s, Key::Enter);
    special(&mut s, Key::Enter);
    let (_, req, _) = decide_effect(&key(&mut s, 'y'));
    assert_eq!(req.decision, Decision::RejectRetry);
    assert_eq!(req.reason_code, ReasonCode::FaceMismatch);
}

#[test]
fn claim_refused_409_says_who_holds_it() {
    let mut s = opened(Language::En);
    let fx = key(&mut s, 'c');
    let k = match reviews(&fx).as_slice() {
        [ReviewsEffect::Claim { key, .. }] => key.clone(),
        other => panic!("{other:?}"),
    };
    let fx = act(
        &mut s,
        ReviewsAction::Claimed {
            id: 7,
            key: k,
            result: Err(api(
                409,
                "claimed_by_other",
                "review 7 is being worked on by demo-reviewer2 (claim lapses in 11 min)",
            )),
        },
    );
    load_req(&fx); // re-read to show the holder
    let r = s.reviews.open.as_ref().unwrap().refusal.clone().unwrap();
    assert!(r.contains("Another reviewer holds this review"), "{r}");
    assert!(r.contains("demo-reviewer2"), "{r}");
}

#[test]
fn four_eyes_refusal_403_is_shown_in_plain_words_and_not_retried() {
    let mut s = claimed(Language::ZhCn);
    to_confirm(&mut s);
    let (_, req, k) = decide_effect(&key(&mut s, 'y'));
    let fx = act(
        &mut s,
        ReviewsAction::Decided {
            id: 7,
            request: req,
            key: k,
            result: Err(api(
                403,
                "four_eyes_same_reviewer",
                "you gave the first approval",
            )),
        },
    );
    assert!(reviews(&fx)
        .iter()
        .all(|e| !matches!(e, ReviewsEffect::Decide { .. })));
    let o = s.reviews.open.as_ref().unwrap();
    assert!(o.form.is_none());
    assert!(o.refusal.as_deref().unwrap().contains("双人复核"));

    let mut s = claimed(Language::En);
    to_confirm(&mut s);
    let (_, req, k) = decide_effect(&key(&mut s, 'y'));
    act(
        &mut s,
        ReviewsAction::Decided {
            id: 7,
            request: req,
            key: k,
            result: Err(api(403, "four_eyes_own_review", "you opened this review")),
        },
    );
    let o = s.reviews.open.as_ref().unwrap();
    assert!(o
        .refusal
        .as_deref()
        .unwrap()
        .contains("you opened this review"));
}

#[test]
fn stale_decision_rereads_shows_changes_and_asks_again_without_resending() {
    let mut s = claimed(Language::En);
    to_confirm(&mut s);
    let (v1, req, k1) = decide_effect(&key(&mut s, 'y'));
    let fx = act(
        &mut s,
        ReviewsAction::Decided {
            id: 7,
            request: req,
            key: k1.clone(),
            result: Err(api(412, "stale", "changed")),
        },
    );
    // Only a re-read: no decision is sent again.
    let req2 = load_req(&fx);
    assert!(reviews(&fx)
        .iter()
        .all(|e| !matches!(e, ReviewsEffect::Decide { .. })));
    // While re-reading, y does not send.
    assert!(key(&mut s, 'y').is_empty());
    let mut changed = claimed_detail();
    changed.summary.version = 7;
    changed.summary.state = ReviewState::AwaitingSecondApproval;
    changed.summary.first_approver = Some("demo-reviewer2".into());
    changed.decisions.push(rf::decision_by("demo-reviewer2"));
    let fx = act(
        &mut s,
        ReviewsAction::Loaded {
            req: req2,
            result: Ok(changed),
        },
    );
    assert!(fx.is_empty(), "asking again sends nothing: {fx:?}");
    let f = s.reviews.open.as_ref().unwrap().form.as_ref().unwrap();
    assert_eq!(f.stage, Stage::Confirm);
    let text = f.changed.join("\n");
    assert!(text.contains("demo-reviewer2"), "{text}");
    assert!(text.contains("2nd approval"), "{text}");
    // The reviewer confirms again: a new attempt on the new version, with a new key.
    let (v2, _, k2) = decide_effect(&key(&mut s, 'y'));
    assert_eq!(v2, 7);
    assert_ne!(v1, v2);
    assert_ne!(k1, k2);
}

#[test]
fn no_answer_keeps_the_key_for_the_next_attempt() {
    let mut s = claimed(Language::En);
    to_confirm(&mut s);
    let (_, req, k1) = decide_effect(&key(&mut s, 'y'));
    let fx = act(
        &mut s,
        ReviewsAction::Decided {
            id: 7,
            request: req,
            key: k1.clone(),
            result: Err(ClientError::Timeout { secs: 10 }),
        },
    );
    assert!(fx.is_empty(), "never resent by itself");
    let (_, _, k2) = decide_effect(&key(&mut s, 'y'));
    assert_eq!(k1, k2);
}

#[test]
fn lease_renews_while_open_and_stops_when_the_reviewer_leaves() {
    let mut s = claimed(Language::En);
    let gen = s.reviews.open.as_ref().unwrap().renew_gen;
    // An older timer does nothing.
    assert!(act(
        &mut s,
        ReviewsAction::RenewDue {
            id: 7,
            gen: gen - 1
        }
    )
    .is_empty());
    let fx = act(&mut s, ReviewsAction::RenewDue { id: 7, gen });
    assert!(matches!(
        reviews(&fx).as_slice(),
        [ReviewsEffect::Claim { id: 7, .. }]
    ));
    // Leaving the review: the timer finds nothing to renew.
    let mut s = claimed(Language::En);
    let gen = s.reviews.open.as_ref().unwrap().renew_gen;
    special(&mut s, Key::Esc);
    assert!(act(&mut s, ReviewsAction::RenewDue { id: 7, gen }).is_empty());
}

/// The list and counts requests of a reload.
fn is_reload(fx: &[Effect]) -> bool {
    let r = reviews(fx);
    r.iter().any(|e| matches!(e, ReviewsEffect::List { .. }))
        && r.iter().any(|e| matches!(e, ReviewsEffect::Count { .. }))
}

#[test]
fn leaving_a_claimed_review_gives_the_claim_back_then_rereads_the_list() {
    let mut s = claimed(Language::En);
    let fx = special(&mut s, Key::Esc);
    assert!(s.reviews.open.is_none());
    match reviews(&fx).as_slice() {
        [ReviewsEffect::Release { id: 7, .. }] => {}
        other => panic!("one release, the list after it: {other:?}"),
    }
    assert!(is_reload(&act(
        &mut s,
        ReviewsAction::Released {
            id: 7,
            result: Ok(())
        }
    )));
    // Not given back (the back office is away): the list is read all the same, the lease
    // lapses by itself, and nothing is shown as an error.
    let mut s = claimed(Language::En);
    special(&mut s, Key::Esc);
    let fx = act(
        &mut s,
        ReviewsAction::Released {
            id: 7,
            result: Err(api(503, "unavailable", "down")),
        },
    );
    assert!(is_reload(&fx));
    assert_eq!(s.error, None);
    // An ended session goes to sign-in, as everywhere.
    let mut s = claimed(Language::En);
    special(&mut s, Key::Esc);
    act(
        &mut s,
        ReviewsAction::Released {
            id: 7,
            result: Err(api(401, "unauthorized", "ended")),
        },
    );
    assert_eq!(s.screen, kefu::tui::state::Screen::SignIn);
    // A review looked at without a claim: nothing to give back, the list at once.
    let mut s = opened(Language::En);
    let fx = special(&mut s, Key::Esc);
    assert!(is_reload(&fx));
    assert!(!reviews(&fx)
        .iter()
        .any(|e| matches!(e, ReviewsEffect::Release { .. })));
}

#[test]
fn a_decision_comment_is_kept_as_typed_and_comes_back_after_a_restart() {
    let mut s = claimed(Language::ZhCn);
    tick_all(&mut s);
    key(&mut s, 'd');
    special(&mut s, Key::Down); // reject, may retry
    special(&mut s, Key::Enter);
    special(&mut s, Key::Enter); // its first reason
    let mut saved = Vec::new();
    for c in "照片反光".chars() {
        for e in update(&mut s, Action::Key(KeyChord::ch(c))) {
            if let Effect::Drafts(DraftEffect::Save(d)) = e {
                saved.push(d);
            }
        }
    }
    let last = saved.last().expect("saved as typed").clone();
    assert_eq!(last.id, DraftId::Review(7));
    match &last.body {
        DraftBody::Decision {
            decision, comment, ..
        } => {
            assert_eq!(
                (*decision, comment.as_str()),
                (Decision::RejectRetry, "照片反光")
            );
        }
        other => panic!("{other:?}"),
    }
    // An Esc too many does not throw the text away.
    special(&mut s, Key::Esc); // back to the reason
    special(&mut s, Key::Esc); // back to the decision
    special(&mut s, Key::Esc);
    assert!(s.reviews.open.as_ref().unwrap().form.is_some());

    // Next start: the drafts are read, the same review is opened and decided again.
    let mut s2 = claimed(Language::ZhCn);
    update(&mut s2, Action::DraftsLoaded(vec![last.clone()]));
    assert!(
        s2.notice.as_deref().unwrap().contains("审核 #7"),
        "{:?}",
        s2.notice
    );
    tick_all(&mut s2);
    key(&mut s2, 'd');
    let f = s2.reviews.open.as_ref().unwrap().form.as_ref().unwrap();
    assert_eq!(f.chosen(), Decision::RejectRetry);
    assert_eq!(f.comment.value(), "照片反光");
    assert_eq!(f.key.as_str(), last.key, "the key of the first attempt");
    // Ctrl-X discards the decision and drops the draft.
    let fx = update(&mut s2, Action::Key(KeyChord::ctrl('x')));
    assert!(fx
        .iter()
        .any(|e| matches!(e, Effect::Drafts(DraftEffect::Drop(DraftId::Review(7))))));
    assert!(s2.reviews.open.as_ref().unwrap().form.is_none());
}

#[test]
fn an_expired_session_in_the_reviews_pane_goes_to_sign_in_and_offline_to_the_probes() {
    let mut s = opened(Language::En);
    let req = load_req(&key(&mut s, 'r'));
    act(
        &mut s,
        ReviewsAction::Loaded {
            req,
            result: Err(ClientError::Unreachable {
                url: "http://127.0.0.1:9".into(),
                detail: "refused".into(),
            }),
        },
    );
    assert_eq!(s.conn, kefu::tui::state::Conn::Offline);
    assert_eq!(
        s.reviews.open.as_ref().unwrap().review.summary.id,
        7,
        "still shown"
    );
    let req = load_req(&key(&mut s, 'r'));
    act(
        &mut s,
        ReviewsAction::Loaded {
            req,
            result: Err(api(401, "unauthorized", "session expired")),
        },
    );
    assert_eq!(s.screen, kefu::tui::state::Screen::SignIn);
    assert!(
        s.reviews.open.is_some(),
        "what was open stays for after sign-in"
    );
}

#[test]
fn a_kept_decision_goes_once_the_review_is_decided_by_anyone() {
    let mut s = claimed(Language::En);
    let kept = kefu::tui::drafts::Draft {
        id: DraftId::Review(7),
        body: DraftBody::Decision {
            decision: Decision::Approve,
            reason: None,
            comment: "x".into(),
            note: String::new(),
        },
        key: "k".into(),
        saved_at: fixtures::now(),
    };
    update(&mut s, Action::DraftsLoaded(vec![kept]));
    assert!(s.drafts.saved.contains_key(&DraftId::Review(7)));
    let req = load_req(&key(&mut s, 'r'));
    let mut decided = claimed_detail();
    decided.summary.state = ReviewState::Approved;
    let fx = update(
        &mut s,
        Action::Reviews(Box::new(ReviewsAction::Loaded {
            req,
            result: Ok(decided),
        })),
    );
    assert!(fx
        .iter()
        .any(|e| matches!(e, Effect::Drafts(DraftEffect::Drop(DraftId::Review(7))))));
    assert!(s.reviews.open.as_ref().unwrap().form.is_none());
}

/// The first review open and read, held by demo-reviewer2, as `operator` with `roles`.
fn held_by_another(operator: &str, roles: Vec<Role>) -> State {
    let mut s = queue(Language::En);
    s.operator = Some(OperatorInfo {
        id: operator.into(),
        name: "主管周蕾".into(),
        roles,
    });
    let fx = special(&mut s, Key::Enter);
    let req = load_req(&fx);
    let mut d = rf::detail();
    d.summary.state = ReviewState::Claimed;
    d.summary.claimed_by = Some("demo-reviewer2".into());
    d.summary.claim_expires_at = Some(fixtures::now() + Duration::minutes(9));
    act(&mut s, ReviewsAction::Loaded { req, result: Ok(d) });
    s
}

#[test]
fn a_supervisor_takes_a_review_claim_over_with_a_reason() {
    // A reviewer who is not a supervisor is told so; nothing is sent.
    let mut s = held_by_another(ME, vec![Role::Reviewer]);
    let fx = key(&mut s, 'C');
    assert!(reviews(&fx).is_empty(), "{fx:?}");
    let refusal = s.reviews.open.as_ref().and_then(|o| o.refusal.clone());
    assert_eq!(
        refusal.as_deref(),
        Some("Only supervisors can take over a claim.")
    );

    let mut s = held_by_another("demo-lead", vec![Role::Supervisor, Role::Reviewer]);
    let fx = key(&mut s, 'C');
    assert!(reviews(&fx).is_empty(), "{fx:?}");
    let screen = {
        let mut t =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).expect("terminal");
        let theme = kefu::tui::theme::Theme::new(kefu::config::Theme::Default, true);
        t.draw(|f| kefu::tui::view::render(f, &s, &theme))
            .expect("draw");
        format!("{:?}", t.backend().buffer())
    };
    assert!(
        screen.contains("Take over the claim of demo-reviewer2"),
        "{screen}"
    );
    // A reason is required.
    let fx = special(&mut s, Key::Enter);
    assert!(reviews(&fx).is_empty(), "{fx:?}");
    assert!(s
        .error
        .as_deref()
        .is_some_and(|e| e.contains("reason is required")));
    for ch in "cover j".chars() {
        key(&mut s, ch);
    }
    let fx = special(&mut s, Key::Enter);
    let k = match reviews(&fx).as_slice() {
        [ReviewsEffect::Steal { id: 7, key, reason }] => {
            assert_eq!(reason, "cover j", "typed keys stay text");
            key.clone()
        }
        other => panic!("{other:?}"),
    };
    let mut d = claimed_detail();
    d.summary.claimed_by = Some("demo-lead".into());
    let fx = act(
        &mut s,
        ReviewsAction::Claimed {
            id: 7,
            key: k,
            result: Ok(d),
        },
    );
    assert!(
        matches!(
            reviews(&fx).as_slice(),
            [ReviewsEffect::RenewAfter { id: 7, .. }]
        ),
        "the new holder renews the lease: {fx:?}"
    );
    let o = s.reviews.open.as_ref().expect("still open");
    assert_eq!(o.review.summary.claimed_by.as_deref(), Some("demo-lead"));
    assert!(o.steal.is_none());

    // Esc gives up without sending.
    let mut s = held_by_another("demo-lead", vec![Role::Supervisor, Role::Reviewer]);
    key(&mut s, 'C');
    let fx = special(&mut s, Key::Esc);
    assert!(reviews(&fx).is_empty(), "{fx:?}");
    assert!(s.reviews.open.as_ref().is_some_and(|o| o.steal.is_none()));
}
