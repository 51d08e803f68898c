//! Signing in, signing out on an ended session, another operator taking the desk, and
//! what a failed request means for the link.

use super::*;

/// Put an error in the status line, in plain words; a 401 sends the operator to sign in.
pub fn fail(s: &mut State, e: &ClientError) -> Vec<Effect> {
    s.error = Some(error_text(&cat(s), e));
    after_failure(s, e)
}

/// What a failed request means for the link and the session (the status line is set).
pub(super) fn after_failure(s: &mut State, e: &ClientError) -> Vec<Effect> {
    let c = cat(s);
    match e {
        ClientError::Unreachable { .. } | ClientError::Timeout { .. } => link::went_offline(s),
        _ => s.conn = Conn::Online,
    }
    if e.is_unauthorized() && s.screen == Screen::Desk {
        // Everything typed stays in the state; only the screen changes.
        s.screen = Screen::SignIn;
        s.sign_in.error = Some(c.t("signin.expired").to_string());
        s.sign_in.on_password = true;
        return vec![Effect::KeepToken(None)];
    }
    vec![]
}

pub(super) fn signed_in(
    s: &mut State,
    r: Result<crate::api::SessionResponse, ClientError>,
) -> Vec<Effect> {
    s.sign_in.busy = false;
    match r {
        Ok(session) => {
            if s.operator
                .as_ref()
                .is_some_and(|o| o.id != session.operator.id)
            {
                other_operator(s);
            }
            s.operator = Some(session.operator);
            s.sign_in.password = Input::default();
            s.sign_in.error = None;
            let mut fx = vec![Effect::KeepToken(Some(session.token))];
            fx.extend(enter_desk(s));
            fx
        }
        Err(e) => {
            let c = cat(s);
            s.sign_in.error = Some(if e.is_unauthorized() {
                c.t("signin.wrong").to_string()
            } else {
                error_text(&c, &e)
            });
            s.screen = Screen::SignIn;
            vec![]
        }
    }
}

/// Another operator signed in on this desk: nothing the previous one had in front of them
/// stays (a revealed value, a review's photos, a call, their filters), and what they typed
/// stays in their own drafts folder. The new operator starts on a fresh queue.
pub(super) fn other_operator(s: &mut State) {
    drafts::other_operator(s);
    s.queue = Default::default();
    s.detail = None;
    s.call = None;
    s.overlay = None;
    s.lookup = Default::default();
    s.team = Default::default();
    s.reviews = ReviewsState {
        graphics: s.reviews.graphics,
        // Photos drawn by a terminal image protocol stay until cleared.
        clear_graphics: true,
        ..Default::default()
    };
    s.pane = Pane::Queue;
    s.notice = None;
}

/// Show the desk to the signed-in operator and load what it shows.
pub fn enter_desk(s: &mut State) -> Vec<Effect> {
    s.screen = Screen::Desk;
    s.conn = Conn::Online;
    s.error = None;
    let mut fx = reread_queue(s);
    if let Some(op) = &s.operator {
        fx.push(Effect::Drafts(crate::tui::drafts::DraftEffect::Load {
            operator: op.id.clone(),
        }));
    }
    // A new session: the stream (stopped by a 401, or never started) follows it.
    fx.push(Effect::LiveStart);
    if !s.started {
        s.started = true;
        let first = s.first_pane();
        if first != s.pane {
            fx.extend(super::keys::switch_pane(s, first));
        }
    }
    // Back from an expired session: re-read the open ticket; the editor text stays.
    fx.extend(reread_ticket(s));
    if s.is_supervisor() {
        // Open alerts show on the team tab from the start.
        fx.extend(in_team(s, team::load_alerts));
    }
    fx
}
