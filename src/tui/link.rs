//! The link to the back office: when a request cannot reach it the desk says so in the
//! title bar and probes in the background (1 s, 2 s, 4 s … up to 15 s apart) until it
//! answers, then re-reads what is on screen. Nothing shown or typed is touched meanwhile.

use chrono::{DateTime, Duration, Utc};

use super::action::Effect;
use super::locale::Catalog;
use super::panes::reviews::update as reviews;
use super::state::{Conn, Pane, Screen, State};
use crate::api::OperatorInfo;
use crate::client::ClientError;

/// Longest wait between two probes.
const MAX_BACKOFF_SECS: i64 = 15;

/// Background probing while offline.
#[derive(Debug, Clone, Default)]
pub struct Probe {
    /// Probes that failed since the link went down.
    pub attempt: u32,
    /// When the next probe is due.
    pub next_at: Option<DateTime<Utc>>,
    /// A probe is in flight.
    pub in_flight: bool,
}

fn backoff(attempt: u32) -> Duration {
    Duration::seconds((1_i64 << attempt.min(4)).min(MAX_BACKOFF_SECS))
}

/// A request could not reach the back office.
pub fn went_offline(s: &mut State) {
    if s.conn != Conn::Offline {
        s.conn = Conn::Offline;
        s.probe = Probe {
            attempt: 0,
            next_at: Some(s.now + backoff(0)),
            in_flight: false,
        };
    }
}

/// Clock tick: probe when one is due.
pub fn tick(s: &mut State) -> Vec<Effect> {
    let due = s.conn == Conn::Offline
        && !s.probe.in_flight
        && s.probe.next_at.is_none_or(|at| s.now >= at);
    if !due {
        return vec![];
    }
    s.probe.in_flight = true;
    vec![Effect::Probe]
}

/// A probe answered.
pub fn probed(s: &mut State, result: Result<OperatorInfo, ClientError>) -> Vec<Effect> {
    s.probe.in_flight = false;
    match result {
        Err(ClientError::Unreachable { .. } | ClientError::Timeout { .. }) => {
            s.probe.attempt = s.probe.attempt.saturating_add(1);
            s.probe.next_at = Some(s.now + backoff(s.probe.attempt));
            vec![]
        }
        // Any answer, even a refusal, means the back office is there again.
        Err(e) => {
            s.conn = Conn::Online;
            s.probe = Probe::default();
            if e.is_unauthorized() && s.operator.is_none() {
                // Started on a kept session that has since expired: sign in afresh.
                let c = Catalog::new(s.lang);
                s.sign_in.error = Some(c.t("signin.expired").to_string());
                s.sign_in.on_password = true;
                return vec![Effect::KeepToken(None)];
            }
            super::update::fail(s, &e)
        }
        Ok(op) => {
            s.conn = Conn::Online;
            s.probe = Probe::default();
            s.error = None;
            s.notice = Some(Catalog::new(s.lang).t("conn.back").to_string());
            if s.operator.is_none() {
                // Started while the back office was down, on a kept session.
                s.operator = Some(op);
                return super::update::enter_desk(s);
            }
            reread(s)
        }
    }
}

/// Re-read what the desk shows (after the link came back).
fn reread(s: &mut State) -> Vec<Effect> {
    if s.screen != Screen::Desk {
        return vec![];
    }
    let mut fx = super::update::reread_queue(s);
    fx.extend(super::update::reread_ticket(s));
    if s.pane == Pane::Reviews {
        fx.extend(super::update::in_reviews(s, reviews::refresh));
    }
    fx
}

/// The title-bar text for the link state.
pub fn label(s: &State, c: &Catalog) -> String {
    match s.conn {
        Conn::Connecting => c.t("conn.connecting").to_string(),
        Conn::Online => c.t("conn.online").to_string(),
        Conn::Offline if s.probe.in_flight => c.t("conn.retrying").to_string(),
        Conn::Offline => {
            let secs = s
                .probe
                .next_at
                .map_or(0, |at| (at - s.now).num_seconds().max(0));
            c.tf("conn.offline", &[("secs", &secs.to_string())])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_fifteen_seconds() {
        let secs: Vec<i64> = (0..7).map(|a| backoff(a).num_seconds()).collect();
        assert_eq!(secs, [1, 2, 4, 8, 15, 15, 15]);
    }
}
