//! `/events`: live updates as server-sent events.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::get;
use axum::Router;
use chrono::Utc;
use futures::stream::{self, Stream, StreamExt as _};
use tokio::sync::broadcast::error::RecvError;

use crate::api::{ErrorBody, LiveEvent};
use crate::backoffice::auth::{session_operator, Caller};
use crate::backoffice::events::Start;
use crate::backoffice::state::AppState;

/// The `/events` route.
pub fn router() -> Router<AppState> {
    Router::new().route("/events", get(stream))
}

/// How often an open stream checks that its session still stands.
const SESSION_CHECK: Duration = Duration::from_secs(5);

/// Ticket, review and account changes made through any server on this store, as
/// `text/event-stream`: first `event: ready` (subscribed; its `id:` is where the stream
/// starts), then one event per change (`event:` ticket/review/account, `id:` audit
/// sequence, `data:` JSON), and `event: resync` when this client fell behind and should
/// reload what it shows. A reconnect with `Last-Event-ID` first gets the changes it
/// missed, in order and without duplicates, or `resync` when more than
/// [`crate::backoffice::events::REPLAY_MAX`] audit rows were missed.
#[utoipa::path(get, path = "/api/v1/events", tag = "live",
    params(("Last-Event-ID" = Option<String>, Header,
        description = "resume after this event (sent by SSE clients on reconnect)")),
    responses(
        (status = 200, description = "server-sent events", content_type = "text/event-stream", body = LiveEvent),
        (status = 401, body = ErrorBody)))]
pub async fn stream(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    // Subscribed before the backlog is read, so nothing committed in between is missed.
    let rx = state.events.subscribe();
    let last = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let start = match state.events.start_for(last.as_deref()).await {
        Ok(s) => s,
        Err(e) => {
            tracing::warn!(error = %e, "live events cannot read the backlog; asking for a resync");
            Start {
                replay: Vec::new(),
                upto: 0,
                resync: true,
            }
        }
    };
    // `ready` carries where the stream starts, so a client that sees no change before the
    // link breaks still resumes from here; when replaying, the replayed ids say it.
    let mut ready = Event::default().event("ready").data("{}");
    if start.replay.is_empty() && start.upto > 0 {
        ready = ready.id(start.upto.to_string());
    }
    let mut first = vec![ready];
    if start.resync {
        first.push(resync(
            serde_json::json!({ "missed": null, "reason": "too_far_behind" }),
        ));
    }
    let (me, supervisor) = (caller.op.id.clone(), caller.is_supervisor());
    first.extend(
        start
            .replay
            .iter()
            .filter_map(|ev| ev.for_viewer(&me, supervisor))
            .map(|ev| change(&ev)),
    );
    let upto = start.upto;
    let closed = Box::pin(state.events.closed());
    let (store, token_hash) = (state.store.clone(), caller.token_hash);
    let presence = state.presence.clone();
    let mut check =
        tokio::time::interval_at(tokio::time::Instant::now() + SESSION_CHECK, SESSION_CHECK);
    check.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let changes = stream::unfold(
        (rx, closed, check),
        move |(mut rx, mut closed, mut check)| {
            let (store, token_hash, me) = (store.clone(), token_hash.clone(), me.clone());
            let presence = presence.clone();
            async move {
                loop {
                    let received = tokio::select! {
                        r = rx.recv() => r,
                        // Shutting down: end the response so the server can stop.
                        () = &mut closed => return None,
                        // Signed out, expired or disabled since: no more news of who changed what.
                        _ = check.tick() => {
                            match session_operator(&store, &token_hash, Utc::now()).await {
                                Ok(None) => return None,
                                Ok(Some(_)) => {
                                    // An open stream keeps its operator online on the team
                                    // board (written every 30 s at most).
                                    if let Err(e) = presence.seen(&store, &me).await {
                                        tracing::warn!(error = %e, "live events cannot record presence");
                                    }
                                    continue;
                                }
                                // A store hiccup is not a reason to cut a desk off.
                                Err(e) => {
                                    tracing::warn!(error = %e, "live events cannot check a session");
                                    continue;
                                }
                            }
                        }
                    };
                    let event = match received {
                        // Already replayed, or older than this subscription.
                        Ok(ev) if ev.seq <= upto => continue,
                        Ok(ev) => match ev.for_viewer(&me, supervisor) {
                            Some(ev) => change(&ev),
                            None => continue,
                        },
                        Err(RecvError::Lagged(missed)) => {
                            resync(serde_json::json!({ "missed": missed }))
                        }
                        Err(RecvError::Closed) => return None,
                    };
                    return Some((Ok(event), (rx, closed, check)));
                }
            }
        },
    );
    let first = stream::iter(first.into_iter().map(Ok));
    Sse::new(first.chain(changes)).keep_alive(KeepAlive::default())
}

fn change(ev: &LiveEvent) -> Event {
    Event::default()
        .event(ev.kind.clone())
        .id(ev.seq.to_string())
        .data(serde_json::to_string(ev).unwrap_or_default())
}

/// `data`: how many events were dropped, or why the backlog cannot be replayed.
fn resync(data: serde_json::Value) -> Event {
    Event::default().event("resync").data(data.to_string())
}
