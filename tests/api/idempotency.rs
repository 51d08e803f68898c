//! One write path: every state-changing route fingerprints method, path, `If-Match` and
//! body the same way, so a repeat replays and the same key on another request is a 422.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::{v, Api, Resp};
use crate::support::server::Server;
use crate::tickets::new_ticket;

/// `b` is a replay of `a`: same status, body and ETag, marked as replayed.
fn assert_replay(a: &Resp, b: &Resp) {
    assert_eq!(b.status, a.status, "{}", b.body);
    assert_eq!(b.body, a.body, "the repeat replays the first answer");
    assert_eq!(b.etag, a.etag);
    assert_eq!(
        b.headers
            .get("idempotent-replayed")
            .and_then(|h| h.to_str().ok()),
        Some("true")
    );
    assert!(
        a.headers.get("idempotent-replayed").is_none(),
        "the first answer is not a replay"
    );
}

fn assert_key_reused(r: &Resp) {
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "idempotency_key_reused");
}

fn id_of(x: &Value) -> i64 {
    x["id"].as_i64().expect("an id")
}

/// Send `body` to `path` twice with the same `key` and `If-Match: tag`, then once more
/// with the `If-Match` of the version the first answer gave: the first succeeds
/// (`status`), the second replays it, the third is a 422. Returns the first answer.
fn replays_then_refuses_a_new_if_match(
    api: &Api,
    (method, path, status): (Method, &str, StatusCode),
    body: Value,
    key: &str,
    tag: &str,
) -> Resp {
    let send = |if_match: &str| {
        api.send(
            method.clone(),
            path,
            Some(body.clone()),
            &[("Idempotency-Key", key), ("If-Match", if_match)],
        )
    };
    let first = send(tag);
    assert_eq!(first.status, status, "{method} {path}: {}", first.body);
    assert_replay(&first, &send(tag));
    // Another If-Match is another request, though the method, path and body are the same.
    assert_key_reused(&send(&v(&first.body["version"])));
    first
}

#[test]
fn a_ticket_claim_replays_with_the_same_if_match_and_refuses_another() {
    let s = Server::start();
    let agent = s.client("demo-agent");
    let t = new_ticket(&agent);
    let claim = format!("/api/v1/tickets/{}/claim", id_of(&t));
    let tag = v(&t["version"]);
    let first = replays_then_refuses_a_new_if_match(
        &agent,
        (Method::POST, &claim, StatusCode::OK),
        json!({}),
        "claim-1",
        &tag,
    );
    assert_eq!(first.body["assignee"], "demo-agent");
    let key = ("Idempotency-Key", "claim-1");
    assert_key_reused(&agent.post(&claim, json!({}), &[key]));
    // So is the same claim on another ticket.
    let other = new_ticket(&agent);
    let r = agent.post(
        &format!("/api/v1/tickets/{}/claim", id_of(&other)),
        json!({}),
        &[key, ("If-Match", &tag)],
    );
    assert_key_reused(&r);
    // The claim took effect once.
    let got = agent.get_ok(&format!("/api/v1/tickets/{}", id_of(&t)));
    assert_eq!(got["version"], first.body["version"]);
}

#[test]
fn a_ticket_patch_with_a_key_replays_instead_of_failing_stale() {
    let s = Server::start();
    let agent = s.client("demo-agent");
    let t = new_ticket(&agent);
    let path = format!("/api/v1/tickets/{}", id_of(&t));
    // Without the key, the second PATCH with the same If-Match would be a 412.
    let first = replays_then_refuses_a_new_if_match(
        &agent,
        (Method::PATCH, &path, StatusCode::OK),
        json!({"priority": "high"}),
        "patch-1",
        &v(&t["version"]),
    );
    assert_eq!(first.body["priority"], "high");
}

#[test]
fn an_account_unlock_replays_with_the_same_if_match_and_refuses_another() {
    let s = Server::start();
    let agent = s.client("demo-agent");
    let a = agent.account_by("phone=13800138000");
    // The key is checked before the change: a 422, not the 409 "not locked any more".
    let first = replays_then_refuses_a_new_if_match(
        &agent,
        (
            Method::POST,
            &format!("/api/v1/accounts/{}/unlock", id_of(&a)),
            StatusCode::OK,
        ),
        json!({"reason": "已核实身份"}),
        "unlock-1",
        &v(&a["version"]),
    );
    assert_eq!(first.body["state"], "active");
    let lead = s.client("demo-lead");
    let audit = lead.get_ok(&format!("/api/v1/audit?target=account:{}", id_of(&a)));
    let items = audit["items"].as_array().expect("audit items");
    let unlocks = items
        .iter()
        .filter(|e| e["action"] == "account.unlock")
        .count();
    assert_eq!(unlocks, 1, "audited once: {audit}");
}

#[test]
fn a_review_claim_replays_and_a_new_if_match_is_another_request() {
    let s = Server::start();
    let reviewer = s.client("demo-reviewer");
    let page = reviewer.get_ok("/api/v1/reviews?state=pending&kind=real_name&limit=5");
    let items = page["items"].as_array().expect("review items");
    assert!(!items.is_empty(), "{page}");
    let claim = format!("/api/v1/reviews/{}/claim", id_of(&items[0]));
    let first = replays_then_refuses_a_new_if_match(
        &reviewer,
        (Method::POST, &claim, StatusCode::OK),
        json!({}),
        "review-claim-1",
        &v(&items[0]["version"]),
    );
    assert_eq!(first.body["claimed_by"], "demo-reviewer");
    let key = ("Idempotency-Key", "review-claim-1");
    assert_key_reused(&reviewer.post(&claim, json!({}), &[key]));
}

#[test]
fn role_checks_answer_one_code_per_role() {
    let s = Server::start();
    let agent = s.client("demo-agent");
    let a = agent.account_by("phone=13900139000");
    let freeze = agent.post(
        &format!("/api/v1/accounts/{}/freeze", id_of(&a)),
        json!({"reason": "疑似出借账号"}),
        &[("If-Match", &v(&a["version"]))],
    );
    assert_eq!(freeze.status, StatusCode::FORBIDDEN);
    assert_eq!(freeze.body["error"]["code"], "supervisor_only");
    let (status, audit) = agent.call(Method::GET, "/api/v1/audit", None, &[]);
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(audit["error"]["code"], "supervisor_only");
    assert_eq!(
        audit["error"]["message"], freeze.body["error"]["message"],
        "one refusal for one missing role"
    );
    // Another missing role: the agent is no reviewer.
    let reviewer = s.client("demo-reviewer");
    let page = reviewer.get_ok("/api/v1/reviews?state=pending&limit=1");
    let items = page["items"].as_array().expect("review items");
    assert_eq!(items.len(), 1, "{page}");
    let r = agent.post(
        &format!("/api/v1/reviews/{}/claim", id_of(&items[0])),
        json!({}),
        &[],
    );
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.body["error"]["code"], "role_required");
}
