//! `/events`: live updates as server-sent events.

use std::convert::Infallible;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::stream::{self, Stream, StreamExt as _};
use tokio::sync::broadcast::error::RecvError;

use crate::api::ErrorBody;
use crate::backoffice::auth::Caller;
use crate::backoffice::events::LiveEvent;
use crate::backoffice::state::AppState;

/// Ticket, review and account changes made through any server on this store, as
/// `text/event-stream`: first `event: ready` (subscribed), then one event per change
/// (`event:` ticket/review/account, `id:` audit sequence, `data:` JSON), and `event:
/// resync` when this client fell behind and should reload what it shows.
#[utoipa::path(get, path = "/api/v1/events", tag = "live",
    responses(
        (status = 200, description = "server-sent events", content_type = "text/event-stream", body = LiveEvent),
        (status = 401, body = ErrorBody)))]
pub async fn stream(
    State(state): State<AppState>,
    _caller: Caller,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    // Subscribed before `ready` is sent, so nothing after `ready` can be missed.
    let rx = state.events.subscribe();
    let ready = stream::once(async { Ok(Event::default().event("ready").data("{}")) });
    let changes = stream::unfold(rx, |mut rx| async move {
        let event = match rx.recv().await {
            Ok(ev) => Event::default()
                .event(ev.kind.clone())
                .id(ev.seq.to_string())
                .data(serde_json::to_string(&ev).unwrap_or_default()),
            Err(RecvError::Lagged(missed)) => Event::default()
                .event("resync")
                .data(format!("{{\"missed\":{missed}}}")),
            Err(RecvError::Closed) => return None,
        };
        Some((Ok(event), rx))
    });
    Sse::new(ready.chain(changes)).keep_alive(KeepAlive::default())
}
