//! Claims that protect: another operator cannot change how a held ticket is handled
//! (notes and calls stay open to all), supervisors take ticket and review claims over,
//! and the previous holder is told on the live stream.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::{v, Api};
use crate::events::until;
use crate::support::server::Server;

/// A new ticket opened and claimed by `holder`; returns the claimed ticket.
fn claimed_ticket(holder: &Api) -> Value {
    let r = holder.post(
        "/api/v1/tickets",
        json!({"subject": "认领保护", "body": "来电", "category": "other", "channel": "phone"}),
        &[],
    );
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.body["id"].as_i64().expect("id");
    let r = holder.post(&format!("/api/v1/tickets/{id}/claim"), json!({}), &[]);
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body
}

fn patch(api: &Api, t: &Value, body: Value) -> crate::common::Resp {
    let id = t["id"].as_i64().unwrap_or_default();
    api.send(
        Method::PATCH,
        &format!("/api/v1/tickets/{id}"),
        Some(body),
        &[("If-Match", &v(&t["version"]))],
    )
}

#[test]
fn another_operator_cannot_change_a_claimed_ticket_but_may_note_and_log_calls() {
    let s = Server::start();
    let holder = s.client("demo-agent");
    let other = s.client("demo-reviewer");
    let t = claimed_ticket(&holder);
    let id = t["id"].as_i64().unwrap_or_default();
    for change in [
        json!({"status": "pending_customer"}),
        json!({"priority": "urgent"}),
        json!({"category": "account_locked"}),
    ] {
        let r = patch(&other, &t, change.clone());
        assert_eq!(r.status, StatusCode::CONFLICT, "{change}: {}", r.body);
        let e = &r.body["error"];
        assert_eq!(e["code"], "claimed_by_other", "{change}");
        assert_eq!(e["holder"], "demo-agent", "{change}: {e}");
        assert_eq!(
            e["claim_expires_at"], t["claim_expires_at"],
            "{change}: {e}"
        );
        let msg = e["message"].as_str().unwrap_or_default();
        assert!(msg.contains("demo-agent") && msg.contains("min"), "{msg}");
    }
    let got = holder.get_ok(&format!("/api/v1/tickets/{id}"));
    assert_eq!(got["version"], t["version"], "nothing was changed");
    assert_eq!(got["status"], "open");

    // Notes and calls by others are allowed and land on the timeline.
    let r = other.post(
        &format!("/api/v1/tickets/{id}/notes"),
        json!({"body": "已转告审核结果", "visibility": "internal"}),
        &[],
    );
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = other.post(
        &format!("/api/v1/tickets/{id}/calls"),
        json!({"duration_secs": 61, "wrap_up": "info_given"}),
        &[],
    );
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let events = r.body["events"].as_array().cloned().unwrap_or_default();
    let by_other: Vec<&str> = events
        .iter()
        .filter(|e| e["author"] == "demo-reviewer")
        .filter_map(|e| e["kind"].as_str())
        .collect();
    assert_eq!(by_other, ["internal_note", "call"]);

    // The holder and a supervisor may change it.
    let r = patch(&holder, &r.body, json!({"priority": "high"}));
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let lead = s.client("demo-lead");
    let r = patch(&lead, &r.body, json!({"status": "pending_customer"}));
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        r.body["assignee"], "demo-agent",
        "the claim stays the holder's"
    );
    // Linking the account is not handling: the claim does not refuse it.
    let acc = other.account_by("phone=13800138000");
    let r = patch(&other, &r.body, json!({"account_id": acc["id"]}));
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

#[test]
fn a_lapsed_claim_protects_nothing() {
    let s = Server::start();
    let holder = s.client("demo-agent");
    let other = s.client("demo-reviewer");
    let t = claimed_ticket(&holder);
    let id = t["id"].as_i64().unwrap_or_default();
    s.db.execute(&format!(
        "UPDATE tickets SET claim_expires_at = '2020-01-01T00:00:00Z' WHERE id = {id}"
    ))
    .expect("let the claim lapse");
    let t = holder.get_ok(&format!("/api/v1/tickets/{id}"));
    let r = patch(&other, &t, json!({"status": "pending_customer"}));
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

#[test]
fn a_ticket_take_over_names_the_previous_holder_on_the_stream() {
    let s = Server::start();
    let holder = s.client("demo-agent");
    let lead = s.client("demo-lead");
    let t = claimed_ticket(&holder);
    let id = t["id"].as_i64().unwrap_or_default();
    let rx = holder.events_after(None);
    let r = lead.post(
        &format!("/api/v1/tickets/{id}/claim"),
        json!({"steal": true}),
        &[],
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let (_, ev) = until(&rx, "the take-over", |_, d| d["action"] == "ticket.steal");
    assert_eq!(ev["id"], id);
    assert_eq!(ev["operator"], "demo-lead");
    assert_eq!(ev["previous"], "demo-agent");
}

/// A pending review claimed by demo-reviewer (opened by an agent).
fn review_claimed_by_reviewer(s: &Server) -> i64 {
    let reviewer = s.client("demo-reviewer");
    let page = reviewer.get_ok("/api/v1/reviews?state=pending&kind=real_name&limit=50");
    let items = page["items"].as_array().cloned().unwrap_or_default();
    assert!(!items.is_empty(), "the demo has pending reviews");
    let id = items[0]["id"].as_i64().expect("id");
    let r = reviewer.post(&format!("/api/v1/reviews/{id}/claim"), json!({}), &[]);
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["claimed_by"], "demo-reviewer");
    id
}

#[test]
fn only_a_supervisor_with_a_reason_takes_a_review_claim_over_and_it_is_audited() {
    let s = Server::start();
    let id = review_claimed_by_reviewer(&s);
    let path = format!("/api/v1/reviews/{id}/claim");
    let holder = s.client("demo-reviewer");
    let rx = holder.events_after(None);

    let second = s.client("demo-reviewer2");
    let r = second.post(&path, json!({}), &[]);
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "claimed_by_other");
    assert_eq!(r.body["error"]["holder"], "demo-reviewer");
    let r = second.post(&path, json!({"steal": true, "reason": "我来处理"}), &[]);
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "supervisor_only");

    let lead = s.client("demo-lead");
    for body in [
        json!({"steal": true}),
        json!({"steal": true, "reason": "  "}),
    ] {
        let r = lead.post(&path, body.clone(), &[]);
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}: {}", r.body);
        assert_eq!(r.body["error"]["code"], "reason_required");
    }
    let r = lead.post(
        &path,
        json!({"steal": true, "reason": "审核员离岗，主管接手"}),
        &[],
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["claimed_by"], "demo-lead");

    // The old holder lost the claim: renewing it is refused, naming the new holder.
    let r = holder.post(&path, json!({}), &[]);
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.body["error"]["holder"], "demo-lead");

    let audit = lead.get_ok(&format!("/api/v1/audit?target=review:{id}"));
    let rows: Vec<Value> = audit["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| r["action"] == "review.steal")
        .cloned()
        .collect();
    assert_eq!(rows.len(), 1, "{audit}");
    assert_eq!(rows[0]["operator"], "demo-lead");
    assert_eq!(rows[0]["reason"], "审核员离岗，主管接手");
    assert_eq!(
        rows[0]["before"]["claimed_by"], "demo-reviewer",
        "{}",
        rows[0]
    );

    let (_, ev) = until(&rx, "the review take-over", |_, d| {
        d["action"] == "review.steal"
    });
    assert_eq!(ev["id"], id);
    assert_eq!(ev["previous"], "demo-reviewer");
}

#[test]
fn four_eyes_still_bind_a_supervisor_taking_a_review_over() {
    let s = Server::start();
    let agent = s.client("demo-lead");
    // The supervisor opens a review, a reviewer claims it: the opener may not take it.
    let acc = agent.account_by("phone=13800138000");
    let r = agent.post(
        "/api/v1/reviews",
        json!({"kind": "real_name", "account_id": acc["id"], "note": "人工审核"}),
        &[],
    );
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.body["id"].as_i64().expect("id");
    let reviewer = s.client("demo-reviewer");
    let r = reviewer.post(&format!("/api/v1/reviews/{id}/claim"), json!({}), &[]);
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = agent.post(
        &format!("/api/v1/reviews/{id}/claim"),
        json!({"steal": true, "reason": "接手"}),
        &[],
    );
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "four_eyes_own_review");
}
