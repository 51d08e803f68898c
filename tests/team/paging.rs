//! The supervisor's lists that grow, paged with `limit` and an opaque cursor: the
//! escalations' two lists, the SLA watch's three, and one operator's items. Pages are
//! read alternately from two servers on one database (a cursor is no server's own), and
//! every page's counts cover every item. SQLite by default, PostgreSQL with
//! `KEFU_TEST_PG`.

use std::collections::HashSet;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::{v, Api};
use crate::{new_ticket, pair, wait_for};

fn n(v: &Value, field: &str) -> u64 {
    v[field]
        .as_u64()
        .unwrap_or_else(|| panic!("{field} is a count: {v}"))
}

fn list(v: &Value, field: &str) -> Vec<Value> {
    v[field]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("{field} is a list: {v}"))
}

/// Every page of `path` (which has a `?`) at `limit` rows per list, alternating between
/// `apis`; each page's lists by name.
fn pages(apis: &[&Api], path: &str, limit: u32) -> Vec<Value> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    for i in 0.. {
        assert!(i < 100, "{path}: the pages never end");
        let api = apis[i % apis.len()];
        let url = match &cursor {
            None => format!("{path}&limit={limit}"),
            Some(c) => format!("{path}&limit={limit}&cursor={c}"),
        };
        let page = api.get_ok(&url);
        cursor = page["next_cursor"].as_str().map(str::to_string);
        out.push(page);
        if cursor.is_none() {
            break;
        }
    }
    out
}

/// The rows of `field` over all pages, each page at most `limit` rows.
fn rows(pages: &[Value], field: &str, limit: usize) -> Vec<Value> {
    let mut out = Vec::new();
    for p in pages {
        let l = list(p, field);
        assert!(
            l.len() <= limit,
            "{field}: {} rows on a page of {limit}",
            l.len()
        );
        out.extend(l);
    }
    out
}

fn ids(rows: &[Value], key: &str) -> Vec<i64> {
    rows.iter()
        .map(|r| {
            let x = if key.is_empty() { r } else { &r[key] };
            x["id"].as_i64().unwrap_or_else(|| panic!("an id: {r}"))
        })
        .collect()
}

/// Whether RFC 3339 times run oldest first.
fn ascending(times: &[&str]) -> bool {
    let t: Vec<chrono::DateTime<chrono::FixedOffset>> = times
        .iter()
        .map(|s| chrono::DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("{s}: {e}")))
        .collect();
    t.windows(2).all(|w| w[0] <= w[1])
}

fn unique(ids: &[i64]) -> bool {
    ids.iter().collect::<HashSet<_>>().len() == ids.len()
}

fn bad_paging_is_refused(api: &Api, path: &str) {
    for (query, code) in [("limit=0", "bad_limit"), ("cursor=not-ours", "bad_cursor")] {
        let (status, body) = api.call(Method::GET, &format!("{path}?{query}"), None, &[]);
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}?{query}: {body}");
        assert_eq!(body["error"]["code"], code, "{path}?{query}");
    }
}

#[test]
fn escalations_page_both_lists_under_one_cursor_and_count_them_all() {
    let (a, b) = pair();
    let agent = a.client("demo-agent");
    let reviewer = b.client("demo-reviewer");
    let (lead_a, lead_b) = (a.client("demo-lead"), b.client("demo-lead"));
    let mut escalated = Vec::new();
    for i in 0..5 {
        let t = new_ticket(&agent, &format!("分页升级 {i}"));
        let id = t["id"].as_i64().expect("id");
        let r = agent.post(
            &format!("/api/v1/tickets/{id}/escalate"),
            json!({"note": format!("请主管处理 {i}")}),
            &[],
        );
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        escalated.push(id);
    }
    // Two reviews escalated by a reviewer; a supervisor's stream says which decision.
    let rx = lead_b.events("/api/v1/events");
    let mut seq = 0;
    wait_for(&rx, "ready", &mut seq, |n, _| n == "ready");
    let pending = lead_a.get_ok("/api/v1/reviews?state=pending&limit=2");
    let reviews = list(&pending, "items");
    assert_eq!(reviews.len(), 2, "two pending demo reviews: {pending}");
    for r in &reviews {
        let rid = &r["id"];
        let claimed = reviewer.post(&format!("/api/v1/reviews/{rid}/claim"), json!({}), &[]);
        assert_eq!(claimed.status, StatusCode::OK, "{}", claimed.body);
        let decided = reviewer.post(
            &format!("/api/v1/reviews/{rid}/decision"),
            json!({"decision": "escalate", "reason_code": "needs_supervisor", "internal_note": "请主管判断"}),
            &[("If-Match", &v(&claimed.body["version"]))],
        );
        assert_eq!(decided.status, StatusCode::OK, "{}", decided.body);
        wait_for(&rx, "the escalating decision", &mut seq, |n, d| {
            n == "review" && d["id"] == *rid && d["decision"] == "escalate"
        });
    }

    let whole = lead_a.get_ok("/api/v1/escalations?limit=500");
    assert!(whole["next_cursor"].is_null(), "{whole}");
    let (tickets_total, reviews_total) = (n(&whole, "tickets_total"), n(&whole, "reviews_total"));
    assert_eq!(list(&whole, "tickets").len() as u64, tickets_total);
    assert_eq!(list(&whole, "reviews").len() as u64, reviews_total);
    assert!(tickets_total >= 5 && reviews_total >= 2, "{whole}");

    let pages = pages(&[&lead_a, &lead_b], "/api/v1/escalations?", 2);
    assert!(pages.len() >= 3, "{} pages", pages.len());
    for p in &pages {
        assert_eq!(
            n(p, "tickets_total"),
            tickets_total,
            "every page counts all"
        );
        assert_eq!(n(p, "reviews_total"), reviews_total);
    }
    let t = rows(&pages, "tickets", 2);
    let r = rows(&pages, "reviews", 2);
    let (tids, rids) = (ids(&t, "ticket"), ids(&r, "review"));
    assert_eq!(
        tids,
        ids(&list(&whole, "tickets"), "ticket"),
        "same rows, same order"
    );
    assert_eq!(rids, ids(&list(&whole, "reviews"), "review"));
    assert!(unique(&tids) && unique(&rids));
    assert!(escalated.iter().all(|id| tids.contains(id)), "{tids:?}");
    let at: Vec<&str> = t
        .iter()
        .filter_map(|x| x["escalation"]["at"].as_str())
        .collect();
    assert_eq!(at.len(), t.len());
    assert!(ascending(&at), "oldest first: {at:?}");
    bad_paging_is_refused(&lead_b, "/api/v1/escalations");
}

#[test]
fn the_sla_watch_pages_its_three_lists_and_its_counts_cover_everything() {
    let (a, b) = pair();
    let agent = a.client("demo-agent");
    let (lead_a, lead_b) = (a.client("demo-lead"), b.client("demo-lead"));
    let mut late = Vec::new();
    for i in 0..5 {
        let t = new_ticket(&agent, &format!("分页超时 {i}"));
        late.push(t["id"].as_i64().expect("id"));
    }
    // Long breached (as if opened years ago), and reviews long past their SLA.
    let list_sql = late
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    a.db.execute(&format!(
        "UPDATE tickets SET due_on = '2020-01-0' || (id % 5 + 1) WHERE id IN ({list_sql})"
    ))
    .expect("backdate tickets");
    a.db.execute("UPDATE reviews SET due_on = '2020-01-06' WHERE state = 'pending'")
        .expect("backdate reviews");

    let whole = lead_a.get_ok("/api/v1/sla?limit=500");
    assert!(whole["next_cursor"].is_null(), "{whole}");
    let cells = list(&whole, "by_category");
    let breached_in_cells: u64 = cells.iter().map(|c| n(c, "breached")).sum();
    assert_eq!(n(&whole, "breached_total"), breached_in_cells);
    assert_eq!(
        list(&whole, "breached").len() as u64,
        n(&whole, "breached_total")
    );
    assert!(n(&whole, "breached_total") >= 5, "{whole}");
    assert!(n(&whole, "reviews_overdue_total") >= 2, "{whole}");

    let pages = pages(&[&lead_b, &lead_a], "/api/v1/sla?", 2);
    assert!(pages.len() >= 3, "{} pages", pages.len());
    for p in &pages {
        for field in [
            "breached_total",
            "breaching_today_total",
            "reviews_overdue_total",
        ] {
            assert_eq!(n(p, field), n(&whole, field), "{field} on every page");
        }
        assert_eq!(p["by_category"], whole["by_category"]);
        assert_eq!(p["due_by_hour"], whole["due_by_hour"]);
    }
    for (field, key) in [
        ("breached", ""),
        ("breaching_today", ""),
        ("reviews_overdue", ""),
    ] {
        let got = ids(&rows(&pages, field, 2), key);
        assert_eq!(
            got,
            ids(&list(&whole, field), key),
            "{field}: same rows, same order"
        );
        assert!(unique(&got), "{field}: {got:?}");
        assert_eq!(got.len() as u64, n(&whole, &format!("{field}_total")));
    }
    let breached = rows(&pages, "breached", 2);
    let due: Vec<&str> = breached
        .iter()
        .filter_map(|t| t["due_on"].as_str())
        .collect();
    assert_eq!(due.len(), breached.len());
    assert!(
        due.windows(2).all(|w| w[0] <= w[1]),
        "most overdue first: {due:?}"
    );
    assert!(late.iter().all(|id| ids(&breached, "").contains(id)));
    bad_paging_is_refused(&lead_a, "/api/v1/sla");
}

#[test]
fn an_operators_items_page_oldest_first_and_the_row_counts_them_all() {
    let (a, b) = pair();
    let (lead_a, lead_b) = (a.client("demo-lead"), b.client("demo-lead"));
    for i in 0..5 {
        let t = new_ticket(&lead_a, &format!("分页指派 {i}"));
        let r = lead_a.post(
            &format!("/api/v1/tickets/{}/assign", t["id"]),
            json!({"operator": "demo-agent", "reason": "分页测试"}),
            &[],
        );
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let whole = lead_b.get_ok("/api/v1/team/demo-agent?limit=500");
    let member = &whole["member"];
    let held = [
        "tickets_claimed",
        "tickets_assigned",
        "reviews_claimed",
        "reviews_assigned",
    ]
    .iter()
    .map(|f| n(member, f))
    .sum::<u64>();
    let total = n(&whole, "total");
    assert!(total >= 5, "{whole}");
    assert!(held >= total, "the row counts every item: {whole}");
    assert_eq!(list(&whole, "items").len() as u64, total);
    assert!(whole["next_cursor"].is_null());

    let pages = pages(&[&lead_a, &lead_b], "/api/v1/team/demo-agent?", 2);
    assert_eq!(pages.len() as u64, total.div_ceil(2));
    for p in &pages {
        assert_eq!(n(p, "total"), total);
        assert_eq!(p["member"]["tickets_assigned"], member["tickets_assigned"]);
    }
    let items = rows(&pages, "items", 2);
    let key = |i: &Value| (i["kind"].to_string(), i["id"].as_i64().unwrap_or_default());
    let got: Vec<_> = items.iter().map(key).collect();
    let want: Vec<_> = list(&whole, "items").iter().map(key).collect();
    assert_eq!(got, want, "same items, same order");
    let since: Vec<&str> = items.iter().filter_map(|i| i["since"].as_str()).collect();
    assert_eq!(since.len(), items.len());
    assert!(ascending(&since), "oldest first: {since:?}");
    bad_paging_is_refused(&lead_a, "/api/v1/team/demo-agent");
}

#[test]
fn reviews_page_with_the_shared_cursor_on_either_server() {
    let (a, b) = pair();
    let (on_a, on_b) = (a.client("demo-reviewer"), b.client("demo-reviewer"));
    let whole = on_a.get_ok("/api/v1/reviews?limit=200");
    assert!(whole["next_cursor"].is_null(), "{whole}");
    let all = ids(&list(&whole, "items"), "");
    assert!(all.len() >= 3, "{whole}");
    let pages = pages(&[&on_b, &on_a], "/api/v1/reviews?", 2);
    assert_eq!(
        ids(&rows(&pages, "items", 2), ""),
        all,
        "same rows, same order"
    );
    assert!(pages.iter().all(|p| p["total"] == whole["total"]));
    bad_paging_is_refused(&on_a, "/api/v1/reviews");
}
