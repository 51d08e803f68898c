//! The team pane's pure update: keys, sub-views, selection, paging with read-ahead, the
//! forms, and what a live event makes stale. Its I/O goes out as [`TeamEffect`]s.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use tui_input::Input;

use super::form::{self, AssignForm, EscalateForm, FilterFor, FilterForm, Form, FormOutcome};
use super::msg::TeamEffect;
use super::state::{
    parse_target, role_for, AuditFilter, Board, BoardSort, Member, Target, TeamState, View,
};
use crate::api::{
    AlertQuery, AssignRequest, AuditQuery, EscalateRequest, Escalations, ItemKind, LiveEvent,
    SlaWatch, TeamMember, TeamMemberDetail,
};
use crate::client::IdempotencyKey;
use crate::config::{Binding, KeyChord};
use crate::tui::context::Ctx;
use crate::tui::editor::TextArea;
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
        View::Sla => {
            let req = t.sla.pending.issue(cx);
            vec![Cmd::Run(TeamEffect::Sla { req })]
        }
        View::Escalations => {
            let req = t.escalations.pending.issue(cx);
            vec![Cmd::Run(TeamEffect::Escalations { req })]
        }
        View::Audit => load_audit(t, cx),
        View::Alerts => load_alerts(t, cx),
    }
}

fn load_board(t: &mut TeamState, cx: &mut Ctx<'_>) -> Cmds {
    let req = t.board.pending.issue(cx);
    vec![Cmd::Run(TeamEffect::Board { req })]
}

fn load_member(t: &mut TeamState, cx: &mut Ctx<'_>) -> Cmds {
    let Some(m) = t.member.as_mut() else {
        return vec![];
    };
    let req = m.pending.issue(cx);
    vec![Cmd::Run(TeamEffect::Member {
        req,
        operator: m.operator.clone(),
    })]
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

/// Read the next audit page ahead of the selection when it nears the last row read.
fn read_ahead(t: &mut TeamState, cx: &mut Ctx<'_>) -> Cmds {
    let a = &mut t.audit;
    let near = a.rows.len().saturating_sub(a.selected) <= READ_AHEAD;
    let Some(cursor) = a.next_cursor.clone().filter(|_| near) else {
        return vec![];
    };
    if a.ahead.waiting() || a.pending.waiting() {
        return vec![];
    }
    let req = a.ahead.issue(cx);
    let query = audit_query(&a.filter, Some(cursor));
    vec![Cmd::Run(TeamEffect::Audit { req, query })]
}

// ------------------------------------------------------------------------ rows shown

/// The board's rows as shown: filtered (online only, text) and sorted.
pub fn shown_board(b: &Board) -> Vec<&TeamMember> {
    let needle = b.filter.trim().to_lowercase();
    let mut rows: Vec<&TeamMember> = b
        .rows
        .iter()
        .filter(|m| !b.online_only || m.online)
        .filter(|m| {
            needle.is_empty()
                || m.operator.to_lowercase().contains(&needle)
                || m.name.to_lowercase().contains(&needle)
                || m.roles
                    .iter()
                    .any(|r| crate::tui::locale::wire_name(r).contains(&needle))
        })
        .collect();
    let load = |m: &TeamMember| {
        m.tickets_claimed + m.tickets_assigned + m.reviews_claimed + m.reviews_assigned
    };
    rows.sort_by(|a, b2| {
        let o = match b.sort {
            BoardSort::Load => load(b2).cmp(&load(a)),
            BoardSort::Operator => a.operator.cmp(&b2.operator),
            BoardSort::Seen => b2
                .online
                .cmp(&a.online)
                .then(b2.last_seen.cmp(&a.last_seen)),
            BoardSort::Oldest => {
                let since = |m: &TeamMember| m.oldest.as_ref().map(|h| h.since);
                match (since(a), since(b2)) {
                    (Some(x), Some(y)) => x.cmp(&y),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                }
            }
            BoardSort::Calls => b2.calls_today.cmp(&a.calls_today),
        };
        o.then_with(|| a.operator.cmp(&b2.operator))
    });
    if b.reverse {
        rows.reverse();
    }
    rows
}

/// Which list of the SLA watch a row is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlaSection {
    /// Past their SLA.
    Breached,
    /// Running out today.
    Today,
    /// Reviews past 3 working days.
    Reviews,
}

/// The SLA watch's selectable rows, section by section.
pub fn sla_rows(w: &SlaWatch) -> Vec<(SlaSection, Target)> {
    let t = |s, x: &crate::api::TicketSummary| (s, Target::Ticket(Box::new(x.clone())));
    w.breached
        .iter()
        .map(|x| t(SlaSection::Breached, x))
        .chain(w.breaching_today.iter().map(|x| t(SlaSection::Today, x)))
        .chain(
            w.reviews_overdue
                .iter()
                .map(|r| (SlaSection::Reviews, Target::Review(Box::new(r.clone())))),
        )
        .collect()
}

/// The escalations' rows: tickets, then reviews, each with its escalation.
pub fn escalation_rows(e: &Escalations) -> Vec<(Target, &crate::api::EscalationInfo)> {
    e.tickets
        .iter()
        .map(|x| (Target::Ticket(Box::new(x.ticket.clone())), &x.escalation))
        .chain(
            e.reviews
                .iter()
                .map(|x| (Target::Review(Box::new(x.review.clone())), &x.escalation)),
        )
        .collect()
}

/// An operator's items as targets.
pub fn member_rows(d: &TeamMemberDetail) -> Vec<Target> {
    d.items
        .iter()
        .map(|h| Target::Item(h.kind, h.id, h.title.clone()))
        .collect()
}

/// How many rows the sub-view shown has.
fn len(t: &TeamState) -> usize {
    match t.view {
        View::Board => match &t.member {
            Some(m) => m.detail.as_ref().map_or(0, |d| d.items.len()),
            None => shown_board(&t.board).len(),
        },
        View::Sla => t.sla.data.as_ref().map_or(0, |w| sla_rows(w).len()),
        View::Escalations => t
            .escalations
            .data
            .as_ref()
            .map_or(0, |e| e.tickets.len() + e.reviews.len()),
        View::Audit => t.audit.rows.len(),
        View::Alerts => t.alerts.rows.len(),
    }
}

fn selected_mut(t: &mut TeamState) -> &mut usize {
    match t.view {
        View::Board => match t.member.as_mut() {
            Some(m) => &mut m.selected,
            None => &mut t.board.selected,
        },
        View::Sla => &mut t.sla.selected,
        View::Escalations => &mut t.escalations.selected,
        View::Audit => &mut t.audit.selected,
        View::Alerts => &mut t.alerts.selected,
    }
}

/// What the selected row stands for (Enter, assignment).
pub fn selected_target(t: &TeamState) -> Option<Target> {
    match t.view {
        View::Board => {
            let m = t.member.as_ref()?;
            member_rows(m.detail.as_ref()?).into_iter().nth(m.selected)
        }
        View::Sla => {
            let w = t.sla.data.as_ref()?;
            sla_rows(w).into_iter().nth(t.sla.selected).map(|(_, x)| x)
        }
        View::Escalations => {
            let e = t.escalations.data.as_ref()?;
            escalation_rows(e)
                .into_iter()
                .nth(t.escalations.selected)
                .map(|(x, _)| x)
        }
        View::Audit => parse_target(&t.audit.rows.get(t.audit.selected)?.target),
        View::Alerts => parse_target(&t.alerts.rows.get(t.alerts.selected)?.target),
    }
}

/// Keep every selection inside its list (after a re-read shortened it).
pub fn clamp(t: &mut TeamState) {
    let view = t.view;
    for v in View::ALL {
        t.view = v;
        let n = len(t);
        let sel = selected_mut(t);
        *sel = (*sel).min(n.saturating_sub(1));
    }
    t.view = view;
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
    if t.view == View::Audit {
        return read_ahead(t, cx);
    }
    vec![]
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

fn open_filter(t: &mut TeamState) {
    let input = |s: &str| Input::new(s.to_string());
    let f = match t.view {
        View::Board if t.member.is_none() => FilterForm {
            purpose: FilterFor::Board,
            fields: vec![("text", input(&t.board.filter))],
            focus: 0,
            error: None,
        },
        View::Audit => {
            let a = &t.audit.filter;
            FilterForm {
                purpose: FilterFor::Audit,
                fields: vec![
                    ("operator", input(&a.operator)),
                    ("action", input(&a.action)),
                    ("target", input(&a.target)),
                    ("since", input(&shown_time(&a.since))),
                    ("until", input(&shown_time(&a.until))),
                ],
                focus: 0,
                error: None,
            }
        }
        _ => return,
    };
    t.form = Some(Form::Filter(f));
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

/// Open the assignment form for an item (from this pane, the open ticket or review);
/// `operator` pre-fills the assignee (oneself for a take-over). Supervisors only.
pub fn open_assign(
    t: &mut TeamState,
    cx: &mut Ctx<'_>,
    kind: ItemKind,
    id: i64,
    title: String,
    operator: &str,
) -> Cmds {
    if !cx.is_supervisor() {
        let text = cx.cat().t("team.assign.supervisors_only").to_string();
        cx.error(text);
        return vec![];
    }
    let choices = candidates(&t.board, kind);
    t.form = Some(Form::Assign(AssignForm::new(
        kind, id, title, operator, choices,
    )));
    if t.board.loaded || t.board.pending.waiting() {
        return vec![];
    }
    // The members to offer come with the board.
    load_board(t, cx)
}

/// Operators who may take an item of `kind` (they have its role), by id.
pub fn candidates(b: &Board, kind: ItemKind) -> Vec<String> {
    let role = role_for(kind);
    let mut v: Vec<String> = b
        .rows
        .iter()
        .filter(|m| m.roles.contains(&role))
        .map(|m| m.operator.clone())
        .collect();
    v.sort();
    v
}

/// Open the escalation note for a ticket (agents, from the open ticket).
pub fn open_escalate(t: &mut TeamState, ticket: i64, subject: String) {
    t.form = Some(Form::Escalate(EscalateForm {
        ticket,
        subject,
        note: TextArea::new(),
        key: IdempotencyKey::new(),
        busy: false,
        error: None,
    }));
}

/// Text pasted into the open form; false when no form takes text.
pub fn paste(t: &mut TeamState, text: &str) -> bool {
    match t.form.as_mut() {
        Some(Form::Escalate(f)) if !f.busy => {
            f.note.insert_text(text);
            true
        }
        Some(Form::Assign(f)) if !f.busy => {
            let one_line: String = crate::sanitize::one_line_chars(text).collect();
            let input = if f.on_reason {
                &mut f.reason
            } else {
                &mut f.operator
            };
            for c in one_line.chars() {
                input.handle(tui_input::InputRequest::InsertChar(c));
            }
            true
        }
        _ => false,
    }
}

/// A key on the open form.
pub fn form_key(t: &mut TeamState, cx: &mut Ctx<'_>, k: KeyChord, b: Option<Binding>) -> Cmds {
    let Some(f) = t.form.as_mut() else {
        return vec![];
    };
    let outcome = match f {
        Form::Assign(a) => form::assign_key(a, &k, b),
        Form::Escalate(e) => form::escalate_key(e, &k, b, NOTE_COLS),
        Form::Filter(x) => form::filter_key(x, &k, b),
    };
    match outcome {
        FormOutcome::Open => vec![],
        FormOutcome::Cancelled => {
            t.form = None;
            vec![]
        }
        FormOutcome::Submit => submit(t, cx),
    }
}

fn submit(t: &mut TeamState, cx: &mut Ctx<'_>) -> Cmds {
    let c = cx.cat();
    match t.form.as_mut() {
        Some(Form::Assign(a)) => {
            let operator = a.operator.value().trim().to_string();
            let reason = a.reason.value().trim().to_string();
            if operator.is_empty() {
                a.error = Some(c.t("team.assign.need_operator").to_string());
                a.on_reason = false;
                return vec![];
            }
            if crate::sanitize::width(&reason) < 2 {
                a.error = Some(c.t("team.assign.need_reason").to_string());
                a.on_reason = true;
                return vec![];
            }
            a.busy = true;
            vec![Cmd::Run(TeamEffect::Assign {
                kind: a.kind,
                id: a.id,
                body: AssignRequest { operator, reason },
                key: a.key.clone(),
            })]
        }
        Some(Form::Escalate(e)) => {
            if e.note.is_blank() {
                e.error = Some(c.t("team.escalate.need_note").to_string());
                return vec![];
            }
            e.busy = true;
            vec![Cmd::Run(TeamEffect::Escalate {
                id: e.ticket,
                body: EscalateRequest {
                    note: e.note.text(),
                },
                key: e.key.clone(),
            })]
        }
        Some(Form::Filter(f)) => match f.purpose {
            FilterFor::Board => {
                t.board.filter = form::field(f, "text");
                t.board.selected = 0;
                t.form = None;
                vec![]
            }
            FilterFor::Audit => {
                let mut times = [String::new(), String::new()];
                for (i, name) in ["since", "until"].into_iter().enumerate() {
                    let typed = form::field(f, name);
                    match parse_time(&typed) {
                        Some(v) => times[i] = v,
                        None => {
                            f.error = Some(c.tf(
                                "team.filter.bad_time",
                                &[("value", &crate::sanitize::clean(&typed))],
                            ));
                            f.focus = 3 + i;
                            return vec![];
                        }
                    }
                }
                let [since, until] = times;
                t.audit.filter = AuditFilter {
                    operator: form::field(f, "operator"),
                    action: form::field(f, "action"),
                    target: form::field(f, "target"),
                    since,
                    until,
                };
                t.audit.selected = 0;
                t.form = None;
                load_audit(t, cx)
            }
        },
        None => vec![],
    }
}

/// A time typed in Beijing time (`2026-03-10`, `2026-03-10 09:30`) or RFC 3339, as
/// RFC 3339 UTC; empty stays empty; `None` when it is not a time.
pub fn parse_time(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() {
        return Some(String::new());
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc).to_rfc3339());
    }
    let beijing = chrono::FixedOffset::east_opt(8 * 3600)?;
    let local = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M")
        .or_else(|_| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d").map(|d| d.and_time(Default::default()))
        })
        .ok()?;
    let at = beijing.from_local_datetime(&local).single()?;
    Some(at.with_timezone(&Utc).to_rfc3339())
}

/// An RFC 3339 filter value as the operator typed it (Beijing time).
fn shown_time(s: &str) -> String {
    DateTime::parse_from_rfc3339(s)
        .map(|t| {
            crate::tui::cells::china_time(t.with_timezone(&Utc))
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default()
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
