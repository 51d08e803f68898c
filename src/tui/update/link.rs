//! Probing the back office while it is unreachable, and re-reading what the desk shows
//! once it answers again.

use crate::api::OperatorInfo;
use crate::client::ClientError;
use crate::tui::action::Effect;
use crate::tui::link::{backoff, Probe};
use crate::tui::locale::Catalog;
use crate::tui::panes::reviews::update as reviews;
use crate::tui::state::{Conn, Pane, Screen, State};

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
            super::fail(s, &e)
        }
        Ok(op) => {
            s.conn = Conn::Online;
            s.probe = Probe::default();
            s.error = None;
            s.notice = Some(Catalog::new(s.lang).t("conn.back").to_string());
            if s.operator.is_none() {
                // Started while the back office was down, on a kept session.
                s.operator = Some(op);
                return super::enter_desk(s);
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
    let mut fx = super::reread_queue(s);
    fx.extend(super::reread_ticket(s));
    if s.pane == Pane::Reviews {
        fx.extend(super::in_reviews(s, reviews::refresh));
    }
    fx
}
