//! The supervisor's pane on the back office (#16): the team board, assignment of tickets
//! and reviews, an agent's escalation, the SLA watch, audit filters and security alerts.
//! Like every API test, on SQLite, or on PostgreSQL when `KEFU_TEST_PG` is set.

use std::process::Command;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::{v, Api, Resp};
use crate::events::until;
use crate::support::server::{kefu_bin, Server};

fn new_ticket(api: &Api, subject: &str) -> Value {
    let r = api.post(
        "/api/v1/tickets",
        json!({"subject": subject, "body": "来电", "category": "other", "channel": "phone"}),
        &[],
    );
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.body
}

fn id(t: &Value) -> i64 {
    t["id"].as_i64().expect("id")
}

fn assign(api: &Api, what: &str, id: i64, operator: &str, reason: &str) -> Resp {
    api.post(
        &format!("/api/v1/{what}/{id}/assign"),
        json!({"operator": operator, "reason": reason}),
        &[],
    )
}

/// The board row of `operator` on a `GET /team` page.
fn row(page: &Value, operator: &str) -> Value {
    let items = page["items"].as_array().expect("items");
    let found: Vec<&Value> = items.iter().filter(|m| m["operator"] == operator).collect();
    assert_eq!(found.len(), 1, "{operator} once on the board: {page}");
    found[0].clone()
}

fn n(v: &Value, field: &str) -> i64 {
    v[field]
        .as_i64()
        .unwrap_or_else(|| panic!("{field} is a number: {v}"))
}

/// The ids of a list page.
fn ids(page: &Value) -> Vec<i64> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|t| t["id"].as_i64())
        .collect()
}

fn audit_rows(lead: &Api, query: &str) -> Vec<Value> {
    let page = lead.get_ok(&format!("/api/v1/audit?{query}"));
    page["items"].as_array().cloned().expect("items")
}

#[test]
fn the_supervisor_views_are_refused_to_agents_and_reviewers() {
    let s = Server::start();
    for who in ["demo-agent", "demo-reviewer"] {
        let api = s.client(who);
        for path in [
            "/api/v1/team",
            "/api/v1/team/demo-agent",
            "/api/v1/escalations",
            "/api/v1/sla",
            "/api/v1/alerts",
        ] {
            let (status, body) = api.call(Method::GET, path, None, &[]);
            assert_eq!(status, StatusCode::FORBIDDEN, "{who} GET {path}: {body}");
            assert_eq!(body["error"]["code"], "supervisor_only", "{who} {path}");
        }
        let r = api.post("/api/v1/alerts/1/ack", json!({}), &[]);
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}: {}", r.body);
    }
}

#[test]
fn the_team_board_counts_claims_assignments_and_calls_and_who_is_online() {
    let s = Server::start();
    let lead = s.client("demo-lead");
    let agent = s.client("demo-agent");
    let before = lead.get_ok("/api/v1/team");
    assert_eq!(before["total"], 4, "the four demo operators: {before}");
    assert_eq!(before["items"].as_array().map(Vec::len), Some(4));
    let was = row(&before, "demo-agent");

    // A claim, a call of 2:05 and an assignment by the lead.
    let claimed = new_ticket(&agent, "看板：认领");
    let r = agent.post(
        &format!("/api/v1/tickets/{}/claim", id(&claimed)),
        json!({}),
        &[],
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = agent.post(
        &format!("/api/v1/tickets/{}/calls", id(&claimed)),
        json!({"duration_secs": 125, "wrap_up": "info_given"}),
        &[],
    );
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let given = new_ticket(&lead, "看板：指派");
    let r = assign(&lead, "tickets", id(&given), "demo-agent", "熟悉此类问题");
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    let after = lead.get_ok("/api/v1/team");
    let now = row(&after, "demo-agent");
    assert_eq!(
        n(&now, "tickets_claimed"),
        n(&was, "tickets_claimed") + 1,
        "{now}"
    );
    assert_eq!(
        n(&now, "tickets_assigned"),
        n(&was, "tickets_assigned") + 1,
        "{now}"
    );
    assert_eq!(n(&now, "calls_today"), n(&was, "calls_today") + 1, "{now}");
    assert_eq!(
        n(&now, "call_seconds_today"),
        n(&was, "call_seconds_today") + 125,
        "{now}"
    );
    assert_eq!(now["name"], "客服小林");
    assert_eq!(now["roles"], json!(["agent"]));
    // Signed in and working: online, seen just now.
    assert_eq!(now["online"], true, "{now}");
    assert!(now["last_seen"].is_string(), "{now}");
    // Nobody signed in as the second reviewer.
    let idle = row(&after, "demo-reviewer2");
    assert_eq!(idle["online"], false, "{idle}");
    assert!(idle["last_seen"].is_null(), "{idle}");

    // The operator's own view: both tickets, how each is held, oldest first.
    let detail = lead.get_ok("/api/v1/team/demo-agent");
    assert_eq!(detail["member"]["operator"], "demo-agent");
    let items = detail["items"].as_array().cloned().expect("items");
    let held = |tid: i64| -> Vec<Value> {
        items
            .iter()
            .filter(|i| i["kind"] == "ticket" && i["id"] == tid)
            .cloned()
            .collect()
    };
    let c = held(id(&claimed));
    assert_eq!(c.len(), 1, "{items:?}");
    assert_eq!(c[0]["holding"], "claimed");
    assert_eq!(c[0]["title"], "看板：认领");
    let a = held(id(&given));
    assert_eq!(a.len(), 1, "{items:?}");
    assert_eq!(a[0]["holding"], "assigned");
    assert_eq!(a[0]["state"], "new");
    let since: Vec<&str> = items.iter().filter_map(|i| i["since"].as_str()).collect();
    assert_eq!(since.len(), items.len(), "{items:?}");
    assert!(
        since.windows(2).all(|w| w[0] <= w[1]),
        "oldest first: {since:?}"
    );
    assert_eq!(detail["member"]["oldest"], items[0], "{detail}");
    let (status, body) = lead.call(Method::GET, "/api/v1/team/nobody-here", None, &[]);
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");

    // Paged like any list when asked.
    let first = lead.get_ok("/api/v1/team?limit=3");
    assert_eq!(first["items"].as_array().map(Vec::len), Some(3));
    let cursor = first["next_cursor"].as_str().expect("a cursor to the rest");
    let rest = lead.get_ok(&format!("/api/v1/team?limit=3&cursor={cursor}"));
    assert_eq!(rest["items"].as_array().map(Vec::len), Some(1));
    assert!(rest["next_cursor"].is_null());
}

#[test]
fn a_supervisor_assigns_a_ticket_with_a_reason_to_someone_who_works_tickets() {
    let s = Server::start();
    let lead = s.client("demo-lead");
    let agent = s.client("demo-agent");
    let t = new_ticket(&agent, "指派：冻结账户咨询");
    let tid = id(&t);

    let r = assign(&agent, "tickets", tid, "demo-agent", "我自己来");
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "supervisor_only");
    let r = assign(&lead, "tickets", tid, "demo-agent", " ");
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "reason_required");
    let r = assign(&lead, "tickets", tid, "nobody-here", "交给他");
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "unknown_operator");
    let r = assign(&lead, "tickets", tid, "demo-reviewer", "交给审核员");
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "role_required");
    // A disabled operator is no assignee either.
    let out = Command::new(kefu_bin())
        .args([
            "operator", "add", "li.wei", "--name", "李伟", "--roles", "agent", "--db",
        ])
        .arg(s.db.url())
        .env("KEFU_PASSWORD", "a-long-enough-password")
        .output()
        .expect("run kefu operator add");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = s.kefu(&["operator", "disable", "li.wei"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = assign(&lead, "tickets", tid, "li.wei", "交给李伟");
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "unknown_operator");
    let unchanged = lead.get_ok(&format!("/api/v1/tickets/{tid}"));
    assert!(unchanged["assigned_to"].is_null(), "{unchanged}");
    assert_eq!(
        unchanged["version"], t["version"],
        "refusals change nothing"
    );

    // The assignee's desk hears it on the live stream, with the assignee named.
    let stream = agent.events_after(None);
    let stale = lead.post(
        &format!("/api/v1/tickets/{tid}/assign"),
        json!({"operator": "demo-agent", "reason": "熟悉冻结流程"}),
        &[("If-Match", "\"v999\"")],
    );
    assert_eq!(
        stale.status,
        StatusCode::PRECONDITION_FAILED,
        "{}",
        stale.body
    );
    let key = [("Idempotency-Key", "assign-1")];
    let body = json!({"operator": "demo-agent", "reason": "熟悉冻结流程"});
    let r = lead.post(&format!("/api/v1/tickets/{tid}/assign"), body.clone(), &key);
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["assigned_to"], "demo-agent");
    assert!(
        r.body["assignee"].is_null(),
        "assigning is not claiming: {}",
        r.body
    );
    let events = r.body["events"].as_array().cloned().expect("events");
    let last = events.last().expect("the assignment on the timeline");
    assert_eq!(last["kind"], "assignment");
    assert_eq!(last["author"], "demo-lead");
    assert!(
        last["body"]
            .as_str()
            .is_some_and(|b| b.contains("demo-agent")),
        "{last}"
    );
    let replay = lead.post(&format!("/api/v1/tickets/{tid}/assign"), body, &key);
    assert_eq!(replay.status, StatusCode::OK);
    assert_eq!(replay.body, r.body, "a repeat replays");
    let (_, ev) = until(&stream, "the assignment", |name, d| {
        name == "ticket" && d["id"] == tid && d["action"] == "ticket.assign"
    });
    assert_eq!(ev["assignee"], "demo-agent", "{ev}");
    assert_eq!(ev["operator"], "demo-lead", "{ev}");

    // Audited once, with the reason and who held it before and after.
    let rows = audit_rows(&lead, &format!("target=ticket:{tid}&action=ticket.assign"));
    assert_eq!(
        rows.len(),
        1,
        "one row for the request and its replay: {rows:?}"
    );
    assert_eq!(rows[0]["reason"], "熟悉冻结流程");
    assert!(rows[0]["before"]["assigned_to"].is_null(), "{}", rows[0]);
    assert_eq!(rows[0]["after"]["assigned_to"], "demo-agent");

    // In the assignee's "mine" view without a claim, after a claim and after its release.
    let mine = |api: &Api| ids(&api.get_ok("/api/v1/tickets?assignee=me&limit=200"));
    assert!(mine(&agent).contains(&tid));
    let r = agent.post(&format!("/api/v1/tickets/{tid}/claim"), json!({}), &[]);
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(mine(&agent).contains(&tid));
    let r = agent.post(&format!("/api/v1/tickets/{tid}/release"), json!({}), &[]);
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        mine(&agent).contains(&tid),
        "the assignment outlives the claim"
    );
    assert!(
        ids(&agent.get_ok(&format!("/api/v1/tickets?assignee=demo-agent&id={tid}"))).contains(&tid)
    );
    let unheld = ids(&agent.get_ok(&format!("/api/v1/tickets?assignee=none&id={tid}")));
    assert!(
        unheld.is_empty(),
        "an assigned ticket is not unheld: {unheld:?}"
    );

    // Reassigned: the audit row names both; it leaves the first agent's view.
    let r = assign(&lead, "tickets", tid, "demo-lead", "主管亲自处理");
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let rows = audit_rows(&lead, &format!("target=ticket:{tid}&action=ticket.assign"));
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0]["before"]["assigned_to"], "demo-agent");
    assert_eq!(rows[0]["after"]["assigned_to"], "demo-lead");
    assert!(!mine(&agent).contains(&tid));
    assert!(mine(&lead).contains(&tid));

    // Resolved: the assignment ends, and a resolved ticket is not assigned.
    let t = lead.get_ok(&format!("/api/v1/tickets/{tid}"));
    let r = lead.send(
        Method::PATCH,
        &format!("/api/v1/tickets/{tid}"),
        Some(json!({"status": "resolved"})),
        &[("If-Match", &v(&t["version"]))],
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body["assigned_to"].is_null(), "{}", r.body);
    let r = assign(&lead, "tickets", tid, "demo-agent", "再交给小林");
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "ticket_closed");
}

/// A pending review opened by demo-agent (every demo review is).
fn pending_review(api: &Api) -> Value {
    let page = api.get_ok("/api/v1/reviews?state=pending&limit=1");
    let items = page["items"].as_array().cloned().expect("items");
    assert_eq!(items.len(), 1, "a pending demo review: {page}");
    items[0].clone()
}

#[test]
fn a_review_is_assigned_to_a_reviewer_the_four_eyes_rule_allows() {
    let s = Server::start();
    let lead = s.client("demo-lead");
    let reviewer = s.client("demo-reviewer");
    let r0 = pending_review(&lead);
    let rid = id(&r0);
    assert_eq!(r0["opened_by"], "demo-agent");

    let r = assign(&reviewer, "reviews", rid, "demo-reviewer", "我来审");
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "supervisor_only");
    let r = assign(&lead, "reviews", rid, "demo-reviewer", "");
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "reason_required");
    let r = assign(&lead, "reviews", rid, "demo-agent", "交给客服");
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "role_required");
    let r = assign(&lead, "reviews", rid, "ghost", "交给谁");
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "unknown_operator");

    // Four eyes: the lead (a reviewer too) may not be given a review the lead opened.
    let acc = lead.account_by("phone=13800138000");
    let opened = lead.post(
        "/api/v1/reviews",
        json!({"kind": "real_name", "account_id": acc["id"], "note": "主管开的审核"}),
        &[],
    );
    assert_eq!(opened.status, StatusCode::CREATED, "{}", opened.body);
    let r = assign(&lead, "reviews", id(&opened.body), "demo-lead", "自己审");
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "four_eyes_own_review");

    let r = assign(&lead, "reviews", rid, "demo-reviewer", "港澳证件由陈静审");
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["assigned_to"], "demo-reviewer");
    let mine = reviewer.get_ok("/api/v1/reviews?assigned_to=me");
    assert_eq!(ids(&mine), vec![rid], "{mine}");
    let rows = audit_rows(&lead, &format!("target=review:{rid}&action=review.assign"));
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["reason"], "港澳证件由陈静审");
    assert_eq!(
        rows[0]["before"]["assigned_to"], r0["assigned_to"],
        "{}",
        rows[0]
    );
    assert_eq!(rows[0]["after"]["assigned_to"], "demo-reviewer");
    let board = lead.get_ok("/api/v1/team");
    assert_eq!(
        row(&board, "demo-reviewer")["reviews_assigned"],
        1,
        "{board}"
    );
}

#[test]
fn an_agent_hands_a_ticket_to_the_supervisors_with_a_note() {
    let s = Server::start();
    let lead = s.client("demo-lead");
    let agent = s.client("demo-agent");
    let reviewer = s.client("demo-reviewer");
    let t = new_ticket(&agent, "升级：账户被他人占用");
    let tid = id(&t);
    let path = format!("/api/v1/tickets/{tid}/escalate");

    let r = agent.post(&path, json!({"note": "  "}), &[]);
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "note_required");
    let r = reviewer.post(&path, json!({"note": "审核员不处理工单"}), &[]);
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "role_required");

    let stream = lead.events_after(None);
    let note = "客户坚持要求主管回电，已核实身份";
    let r = agent.post(&path, json!({ "note": note }), &[]);
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["escalated"], true);
    let events = r.body["events"].as_array().cloned().expect("events");
    let last = events.last().expect("the escalation on the timeline");
    assert_eq!(
        (&last["kind"], &last["author"], &last["body"]),
        (&json!("escalation"), &json!("demo-agent"), &json!(note))
    );
    until(&stream, "the escalation", |name, d| {
        name == "ticket" && d["id"] == tid && d["action"] == "ticket.escalate"
    });
    let rows = audit_rows(
        &lead,
        &format!("target=ticket:{tid}&action=ticket.escalate"),
    );
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["operator"], "demo-agent");
    assert_eq!(rows[0]["after"]["escalated"], true);

    // A reviewer escalates a review with an internal note.
    let review = pending_review(&lead);
    let rid = id(&review);
    let claimed = reviewer.post(&format!("/api/v1/reviews/{rid}/claim"), json!({}), &[]);
    assert_eq!(claimed.status, StatusCode::OK, "{}", claimed.body);
    let decided = reviewer.post(
        &format!("/api/v1/reviews/{rid}/decision"),
        json!({"decision": "escalate", "reason_code": "needs_supervisor", "internal_note": "证件疑似涂改，请主管判断"}),
        &[("If-Match", &v(&claimed.body["version"]))],
    );
    assert_eq!(decided.status, StatusCode::OK, "{}", decided.body);

    let e = lead.get_ok("/api/v1/escalations");
    let tickets: Vec<&Value> = e["tickets"]
        .as_array()
        .expect("tickets")
        .iter()
        .filter(|x| x["ticket"]["id"] == tid)
        .collect();
    assert_eq!(tickets.len(), 1, "{e}");
    assert_eq!(tickets[0]["escalation"]["by"], "demo-agent");
    assert_eq!(tickets[0]["escalation"]["note"], note);
    assert_eq!(tickets[0]["ticket"]["escalated"], true);
    let reviews: Vec<&Value> = e["reviews"]
        .as_array()
        .expect("reviews")
        .iter()
        .filter(|x| x["review"]["id"] == rid)
        .collect();
    assert_eq!(reviews.len(), 1, "{e}");
    assert_eq!(reviews[0]["escalation"]["by"], "demo-reviewer");
    assert_eq!(reviews[0]["escalation"]["note"], "证件疑似涂改，请主管判断");
    assert_eq!(reviews[0]["review"]["state"], "escalated");

    // A supervisor's assignment takes it off the list.
    let r = assign(&lead, "tickets", tid, "demo-lead", "主管回电");
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["escalated"], false);
    let e = lead.get_ok("/api/v1/escalations");
    assert!(
        e["tickets"]
            .as_array()
            .expect("tickets")
            .iter()
            .all(|x| x["ticket"]["id"] != tid),
        "{e}"
    );
    // An escalated review goes to a supervisor only.
    let r = assign(&lead, "reviews", rid, "demo-reviewer2", "请马骏看");
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "role_required");
}

/// The SLA watch's cell for (category, status), as (breached, due today).
fn cell(w: &Value, category: &str, status: &str) -> (i64, i64) {
    let cells: Vec<&Value> = w["by_category"]
        .as_array()
        .expect("by_category")
        .iter()
        .filter(|c| c["category"] == category && c["status"] == status)
        .collect();
    assert!(cells.len() <= 1, "{cells:?}");
    cells
        .first()
        .map_or((0, 0), |c| (n(c, "breached"), n(c, "due_today")))
}

#[test]
fn the_sla_watch_counts_breached_tickets_and_leaves_paused_ones_out() {
    let s = Server::start();
    let lead = s.client("demo-lead");
    let before = lead.get_ok("/api/v1/sla");
    assert_eq!(before["due_by_hour"].as_array().map(Vec::len), Some(24));

    // Two tickets long overdue; one of them waits on the customer (its clock stands still).
    let late = new_ticket(&lead, "SLA：早已超时");
    let waiting = new_ticket(&lead, "SLA：等待客户");
    let r = lead.send(
        Method::PATCH,
        &format!("/api/v1/tickets/{}", id(&waiting)),
        Some(json!({"status": "pending_customer"})),
        &[("If-Match", &v(&waiting["version"]))],
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    s.db.execute(&format!(
        "UPDATE tickets SET created_at = '2001-01-01T01:00:00.000000Z', due_on = '2001-01-03'
         WHERE id IN ({}, {})",
        id(&late),
        id(&waiting)
    ))
    .expect("back-date two tickets");
    let rid = id(&pending_review(&lead));
    s.db.execute(&format!(
        "UPDATE reviews SET due_on = '2001-01-01' WHERE id = {rid}"
    ))
    .expect("back-date a review");

    let after = lead.get_ok("/api/v1/sla");
    let (b0, _) = cell(&before, "other", "new");
    let (b1, _) = cell(&after, "other", "new");
    assert_eq!(b1, b0 + 1, "the open one is breached: {after}");
    assert_eq!(
        cell(&after, "other", "pending_customer"),
        cell(&before, "other", "pending_customer"),
        "the paused one is not"
    );
    let breached = after["breached"].as_array().cloned().expect("breached");
    assert!(!breached.is_empty());
    let first: Vec<&Value> = breached.iter().map(|t| &t["id"]).take(3).collect();
    assert_eq!(
        breached[0]["id"], late["id"],
        "the most overdue first: {first:?}"
    );
    assert!(breached
        .iter()
        .all(|t| t["id"] != waiting["id"] && t["sla_paused"] == false));
    assert!(breached
        .iter()
        .all(|t| t["status"] == "new" || t["status"] == "open"));
    let overdue = after["reviews_overdue"]
        .as_array()
        .cloned()
        .expect("reviews_overdue");
    assert!(!overdue.is_empty());
    assert_eq!(overdue[0]["id"], rid, "{overdue:?}");
    // Today's deadlines, by hour, are the tickets breaching today plus those breached today.
    let by_hour: i64 = after["due_by_hour"]
        .as_array()
        .expect("hours")
        .iter()
        .filter_map(Value::as_i64)
        .sum();
    let due_today: i64 = after["by_category"]
        .as_array()
        .expect("cells")
        .iter()
        .map(|c| n(c, "due_today"))
        .sum();
    assert!(by_hour >= due_today, "{by_hour} ≥ {due_today}");
    assert_eq!(
        after["breaching_today"]
            .as_array()
            .map(Vec::len)
            .unwrap_or(0) as i64,
        due_today.min(200)
    );
}

#[test]
fn the_audit_trail_filters_by_action_and_time() {
    let s = Server::start();
    let lead = s.client("demo-lead");
    let agent = s.client("demo-agent");
    let t = new_ticket(&agent, "审计筛选");
    let r = assign(&lead, "tickets", id(&t), "demo-agent", "审计筛选测试");
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    let exact = audit_rows(&lead, "action=ticket.assign");
    assert_eq!(exact.len(), 1, "{exact:?}");
    for prefix in ["ticket.", "ticket*"] {
        let rows = audit_rows(&lead, &format!("action={prefix}&limit=500"));
        assert!(rows.len() >= 2, "{prefix}: {rows:?}");
        assert!(
            rows.iter().all(|e| e["action"]
                .as_str()
                .is_some_and(|a| a.starts_with("ticket."))),
            "{prefix}"
        );
        assert!(
            rows.iter().any(|e| e["action"] == "ticket.create"),
            "{prefix}"
        );
    }
    // `ticket` without a dot or star is an exact action, which no row has.
    let page = lead.get_ok("/api/v1/audit?action=ticket");
    assert_eq!(page["total"], 0, "{page}");

    let at = exact[0]["at"].as_str().expect("at").to_string();
    let enc = |t: &str| t.replace('+', "%2B");
    let since = lead.get_ok(&format!(
        "/api/v1/audit?action=ticket.assign&since={}",
        enc(&at)
    ));
    assert_eq!(since["total"], 1, "since is inclusive: {since}");
    let until_ = lead.get_ok(&format!(
        "/api/v1/audit?action=ticket.assign&until={}",
        enc(&at)
    ));
    assert_eq!(until_["total"], 0, "until is exclusive: {until_}");
    let old = lead.get_ok("/api/v1/audit?until=2001-01-01T00:00:00%2B08:00");
    assert_eq!(old["total"], 0);
    assert_eq!(old["items"].as_array().map(Vec::len), Some(0));
    let (status, body) = lead.call(Method::GET, "/api/v1/audit?since=yesterday", None, &[]);
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"]["code"], "bad_time");

    // Paging keeps the filter.
    let first = lead.get_ok("/api/v1/audit?action=ticket.&limit=1");
    let total = n(&first, "total");
    assert!(total >= 2, "{first}");
    let cursor = first["next_cursor"].as_str().expect("cursor");
    let second = lead.get_ok(&format!(
        "/api/v1/audit?action=ticket.&limit=1&cursor={cursor}"
    ));
    assert_eq!(second["total"], total);
    assert!(n(&second["items"][0], "seq") < n(&first["items"][0], "seq"));
    assert!(second["items"][0]["action"]
        .as_str()
        .is_some_and(|a| a.starts_with("ticket.")));
}

#[test]
fn security_events_are_alerts_until_a_supervisor_acknowledges_them() {
    let s = Server::start_with(&["--seed-demo", "--reveals-per-min", "100"]);
    let lead = s.client("demo-lead");
    let agent = s.client("demo-agent");
    let lead_stream = lead.events_after(None);
    let agent_stream = agent.events_after(None);

    // A failed sign-in.
    let anon = Api::anonymous(&s.url);
    let (status, _) = anon.call(
        Method::POST,
        "/api/v1/session",
        Some(json!({"operator": "demo-reviewer2", "password": "wrong-password"})),
        &[],
    );
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (_, failed) = until(&lead_stream, "the failed sign-in alert", |name, d| {
        name == "security.alert" && d["action"] == "operator.sign_in_failed"
    });

    // Eleven reveals in a few seconds: one spike alert, at the eleventh.
    let acc = agent.account_by("phone=13800138000");
    let path = format!("/api/v1/accounts/{}/reveal", acc["id"]);
    for i in 0..11 {
        let r = agent.post(
            &path,
            json!({"field": "phone", "reason": "来电核实手机号"}),
            &[],
        );
        assert_eq!(r.status, StatusCode::OK, "reveal {i}: {}", r.body);
    }
    let (_, spike) = until(&lead_stream, "the reveal spike alert", |name, d| {
        name == "security.alert" && d["action"] == "security.reveal_spike"
    });
    assert_eq!(spike["operator"], "demo-agent");
    let spikes = audit_rows(&lead, "action=security.reveal_spike");
    assert_eq!(spikes.len(), 1, "{spikes:?}");
    assert_eq!(spikes[0]["after"]["reveals"], 11);

    // Agents do not hear alerts: the agent's stream reaches a later change without one.
    let marker = new_ticket(&agent, "告警之后");
    let heard = std::cell::RefCell::new(Vec::new());
    until(&agent_stream, "the marker ticket", |name, d| {
        heard.borrow_mut().push(name.to_string());
        name == "ticket" && d["id"] == marker["id"]
    });
    let heard = heard.into_inner();
    assert!(!heard.is_empty(), "{heard:?}");
    assert!(!heard.iter().any(|n| n == "security.alert"), "{heard:?}");

    let open = lead.get_ok("/api/v1/alerts");
    let items = open["items"].as_array().cloned().expect("items");
    let seqs: Vec<i64> = items.iter().filter_map(|a| a["seq"].as_i64()).collect();
    assert!(
        seqs.contains(&n(&failed, "id")) && seqs.contains(&n(&spike, "id")),
        "{open}"
    );
    assert!(items.iter().all(|a| a["acked_by"].is_null()), "{open}");
    let spike_alert: Vec<&Value> = items.iter().filter(|a| a["seq"] == spike["id"]).collect();
    assert_eq!(spike_alert.len(), 1);
    assert_eq!(spike_alert[0]["action"], "security.reveal_spike");
    assert_eq!(spike_alert[0]["detail"]["reveals"], 11);
    assert!(
        !open.to_string().contains("13800138000"),
        "no personal value in alerts"
    );

    let seq = n(&spike, "id");
    let ack = lead.post(&format!("/api/v1/alerts/{seq}/ack"), json!({}), &[]);
    assert_eq!(ack.status, StatusCode::OK, "{}", ack.body);
    assert_eq!(ack.body["acked_by"], "demo-lead");
    until(&lead_stream, "the acknowledgement", |name, d| {
        name == "alert" && d["id"] == seq && d["action"] == "alert.ack"
    });
    let again = lead.post(&format!("/api/v1/alerts/{seq}/ack"), json!({}), &[]);
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(
        again.body["acked_at"], ack.body["acked_at"],
        "acknowledged once"
    );
    assert_eq!(
        audit_rows(&lead, &format!("action=alert.ack&target=alert:{seq}")).len(),
        1
    );
    let open = lead.get_ok("/api/v1/alerts");
    assert!(
        open["items"]
            .as_array()
            .expect("items")
            .iter()
            .all(|a| a["seq"] != seq),
        "{open}"
    );
    let all = lead.get_ok("/api/v1/alerts?open=false");
    let acked: Vec<&Value> = all["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|a| a["seq"] == seq)
        .collect();
    assert_eq!(acked.len(), 1, "{all}");
    assert_eq!(acked[0]["acked_by"], "demo-lead");
    assert!(n(&all, "total") > n(&open, "total"));

    // Only alerts can be acknowledged.
    let create = audit_rows(
        &lead,
        &format!("target=ticket:{}&action=ticket.create", marker["id"]),
    );
    assert_eq!(create.len(), 1);
    let r = lead.post(
        &format!("/api/v1/alerts/{}/ack", create[0]["seq"]),
        json!({}),
        &[],
    );
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
}
