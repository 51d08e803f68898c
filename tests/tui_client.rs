//! The API client against a real HTTP server (axum on 127.0.0.1) that plays the contract.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use kefu::api::{NoteRequest, TicketPatch, TicketQuery, Visibility};
use kefu::client::{Client, ClientError, ClientOptions, IdempotencyKey, RetryPolicy};

#[derive(Default)]
struct Seen {
    gets: AtomicU32,
    patches: AtomicU32,
    notes: AtomicU32,
    headers: Mutex<Vec<(String, String)>>,
    query: Mutex<String>,
}

fn err(status: StatusCode, code: &str) -> axum::response::Response {
    (
        status,
        Json(serde_json::json!({"error": {"code": code, "message": "m"}})),
    )
        .into_response()
}

async fn start() -> (String, Arc<Seen>) {
    let seen = Arc::new(Seen::default());
    let app = Router::new()
        .route(
            "/api/v1/tickets",
            get(
                |State(s): State<Arc<Seen>>, headers: HeaderMap, uri: axum::http::Uri| async move {
                    *s.query.lock().unwrap() = uri.query().unwrap_or_default().to_string();
                    if let Some(a) = headers.get("authorization") {
                        s.headers
                            .lock()
                            .unwrap()
                            .push(("authorization".into(), a.to_str().unwrap().into()));
                    }
                    // First answer is "busy, retry in 0 s"; the retry gets the page.
                    if s.gets.fetch_add(1, Ordering::SeqCst) == 0 {
                        return (
                            StatusCode::SERVICE_UNAVAILABLE,
                            [("retry-after", "0")],
                            Json(serde_json::json!({"error":{"code":"busy","message":"m"}})),
                        )
                            .into_response();
                    }
                    Json(serde_json::json!({"items": [], "next_cursor": null, "total": 0}))
                        .into_response()
                },
            ),
        )
        .route(
            "/api/v1/tickets/{id}",
            patch(
                |State(s): State<Arc<Seen>>, headers: HeaderMap| async move {
                    s.patches.fetch_add(1, Ordering::SeqCst);
                    let m = headers
                        .get("if-match")
                        .map(|v| v.to_str().unwrap().to_string())
                        .unwrap_or_default();
                    s.headers.lock().unwrap().push(("if-match".into(), m));
                    err(StatusCode::PRECONDITION_FAILED, "stale")
                },
            ),
        )
        .route(
            "/api/v1/tickets/{id}/notes",
            post(
                |State(s): State<Arc<Seen>>, headers: HeaderMap| async move {
                    let k = headers
                        .get("idempotency-key")
                        .map(|v| v.to_str().unwrap().to_string())
                        .unwrap_or_default();
                    s.headers.lock().unwrap().push(("key".into(), k));
                    if s.notes.fetch_add(1, Ordering::SeqCst) == 0 {
                        return err(StatusCode::BAD_GATEWAY, "upstream");
                    }
                    Json(serde_json::json!({"id": 1})).into_response()
                },
            ),
        )
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, seen)
}

fn client(url: &str) -> Client {
    let mut o = ClientOptions::new(url);
    o.retry = RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(20),
    };
    Client::new(o).unwrap()
}

#[tokio::test]
async fn get_is_retried_after_503_and_sends_bearer_and_query() {
    let (url, seen) = start().await;
    let c = client(&url);
    c.set_token(Some("tok".into()));
    let q = TicketQuery {
        status: Some("new,open".into()),
        assignee: Some("me".into()),
        ..Default::default()
    };
    let page = c.tickets(&q).await.unwrap();
    assert_eq!(page.total, 0);
    assert_eq!(seen.gets.load(Ordering::SeqCst), 2);
    let q = seen.query.lock().unwrap().clone();
    assert!(
        q.contains("status=new%2Copen") && q.contains("assignee=me"),
        "{q}"
    );
    assert!(!q.contains("category"), "absent filters are not sent: {q}");
    assert!(seen
        .headers
        .lock()
        .unwrap()
        .contains(&("authorization".into(), "Bearer tok".into())));
}

#[tokio::test]
async fn stale_patch_is_not_retried_and_sends_if_match() {
    let (url, seen) = start().await;
    let c = client(&url);
    let e = c
        .patch_ticket(7, 4, &TicketPatch::default())
        .await
        .unwrap_err();
    assert!(e.is_stale(), "{e:?}");
    assert_eq!(seen.patches.load(Ordering::SeqCst), 1);
    assert!(seen
        .headers
        .lock()
        .unwrap()
        .contains(&("if-match".into(), "\"v4\"".into())));
}

#[tokio::test]
async fn keyed_post_is_retried_with_the_same_key() {
    let (url, seen) = start().await;
    let c = client(&url);
    let key = IdempotencyKey::from_string("k-1");
    let note = NoteRequest {
        body: "called back".into(),
        visibility: Visibility::Internal,
    };
    c.add_note(7, &note, &key).await.unwrap();
    assert_eq!(seen.notes.load(Ordering::SeqCst), 2);
    let keys: Vec<_> = seen
        .headers
        .lock()
        .unwrap()
        .iter()
        .filter(|(n, _)| n == "key")
        .map(|(_, v)| v.clone())
        .collect();
    assert_eq!(keys, vec!["k-1".to_string(), "k-1".to_string()]);
}

#[tokio::test]
async fn nobody_listening_is_unreachable() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let mut o = ClientOptions::new(&url);
    o.retry = RetryPolicy::none();
    let c = Client::new(o).unwrap();
    let e = c.me().await.unwrap_err();
    assert!(matches!(e, ClientError::Unreachable { .. }), "{e:?}");
}

#[test]
fn remote_plain_http_is_refused() {
    let e = Client::new(ClientOptions::new("http://kefu.example.cn")).unwrap_err();
    assert!(matches!(e, ClientError::Setup(_)));
}
