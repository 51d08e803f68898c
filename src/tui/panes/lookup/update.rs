//! The lookup pane's update: entering the pane, the input, and the commands on the
//! results and the card. Pure: I/O leaves as a [`Request`] in a [`Cmd::Run`].

use chrono::{DateTime, Utc};
use tui_input::{Input, InputRequest};

use super::modals;
use super::msg::{CopyTarget, Op, OpKind, Request};
use super::state::{
    card_lines, CardLine, ClaimForm, LookupState, Menu, Modal, ReasonFor, ReasonForm, RebindForm,
};
use super::words;
use crate::api::{AccountDetail, AccountState, Category};
use crate::client::{AccountAction, IdempotencyKey};
use crate::config::{Binding, KeyChord, Scope};
use crate::domain::lookup_query::QueryKind;
use crate::sanitize::one_line_chars;
use crate::tui::context::Ctx;
use crate::tui::drafts::{AccountForm, DraftBody, DraftId};
use crate::tui::editor::handle_input;
use crate::tui::keymap::in_text;
use crate::tui::locale::label;
use crate::tui::panes::{CallLink, Cmd, Link};

/// What the pane's update returns.
pub type Cmds = Vec<Cmd<Request>>;

// ---------------------------------------------------------------- entry points

/// The pane was entered: a caller's number from the current call arrives pre-filled.
pub fn entered(l: &mut LookupState, cx: &mut Ctx, call: Option<&CallLink>) -> Cmds {
    if let Some(n) = call.and_then(|c| c.number.clone()) {
        if l.prefilled.as_deref() != Some(n.as_str()) {
            l.prefilled = Some(n.clone());
            l.input = Input::new(n);
            l.modal = None;
            let cmds = input_changed(l, cx);
            l.editing = false;
            return cmds;
        }
    }
    if l.results.is_empty() && l.card.is_none() {
        l.editing = true;
    }
    vec![]
}

/// Show account `id`'s card (a link from a ticket, or the way back to it): what was
/// searched before gives way, and the card's keys act at once.
pub fn show_account(l: &mut LookupState, cx: &mut Ctx, id: i64) -> Cmds {
    l.modal = None;
    l.editing = false;
    if l.card.as_ref().is_some_and(|d| d.summary.id == id) {
        return vec![];
    }
    l.pending.forget();
    l.shown_for = None;
    l.results.clear();
    l.selected = 0;
    l.card = None;
    l.revealed = None;
    l.stale = None;
    l.input = Input::default();
    l.recognition = Default::default();
    load_card(l, cx, id)
}

/// Pasted text goes into the input or the focused form field.
pub fn paste(l: &mut LookupState, cx: &mut Ctx, text: &str) -> Cmds {
    let chars = one_line_chars(text);
    let field = match l.modal.as_mut() {
        Some(Modal::Reason(f)) => &mut f.text,
        Some(Modal::Rebind(f)) if f.focus == 0 => &mut f.number,
        Some(Modal::Rebind(f)) => &mut f.note,
        Some(Modal::Claim(f)) => &mut f.note,
        Some(_) => return vec![],
        None => {
            l.editing = true;
            &mut l.input
        }
    };
    chars.for_each(|ch| {
        field.handle(InputRequest::InsertChar(ch));
    });
    if l.modal.is_some() {
        return vec![];
    }
    input_changed(l, cx)
}

/// A clock tick: hide a revealed value when its time is up. Returns whether to redraw.
pub fn tick(l: &mut LookupState, now: DateTime<Utc>) -> bool {
    match &l.revealed {
        Some(r) if now >= r.until => {
            l.revealed = None;
            true
        }
        Some(_) => true,
        None => false,
    }
}

/// The keys the footer offers on this pane, most important first: the footer drops the
/// last ones when the line is too narrow (help keeps its place).
pub fn hints(l: &LookupState, supervisor: bool, call: Option<&CallLink>) -> Vec<Binding> {
    if l.typing() {
        return vec![];
    }
    let mut v = Vec::new();
    if let Some(d) = &l.card {
        // During a call, logging it on this account is what the agent came here for.
        if call.is_some() {
            v.push(Binding::AttachCall);
        }
        match d.summary.state {
            AccountState::Locked => v.push(Binding::Unlock),
            AccountState::Unactivated => v.push(Binding::ResendActivation),
            AccountState::Frozen if supervisor => v.push(Binding::Unfreeze),
            _ => {}
        }
        if l.selected_line().is_some() {
            v.push(Binding::Open);
        }
        // Checking the caller against the full value comes before acting on the account.
        v.push(Binding::Reveal);
        v.push(Binding::NewTicket);
        v.push(Binding::PhoneRebind);
        if !d.same_identity.is_empty() {
            v.push(Binding::IdentityClaim);
        }
        if super::attach::target_review(d, "", true).is_some() {
            v.push(Binding::AttachEvidence);
        }
        v.push(Binding::Back);
        v.push(Binding::Filter);
        v.push(Binding::CopyAccountId);
    } else if !l.results.is_empty() {
        v.extend([
            Binding::Open,
            Binding::IdentityClaim,
            Binding::CopyAccountId,
        ]);
        v.push(Binding::Filter);
    } else {
        v.extend([Binding::Filter, Binding::NextPane]);
    }
    v.push(Binding::Help);
    v
}

// ---------------------------------------------------------------- the input

/// The input changed: recognise it again; a complete mobile or ID is searched at once,
/// and any answer to an older query is dropped.
fn input_changed(l: &mut LookupState, cx: &mut Ctx) -> Cmds {
    l.recognition = words::recognize(l.input.value(), cx.today, &cx.cat());
    let r = &l.recognition;
    let current = r.kind.zip(r.ready.clone());
    if l.shown_for.as_ref() == current.as_ref() && current.is_some() {
        return vec![];
    }
    let eager = r.eager;
    // What is on screen no longer answers what is typed.
    l.pending.forget();
    l.pending_card.forget();
    l.shown_for = None;
    l.results.clear();
    l.card = None;
    l.revealed = None;
    l.stale = None;
    match current {
        Some((kind, value)) if eager => search(l, cx, kind, value),
        _ => vec![],
    }
}

/// Search accounts; a newer search supersedes this one.
pub(super) fn search(l: &mut LookupState, cx: &mut Ctx, kind: QueryKind, value: String) -> Cmds {
    let req = l.pending.issue(cx);
    vec![Cmd::Run(Request::Search { req, kind, value })]
}

/// Re-read the account card.
pub fn load_card(l: &mut LookupState, cx: &mut Ctx, id: i64) -> Cmds {
    let req = l.pending_card.issue(cx);
    vec![Cmd::Run(Request::LoadCard { req, id })]
}

fn submit_input(l: &mut LookupState, cx: &mut Ctx) -> Cmds {
    let r = &l.recognition;
    if let Some(p) = &r.problem {
        // Refused before any request, with the reason.
        cx.error(p.clone());
        return vec![];
    }
    let Some((kind, value)) = r.kind.zip(r.ready.clone()) else {
        if l.input.value().trim().is_empty() {
            *cx.dirty = false;
            return vec![];
        }
        let why = words::incomplete_reason(r.kind, l.input.value(), cx.today, &cx.cat());
        cx.error(why);
        return vec![];
    };
    *cx.error = None;
    l.editing = false;
    let same = l.shown_for.as_ref() == Some(&(kind, value.clone()));
    if same || l.pending.waiting() {
        return vec![];
    }
    search(l, cx, kind, value)
}

/// Keys while the input or a form has focus; `None` lets the desk handle the key
/// (Tab and Shift-Tab still move between panes).
pub fn on_text_key(
    l: &mut LookupState,
    cx: &mut Ctx,
    call: Option<&CallLink>,
    k: KeyChord,
    b: Option<Binding>,
) -> Option<Cmds> {
    if l.modal.is_some() {
        return Some(modals::key(l, cx, call, k, b));
    }
    match in_text(b, &k) {
        Some(Binding::NextPane | Binding::PrevPane) => None,
        Some(Binding::Open) => Some(submit_input(l, cx)),
        Some(Binding::Back) => {
            l.editing = false;
            Some(vec![])
        }
        _ => {
            let before = l.input.value().to_string();
            if !handle_input(&mut l.input, &k) {
                *cx.dirty = false;
                return Some(vec![]);
            }
            if l.input.value() == before {
                return Some(vec![]);
            }
            *cx.error = None;
            Some(input_changed(l, cx))
        }
    }
}

// ---------------------------------------------------------------- commands

/// A key on the pane when nothing is being typed.
pub fn on_key(
    l: &mut LookupState,
    cx: &mut Ctx,
    call: Option<&CallLink>,
    b: Option<Binding>,
) -> Cmds {
    let c = cx.cat();
    match b {
        // Left/right move between accounts shown side by side.
        Some(Binding::PrevAccount) if l.card.is_none() && !l.results.is_empty() => move_sel(l, -1),
        Some(Binding::NextAccount) if l.card.is_none() && !l.results.is_empty() => move_sel(l, 1),
        Some(Binding::Filter) => {
            l.editing = true;
            vec![]
        }
        Some(Binding::Back) => {
            if l.card.is_some() && l.results.len() > 1 {
                l.card = None;
                l.pending_card.forget();
                l.revealed = None;
            } else {
                // Focus goes back to the search box only with the filter key: after Esc
                // the pane's keys must act, never be typed into it.
                *cx.dirty = false;
            }
            vec![]
        }
        Some(Binding::Down) | Some(Binding::Up) => {
            let d = if b == Some(Binding::Down) { 1 } else { -1 };
            match &l.card {
                Some(card) => {
                    // The cursor walks the card's ticket and review lines.
                    let n = card_lines(card).len();
                    let cur = l.line_sel as i64 + d;
                    l.line_sel = cur.clamp(0, n.saturating_sub(1) as i64) as usize;
                    vec![]
                }
                None => move_sel(l, d),
            }
        }
        Some(Binding::Open) if l.card.is_some() => match l.selected_line() {
            Some(CardLine::Ticket(t)) => vec![Cmd::Go(Link::ShowTicket(Box::new(t.clone())))],
            Some(CardLine::Review(r)) => vec![Cmd::Go(Link::ShowReview(Box::new(r.clone())))],
            None => {
                *cx.dirty = false;
                vec![]
            }
        },
        Some(Binding::Open) => match l.results.get(l.selected) {
            Some(a) => {
                let id = a.id;
                load_card(l, cx, id)
            }
            None => {
                *cx.dirty = false;
                vec![]
            }
        },
        Some(Binding::Refresh) => {
            if let Some(id) = l.card.as_ref().map(|d| d.summary.id) {
                return load_card(l, cx, id);
            }
            match l.shown_for.clone() {
                Some((kind, value)) => search(l, cx, kind, value),
                None => vec![],
            }
        }
        Some(Binding::CopyAccountId) => match l.target() {
            Some(a) => {
                let id = a.id;
                cx.notice(c.tf("lookup.notice.copied_account", &[("id", &id.to_string())]));
                vec![Cmd::Run(Request::Copy(CopyTarget::Account(id)))]
            }
            None => nothing_selected(cx),
        },
        Some(Binding::CopyTicketId) => match l.selected_ticket() {
            Some(id) => {
                cx.notice(c.tf("lookup.notice.copied_ticket", &[("id", &id.to_string())]));
                vec![Cmd::Run(Request::Copy(CopyTarget::Ticket(id)))]
            }
            None => {
                cx.error(c.ts("lookup.no_ticket_selected"));
                vec![]
            }
        },
        Some(Binding::IdentityClaim) => start_claim(l, cx),
        Some(
            Binding::Unlock
            | Binding::Freeze
            | Binding::Unfreeze
            | Binding::Reveal
            | Binding::ResendActivation
            | Binding::PhoneRebind
            | Binding::NewTicket
            | Binding::AttachCall
            | Binding::AttachEvidence,
        ) => card_command(l, cx, call, b),
        _ => {
            *cx.dirty = false;
            vec![]
        }
    }
}

fn move_sel(l: &mut LookupState, d: i64) -> Cmds {
    let n = l.results.len();
    let cur = l.selected as i64 + d;
    l.selected = cur.clamp(0, n.saturating_sub(1) as i64) as usize;
    vec![]
}

fn nothing_selected(cx: &mut Ctx) -> Cmds {
    cx.error(cx.cat().ts("lookup.no_account"));
    vec![]
}

fn card_command(
    l: &mut LookupState,
    cx: &mut Ctx,
    call: Option<&CallLink>,
    b: Option<Binding>,
) -> Cmds {
    let c = cx.cat();
    let Some(card) = l.card.as_ref() else {
        cx.error(c.ts(if l.results.is_empty() {
            "lookup.no_account"
        } else {
            "lookup.open_first"
        }));
        return vec![];
    };
    if l.busy.is_some() {
        cx.error(c.ts("error.busy"));
        return vec![];
    }
    let (account, state) = (card.summary.id, card.summary.state);
    let state_label = label(&c, "lookup.state", &state);
    let reason = |purpose| Some(Modal::Reason(ReasonForm::new(purpose)));
    match b {
        Some(Binding::Unlock) => {
            if state != AccountState::Locked {
                cx.error(c.tf("lookup.not_locked", &[("state", &state_label)]));
                return vec![];
            }
            l.modal = reason(ReasonFor::Act(AccountAction::Unlock));
        }
        Some(Binding::Freeze) | Some(Binding::Unfreeze) => {
            if !cx.is_supervisor() {
                cx.error(c.ts("lookup.supervisor_only"));
                return vec![];
            }
            let action = if b == Some(Binding::Freeze) {
                AccountAction::Freeze
            } else {
                AccountAction::Unfreeze
            };
            if !still_applies(action, state) {
                cx.error(c.tf("lookup.not_applicable", &[("state", &state_label)]));
                return vec![];
            }
            l.modal = reason(ReasonFor::Act(action));
        }
        Some(Binding::Reveal) => l.modal = Some(Modal::Field(Menu::default())),
        Some(Binding::ResendActivation) => {
            if state != AccountState::Unactivated {
                cx.error(c.tf("lookup.already_active", &[("state", &state_label)]));
                return vec![];
            }
            return start_op(l, cx, account, OpKind::ResendActivation);
        }
        Some(Binding::PhoneRebind) => {
            let (number, note, key) = account_form(cx, account, AccountForm::Rebind);
            l.modal = Some(Modal::Rebind(RebindForm {
                number,
                scan_received: false,
                note,
                focus: 0,
                key,
            }));
        }
        Some(Binding::NewTicket) => {
            let suggested = suggested_category(card);
            let selected = Category::ALL
                .iter()
                .position(|x| *x == suggested)
                .unwrap_or(0);
            l.modal = Some(Modal::NewTicket(Menu { selected }));
        }
        Some(Binding::AttachCall) => match (call, l.selected_ticket()) {
            (None, _) => cx.error(c.ts("call.none")),
            (Some(_), None) => cx.error(c.ts("lookup.no_ticket_selected")),
            (Some(_), Some(id)) => {
                cx.notice(c.tf("lookup.notice.attached", &[("id", &id.to_string())]));
                return vec![Cmd::Go(Link::AttachCall(id))];
            }
        },
        Some(Binding::AttachEvidence) => {
            let supervisor = cx.is_supervisor();
            match super::attach::target_review(card, cx.me(), supervisor).map(|r| (r.id, r.kind)) {
                Some((review, kind)) => return super::attach::open(l, cx, review, kind),
                None => cx.error(c.ts("lookup.attach.no_review")),
            }
        }
        _ => *cx.dirty = false,
    }
    vec![]
}

/// Whether an action still makes sense in `state`.
pub fn still_applies(action: AccountAction, state: AccountState) -> bool {
    match action {
        AccountAction::Unlock => state == AccountState::Locked,
        AccountAction::Freeze => state != AccountState::Frozen,
        AccountAction::Unfreeze => state == AccountState::Frozen,
    }
}

fn suggested_category(d: &AccountDetail) -> Category {
    match d.summary.state {
        AccountState::Locked => Category::AccountLocked,
        AccountState::Frozen => Category::AccountTrading,
        _ if !d.same_identity.is_empty() => Category::IdentityConflict,
        _ => Category::Other,
    }
}

fn start_claim(l: &mut LookupState, cx: &mut Ctx) -> Cmds {
    let c = cx.cat();
    if !l.conflict() {
        cx.error(c.ts("lookup.no_conflict"));
        return vec![];
    }
    let Some(account) = l.target().map(|a| a.id) else {
        return nothing_selected(cx);
    };
    if l.busy.is_some() {
        cx.error(c.ts("error.busy"));
        return vec![];
    }
    let (_, note, key) = account_form(cx, account, AccountForm::Claim);
    l.modal = Some(Modal::Claim(ClaimForm {
        account,
        received: false,
        note,
        focus: 0,
        key,
    }));
    vec![]
}

/// The number, note and key of a new `form` on account `id`: from its saved draft, if any.
fn account_form(cx: &mut Ctx, id: i64, form: AccountForm) -> (Input, Input, IdempotencyKey) {
    let draft_id = match form {
        AccountForm::Rebind => DraftId::Rebind(id),
        AccountForm::Claim => DraftId::Claim(id),
    };
    let saved = cx.drafts.saved.get(&draft_id);
    let Some((draft, number, note)) = saved.and_then(|d| match &d.body {
        DraftBody::Account {
            form: f,
            number,
            note,
        } if *f == form => Some((d, number, note)),
        _ => None,
    }) else {
        return (Input::default(), Input::default(), IdempotencyKey::new());
    };
    let notice = draft.restored_notice(
        &cx.cat(),
        &cx.keymap.keys_label_in(Scope::Modal, Binding::Discard),
    );
    // A draft from before keys were kept has none: a fresh one is as good.
    let key = if draft.key.is_empty() {
        IdempotencyKey::new()
    } else {
        IdempotencyKey::from_string(draft.key.clone())
    };
    let fields = (Input::new(number.clone()), Input::new(note.clone()), key);
    cx.notice(notice);
    fields
}

/// Drop a draft (sent, or discarded on purpose).
pub(super) fn forget_draft(cx: &mut Ctx, id: DraftId) -> Option<Cmd<Request>> {
    cx.drafts.forget(id).map(Cmd::Draft)
}

/// The ticket a review is linked to: the call's, else the selected ticket on the card.
pub fn linked_ticket(l: &LookupState, call: Option<&CallLink>) -> Option<i64> {
    call.and_then(|c| c.ticket).or_else(|| l.selected_ticket())
}

/// Send a write; a repeat of a write whose answer was lost reuses its key.
pub(super) fn start_op(l: &mut LookupState, cx: &mut Ctx, account: i64, kind: OpKind) -> Cmds {
    let key = match l.retry.take() {
        Some(r) if r.account == account && r.kind == kind => r.key,
        _ => IdempotencyKey::new(),
    };
    start_keyed(l, cx, Op { account, kind, key })
}

/// Send `op` with the key it carries.
pub(super) fn start_keyed(l: &mut LookupState, cx: &mut Ctx, op: Op) -> Cmds {
    l.retry = None;
    l.busy = Some(op.clone());
    l.modal = None;
    *cx.error = None;
    vec![Cmd::Run(Request::Run(op))]
}
