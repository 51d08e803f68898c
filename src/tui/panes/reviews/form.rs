//! The decision form: its keys (decision → reason → comment → note → confirmation), the
//! form filled from a saved draft, and the draft it holds now.

use tui_input::Input;

use super::msg::ReviewsEffect;
use super::state::{reasons_for, DecisionForm, ReviewsState, Stage, DECISIONS};
use super::update::{run, Cmds};
use crate::api::{Decision, DecisionRequest};
use crate::client::IdempotencyKey;
use crate::config::{Binding, KeyChord, Scope};
use crate::tui::context::Ctx;
use crate::tui::drafts::{DraftBody, DraftId};
use crate::tui::editor::handle_input;
use crate::tui::keymap::in_text;
use crate::tui::panes::Cmd;

/// A new decision form on review `id`: filled from its saved draft, if there is one.
pub fn from_draft(cx: &mut Ctx<'_>, id: i64) -> DecisionForm {
    let mut form = DecisionForm::new();
    let Some(draft) = cx.drafts.saved.get(&DraftId::Review(id)) else {
        return form;
    };
    let DraftBody::Decision {
        decision,
        reason,
        comment,
        note,
    } = &draft.body
    else {
        return form;
    };
    form.decision = DECISIONS.iter().position(|d| d == decision).unwrap_or(0);
    form.reason = reason
        .and_then(|r| reasons_for(*decision).iter().position(|x| *x == r))
        .unwrap_or(0);
    form.comment = Input::new(comment.clone());
    form.note = Input::new(note.clone());
    form.key = IdempotencyKey::from_string(draft.key.clone());
    let notice = draft.restored_notice(
        &cx.cat(),
        &cx.keymap.keys_label_in(Scope::Modal, Binding::Discard),
    );
    cx.notice(notice);
    form
}

impl ReviewsState {
    /// The draft the decision form holds now (none when nothing is typed in it).
    pub fn drafts(&self) -> Vec<(DraftId, Option<(DraftBody, String)>)> {
        let Some((o, f)) = self
            .open
            .as_ref()
            .and_then(|o| o.form.as_ref().map(|f| (o, f)))
        else {
            return vec![];
        };
        let body = typed(f).then(|| {
            let body = DraftBody::Decision {
                decision: f.chosen(),
                reason: f.chosen_reason(),
                comment: f.comment.value().to_string(),
                note: f.note.value().to_string(),
            };
            (body, f.key.as_str().to_string())
        });
        vec![(DraftId::Review(o.review.summary.id), body)]
    }
}

/// Something is typed in the comment or the note.
fn typed(f: &DecisionForm) -> bool {
    !f.comment.value().trim().is_empty() || !f.note.value().trim().is_empty()
}

/// Drop the draft of review `id` (sent, decided, or discarded on purpose).
pub(super) fn forget(cx: &mut Ctx<'_>, id: i64) -> Option<Cmd<ReviewsEffect>> {
    cx.drafts.forget(DraftId::Review(id)).map(Cmd::Draft)
}

/// A key while the decision form is open (it takes every key).
pub fn key(r: &mut ReviewsState, cx: &mut Ctx<'_>, k: KeyChord, b: Option<Binding>) -> Cmds {
    let c = cx.cat();
    let Some(o) = r.open.as_mut() else {
        return vec![];
    };
    let complete = o.checklist_complete();
    let ticked = o.ticked_items();
    let version = o.review.summary.version;
    let id = o.review.summary.id;
    let renewing = o.claiming.is_some();
    let stale_waiting = o.stale.is_some();
    let Some(f) = o.form.as_mut() else {
        return vec![];
    };
    if b == Some(Binding::Discard) && f.stage != Stage::Sending {
        // Discarding on purpose is the one way typed text goes without being sent.
        o.form = None;
        return forget(cx, id).into_iter().collect();
    }
    match f.stage {
        Stage::Decision => match b {
            Some(Binding::Cancel) if typed(f) => {
                f.problem = Some(cx.keymap.text_with_keys(
                    &c,
                    "reviews.form.discard_hint",
                    &[
                        ("next", Scope::Modal, &[Binding::Confirm]),
                        ("discard", Scope::Modal, &[Binding::Discard]),
                    ],
                    &[],
                ))
            }
            Some(Binding::Cancel) => o.form = None,
            Some(Binding::Confirm) => {
                if f.chosen() == Decision::Approve && !complete {
                    f.problem = Some(c.t("reviews.form.tick_all").to_string());
                } else {
                    f.problem = None;
                    f.reason = 0;
                    f.stage = Stage::Reason;
                }
            }
            Some(Binding::Up) => f.decision = f.decision.saturating_sub(1),
            Some(Binding::Down) => f.decision = (f.decision + 1).min(DECISIONS.len() - 1),
            _ => *cx.dirty = false,
        },
        Stage::Reason => match b {
            Some(Binding::Cancel) => f.stage = Stage::Decision,
            Some(Binding::Confirm) => f.stage = Stage::Comment,
            Some(Binding::Up) => f.reason = f.reason.saturating_sub(1),
            Some(Binding::Down) => {
                let n = reasons_for(f.chosen()).len();
                f.reason = (f.reason + 1).min(n.saturating_sub(1));
            }
            _ => *cx.dirty = false,
        },
        Stage::Comment | Stage::Note => match in_text(b, &k) {
            Some(Binding::Cancel) => {
                f.stage = if f.stage == Stage::Comment {
                    Stage::Reason
                } else {
                    Stage::Comment
                }
            }
            Some(Binding::Confirm) => {
                f.stage = if f.stage == Stage::Comment {
                    Stage::Note
                } else {
                    Stage::Confirm
                }
            }
            _ => {
                let input = if f.stage == Stage::Comment {
                    &mut f.comment
                } else {
                    &mut f.note
                };
                handle_input(input, &k);
            }
        },
        Stage::Confirm => match b {
            Some(Binding::Yes | Binding::Confirm) => {
                if stale_waiting {
                    f.problem = Some(c.t("reviews.form.rereading").to_string());
                    return vec![];
                }
                if renewing {
                    f.problem = Some(c.t("reviews.form.renewing").to_string());
                    return vec![];
                }
                let Some(reason) = f.chosen_reason() else {
                    f.stage = Stage::Reason;
                    return vec![];
                };
                let request = DecisionRequest {
                    decision: f.chosen(),
                    reason_code: reason,
                    checklist: ticked,
                    comment_to_user: f.comment.value().trim().to_string(),
                    internal_note: f.note.value().trim().to_string(),
                };
                f.problem = None;
                f.stage = Stage::Sending;
                // Stop renewing: a renewal now would change the version under the decision.
                o.renew_gen += 1;
                return vec![run(ReviewsEffect::Decide {
                    id,
                    version,
                    request,
                    key: f.key.clone(),
                })];
            }
            Some(Binding::No | Binding::Cancel) => {
                f.changed.clear();
                f.stage = Stage::Note;
            }
            _ => *cx.dirty = false,
        },
        Stage::Sending => *cx.dirty = false,
    }
    vec![]
}
