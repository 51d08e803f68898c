//! Opening and finishing the pane's forms: the assignment (from this pane, a ticket or a
//! review), the escalation note, the filters; and the Beijing times the audit filter takes.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use tui_input::Input;

use super::form::{self, AssignForm, EscalateForm, FilterFor, FilterForm, Form, FormOutcome};
use super::msg::TeamEffect;
use super::state::{role_for, AuditFilter, Board, TeamState, View};
use super::update::{load_audit, load_board, Cmds, NOTE_COLS};
use crate::api::{AssignRequest, EscalateRequest, ItemKind};
use crate::client::IdempotencyKey;
use crate::config::{Binding, KeyChord};
use crate::tui::context::Ctx;
use crate::tui::editor::TextArea;
use crate::tui::panes::Cmd;

pub(super) fn open_filter(t: &mut TeamState) {
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
