//! Lookups and card reads are audited; lookups that find nothing are budgeted per
//! operator in the database (every server shares the count), stopped with 429
//! `lookup_misses`, audited and raised to supervisors as a live alert.

use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::{v, Api};
use crate::support::server::Server;

/// Phones no demo account has (the seed draws 13x–15x numbers; a hit would only make
/// the run longer, which the bound below still catches).
fn unknown_phone(i: usize) -> String {
    format!("1770000{i:04}")
}

/// The agent's audit rows, newest first, as the supervisor reads them.
fn audit_of(lead: &Api, operator: &str) -> Vec<Value> {
    let page = lead.get_ok(&format!("/api/v1/audit?operator={operator}&limit=200"));
    page["items"].as_array().cloned().unwrap_or_default()
}

/// Wait (10 s at most) for an event named `name` on `rx`; the events seen before it.
fn wait_for(
    rx: &std::sync::mpsc::Receiver<(String, Option<String>, String)>,
    want: impl Fn(&str, &Value) -> bool,
) -> (Vec<(String, Value)>, Value) {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let (name, _, data) = rx
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("the awaited event did not come within 10 s; saw {seen:?}"));
        let data: Value = serde_json::from_str(&data).unwrap_or(Value::Null);
        if want(&name, &data) {
            return (seen, data);
        }
        seen.push((name, data));
    }
}

#[test]
fn a_run_of_lookups_finding_nothing_is_stopped_within_30_audited_and_raised_to_supervisors() {
    let s = Server::start_with(&["--seed-demo", "--lookup-misses", "20"]);
    // A second server on the same database: the count is shared, not per process.
    let s2 = Server::start_on(s.db.clone(), &["--lookup-misses", "20"]);
    let agent = s.client("demo-agent");
    let mut agent2 = Api::anonymous(&s2.url);
    agent2.token = agent.token.clone();
    let lead = s.client("demo-lead");
    let lead_stream = lead.events_after(None);
    let agent_stream = agent.events_after(None);
    for rx in [&lead_stream, &agent_stream] {
        wait_for(rx, |name, _| name == "ready");
    }
    // Wrong check digits are refused before any search and do not count.
    for _ in 0..30 {
        let (status, body) = agent.call(
            Method::GET,
            "/api/v1/accounts?id_number=110105194912310021",
            None,
            &[],
        );
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(body["error"]["code"], "bad_id_number");
    }
    let mut stopped = None;
    for i in 0..30 {
        let api = if i % 2 == 0 { &agent } else { &agent2 };
        let r = api.send(
            Method::GET,
            &format!("/api/v1/accounts?phone={}", unknown_phone(i)),
            None,
            &[],
        );
        if r.status == StatusCode::TOO_MANY_REQUESTS {
            stopped = Some((i, r));
            break;
        }
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let (at, r) = stopped.expect("the run of misses was stopped within 30 lookups");
    assert_eq!(at, 20, "stopped right after the 20th miss");
    assert_eq!(r.body["error"]["code"], "lookup_misses", "{}", r.body);
    assert!(r.headers.get("retry-after").is_some());
    // Stopped means stopped: a lookup that would find an account is refused too.
    let (status, body) = agent.call(Method::GET, "/api/v1/accounts?phone=13800138000", None, &[]);
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(body.get("items").is_none(), "{body}");
    // Another operator is not affected.
    assert_eq!(
        s.client("demo-reviewer").account_by("phone=13800138000")["state"],
        "locked"
    );

    // Audited: every lookup with its kind, masked query and match count; never a full value.
    let rows = audit_of(&lead, "demo-agent");
    let lookups: Vec<&Value> = rows
        .iter()
        .filter(|e| e["action"] == "account.lookup")
        .collect();
    assert_eq!(lookups.len(), 20, "{rows:?}");
    for e in &lookups {
        assert_eq!(e["after"]["kind"], "phone");
        assert_eq!(e["after"]["matches"], 0);
        assert!(
            e["after"]["query"]
                .as_str()
                .is_some_and(|q| q.starts_with("177****")),
            "{e}"
        );
    }
    let all = Value::Array(rows.clone()).to_string();
    for i in 0..20 {
        assert!(
            !all.contains(&unknown_phone(i)),
            "a full phone in the audit trail"
        );
    }
    assert_eq!(
        rows.iter()
            .filter(|e| e["action"] == "security.lookup_misses")
            .count(),
        1
    );

    // The alert reaches supervisors live, and not agents.
    let (_, alert) = wait_for(&lead_stream, |name, _| name == "security.alert");
    assert_eq!(alert["operator"], "demo-agent");
    assert_eq!(alert["action"], "security.lookup_misses");
    let r = lead.post(
        "/api/v1/tickets",
        json!({"subject": "之后", "body": "来电", "category": "other", "channel": "phone"}),
        &[],
    );
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let ticket = r.body["id"].clone();
    let (before, _) = wait_for(&agent_stream, |name, d| {
        name == "ticket" && d["id"] == ticket
    });
    assert!(
        before.iter().all(|(name, _)| name != "security.alert"),
        "{before:?}"
    );
}

#[test]
fn hits_do_not_count_and_card_reads_are_audited() {
    let s = Server::start_with(&["--seed-demo", "--lookup-misses", "3"]);
    let agent = s.client("demo-agent");
    for _ in 0..10 {
        assert_eq!(agent.account_by("phone=13800138000")["state"], "locked");
    }
    let id = agent.account_by("phone=13800138000")["id"]
        .as_i64()
        .expect("id");
    agent.get_ok(&format!("/api/v1/accounts/{id}"));
    let lead = s.client("demo-lead");
    let rows = audit_of(&lead, "demo-agent");
    let view = rows
        .iter()
        .find(|e| e["action"] == "account.view")
        .expect("the card read is audited");
    assert_eq!(view["target"], format!("account:{id}"));
    let hit = rows
        .iter()
        .find(|e| e["action"] == "account.lookup")
        .expect("the lookup is audited");
    assert_eq!(
        hit["after"],
        json!({"kind": "phone", "query": "138****8000", "matches": 1})
    );
    assert!(!Value::Array(rows).to_string().contains("13800138000"));
    // Two misses are still allowed: the hits spent nothing.
    for i in 0..2 {
        let (status, _) = agent.call(
            Method::GET,
            &format!("/api/v1/accounts?phone={}", unknown_phone(i)),
            None,
            &[],
        );
        assert_eq!(status, StatusCode::OK);
    }
}

/// Every table's text, to look for a value in: (table, whether any cell holds `needle`).
fn tables_holding(s: &Server, needle: &str) -> Vec<String> {
    use crate::support::server::Db;
    let mut out = Vec::new();
    match &*s.db {
        Db::Sqlite { path, .. } => {
            let c = rusqlite::Connection::open(path).expect("open");
            let tables: Vec<String> = c
                .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
                .and_then(|mut st| st.query_map([], |r| r.get(0))?.collect())
                .expect("tables");
            for t in tables {
                let n: i64 = c
                    .prepare(&format!("SELECT * FROM \"{t}\""))
                    .and_then(|mut st| {
                        let cols = st.column_count();
                        let mut rows = st.query([])?;
                        let mut n = 0;
                        while let Some(r) = rows.next()? {
                            for i in 0..cols {
                                let cell = match r.get_ref(i)? {
                                    rusqlite::types::ValueRef::Text(t)
                                    | rusqlite::types::ValueRef::Blob(t) => {
                                        String::from_utf8_lossy(t).into_owned()
                                    }
                                    rusqlite::types::ValueRef::Integer(i) => i.to_string(),
                                    _ => String::new(),
                                };
                                if cell.contains(needle) {
                                    n += 1;
                                }
                            }
                        }
                        Ok(n)
                    })
                    .expect("scan");
                if n > 0 {
                    out.push(t);
                }
            }
        }
        Db::Postgres { .. } => {
            let mut c = postgres::Client::connect(&s.db.url(), postgres::NoTls).expect("connect");
            let tables: Vec<String> = c
                .query(
                    "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'",
                    &[],
                )
                .expect("tables")
                .iter()
                .map(|r| r.get(0))
                .collect();
            for t in tables {
                let n: i64 = c
                    .query_one(
                        &format!(
                            "SELECT COUNT(*) FROM \"{t}\" x WHERE x::text LIKE '%' || $1 || '%'"
                        ),
                        &[&needle],
                    )
                    .expect("scan")
                    .get(0);
                if n > 0 {
                    out.push(t);
                }
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_revealed_value_is_kept_by_no_table_but_accounts_and_a_replay_reads_it_again() {
    let s = Server::start();
    let agent = s.client("demo-agent");
    let a = agent.account_by("phone=13900139000");
    let id = a["id"].as_i64().expect("id");
    let full =
        s.db.query_i64(&format!("SELECT COUNT(*) FROM accounts WHERE id = {id}"));
    assert_eq!(full, 1);
    let path = format!("/api/v1/accounts/{id}/reveal");
    let body = json!({"field": "document_number", "reason": "来电核实身份"});
    let r = agent.post(&path, body.clone(), &[("Idempotency-Key", "reveal-1")]);
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let value = r.body["value"].as_str().expect("the value").to_string();
    assert!(value.len() >= 15, "{value}");
    assert_eq!(tables_holding(&s, &value), ["accounts"]);
    // A replay (a retry after a lost answer) reads the value again, under the same audit row.
    let again = agent.post(&path, body, &[("Idempotency-Key", "reveal-1")]);
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(again.body["value"], value);
    assert_eq!(tables_holding(&s, &value), ["accounts"]);
    let lead = s.client("demo-lead");
    let reveals = audit_of(&lead, "demo-agent")
        .into_iter()
        .filter(|e| e["action"] == "account.reveal")
        .count();
    assert_eq!(reveals, 1);
    // A reason of zero-width spaces says nothing.
    let r = agent.post(
        &path,
        json!({"field": "phone", "reason": "\u{200b}\u{200b}\u{200b}\u{200b}"}),
        &[],
    );
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "reason_required");
}

#[test]
fn agents_see_that_an_account_changed_but_not_who_changed_it_live_or_replayed() {
    let s = Server::start();
    let agent = s.client("demo-agent");
    let lead = s.client("demo-lead");
    let live = agent.events_after(None);
    let (_, ready) = {
        let (name, id, _) = live.recv_timeout(Duration::from_secs(10)).expect("ready");
        assert_eq!(name, "ready");
        (name, id)
    };
    let boss = lead.events_after(None);
    wait_for(&boss, |name, _| name == "ready");
    let a = agent.account_by("phone=13900139000");
    let id = a["id"].as_i64().expect("id");
    let r = lead.post(
        &format!("/api/v1/accounts/{id}/freeze"),
        json!({"reason": "疑似出借账号"}),
        &[("If-Match", &v(&a["version"]))],
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let (_, seen) = wait_for(&live, |name, d| name == "account" && d["id"] == id);
    assert_eq!(seen["operator"], "", "{seen}");
    let (_, theirs) = wait_for(&boss, |name, d| name == "account" && d["id"] == id);
    assert_eq!(theirs["operator"], "demo-lead");
    assert_eq!(theirs["action"], "account.freeze");
    // Replayed after a reconnect: the same.
    let replay = agent.events_after(ready.as_deref());
    let (_, seen) = wait_for(&replay, |name, d| name == "account" && d["id"] == id);
    assert_eq!(seen["operator"], "", "{seen}");
    assert_ne!(seen["action"], "account.freeze");
}

#[test]
fn review_searches_by_document_number_are_audited_and_share_the_miss_budget() {
    let s = Server::start_with(&["--seed-demo", "--lookup-misses", "3"]);
    let reviewer = s.client("demo-reviewer");
    let lead = s.client("demo-lead");
    // A hit is audited and does not count.
    let found = reviewer.get_ok("/api/v1/reviews?document_number=h1234%205678");
    assert_eq!(found["total"], 1, "{found}");
    // Passport numbers no review has: the third miss spends the budget (it is answered),
    // the next search is refused.
    let mut statuses = Vec::new();
    for i in 0..4 {
        let r = reviewer.send(
            Method::GET,
            &format!("/api/v1/reviews?document_number=E9900000{i}"),
            None,
            &[],
        );
        statuses.push((r.status, r.body["error"]["code"].clone()));
    }
    assert_eq!(statuses.len(), 4);
    assert!(
        statuses[..3].iter().all(|(s, _)| *s == StatusCode::OK),
        "{statuses:?}"
    );
    assert_eq!(statuses[3].0, StatusCode::TOO_MANY_REQUESTS, "{statuses:?}");
    assert_eq!(statuses[3].1, "lookup_misses");
    // The same stop holds for the account lookup.
    let (status, _) = reviewer.call(Method::GET, "/api/v1/accounts?phone=13800138000", None, &[]);
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let rows = audit_of(&lead, "demo-reviewer");
    let lookups: Vec<&Value> = rows
        .iter()
        .filter(|e| e["action"] == "account.lookup")
        .collect();
    // The hit and the three misses; the refused search is no lookup.
    assert_eq!(lookups.len(), 4, "{rows:?}");
    for e in &lookups {
        let query = e["after"]["query"].as_str().expect("a masked query");
        assert!(query.contains('*'), "{e}");
        assert!(!query.contains("E9900000"), "a full number was stored: {e}");
        assert!(!query.contains("12345678"), "a full number was stored: {e}");
    }
    assert!(rows.iter().any(|e| e["action"] == "security.lookup_misses"));
}
