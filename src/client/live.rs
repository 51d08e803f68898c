//! `GET /events`: the live-update stream, read as it arrives, with the last event id
//! kept so that a reconnect resumes where the broken stream stopped.

use std::collections::VecDeque;
use std::time::Duration;

use reqwest::header::{ACCEPT, AUTHORIZATION, CACHE_CONTROL};

use super::error::ClientError;
use super::sse::{Frame, Parser};
use super::transport::api_error;
use super::Client;
use crate::api::{LiveEvent, PREFIX};

/// Silence after which a stream counts as broken: the server sends a keep-alive every
/// 15 s, so three missed ones mean the link is gone even if TCP has not noticed.
pub const IDLE: Duration = Duration::from_secs(45);
/// First wait before reconnecting; doubled after each failed attempt.
pub const RECONNECT_MIN: Duration = Duration::from_secs(1);
/// Longest wait before reconnecting.
pub const RECONNECT_MAX: Duration = Duration::from_secs(30);

/// What the stream says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveMessage {
    /// Subscribed: every later change will arrive.
    Ready,
    /// A ticket, review or account changed.
    Change(LiveEvent),
    /// Events were lost (this client fell behind, or missed too much while away): reload
    /// what is shown.
    Resync,
}

/// An open event stream.
#[derive(Debug)]
pub struct LiveStream {
    resp: reqwest::Response,
    parser: Parser,
    frames: VecDeque<Frame>,
    idle: Duration,
}

impl LiveStream {
    /// The next message; `Ok(None)` when the server ended the stream, `Err` when the
    /// link broke or stayed silent longer than the idle limit.
    pub async fn next(&mut self) -> Result<Option<LiveMessage>, ClientError> {
        loop {
            while let Some(frame) = self.frames.pop_front() {
                if let Some(m) = message(&frame) {
                    return Ok(Some(m));
                }
            }
            let chunk = tokio::time::timeout(self.idle, self.resp.chunk())
                .await
                .map_err(|_| ClientError::Timeout {
                    secs: self.idle.as_secs(),
                })?
                .map_err(|e| ClientError::Unreachable {
                    url: self.resp.url().to_string(),
                    detail: e.to_string(),
                })?;
            let Some(chunk) = chunk else {
                return Ok(None);
            };
            let frames = self
                .parser
                .push(&chunk)
                .map_err(|e| ClientError::Decode(e.to_string()))?;
            self.frames.extend(frames);
        }
    }

    /// The id of the last event received (send it as `Last-Event-ID` to resume).
    pub fn last_event_id(&self) -> Option<&str> {
        self.parser.last_id()
    }
}

/// The message of one frame; unknown event names (added later to the contract) and
/// undecodable changes are skipped, so one odd event cannot break the stream for good.
fn message(frame: &Frame) -> Option<LiveMessage> {
    match frame.event.as_str() {
        "ready" => Some(LiveMessage::Ready),
        "resync" => Some(LiveMessage::Resync),
        // `security.alert` reaches supervisors only (the server filters by role).
        "ticket" | "review" | "account" | "security.alert" => {
            match super::transport::display_safe(frame.data.as_bytes()) {
                Ok(ev) => Some(LiveMessage::Change(ev)),
                Err(e) => {
                    tracing::warn!(error = %e, event = %frame.event, "undecodable live event skipped");
                    None
                }
            }
        }
        _ => None,
    }
}

impl Client {
    /// `GET /events`: open the live-update stream with the session token. With
    /// `last_event_id` the server first replays what was missed since then. No request
    /// timeout applies (the stream is meant to stay open); `idle` is how long it may stay
    /// silent before [`LiveStream::next`] gives up on it.
    pub async fn live_events(
        &self,
        last_event_id: Option<&str>,
        idle: Duration,
    ) -> Result<LiveStream, ClientError> {
        let url = format!("{}{}/events", self.base, PREFIX);
        let mut req = self
            .stream_http()?
            .get(&url)
            .header(ACCEPT, "text/event-stream")
            .header(CACHE_CONTROL, "no-cache");
        if let Some(token) = self.token() {
            req = req.header(AUTHORIZATION, format!("Bearer {token}"));
        }
        if let Some(id) = last_event_id {
            req = req.header("Last-Event-ID", id);
        }
        // Connecting and the first answer are bounded like any other request.
        let resp = tokio::time::timeout(self.timeout, req.send())
            .await
            .map_err(|_| ClientError::Timeout {
                secs: self.timeout.as_secs(),
            })?
            .map_err(|e| self.transport_error(&e))?;
        let status = resp.status();
        if !status.is_success() {
            let body = tokio::time::timeout(self.timeout, resp.bytes())
                .await
                .ok()
                .and_then(Result::ok)
                .unwrap_or_default();
            return Err(api_error(status, &body));
        }
        Ok(LiveStream {
            resp,
            parser: Parser::resuming(last_event_id.map(str::to_string)),
            frames: VecDeque::new(),
            idle,
        })
    }
}

/// How long to wait before reconnect attempt number `failures` (1-based): 1 s doubling
/// up to 30 s, scaled by `jitter` in [0, 1] into the upper half of that span, so that
/// desks cut off together do not all come back in the same instant.
pub fn reconnect_delay(failures: u32, jitter: f64) -> Duration {
    let base = RECONNECT_MIN
        .saturating_mul(2u32.saturating_pow(failures.saturating_sub(1)))
        .min(RECONNECT_MAX);
    base.mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0))
}

/// A random number in [0, 1] for [`reconnect_delay`].
pub fn jitter() -> f64 {
    let mut b = [0u8; 2];
    if getrandom::fill(&mut b).is_err() {
        // No OS randomness: the clock's nanoseconds spread desks well enough.
        let n = chrono::Utc::now().timestamp_subsec_nanos();
        return f64::from(n % 1000) / 999.0;
    }
    f64::from(u16::from_le_bytes(b)) / f64::from(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reconnect_waits_double_up_to_thirty_seconds_with_jitter() {
        let s = |n, j| reconnect_delay(n, j).as_secs_f64();
        assert_eq!(s(1, 1.0), 1.0);
        assert_eq!(s(1, 0.0), 0.5);
        assert_eq!(s(2, 1.0), 2.0);
        assert_eq!(s(5, 1.0), 16.0);
        assert_eq!(s(6, 1.0), 30.0);
        assert_eq!(s(60, 1.0), 30.0);
        assert_eq!(s(60, 0.0), 15.0);
        for _ in 0..100 {
            let j = jitter();
            assert!((0.0..=1.0).contains(&j), "{j}");
        }
    }

    #[test]
    fn frames_become_messages_and_unknown_ones_are_skipped() {
        let f = |event: &str, data: &str| Frame {
            event: event.into(),
            data: data.into(),
            id: None,
        };
        assert_eq!(message(&f("ready", "{}")), Some(LiveMessage::Ready));
        assert_eq!(message(&f("resync", "{}")), Some(LiveMessage::Resync));
        let data = r#"{"seq":5,"kind":"ticket","id":9,"action":"ticket.claim","operator":"a","at":"2026-01-01T00:00:00Z"}"#;
        let Some(LiveMessage::Change(ev)) = message(&f("ticket", data)) else {
            panic!("a change");
        };
        assert_eq!((ev.seq, ev.id, ev.kind.as_str()), (5, 9, "ticket"));
        assert_eq!(message(&f("ticket", "not json")), None);
        assert_eq!(message(&f("message", "{}")), None);
        assert_eq!(message(&f("invoice", data)), None);
        let alert = r#"{"seq":7,"kind":"security.alert","id":7,"action":"security.lookup_misses","operator":"a","at":"2026-01-01T00:00:00Z"}"#;
        assert!(matches!(
            message(&f("security.alert", alert)),
            Some(LiveMessage::Change(ev)) if ev.kind == "security.alert"
        ));
    }
}
