use std::sync::{Arc, Barrier};

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::{v, Api, Resp};
use crate::support::server::Server;

const REAL_NAME: [&str; 4] = [
    "document_legible_unexpired",
    "face_matches_document",
    "name_number_match_record",
    "no_sign_of_editing",
];
pub(crate) const PHONE_REBIND: [&str; 4] = [
    "document_legible_unexpired",
    "face_matches_document",
    "name_number_match_record",
    "new_phone_plausible",
];

fn hk_review(api: &Api) -> Value {
    let acc = api.account_by("id_number=H12345678");
    let id = acc["id"].as_i64().unwrap_or_default();
    let detail = api.get_ok(&format!("/api/v1/accounts/{id}"));
    let rid = detail["reviews"][0]["id"].as_i64().unwrap_or_default();
    api.get_ok(&format!("/api/v1/reviews/{rid}"))
}

pub(crate) fn approve(checklist: &[&str]) -> Value {
    json!({"decision": "approve", "reason_code": "documents_match", "checklist": checklist,
           "comment_to_user": "审核通过", "internal_note": "证件与人像一致"})
}

/// The id of the story account bound to 139 0013 9000 (rebind stories use it).
pub(crate) fn rebind_story_account(api: &Api) -> i64 {
    let acc = api.account_by("phone=13900139000");
    acc["id"].as_i64().expect("the story account has an id")
}

/// Open a phone rebind of `account` to `to`.
pub(crate) fn open_rebind(api: &Api, account: i64, to: &str) -> Resp {
    api.post(
        "/api/v1/reviews",
        json!({"kind": "phone_rebind", "account_id": account, "new_phone": to, "note": "已收到身份证扫描件"}),
        &[],
    )
}

#[test]
fn queue_is_ordered_by_due_date_and_filters_validate() {
    let s = Server::start();
    let api = s.client("demo-reviewer");
    let page = api.get_ok("/api/v1/reviews?state=pending&limit=200");
    assert!(
        page["total"].as_u64().unwrap_or_default() >= 100,
        "{}",
        page["total"]
    );
    let dues: Vec<String> = page["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| r["due_on"].as_str().unwrap_or_default().to_string())
        .collect();
    let mut sorted = dues.clone();
    sorted.sort();
    assert_eq!(dues, sorted);
    let kinds = api.get_ok("/api/v1/reviews?kind=phone_rebind");
    let kinds = kinds["items"].as_array().expect("items");
    assert!(!kinds.is_empty(), "the demo data has phone rebinds");
    assert!(kinds.iter().all(|r| r["kind"] == "phone_rebind"));
    let (status, _) = api.call(Method::GET, "/api/v1/reviews?state=maybe", None, &[]);
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[test]
fn reviewer_approves_the_hk_permit_and_the_account_is_manual_passed() {
    let s = Server::start();
    let agent = s.client("demo-agent");
    let reviewer = s.client("demo-reviewer");
    let r = hk_review(&reviewer);
    let rid = r["id"].as_i64().unwrap_or_default();
    assert_eq!(r["state"], "pending");
    assert_eq!(r["document_kind"], "hk_macau_permit");
    let path = format!("/api/v1/reviews/{rid}/decision");
    let tag = v(&r["version"]);

    let x = agent.post(&path, approve(&REAL_NAME), &[("If-Match", &tag)]);
    assert_eq!(x.status, StatusCode::FORBIDDEN, "an agent cannot decide");
    let x = reviewer.post(&path, approve(&REAL_NAME), &[]);
    assert_eq!(x.status, StatusCode::PRECONDITION_REQUIRED);
    let x = reviewer.post(&path, approve(&REAL_NAME[..2]), &[("If-Match", &tag)]);
    assert_eq!(x.status, StatusCode::BAD_REQUEST);
    assert_eq!(x.body["error"]["code"], "checklist_incomplete");
    let x = reviewer.post(
        &path,
        json!({"decision": "approve", "reason_code": "photo_unclear", "checklist": REAL_NAME}),
        &[("If-Match", &tag)],
    );
    assert_eq!(x.body["error"]["code"], "reason_mismatch");

    // The images are for the reviewer holding the claim: claim first.
    let (status, _) = reviewer.get_bytes(&format!("/api/v1/reviews/{rid}/images/document"));
    assert_eq!(status, StatusCode::FORBIDDEN, "no claim, no image");
    let claimed = reviewer.post(&format!("/api/v1/reviews/{rid}/claim"), json!({}), &[]);
    assert_eq!(claimed.status, StatusCode::OK, "{}", claimed.body);
    let tag = v(&claimed.body["version"]);
    let img = reviewer.send(
        Method::GET,
        &format!("/api/v1/reviews/{rid}/images/document"),
        None,
        &[],
    );
    assert_eq!(img.status, StatusCode::OK);
    assert_eq!(
        img.headers
            .get("content-type")
            .and_then(|h| h.to_str().ok()),
        Some("image/png")
    );
    let other = s.client("demo-reviewer2");
    let (status, _) = other.call(
        Method::GET,
        &format!("/api/v1/reviews/{rid}/images/selfie"),
        None,
        &[],
    );
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "faces are for the claim holder"
    );

    let x = reviewer.post(&path, approve(&REAL_NAME), &[("If-Match", &tag)]);
    assert_eq!(x.status, StatusCode::OK, "{}", x.body);
    assert_eq!(x.body["state"], "approved");
    assert_eq!(x.body["decisions"][0]["reviewer"], "demo-reviewer");
    let acc = agent.get_ok(&format!("/api/v1/accounts/{}", x.body["account_id"]));
    assert_eq!(acc["verification"], "manual_passed");
    let t = x.body["ticket_id"]
        .as_i64()
        .expect("the review came with a ticket");
    let ticket = agent.get_ok(&format!("/api/v1/tickets/{t}"));
    assert_eq!(ticket["status"], "resolved");
    assert!(ticket["events"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|e| e["kind"] == "review"));
    let again = reviewer.post(
        &path,
        approve(&REAL_NAME),
        &[("If-Match", &v(&x.body["version"]))],
    );
    assert_eq!(again.status, StatusCode::CONFLICT, "already decided");
}

#[test]
fn phone_rebind_needs_two_different_reviewers_and_rebinds_the_phone() {
    let s = Server::start();
    let lead = s.client("demo-lead");
    let r1 = s.client("demo-reviewer");
    let r2 = s.client("demo-reviewer2");
    let account_id = rebind_story_account(&lead);
    let created = open_rebind(&lead, account_id, "+86 186 0000 1234");
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(created.body["new_phone"], "186****1234");
    let rid = created.body["id"].as_i64().unwrap_or_default();
    let path = format!("/api/v1/reviews/{rid}/decision");
    let created = lead.attach_document(rid);

    let own = lead.post(
        &path,
        approve(&PHONE_REBIND),
        &[("If-Match", &v(&created["version"]))],
    );
    assert_eq!(own.status, StatusCode::FORBIDDEN, "{}", own.body);
    assert_eq!(own.body["error"]["code"], "four_eyes_own_review");

    let first = r1.post(
        &path,
        approve(&PHONE_REBIND),
        &[("If-Match", &v(&created["version"]))],
    );
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(first.body["state"], "awaiting_second_approval");
    assert_eq!(first.body["first_approver"], "demo-reviewer");
    let phone_now = lead.post(
        &format!("/api/v1/accounts/{account_id}/reveal"),
        json!({"field": "phone", "reason": "核对"}),
        &[],
    );
    assert_eq!(
        phone_now.body["value"], "13900139000",
        "nothing rebound after one approval"
    );

    let twice = r1.post(
        &path,
        approve(&PHONE_REBIND),
        &[("If-Match", &v(&first.body["version"]))],
    );
    assert_eq!(twice.status, StatusCode::FORBIDDEN);
    assert_eq!(twice.body["error"]["code"], "four_eyes_same_reviewer");

    let second = r2.post(
        &path,
        approve(&PHONE_REBIND),
        &[("If-Match", &v(&first.body["version"]))],
    );
    assert_eq!(second.status, StatusCode::OK, "{}", second.body);
    assert_eq!(second.body["state"], "approved");
    let phone = lead.post(
        &format!("/api/v1/accounts/{account_id}/reveal"),
        json!({"field": "phone", "reason": "核对换绑结果"}),
        &[],
    );
    assert_eq!(phone.body["value"], "18600001234");
}

#[test]
fn two_concurrent_decisions_on_one_review_exactly_one_wins() {
    let s = Server::start();
    let r1 = s.client("demo-reviewer");
    let r2 = s.client("demo-reviewer2");
    let page = r1.get_ok("/api/v1/reviews?state=pending&kind=real_name&limit=5");
    let r = &page["items"][1];
    let rid = r["id"].as_i64().unwrap_or_default();
    let tag = v(&r["version"]);
    let barrier = Arc::new(Barrier::new(2));
    let handles: Vec<_> = [r1, r2]
        .into_iter()
        .map(|api| {
            let (barrier, tag) = (barrier.clone(), tag.clone());
            std::thread::spawn(move || {
                barrier.wait();
                api.post(
                    &format!("/api/v1/reviews/{rid}/decision"),
                    json!({"decision": "reject_retry", "reason_code": "photo_unclear"}),
                    &[("If-Match", &tag)],
                )
                .status
            })
        })
        .collect();
    let statuses: Vec<StatusCode> = handles.into_iter().filter_map(|h| h.join().ok()).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        1,
        "{statuses:?}"
    );
    assert!(statuses
        .iter()
        .any(|s| *s == StatusCode::PRECONDITION_FAILED || *s == StatusCode::CONFLICT));
    let got = s
        .client("demo-lead")
        .get_ok(&format!("/api/v1/reviews/{rid}"));
    assert_eq!(got["decisions"].as_array().map(Vec::len), Some(1));
}

#[test]
fn a_claimed_review_is_decided_only_by_its_holder() {
    let s = Server::start();
    let r1 = s.client("demo-reviewer");
    let r2 = s.client("demo-reviewer2");
    let page = r1.get_ok("/api/v1/reviews?state=pending&kind=real_name&limit=5");
    let rid = page["items"][2]["id"].as_i64().unwrap_or_default();
    let c = r1.post(&format!("/api/v1/reviews/{rid}/claim"), json!({}), &[]);
    assert_eq!(c.status, StatusCode::OK);
    assert_eq!(c.body["state"], "claimed");
    assert_eq!(c.body["claimed_by"], "demo-reviewer");
    let c2 = r2.post(&format!("/api/v1/reviews/{rid}/claim"), json!({}), &[]);
    assert_eq!(c2.status, StatusCode::CONFLICT);
    assert!(c2.body["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("demo-reviewer"));
    let d = r2.post(
        &format!("/api/v1/reviews/{rid}/decision"),
        json!({"decision": "escalate", "reason_code": "needs_supervisor"}),
        &[("If-Match", &v(&c.body["version"]))],
    );
    assert_eq!(d.status, StatusCode::CONFLICT);
    assert_eq!(d.body["error"]["code"], "claimed_by_other");
    let agent = s.client("demo-agent");
    assert_eq!(
        agent
            .post(&format!("/api/v1/reviews/{rid}/claim"), json!({}), &[])
            .status,
        StatusCode::FORBIDDEN
    );
}

#[test]
fn a_claim_given_back_frees_the_review_for_another_reviewer_at_once() {
    let s = Server::start();
    let r1 = s.client("demo-reviewer");
    let r2 = s.client("demo-reviewer2");
    let page = r1.get_ok("/api/v1/reviews?state=pending&kind=real_name&limit=5");
    let rid = page["items"][1]["id"].as_i64().unwrap_or_default();
    let release = format!("/api/v1/reviews/{rid}/release");
    // Nothing to give back before a claim, nor someone else's claim.
    let r = r1.post(&release, json!({}), &[]);
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "not_claimed_by_you");
    let c = r1.post(&format!("/api/v1/reviews/{rid}/claim"), json!({}), &[]);
    assert_eq!(c.status, StatusCode::OK);
    let r = r2.post(&release, json!({}), &[]);
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "not_claimed_by_you");
    // The holder gives it back: pending again, no holder, a new version; the same key
    // replays the answer instead of failing the second time.
    let key = [("Idempotency-Key", "release-once-1")];
    let r = r1.post(&release, json!({}), &key);
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["state"], "pending");
    assert_eq!(r.body["claimed_by"], Value::Null);
    assert_ne!(r.body["version"], c.body["version"]);
    let again = r1.post(&release, json!({}), &key);
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(again.body["version"], r.body["version"]);
    // The other reviewer takes it at once (before, they waited for the 15-minute lease).
    let c2 = r2.post(&format!("/api/v1/reviews/{rid}/claim"), json!({}), &[]);
    assert_eq!(c2.status, StatusCode::OK, "{}", c2.body);
    assert_eq!(c2.body["claimed_by"], "demo-reviewer2");
    // Audited once, by the holder; agents may not.
    let lead = s.client("demo-lead");
    let audit = lead.get_ok(&format!("/api/v1/audit?target=review:{rid}&limit=50"));
    let releases: Vec<&Value> = audit["items"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|e| e["action"] == "review.release")
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(releases.len(), 1, "{audit}");
    assert_eq!(releases[0]["operator"], "demo-reviewer");
    let agent = s.client("demo-agent");
    assert_eq!(
        agent.post(&release, json!({}), &[]).status,
        StatusCode::FORBIDDEN
    );
}

#[test]
fn counts_per_state_match_the_lists_in_one_request() {
    let s = Server::start();
    let r1 = s.client("demo-reviewer");
    // The demo holds a few claims already; one more moves a review out of pending.
    let claimed_now = || -> u64 {
        let counts = r1.get_ok("/api/v1/reviews/counts?kind=real_name");
        counts["counts"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|c| c["state"] == "claimed")
            .and_then(|c| c["total"].as_u64())
            .expect("a claimed count")
    };
    let claimed_before = claimed_now();
    let page = r1.get_ok("/api/v1/reviews?state=pending&kind=real_name&limit=5");
    let rid = page["items"][0]["id"].as_i64().unwrap_or_default();
    let c = r1.post(&format!("/api/v1/reviews/{rid}/claim"), json!({}), &[]);
    assert_eq!(c.status, StatusCode::OK);
    for filter in [
        "",
        "?kind=real_name",
        "?kind=phone_rebind,identity_claim",
        "?document_kind=hk_macau_permit",
    ] {
        let counts = r1.get_ok(&format!("/api/v1/reviews/counts{filter}"));
        let items = counts["counts"].as_array().cloned().unwrap_or_default();
        assert_eq!(items.len(), 7, "every state, zeros included: {counts}");
        let mut sum = 0;
        for c in &items {
            let state = c["state"].as_str().unwrap_or_default();
            let sep = if filter.is_empty() { "?" } else { "&" };
            let list = r1.get_ok(&format!(
                "/api/v1/reviews{filter}{sep}state={state}&limit=1"
            ));
            assert_eq!(c["total"], list["total"], "{state} under {filter:?}");
            sum += c["total"].as_u64().unwrap_or_default();
        }
        let sep = if filter.is_empty() { "?" } else { "&" };
        let all = r1.get_ok(&format!("/api/v1/reviews{filter}{sep}limit=1&state=pending,claimed,awaiting_second_approval,approved,rejected_retry,rejected_final,escalated"));
        assert_eq!(Some(sum), all["total"].as_u64(), "{filter:?}");
    }
    assert_eq!(claimed_now(), claimed_before + 1);
    let (status, body) = r1.call(
        Method::GET,
        "/api/v1/reviews/counts?kind=nonsense",
        None,
        &[],
    );
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}

#[test]
fn a_rebind_is_refused_on_a_frozen_account_to_its_own_number_and_to_a_taken_number() {
    let s = Server::start();
    let lead = s.client("demo-lead");
    let r1 = s.client("demo-reviewer");
    let r2 = s.client("demo-reviewer2");
    let id = rebind_story_account(&lead);
    let rebind = |to: &str| open_rebind(&lead, id, to);
    // The number it already has, in another spelling: nothing to rebind.
    let same = rebind("+86 139 0013 9000");
    assert_eq!(same.status, StatusCode::CONFLICT, "{}", same.body);
    assert_eq!(same.body["error"]["code"], "same_phone");
    // A number bound to another account (张伟's).
    let taken = rebind("13800138000");
    assert_eq!(taken.status, StatusCode::CONFLICT, "{}", taken.body);
    assert_eq!(taken.body["error"]["code"], "phone_in_use");
    // Opened while the account was active, then the account is frozen: the approval that
    // would rebind is refused and nothing changes.
    let open = rebind("18600005678");
    assert_eq!(open.status, StatusCode::CREATED, "{}", open.body);
    let rid = open.body["id"].as_i64().expect("review id");
    let path = format!("/api/v1/reviews/{rid}/decision");
    let open = lead.attach_document(rid);
    let first = r1.post(
        &path,
        approve(&PHONE_REBIND),
        &[("If-Match", &v(&open["version"]))],
    );
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let acc = lead.account_by("phone=13900139000");
    let frozen = lead.post(
        &format!("/api/v1/accounts/{id}/freeze"),
        json!({"reason": "疑似出借账号"}),
        &[("If-Match", &v(&acc["version"]))],
    );
    assert_eq!(frozen.status, StatusCode::OK, "{}", frozen.body);
    let second = r2.post(
        &path,
        approve(&PHONE_REBIND),
        &[("If-Match", &v(&first.body["version"]))],
    );
    assert_eq!(second.status, StatusCode::CONFLICT, "{}", second.body);
    assert_eq!(second.body["error"]["code"], "account_frozen");
    let phone = lead.post(
        &format!("/api/v1/accounts/{id}/reveal"),
        json!({"field": "phone", "reason": "核对"}),
        &[],
    );
    assert_eq!(
        phone.body["value"], "13900139000",
        "the frozen account kept its phone"
    );
    // A new rebind on the frozen account is refused outright.
    let again = rebind("18600009999");
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    assert_eq!(again.body["error"]["code"], "account_frozen");
}

#[test]
fn a_second_identity_claim_on_an_account_is_refused_naming_the_open_one() {
    let s = Server::start();
    let agent = s.client("demo-agent");
    let id = rebind_story_account(&agent);
    let claim = || {
        agent.post(
            "/api/v1/reviews",
            json!({"kind": "identity_claim", "account_id": id, "note": "申请表已收到"}),
            &[],
        )
    };
    let first = claim();
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let open = first.body["id"].as_i64().expect("review id");
    let second = claim();
    assert_eq!(second.status, StatusCode::CONFLICT, "{}", second.body);
    assert_eq!(second.body["error"]["code"], "review_already_open");
    let message = second.body["error"]["message"].as_str().expect("a message");
    assert!(message.contains(&format!("#{open}")), "{message}");
}

#[test]
fn the_opener_and_the_first_approver_cannot_claim_the_review() {
    let s = Server::start();
    let lead = s.client("demo-lead");
    let r1 = s.client("demo-reviewer");
    let r2 = s.client("demo-reviewer2");
    let id = rebind_story_account(&lead);
    let open = open_rebind(&lead, id, "18600004321");
    assert_eq!(open.status, StatusCode::CREATED, "{}", open.body);
    let rid = open.body["id"].as_i64().expect("review id");
    let open = lead.attach_document(rid);
    let claim = format!("/api/v1/reviews/{rid}/claim");
    let own = lead.post(&claim, json!({}), &[]);
    assert_eq!(own.status, StatusCode::FORBIDDEN, "{}", own.body);
    assert_eq!(own.body["error"]["code"], "four_eyes_own_review");
    let first = r1.post(
        &format!("/api/v1/reviews/{rid}/decision"),
        approve(&PHONE_REBIND),
        &[("If-Match", &v(&open["version"]))],
    );
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(first.body["state"], "awaiting_second_approval");
    let again = r1.post(&claim, json!({}), &[]);
    assert_eq!(again.status, StatusCode::FORBIDDEN, "{}", again.body);
    assert_eq!(again.body["error"]["code"], "four_eyes_same_reviewer");
    let second = r2.post(&claim, json!({}), &[]);
    assert_eq!(second.status, StatusCode::OK, "{}", second.body);
    assert_eq!(second.body["claimed_by"], "demo-reviewer2");
}

#[test]
fn creating_reviews_validates_input() {
    let s = Server::start();
    let agent = s.client("demo-agent");
    let acc = agent.account_by("phone=13800138000");
    let id = acc["id"].as_i64().unwrap_or_default();
    let r = agent.post(
        "/api/v1/reviews",
        json!({"kind": "phone_rebind", "account_id": id, "note": "x"}),
        &[],
    );
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.body["error"]["code"], "new_phone_required");
    let r = agent.post(
        "/api/v1/reviews",
        json!({"kind": "phone_rebind", "account_id": id, "new_phone": "12345", "note": "x"}),
        &[],
    );
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = agent.post(
        "/api/v1/reviews",
        json!({"kind": "real_name", "account_id": 99999999, "note": "x"}),
        &[],
    );
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let reviewer = s.client("demo-reviewer");
    let r = reviewer.post(
        "/api/v1/reviews",
        json!({"kind": "real_name", "account_id": id, "note": "x"}),
        &[],
    );
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "reviewers do not open reviews they could then decide"
    );
}

#[test]
fn a_review_shows_its_signals_the_phones_side_by_side_and_what_earlier_reviewers_wrote() {
    let s = Server::start();
    let lead = s.client("demo-lead");
    let r1 = s.client("demo-reviewer");
    // Story 2: one resident ID on two accounts; an identity claim on one names the other.
    let found = lead.get_ok("/api/v1/accounts?id_number=11010519491231002X");
    let items = found["items"].as_array().expect("a list of accounts");
    assert_eq!(items.len(), 2, "{found}");
    let ids: Vec<i64> = items.iter().filter_map(|a| a["id"].as_i64()).collect();
    assert_eq!(ids.len(), 2, "{found}");
    let claim = lead.post(
        "/api/v1/reviews",
        json!({"kind": "identity_claim", "account_id": ids[0], "note": "申请表已收到"}),
        &[],
    );
    assert_eq!(claim.status, StatusCode::CREATED, "{}", claim.body);
    let detail = lead.get_ok(&format!("/api/v1/reviews/{}", claim.body["id"]));
    assert_eq!(
        detail["signals"],
        json!([{"code": "same_identity_other_account", "accounts": [ids[1]], "reviews": []}]),
        "{detail}"
    );
    assert_eq!(
        detail["current_phone"],
        Value::Null,
        "only rebinds compare phones"
    );

    // A rebind: the bound number against the new one, both masked; the account is frozen
    // after it was opened, and the reviewer is told before deciding anything.
    let id = rebind_story_account(&lead);
    let open = open_rebind(&lead, id, "18600005678");
    assert_eq!(open.status, StatusCode::CREATED, "{}", open.body);
    let rid = open.body["id"].as_i64().expect("review id");
    let escalated = r1.post(
        &format!("/api/v1/reviews/{rid}/decision"),
        json!({"decision": "escalate", "reason_code": "needs_supervisor",
               "comment_to_user": "", "internal_note": "来电者说不清旧号码，疑似出借账号"}),
        &[("If-Match", &v(&open.body["version"]))],
    );
    assert_eq!(escalated.status, StatusCode::OK, "{}", escalated.body);
    let acc = lead.account_by("phone=13900139000");
    let frozen = lead.post(
        &format!("/api/v1/accounts/{id}/freeze"),
        json!({"reason": "疑似出借账号"}),
        &[("If-Match", &v(&acc["version"]))],
    );
    assert_eq!(frozen.status, StatusCode::OK, "{}", frozen.body);
    let detail = lead.get_ok(&format!("/api/v1/reviews/{rid}"));
    assert_eq!(detail["current_phone"], "139****9000", "{detail}");
    assert_eq!(detail["new_phone"], "186****5678", "{detail}");
    assert_eq!(
        detail["signals"],
        json!([{"code": "account_frozen", "accounts": [], "reviews": []}]),
        "{detail}"
    );
    let decisions = detail["decisions"].as_array().expect("decisions");
    assert_eq!(decisions.len(), 1, "{detail}");
    assert_eq!(
        decisions[0]["internal_note"],
        "来电者说不清旧号码，疑似出借账号"
    );
}

#[test]
fn reviews_are_found_by_id_account_and_document_number_in_any_spelling() {
    let s = Server::start();
    let r = s.client("demo-reviewer");
    let hk = hk_review(&r);
    let (id, account) = (
        hk["id"].as_i64().expect("review id"),
        hk["account_id"].as_i64().expect("account id"),
    );
    for query in [
        format!("id={id}"),
        format!("account_id={account}"),
        "document_number=h1234%205678".to_string(),
        "document_number=%EF%BC%A812345678".to_string(),
    ] {
        let page = r.get_ok(&format!("/api/v1/reviews?{query}"));
        let items = page["items"].as_array().expect("items");
        assert!(!items.is_empty(), "{query}: {page}");
        assert!(
            items.iter().any(|i| i["id"] == id),
            "{query} did not find #{id}: {page}"
        );
        assert_eq!(page["total"].as_u64(), Some(items.len() as u64), "{query}");
    }
    // Every review found by the document number is of that document.
    let page = r.get_ok("/api/v1/reviews?document_number=H12345678");
    let items = page["items"].as_array().expect("items");
    assert!(!items.is_empty());
    assert!(items.iter().all(|i| i["account_id"] == account), "{page}");
    // A wrong check digit is refused before any search.
    let bad = r.send(
        Method::GET,
        "/api/v1/reviews?document_number=110105194912310021",
        None,
        &[],
    );
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);
    assert_eq!(bad.body["error"]["code"], "bad_id_number");
    let none = r.get_ok("/api/v1/reviews?id=999999");
    assert_eq!(none["total"], 0);
}

#[test]
fn the_demo_rebind_awaiting_its_second_approval_is_approved_by_demo_reviewer2() {
    let s = Server::start();
    let first = s.client("demo-reviewer");
    let second = s.client("demo-reviewer2");
    let page = second.get_ok("/api/v1/reviews?state=awaiting_second_approval&kind=phone_rebind");
    let items = page["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 1, "{page}");
    assert_eq!(items[0]["first_approver"], "demo-reviewer");
    let id = items[0]["id"].as_i64().expect("id");
    let path = format!("/api/v1/reviews/{id}/claim");
    let r = first.post(&path, json!({}), &[]);
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = second.post(&path, json!({}), &[]);
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["decisions"].as_array().map(Vec::len), Some(1));
    let r = second.post(
        &format!("/api/v1/reviews/{id}/decision"),
        approve(&PHONE_REBIND),
        &[("If-Match", &v(&r.body["version"]))],
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["state"], "approved");

    // A few other reviews are held by the demo's reviewers.
    let claimed = second.get_ok("/api/v1/reviews?state=claimed");
    assert!(
        claimed["total"].as_u64().unwrap_or_default() >= 2,
        "{claimed}"
    );
}

#[test]
fn a_reviews_numbers_are_revealed_to_its_claim_holder_with_a_reason_audited() {
    let s = Server::start_with(&["--seed-demo", "--reveals-per-min", "5"]);
    let reviewer = s.client("demo-reviewer");
    let r = hk_review(&reviewer);
    let rid = r["id"].as_i64().expect("the HK review has an id");
    assert_eq!(r["document_kind"], "hk_macau_permit");
    assert_ne!(r["document_number"], "H12345678", "masked in the read");
    let path = format!("/api/v1/reviews/{rid}/reveal");
    let body = |field: &str| json!({"field": field, "reason": "核对证件号码"});
    // Before the claim: refused, and nothing revealed.
    let early = reviewer.post(&path, body("document_number"), &[]);
    assert_eq!(early.status, StatusCode::FORBIDDEN, "{}", early.body);
    assert_eq!(early.body["error"]["code"], "reveal_claim_required");
    assert!(!early.body.to_string().contains("H12345678"));
    let c = reviewer.post(&format!("/api/v1/reviews/{rid}/claim"), json!({}), &[]);
    assert_eq!(c.status, StatusCode::OK, "{}", c.body);
    let blank = reviewer.post(
        &path,
        json!({"field": "document_number", "reason": " "}),
        &[],
    );
    assert_eq!(blank.status, StatusCode::BAD_REQUEST);
    assert_eq!(blank.body["error"]["code"], "reason_required");
    let doc = reviewer.post(
        &path,
        body("document_number"),
        &[("Idempotency-Key", "rv-1")],
    );
    assert_eq!(doc.status, StatusCode::OK, "{}", doc.body);
    assert_eq!(doc.body["field"], "document_number");
    assert_eq!(doc.body["value"], "H12345678");
    let rec = reviewer.post(&path, body("record_id_number"), &[]);
    assert_eq!(rec.status, StatusCode::OK, "{}", rec.body);
    assert_eq!(rec.body["value"], "H12345678");
    // A replay answers the value again without a new audit row or a new count.
    let again = reviewer.post(
        &path,
        body("document_number"),
        &[("Idempotency-Key", "rv-1")],
    );
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(again.body["value"], "H12345678");
    // Rate-limited as account reveals (every request with a reason counts, the refused and
    // the replayed ones too): the fifth passes, the sixth not.
    assert_eq!(
        reviewer.post(&path, body("record_id_number"), &[]).status,
        StatusCode::OK
    );
    let over = reviewer.post(&path, body("record_id_number"), &[]);
    assert_eq!(over.status, StatusCode::TOO_MANY_REQUESTS, "{}", over.body);
    // Another reviewer without the claim is refused; a supervisor may.
    let other = s.client("demo-reviewer2");
    let r2 = other.post(&path, body("document_number"), &[]);
    assert_eq!(r2.status, StatusCode::FORBIDDEN, "{}", r2.body);
    let lead = s.client("demo-lead");
    let sup = lead.post(&path, body("document_number"), &[]);
    assert_eq!(sup.status, StatusCode::OK, "{}", sup.body);
    assert_eq!(sup.body["value"], "H12345678");
    let audit = lead.get_ok(&format!(
        "/api/v1/audit?target=review:{rid}&action=review.reveal"
    ));
    let rows: Vec<&Value> = audit["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["action"] == "review.reveal")
        .collect();
    assert_eq!(rows.len(), 4, "{audit}");
    let mine: Vec<&&Value> = rows
        .iter()
        .filter(|e| e["operator"] == "demo-reviewer")
        .collect();
    assert_eq!(mine.len(), 3, "{audit}");
    for row in &rows {
        assert_eq!(row["reason"], "核对证件号码");
        assert!(
            !row.to_string().contains("H12345678"),
            "the audit row does not copy the value: {row}"
        );
    }
}
