//! The phone call's update: start, the caller's number and account, where it is logged,
//! hang-up, the wrap-up form and logging.

use tui_input::Input;

use super::form::{self, DueChoice, Step, WrapUpForm, CALLBACK, WRAP_UP_CODES};
use super::msg::CallRequest;
use super::state::{CallPhase, CallState};
use super::target::{self, Choice, Target, TicketRef};
use crate::api::{AccountDetail, AccountSummary, CallRecord, Category, Channel, NewTicket, Page};
use crate::client::{ClientError, IdempotencyKey};
use crate::config::{Binding, KeyChord, Language};
use crate::tui::choice::{PickFor, Picker};
use crate::tui::context::Ctx;
use crate::tui::drafts::DraftId;
use crate::tui::editor::{handle_input, TextArea};
use crate::tui::keymap::in_text;
use crate::tui::locale::Catalog;
use crate::tui::panes::write::{PendingWrite, Write};
use crate::tui::panes::{Cmd, Link};

type Cmds = Vec<Cmd<CallRequest>>;

/// Start a call; `opened` is the ticket open at the time (it counts only until the
/// caller's account is found, see [`target::target`]).
pub fn start(call: &mut Option<CallState>, cx: &mut Ctx<'_>, opened: Option<TicketRef>) -> Cmds {
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
        opened,
        account: None,
        pending_account: Default::default(),
        choice: None,
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

/// Text pasted into the call: the caller's number, the summary or the call-back time,
/// whichever is being typed.
pub fn paste(call: &mut CallState, text: &str) -> bool {
    if call.editing_number {
        for ch in crate::sanitize::one_line_chars(text) {
            call.number.handle(tui_input::InputRequest::InsertChar(ch));
        }
        return true;
    }
    let CallPhase::WrapUp { form, sending, .. } = &mut call.phase else {
        return false;
    };
    if *sending {
        return true;
    }
    match form.step {
        Step::Summary => call.summary.insert_text(text),
        Step::Due if form.due_choice() == DueChoice::Typed => {
            for ch in crate::sanitize::one_line_chars(text) {
                form.due_typed
                    .handle(tui_input::InputRequest::InsertChar(ch));
            }
        }
        _ => {}
    }
    true
}

/// The accounts bound to the caller's number arrived: one account is the caller's, and
/// its card is read for its open tickets.
pub fn caller_found(
    call: &mut CallState,
    cx: &mut Ctx<'_>,
    req: u64,
    result: Result<Page<AccountSummary>, ClientError>,
) -> Cmds {
    if !call.pending_lookup.settle(req) {
        return vec![];
    }
    call.matches = match result {
        Ok(p) => p.items,
        Err(e) => return vec![cx.failed(e)],
    };
    match call.matches.as_slice() {
        [one] => {
            let id = one.id;
            let req = call.pending_account.issue(cx);
            vec![Cmd::Run(CallRequest::LoadAccount { req, id })]
        }
        _ => vec![],
    }
}

/// The caller's account (read after the number matched it) arrived.
pub fn account_loaded(
    call: &mut CallState,
    cx: &mut Ctx<'_>,
    req: u64,
    result: Result<AccountDetail, ClientError>,
) -> Cmds {
    if !call.pending_account.settle(req) {
        return vec![];
    }
    match result {
        Ok(d) => {
            account_seen(call, &d);
            vec![]
        }
        Err(e) => vec![cx.failed(e)],
    }
}

/// An account card was read during the call (the caller's number, a lookup in the lookup
/// pane, `A` from a ticket): that account is the caller's now. Another account than
/// before drops the agent's earlier choice (it was about someone else).
pub fn account_seen(call: &mut CallState, d: &AccountDetail) {
    if call.sending() {
        return;
    }
    let a = target::caller_account(d);
    retarget(call, |call| {
        if call.account.as_ref().is_some_and(|old| old.id != a.id) {
            call.choice = None;
        }
        call.account = Some(a);
    });
}

/// The agent attached the call to a ticket (lookup `l` on a card's ticket).
pub fn attach(call: &mut CallState, t: TicketRef) {
    if !call.sending() {
        retarget(call, |c| c.choice = Some(Choice::Ticket(t)));
    }
}

/// A ticket was opened on the account during the call: the call goes on it unless the
/// agent had put it on an existing ticket.
pub fn fallback_ticket(call: &mut CallState, t: TicketRef) {
    if !call.sending() && call.target().ticket().is_none() {
        retarget(call, |c| c.choice = Some(Choice::Ticket(t)));
    }
}

/// The list of places the call can go, to pick from.
pub fn choose_target(call: Option<&CallState>, cx: &mut Ctx<'_>) -> Cmds {
    let c = cx.cat();
    let Some(call) = call else {
        cx.error(c.t("call.none"));
        return vec![];
    };
    if call.sending() {
        cx.error(c.t("error.busy"));
        return vec![];
    }
    let opts = target::options(call.facts());
    let now = call.target();
    vec![Cmd::Go(Link::Pick(Picker {
        purpose: PickFor::CallTarget,
        labels: opts.iter().map(|t| option_label(&c, call, t)).collect(),
        values: opts.iter().map(option_value).collect(),
        selected: opts.iter().position(|t| *t == now).unwrap_or(0),
        scroll: 0,
    }))]
}

/// One place in the list: "#12 忘记密码 · 账户安全 (张伟)", "new ticket for 张伟".
fn option_label(c: &Catalog, call: &CallState, t: &Target) -> String {
    match t {
        Target::Ticket(r) => {
            let category = crate::tui::locale::label(c, "category", &r.category);
            let mut label = format!("#{} {} · {category}", r.id, r.subject);
            if call.opened.as_ref().is_some_and(|o| o.id == r.id) {
                label.push_str(&format!(" · {}", c.t("call.was_open")));
            }
            label
        }
        Target::NewFor { name, .. } => c.tf("call.option_new_for", &[("name", name)]),
        Target::New => c.t("call.option_new").to_string(),
    }
}

/// A wire value for a place in the list.
fn option_value(t: &Target) -> String {
    match t.ticket() {
        Some(id) => id.to_string(),
        None => "new".to_string(),
    }
}

/// The agent picked where the call goes.
pub fn target_picked(call: &mut CallState, value: &str) {
    let opts = target::options(call.facts());
    let hit = opts.iter().find(|t| option_value(t) == value);
    if let Some(t) = hit {
        let choice = target::choice_for(t);
        retarget(call, |c| c.choice = Some(choice));
    }
}

/// Change where the call goes. A new place gets new keys: the back office binds a key to
/// its path and body, so a retry after a failed log would be refused on another ticket.
fn retarget(call: &mut CallState, change: impl FnOnce(&mut CallState)) {
    let before = call.target();
    change(call);
    if call.target() != before {
        call.key = IdempotencyKey::new();
        call.ticket_key = IdempotencyKey::new();
    }
}

/// "will be logged on #12 (张伟)", "new ticket for 张伟", "new ticket (caller unknown)".
pub fn target_text(c: &Catalog, t: &Target) -> String {
    match t {
        Target::Ticket(r) => {
            let id = r.id.to_string();
            match &r.customer {
                Some(name) => c.tf("call.on_ticket_of", &[("id", &id), ("name", name)]),
                None => c.tf("call.on_ticket", &[("id", &id)]),
            }
        }
        Target::NewFor { name, .. } => c.tf("call.new_ticket_for", &[("name", name)]),
        Target::New => c.t("call.new_ticket").to_string(),
    }
}

/// Hang up: the timer stops and the wrap-up form opens.
pub fn hang_up(call: Option<&mut CallState>, cx: &mut Ctx<'_>) -> Cmds {
    let c = cx.cat();
    let Some(call) = call else {
        cx.error(c.t("call.none"));
        return vec![];
    };
    if matches!(call.phase, CallPhase::Active) {
        call.phase = CallPhase::WrapUp {
            ended_at: cx.now,
            form: WrapUpForm::default(),
            sending: false,
        };
        call.editing_number = false;
    }
    vec![]
}

/// Columns of the summary's text in the form (the form's inner width).
pub fn summary_cols(screen_width: u16) -> usize {
    usize::from(form_width(screen_width).saturating_sub(2))
}

/// Width of the wrap-up form's box.
pub fn form_width(screen_width: u16) -> u16 {
    screen_width.saturating_sub(4).min(76)
}

/// A key in the wrap-up form.
pub fn form_key(call: &mut CallState, cx: &mut Ctx<'_>, k: KeyChord, b: Option<Binding>) -> Cmds {
    let c = cx.cat();
    let cols = summary_cols(cx.size.0);
    let CallPhase::WrapUp { form, sending, .. } = &mut call.phase else {
        return vec![];
    };
    if *sending {
        cx.error(c.t("error.busy"));
        return vec![];
    }
    match form.step {
        Step::Code => match b {
            Some(Binding::Up) => form.code = form.code.saturating_sub(1),
            Some(Binding::Down) => form.code = (form.code + 1).min(WRAP_UP_CODES.len() - 1),
            Some(Binding::Confirm) => form.step = Step::Summary,
            Some(Binding::Cancel) => {
                // Hung up by mistake: the call goes on, its timer too.
                call.phase = CallPhase::Active;
            }
            _ => {}
        },
        Step::Summary => match in_text(b, &k) {
            Some(Binding::Send) => {
                if form::needs_summary(form.code()) && call.summary.is_blank() {
                    let code = code_label(&c, form.code());
                    cx.error(c.tf("wrapup.summary_required", &[("code", &code)]));
                    return vec![];
                }
                if form.code() == CALLBACK {
                    form.step = Step::Due;
                    return vec![];
                }
                return log(call, cx, None);
            }
            Some(Binding::Close) => form.step = Step::Code,
            _ => {
                call.summary.handle(&k, cols);
            }
        },
        Step::Due => {
            let typed = form.due_choice() == DueChoice::Typed;
            let b = if typed { in_text(b, &k) } else { b };
            match b {
                Some(Binding::Up) => form.due = form.due.saturating_sub(1),
                Some(Binding::Down) => form.due = (form.due + 1).min(DueChoice::ALL.len() - 1),
                Some(Binding::Cancel) => form.step = Step::Summary,
                Some(Binding::Confirm | Binding::Send) => {
                    match form::due_at(form.due_choice(), form.due_typed.value(), cx.now) {
                        Ok(at) => return log(call, cx, Some(at)),
                        Err(p) => cx.error(c.t(p.key())),
                    }
                }
                _ if typed => {
                    handle_input(&mut form.due_typed, &k);
                }
                _ => {}
            }
        }
    }
    vec![]
}

/// A wrap-up code as its catalog label.
pub fn code_label(c: &Catalog, code: &str) -> String {
    c.t(&format!("wrapup.{code}")).to_string()
}

/// Log the call where it goes now (its keys kept across attempts: a retry replays).
fn log(
    call: &mut CallState,
    cx: &mut Ctx<'_>,
    callback_at: Option<chrono::DateTime<chrono::Utc>>,
) -> Cmds {
    let c = cx.cat();
    let duration_secs = call.duration_secs(cx.now);
    let target = call.target();
    let CallPhase::WrapUp { form, sending, .. } = &mut call.phase else {
        return vec![];
    };
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
    *sending = true;
    let record = CallRecord {
        duration_secs,
        wrap_up: form.code().to_string(),
        summary: summary.clone(),
        caller_phone: call.normalized.clone(),
        callback_at,
    };
    let new_ticket = match &target {
        Target::Ticket(_) => None,
        Target::NewFor { .. } | Target::New => Some((
            NewTicket {
                subject: c.tf("call.subject", &[("number", &number)]),
                body: summary,
                category: Category::Other,
                channel: Channel::Phone,
                account_id: target.account(),
                priority: None,
            },
            call.ticket_key.clone(),
        )),
    };
    vec![Cmd::Run(CallRequest::Log {
        ticket: target.ticket(),
        new_ticket,
        call: PendingWrite {
            ticket: target.ticket().unwrap_or(0),
            write: Write::Call(record),
            key: call.key.clone(),
        },
    })]
}

/// The call was logged (on the ticket with this id), or not: on failure the form keeps
/// everything and the next Ctrl-S sends it again with the same keys.
pub fn logged(call: &mut Option<CallState>, cx: &mut Ctx<'_>, r: Result<i64, ClientError>) -> Cmds {
    match r {
        Ok(id) => {
            *call = None;
            cx.notice(
                cx.cat()
                    .tf("notice.call_logged_on", &[("id", &id.to_string())]),
            );
            let mut cmds: Cmds = cx
                .drafts
                .forget(DraftId::Call)
                .map(Cmd::Draft)
                .into_iter()
                .collect();
            cmds.push(Cmd::Go(Link::TicketChanged(id)));
            cmds
        }
        Err(e) => {
            if let Some(CallPhase::WrapUp { sending, .. }) = call.as_mut().map(|c| &mut c.phase) {
                *sending = false;
            }
            vec![cx.failed(e)]
        }
    }
}
