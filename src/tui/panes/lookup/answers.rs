//! The lookup pane's answers: search results, the card, and the outcome of its writes
//! (including a write refused as stale, asked again on the card just read).

use chrono::Duration;
use tui_input::{Input, InputRequest};

use super::msg::{Answer, Op, OpKind};
use super::state::{LookupState, Modal, ReasonFor, ReasonForm, Revealed, REVEAL_SECS};
use super::update::{forget_draft, load_card, still_applies, Cmds};
use crate::api::{AccountDetail, ReviewKind};
use crate::client::{AccountAction, ClientError};
use crate::tui::context::Ctx;
use crate::tui::drafts::DraftId;
use crate::tui::locale::{error_text, label, Catalog};
use crate::tui::panes::{Cmd, Link};

/// An answer for the pane.
pub fn on_answer(l: &mut LookupState, cx: &mut Ctx, a: Answer) -> Cmds {
    match a {
        Answer::Found { req, result } => {
            if !l.pending.settle(req) {
                // An older query: the newest one wins.
                *cx.dirty = false;
                return vec![];
            }
            let page = match result {
                Ok(p) => p,
                Err(e) => return vec![cx.failed(e)],
            };
            let r = &l.recognition;
            l.shown_for = r.kind.zip(r.ready.clone());
            l.results = page.items;
            l.selected = 0;
            l.card = None;
            if let [one] = l.results.as_slice() {
                let id = one.id;
                return load_card(l, cx, id);
            }
            vec![]
        }
        Answer::Card { req, result } => {
            if !l.pending_card.settle(req) {
                *cx.dirty = false;
                return vec![];
            }
            match result {
                Ok(d) => card_loaded(l, cx, *d),
                Err(e) => vec![cx.failed(e)],
            }
        }
        Answer::Revealed { op, result } => {
            l.busy = None;
            match result {
                Ok(r) => {
                    l.retry = None;
                    let c = cx.cat();
                    l.revealed = Some(Revealed {
                        account: op.account,
                        field: r.field,
                        value: r.value.unwrap_or_else(|| c.ts("lookup.none")),
                        until: cx.now + Duration::seconds(REVEAL_SECS),
                    });
                    *cx.error = None;
                    cx.notice(c.tf("lookup.notice.revealed", &[("secs", "30")]));
                    vec![]
                }
                Err(e) => op_failed(l, cx, op, e),
            }
        }
        Answer::Attach(a) => super::attach::on_answer(l, cx, a),
        Answer::Done { op, result } => {
            l.busy = None;
            match result {
                Ok(created) => op_done(l, cx, op, created),
                Err(e) => op_failed(l, cx, op, e),
            }
        }
    }
}

fn card_loaded(l: &mut LookupState, cx: &mut Ctx, d: AccountDetail) -> Cmds {
    let c = cx.cat();
    let old = l.card.take();
    if old.as_ref().map(|o| o.summary.id) != Some(d.summary.id) {
        l.line_sel = 0;
    }
    if l.revealed
        .as_ref()
        .is_some_and(|r| r.account != d.summary.id)
    {
        l.revealed = None;
    }
    l.line_sel = l
        .line_sel
        .min(super::state::card_lines(&d).len().saturating_sub(1));
    if let Some(i) = l.results.iter().position(|a| a.id == d.summary.id) {
        l.results[i] = d.summary.clone();
    }
    // A write refused as stale: ask again on what was just read, or say why not.
    if let Some(op) = l.stale.take() {
        if op.account == d.summary.id {
            if let OpKind::Act { action, reason, .. } = &op.kind {
                let changes = describe_changes(&c, old.as_ref(), &d);
                if still_applies(*action, d.summary.state) {
                    let mut text = Input::new(reason.clone());
                    text.handle(InputRequest::GoToEnd);
                    l.modal = Some(Modal::Reason(ReasonForm {
                        purpose: ReasonFor::Act(*action),
                        selected: 0,
                        text,
                        stale: changes,
                    }));
                } else {
                    *cx.error = None;
                    cx.notice(c.tf(
                        "lookup.stale_done",
                        &[("state", &label(&c, "lookup.state", &d.summary.state))],
                    ));
                }
            }
        }
    }
    l.card = Some(d);
    vec![]
}

/// What changed on an account between two reads, for the stale question.
pub fn describe_changes(
    c: &Catalog,
    old: Option<&AccountDetail>,
    new: &AccountDetail,
) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(o) = old {
        if o.summary.state != new.summary.state {
            out.push(c.tf(
                "lookup.changed_state",
                &[
                    ("from", &label(c, "lookup.state", &o.summary.state)),
                    ("to", &label(c, "lookup.state", &new.summary.state)),
                ],
            ));
        }
        let (a, b) = (
            o.lock.as_ref().map(|l| l.failed_attempts),
            new.lock.as_ref().map(|l| l.failed_attempts),
        );
        if a != b {
            out.push(c.tf(
                "lookup.changed_attempts",
                &[
                    ("from", &a.unwrap_or(0).to_string()),
                    ("to", &b.unwrap_or(0).to_string()),
                ],
            ));
        }
        if o.summary.version != new.summary.version {
            out.push(c.tf(
                "lookup.changed_version",
                &[
                    ("from", &o.summary.version.to_string()),
                    ("to", &new.summary.version.to_string()),
                ],
            ));
        }
    }
    if out.is_empty() {
        out.push(c.ts("lookup.changed_unknown"));
    }
    out
}

fn op_done(l: &mut LookupState, cx: &mut Ctx, op: Op, created: Option<i64>) -> Cmds {
    let c = cx.cat();
    l.retry = None;
    let mut cmds = Vec::new();
    if let OpKind::Review { kind, .. } = &op.kind {
        let id = match kind {
            ReviewKind::PhoneRebind => DraftId::Rebind(op.account),
            _ => DraftId::Claim(op.account),
        };
        cmds.extend(forget_draft(cx, id));
    }
    *cx.error = None;
    let id = created.map(|i| i.to_string()).unwrap_or_default();
    let notice = match &op.kind {
        OpKind::Act { action, .. } => c.ts(match action {
            AccountAction::Unlock => "lookup.notice.unlocked",
            AccountAction::Freeze => "lookup.notice.frozen",
            AccountAction::Unfreeze => "lookup.notice.unfrozen",
        }),
        OpKind::ResendActivation => c.ts("lookup.notice.resent"),
        OpKind::Review {
            kind, ticket_id, ..
        } => {
            let what = label(&c, "lookup.review_kind", kind);
            match ticket_id {
                Some(t) => c.tf(
                    "lookup.notice.review_on_ticket",
                    &[("kind", &what), ("id", &id), ("ticket", &t.to_string())],
                ),
                None => c.tf("lookup.notice.review", &[("kind", &what), ("id", &id)]),
            }
        }
        OpKind::Ticket { .. } => {
            // A call without a ticket is logged on the new one.
            if let Some(t) = created {
                cmds.push(Cmd::Go(Link::CallFallbackTicket(t)));
            }
            c.tf("lookup.notice.ticket", &[("id", &id)])
        }
        OpKind::Reveal { .. } => String::new(),
    };
    cx.notice(notice);
    cmds.extend(load_card(l, cx, op.account));
    // The scan the caller sent goes with the review: the attach form opens on it at once.
    if let (OpKind::Review { kind, .. }, Some(review)) = (&op.kind, created) {
        if matches!(kind, ReviewKind::PhoneRebind | ReviewKind::IdentityClaim) {
            cmds.extend(super::attach::open(l, cx, review, *kind));
        }
    }
    cmds
}

fn op_failed(l: &mut LookupState, cx: &mut Ctx, op: Op, e: ClientError) -> Cmds {
    let c = cx.cat();
    if e.is_stale() {
        // Re-read, then ask again on the new version (with a new key: the 412 was final).
        cx.error(c.ts("lookup.stale"));
        l.retry = None;
        let account = op.account;
        l.stale = Some(op);
        return load_card(l, cx, account);
    }
    if e.is_indefinite() && e.status() != Some(429) {
        // The answer was lost: the same action repeated keeps its key (done once).
        l.retry = Some(op);
        let text = format!("{} {}", error_text(&c, &e), c.t("lookup.retry_safe"));
        let unauthorized = e.is_unauthorized();
        let cmd = cx.failed(e);
        if !unauthorized {
            cx.error(text);
        }
        return vec![cmd];
    }
    l.retry = None;
    match (e.status(), e.code()) {
        (Some(403), Some("supervisor_only")) => {
            cx.error(c.ts("lookup.supervisor_only"));
            vec![]
        }
        (Some(429), _) => {
            let msg = match &e {
                ClientError::Api { message, .. } => message.clone(),
                _ => String::new(),
            };
            let wait = msg
                .split("Wait ")
                .nth(1)
                .and_then(|r| r.split_whitespace().next())
                .and_then(|n| n.parse::<u64>().ok());
            cx.error(match wait {
                Some(w) => c.tf("lookup.rate_limited", &[("secs", &w.to_string())]),
                None => error_text(&c, &e),
            });
            vec![]
        }
        _ => vec![cx.failed(e)],
    }
}
