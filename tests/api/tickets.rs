use std::collections::HashSet;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::v;
use crate::support::server::Server;

/// A new ticket opened by `api` (asserting 201 and its ETag).
pub fn new_ticket(api: &crate::common::Api) -> Value {
    let r = api.post(
        "/api/v1/tickets",
        json!({"subject": "测试工单", "body": "来电咨询", "category": "other", "channel": "phone"}),
        &[],
    );
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.etag.as_deref(), Some(v(&r.body["version"]).as_str()));
    r.body
}

#[test]
fn queue_pages_with_cursors_and_filters() {
    let s = Server::start();
    let api = s.client("demo-agent");
    let first = api.get_ok("/api/v1/tickets?limit=200&sort=id");
    let total = first["total"].as_u64().unwrap_or_default();
    assert!(total >= 1200, "demo data has 1200 tickets, saw {total}");
    let mut seen = HashSet::new();
    let mut page = first;
    loop {
        for t in page["items"].as_array().into_iter().flatten() {
            assert!(
                seen.insert(t["id"].as_i64().unwrap_or_default()),
                "ticket repeated across pages"
            );
        }
        match page["next_cursor"].as_str() {
            Some(c) => page = api.get_ok(&format!("/api/v1/tickets?limit=200&sort=id&cursor={c}")),
            None => break,
        }
    }
    assert_eq!(seen.len() as u64, total);

    let open = api
        .get_ok("/api/v1/tickets?status=open,new&category=account_locked&limit=50&sort=-priority");
    let items = open["items"].as_array().cloned().unwrap_or_default();
    assert!(!items.is_empty());
    let mut last_rank = 4;
    for t in &items {
        assert!(t["status"] == "open" || t["status"] == "new");
        assert_eq!(t["category"], "account_locked");
        let rank = ["low", "normal", "high", "urgent"]
            .iter()
            .position(|p| t["priority"] == *p)
            .unwrap_or(9);
        assert!(rank <= last_rank, "sorted by priority descending");
        last_rank = rank;
    }

    let (status, body) = api.call(Method::GET, "/api/v1/tickets?status=opened", None, &[]);
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("pending_customer"),
        "names the allowed values: {body}"
    );
    let (status, _) = api.call(Method::GET, "/api/v1/tickets?sort=shoe", None, &[]);
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = api.call(Method::GET, "/api/v1/tickets?limit=0", None, &[]);
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = api.call(Method::GET, "/api/v1/tickets?cursor=garbage", None, &[]);
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[test]
fn free_text_and_customer_masking_in_the_queue() {
    let s = Server::start();
    let api = s.client("demo-agent");
    let t = new_ticket(&api);
    let found = api.get_ok("/api/v1/tickets?q=%E6%B5%8B%E8%AF%95%E5%B7%A5%E5%8D%95");
    assert!(found["items"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|i| i["id"] == t["id"]));
    // Every customer name leaves the server masked.
    let page = api.get_ok("/api/v1/tickets?limit=200");
    let customers: Vec<&str> = page["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["customer"].as_str())
        .collect();
    assert!(!customers.is_empty(), "the demo tickets name customers");
    for c in customers {
        assert!(c.contains('*'), "unmasked customer {c}");
    }
}

#[test]
fn a_ticket_is_found_by_its_number() {
    let s = Server::start();
    let api = s.client("demo-agent");
    let t = new_ticket(&api);
    let id = t["id"].as_i64().expect("id");
    let found = api.get_ok(&format!("/api/v1/tickets?id={id}"));
    let ids: Vec<i64> = found["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["id"].as_i64())
        .collect();
    assert_eq!(ids, [id], "{found}");
    assert_eq!(found["total"], 1);
    // The number combines with the other filters: a closed-only search does not find it.
    let none = api.get_ok(&format!("/api/v1/tickets?id={id}&status=closed"));
    assert_eq!(none["total"], 0, "{none}");
    let (status, body) = api.call(Method::GET, "/api/v1/tickets?id=abc", None, &[]);
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}

#[test]
fn patch_needs_if_match_and_refuses_stale_versions() {
    let s = Server::start();
    let api = s.client("demo-agent");
    let t = new_ticket(&api);
    let id = t["id"].as_i64().unwrap_or_default();
    let path = format!("/api/v1/tickets/{id}");
    let r = api.send(Method::PATCH, &path, Some(json!({"priority": "high"})), &[]);
    assert_eq!(r.status, StatusCode::PRECONDITION_REQUIRED, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "if_match_required");
    let tag = v(&t["version"]);
    let r = api.send(
        Method::PATCH,
        &path,
        Some(json!({"priority": "high", "status": "open"})),
        &[("If-Match", &tag)],
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["priority"], "high");
    assert_eq!(r.body["status"], "open");
    // Same old version again: stale.
    let r = api.send(
        Method::PATCH,
        &path,
        Some(json!({"priority": "low"})),
        &[("If-Match", &tag)],
    );
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(r.body["error"]["code"], "stale");
    let got = api.get_ok(&path);
    assert_eq!(got["priority"], "high", "the stale write changed nothing");
    let events = got["events"].as_array().cloned().unwrap_or_default();
    assert!(events
        .iter()
        .any(|e| e["kind"] == "change"
            && e["body"].as_str().unwrap_or_default().contains("priority")));
    // A closed ticket cannot be reopened.
    let r = api.send(
        Method::PATCH,
        &path,
        Some(json!({"status": "closed"})),
        &[("If-Match", &v(&got["version"]))],
    );
    assert_eq!(r.status, StatusCode::OK);
    let r = api.send(
        Method::PATCH,
        &path,
        Some(json!({"status": "open"})),
        &[("If-Match", &v(&r.body["version"]))],
    );
    assert_eq!(r.status, StatusCode::CONFLICT);
}

#[test]
fn claims_conflict_and_only_supervisors_steal() {
    let s = Server::start();
    let agent = s.client("demo-agent");
    let other = s.client("demo-reviewer");
    let lead = s.client("demo-lead");
    let t = new_ticket(&agent);
    let id = t["id"].as_i64().unwrap_or_default();
    let claim = format!("/api/v1/tickets/{id}/claim");
    let r = agent.post(&claim, json!({}), &[]);
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["assignee"], "demo-agent");
    assert_eq!(r.body["status"], "open");
    let r = other.post(&claim, json!({}), &[]);
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("demo-agent"));
    let r = other.post(&claim, json!({"steal": true}), &[]);
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = lead.post(&claim, json!({"steal": true}), &[]);
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["assignee"], "demo-lead");
    let r = agent.post(&format!("/api/v1/tickets/{id}/release"), json!({}), &[]);
    assert_eq!(r.status, StatusCode::CONFLICT, "only the holder releases");
    let r = lead.post(&format!("/api/v1/tickets/{id}/release"), json!({}), &[]);
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body["assignee"].is_null());
    let mine = agent.get_ok("/api/v1/tickets?assignee=me");
    assert!(!mine["items"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|i| i["id"] == id));
}

#[test]
fn notes_are_idempotent_and_a_reused_key_with_another_body_is_422() {
    let s = Server::start();
    let api = s.client("demo-agent");
    let t = new_ticket(&api);
    let id = t["id"].as_i64().unwrap_or_default();
    let path = format!("/api/v1/tickets/{id}/notes");
    let note = json!({"body": "已核实身份，解锁", "visibility": "internal"});
    let a = api.post(&path, note.clone(), &[("Idempotency-Key", "k-1")]);
    let b = api.post(&path, note, &[("Idempotency-Key", "k-1")]);
    assert_eq!(a.status, StatusCode::CREATED);
    assert_eq!(b.status, StatusCode::CREATED);
    assert_eq!(a.body, b.body, "the repeat replays the first response");
    assert_eq!(
        b.headers
            .get("idempotent-replayed")
            .and_then(|v| v.to_str().ok()),
        Some("true")
    );
    let got = api.get_ok(&format!("/api/v1/tickets/{id}"));
    let notes = got["events"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["kind"] == "internal_note")
        .count();
    assert_eq!(notes, 1, "one effect");
    let c = api.post(
        &path,
        json!({"body": "另一条", "visibility": "internal"}),
        &[("Idempotency-Key", "k-1")],
    );
    assert_eq!(c.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(c.body["error"]["code"], "idempotency_key_reused");
    // Keys belong to one operator: another operator's same key is a new request.
    let other = s.client("demo-lead");
    let d = other.post(
        &path,
        json!({"body": "主管备注", "visibility": "internal"}),
        &[("Idempotency-Key", "k-1")],
    );
    assert_eq!(d.status, StatusCode::CREATED);
    let e = api.post(&path, json!({"body": "   ", "visibility": "internal"}), &[]);
    assert_eq!(e.status, StatusCode::BAD_REQUEST);
}

#[test]
fn fifty_parallel_requests_with_one_key_take_effect_once() {
    let s = Server::start();
    let api = s.client("demo-agent");
    let t = new_ticket(&api);
    let id = t["id"].as_i64().unwrap_or_default();
    let path = format!("/api/v1/tickets/{id}/notes");
    let handles: Vec<_> = (0..50)
        .map(|_| {
            let api = api.clone();
            let path = path.clone();
            std::thread::spawn(move || {
                api.post(
                    &path,
                    json!({"body": "并发", "visibility": "internal"}),
                    &[("Idempotency-Key", "same")],
                )
                .status
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().ok(), Some(StatusCode::CREATED));
    }
    let got = api.get_ok(&format!("/api/v1/tickets/{id}"));
    let notes = got["events"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["kind"] == "internal_note")
        .count();
    assert_eq!(notes, 1);
}

#[test]
fn calls_need_a_wrap_up_and_land_on_the_timeline() {
    let s = Server::start();
    let api = s.client("demo-agent");
    let t = new_ticket(&api);
    let id = t["id"].as_i64().unwrap_or_default();
    let path = format!("/api/v1/tickets/{id}/calls");
    let r = api.post(&path, json!({"duration_secs": 95, "wrap_up": " "}), &[]);
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = api.post(
        &path,
        json!({"duration_secs": 95, "wrap_up": "unlocked", "summary": "解锁"}),
        &[],
    );
    assert_eq!(r.status, StatusCode::CREATED);
    let call = r.body["events"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|e| e["kind"] == "call")
        .cloned();
    assert_eq!(
        call.map(|c| c["body"].as_str().unwrap_or_default().starts_with("1:35")),
        Some(true)
    );
    let (status, _) = api.call(Method::GET, "/api/v1/tickets/999999", None, &[]);
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[test]
fn every_sort_pages_through_each_match_once() {
    let s = Server::start();
    let api = s.client("demo-agent");
    for sort in [
        "due",
        "-due",
        "priority",
        "-priority",
        "assignee",
        "-assignee",
        "status",
        "channel",
        "-category",
        "subject",
        "created",
        "-updated",
    ] {
        let q = format!("/api/v1/tickets?status=new,open,pending_customer&limit=37&sort={sort}");
        let mut page = api.get_ok(&q);
        let total = page["total"].as_u64().unwrap_or_default();
        assert!(total > 100, "{sort}: {total}");
        let mut seen = HashSet::new();
        loop {
            for t in page["items"].as_array().into_iter().flatten() {
                assert!(
                    seen.insert(t["id"].as_i64().unwrap_or_default()),
                    "{sort}: ticket {} repeated",
                    t["id"]
                );
            }
            match page["next_cursor"].as_str() {
                Some(c) => page = api.get_ok(&format!("{q}&cursor={c}")),
                None => break,
            }
        }
        assert_eq!(seen.len() as u64, total, "{sort}");
    }
}
