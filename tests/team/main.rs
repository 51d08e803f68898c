//! Several `kefu serve` processes on one database, as a team runs them: whatever one
//! server does, the others see, and together they keep one audit chain.
//!
//! The database is SQLite by default (two processes on one file) and PostgreSQL when
//! `KEFU_TEST_PG` is set; the tests that only make sense on PostgreSQL say "skipped"
//! without it.

#[path = "../api/common/mod.rs"]
mod common;
#[path = "../support/mod.rs"]
mod support;

mod paging;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use common::{v, Api};
use support::server::{require_pg, Db, Server};

const PHONE_REBIND: [&str; 4] = [
    "document_legible_unexpired",
    "face_matches_document",
    "name_number_match_record",
    "new_phone_plausible",
];

fn approve() -> Value {
    json!({"decision": "approve", "reason_code": "documents_match", "checklist": PHONE_REBIND,
           "comment_to_user": "审核通过", "internal_note": "证件与人像一致"})
}

/// Two servers on one fresh database with the demo data.
fn pair() -> (Server, Server) {
    let db = Db::fresh(true);
    let a = Server::start_on(db.clone(), &["--seed-demo"]);
    let b = Server::start_on(db, &[]);
    (a, b)
}

fn new_ticket(api: &Api, subject: &str) -> Value {
    let r = api.post(
        "/api/v1/tickets",
        json!({"subject": subject, "body": "来电咨询", "category": "other", "channel": "phone"}),
        &[],
    );
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.body
}

fn verify(s: &Server) -> String {
    let out = s.kefu(&["audit", "verify"]);
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[test]
fn a_change_and_a_session_made_on_one_server_hold_on_the_other() {
    let (a, b) = pair();
    let on_a = a.client("demo-agent");
    // The session lives in the database, so B honours A's token.
    let mut on_b = Api::anonymous(&b.url);
    on_b.token = on_a.token.clone();
    assert_eq!(on_b.get_ok("/api/v1/me")["id"], "demo-agent");

    let acc = on_a.account_by("phone=13800138000");
    let id = acc["id"].as_i64().unwrap_or_default();
    assert_eq!(
        on_b.get_ok(&format!("/api/v1/accounts/{id}"))["state"],
        "locked"
    );
    let r = on_a.post(
        &format!("/api/v1/accounts/{id}/unlock"),
        json!({"reason": "核实后解锁"}),
        &[("If-Match", &v(&acc["version"]))],
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let seen = on_b.get_ok(&format!("/api/v1/accounts/{id}"));
    assert_eq!(seen["state"], "active");
    assert_eq!(seen["version"], r.body["version"]);

    // A version read before A's write is stale on B.
    let stale = b.client("demo-lead").post(
        &format!("/api/v1/accounts/{id}/freeze"),
        json!({"reason": "疑似盗号"}),
        &[("If-Match", &v(&acc["version"]))],
    );
    assert_eq!(
        stale.status,
        StatusCode::PRECONDITION_FAILED,
        "{}",
        stale.body
    );

    // Signing out on B ends the session on A too.
    let (status, _) = on_b.call(Method::DELETE, "/api/v1/session", None, &[]);
    assert!(status.is_success(), "{status}");
    let (status, _) = on_a.call(Method::GET, "/api/v1/me", None, &[]);
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[test]
fn a_ticket_claimed_on_one_server_is_refused_on_the_other() {
    let (a, b) = pair();
    let agent_a = a.client("demo-agent");
    let other_b = b.client("demo-reviewer");
    let t = new_ticket(&agent_a, "两台服务器认领测试");
    let id = t["id"].as_i64().unwrap_or_default();
    let r = agent_a.post(&format!("/api/v1/tickets/{id}/claim"), json!({}), &[]);
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    let r = other_b.post(&format!("/api/v1/tickets/{id}/claim"), json!({}), &[]);
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("demo-agent"));
    assert_eq!(
        other_b.get_ok(&format!("/api/v1/tickets/{id}"))["assignee"],
        "demo-agent"
    );

    // Released on A, it can be claimed on B.
    let r = agent_a.post(&format!("/api/v1/tickets/{id}/release"), json!({}), &[]);
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = other_b.post(&format!("/api/v1/tickets/{id}/claim"), json!({}), &[]);
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["assignee"], "demo-reviewer");
}

#[test]
fn four_eyes_hold_across_servers() {
    let (a, b) = pair();
    let lead_a = a.client("demo-lead");
    let r1_a = a.client("demo-reviewer");
    let r1_b = b.client("demo-reviewer");
    let r2_b = b.client("demo-reviewer2");
    let acc = lead_a.account_by("phone=13900139000");
    let account_id = acc["id"].as_i64().unwrap_or_default();
    let created = lead_a.post(
        "/api/v1/reviews",
        json!({"kind": "phone_rebind", "account_id": account_id, "new_phone": "+86 186 0000 1234", "note": "已收到身份证扫描件"}),
        &[],
    );
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let rid = created.body["id"].as_i64().unwrap_or_default();
    let path = format!("/api/v1/reviews/{rid}/decision");
    let attached = lead_a.attach_document(rid);

    let first = r1_a.post(&path, approve(), &[("If-Match", &v(&attached["version"]))]);
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(first.body["state"], "awaiting_second_approval");

    // The same reviewer, now on the other server, is still the same reviewer.
    let twice = r1_b.post(
        &path,
        approve(),
        &[("If-Match", &v(&first.body["version"]))],
    );
    assert_eq!(twice.status, StatusCode::FORBIDDEN, "{}", twice.body);
    assert_eq!(twice.body["error"]["code"], "four_eyes_same_reviewer");

    let second = r2_b.post(
        &path,
        approve(),
        &[("If-Match", &v(&first.body["version"]))],
    );
    assert_eq!(second.status, StatusCode::OK, "{}", second.body);
    assert_eq!(second.body["state"], "approved");
    let phone = lead_a.post(
        &format!("/api/v1/accounts/{account_id}/reveal"),
        json!({"field": "phone", "reason": "核对换绑结果"}),
        &[],
    );
    assert_eq!(phone.body["value"], "18600001234", "{}", phone.body);
}

#[test]
fn concurrent_writes_through_both_servers_keep_one_audit_chain_and_keys_act_once() {
    let (a, b) = pair();
    let setup = a.client("demo-agent");
    let tickets: Vec<i64> = (0..4)
        .map(|i| {
            new_ticket(&setup, &format!("并发工单 {i}"))["id"]
                .as_i64()
                .unwrap_or_default()
        })
        .collect();
    let before = a.db.query_i64("SELECT COUNT(*) FROM audit");
    const PER_THREAD: usize = 10;

    // Four writers, two per server, each adding notes to all four tickets; plus two
    // more sending one Idempotency-Key through both servers at once.
    let mut threads = Vec::new();
    for (n, server) in [&a, &b, &a, &b].into_iter().enumerate() {
        let api = server.client("demo-agent");
        let tickets = tickets.clone();
        threads.push(std::thread::spawn(move || {
            for i in 0..PER_THREAD {
                let id = tickets[(n + i) % tickets.len()];
                let r = api.post(
                    &format!("/api/v1/tickets/{id}/notes"),
                    json!({"body": format!("写入者 {n} 第 {i} 条"), "visibility": "internal"}),
                    &[],
                );
                assert!(r.status.is_success(), "{} {}", r.status, r.body);
            }
        }));
    }
    let keyed = tickets[0];
    let mut replies = Vec::new();
    for server in [&a, &b] {
        let api = server.client("demo-agent");
        replies.push(std::thread::spawn(move || {
            (0..5)
                .map(|_| {
                    let r = api.post(
                        &format!("/api/v1/tickets/{keyed}/notes"),
                        json!({"body": "只应记录一次", "visibility": "internal"}),
                        &[("Idempotency-Key", "team-key-1")],
                    );
                    assert!(r.status.is_success(), "{} {}", r.status, r.body);
                    r.body.to_string()
                })
                .collect::<Vec<_>>()
        }));
    }
    for t in threads {
        t.join().expect("writer thread");
    }
    let bodies: HashSet<String> = replies
        .into_iter()
        .flat_map(|t| t.join().expect("keyed thread"))
        .collect();
    assert_eq!(bodies.len(), 1, "every repeat replays the first reply");

    let once = setup.get_ok(&format!("/api/v1/tickets/{keyed}"));
    let copies = once["events"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["body"] == "只应记录一次")
        .count();
    assert_eq!(copies, 1, "{once}");

    let after = a.db.query_i64("SELECT COUNT(*) FROM audit");
    let notes =
        a.db.query_i64("SELECT COUNT(*) FROM audit WHERE action = 'ticket.note'");
    assert_eq!(notes, (4 * PER_THREAD + 1) as i64, "one audit row per note");
    assert!(after >= before + notes, "{before} → {after}");
    let seqs =
        a.db.query_i64("SELECT MAX(seq) - MIN(seq) + 1 - COUNT(*) FROM audit");
    assert_eq!(seqs, 0, "no gaps in the sequence");
    let out = verify(&b);
    assert!(out.contains("audit chain ok"), "{out}");
}

#[test]
fn two_servers_starting_together_on_an_empty_database_migrate_and_seed_once() {
    let db = Db::fresh(false);
    let starters: Vec<_> = (0..2)
        .map(|_| {
            let db = db.clone();
            std::thread::spawn(move || Server::start_on(db, &["--seed-demo"]))
        })
        .collect();
    let servers: Vec<Server> = starters
        .into_iter()
        .map(|t| t.join().expect("server start"))
        .collect();
    assert_eq!(
        db.query_i64("SELECT COUNT(*) FROM audit WHERE action = 'store.seed_demo'"),
        1
    );
    // Each migration applied once, whichever server got there first.
    let migrations = if db.url().starts_with("postgres") {
        kefu::backoffice::store::schema::POSTGRES.len()
    } else {
        kefu::backoffice::store::schema::SQLITE.len()
    };
    assert_eq!(
        db.query_i64("SELECT COUNT(*) FROM schema_migrations"),
        migrations as i64
    );
    for s in &servers {
        let api = s.client("demo-agent");
        assert_eq!(api.account_by("phone=13800138000")["state"], "locked");
    }
    verify(&servers[0]);
}

#[test]
fn operators_added_on_the_command_line_sign_in_on_every_server() {
    let (a, b) = pair();
    let out = std::process::Command::new(support::server::kefu_bin())
        .args([
            "operator",
            "add",
            "team-agent",
            "--name",
            "值班客服",
            "--roles",
            "agent",
            "--db",
        ])
        .arg(a.db.url())
        .env("KEFU_PASSWORD", "a-long-team-password")
        .output()
        .expect("run kefu operator add");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for s in [&a, &b] {
        let (status, body) = Api::anonymous(&s.url).call(
            Method::POST,
            "/api/v1/session",
            Some(json!({"operator": "team-agent", "password": "a-long-team-password"})),
            &[],
        );
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let list = a.kefu(&["operator", "list"]);
    assert!(String::from_utf8_lossy(&list.stdout).contains("team-agent"));
    verify(&a);
}

#[test]
#[ignore = "needs PostgreSQL: KEFU_TEST_PG=postgres://… cargo test --test team -- --include-ignored"]
fn a_server_replaces_connections_the_database_closed() {
    require_pg("a_server_replaces_connections_the_database_closed");
    let (a, _b) = pair();
    let api = a.client("demo-agent");
    api.get_ok("/api/v1/tickets?limit=5");
    // What a PostgreSQL restart or an idle timeout does to every pooled connection.
    let mut sql = postgres::Client::connect(&a.db.url(), postgres::NoTls).expect("connect");
    let killed: Vec<i32> = sql
        .query(
            // In the select list, so only rows past the WHERE (not this session) die.
            "SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
            &[],
        )
        .expect("terminate the servers' connections")
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(!killed.is_empty(), "the servers had no connections to end");
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let left: i64 = sql
            .query_one(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE pid = ANY($1)",
                &[&killed],
            )
            .expect("count")
            .get(0);
        if left == 0 {
            break;
        }
        assert!(Instant::now() < deadline, "connections did not end");
        std::thread::sleep(Duration::from_millis(20));
    }
    // The very next requests succeed: dead pooled connections are replaced.
    for _ in 0..3 {
        api.get_ok("/api/v1/tickets?limit=5");
    }
    let t = new_ticket(&api, "断线后写入");
    assert!(t["id"].as_i64().is_some());
}

/// The next event on `rx` that `want` accepts; fails after 10 s. Every event passed
/// over must carry a higher `seq` than the one before (the stream keeps chain order).
fn wait_for(
    rx: &std::sync::mpsc::Receiver<(String, String)>,
    what: &str,
    last_seq: &mut i64,
    want: impl Fn(&str, &Value) -> bool,
) -> Value {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let Ok((name, data)) = rx.recv_timeout(left) else {
            panic!("no {what} on the stream within 10 s");
        };
        let v: Value = serde_json::from_str(&data).unwrap_or(Value::Null);
        assert_ne!(name, "resync", "the stream fell behind");
        // Every change carries its sequence number; only `ready` has none.
        if name != "ready" {
            let seq = v["seq"]
                .as_i64()
                .unwrap_or_else(|| panic!("{name} without seq: {data}"));
            assert!(seq > *last_seq, "out of order: {seq} after {last_seq}");
            *last_seq = seq;
        }
        if want(&name, &v) {
            return v;
        }
    }
}

#[test]
fn an_event_raised_through_one_server_arrives_on_the_others_stream() {
    let (a, b) = pair();
    let (status, _) = Api::anonymous(&b.url).call(Method::GET, "/api/v1/events", None, &[]);
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let rx = b.client("demo-reviewer").events("/api/v1/events");
    let mut seq = 0;
    wait_for(&rx, "ready", &mut seq, |n, _| n == "ready");

    let agent_a = a.client("demo-agent");
    let started = Instant::now();
    let t = new_ticket(&agent_a, "实时推送测试");
    let id = t["id"].clone();
    let ev = wait_for(&rx, "the new ticket", &mut seq, |n, v| {
        n == "ticket" && v["id"] == id && v["action"] == "ticket.create"
    });
    eprintln!(
        "ticket created on A reached B's stream in {:?}",
        started.elapsed()
    );
    assert_eq!(ev["operator"], "demo-agent");
    let r = agent_a.post(&format!("/api/v1/tickets/{id}/claim"), json!({}), &[]);
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    wait_for(&rx, "the claim", &mut seq, |n, v| {
        n == "ticket" && v["id"] == id && v["action"] == "ticket.claim"
    });

    // A reveal is read access: no event. The unlock after it is the next account event.
    let acc = agent_a.account_by("phone=13800138000");
    let acc_id = acc["id"].clone();
    let r = agent_a.post(
        &format!("/api/v1/accounts/{acc_id}/reveal"),
        json!({"field": "phone", "reason": "核对来电人"}),
        &[],
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = agent_a.post(
        &format!("/api/v1/accounts/{acc_id}/unlock"),
        json!({"reason": "核实后解锁"}),
        &[("If-Match", &v(&acc["version"]))],
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let ev = wait_for(&rx, "an account event", &mut seq, |n, _| n == "account");
    assert_eq!(ev["id"], acc_id);
    // A reviewer learns that the account changed, not who did what to it.
    assert_eq!(ev["action"], "account.change");
    assert_eq!(ev["operator"], "");

    let lead_a = a.client("demo-lead");
    let other = lead_a.account_by("phone=13900139000");
    let created = lead_a.post(
        "/api/v1/reviews",
        json!({"kind": "phone_rebind", "account_id": other["id"], "new_phone": "+86 186 0000 1234", "note": "已收到身份证扫描件"}),
        &[],
    );
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let rid = created.body["id"].clone();
    wait_for(&rx, "the new review", &mut seq, |n, v| {
        n == "review" && v["id"] == rid && v["action"] == "review.create"
    });
}

#[test]
fn list_totals_follow_every_write_on_every_page_and_server() {
    let (a, b) = pair();
    let (on_a, on_b) = (a.client("demo-agent"), b.client("demo-agent"));
    let q = "/api/v1/tickets?status=new&category=other&sort=id&limit=2";
    let total = |api: &Api, path: &str| api.get_ok(path)["total"].as_u64().unwrap_or_default();
    let first = on_b.get_ok(q);
    let before = first["total"].as_u64().unwrap_or_default();
    let cursor = first["next_cursor"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        !cursor.is_empty(),
        "the demo data fills more than one page: {first}"
    );
    let later = format!("{q}&cursor={cursor}");
    // Asked again with nothing changed (B may answer from the count it kept).
    assert_eq!(total(&on_b, q), before);
    assert_eq!(total(&on_b, &later), before);

    // A ticket opened through A counts on B, on the first page and on a later one.
    let t = new_ticket(&on_a, "计数");
    assert_eq!(total(&on_b, q), before + 1);
    assert_eq!(total(&on_b, &later), before + 1);
    assert_eq!(total(&on_a, q), before + 1);

    // Moved out of the filter through B: both servers count it out.
    let id = t["id"].as_i64().unwrap_or_default();
    let r = on_b.send(
        Method::PATCH,
        &format!("/api/v1/tickets/{id}"),
        Some(json!({"status": "open"})),
        &[("If-Match", &v(&t["version"]))],
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(total(&on_a, &later), before);
    assert_eq!(total(&on_b, q), before);
    // Every page agrees with a fresh count of the items themselves.
    let mut seen = 0u64;
    let mut page = on_a.get_ok(q);
    loop {
        seen += page["items"].as_array().map_or(0, |i| i.len() as u64);
        assert_eq!(page["total"].as_u64(), Some(before), "{page}");
        match page["next_cursor"].as_str() {
            Some(c) => page = on_a.get_ok(&format!("{q}&cursor={c}")),
            None => break,
        }
    }
    assert_eq!(seen, before);
}

#[test]
fn an_operator_working_on_one_server_is_online_on_the_others_board() {
    let (a, b) = pair();
    let lead = a.client("demo-lead");
    let board = lead.get_ok("/api/v1/team");
    let agent_row = |page: &Value| -> Value {
        let rows: Vec<&Value> = page["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter(|m| m["operator"] == "demo-agent")
            .collect();
        assert_eq!(rows.len(), 1, "{page}");
        rows[0].clone()
    };
    assert_eq!(agent_row(&board)["online"], false, "not signed in yet");
    // demo-agent works through the other server only.
    let agent = b.client("demo-agent");
    let t = new_ticket(&agent, "另一台服务器上的工作");
    let r = agent.post(
        &format!("/api/v1/tickets/{}/claim", t["id"]),
        json!({}),
        &[],
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let row = agent_row(&lead.get_ok("/api/v1/team"));
    assert_eq!(row["online"], true, "{row}");
    assert!(row["last_seen"].is_string(), "{row}");
    assert!(
        row["tickets_claimed"].as_i64().is_some_and(|n| n >= 1),
        "{row}"
    );
}
