//! The SLA clock stands still while a ticket waits on the customer or on a review:
//! `sla_paused`, the remaining time frozen at the pause, due dates moved on by the pause,
//! and no overdue ticket while it waits.

use chrono::{Duration, SecondsFormat, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::{v, Api};
use crate::support::server::Server;

fn open(api: &Api, subject: &str) -> Value {
    let r = api.post(
        "/api/v1/tickets",
        json!({"subject": subject, "body": "等待客户补充材料", "category": "other", "channel": "email"}),
        &[],
    );
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.body
}

fn set_status(api: &Api, t: &Value, status: &str) -> Value {
    let id = t["id"].as_i64().unwrap_or_default();
    let r = api.send(
        Method::PATCH,
        &format!("/api/v1/tickets/{id}"),
        Some(json!({ "status": status })),
        &[("If-Match", &v(&t["version"]))],
    );
    assert_eq!(r.status, StatusCode::OK, "{status}: {}", r.body);
    r.body
}

fn remaining(t: &Value) -> i64 {
    assert_eq!(t["sla_paused"], true, "{t}");
    t["sla_remaining_seconds"]
        .as_i64()
        .unwrap_or_else(|| panic!("a paused ticket carries its remaining time: {t}"))
}

fn ts(t: chrono::DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

#[test]
fn pausing_keeps_the_remaining_time_across_several_pauses() {
    let s = Server::start();
    let api = s.client("demo-agent");
    let t = open(&api, "SLA 暂停");
    let id = t["id"].as_i64().unwrap_or_default();
    assert_eq!(t["sla_paused"], false);
    assert!(t.get("sla_remaining_seconds").is_none(), "{t}");

    let t = set_status(&api, &t, "pending_customer");
    let first = remaining(&t);
    assert!(first > 0, "a new ticket has time left: {first}");
    // The customer took three weeks to answer.
    let since = ts(Utc::now() - Duration::days(21));
    s.db.execute(&format!(
        "UPDATE tickets SET sla_paused_at = '{since}' WHERE id = {id}"
    ))
    .expect("backdate the pause");
    let t = api.get_ok(&format!("/api/v1/tickets/{id}"));
    let frozen = remaining(&t);
    assert!(
        frozen > first,
        "frozen at the earlier pause: {frozen} vs {first}"
    );
    let due_before = t["due_on"].as_str().unwrap_or_default().to_string();

    let t = set_status(&api, &t, "open");
    assert_eq!(t["sla_paused"], false);
    assert!(t.get("sla_remaining_seconds").is_none(), "{t}");
    let due_after = t["due_on"].as_str().unwrap_or_default().to_string();
    assert!(
        due_after > due_before,
        "the due date moves on by the pause: {due_before} → {due_after}"
    );

    // Paused again at once: the time left is what was left at the first pause, less the
    // seconds the clock ran in between.
    let t = set_status(&api, &t, "pending_review");
    let again = remaining(&t);
    assert!(
        (frozen - 120..=frozen).contains(&again),
        "{again} vs {frozen}"
    );
    let t = set_status(&api, &t, "open");
    assert_eq!(t["due_on"].as_str(), Some(due_after.as_str()));
}

#[test]
fn a_waiting_ticket_is_not_overdue_until_it_resumes() {
    let s = Server::start();
    let api = s.client("demo-agent");
    let t = open(&api, "逾期暂停测试");
    let id = t["id"].as_i64().unwrap_or_default();
    // Opened a month ago and never answered.
    let created = Utc::now() - Duration::days(30);
    s.db.execute(&format!(
        "UPDATE tickets SET created_at = '{}', due_on = '{}' WHERE id = {id}",
        ts(created),
        (created + Duration::days(3)).format("%Y-%m-%d")
    ))
    .expect("age the ticket");
    let overdue = |api: &Api| -> Vec<i64> {
        let page = api.get_ok(
            "/api/v1/tickets?overdue=true&q=%E9%80%BE%E6%9C%9F%E6%9A%82%E5%81%9C%E6%B5%8B%E8%AF%95",
        );
        page["items"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|i| i["id"].as_i64())
            .collect()
    };
    assert_eq!(overdue(&api), [id]);
    let t = api.get_ok(&format!("/api/v1/tickets/{id}"));
    let t = set_status(&api, &t, "pending_customer");
    assert!(remaining(&t) < 0, "it was overdue when it paused: {t}");
    assert_eq!(
        overdue(&api),
        Vec::<i64>::new(),
        "not overdue while it waits"
    );
    set_status(&api, &t, "open");
    assert_eq!(overdue(&api), [id], "overdue again once the clock runs");
}

#[test]
fn the_demo_queue_shows_its_waiting_tickets_paused() {
    let s = Server::start();
    let api = s.client("demo-agent");
    let page = api.get_ok("/api/v1/tickets?status=pending_customer,pending_review&limit=100");
    let items = page["items"].as_array().cloned().unwrap_or_default();
    assert!(items.len() >= 10, "{}", items.len());
    for t in &items {
        remaining(t);
    }
    // A real day: few of the open queue are late (see src/backoffice/seed/day.rs).
    let total = |q: &str| {
        api.get_ok(&format!("/api/v1/tickets?limit=1&{q}"))["total"]
            .as_u64()
            .unwrap_or_else(|| panic!("{q}: a total"))
    };
    let open = total("status=new,open,pending_customer,pending_review");
    let overdue = total("overdue=true");
    eprintln!("demo: {overdue} of {open} open tickets overdue");
    assert!(
        open > 100 && overdue * 100 <= open * 15,
        "{overdue} of {open}"
    );
    let page = api.get_ok("/api/v1/tickets?status=open&limit=100");
    let items = page["items"].as_array().cloned().unwrap_or_default();
    assert!(!items.is_empty());
    for t in &items {
        assert_eq!(t["sla_paused"], false, "{t}");
    }
}
