use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::Api;
use crate::support::server::Server;

#[test]
fn sign_in_me_and_sign_out() {
    let s = Server::start();
    let api = s.client("demo-agent");
    let me = api.get_ok("/api/v1/me");
    assert_eq!(me["id"], "demo-agent");
    assert_eq!(me["roles"], json!(["agent"]));
    let (status, _) = api.call(Method::DELETE, "/api/v1/session", None, &[]);
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = api.call(Method::GET, "/api/v1/me", None, &[]);
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"]["code"], "unauthorized");
}

/// Sign in as `operator` with `password`; (status, code, Retry-After).
fn attempt(anon: &Api, operator: &str, password: &str) -> (StatusCode, String, Option<u64>) {
    let r = anon.post(
        "/api/v1/session",
        json!({"operator": operator, "password": password}),
        &[],
    );
    let retry = r
        .headers
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    let code = r.body["error"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    (r.status, code, retry)
}

/// Try until the answer is not `sign_in_delay` (polling the moment the delay ends; 10 s cap).
fn attempt_after_delay(anon: &Api, operator: &str, password: &str) -> (StatusCode, String) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (status, code, retry) = attempt(anon, operator, password);
        if code != "sign_in_delay" {
            return (status, code);
        }
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert!(retry.is_some_and(|s| s >= 1), "a delay says how long");
        assert!(
            Instant::now() < deadline,
            "the delay did not end within 10 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn after_12_wrong_passwords_from_someone_else_the_right_one_works_within_the_cap() {
    // Delays 100 ms, 200 ms, … capped at 1 s (1 s, 2 s, … 60 s by default).
    let s = Server::start_with(&[
        "--seed-demo",
        "--sign-in-delay-ms",
        "100",
        "--sign-in-delay-max-secs",
        "1",
    ]);
    let anon = Api::anonymous(&s.url);
    let (status, code, retry) = attempt(&anon, "demo-agent", "wrong-1");
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{code}");
    assert_eq!(retry, None);
    for i in 2..=12 {
        let (status, code) = attempt_after_delay(&anon, "demo-agent", &format!("wrong-{i}"));
        assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {i}: {code}");
    }
    // At once again: refused before the password is even checked, right one or not.
    let (status, code, retry) = attempt(&anon, "demo-agent", "kefu-demo");
    assert_eq!(
        (status, code.as_str()),
        (StatusCode::TOO_MANY_REQUESTS, "sign_in_delay")
    );
    assert_eq!(retry, Some(1), "the delay is at its cap of 1 s");
    // The owner waits at most the cap, then signs in.
    let started = Instant::now();
    let (status, code) = attempt_after_delay(&anon, "demo-agent", "kefu-demo");
    assert_eq!(status, StatusCode::CREATED, "{code}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    // Another operator was never affected.
    assert_eq!(
        attempt(&anon, "demo-reviewer", "kefu-demo").0,
        StatusCode::CREATED
    );
    // Every failure audited, never the password; visible to supervisors.
    let lead = s.client("demo-lead");
    let page = lead.get_ok("/api/v1/audit?target=operator:demo-agent&limit=100");
    let items = page["items"].as_array().cloned().unwrap_or_default();
    let failed: Vec<&serde_json::Value> = items
        .iter()
        .filter(|e| e["action"] == "operator.sign_in_failed")
        .collect();
    assert_eq!(failed.len(), 12, "{items:?}");
    assert_eq!(failed[0]["after"]["failures"], 12);
    assert!(
        !page.to_string().contains("wrong-"),
        "a password in the audit trail"
    );
}

#[test]
fn a_sign_in_delay_is_shared_by_every_server() {
    let s = Server::start_with(&["--seed-demo", "--sign-in-delay-ms", "30000"]);
    let s2 = Server::start_on(s.db.clone(), &["--sign-in-delay-ms", "30000"]);
    let (status, _, _) = attempt(&Api::anonymous(&s.url), "demo-agent", "wrong");
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, code, retry) = attempt(&Api::anonymous(&s2.url), "demo-agent", "kefu-demo");
    assert_eq!(
        (status, code.as_str()),
        (StatusCode::TOO_MANY_REQUESTS, "sign_in_delay")
    );
    assert!(retry.is_some_and(|r| r > 20), "{retry:?}");
}

#[test]
fn unknown_operators_are_answered_in_the_time_of_a_wrong_password() {
    let s = Server::start_with(&["--seed-demo", "--sign-in-delay-ms", "0"]);
    let anon = Api::anonymous(&s.url);
    let median = |operator: &str| {
        let mut times: Vec<Duration> = (0..7)
            .map(|i| {
                let started = Instant::now();
                let (status, code, _) = attempt(&anon, operator, &format!("wrong-{i}"));
                assert_eq!(status, StatusCode::UNAUTHORIZED, "{operator}: {code}");
                started.elapsed()
            })
            .collect();
        times.sort();
        times[3]
    };
    // Warm both paths once.
    median("demo-agent");
    let (known, unknown) = (median("demo-agent"), median("no-such-operator"));
    let ratio = known.as_secs_f64() / unknown.as_secs_f64();
    assert!(
        (1.0 / 3.0..=3.0).contains(&ratio),
        "wrong password {known:?}, unknown operator {unknown:?}"
    );
    // And the unknown id is audited too, with no hint that it is unknown.
    let lead = s.client("demo-lead");
    let page = lead.get_ok("/api/v1/audit?target=operator:no-such-operator");
    assert_eq!(page["total"], 7);
}

#[test]
fn look_alike_and_reserved_operator_ids_are_refused_on_the_command_line() {
    let s = Server::start();
    let add = |id: &str| {
        std::process::Command::new(crate::support::server::kefu_bin())
            .args(["operator", "add", id, "--name", "X", "--db"])
            .arg(s.db.url())
            .env("KEFU_PASSWORD", "a-long-enough-password")
            .output()
            .expect("run kefu operator add")
    };
    for id in [
        "DEMO-AGENT",
        "demo\u{2010}agent",
        "demo-agent\u{200b}",
        "\u{ff44}\u{ff45}\u{ff4d}\u{ff4f}-agent",
        "demo\u{1b}agent",
        "demo_agent",
        "dem0-agent",
        "system",
        "cli",
        "x",
    ] {
        let out = add(id);
        assert!(!out.status.success(), "{id:?} was accepted");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("operator id")
                || err.contains("reads the same")
                || err.contains("reserved"),
            "{id:?}: {err}"
        );
    }
    let out = add("li.wei");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = String::from_utf8_lossy(&s.kefu(&["operator", "list"]).stdout).to_string();
    assert!(list.contains("li.wei"));
    assert!(
        !list.contains("DEMO-AGENT") && !list.contains("system"),
        "{list}"
    );
}

#[test]
fn requests_without_a_token_are_401() {
    let s = Server::start();
    let anon = Api::anonymous(&s.url);
    for path in [
        "/api/v1/tickets",
        "/api/v1/accounts?phone=13800138000",
        "/api/v1/reviews",
        "/api/v1/audit",
    ] {
        let (status, body) = anon.call(Method::GET, path, None, &[]);
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}: {body}");
    }
    let mut forged = anon.clone();
    forged.token = Some("not-a-token".into());
    assert_eq!(
        forged.call(Method::GET, "/api/v1/me", None, &[]).0,
        StatusCode::UNAUTHORIZED
    );
}

#[test]
fn bad_json_is_400_in_the_error_format() {
    let s = Server::start();
    let api = s.client("demo-agent");
    let r = api.send(
        Method::POST,
        "/api/v1/tickets",
        Some(json!({"subject": 5})),
        &[],
    );
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.body["error"]["code"], "bad_json");
    let r = api.send(Method::GET, "/api/v1/tickets/abc", None, &[]);
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.body["error"]["code"], "bad_path");
}
