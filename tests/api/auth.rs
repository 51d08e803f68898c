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

#[test]
fn wrong_password_is_401_and_repeated_failures_are_throttled() {
    let s = Server::start();
    let anon = Api::anonymous(&s.url);
    let bad = json!({"operator": "demo-agent", "password": "wrong"});
    for _ in 0..5 {
        let (status, body) = anon.call(Method::POST, "/api/v1/session", Some(bad.clone()), &[]);
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    }
    let r = anon.post(
        "/api/v1/session",
        json!({"operator": "demo-agent", "password": "kefu-demo"}),
        &[],
    );
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    assert!(r.headers.get("retry-after").is_some());
    // Another operator coming through the same address is not affected.
    let r = anon.post(
        "/api/v1/session",
        json!({"operator": "demo-reviewer", "password": "kefu-demo"}),
        &[],
    );
    assert_eq!(r.status, StatusCode::CREATED);
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
