use reqwest::{Method, StatusCode};

use crate::common::Api;
use crate::support::server::Server;

/// Every endpoint of the contract: (method, path template, a concrete path to probe).
const CONTRACT: &[(&str, &str, &str)] = &[
    ("post", "/api/v1/session", "/api/v1/session"),
    ("delete", "/api/v1/session", "/api/v1/session"),
    ("get", "/api/v1/me", "/api/v1/me"),
    ("get", "/api/v1/tickets", "/api/v1/tickets"),
    ("post", "/api/v1/tickets", "/api/v1/tickets"),
    ("get", "/api/v1/tickets/{id}", "/api/v1/tickets/1"),
    ("patch", "/api/v1/tickets/{id}", "/api/v1/tickets/1"),
    (
        "post",
        "/api/v1/tickets/{id}/claim",
        "/api/v1/tickets/1/claim",
    ),
    (
        "post",
        "/api/v1/tickets/{id}/release",
        "/api/v1/tickets/1/release",
    ),
    (
        "post",
        "/api/v1/tickets/{id}/notes",
        "/api/v1/tickets/1/notes",
    ),
    (
        "post",
        "/api/v1/tickets/{id}/calls",
        "/api/v1/tickets/1/calls",
    ),
    (
        "post",
        "/api/v1/tickets/{id}/calls/{call}/reveal",
        "/api/v1/tickets/1/calls/1/reveal",
    ),
    ("get", "/api/v1/accounts", "/api/v1/accounts"),
    ("get", "/api/v1/accounts/{id}", "/api/v1/accounts/1"),
    (
        "post",
        "/api/v1/accounts/{id}/reveal",
        "/api/v1/accounts/1/reveal",
    ),
    (
        "post",
        "/api/v1/accounts/{id}/unlock",
        "/api/v1/accounts/1/unlock",
    ),
    (
        "post",
        "/api/v1/accounts/{id}/freeze",
        "/api/v1/accounts/1/freeze",
    ),
    (
        "post",
        "/api/v1/accounts/{id}/unfreeze",
        "/api/v1/accounts/1/unfreeze",
    ),
    (
        "post",
        "/api/v1/accounts/{id}/resend-activation",
        "/api/v1/accounts/1/resend-activation",
    ),
    ("get", "/api/v1/reviews", "/api/v1/reviews"),
    ("get", "/api/v1/reviews/counts", "/api/v1/reviews/counts"),
    ("post", "/api/v1/reviews", "/api/v1/reviews"),
    ("get", "/api/v1/reviews/{id}", "/api/v1/reviews/1"),
    (
        "get",
        "/api/v1/reviews/{id}/images/{which}",
        "/api/v1/reviews/1/images/document",
    ),
    (
        "put",
        "/api/v1/reviews/{id}/images/{which}",
        "/api/v1/reviews/1/images/document",
    ),
    (
        "post",
        "/api/v1/reviews/{id}/claim",
        "/api/v1/reviews/1/claim",
    ),
    (
        "post",
        "/api/v1/reviews/{id}/release",
        "/api/v1/reviews/1/release",
    ),
    (
        "post",
        "/api/v1/reviews/{id}/decision",
        "/api/v1/reviews/1/decision",
    ),
    (
        "post",
        "/api/v1/reviews/{id}/reveal",
        "/api/v1/reviews/1/reveal",
    ),
    (
        "post",
        "/api/v1/reviews/{id}/assign",
        "/api/v1/reviews/1/assign",
    ),
    (
        "post",
        "/api/v1/tickets/{id}/assign",
        "/api/v1/tickets/1/assign",
    ),
    (
        "post",
        "/api/v1/tickets/{id}/escalate",
        "/api/v1/tickets/1/escalate",
    ),
    ("get", "/api/v1/audit", "/api/v1/audit"),
    ("get", "/api/v1/team", "/api/v1/team"),
    ("get", "/api/v1/team/{operator}", "/api/v1/team/demo-agent"),
    ("get", "/api/v1/escalations", "/api/v1/escalations"),
    ("get", "/api/v1/sla", "/api/v1/sla"),
    ("get", "/api/v1/alerts", "/api/v1/alerts"),
    ("post", "/api/v1/alerts/{seq}/ack", "/api/v1/alerts/1/ack"),
    ("get", "/api/v1/events", "/api/v1/events"),
    ("get", "/healthz", "/healthz"),
    ("get", "/metrics", "/metrics"),
    ("get", "/openapi.json", "/openapi.json"),
];

#[test]
fn every_contract_endpoint_is_routed_and_in_the_openapi_document() {
    let s = Server::start();
    let anon = Api::anonymous(&s.url);
    let doc = anon.get_ok("/openapi.json");
    let mut missing = Vec::new();
    for (method, template, probe) in CONTRACT {
        if doc["paths"][*template][*method].is_null() {
            missing.push(format!("{method} {template}"));
        }
        let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap_or(Method::GET);
        let (status, body) = anon.call(m, probe, None, &[]);
        // Unauthenticated probes are refused, but never as "no such endpoint".
        assert!(
            status != StatusCode::NOT_FOUND && status != StatusCode::METHOD_NOT_ALLOWED,
            "{method} {probe} is not routed: {status} {body}"
        );
    }
    assert!(
        missing.is_empty(),
        "missing from /openapi.json: {missing:?}"
    );
    // And nothing documented is missing from the contract list.
    let documented: usize = doc["paths"].as_object().map_or(0, |p| {
        p.values()
            .map(|v| v.as_object().map_or(0, |o| o.len()))
            .sum()
    });
    assert_eq!(
        documented,
        CONTRACT.len(),
        "documented operations vs contract list"
    );
    let (status, body) = anon.call(Method::GET, "/api/v1/nothing", None, &[]);
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "not_found");
}

#[test]
fn health_and_metrics() {
    let s = Server::start();
    let anon = Api::anonymous(&s.url);
    let h = anon.get_ok("/healthz");
    assert_eq!(h["status"], "ok");
    // Also proves the suite really runs on the backend the environment asks for.
    let expected = if crate::support::server::pg_url().is_some() {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(h["store"], expected);
    let api = s.client("demo-agent");
    api.get_ok("/api/v1/tickets?limit=5");
    let (status, _) = api.call(Method::GET, "/api/v1/tickets/99999999", None, &[]);
    assert_eq!(status, StatusCode::NOT_FOUND, "the error the metrics count");
    let r = reqwest::blocking::get(format!("{}/metrics", s.url)).expect("GET /metrics");
    assert_eq!(r.status(), StatusCode::OK);
    let text = r.text().expect("the metrics text");
    assert!(
        text.contains(
            "kefu_http_requests_total{method=\"GET\",route=\"/api/v1/tickets\",status=\"200\"}"
        ),
        "{text}"
    );
    assert!(
        text.contains("kefu_http_errors_total{method=\"GET\",route=\"/api/v1/tickets/{id}\"} 1"),
        "{text}"
    );
    assert!(text.contains("kefu_http_request_duration_seconds_bucket"));
}

/// The supervisor's lists that grow say how they page.
#[test]
fn the_paged_team_lists_document_limit_and_cursor() {
    let s = Server::start();
    let doc = Api::anonymous(&s.url).get_ok("/openapi.json");
    for path in [
        "/api/v1/escalations",
        "/api/v1/sla",
        "/api/v1/team/{operator}",
        "/api/v1/team",
        "/api/v1/audit",
        "/api/v1/alerts",
    ] {
        let params: Vec<&str> = doc["paths"][path]["get"]["parameters"]
            .as_array()
            .map(|p| p.iter().filter_map(|x| x["name"].as_str()).collect())
            .unwrap_or_default();
        for name in ["limit", "cursor"] {
            assert!(
                params.contains(&name),
                "{path} documents {name}: {params:?}"
            );
        }
    }
    let schemas = &doc["components"]["schemas"];
    for (schema, field) in [
        ("Escalations", "next_cursor"),
        ("Escalations", "tickets_total"),
        ("SlaWatch", "next_cursor"),
        ("SlaWatch", "reviews_overdue_total"),
        ("TeamMemberDetail", "next_cursor"),
        ("TeamMemberDetail", "total"),
    ] {
        assert!(
            !schemas[schema]["properties"][field].is_null(),
            "{schema}.{field} is documented"
        );
    }
}
