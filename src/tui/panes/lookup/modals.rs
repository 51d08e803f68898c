//! The forms over the card, one function each: a key edits the form in place and says
//! what follows ([`Next`]); [`key`] dispatches and carries that out.

use tui_input::Input;

use super::msg::{Op, OpKind};
use super::state::{
    ClaimForm, LookupState, Menu, Modal, ReasonFor, ReasonForm, RebindForm, REVEAL_FIELDS,
};
use super::update::{forget_draft, linked_ticket, start_keyed, start_op, Cmds};
use super::words::phone_error;
use crate::api::{AccountDetail, Category, Channel, ReviewKind};
use crate::client::IdempotencyKey;
use crate::config::{Binding, KeyChord};
use crate::domain::phone;
use crate::sanitize::clean;
use crate::tui::context::Ctx;
use crate::tui::drafts::DraftId;
use crate::tui::editor::handle_input;
use crate::tui::keymap::in_text;
use crate::tui::locale::label;
use crate::tui::panes::CallLink;
use crate::tui::reason::edit_reason;

/// What a key on a form leads to.
pub enum Next {
    /// The form stays open (edited in place).
    Stay,
    /// This form replaces it.
    Open(Modal),
    /// Send this write on the account (the form closes).
    Send(OpKind),
    /// Ask for a manual review with the form's own key (the form closes).
    Review {
        /// Account concerned.
        account: i64,
        /// Rebind or claim.
        kind: ReviewKind,
        /// New phone (rebind).
        new_phone: Option<String>,
        /// Note for the reviewers.
        note: String,
        /// The key its draft keeps.
        key: IdempotencyKey,
    },
}

/// A key while a form is open.
pub fn key(
    l: &mut LookupState,
    cx: &mut Ctx,
    call: Option<&CallLink>,
    k: KeyChord,
    b: Option<Binding>,
) -> Cmds {
    if b == Some(Binding::Cancel) {
        // What was typed in a review request stays as a draft for its next opening.
        l.modal = None;
        *cx.error = None;
        return vec![];
    }
    if let Some(Modal::Attach(f)) = l.modal.as_mut() {
        return super::attach::key(f, cx, k, b);
    }
    let Some(account) = l.target().map(|a| a.id) else {
        l.modal = None;
        return vec![];
    };
    if b == Some(Binding::Discard) {
        // Discard the form and its draft.
        let id = match l.modal.take() {
            Some(Modal::Rebind(_)) => Some(DraftId::Rebind(account)),
            Some(Modal::Claim(f)) => Some(DraftId::Claim(f.account)),
            _ => None,
        };
        return id.and_then(|id| forget_draft(cx, id)).into_iter().collect();
    }
    let card = l.card.as_ref();
    let next = match l.modal.as_mut() {
        Some(Modal::Field(m)) => field_key(m, b),
        Some(Modal::Reason(m)) => reason_key(m, cx, k, in_text(b, &k), card),
        Some(Modal::Rebind(m)) => rebind_key(m, cx, k, b, account),
        Some(Modal::Claim(m)) => claim_key(m, cx, k, b),
        Some(Modal::NewTicket(m)) => ticket_key(m, cx, b, card, call.is_some()),
        Some(Modal::Attach(_)) | None => Next::Stay,
    };
    match next {
        Next::Stay => vec![],
        Next::Open(m) => {
            l.modal = Some(m);
            vec![]
        }
        Next::Send(kind) => start_op(l, cx, account, kind),
        Next::Review {
            account,
            kind,
            new_phone,
            note,
            key,
        } => {
            let kind = OpKind::Review {
                kind,
                ticket_id: linked_ticket(l, call),
                new_phone,
                note,
            };
            start_keyed(l, cx, Op { account, kind, key })
        }
    }
}

/// Which field to reveal.
fn field_key(m: &mut Menu, b: Option<Binding>) -> Next {
    let last = REVEAL_FIELDS.len() - 1;
    match b {
        Some(Binding::Up) => m.selected = m.selected.saturating_sub(1),
        Some(Binding::Down) => m.selected = (m.selected + 1).min(last),
        Some(Binding::Confirm) => {
            let field = REVEAL_FIELDS[m.selected.min(last)];
            return Next::Open(Modal::Reason(ReasonForm::new(ReasonFor::Reveal(field))));
        }
        _ => {}
    }
    Next::Stay
}

/// The reason of a reveal or an account action: a preset, or typed.
fn reason_key(
    m: &mut ReasonForm,
    cx: &Ctx,
    k: KeyChord,
    b: Option<Binding>,
    card: Option<&AccountDetail>,
) -> Next {
    match edit_reason(m, &cx.cat(), k, b) {
        Some(reason) => Next::Send(match m.purpose {
            ReasonFor::Reveal(field) => OpKind::Reveal { field, reason },
            ReasonFor::Act(action) => OpKind::Act {
                action,
                version: card.map(|d| d.summary.version).unwrap_or_default(),
                reason,
            },
        }),
        None => Next::Stay,
    }
}

/// Phone rebind: a valid new number and the ID scan are required.
fn rebind_key(
    m: &mut RebindForm,
    cx: &mut Ctx,
    k: KeyChord,
    b: Option<Binding>,
    account: i64,
) -> Next {
    let c = cx.cat();
    // The box ticks with its key; on the text fields that key is text like any other.
    let toggle = b == Some(Binding::Toggle) && m.focus == 1;
    match in_text(b, &k) {
        _ if toggle => m.scan_received = !m.scan_received,
        Some(Binding::NextField | Binding::Down) => m.focus = (m.focus + 1) % 3,
        Some(Binding::PrevField | Binding::Up) => m.focus = (m.focus + 2) % 3,
        Some(Binding::Confirm) => {
            let new_phone = match phone::normalize_mobile(m.number.value()) {
                Ok(p) => p,
                Err(e) => {
                    cx.error(phone_error(&c, &e, "lookup.rebind.bad_number"));
                    m.focus = 0;
                    return Next::Stay;
                }
            };
            if !m.scan_received {
                cx.error(c.ts("lookup.rebind.scan_required"));
                m.focus = 1;
                return Next::Stay;
            }
            return Next::Review {
                account,
                kind: ReviewKind::PhoneRebind,
                new_phone: Some(new_phone),
                note: with_note(c.ts("lookup.rebind.scan_note"), &m.note),
                key: m.key.clone(),
            };
        }
        _ => match m.focus {
            0 => {
                handle_input(&mut m.number, &k);
            }
            2 => {
                handle_input(&mut m.note, &k);
            }
            _ => {}
        },
    }
    Next::Stay
}

/// Identity claim: the application form and ID copy must have been received.
fn claim_key(m: &mut ClaimForm, cx: &mut Ctx, k: KeyChord, b: Option<Binding>) -> Next {
    let c = cx.cat();
    let toggle = b == Some(Binding::Toggle) && m.focus == 0;
    match in_text(b, &k) {
        _ if toggle => m.received = !m.received,
        Some(Binding::NextField | Binding::PrevField | Binding::Up | Binding::Down) => {
            m.focus = 1 - m.focus.min(1)
        }
        Some(Binding::Confirm) => {
            if !m.received {
                cx.error(c.ts("lookup.claim.received_required"));
                m.focus = 0;
                return Next::Stay;
            }
            return Next::Review {
                account: m.account,
                kind: ReviewKind::IdentityClaim,
                new_phone: None,
                note: with_note(c.ts("lookup.claim.received_note"), &m.note),
                key: m.key.clone(),
            };
        }
        _ => {
            if m.focus == 1 {
                handle_input(&mut m.note, &k);
            }
        }
    }
    Next::Stay
}

/// The category of a new ticket on the account (by phone while on a call).
fn ticket_key(
    m: &mut Menu,
    cx: &Ctx,
    b: Option<Binding>,
    card: Option<&AccountDetail>,
    on_call: bool,
) -> Next {
    let last = Category::ALL.len() - 1;
    match b {
        Some(Binding::Up) => m.selected = m.selected.saturating_sub(1),
        Some(Binding::Down) => m.selected = (m.selected + 1).min(last),
        Some(Binding::Confirm) => {
            let c = cx.cat();
            let category = Category::ALL[m.selected.min(last)];
            let login = card.map(|d| clean(&d.summary.login)).unwrap_or_default();
            let subject = c.tf(
                "lookup.ticket_subject",
                &[
                    ("category", &label(&c, "category", &category)),
                    ("login", &login),
                ],
            );
            return Next::Send(OpKind::Ticket {
                category,
                channel: if on_call {
                    Channel::Phone
                } else {
                    Channel::Email
                },
                subject,
                body: c.ts("lookup.ticket_body"),
            });
        }
        _ => {}
    }
    Next::Stay
}

/// The fixed note of a review request, then what the operator added.
fn with_note(fixed: String, extra: &Input) -> String {
    match extra.value().trim() {
        "" => fixed,
        extra => format!("{fixed} {extra}"),
    }
}
