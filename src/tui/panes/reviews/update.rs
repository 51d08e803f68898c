//! Keys and answers of the reviews pane (pure: returns effects, never does I/O).

use super::images::Graphics;
use super::msg::{ReviewsAction, ReviewsEffect};
use super::state::{
    cycle, reasons_for, ClaimInFlight, OpenReview, Outcome, ReviewsState, Stage, StaleDecision,
    DECISIONS, IMAGES, OPEN_STATES, RENEW_MARGIN_SECS,
};
use super::view::image_cells;
use crate::api::{Decision, DecisionRequest, DocumentKind, ReviewDetail, ReviewKind, ReviewState};
use crate::client::{ClientError, IdempotencyKey};
use crate::config::{Binding, Key, KeyChord};
use crate::sanitize::clean;
use crate::tui::action::Effect;
use crate::tui::drafts::{self, DraftId};
use crate::tui::editor::handle_input;
use crate::tui::locale::error_text;
use crate::tui::locale::{wire_name, Catalog};
use crate::tui::state::State;

fn fx(e: ReviewsEffect) -> Effect {
    Effect::Reviews(e)
}

fn me(s: &State) -> String {
    s.operator
        .as_ref()
        .map(|o| o.id.clone())
        .unwrap_or_default()
}

/// The pane became active: load the queue the first time.
pub fn entered(s: &mut State) -> Vec<Effect> {
    if s.reviews.requested {
        return vec![];
    }
    reload(s)
}

/// Live refresh: the queue and counts (the open review is re-read too).
pub fn refresh(s: &mut State) -> Vec<Effect> {
    let mut out = reload(s);
    if let Some(id) = s.reviews.open.as_ref().map(|o| o.review.summary.id) {
        if s.reviews.open.as_ref().is_some_and(|o| o.form.is_none()) {
            out.extend(load(s, id));
        }
    }
    out
}

/// Reload the queue and the counts per state.
pub fn reload(s: &mut State) -> Vec<Effect> {
    let req = s.request_id();
    let creq = s.request_id();
    let r = &mut s.reviews;
    r.requested = true;
    r.pending = Some(req);
    r.pending_counts = Some(creq);
    let query = r.filter.query();
    let count_query = crate::api::ReviewCountQuery {
        kind: query.kind.clone(),
        document_kind: query.document_kind.clone(),
    };
    vec![
        fx(ReviewsEffect::List { req, query }),
        fx(ReviewsEffect::Count {
            req: creq,
            query: count_query,
        }),
    ]
}

/// Re-read the open review.
pub(crate) fn load(s: &mut State, id: i64) -> Vec<Effect> {
    let req = s.request_id();
    if let Some(o) = s.reviews.open.as_mut() {
        o.pending_read = Some(req);
    }
    vec![fx(ReviewsEffect::Load { req, id })]
}

/// The wanted cell size of each image now.
fn wanted(s: &State, which: crate::client::ReviewImage) -> (u16, u16) {
    let zoom = s.reviews.open.as_ref().and_then(|o| o.zoom);
    image_cells(s.size, zoom, which)
}

/// Encode images again when the size they need changed (resize, zoom).
pub fn reencode(s: &mut State) -> Vec<Effect> {
    if !s.reviews.graphics.shows_images() {
        return vec![];
    }
    let sizes = IMAGES.map(|w| (w, wanted(s, w)));
    let Some(o) = s.reviews.open.as_mut() else {
        return vec![];
    };
    let id = o.review.summary.id;
    let mut out = Vec::new();
    for (which, size) in sizes {
        if size.0 == 0 || size.1 == 0 {
            continue;
        }
        let slot = o.slot_mut(which);
        let have = slot.encoded.as_ref().map(|(_, sz)| *sz);
        if have == Some(size) || slot.encoding == Some(size) {
            continue;
        }
        if let Some(bytes) = slot.bytes.clone() {
            slot.encoding = Some(size);
            out.push(fx(ReviewsEffect::EncodeImage {
                id,
                which,
                bytes,
                size,
            }));
        }
    }
    out
}

/// Whether the pane takes every key (the decision form is open).
pub fn captures_keys(s: &State) -> bool {
    s.reviews.open.as_ref().is_some_and(|o| o.form.is_some())
}

/// Leave the open review: stop renewing, give back a claim held on it (so another
/// reviewer can take it at once), clear images, and re-read the list (after the release,
/// when there is one, so the list shows it).
pub fn close(s: &mut State) -> Vec<Effect> {
    let me = me(s);
    let now = s.now;
    let r = &mut s.reviews;
    let Some(o) = r.open.take() else {
        return vec![];
    };
    if r.graphics.leaves_pixels() && o.images.iter().any(|i| i.encoded.is_some()) {
        r.clear_graphics = true;
    }
    let held = &o.review.summary;
    if held.claimed_by.as_deref() == Some(me.as_str())
        && held.claim_expires_at.is_some_and(|u| u > now)
        && !held.state.is_final()
    {
        let key = IdempotencyKey::new();
        return vec![fx(ReviewsEffect::Release { id: held.id, key })];
    }
    reload(s)
}

/// A key in the pane (after the global bindings).
pub fn key(s: &mut State, k: KeyChord, b: Option<Binding>) -> Vec<Effect> {
    if captures_keys(s) {
        return form_key(s, k);
    }
    if s.reviews.open.is_some() {
        return review_key(s, b);
    }
    queue_key(s, b)
}

fn queue_key(s: &mut State, b: Option<Binding>) -> Vec<Effect> {
    let r = &mut s.reviews;
    match b {
        Some(Binding::Down) => {
            if r.selected + 1 < r.rows.len() {
                r.selected += 1;
            }
        }
        Some(Binding::Up) => r.selected = r.selected.saturating_sub(1),
        Some(Binding::PageDown) => {
            r.selected = (r.selected + 10).min(r.rows.len().saturating_sub(1));
        }
        Some(Binding::PageUp) => r.selected = r.selected.saturating_sub(10),
        Some(Binding::Refresh) => return reload(s),
        Some(Binding::ReviewFilterKind) => {
            r.filter.kind = cycle(r.filter.kind, &ReviewKind::ALL);
            r.selected = 0;
            return reload(s);
        }
        Some(Binding::ReviewFilterState) => {
            r.filter.state = cycle(r.filter.state, &ReviewState::ALL);
            r.selected = 0;
            return reload(s);
        }
        Some(Binding::ReviewFilterDocument) => {
            r.filter.document = cycle(r.filter.document, &DocumentKind::ALL);
            r.selected = 0;
            return reload(s);
        }
        Some(Binding::Back) => {
            if r.filter != Default::default() {
                r.filter = Default::default();
                r.selected = 0;
                return reload(s);
            }
        }
        Some(Binding::Open) => {
            if let Some(row) = r.rows.get(r.selected).cloned() {
                return open(s, &row);
            }
        }
        _ => s.dirty = false,
    }
    vec![]
}

/// Open a review from its list row: read it and fetch its images.
pub fn open(s: &mut State, row: &crate::api::ReviewSummary) -> Vec<Effect> {
    s.reviews.open = Some(OpenReview::from_row(row));
    s.error = None;
    if s.drafts.saved.contains_key(&DraftId::Review(row.id)) {
        let key = s.keymap.keys_label(Binding::ReviewDecide);
        s.notice = Some(Catalog::new(s.lang).tf("drafts.review_waiting", &[("key", &key)]));
    }
    let mut out = load(s, row.id);
    if s.reviews.graphics.shows_images() {
        for which in IMAGES {
            out.push(fx(ReviewsEffect::FetchImage { id: row.id, which }));
        }
    }
    out
}

fn review_key(s: &mut State, b: Option<Binding>) -> Vec<Effect> {
    let c = Catalog::new(s.lang);
    let me = me(s);
    let now = s.now;
    let Some(o) = s.reviews.open.as_mut() else {
        return vec![];
    };
    let id = o.review.summary.id;
    match b {
        Some(Binding::Back) => {
            if o.zoom.is_some() {
                o.zoom = None;
                if s.reviews.graphics.leaves_pixels() {
                    s.reviews.clear_graphics = true;
                }
                return reencode(s);
            }
            return close(s);
        }
        Some(Binding::Down) => {
            o.cursor = (o.cursor + 1).min(o.ticked.len().saturating_sub(1));
        }
        Some(Binding::Up) => o.cursor = o.cursor.saturating_sub(1),
        Some(Binding::ReviewTick) => {
            if let Some(t) = o.ticked.get_mut(o.cursor) {
                *t = !*t;
            }
            o.refusal = None;
        }
        Some(Binding::Refresh) => return load(s, id),
        Some(Binding::Claim) => {
            if o.claiming.is_some() {
                s.error = Some(c.t("error.busy").to_string());
                return vec![];
            }
            if o.review.summary.state.is_final() {
                o.refusal = Some(c.t("reviews.refusal.already_decided").to_string());
                return vec![];
            }
            o.refusal = None;
            let key = o.claim_key.take().unwrap_or_else(IdempotencyKey::new);
            o.claiming = Some(ClaimInFlight {
                key: key.clone(),
                renewal: false,
            });
            return vec![fx(ReviewsEffect::Claim { id, key })];
        }
        Some(Binding::ReviewDecide) => {
            let r = &o.review.summary;
            if r.state.is_final() {
                o.refusal = Some(c.t("reviews.refusal.already_decided").to_string());
                return vec![];
            }
            let mine = r.claimed_by.as_deref() == Some(me.as_str())
                && r.claim_expires_at.is_some_and(|u| u > now);
            if !mine {
                let claim = s.keymap.keys_label(Binding::Claim);
                o.refusal = Some(c.tf("reviews.claim_first", &[("key", &claim)]));
                return vec![];
            }
            o.refusal = None;
            o.outcome = None;
            // A decision typed before a crash or a dropped link comes back as it was.
            let form = drafts::decision_form(s, id);
            if let Some(o) = s.reviews.open.as_mut() {
                o.form = Some(form);
            }
        }
        Some(Binding::ReviewZoom) => {
            o.zoom = match o.zoom {
                None => Some(crate::client::ReviewImage::Document),
                Some(crate::client::ReviewImage::Document) => {
                    Some(crate::client::ReviewImage::Selfie)
                }
                Some(crate::client::ReviewImage::Selfie) => None,
            };
            if s.reviews.graphics.leaves_pixels() {
                s.reviews.clear_graphics = true;
            }
            return reencode(s);
        }
        _ => s.dirty = false,
    }
    vec![]
}

fn form_key(s: &mut State, k: KeyChord) -> Vec<Effect> {
    let c = Catalog::new(s.lang);
    let b = s.keymap.binding(&k);
    let Some(o) = s.reviews.open.as_mut() else {
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
    let up = k.key == Key::Up || (b == Some(Binding::Up) && k.key != Key::Char('k'));
    let down = k.key == Key::Down || (b == Some(Binding::Down) && k.key != Key::Char('j'));
    let up = up || k == KeyChord::ch('k');
    let down = down || k == KeyChord::ch('j');
    let typed = !f.comment.value().trim().is_empty() || !f.note.value().trim().is_empty();
    if k == KeyChord::ctrl('x') && f.stage != Stage::Sending {
        // Discarding on purpose is the one way typed text goes without being sent.
        o.form = None;
        return drafts::forget(s, DraftId::Review(id)).into_iter().collect();
    }
    match f.stage {
        Stage::Decision => match k.key {
            Key::Esc if typed => f.problem = Some(c.t("reviews.form.discard_hint").to_string()),
            Key::Esc => o.form = None,
            Key::Enter => {
                if f.chosen() == Decision::Approve && !complete {
                    f.problem = Some(c.t("reviews.form.tick_all").to_string());
                } else {
                    f.problem = None;
                    f.reason = 0;
                    f.stage = Stage::Reason;
                }
            }
            _ if up => f.decision = f.decision.saturating_sub(1),
            _ if down => f.decision = (f.decision + 1).min(DECISIONS.len() - 1),
            _ => s.dirty = false,
        },
        Stage::Reason => match k.key {
            Key::Esc => f.stage = Stage::Decision,
            Key::Enter => f.stage = Stage::Comment,
            _ if up => f.reason = f.reason.saturating_sub(1),
            _ if down => {
                let n = reasons_for(f.chosen()).len();
                f.reason = (f.reason + 1).min(n.saturating_sub(1));
            }
            _ => s.dirty = false,
        },
        Stage::Comment | Stage::Note => match k.key {
            Key::Esc => {
                f.stage = if f.stage == Stage::Comment {
                    Stage::Reason
                } else {
                    Stage::Comment
                }
            }
            Key::Enter => {
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
        Stage::Confirm => match k.key {
            Key::Char('y') | Key::Char('Y') | Key::Enter => {
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
                return vec![fx(ReviewsEffect::Decide {
                    id,
                    version,
                    request,
                    key: f.key.clone(),
                })];
            }
            Key::Char('n') | Key::Char('N') | Key::Esc => {
                f.changed.clear();
                f.stage = Stage::Note;
            }
            _ => s.dirty = false,
        },
        Stage::Sending => s.dirty = false,
    }
    vec![]
}

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

fn schedule_renewal(o: &mut OpenReview, now: chrono::DateTime<chrono::Utc>) -> Vec<Effect> {
    let Some(until) = o.review.summary.claim_expires_at else {
        return vec![];
    };
    o.renew_gen += 1;
    let secs = ((until - now).num_seconds() - RENEW_MARGIN_SECS).max(10);
    vec![fx(ReviewsEffect::RenewAfter {
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
    let mut field = |key: &str, from: String, to: String| {
        if from != to {
            out.push(c.tf(
                "stale.field",
                &[("field", c.t(key)), ("from", &from), ("to", &to)],
            ));
        }
    };
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

/// An answer for the pane.
pub fn on_action(s: &mut State, a: ReviewsAction) -> Vec<Effect> {
    let c = Catalog::new(s.lang);
    let now = s.now;
    match a {
        ReviewsAction::Listed { req, result } => {
            let r = &mut s.reviews;
            if r.pending != Some(req) {
                s.dirty = false;
                return vec![];
            }
            r.pending = None;
            match result {
                Ok(page) => {
                    let keep = r.rows.get(r.selected).map(|x| x.id);
                    r.selected = keep
                        .and_then(|id| page.items.iter().position(|x| x.id == id))
                        .unwrap_or(r.selected.min(page.items.len().saturating_sub(1)));
                    r.rows = page.items;
                    r.total = page.total;
                }
                // Offline goes to the title bar and its probes; an expired session to sign-in.
                Err(e) => return crate::tui::update::fail(s, &e),
            }
        }
        ReviewsAction::Counted { req, result } => {
            if s.reviews.pending_counts != Some(req) {
                s.dirty = false;
                return vec![];
            }
            s.reviews.pending_counts = None;
            if let Ok(counts) = result {
                s.reviews.counts = counts;
            }
        }
        ReviewsAction::Loaded { req, result } => return loaded(s, &c, req, result),
        ReviewsAction::ImageFetched { id, which, result } => {
            let Some(o) = s
                .reviews
                .open
                .as_mut()
                .filter(|o| o.review.summary.id == id)
            else {
                s.dirty = false;
                return vec![];
            };
            match result {
                Ok(bytes) => {
                    o.slot_mut(which).bytes = Some(bytes);
                    return reencode(s);
                }
                Err(e) => o.slot_mut(which).error = Some(error_text(&c, &e)),
            }
        }
        ReviewsAction::ImageEncoded {
            id,
            which,
            size,
            result,
        } => {
            let Some(o) = s
                .reviews
                .open
                .as_mut()
                .filter(|o| o.review.summary.id == id)
            else {
                s.dirty = false;
                return vec![];
            };
            let slot = o.slot_mut(which);
            if slot.encoding != Some(size) {
                // An older size: a newer encoding is on its way.
                s.dirty = false;
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
            let Some(o) = s
                .reviews
                .open
                .as_mut()
                .filter(|o| o.review.summary.id == id)
            else {
                s.dirty = false;
                return vec![];
            };
            let renewal = o.claiming.as_ref().is_some_and(|x| x.renewal);
            o.claiming = None;
            match result {
                Ok(detail) => {
                    o.claim_key = None;
                    adopt(o, detail);
                    if !renewal {
                        s.notice = Some(c.t("reviews.claimed").to_string());
                    }
                    s.error = None;
                    return schedule_renewal(o, now);
                }
                Err(e) if e.is_indefinite() => {
                    // No definite answer: the next attempt reuses the key (no double claim).
                    o.claim_key = Some(key);
                    s.error = Some(error_text(&c, &e));
                }
                Err(e) => {
                    o.refusal = Some(refusal_text(&c, &e));
                    return load(s, id);
                }
            }
        }
        ReviewsAction::Released { id, result } => {
            if let Err(e) = result {
                // Not given back: the lease lapses by itself; nothing the reviewer must do.
                tracing::warn!(review = id, error = %e, "claim not released");
                if e.is_unauthorized() {
                    return crate::tui::update::fail(s, &e);
                }
            }
            return reload(s);
        }
        ReviewsAction::RenewDue { id, gen } => {
            let me = me(s);
            let Some(o) = s.reviews.open.as_mut().filter(|o| {
                o.review.summary.id == id
                    && o.renew_gen == gen
                    && o.claiming.is_none()
                    && o.review.summary.claimed_by.as_deref() == Some(me.as_str())
                    && !o.form.as_ref().is_some_and(|f| f.stage == Stage::Sending)
            }) else {
                s.dirty = false;
                return vec![];
            };
            let key = IdempotencyKey::new();
            o.claiming = Some(ClaimInFlight {
                key: key.clone(),
                renewal: true,
            });
            s.dirty = false;
            return vec![fx(ReviewsEffect::Claim { id, key })];
        }
        ReviewsAction::Decided {
            id,
            request,
            key,
            result,
        } => return decided(s, &c, id, request, key, result),
        ReviewsAction::AccountLoaded { req, result } => {
            let Some(out) = s
                .reviews
                .open
                .as_mut()
                .and_then(|o| o.outcome.as_mut())
                .filter(|x| x.pending_account == Some(req))
            else {
                s.dirty = false;
                return vec![];
            };
            out.pending_account = None;
            match result {
                Ok(acc) => out.account = Some(acc),
                Err(e) => return crate::tui::update::fail(s, &e),
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
}

fn loaded(
    s: &mut State,
    c: &Catalog,
    req: u64,
    result: Result<ReviewDetail, ClientError>,
) -> Vec<Effect> {
    let Some(o) = s.reviews.open.as_mut() else {
        s.dirty = false;
        return vec![];
    };
    if o.pending_read != Some(req) {
        s.dirty = false;
        return vec![];
    }
    o.pending_read = None;
    let detail = match result {
        Ok(d) => d,
        Err(e) => return crate::tui::update::fail(s, &e),
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
    if let Some(row) = s
        .reviews
        .rows
        .iter_mut()
        .find(|r| r.id == detail.summary.id)
    {
        *row = detail.summary.clone();
    }
    let id = detail.summary.id;
    let decided = detail.summary.state.is_final();
    adopt(o, detail);
    if decided {
        // Nothing can be decided on it any more: a kept decision would only wait forever.
        if let Some(o) = s.reviews.open.as_mut() {
            o.form = None;
        }
        return drafts::forget(s, DraftId::Review(id)).into_iter().collect();
    }
    vec![]
}

fn decided(
    s: &mut State,
    c: &Catalog,
    id: i64,
    request: DecisionRequest,
    key: IdempotencyKey,
    result: Result<(), ClientError>,
) -> Vec<Effect> {
    let Some(o) = s
        .reviews
        .open
        .as_mut()
        .filter(|o| o.review.summary.id == id)
    else {
        // The review was closed meanwhile; still say how it went.
        match result {
            Ok(()) => s.notice = Some(c.t("reviews.decided").to_string()),
            Err(e) => s.error = Some(refusal_text(c, &e)),
        }
        return vec![];
    };
    match result {
        Ok(()) => {
            o.form = None;
            o.refusal = None;
            let account = o.review.summary.account_id;
            let dropped = drafts::forget(s, DraftId::Review(id));
            let req = s.request_id();
            if let Some(o) = s.reviews.open.as_mut() {
                o.outcome = Some(Outcome {
                    request,
                    account: None,
                    pending_account: Some(req),
                });
            }
            s.notice = Some(c.t("reviews.decided").to_string());
            s.error = None;
            let mut out: Vec<Effect> = dropped.into_iter().collect();
            out.extend(load(s, id));
            out.push(fx(ReviewsEffect::LoadAccount { req, id: account }));
            out.extend(reload(s));
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
            s.error = Some(c.t("reviews.stale").to_string());
            load(s, id)
        }
        Err(e) if e.is_indefinite() => {
            // No definite answer: keep the key, so sending again cannot decide twice.
            if let Some(f) = o.form.as_mut() {
                f.key = key;
                f.stage = Stage::Confirm;
                f.problem = Some(c.t("reviews.form.no_answer").to_string());
            }
            s.error = Some(error_text(c, &e));
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
            load(s, id)
        }
    }
}

/// Graphics detected at start-up.
pub fn set_graphics(r: &mut ReviewsState, g: Graphics) {
    r.graphics = g;
}

/// The counts line: states in workflow order with their totals.
pub fn count_of(r: &ReviewsState, st: ReviewState) -> Option<u64> {
    r.counts.iter().find(|(x, _)| *x == st).map(|(_, n)| *n)
}

/// States counted on the counts line (open work first).
pub fn counted_states() -> impl Iterator<Item = ReviewState> {
    OPEN_STATES.into_iter().chain([
        ReviewState::Approved,
        ReviewState::RejectedRetry,
        ReviewState::RejectedFinal,
    ])
}
