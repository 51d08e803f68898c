//! Two reviewers as two real API clients on one real back office (embedded, on a temporary
//! SQLite file): both open the same review, one claims and decides, the other is refused;
//! then the four-eyes path of a phone rebind from the first approval to the rebound phone,
//! with the first reviewer refused when trying to give the second approval.

use std::time::Duration;

use kefu::api::{
    AccountQuery, Decision, DecisionRequest, ReviewDetail, ReviewQuery, ReviewState, Verification,
};
use kefu::client::{Client, ClientError, ClientOptions, IdempotencyKey, ReviewImage};
use kefu::config::Language;
use kefu::domain::reason::ReasonCode;
use kefu::tui::locale::Catalog;
use kefu::tui::panes::reviews::answers::refusal_text;

const PASSWORD: &str = "kefu-demo";

async fn reviewer(url: &str, who: &str) -> Client {
    let mut opts = ClientOptions::new(url);
    opts.timeout = Duration::from_secs(20);
    let c = Client::new(opts).expect("client");
    c.sign_in(who, PASSWORD).await.expect("sign in");
    c
}

fn approve(d: &ReviewDetail) -> DecisionRequest {
    DecisionRequest {
        decision: Decision::Approve,
        reason_code: ReasonCode::DocumentsMatch,
        checklist: d.checklist.clone(),
        comment_to_user: "审核通过".into(),
        internal_note: "证件与人像一致".into(),
    }
}

fn code(e: &ClientError) -> (u16, String) {
    match e {
        ClientError::Api { status, code, .. } => (*status, code.clone()),
        other => panic!("not an API refusal: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn two_reviewers_one_claims_and_decides_the_other_is_refused_then_four_eyes_rebind() {
    let dir = tempfile::tempdir().unwrap();
    let server = kefu::backoffice::start_embedded(&dir.path().join("kefu.db"))
        .await
        .unwrap();
    let r1 = reviewer(&server.url, "demo-reviewer").await;
    let r2 = reviewer(&server.url, "demo-reviewer2").await;
    let en = Catalog::new(Language::En);

    // The HK/Macau permit story: both reviewers open the same pending review.
    let acc = r1
        .accounts(&AccountQuery {
            id_number: Some("H12345678".into()),
            ..AccountQuery::default()
        })
        .await
        .unwrap()
        .items
        .remove(0);
    let detail = r1.account(acc.id).await.unwrap();
    let rid = detail.reviews[0].id;
    let seen1 = r1.review(rid).await.unwrap();
    let seen2 = r2.review(rid).await.unwrap();
    assert_eq!(seen1.summary.version, seen2.summary.version);
    // The photos are shown only to the holder of the claim.
    match r2.review_image(rid, ReviewImage::Document).await {
        Err(ClientError::Api {
            status: 403, code, ..
        }) => assert_eq!(code, "claim_required"),
        other => panic!("an image without the claim: {other:?}"),
    }

    // Reviewer 1 claims and sees the photo; everyone sees the holder.
    r1.claim_review(rid, &IdempotencyKey::new()).await.unwrap();
    let png = r1.review_image(rid, ReviewImage::Document).await.unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    let held = r2.review(rid).await.unwrap();
    assert_eq!(held.summary.claimed_by.as_deref(), Some("demo-reviewer"));
    assert!(held.summary.claim_expires_at.is_some());

    // Reviewer 2 cannot claim it nor decide it, and is told who holds it, in plain words.
    let e = r2
        .claim_review(rid, &IdempotencyKey::new())
        .await
        .unwrap_err();
    assert_eq!(code(&e), (409, "claimed_by_other".into()));
    let text = refusal_text(&en, &e);
    assert!(
        text.contains("Another reviewer holds this review"),
        "{text}"
    );
    assert!(text.contains("demo-reviewer"), "{text}");
    let e = r2
        .decide_review(
            rid,
            held.summary.version,
            &approve(&held),
            &IdempotencyKey::new(),
        )
        .await
        .unwrap_err();
    assert_eq!(code(&e), (409, "claimed_by_other".into()));

    // The holder renews (same endpoint), then decides on the version they read.
    r1.claim_review(rid, &IdempotencyKey::new()).await.unwrap();
    let mine = r1.review(rid).await.unwrap();
    // A decision on the version read before the renewal is stale: 412, not retried.
    let e = r1
        .decide_review(
            rid,
            seen1.summary.version,
            &approve(&mine),
            &IdempotencyKey::new(),
        )
        .await
        .unwrap_err();
    assert!(e.is_stale(), "{e:?}");
    r1.decide_review(
        rid,
        mine.summary.version,
        &approve(&mine),
        &IdempotencyKey::new(),
    )
    .await
    .unwrap();
    let after = r2.review(rid).await.unwrap();
    assert_eq!(after.summary.state, ReviewState::Approved);
    assert_eq!(
        r2.account(acc.id).await.unwrap().summary.verification,
        Verification::ManualPassed
    );
    // Deciding again is refused: already decided.
    let e = r2
        .decide_review(
            rid,
            after.summary.version,
            &approve(&after),
            &IdempotencyKey::new(),
        )
        .await
        .unwrap_err();
    assert_eq!(code(&e).1, "already_decided");

    // Four eyes on the pending phone rebind.
    let rebind = r1
        .reviews(&ReviewQuery {
            kind: Some("phone_rebind".into()),
            state: Some("pending".into()),
            ..ReviewQuery::default()
        })
        .await
        .unwrap();
    // One opened by demo-agent with nothing against it (the demo also has rebinds of
    // accounts frozen since, which the second approval would refuse).
    let mut found = None;
    for r in rebind.items.iter().filter(|r| r.opened_by == "demo-agent") {
        if r1.review(r.id).await.unwrap().signals.is_empty() {
            found = Some(r.clone());
            break;
        }
    }
    let row = found.expect("a pending phone rebind opened by demo-agent without signals");
    let before_phone = r1.account(row.account_id).await.unwrap().summary.phone;
    let d = r1.review(row.id).await.unwrap();
    assert!(d.new_phone.is_some());
    r1.claim_review(row.id, &IdempotencyKey::new())
        .await
        .unwrap();
    let d = r1.review(row.id).await.unwrap();
    r1.decide_review(
        row.id,
        d.summary.version,
        &approve(&d),
        &IdempotencyKey::new(),
    )
    .await
    .unwrap();
    let first = r2.review(row.id).await.unwrap();
    assert_eq!(first.summary.state, ReviewState::AwaitingSecondApproval);
    assert_eq!(
        first.summary.first_approver.as_deref(),
        Some("demo-reviewer")
    );
    assert_eq!(
        r1.account(row.account_id).await.unwrap().summary.phone,
        before_phone,
        "nothing rebound after one approval"
    );
    // The first reviewer may not give the second approval.
    let e = r1
        .decide_review(
            row.id,
            first.summary.version,
            &approve(&first),
            &IdempotencyKey::new(),
        )
        .await
        .unwrap_err();
    assert_eq!(code(&e), (403, "four_eyes_same_reviewer".into()));
    let text = refusal_text(&en, &e);
    assert!(text.contains("second, different reviewer"), "{text}");
    // A second, different reviewer approves: the phone is rebound.
    r2.claim_review(row.id, &IdempotencyKey::new())
        .await
        .unwrap();
    let d2 = r2.review(row.id).await.unwrap();
    r2.decide_review(
        row.id,
        d2.summary.version,
        &approve(&d2),
        &IdempotencyKey::new(),
    )
    .await
    .unwrap();
    let done = r1.review(row.id).await.unwrap();
    assert_eq!(done.summary.state, ReviewState::Approved);
    let phone_after = r1.account(row.account_id).await.unwrap().summary.phone;
    assert_ne!(phone_after, before_phone, "the phone is rebound");
    assert_eq!(
        phone_after.as_deref().map(|p| p[p.len() - 4..].to_string()),
        d.new_phone.as_deref().map(|p| p[p.len() - 4..].to_string()),
        "bound to the new number"
    );
}
