//! Answers to the team pane's requests: rows in, selections kept in range, forms closed
//! or told why they were refused.

use super::form::Form;
use super::msg::{Opened, TeamAction};
use super::paging::{merge_escalations, merge_member, merge_sla};
use super::state::TeamState;
use super::update::{candidates, clamp, Cmds};
use crate::api::ItemKind;
use crate::tui::context::Ctx;
use crate::tui::locale::error_text;
use crate::tui::panes::{Cmd, Link};

/// One answer.
pub fn on_action(t: &mut TeamState, cx: &mut Ctx<'_>, a: TeamAction) -> Cmds {
    match a {
        TeamAction::Board { req, result } => {
            if !t.board.pending.settle(req) {
                *cx.dirty = false;
                return vec![];
            }
            match result {
                Ok(page) => {
                    t.board.rows = page.items;
                    t.board.loaded = true;
                    if let Some(Form::Assign(f)) = t.form.as_mut() {
                        f.choices = candidates(&t.board, f.kind);
                    }
                }
                Err(e) => return vec![cx.failed(e)],
            }
        }
        TeamAction::Member { req, result } => {
            let Some(m) = t
                .member
                .as_mut()
                .filter(|m| m.pending.is(req) || m.ahead.is(req))
            else {
                *cx.dirty = false;
                return vec![];
            };
            let first = m.pending.settle(req);
            m.ahead.settle(req);
            match (result, m.detail.as_mut()) {
                (Ok(page), Some(d)) if !first => merge_member(d, page),
                (Ok(page), _) => m.detail = Some(page),
                (Err(e), _) => return vec![cx.failed(e)],
            }
        }
        TeamAction::Sla { req, result } => {
            let p = &mut t.sla;
            let first = p.pending.settle(req);
            if !first && !p.ahead.settle(req) {
                *cx.dirty = false;
                return vec![];
            }
            match (result, p.data.as_mut()) {
                (Ok(page), Some(w)) if !first => merge_sla(w, page, &mut p.selected),
                (Ok(page), _) => p.data = Some(page),
                (Err(e), _) => return vec![cx.failed(e)],
            }
        }
        TeamAction::Escalations { req, result } => {
            let p = &mut t.escalations;
            let first = p.pending.settle(req);
            if !first && !p.ahead.settle(req) {
                *cx.dirty = false;
                return vec![];
            }
            match (result, p.data.as_mut()) {
                (Ok(page), Some(e)) if !first => merge_escalations(e, page, &mut p.selected),
                (Ok(page), _) => p.data = Some(page),
                (Err(e), _) => return vec![cx.failed(e)],
            }
        }
        TeamAction::Audit { req, result } => {
            let first = t.audit.pending.settle(req);
            let ahead = !first && t.audit.ahead.settle(req);
            if !first && !ahead {
                *cx.dirty = false;
                return vec![];
            }
            match result {
                Ok(page) => {
                    if first {
                        t.audit.rows = page.items;
                        t.audit.selected = 0;
                    } else {
                        t.audit.rows.extend(page.items);
                    }
                    t.audit.total = page.total;
                    t.audit.next_cursor = page.next_cursor;
                    t.audit.loaded = true;
                }
                Err(e) => return vec![cx.failed(e)],
            }
        }
        TeamAction::Alerts { req, result } => {
            if !t.alerts.pending.settle(req) {
                *cx.dirty = false;
                return vec![];
            }
            match result {
                Ok(page) => {
                    t.alerts.open = page.total.max(page.items.len() as u64);
                    t.alerts.rows = page.items;
                }
                Err(e) => return vec![cx.failed(e)],
            }
        }
        TeamAction::Acked { seq, result } => {
            t.alerts.acking = None;
            match result {
                Ok(_) => {
                    let before = t.alerts.rows.len();
                    t.alerts.rows.retain(|a| a.seq != seq);
                    if t.alerts.rows.len() < before {
                        t.alerts.open = t.alerts.open.saturating_sub(1);
                    }
                    let text = cx.cat().t("team.alerts.acked").to_string();
                    cx.notice(text);
                }
                Err(e) => return vec![cx.failed(e)],
            }
        }
        TeamAction::Opened { req, result } => {
            if !t.opening.settle(req) {
                *cx.dirty = false;
                return vec![];
            }
            return match result {
                Ok(Opened::Ticket(x)) => vec![Cmd::Go(Link::ShowTicket(x))],
                Ok(Opened::Review(x)) => vec![Cmd::Go(Link::ShowReview(x))],
                Err(e) => vec![cx.failed(e)],
            };
        }
        TeamAction::Assigned {
            kind,
            id,
            operator,
            result,
        } => {
            let c = cx.cat();
            match result {
                Ok(()) => {
                    if matches!(&t.form, Some(Form::Assign(f)) if f.kind == kind && f.id == id) {
                        t.form = None;
                    }
                    let what = item_label(&c, kind, id);
                    cx.notice(c.tf(
                        "team.assigned",
                        &[
                            ("item", &what),
                            ("operator", &crate::sanitize::clean(&operator)),
                        ],
                    ));
                    t.stale = true;
                    if kind == ItemKind::Ticket {
                        return vec![Cmd::Go(Link::TicketChanged(id))];
                    }
                }
                Err(e) => {
                    if let Some(Form::Assign(f)) = t.form.as_mut() {
                        f.busy = false;
                        f.error = Some(error_text(&c, &e));
                    }
                    return vec![cx.failed(e)];
                }
            }
        }
        TeamAction::Escalated { id, result } => {
            let c = cx.cat();
            match result {
                Ok(()) => {
                    if matches!(&t.form, Some(Form::Escalate(f)) if f.ticket == id) {
                        t.form = None;
                    }
                    cx.notice(c.tf("team.escalated", &[("id", &id.to_string())]));
                    return vec![Cmd::Go(Link::TicketChanged(id))];
                }
                Err(e) => {
                    if let Some(Form::Escalate(f)) = t.form.as_mut() {
                        f.busy = false;
                        f.error = Some(error_text(&c, &e));
                    }
                    return vec![cx.failed(e)];
                }
            }
        }
    }
    clamp(t);
    vec![]
}

/// "ticket #12" / "review #3" in the operator's language.
pub fn item_label(c: &crate::tui::locale::Catalog, kind: ItemKind, id: i64) -> String {
    let key = match kind {
        ItemKind::Ticket => "team.item.ticket",
        ItemKind::Review => "team.item.review",
    };
    c.tf(key, &[("id", &id.to_string())])
}
