//! The team pane's pure update: keys, sub-views, selection, paging with read-ahead, and
//! what a live event makes stale (the rows in `rows.rs`, the forms in `forms.rs`). Its I/O goes out as [`TeamEffect`]s.

use super::form::Form;
use super::forms::open_filter;
pub use super::forms::{candidates, form_key, open_assign, open_escalate, parse_time, paste};
use super::msg::TeamEffect;
use super::paging::{load_escalations, load_member, load_sla, read_ahead};
pub use super::rows::{
    clamp, escalation_rows, member_rows, selected_target, shown_board, sla_rows, SlaSection,
};
use super::rows::{len, selected_mut};
use super::state::{AuditFilter, Member, Target, TeamState, View};
use crate::api::{AlertQuery, AuditQuery, LiveEvent};
use crate::client::IdempotencyKey;
use crate::config::{Binding, KeyChord};
use crate::tui::context::Ctx;
use crate::tui::panes::{Cmd, Link};

/// The pane's commands.
pub type Cmds = Vec<Cmd<TeamEffect>>;

/// Audit rows asked for per page.
pub const AUDIT_PAGE: u32 = 100;
/// The next audit page is read once the selection is this close to the last row read.
pub const READ_AHEAD: usize = 30;
/// Rows a page key moves.
const PAGE: usize = 10;
/// Columns of the escalation note's editor (the form is drawn this wide at most).
pub const NOTE_COLS: usize = 60;

/// Whether a form has the keys (text goes into it).
pub fn captures_keys(t: &TeamState) -> bool {
    t.form.is_some()
}

/// Whether the escalation note is open (its keys resolve through the editor scope).
pub fn editing_note(t: &TeamState) -> bool {
    matches!(t.form, Some(Form::Escalate(_)))
}

/// The pane was entered: read the sub-view shown (and the board, whose members the
/// assignment form offers).
pub fn entered(t: &mut TeamState, cx: &mut Ctx<'_>) -> Cmds {
    let mut cmds = load_view(t, cx);
    if t.view != View::Board && !t.board.loaded && !t.board.pending.waiting() {
        cmds.extend(load_board(t, cx));
    }
    cmds
}

/// Read what the sub-view shows again (the periodic refresh, `r`, a live change).
pub fn load_view(t: &mut TeamState, cx: &mut Ctx<'_>) -> Cmds {
    t.stale = false;
    match t.view {
        View::Board => match &t.member {
            Some(_) => {
                let mut cmds = load_member(t, cx);
                cmds.extend(load_board(t, cx));
                cmds
            }
            None => load_board(t, cx),
        },
        View::Sla => load_sla(t, cx),
        View::Escalations => load_escalations(t, cx),
        View::Audit => load_audit(t, cx),
        View::Alerts => load_alerts(t, cx),
    }
}

pub(super) fn load_board(t: &mut TeamState, cx: &mut Ctx<'_>) -> Cmds {
    let req = t.board.pending.issue(cx);
    vec![Cmd::Run(TeamEffect::Board { req })]
}

/// Read the open alerts (at sign-in, on an alert event, in the alerts view).
pub fn load_alerts(t: &mut TeamState, cx: &mut Ctx<'_>) -> Cmds {
    let req = t.alerts.pending.issue(cx);
    vec![Cmd::Run(TeamEffect::Alerts { req })]
}

/// The first audit page under the filters in force (older reads are dropped).
pub fn load_audit(t: &mut TeamState, cx: &mut Ctx<'_>) -> Cmds {
    t.audit.ahead.forget();
    let req = t.audit.pending.issue(cx);
    let query = audit_query(&t.audit.filter, None);
    vec![Cmd::Run(TeamEffect::Audit { req, query })]
}

/// The query of `GET /audit` for `filter` (times already checked) from `cursor`.
pub fn audit_query(filter: &AuditFilter, cursor: Option<String>) -> AuditQuery {
    let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
    AuditQuery {
        operator: some(&filter.operator),
        action: some(&filter.action),
        target: some(&filter.target),
        since: some(&filter.since),
        until: some(&filter.until),
        limit: Some(AUDIT_PAGE),
        cursor,
    }
}

/// The alerts query (open ones only).
pub fn alert_query() -> AlertQuery {
    AlertQuery {
        open: Some(true),
        limit: Some(100),
        cursor: None,
    }
}

// ------------------------------------------------------------------------------ keys

/// A key on the pane (no form open).
pub fn key(t: &mut TeamState, cx: &mut Ctx<'_>, k: KeyChord, b: Option<Binding>) -> Cmds {
    if t.form.is_some() {
        return form_key(t, cx, k, b);
    }
    let to = match b {
        Some(Binding::TeamBoard) => Some(View::Board),
        Some(Binding::TeamSla) => Some(View::Sla),
        Some(Binding::TeamEscalations) => Some(View::Escalations),
        Some(Binding::TeamAudit) => Some(View::Audit),
        Some(Binding::TeamAlerts) => Some(View::Alerts),
        _ => None,
    };
    if let Some(v) = to {
        if v == t.view && t.member.is_none() {
            *cx.dirty = false;
            return vec![];
        }
        t.view = v;
        if v == View::Board {
            t.member = None;
        }
        return load_view(t, cx);
    }
    let n = len(t);
    match b {
        Some(Binding::Down) => return step(t, cx, n, 1),
        Some(Binding::PageDown) => return step(t, cx, n, PAGE as isize),
        Some(Binding::Up) => return step(t, cx, n, -1),
        Some(Binding::PageUp) => return step(t, cx, n, -(PAGE as isize)),
        Some(Binding::Refresh) => return load_view(t, cx),
        Some(Binding::Open) => return open(t, cx),
        Some(Binding::Back) if t.member.is_some() => {
            t.member = None;
            return vec![];
        }
        Some(Binding::SortNext) if t.view == View::Board && t.member.is_none() => {
            t.board.sort = t.board.sort.next();
            t.board.selected = 0;
        }
        Some(Binding::SortReverse) if t.view == View::Board && t.member.is_none() => {
            t.board.reverse = !t.board.reverse;
            t.board.selected = 0;
        }
        Some(Binding::OnlineOnly) if t.view == View::Board && t.member.is_none() => {
            t.board.online_only = !t.board.online_only;
            t.board.selected = 0;
        }
        Some(Binding::Filter) => open_filter(t),
        Some(Binding::Assign) => return assign_selected(t, cx, ""),
        Some(Binding::TakeOver) => {
            let me = cx.me().to_string();
            return assign_selected(t, cx, &me);
        }
        Some(Binding::AckAlert) if t.view == View::Alerts => return ack(t),
        _ => *cx.dirty = b.is_some(),
    }
    vec![]
}

fn step(t: &mut TeamState, cx: &mut Ctx<'_>, n: usize, by: isize) -> Cmds {
    let sel = selected_mut(t);
    let to = (*sel as isize + by).clamp(0, n.saturating_sub(1) as isize);
    *sel = to as usize;
    read_ahead(t, cx)
}

fn open(t: &mut TeamState, cx: &mut Ctx<'_>) -> Cmds {
    if t.view == View::Board && t.member.is_none() {
        let Some(m) = shown_board(&t.board)
            .get(t.board.selected)
            .map(|m| m.operator.clone())
        else {
            return vec![];
        };
        t.member = Some(Member {
            operator: m,
            ..Member::default()
        });
        return load_member(t, cx);
    }
    match selected_target(t) {
        Some(target) => open_target(t, cx, target),
        None => vec![],
    }
}

/// Open a target in its pane: a row at once, an id after reading it.
fn open_target(t: &mut TeamState, cx: &mut Ctx<'_>, target: Target) -> Cmds {
    match target {
        Target::Ticket(x) => vec![Cmd::Go(Link::ShowTicket(x))],
        Target::Review(x) => vec![Cmd::Go(Link::ShowReview(x))],
        Target::Account(id) => vec![Cmd::Go(Link::ShowAccount(id))],
        Target::Item(kind, id, _) => {
            let req = t.opening.issue(cx);
            vec![Cmd::Run(TeamEffect::Open { req, kind, id })]
        }
    }
}

fn ack(t: &mut TeamState) -> Cmds {
    let Some(a) = t.alerts.rows.get(t.alerts.selected) else {
        return vec![];
    };
    if t.alerts.acking.is_some() {
        return vec![];
    }
    t.alerts.acking = Some(a.seq);
    vec![Cmd::Run(TeamEffect::Ack {
        seq: a.seq,
        key: IdempotencyKey::new(),
    })]
}

fn assign_selected(t: &mut TeamState, cx: &mut Ctx<'_>, operator: &str) -> Cmds {
    let Some((kind, id, title)) = selected_target(t).and_then(|x| x.assignable()) else {
        *cx.dirty = false;
        return vec![];
    };
    open_assign(t, cx, kind, id, title, operator)
}

// ------------------------------------------------------------------------------ live

/// A change from the live stream. Returns whether the alerts must be read again.
pub fn live_event(t: &mut TeamState, ev: &LiveEvent) -> bool {
    match ev.kind.as_str() {
        "security.alert" | "alert" => true,
        "ticket" | "review" => {
            t.stale = true;
            false
        }
        _ => false,
    }
}

/// Re-read what a live change made stale, when the pane is shown, no form is open and no
/// read of it is in flight (the next answer triggers the next flush).
pub fn flush(t: &mut TeamState, cx: &mut Ctx<'_>, shown: bool) -> Cmds {
    if !t.stale || !shown || t.form.is_some() {
        return vec![];
    }
    let busy = match t.view {
        View::Board => {
            t.board.pending.waiting() || t.member.as_ref().is_some_and(|m| m.pending.waiting())
        }
        View::Sla => t.sla.pending.waiting(),
        View::Escalations => t.escalations.pending.waiting(),
        // The trail only grows at its head: `r` reads it again.
        View::Audit | View::Alerts => {
            t.stale = false;
            return vec![];
        }
    };
    if busy {
        return vec![];
    }
    load_view(t, cx)
}

/// The keys the footer offers now.
pub fn hints(t: &TeamState) -> Vec<Binding> {
    let mut v = match (t.view, t.member.is_some()) {
        (View::Board, false) => vec![
            Binding::Open,
            Binding::Filter,
            Binding::SortNext,
            Binding::OnlineOnly,
        ],
        (View::Board, true) => vec![
            Binding::Back,
            Binding::Open,
            Binding::Assign,
            Binding::TakeOver,
        ],
        (View::Sla | View::Escalations, _) => {
            vec![Binding::Open, Binding::Assign, Binding::TakeOver]
        }
        (View::Audit, _) => vec![Binding::Open, Binding::Filter, Binding::Refresh],
        (View::Alerts, _) => vec![Binding::AckAlert, Binding::Open, Binding::Refresh],
    };
    for (view, b) in [
        (View::Board, Binding::TeamBoard),
        (View::Sla, Binding::TeamSla),
        (View::Escalations, Binding::TeamEscalations),
        (View::Audit, Binding::TeamAudit),
        (View::Alerts, Binding::TeamAlerts),
    ] {
        if view != t.view {
            v.push(b);
        }
    }
    v.push(Binding::Help);
    v
}
