//! A running call as a draft: written as it changes (and every few seconds while the
//! timer runs), so a call cut off by a crash, a closed window or Ctrl-C is offered back
//! on the next start with the duration up to when it was last saved.

use chrono::{DateTime, Utc};
use tui_input::Input;

use super::form::WrapUpForm;
use super::state::{CallPhase, CallState};
use crate::client::IdempotencyKey;
use crate::tui::drafts::call::{CallDraft, ALIVE_STEP_SECS};
use crate::tui::drafts::Draft;
use crate::tui::editor::TextArea;

/// The call as a draft at `now` (its own key is the draft's key).
pub fn of(call: &CallState, now: DateTime<Utc>) -> (CallDraft, String) {
    let step = ALIVE_STEP_SECS.max(1);
    let alive = DateTime::from_timestamp(now.timestamp() - now.timestamp().rem_euclid(step), 0)
        .unwrap_or(now)
        .max(call.started_at);
    let (ended_at, code) = match &call.phase {
        CallPhase::Active => (None, None),
        CallPhase::WrapUp { ended_at, form, .. } => {
            (Some(*ended_at), Some(form.code().to_string()))
        }
    };
    let d = CallDraft {
        started_at: call.started_at,
        alive_at: ended_at.unwrap_or(alive),
        ended_at,
        number: call.number.value().to_string(),
        normalized: call.normalized.clone(),
        opened: call.opened.clone(),
        account: call.account.clone(),
        choice: call.choice.clone(),
        code,
        summary: call.summary.text(),
        ticket_key: call.ticket_key.as_str().to_string(),
    };
    (d, call.key.as_str().to_string())
}

/// A saved call put back, hung up at the last moment it was seen, its wrap-up form open.
pub fn restore(d: &CallDraft, draft: &Draft) -> CallState {
    let mut summary = TextArea::new();
    summary.insert_text(&d.summary);
    CallState {
        started_at: d.started_at,
        number: Input::new(d.number.clone()),
        editing_number: false,
        normalized: d.normalized.clone(),
        matches: Vec::new(),
        pending_lookup: Default::default(),
        opened: d.opened.clone(),
        account: d.account.clone(),
        pending_account: Default::default(),
        choice: d.choice.clone(),
        phase: CallPhase::WrapUp {
            ended_at: d.ended_at.unwrap_or(d.alive_at),
            form: d
                .code
                .as_deref()
                .map(WrapUpForm::with_code)
                .unwrap_or_default(),
            sending: false,
        },
        summary,
        key: IdempotencyKey::from_string(draft.key.clone()),
        ticket_key: IdempotencyKey::from_string(d.ticket_key.clone()),
    }
}
