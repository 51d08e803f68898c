//! The runner's background task that keeps the event stream open while signed in:
//! `Live(Up)` once subscribed, `LiveEvent` per change, `Live(Down)` when it breaks, then
//! it reconnects with backoff and `Last-Event-ID`. On 401 it stops; the next sign-in
//! starts it again (and resumes from the same last id).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::client::{jitter, reconnect_delay, Client, LiveMessage, IDLE, RECONNECT_MAX};
use crate::tui::action::Action;
use crate::tui::live::LiveStatus;

/// The subscription owned by the runner.
#[derive(Debug, Default)]
pub struct LiveTask {
    handle: Option<JoinHandle<()>>,
    /// Last event id received, kept across restarts so a new session resumes.
    last_id: Arc<Mutex<Option<String>>>,
}

impl LiveTask {
    /// (Re)start the subscription with the client's current token.
    pub fn start(&mut self, client: Client, tx: UnboundedSender<Action>) {
        self.stop();
        let last = self.last_id.clone();
        self.handle = Some(tokio::spawn(run(client, tx, last, IDLE)));
    }

    /// Stop the subscription.
    pub fn stop(&mut self) {
        if let Some(h) = self.handle.take() {
            h.abort();
        }
    }
}

impl Drop for LiveTask {
    fn drop(&mut self) {
        self.stop();
    }
}

fn get(last: &Mutex<Option<String>>) -> Option<String> {
    last.lock().unwrap_or_else(|p| p.into_inner()).clone()
}

fn set(last: &Mutex<Option<String>>, id: Option<&str>) {
    *last.lock().unwrap_or_else(|p| p.into_inner()) = id.map(str::to_string);
}

/// Keep a subscription until the desk goes away or the session is refused.
pub async fn run(
    client: Client,
    tx: UnboundedSender<Action>,
    last: Arc<Mutex<Option<String>>>,
    idle: Duration,
) {
    let mut reported: Option<LiveStatus> = None;
    let report = |st: LiveStatus, reported: &mut Option<LiveStatus>| {
        if *reported != Some(st) {
            *reported = Some(st);
            return tx.send(Action::Live(st)).is_ok();
        }
        !tx.is_closed()
    };
    let mut failures: u32 = 0;
    loop {
        let resume = get(&last);
        match client.live_events(resume.as_deref(), idle).await {
            Ok(mut stream) => {
                let opened = Instant::now();
                let why = loop {
                    let msg = match stream.next().await {
                        Ok(Some(m)) => m,
                        Ok(None) => break "ended by the server".to_string(),
                        Err(e) => break e.to_string(),
                    };
                    // Kept before the desk hears of it: a restart resumes after it.
                    set(&last, stream.last_event_id());
                    let sent = match msg {
                        LiveMessage::Ready => {
                            let mut ok = report(LiveStatus::Up, &mut reported);
                            // A first subscription may have missed changes made between
                            // the desk's first reads and now: re-read what is shown.
                            if resume.is_none() {
                                ok &= tx.send(Action::LiveResync).is_ok();
                            }
                            ok
                        }
                        LiveMessage::Change(ev) => tx.send(Action::LiveEvent(ev)).is_ok(),
                        LiveMessage::Resync => tx.send(Action::LiveResync).is_ok(),
                    };
                    if !sent {
                        return;
                    }
                };
                tracing::info!(%why, "live updates interrupted; reconnecting");
                // A stream that lived a while was a success: start the backoff over. One
                // that dies at once (a proxy cutting it) keeps backing off.
                if opened.elapsed() >= RECONNECT_MAX {
                    failures = 0;
                }
            }
            Err(e) if e.is_unauthorized() => {
                tracing::info!("live updates stop: the session is no longer valid");
                report(LiveStatus::Down, &mut reported);
                return;
            }
            Err(e) => tracing::debug!(error = %e, "live updates cannot subscribe"),
        }
        if !report(LiveStatus::Down, &mut reported) {
            return;
        }
        failures = failures.saturating_add(1);
        tokio::time::sleep(reconnect_delay(failures, jitter())).await;
    }
}
