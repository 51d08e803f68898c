use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::{v, Api};
use crate::support::server::Server;

#[test]
fn lookup_by_phone_in_any_form_is_masked() {
    let s = Server::start();
    let api = s.client("demo-agent");
    for q in [
        "phone=13800138000",
        "phone=%2B86%20138-0013-8000",
        "phone=0086%2013800138000",
    ] {
        let page = api.get_ok(&format!("/api/v1/accounts?{q}"));
        assert_eq!(page["total"], 1, "{q}: {page}");
        let a = &page["items"][0];
        assert_eq!(a["phone"], "138****8000");
        assert_eq!(a["name"], "张*");
        assert_eq!(a["state"], "locked");
        let doc = a["document_number"].as_str().unwrap_or_default();
        assert!(doc.contains("***********"), "document masked: {doc}");
    }
    let (status, body) = api.call(Method::GET, "/api/v1/accounts?phone=1380013", None, &[]);
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, _) = api.call(Method::GET, "/api/v1/accounts", None, &[]);
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = api.call(
        Method::GET,
        "/api/v1/accounts?phone=13800138000&login=x",
        None,
        &[],
    );
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[test]
fn a_wrong_identity_number_is_explained() {
    let s = Server::start();
    let api = s.client("demo-agent");
    let (status, body) = api.call(
        Method::GET,
        "/api/v1/accounts?id_number=110105194912310021",
        None,
        &[],
    );
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["code"], "bad_id_number");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("check digit is 1, expected X"),
        "{body}"
    );
}

#[test]
fn identity_conflict_shows_both_accounts_masked_with_their_channels() {
    let s = Server::start();
    let api = s.client("demo-agent");
    // Lower-case x and spaces are normalised.
    let page = api.get_ok("/api/v1/accounts?id_number=110105%2019491231002x");
    assert_eq!(page["total"], 2, "{page}");
    let channels: Vec<_> = page["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| a["registration_channel"].clone())
        .collect();
    assert!(
        channels.contains(&json!("self")) && channels.contains(&json!("school_import")),
        "{channels:?}"
    );
    let id = page["items"][0]["id"].as_i64().unwrap_or_default();
    let detail = api.get_ok(&format!("/api/v1/accounts/{id}"));
    assert_eq!(detail["same_identity"].as_array().map(Vec::len), Some(1));
    let text = detail.to_string();
    assert!(
        !text.contains("11010519491231002X"),
        "identity number leaked in the account card"
    );
}

#[test]
fn the_account_card_never_carries_full_personal_data() {
    let s = Server::start();
    let api = s.client("demo-agent");
    let a = api.account_by("phone=13800138000");
    let id = a["id"].as_i64().unwrap_or_default();
    let detail = api.get_ok(&format!("/api/v1/accounts/{id}"));
    let text = detail.to_string();
    assert!(!text.contains("13800138000"), "phone leaked");
    assert!(!text.contains("张伟"), "name leaked");
    assert_eq!(detail["lock"]["failed_attempts"], 5);
    assert!(detail["lock"]["until"].as_str().is_some());
    assert!(detail["tickets"].as_array().is_some_and(|t| !t.is_empty()));
}

#[test]
fn reveal_needs_a_reason_and_is_audited() {
    let s = Server::start();
    let api = s.client("demo-agent");
    let a = api.account_by("phone=13800138000");
    let id = a["id"].as_i64().unwrap_or_default();
    let path = format!("/api/v1/accounts/{id}/reveal");
    let r = api.post(&path, json!({"field": "phone", "reason": "  "}), &[]);
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.body["error"]["code"], "reason_required");
    let r = api.post(
        &path,
        json!({"field": "phone", "reason": "来电核实手机号"}),
        &[],
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["value"], "13800138000");
    let lead = s.client("demo-lead");
    let audit = lead.get_ok(&format!("/api/v1/audit?target=account:{id}"));
    let reveal = audit["items"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|e| e["action"] == "account.reveal")
        .cloned();
    let reveal = reveal.expect("the audit trail holds the reveal");
    assert_eq!(reveal["operator"], "demo-agent");
    assert_eq!(reveal["reason"], "来电核实手机号");
    assert!(
        !reveal.to_string().contains("13800138000"),
        "the audit row does not copy the value"
    );
}

#[test]
fn reveals_are_rate_limited_per_operator() {
    let s = Server::start_with(&["--seed-demo", "--reveals-per-min", "3"]);
    let api = s.client("demo-agent");
    let id = api.account_by("phone=13800138000")["id"]
        .as_i64()
        .unwrap_or_default();
    let path = format!("/api/v1/accounts/{id}/reveal");
    for _ in 0..3 {
        assert_eq!(
            api.post(&path, json!({"field": "name", "reason": "核实"}), &[])
                .status,
            StatusCode::OK
        );
    }
    let r = api.post(&path, json!({"field": "name", "reason": "核实"}), &[]);
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers.get("retry-after").is_some());
    let other = s.client("demo-lead");
    assert_eq!(
        other
            .post(&path, json!({"field": "name", "reason": "核实"}), &[])
            .status,
        StatusCode::OK
    );
}

#[test]
fn unlock_with_if_match_and_reason_makes_the_account_active() {
    let s = Server::start();
    let api = s.client("demo-agent");
    let a = api.account_by("phone=13800138000");
    let id = a["id"].as_i64().unwrap_or_default();
    let path = format!("/api/v1/accounts/{id}/unlock");
    let tag = v(&a["version"]);
    let r = api.post(&path, json!({"reason": "已核实身份"}), &[]);
    assert_eq!(r.status, StatusCode::PRECONDITION_REQUIRED);
    let r = api.post(&path, json!({"reason": ""}), &[("If-Match", &tag)]);
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = api.post(
        &path,
        json!({"reason": "已核实身份"}),
        &[("If-Match", "\"v999\"")],
    );
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED);
    let r = api.post(
        &path,
        json!({"reason": "已核实身份"}),
        &[("If-Match", &tag)],
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["state"], "active");
    assert!(r.body["lock"].is_null());
    let r = api.post(
        &path,
        json!({"reason": "再次"}),
        &[("If-Match", &v(&r.body["version"]))],
    );
    assert_eq!(r.status, StatusCode::CONFLICT, "not locked any more");
    let lead = s.client("demo-lead");
    let audit = lead.get_ok(&format!("/api/v1/audit?target=account:{id}"));
    let unlock = audit["items"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|e| e["action"] == "account.unlock")
        .cloned()
        .expect("the audit trail holds the unlock");
    assert_eq!(unlock["reason"], "已核实身份");
    assert_eq!(unlock["before"]["state"], "locked");
    assert_eq!(unlock["after"]["state"], "active");
}

#[test]
fn only_supervisors_freeze_and_unfreeze() {
    let s = Server::start();
    let agent = s.client("demo-agent");
    let lead = s.client("demo-lead");
    let a = agent.account_by("phone=13900139000");
    let id = a["id"].as_i64().unwrap_or_default();
    let r = agent.post(
        &format!("/api/v1/accounts/{id}/freeze"),
        json!({"reason": "疑似出借账号"}),
        &[("If-Match", &v(&a["version"]))],
    );
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.body["error"]["code"], "supervisor_only");
    let r = lead.post(
        &format!("/api/v1/accounts/{id}/freeze"),
        json!({"reason": "疑似出借账号"}),
        &[("If-Match", &v(&a["version"]))],
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["state"], "frozen");
    assert_eq!(r.body["frozen_reason"], "疑似出借账号");
    let r = lead.post(
        &format!("/api/v1/accounts/{id}/unfreeze"),
        json!({"reason": "核实无误"}),
        &[("If-Match", &v(&r.body["version"]))],
    );
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["state"], "active");
}

#[test]
fn lifting_a_freeze_gives_back_the_state_the_account_had() {
    let s = Server::start();
    let lead = s.client("demo-lead");
    let a = lead.account_by("email=wujing0417@163.com");
    assert_eq!(a["state"], "unactivated");
    let id = a["id"].as_i64().unwrap_or_default();
    let r = lead.post(
        &format!("/api/v1/accounts/{id}/freeze"),
        json!({"reason": "疑似冒名注册"}),
        &[("If-Match", &v(&a["version"]))],
    );
    assert_eq!(r.body["state"], "frozen", "{}", r.body);
    let r = lead.post(
        &format!("/api/v1/accounts/{id}/unfreeze"),
        json!({"reason": "本人到场核实"}),
        &[("If-Match", &v(&r.body["version"]))],
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        r.body["state"], "unactivated",
        "never activated, so not active"
    );
}

#[test]
fn non_bmp_names_are_masked_by_character() {
    let s = Server::start();
    let api = s.client("demo-agent");
    let a = api.account_by("phone=13900139000");
    let name = a["name"].as_str().unwrap_or_default();
    assert!(name.ends_with('*'));
    let first = name.chars().next().unwrap_or(' ');
    let id = a["id"].as_i64().unwrap_or_default();
    let full = api.post(
        &format!("/api/v1/accounts/{id}/reveal"),
        json!({"field": "name", "reason": "核对生僻字"}),
        &[],
    );
    let full = full.body["value"].as_str().unwrap_or_default().to_string();
    assert!(
        full.chars().any(|c| c as u32 > 0xFFFF),
        "the story name has a non-BMP character: {full}"
    );
    assert_eq!(
        name.chars().count(),
        full.chars().count(),
        "one mark per character"
    );
    assert_eq!(full.chars().next(), Some(first));
}

#[test]
fn lookup_by_email_and_login_and_resend_activation() {
    let s = Server::start();
    let api = s.client("demo-agent");
    let a = api.account_by("email=WuJing0417%40163.com");
    assert_eq!(a["state"], "unactivated", "{a}");
    assert_eq!(a["email"], "w***@163.com");
    let by_login = api.get_ok("/api/v1/accounts?login=wujing0417%40163.com");
    assert_eq!(by_login["items"][0]["id"], a["id"]);
    let id = a["id"].as_i64().unwrap_or_default();
    let before = api.get_ok(&format!("/api/v1/accounts/{id}"));
    let r = api.post(
        &format!("/api/v1/accounts/{id}/resend-activation"),
        json!({}),
        &[],
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body["activation_sent_at"].as_str() > before["activation_sent_at"].as_str());
    let active = api.account_by("phone=13900139000");
    let r = api.post(
        &format!("/api/v1/accounts/{}/resend-activation", active["id"]),
        json!({}),
        &[],
    );
    assert_eq!(r.status, StatusCode::CONFLICT);
    let (status, _) = api.call(
        Method::GET,
        "/api/v1/accounts?email=nobody%40example.com",
        None,
        &[],
    );
    assert_eq!(status, StatusCode::OK);
}

#[test]
fn a_lookup_checks_the_session_then_the_query_then_the_lookup_limit() {
    let s = Server::start_with(&["--seed-demo", "--lookups-per-min", "2"]);
    let anon = Api::anonymous(&s.url);
    // No session: 401 whatever the query, even a malformed one.
    for q in ["phone=13800138000", "phone=12", ""] {
        let (status, body) = anon.call(Method::GET, &format!("/api/v1/accounts?{q}"), None, &[]);
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{q}: {body}");
    }
    let api = s.client("demo-agent");
    let (status, body) = api.call(Method::GET, "/api/v1/accounts?phone=12", None, &[]);
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"]["code"], "bad_phone");
    // Two lookups a minute: the third is refused, with nothing in it.
    for _ in 0..2 {
        assert_eq!(api.account_by("phone=13800138000")["state"], "locked");
    }
    let (status, body) = api.call(Method::GET, "/api/v1/accounts?phone=13800138000", None, &[]);
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert!(body.get("items").is_none(), "{body}");
    // A session ended elsewhere is refused at once, in the same read as the lookup.
    let mut other = s.client("demo-lead");
    let token = other.token.clone();
    let (status, _) = other.call(Method::DELETE, "/api/v1/session", None, &[]);
    assert!(status.is_success(), "{status}");
    other.token = token;
    let (status, _) = other.call(Method::GET, "/api/v1/accounts?phone=13800138000", None, &[]);
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
