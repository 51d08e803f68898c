//! Calls logged with the caller's number and a call-back: the number is kept and answered
//! masked, the call-back becomes the ticket's follow-up, and the number is revealed only
//! with a reason, audited (without the number) and rate-limited like account reveals.

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::Api;
use crate::support::server::Server;

/// A new phone ticket on 张伟's account; returns its id.
fn ticket_for_zhang(api: &Api) -> i64 {
    let account = api.account_by("phone=13800138000")["id"]
        .as_i64()
        .unwrap_or_default();
    let r = api.post(
        "/api/v1/tickets",
        json!({"subject": "来电：要求回电", "body": "客户来电", "category": "other",
               "channel": "phone", "account_id": account}),
        &[],
    );
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.body["id"].as_i64().unwrap_or_default()
}

fn calls(t: &Value) -> Vec<Value> {
    t["calls"].as_array().cloned().unwrap_or_default()
}

#[test]
fn a_call_back_keeps_the_number_masked_and_becomes_the_follow_up() {
    let s = Server::start();
    let api = s.client("demo-agent");
    let id = ticket_for_zhang(&api);
    let path = format!("/api/v1/tickets/{id}/calls");
    let due = (Utc::now() + Duration::hours(2)).to_rfc3339();
    let r = api.post(
        &path,
        json!({"duration_secs": 75, "wrap_up": "callback", "summary": "下午回电确认解锁",
               "caller_phone": "+86 138-0013-8000", "callback_at": due}),
        &[],
    );
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let got = api.get_ok(&format!("/api/v1/tickets/{id}"));
    for t in [&r.body, &got] {
        let c = calls(t);
        assert_eq!(c.len(), 1, "{t}");
        assert_eq!(c[0]["caller_phone"], "138****8000");
        assert!(
            !t.to_string().contains("13800138000"),
            "the number leaked: {t}"
        );
        let follow = t["follow_up_at"].as_str().unwrap_or_default();
        let at = chrono::DateTime::parse_from_rfc3339(follow)
            .unwrap_or_else(|e| panic!("follow_up_at {follow:?}: {e}"));
        let want = chrono::DateTime::parse_from_rfc3339(&due).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(at.timestamp(), want.timestamp());
        assert_eq!(c[0]["callback_at"], t["follow_up_at"]);
    }
    // A call from an unknown number on the same ticket: nothing to reveal, nothing masked.
    let r = api.post(
        &path,
        json!({"duration_secs": 5, "wrap_up": "dropped"}),
        &[],
    );
    assert_eq!(r.status, StatusCode::CREATED);
    let c = calls(&r.body);
    assert_eq!(c.len(), 2);
    assert_eq!(c[1]["caller_phone"], Value::Null);
    assert_eq!(
        r.body["follow_up_at"], got["follow_up_at"],
        "a call without a call-back leaves the follow-up"
    );
}

#[test]
fn a_bad_number_or_a_call_back_in_the_past_is_refused() {
    let s = Server::start();
    let api = s.client("demo-agent");
    let id = ticket_for_zhang(&api);
    let path = format!("/api/v1/tickets/{id}/calls");
    let r = api.post(
        &path,
        json!({"duration_secs": 5, "wrap_up": "callback", "caller_phone": "12345"}),
        &[],
    );
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.body["error"]["code"], "invalid_caller_phone");
    let past = (Utc::now() - Duration::minutes(5)).to_rfc3339();
    let r = api.post(
        &path,
        json!({"duration_secs": 5, "wrap_up": "callback", "callback_at": past}),
        &[],
    );
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.body["error"]["code"], "callback_in_past");
    let t = api.get_ok(&format!("/api/v1/tickets/{id}"));
    assert_eq!(calls(&t).len(), 0, "nothing was logged: {t}");
}

#[test]
fn the_callers_number_is_revealed_with_a_reason_and_audited_without_it() {
    let s = Server::start();
    let api = s.client("demo-agent");
    let id = ticket_for_zhang(&api);
    let r = api.post(
        &format!("/api/v1/tickets/{id}/calls"),
        json!({"duration_secs": 30, "wrap_up": "callback", "summary": "回电",
               "caller_phone": "13800138000"}),
        &[],
    );
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let c = calls(&r.body);
    assert_eq!(c.len(), 1);
    let call = c[0]["id"].as_i64().unwrap_or_default();
    let path = format!("/api/v1/tickets/{id}/calls/{call}/reveal");
    let r = api.post(&path, json!({"reason": " "}), &[]);
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.body["error"]["code"], "reason_required");
    let r = api.post(&path, json!({"reason": "回电客户"}), &[]);
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["caller_phone"], "13800138000");
    // Another ticket's call, or no call at all: not found.
    let other = ticket_for_zhang(&api);
    let r = api.post(
        &format!("/api/v1/tickets/{other}/calls/{call}/reveal"),
        json!({"reason": "回电客户"}),
        &[],
    );
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let lead = s.client("demo-lead");
    let audit = lead.get_ok(&format!("/api/v1/audit?target=ticket:{id}"));
    let rows: Vec<Value> = audit["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["action"] == "ticket.call_reveal")
        .cloned()
        .collect();
    assert_eq!(rows.len(), 1, "{audit}");
    assert_eq!(rows[0]["operator"], "demo-agent");
    assert_eq!(rows[0]["reason"], "回电客户");
    assert!(
        !audit.to_string().contains("13800138000"),
        "no audit row copies the number: {audit}"
    );
}

#[test]
fn call_reveals_are_rate_limited_like_account_reveals() {
    let s = Server::start_with(&["--seed-demo", "--reveals-per-min", "2"]);
    let api = s.client("demo-agent");
    let id = ticket_for_zhang(&api);
    let r = api.post(
        &format!("/api/v1/tickets/{id}/calls"),
        json!({"duration_secs": 30, "wrap_up": "callback", "summary": "回电",
               "caller_phone": "13800138000"}),
        &[],
    );
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let c = calls(&r.body);
    assert_eq!(c.len(), 1);
    let call = c[0]["id"].as_i64().unwrap_or_default();
    let path = format!("/api/v1/tickets/{id}/calls/{call}/reveal");
    for _ in 0..2 {
        assert_eq!(
            api.post(&path, json!({"reason": "回电"}), &[]).status,
            StatusCode::OK
        );
    }
    let r = api.post(&path, json!({"reason": "回电"}), &[]);
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers.get("retry-after").is_some());
}
