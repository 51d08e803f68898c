//! A phone call as plain data: the timer, the caller's number and the accounts bound to
//! it, where it will be logged, and its wrap-up form.

use chrono::{DateTime, Utc};
use tui_input::Input;

use super::form::WrapUpForm;
use super::target::{self, CallerAccount, Choice, Facts, Target, TicketRef};
use crate::api::AccountSummary;
use crate::client::IdempotencyKey;
use crate::tui::context::Latest;
use crate::tui::editor::TextArea;

/// Stage of a phone call.
#[derive(Debug, Clone)]
pub enum CallPhase {
    /// Talking; the timer runs.
    Active,
    /// Hung up: the wrap-up form is open (and being sent when `sending`).
    WrapUp {
        /// When the call ended.
        ended_at: DateTime<Utc>,
        /// Code, summary and call-back time.
        form: WrapUpForm,
        /// The call is being logged (the form waits for the answer).
        sending: bool,
    },
}

/// A phone call.
#[derive(Debug, Clone)]
pub struct CallState {
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// Caller's number as typed.
    pub number: Input,
    /// The number is being typed.
    pub editing_number: bool,
    /// Normalized number, once valid.
    pub normalized: Option<String>,
    /// Accounts bound to that number (masked).
    pub matches: Vec<AccountSummary>,
    /// Newest caller lookup.
    pub pending_lookup: Latest,
    /// The ticket that was open when the call started.
    pub opened: Option<TicketRef>,
    /// The caller's account, once found (by number, in the lookup pane, or by `A`).
    pub account: Option<CallerAccount>,
    /// Newest read of the caller's account.
    pub pending_account: Latest,
    /// Where the agent chose to log it (until another account is found).
    pub choice: Option<Choice>,
    /// Where it stands.
    pub phase: CallPhase,
    /// Summary typed by the agent.
    pub summary: TextArea,
    /// Key of the call record.
    pub key: IdempotencyKey,
    /// Key of the new ticket, when one is created.
    pub ticket_key: IdempotencyKey,
}

impl CallState {
    /// What decides where the call goes.
    pub fn facts(&self) -> Facts<'_> {
        Facts {
            opened: self.opened.as_ref(),
            account: self.account.as_ref(),
        }
    }

    /// Where the call will be logged now.
    pub fn target(&self) -> Target {
        target::target(self.facts(), self.choice.as_ref())
    }

    /// The call is being logged.
    pub fn sending(&self) -> bool {
        matches!(self.phase, CallPhase::WrapUp { sending: true, .. })
    }

    /// The wrap-up form, while it is open.
    pub fn form(&self) -> Option<&WrapUpForm> {
        match &self.phase {
            CallPhase::WrapUp { form, .. } => Some(form),
            CallPhase::Active => None,
        }
    }

    /// The summary of the wrap-up form is being typed (the editor's keys apply).
    pub fn typing_summary(&self) -> bool {
        self.form()
            .is_some_and(|f| f.step == super::form::Step::Summary)
    }

    /// The wrap-up form is open and takes the keys.
    pub fn wrapping_up(&self) -> bool {
        matches!(self.phase, CallPhase::WrapUp { .. })
    }

    /// When the call ended (now, while it runs).
    pub fn end(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        match &self.phase {
            CallPhase::WrapUp { ended_at, .. } => *ended_at,
            CallPhase::Active => now,
        }
    }

    /// Length in whole seconds up to `end`.
    pub fn duration_secs(&self, now: DateTime<Utc>) -> u32 {
        let secs = (self.end(now) - self.started_at).num_seconds().max(0);
        u32::try_from(secs).unwrap_or(u32::MAX)
    }
}
