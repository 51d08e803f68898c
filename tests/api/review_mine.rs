//! A reviewer's "mine" (#16): `GET /reviews?mine=true` keeps the reviews assigned to the
//! caller or under a live claim of theirs, the counts follow it, and the detail names who
//! gave the assignment. Like every API test, on SQLite, or on PostgreSQL when
//! `KEFU_TEST_PG` is set.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::Api;
use crate::support::server::Server;

/// The rows of a list page.
fn items(page: &Value) -> Vec<Value> {
    page["items"].as_array().cloned().expect("items")
}

fn ids(page: &Value) -> Vec<i64> {
    items(page)
        .iter()
        .filter_map(|r| r["id"].as_i64())
        .collect()
}

/// `n` pending reviews nobody is assigned, oldest due first (every demo review is opened
/// by demo-agent, so either reviewer may be given them).
fn pending(api: &Api, n: usize) -> Vec<i64> {
    let page = api.get_ok("/api/v1/reviews?state=pending&limit=50");
    let found: Vec<i64> = items(&page)
        .iter()
        .filter(|r| r["assigned_to"].is_null())
        .filter_map(|r| r["id"].as_i64())
        .take(n)
        .collect();
    assert_eq!(
        found.len(),
        n,
        "{n} unassigned pending demo reviews: {page}"
    );
    found
}

/// `operator`'s "mine" page (open and decided, up to 200 rows).
fn mine(api: &Api) -> Value {
    api.get_ok("/api/v1/reviews?mine=true&limit=200")
}

/// Every row of a "mine" page is `operator`'s: assigned to them or claimed by them.
fn all_theirs(page: &Value, operator: &str) {
    let rows = items(page);
    assert!(!rows.is_empty(), "{page}");
    for r in &rows {
        assert!(
            r["assigned_to"] == operator || r["claimed_by"] == operator,
            "{operator}'s mine holds {r}"
        );
    }
}

#[test]
fn an_assigned_review_is_in_the_assignees_mine_and_nobody_elses() {
    let s = Server::start();
    let lead = s.client("demo-lead");
    let second = s.client("demo-reviewer2");
    let first = s.client("demo-reviewer");
    let found = pending(&lead, 2);
    let (rid, other) = (found[0], found[1]);
    // The seed gives demo-reviewer2 a review of their own already.
    let before = mine(&second);
    all_theirs(&before, "demo-reviewer2");
    assert!(!ids(&before).contains(&rid), "{before}");

    let r = lead.post(
        &format!("/api/v1/reviews/{rid}/assign"),
        json!({"operator": "demo-reviewer2", "reason": "港澳证件由二号审核员审"}),
        &[],
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["assigned_to"], "demo-reviewer2");

    let after = mine(&second);
    all_theirs(&after, "demo-reviewer2");
    assert!(ids(&after).contains(&rid), "{after}");
    assert_eq!(
        after["total"].as_u64(),
        before["total"].as_u64().map(|t| t + 1),
        "{after}"
    );
    // demo-reviewer's mine does not list it.
    let theirs = mine(&first);
    assert!(!ids(&theirs).contains(&rid), "{theirs}");

    // The detail names the assignee and who assigned it.
    let d = second.get_ok(&format!("/api/v1/reviews/{rid}"));
    assert_eq!(d["assigned_to"], "demo-reviewer2", "{d}");
    assert_eq!(d["assigned_by"], "demo-lead", "{d}");
    let plain = second.get_ok(&format!("/api/v1/reviews/{other}"));
    assert!(plain["assigned_by"].is_null(), "{plain}");

    // A claim makes a review the claimer's too: demo-reviewer claims the other one.
    let c = first.post(&format!("/api/v1/reviews/{other}/claim"), json!({}), &[]);
    assert_eq!(c.status, StatusCode::OK, "{}", c.body);
    let theirs = mine(&first);
    all_theirs(&theirs, "demo-reviewer");
    assert!(ids(&theirs).contains(&other), "{theirs}");
    assert!(!ids(&theirs).contains(&rid), "{theirs}");
    // Released, it is nobody's again.
    let rel = first.post(&format!("/api/v1/reviews/{other}/release"), json!({}), &[]);
    assert_eq!(rel.status, StatusCode::OK, "{}", rel.body);
    assert!(!ids(&mine(&first)).contains(&other));
}

#[test]
fn the_counts_follow_mine_and_mine_combines_with_the_other_filters() {
    let s = Server::start();
    let lead = s.client("demo-lead");
    let second = s.client("demo-reviewer2");
    let rid = pending(&lead, 1)[0];
    let r = lead.post(
        &format!("/api/v1/reviews/{rid}/assign"),
        json!({"operator": "demo-reviewer2", "reason": "交给二号"}),
        &[],
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let kind = r.body["kind"].as_str().expect("kind").to_string();

    // Per state, the counts of mine add up to the list of mine.
    let counts = second.get_ok("/api/v1/reviews/counts?mine=true");
    let per_state = counts["counts"].as_array().cloned().expect("counts");
    assert_eq!(per_state.len(), 7, "{counts}");
    let sum: u64 = per_state.iter().filter_map(|c| c["total"].as_u64()).sum();
    let listed = mine(&second);
    assert_eq!(Some(sum), listed["total"].as_u64(), "{counts} {listed}");
    let all: u64 = second.get_ok("/api/v1/reviews/counts")["counts"]
        .as_array()
        .expect("counts")
        .iter()
        .filter_map(|c| c["total"].as_u64())
        .sum();
    assert!(sum < all, "mine is a part of all: {sum} of {all}");

    // With a state and a kind: still the review, and only reviews of that kind.
    let page = second.get_ok(&format!(
        "/api/v1/reviews?mine=true&state=pending&kind={kind}"
    ));
    assert!(ids(&page).contains(&rid), "{page}");
    let rows = items(&page);
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r["kind"] == kind.as_str()), "{page}");
    // `mine=false` is no filter.
    let everything = second.get_ok("/api/v1/reviews?mine=false&limit=1");
    let plain = second.get_ok("/api/v1/reviews?limit=1");
    assert_eq!(everything["total"].as_u64(), plain["total"].as_u64());
    assert!(everything["total"].as_u64() > listed["total"].as_u64());
}
