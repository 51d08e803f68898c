//! The phone call's update: start, the caller's number, hang-up, wrap-up and logging.

use tui_input::Input;

use super::msg::CallRequest;
use super::state::{CallPhase, CallState, WRAP_UP_CODES};
use crate::api::{AccountSummary, CallRecord, Category, Channel, NewTicket, Page};
use crate::client::{ClientError, IdempotencyKey};
use crate::config::{Binding, KeyChord, Language};
use crate::tui::choice::{PickFor, Picker};
use crate::tui::context::Ctx;
use crate::tui::editor::{handle_input, TextArea};
use crate::tui::keymap::in_text;
use crate::tui::panes::write::{PendingWrite, Write};
use crate::tui::panes::{Cmd, Link};

type Cmds = Vec<Cmd<CallRequest>>;

/// Start a call, to be logged on `ticket` (the open one) or on a new ticket.
pub fn start(call: &mut Option<CallState>, cx: &mut Ctx<'_>, ticket: Option<i64>) -> Cmds {
    if call.is_some() {
        cx.error(cx.cat().t("call.already"));
        return vec![];
    }
    *call = Some(CallState {
        started_at: cx.now,
        number: Input::default(),
        editing_number: true,
        normalized: None,
        matches: Vec::new(),
        pending_lookup: Default::default(),
        ticket,
        phase: CallPhase::Active,
        summary: TextArea::new(),
        key: IdempotencyKey::new(),
        ticket_key: IdempotencyKey::new(),
    });
    vec![]
}

/// A key typed into the caller's number.
pub fn number_key(call: &mut CallState, cx: &mut Ctx<'_>, k: KeyChord, b: Option<Binding>) -> Cmds {
    let c = cx.cat();
    match in_text(b, &k) {
        Some(Binding::Confirm) => {
            let typed = call.number.value().trim().to_string();
            if typed.is_empty() {
                call.editing_number = false;
                return vec![];
            }
            match crate::domain::phone::normalize_mobile(&typed) {
                Ok(n) => {
                    call.normalized = Some(n.clone());
                    call.editing_number = false;
                    *cx.error = None;
                    let req = call.pending_lookup.issue(cx);
                    return vec![Cmd::Run(CallRequest::FindCaller { req, phone: n })];
                }
                Err(e) => {
                    let msg = if cx.lang == Language::ZhCn {
                        e.message_zh()
                    } else {
                        e.to_string()
                    };
                    cx.error(c.tf("call.bad_number", &[("why", &msg)]));
                }
            }
        }
        Some(Binding::Cancel) => call.editing_number = false,
        _ => {
            handle_input(&mut call.number, &k);
        }
    }
    vec![]
}

/// Text pasted into the caller's number, if it is being typed.
pub fn paste(call: &mut CallState, text: &str) -> bool {
    if !call.editing_number {
        return false;
    }
    for ch in crate::sanitize::one_line_chars(text) {
        call.number.handle(tui_input::InputRequest::InsertChar(ch));
    }
    true
}

/// The accounts bound to the caller's number arrived.
pub fn caller_found(
    call: &mut CallState,
    req: u64,
    result: Result<Page<AccountSummary>, ClientError>,
) {
    if call.pending_lookup.settle(req) {
        call.matches = result.map(|p| p.items).unwrap_or_default();
    }
}

/// Hang up: the timer stops and a wrap-up code is asked for.
pub fn hang_up(call: Option<&mut CallState>, cx: &mut Ctx<'_>) -> Cmds {
    let c = cx.cat();
    let Some(call) = call else {
        cx.error(c.t("call.none"));
        return vec![];
    };
    if call.phase == CallPhase::Active {
        call.phase = CallPhase::WrapUp {
            ended_at: cx.now,
            code: None,
        };
        call.editing_number = false;
    }
    vec![Cmd::Go(Link::Pick(Picker {
        purpose: PickFor::WrapUp,
        labels: WRAP_UP_CODES
            .iter()
            .map(|code| c.t(&format!("wrapup.{code}")).to_string())
            .collect(),
        values: WRAP_UP_CODES.iter().map(|s| s.to_string()).collect(),
        selected: 0,
        scroll: 0,
    }))]
}

/// A wrap-up code was chosen: log the call.
pub fn wrap_up(call: &mut CallState, cx: &mut Ctx<'_>, code: String) -> Cmds {
    let c = cx.cat();
    let CallPhase::WrapUp { ended_at, .. } = call.phase else {
        return vec![];
    };
    let duration_secs =
        u32::try_from((ended_at - call.started_at).num_seconds().max(0)).unwrap_or(u32::MAX);
    let number = call
        .normalized
        .as_deref()
        .map(crate::domain::mask::mask_phone)
        .unwrap_or_else(|| c.t("call.unknown_number").to_string());
    let summary = if call.summary.is_blank() {
        c.tf("call.default_summary", &[("number", &number)])
    } else {
        call.summary.text()
    };
    call.phase = CallPhase::Logging { duration_secs };
    let record = CallRecord {
        duration_secs,
        wrap_up: code,
        summary: summary.clone(),
    };
    let new_ticket = match call.ticket {
        Some(_) => None,
        None => Some((
            NewTicket {
                subject: c.tf("call.subject", &[("number", &number)]),
                body: summary,
                category: Category::Other,
                channel: Channel::Phone,
                account_id: (call.matches.len() == 1).then(|| call.matches[0].id),
                priority: None,
            },
            call.ticket_key.clone(),
        )),
    };
    vec![Cmd::Run(CallRequest::Log {
        ticket: call.ticket,
        new_ticket,
        call: PendingWrite {
            ticket: call.ticket.unwrap_or(0),
            write: Write::Call(record),
            key: call.key.clone(),
        },
    })]
}

/// The call was logged (on the ticket with this id), or not.
pub fn logged(call: &mut Option<CallState>, cx: &mut Ctx<'_>, r: Result<i64, ClientError>) -> Cmds {
    match r {
        Ok(id) => {
            *call = None;
            cx.notice(
                cx.cat()
                    .tf("notice.call_logged_on", &[("id", &id.to_string())]),
            );
            vec![Cmd::Go(Link::TicketChanged(id))]
        }
        Err(e) => {
            // Back to wrap-up with the same keys: the next attempt cannot log it twice.
            if let Some(call) = call.as_mut() {
                if let CallPhase::Logging { duration_secs } = call.phase {
                    call.phase = CallPhase::WrapUp {
                        ended_at: call.started_at
                            + chrono::Duration::seconds(i64::from(duration_secs)),
                        code: None,
                    };
                }
            }
            vec![cx.failed(e)]
        }
    }
}
