//! Answers for the reviews pane: lists, counts, reads, images, claims and decisions
//! (pure: stale answers are dropped through [`Latest`](crate::tui::context::Latest)).

use super::form::forget;
use super::msg::{ReviewsAction, ReviewsEffect};
use super::state::{
    ClaimInFlight, OpenReview, Outcome, ReviewRevealed, ReviewsState, Stage, StaleDecision,
    RENEW_MARGIN_SECS,
};
use super::update::{fetch_images, load, read_ahead, reencode, reload, run, Cmds};
use crate::api::{DecisionRequest, Page, ReviewDetail, ReviewSummary};
use crate::client::{ClientError, IdempotencyKey};
use crate::sanitize::clean;
use crate::tui::context::{Ctx, Latest};
use crate::tui::locale::{changed_field, error_text, wire_name, Catalog};
use crate::tui::reason::REVEAL_SECS;

/// A server refusal in plain words (four eyes, claims, checklist…).
pub fn refusal_text(c: &Catalog, e: &ClientError) -> String {
    if let ClientError::Api { code, message, .. } = e {
        let key = format!("reviews.refusal.{code}");
        let text = c.tf(&key, &[("message", &clean(message))]);
        if text != key {
            return text;
        }
    }
    error_text(c, e)
}

/// The next page, read ahead: appended (rows already shown are not repeated), then the
/// moves that waited for it are applied.
fn more_listed(
    r: &mut ReviewsState,
    cx: &mut Ctx<'_>,
    result: Result<Page<ReviewSummary>, ClientError>,
) -> Cmds {
    match result {
        Ok(page) => {
            for row in page.items {
                if !r.rows.iter().any(|x| x.id == row.id) {
                    r.rows.push(row);
                }
            }
            r.total = page.total;
            r.next_cursor = page.next_cursor;
            let held = std::mem::take(&mut r.held_moves);
            let last = r.rows.len().saturating_sub(1);
            r.selected = (r.selected + held).min(last);
            read_ahead(r, cx)
        }
        Err(e) => {
            r.held_moves = 0;
            vec![cx.failed(e)]
        }
    }
}

fn schedule_renewal(o: &mut OpenReview, now: chrono::DateTime<chrono::Utc>) -> Cmds {
    let Some(until) = o.review.summary.claim_expires_at else {
        return vec![];
    };
    o.renew_gen += 1;
    let secs = ((until - now).num_seconds() - RENEW_MARGIN_SECS).max(10);
    vec![run(ReviewsEffect::RenewAfter {
        id: o.review.summary.id,
        gen: o.renew_gen,
        secs: u64::try_from(secs).unwrap_or(10),
    })]
}

/// What changed between two reads of a review (shown when a decision was stale).
pub fn describe_changes(c: &Catalog, old: &ReviewDetail, new: &ReviewDetail) -> Vec<String> {
    let (a, b) = (&old.summary, &new.summary);
    let mut out = Vec::new();
    let none = c.t("queue.unassigned").to_string();
    let mut field =
        |key: &str, from: String, to: String| out.extend(changed_field(c, key, from, to));
    field(
        "reviews.col.state",
        c.ts(&format!("reviews.state.{}", wire_name(&a.state))),
        c.ts(&format!("reviews.state.{}", wire_name(&b.state))),
    );
    let who = |w: &Option<String>| w.as_deref().map(clean).unwrap_or_else(|| none.clone());
    field("reviews.col.claim", who(&a.claimed_by), who(&b.claimed_by));
    field(
        "reviews.first_approver_label",
        who(&a.first_approver),
        who(&b.first_approver),
    );
    for d in new.decisions.iter().skip(old.decisions.len()) {
        out.push(c.tf(
            "reviews.stale_decision",
            &[
                ("who", &clean(&d.reviewer)),
                (
                    "decision",
                    &c.ts(&format!("reviews.decision.{}", wire_name(&d.decision))),
                ),
            ],
        ));
    }
    if out.is_empty() {
        out.push(c.t("stale.nothing_visible").to_string());
    }
    out
}

/// The open review, when it is review `id`.
fn open_as(r: &mut ReviewsState, id: i64) -> Option<&mut OpenReview> {
    r.open.as_mut().filter(|o| o.review.summary.id == id)
}

/// An answer for the pane.
pub fn on_action(r: &mut ReviewsState, cx: &mut Ctx<'_>, a: ReviewsAction) -> Cmds {
    let c = cx.cat();
    match a {
        ReviewsAction::Listed { req, result } => {
            if r.more.settle(req) {
                return more_listed(r, cx, result);
            }
            if !r.pending.settle(req) {
                *cx.dirty = false;
                return vec![];
            }
            match result {
                Ok(page) => {
                    let keep = r.rows.get(r.selected).map(|x| x.id);
                    r.selected = keep
                        .and_then(|id| page.items.iter().position(|x| x.id == id))
                        .unwrap_or(r.selected.min(page.items.len().saturating_sub(1)));
                    r.rows = page.items;
                    r.total = page.total;
                    r.next_cursor = page.next_cursor;
                    return read_ahead(r, cx);
                }
                // Offline goes to the title bar and its probes; an expired session to sign-in.
                Err(e) => return vec![cx.failed(e)],
            }
        }
        ReviewsAction::Counted { req, result } => {
            if !r.pending_counts.settle(req) {
                *cx.dirty = false;
                return vec![];
            }
            if let Ok(counts) = result {
                r.counts = counts;
            }
        }
        ReviewsAction::Loaded { req, result } => return loaded(r, cx, &c, req, result),
        ReviewsAction::ImageFetched { id, which, result } => {
            let Some(o) = open_as(r, id) else {
                *cx.dirty = false;
                return vec![];
            };
            match result {
                Ok(bytes) => {
                    o.slot_mut(which).bytes = Some(bytes);
                    return reencode(r, cx);
                }
                Err(e) => {
                    let slot = o.slot_mut(which);
                    // Asked again at the next read (after a claim, say).
                    slot.sha = None;
                    slot.error = Some(refusal_text(&c, &e));
                }
            }
        }
        ReviewsAction::ImageEncoded {
            id,
            which,
            size,
            result,
        } => {
            let Some(o) = open_as(r, id) else {
                *cx.dirty = false;
                return vec![];
            };
            let slot = o.slot_mut(which);
            if slot.encoding != Some(size) {
                // An older size: a newer encoding is on its way.
                *cx.dirty = false;
                return vec![];
            }
            slot.encoding = None;
            match result {
                Ok(img) => {
                    slot.encoded = Some((img, size));
                    slot.error = None;
                }
                Err(e) => slot.error = Some(c.tf("reviews.image_error", &[("why", &clean(&e))])),
            }
        }
        ReviewsAction::Claimed { id, key, result } => {
            let Some(o) = open_as(r, id) else {
                *cx.dirty = false;
                return vec![];
            };
            let renewal = o.claiming.as_ref().is_some_and(|x| x.renewal);
            o.claiming = None;
            match result {
                Ok(detail) => {
                    o.claim_key = None;
                    adopt(o, detail);
                    if !renewal {
                        cx.notice(c.t("reviews.claimed"));
                    }
                    *cx.error = None;
                    let mut out = schedule_renewal(o, cx.now);
                    out.extend(fetch_images(r, cx));
                    return out;
                }
                Err(e) if e.is_indefinite() => {
                    // No definite answer: the next attempt reuses the key (no double claim).
                    o.claim_key = Some(key);
                    cx.error(error_text(&c, &e));
                }
                Err(e) => {
                    o.refusal = Some(refusal_text(&c, &e));
                    return load(r, cx, id);
                }
            }
        }
        ReviewsAction::Released { id, result } => {
            if let Err(e) = result {
                // Not given back: the lease lapses by itself; nothing the reviewer must do.
                tracing::warn!(review = id, error = %e, "claim not released");
                if e.is_unauthorized() {
                    return vec![cx.failed(e)];
                }
            }
            return reload(r, cx);
        }
        ReviewsAction::RenewDue { id, gen } => {
            let me = cx.me();
            let Some(o) = r.open.as_mut().filter(|o| {
                o.review.summary.id == id
                    && o.renew_gen == gen
                    && o.claiming.is_none()
                    && o.review.summary.claimed_by.as_deref() == Some(me)
                    && !o.form.as_ref().is_some_and(|f| f.stage == Stage::Sending)
            }) else {
                *cx.dirty = false;
                return vec![];
            };
            let key = IdempotencyKey::new();
            o.claiming = Some(ClaimInFlight {
                key: key.clone(),
                renewal: true,
            });
            *cx.dirty = false;
            return vec![run(ReviewsEffect::Claim { id, key })];
        }
        ReviewsAction::Decided {
            id,
            request,
            key,
            result,
        } => return decided(r, cx, &c, id, request, key, result),
        ReviewsAction::Revealed { id, key, result } => {
            let Some(o) = open_as(r, id).filter(|o| o.revealing.as_ref() == Some(&key)) else {
                *cx.dirty = false;
                return vec![];
            };
            o.revealing = None;
            match result {
                Ok(x) => {
                    o.revealed = Some(ReviewRevealed {
                        field: x.field,
                        value: x.value,
                        until: cx.now + chrono::Duration::seconds(REVEAL_SECS),
                    });
                    o.refusal = None;
                    cx.notice(c.tf(
                        "lookup.notice.revealed",
                        &[("secs", &REVEAL_SECS.to_string())],
                    ));
                }
                Err(e) => o.refusal = Some(refusal_text(&c, &e)),
            }
        }
        ReviewsAction::AccountLoaded { req, result } => {
            let out = r.open.as_mut().and_then(|o| o.outcome.as_mut());
            let Some(out) = out.filter(|x| x.pending_account.is(req)) else {
                *cx.dirty = false;
                return vec![];
            };
            out.pending_account.forget();
            match result {
                Ok(acc) => out.account = Some(acc),
                Err(e) => return vec![cx.failed(e)],
            }
        }
    }
    vec![]
}

/// Take a fresh read, keeping the ticks when the checklist is the same.
fn adopt(o: &mut OpenReview, detail: ReviewDetail) {
    if detail.checklist != o.review.checklist || o.ticked.len() != detail.checklist.len() {
        o.ticked = vec![false; detail.checklist.len()];
        o.cursor = 0;
    }
    o.review = detail;
    o.loaded = true;
    if let Some(out) = o.outcome.as_mut() {
        out.review_read = true;
    }
}

fn loaded(
    r: &mut ReviewsState,
    cx: &mut Ctx<'_>,
    c: &Catalog,
    req: u64,
    result: Result<ReviewDetail, ClientError>,
) -> Cmds {
    let Some(o) = r.open.as_mut().filter(|o| o.pending_read.is(req)) else {
        *cx.dirty = false;
        return vec![];
    };
    o.pending_read.forget();
    let detail = match result {
        Ok(d) => d,
        Err(e) => return vec![cx.failed(e)],
    };
    if let Some(stale) = o.stale.take() {
        // Ask again, showing what changed; the old key got a definite answer (412).
        let changes = describe_changes(c, &stale.before, &detail);
        if let Some(f) = o.form.as_mut() {
            f.changed = changes;
            f.key = IdempotencyKey::new();
            f.stage = Stage::Confirm;
            f.problem = None;
        }
    }
    if let Some(row) = r.rows.iter_mut().find(|x| x.id == detail.summary.id) {
        *row = detail.summary.clone();
    }
    let id = detail.summary.id;
    let decided = detail.summary.state.is_final();
    adopt(o, detail);
    let mut out = Vec::new();
    if decided {
        // Nothing can be decided on it any more: a kept decision would only wait forever.
        o.form = None;
        out.extend(forget(cx, id));
    }
    out.extend(fetch_images(r, cx));
    out
}

fn decided(
    r: &mut ReviewsState,
    cx: &mut Ctx<'_>,
    c: &Catalog,
    id: i64,
    request: DecisionRequest,
    key: IdempotencyKey,
    result: Result<(), ClientError>,
) -> Cmds {
    let Some(o) = open_as(r, id) else {
        // The review was closed meanwhile; still say how it went.
        match result {
            Ok(()) => cx.notice(c.t("reviews.decided")),
            Err(e) => cx.error(refusal_text(c, &e)),
        }
        return vec![];
    };
    match result {
        Ok(()) => {
            o.form = None;
            o.refusal = None;
            let account = o.review.summary.account_id;
            let dropped = forget(cx, id);
            let mut pending_account = Latest::default();
            let req = pending_account.issue(cx);
            o.outcome = Some(Outcome {
                request,
                review_read: false,
                account: None,
                pending_account,
            });
            cx.notice(c.t("reviews.decided"));
            *cx.error = None;
            let mut out: Cmds = dropped.into_iter().collect();
            out.extend(load(r, cx, id));
            out.push(run(ReviewsEffect::LoadAccount { req, id: account }));
            out.extend(reload(r, cx));
            out
        }
        Err(e) if e.is_stale() => {
            o.stale = Some(StaleDecision {
                before: o.review.clone(),
            });
            if let Some(f) = o.form.as_mut() {
                f.stage = Stage::Confirm;
                f.problem = Some(c.t("reviews.form.rereading").to_string());
            }
            cx.error(c.t("reviews.stale"));
            load(r, cx, id)
        }
        Err(e) if e.is_indefinite() => {
            // No definite answer: keep the key, so sending again cannot decide twice.
            if let Some(f) = o.form.as_mut() {
                f.key = key;
                f.stage = Stage::Confirm;
                f.problem = Some(c.t("reviews.form.no_answer").to_string());
            }
            cx.error(error_text(c, &e));
            vec![]
        }
        Err(e) => {
            let text = refusal_text(c, &e);
            let fixable = matches!(e.status(), Some(400));
            if fixable {
                if let Some(f) = o.form.as_mut() {
                    f.key = IdempotencyKey::new();
                    f.stage = Stage::Decision;
                    f.problem = Some(text.clone());
                }
            } else {
                o.form = None;
            }
            o.refusal = Some(text);
            load(r, cx, id)
        }
    }
}
