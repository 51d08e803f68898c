use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::v;
use crate::support::server::Server;

#[test]
fn only_supervisors_read_the_audit_trail() {
    let s = Server::start();
    let agent = s.client("demo-agent");
    let (status, body) = agent.call(Method::GET, "/api/v1/audit", None, &[]);
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"]["code"], "supervisor_only");
    let lead = s.client("demo-lead");
    let page = lead.get_ok("/api/v1/audit?operator=demo-lead");
    assert!(page["items"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|e| e["action"] == "operator.sign_in"));
}

#[test]
fn the_chain_verifies_and_a_row_changed_behind_the_servers_back_is_named() {
    let s = Server::start();
    let api = s.client("demo-agent");
    let a = api.account_by("phone=13800138000");
    let id = a["id"].as_i64().unwrap_or_default();
    let r = api.post(
        &format!("/api/v1/accounts/{id}/unlock"),
        json!({"reason": "核实后解锁"}),
        &[("If-Match", &v(&a["version"]))],
    );
    assert_eq!(r.status, StatusCode::OK);

    let out = s.kefu(&["audit", "verify"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("audit chain ok"), "{stdout}");

    // The table refuses UPDATE, DELETE (and on PostgreSQL TRUNCATE) through SQL...
    let refused =
        s.db.execute("UPDATE audit SET reason = 'x' WHERE action = 'account.unlock'");
    assert!(refused.is_err(), "the trigger must refuse updates");
    let refused = s.db.execute("DELETE FROM audit WHERE seq = 1");
    assert!(refused.is_err(), "the trigger must refuse deletes");
    // ...so an attacker drops the trigger first; verify still catches it.
    s.db.execute(&s.db.drop_trigger_sql("audit_no_update", "audit"))
        .expect("drop trigger");
    let seq =
        s.db.query_i64("SELECT seq FROM audit WHERE action = 'account.unlock'");
    s.db.execute(&format!(
        "UPDATE audit SET reason = '无理由' WHERE seq = {seq}"
    ))
    .expect("tamper");
    let out = s.kefu(&["audit", "verify"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains(&format!("broken at row {seq}")), "{stderr}");
}
