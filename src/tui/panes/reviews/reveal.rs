//! Revealing a number the open review shows masked (the submitted document's, the
//! record's): which one, then why (the lookup pane's reason form), then the request; the
//! value hides again after `REVEAL_SECS` (pure: returns commands, never does I/O).

use chrono::{DateTime, Utc};

use super::msg::ReviewsEffect;
use super::state::{OpenReview, RevealForm, ReviewsState, REVEAL_FIELDS};
use super::update::{run, Cmds};
use crate::api::{RevealField, ReviewRevealRequest};
use crate::client::IdempotencyKey;
use crate::config::{Binding, KeyChord, Scope};
use crate::tui::context::Ctx;
use crate::tui::keymap::in_text;
use crate::tui::reason::{edit_reason, ReasonFor, ReasonForm};

/// The reveal key: the form, for the claim holder or a supervisor (as the server allows).
pub fn start(o: &mut OpenReview, cx: &mut Ctx<'_>) -> Cmds {
    let c = cx.cat();
    let sum = &o.review.summary;
    let holds = sum.claimed_by.as_deref() == Some(cx.me())
        && sum.claim_expires_at.is_some_and(|u| u > cx.now);
    if !holds && !cx.is_supervisor() {
        let claim = cx.keymap.keys_label_in(Scope::Review, Binding::Claim);
        o.refusal = Some(c.tf("reviews.reveal.claim_first", &[("key", &claim)]));
        return vec![];
    }
    if o.revealing.is_some() {
        cx.error(c.t("error.busy"));
        return vec![];
    }
    o.refusal = None;
    o.reveal = Some(RevealForm {
        field: 0,
        reason: None,
    });
    vec![]
}

/// A key while the reveal form is open.
pub fn key(r: &mut ReviewsState, cx: &mut Ctx<'_>, k: KeyChord, b: Option<Binding>) -> Cmds {
    let c = cx.cat();
    let Some(o) = r.open.as_mut() else {
        return vec![];
    };
    let Some(form) = o.reveal.as_mut() else {
        return vec![];
    };
    if b == Some(Binding::Cancel) {
        o.reveal = None;
        return vec![];
    }
    let field = form.chosen();
    let reason = match form.reason.as_mut() {
        None => {
            let last = REVEAL_FIELDS.len() - 1;
            match b {
                Some(Binding::Up) => form.field = form.field.saturating_sub(1),
                Some(Binding::Down) => form.field = (form.field + 1).min(last),
                Some(Binding::Confirm) => {
                    // The lookup's reveal presets: the reasons are the same.
                    form.reason = Some(ReasonForm::new(ReasonFor::Reveal(
                        RevealField::DocumentNumber,
                    )));
                }
                _ => *cx.dirty = false,
            }
            return vec![];
        }
        Some(m) => match edit_reason(m, &c, k, in_text(b, &k)) {
            Some(reason) => reason,
            None => return vec![],
        },
    };
    o.reveal = None;
    let key = IdempotencyKey::new();
    o.revealing = Some(key.clone());
    vec![run(ReviewsEffect::Reveal {
        id: o.review.summary.id,
        request: ReviewRevealRequest { field, reason },
        key,
    })]
}

/// A clock tick: hide a revealed number when its time is up. Returns whether to redraw
/// (every second while one is shown: its countdown).
pub fn tick(r: &mut ReviewsState, now: DateTime<Utc>) -> bool {
    let Some(o) = r.open.as_mut() else {
        return false;
    };
    match &o.revealed {
        Some(x) if now >= x.until => {
            o.revealed = None;
            true
        }
        Some(_) => true,
        None => false,
    }
}
