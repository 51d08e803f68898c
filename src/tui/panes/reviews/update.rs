//! Keys of the reviews pane's queue and open review, and the reads they start (pure:
//! returns commands, never does I/O). The decision form's keys are in [`super::form`],
//! the answers in [`super::answers`].

use super::form;
use super::layout::Zoom;
use super::msg::ReviewsEffect;
use super::state::{cycle, ClaimInFlight, OpenReview, ReviewsState, IMAGES, MAX_PAGE, REVIEW_PAGE};
use super::view::image_cells;
use crate::api::{DocumentKind, ReviewCountQuery, ReviewKind, ReviewState, ReviewSummary};
use crate::client::IdempotencyKey;
use crate::config::{Binding, KeyChord, Scope};
use crate::domain::evidence::{may_view, ImageAccess};
use crate::domain::review_search::{self, SearchProblem};
use crate::tui::context::Ctx;
use crate::tui::drafts::DraftId;
use crate::tui::editor::handle_input;
use crate::tui::images::Graphics;
use crate::tui::keymap::in_text;
use crate::tui::locale::{id_error, Catalog};
use crate::tui::panes::Cmd;
use tui_input::Input;

/// What the pane's update functions return.
pub type Cmds = Vec<Cmd<ReviewsEffect>>;

/// The pane's own I/O as a command.
pub(super) fn run(e: ReviewsEffect) -> Cmd<ReviewsEffect> {
    Cmd::Run(e)
}

/// The pane became active: load the queue the first time.
pub fn entered(r: &mut ReviewsState, cx: &mut Ctx<'_>) -> Cmds {
    if r.requested {
        return vec![];
    }
    reload(r, cx)
}

/// Live refresh: the queue and counts (the open review is re-read too).
pub fn refresh(r: &mut ReviewsState, cx: &mut Ctx<'_>) -> Cmds {
    let mut out = reload(r, cx);
    if let Some(id) = r.open.as_ref().map(|o| o.review.summary.id) {
        if r.open.as_ref().is_some_and(|o| o.form.is_none()) {
            out.extend(load(r, cx, id));
        }
    }
    out
}

/// Reload the queue and the counts per state, as deep as it was read (up to the server's
/// largest page), so a refresh keeps the selection where it was.
pub fn reload(r: &mut ReviewsState, cx: &mut Ctx<'_>) -> Cmds {
    let req = r.pending.issue(cx);
    let creq = r.pending_counts.issue(cx);
    r.requested = true;
    r.more.forget();
    r.held_moves = 0;
    let mut query = r.filter.query();
    let depth = r.rows.len().max(r.selected + 1);
    let pages = u32::try_from(depth.div_ceil(REVIEW_PAGE as usize)).unwrap_or(1);
    query.limit = Some((pages.max(1) * REVIEW_PAGE).min(MAX_PAGE));
    let count_query = ReviewCountQuery {
        kind: query.kind.clone(),
        document_kind: query.document_kind.clone(),
        mine: query.mine,
    };
    vec![
        run(ReviewsEffect::List { req, query }),
        run(ReviewsEffect::Count {
            req: creq,
            query: count_query,
        }),
    ]
}

/// Re-read the open review.
pub fn load(r: &mut ReviewsState, cx: &mut Ctx<'_>, id: i64) -> Cmds {
    let req = match r.open.as_mut() {
        Some(o) => o.pending_read.issue(cx),
        None => cx.request_id(),
    };
    vec![run(ReviewsEffect::Load { req, id })]
}

/// Encode images again when the size they need changed (resize, zoom).
pub fn reencode(r: &mut ReviewsState, cx: &mut Ctx<'_>) -> Cmds {
    if !r.graphics.shows_images() {
        return vec![];
    }
    let Some(o) = r.open.as_mut() else {
        return vec![];
    };
    let sizes = IMAGES.map(|w| (w, image_cells(cx.size, r.graphics, o, w)));
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
            if slot.encoded.is_some() && r.graphics.leaves_pixels() {
                // The old picture's pixels stay where the box was.
                r.clear_graphics = true;
            }
            slot.encoding = Some(size);
            out.push(run(ReviewsEffect::EncodeImage {
                id,
                which,
                bytes,
                size,
            }));
        }
    }
    out
}

/// Whether the pane takes every key (the decision form, the take-over reason or the
/// search bar is open).
pub fn captures_keys(r: &ReviewsState) -> bool {
    r.search_bar.is_some()
        || r.open
            .as_ref()
            .is_some_and(|o| o.form.is_some() || o.steal.is_some() || o.reveal.is_some())
}

/// Leave the open review: stop renewing, give back a claim held on it (so another
/// reviewer can take it at once), clear images, and re-read the list (after the release,
/// when there is one, so the list shows it).
pub fn close(r: &mut ReviewsState, cx: &mut Ctx<'_>) -> Cmds {
    let Some(o) = r.open.take() else {
        return vec![];
    };
    if r.graphics.leaves_pixels() && o.images.iter().any(|i| i.encoded.is_some()) {
        r.clear_graphics = true;
    }
    let held = &o.review.summary;
    if held.claimed_by.as_deref() == Some(cx.me())
        && held.claim_expires_at.is_some_and(|u| u > cx.now)
        && !held.state.is_final()
    {
        let key = IdempotencyKey::new();
        return vec![run(ReviewsEffect::Release { id: held.id, key })];
    }
    reload(r, cx)
}

/// A key in the pane (after the global bindings).
pub fn key(r: &mut ReviewsState, cx: &mut Ctx<'_>, k: KeyChord, b: Option<Binding>) -> Cmds {
    if r.search_bar.is_some() {
        return search_key(r, cx, k, b);
    }
    if r.open.as_ref().is_some_and(|o| o.steal.is_some()) {
        return steal_key(r, cx, k, b);
    }
    if r.open.as_ref().is_some_and(|o| o.reveal.is_some()) {
        return super::reveal::key(r, cx, k, b);
    }
    if captures_keys(r) {
        return form::key(r, cx, k, b);
    }
    if r.open.is_some() {
        return review_key(r, cx, b);
    }
    queue_key(r, cx, b)
}

fn queue_key(r: &mut ReviewsState, cx: &mut Ctx<'_>, b: Option<Binding>) -> Cmds {
    match b {
        Some(Binding::Down) => return down(r, cx, 1),
        Some(Binding::Up) => up(r, 1),
        Some(Binding::PageDown) => return down(r, cx, 10),
        Some(Binding::PageUp) => up(r, 10),
        Some(Binding::Refresh) => return reload(r, cx),
        Some(Binding::ReviewFilterKind) => {
            r.filter.kind = cycle(r.filter.kind, &ReviewKind::ALL);
            return refilter(r, cx);
        }
        Some(Binding::ReviewFilterState) => {
            r.filter.state = cycle(r.filter.state, &ReviewState::ALL);
            return refilter(r, cx);
        }
        Some(Binding::ReviewFilterDocument) => {
            r.filter.document = cycle(r.filter.document, &DocumentKind::ALL);
            return refilter(r, cx);
        }
        Some(Binding::ReviewMine) => {
            r.filter.mine = !r.filter.mine;
            return refilter(r, cx);
        }
        Some(Binding::ClearFilters) => {
            if r.filter != Default::default() {
                r.filter = Default::default();
                return refilter(r, cx);
            }
        }
        Some(Binding::Filter) => {
            let text = r.filter.search.as_ref().map(|(_, t)| t.as_str());
            r.search_bar = Some((Input::new(text.unwrap_or("").to_string()), None));
        }
        Some(Binding::Open) => {
            if let Some(row) = r.rows.get(r.selected).cloned() {
                return open(r, cx, &row);
            }
        }
        _ => *cx.dirty = false,
    }
    vec![]
}

/// A new filter or search: read from the top.
fn refilter(r: &mut ReviewsState, cx: &mut Ctx<'_>) -> Cmds {
    r.rows.clear();
    r.next_cursor = None;
    r.selected = 0;
    reload(r, cx)
}

/// Move the selection down `n` rows; moves past the rows read so far wait for the next
/// page (read now if it is not on its way) instead of being lost.
fn down(r: &mut ReviewsState, cx: &mut Ctx<'_>, n: usize) -> Cmds {
    let last = r.rows.len().saturating_sub(1);
    let to = r.selected + n;
    if to <= last {
        r.selected = to;
    } else {
        r.selected = last;
        if r.next_cursor.is_some() {
            r.held_moves += to - last;
        }
    }
    read_ahead(r, cx)
}

fn up(r: &mut ReviewsState, n: usize) {
    // Moves still waiting for a page are taken back first.
    let taken = n.min(r.held_moves);
    r.held_moves -= taken;
    r.selected = r.selected.saturating_sub(n - taken);
}

/// Read the next page when the selection comes within a screen of the rows read so far.
pub fn read_ahead(r: &mut ReviewsState, cx: &mut Ctx<'_>) -> Cmds {
    let screen = usize::from(cx.size.1.saturating_sub(8)).max(1);
    let Some(cursor) = r.next_cursor.clone() else {
        return vec![];
    };
    if r.more.waiting() || r.pending.waiting() || r.selected + screen < r.rows.len() {
        return vec![];
    }
    let req = r.more.issue(cx);
    let mut query = r.filter.query();
    query.cursor = Some(cursor);
    vec![run(ReviewsEffect::List { req, query })]
}

/// Keys typed into the search bar.
fn search_key(r: &mut ReviewsState, cx: &mut Ctx<'_>, k: KeyChord, b: Option<Binding>) -> Cmds {
    let c = cx.cat();
    let Some((input, problem)) = r.search_bar.as_mut() else {
        return vec![];
    };
    match in_text(b, &k) {
        Some(Binding::Cancel) => r.search_bar = None,
        Some(Binding::Confirm) => {
            let text = input.value().trim().to_string();
            if text.is_empty() {
                r.search_bar = None;
                if r.filter.search.take().is_some() {
                    return refilter(r, cx);
                }
                return vec![];
            }
            match review_search::parse(&text, cx.today) {
                Ok(found) => {
                    r.filter.search = Some((found, text));
                    r.search_bar = None;
                    return refilter(r, cx);
                }
                // The bar stays open with the text as typed.
                Err(e) => *problem = Some(search_problem(&c, &e)),
            }
        }
        _ => {
            handle_input(input, &k);
            *problem = None;
        }
    }
    vec![]
}

/// Why a search cannot be sent, in the operator's language.
fn search_problem(c: &Catalog, e: &SearchProblem) -> String {
    match e {
        SearchProblem::BadId => c.ts("reviews.search.bad_id"),
        SearchProblem::Document(e) => id_error(c, e),
        SearchProblem::NotASearch => c.ts("reviews.search.what"),
    }
}

/// Text pasted into the open search bar (one line: controls and line breaks dropped).
pub fn paste(r: &mut ReviewsState, text: &str) -> bool {
    let Some((input, _)) = r.search_bar.as_mut() else {
        return false;
    };
    for ch in crate::sanitize::one_line_chars(text) {
        input.handle(tui_input::InputRequest::InsertChar(ch));
    }
    true
}

/// Open a review from its list row: read it and fetch its images.
pub fn open(r: &mut ReviewsState, cx: &mut Ctx<'_>, row: &ReviewSummary) -> Cmds {
    r.open = Some(OpenReview::from_row(row));
    *cx.error = None;
    if cx.drafts.saved.contains_key(&DraftId::Review(row.id)) {
        let key = cx
            .keymap
            .keys_label_in(Scope::Review, Binding::ReviewDecide);
        let text = cx.cat().tf("drafts.review_waiting", &[("key", &key)]);
        cx.notice(text);
    }
    // The images follow the read: only the claim holder, a supervisor or the opener may
    // see them, and the read says which are on file.
    load(r, cx, row.id)
}

/// Fetch the images of the open review that are on file, not fetched yet (or replaced
/// since), when this operator may see them; otherwise say why each box is empty.
pub fn fetch_images(r: &mut ReviewsState, cx: &Ctx<'_>) -> Cmds {
    if !r.graphics.shows_images() {
        return vec![];
    }
    let Some(o) = r.open.as_mut().filter(|o| o.loaded) else {
        return vec![];
    };
    let c = cx.cat();
    let sum = &o.review.summary;
    let access = ImageAccess {
        opened_by: &sum.opened_by,
        live_claim: sum
            .claimed_by
            .as_deref()
            .filter(|_| sum.claim_expires_at.is_some_and(|u| u > cx.now)),
        decided: sum.state.is_final(),
    };
    let allowed = may_view(cx.me(), cx.is_supervisor(), access);
    let id = sum.id;
    let claim_key = cx.keymap.keys_label_in(Scope::Review, Binding::Claim);
    let mut out = Vec::new();
    for which in IMAGES {
        let on_file = o
            .review
            .images
            .iter()
            .find(|i| i.slot == which.slot())
            .map(|i| i.sha256.clone());
        let slot = o.slot_mut(which);
        match on_file {
            None => {
                *slot = Default::default();
                slot.error = Some(c.t("reviews.image_none").to_string());
            }
            Some(_) if !allowed => {
                if slot.bytes.is_none() {
                    slot.error = Some(c.tf("reviews.image_claim_first", &[("key", &claim_key)]));
                }
            }
            Some(sha) if slot.sha.as_deref() != Some(sha.as_str()) => {
                slot.sha = Some(sha);
                slot.error = None;
                out.push(run(ReviewsEffect::FetchImage { id, which }));
            }
            Some(_) => {}
        }
    }
    out
}

fn review_key(r: &mut ReviewsState, cx: &mut Ctx<'_>, b: Option<Binding>) -> Cmds {
    let c = cx.cat();
    let Some(o) = r.open.as_mut() else {
        return vec![];
    };
    let id = o.review.summary.id;
    // Four eyes before the form: the opener and the first approver get the reason, not a
    // claim request or a form the server would refuse at the end.
    if matches!(
        b,
        Some(Binding::Claim | Binding::ReviewDecide | Binding::ReviewTick)
    ) {
        if let Some(e) = o.four_eyes(cx.me()) {
            o.refusal = Some(c.t(&format!("reviews.refusal.{}", e.code())).to_string());
            return vec![];
        }
    }
    match b {
        Some(Binding::Back) => {
            if o.zoom != Zoom::Off {
                o.zoom = Zoom::Off;
                if r.graphics.leaves_pixels() {
                    r.clear_graphics = true;
                }
                return reencode(r, cx);
            }
            return close(r, cx);
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
        Some(Binding::Refresh) => return load(r, cx, id),
        Some(Binding::Claim) => {
            if o.claiming.is_some() {
                cx.error(c.t("error.busy"));
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
            return vec![run(ReviewsEffect::Claim { id, key })];
        }
        Some(Binding::Steal) => {
            let sum = &o.review.summary;
            let holder = sum
                .claimed_by
                .as_deref()
                .filter(|h| *h != cx.me() && sum.claim_expires_at.is_some_and(|u| u > cx.now));
            o.refusal = if !cx.is_supervisor() {
                Some(c.t("error.steal_supervisor").to_string())
            } else if sum.state.is_final() {
                Some(c.t("reviews.refusal.already_decided").to_string())
            } else if holder.is_none() {
                let claim = cx.keymap.keys_label_in(Scope::Review, Binding::Claim);
                Some(c.tf("reviews.steal.nobody", &[("key", &claim)]))
            } else {
                o.steal = Some(tui_input::Input::default());
                None
            };
        }
        Some(Binding::ReviewDecide) => {
            let sum = &o.review.summary;
            if sum.state.is_final() {
                o.refusal = Some(c.t("reviews.refusal.already_decided").to_string());
                return vec![];
            }
            let mine = sum.claimed_by.as_deref() == Some(cx.me())
                && sum.claim_expires_at.is_some_and(|u| u > cx.now);
            if !mine {
                let claim = cx.keymap.keys_label_in(Scope::Review, Binding::Claim);
                o.refusal = Some(c.tf("reviews.claim_first", &[("key", &claim)]));
                return vec![];
            }
            o.refusal = None;
            o.outcome = None;
            // A decision typed before a crash or a dropped link comes back as it was.
            o.form = Some(form::from_draft(cx, id));
        }
        Some(Binding::Reveal) => return super::reveal::start(o, cx),
        Some(Binding::ReviewZoom) => {
            o.zoom = o.zoom.next();
            if r.graphics.leaves_pixels() {
                r.clear_graphics = true;
            }
            return reencode(r, cx);
        }
        _ => *cx.dirty = false,
    }
    vec![]
}

/// A key while the take-over reason is typed: Enter sends it (a reason is required),
/// Esc gives up.
fn steal_key(r: &mut ReviewsState, cx: &mut Ctx<'_>, k: KeyChord, b: Option<Binding>) -> Cmds {
    let c = cx.cat();
    let Some(o) = r.open.as_mut() else {
        return vec![];
    };
    let Some(text) = o.steal.as_mut() else {
        return vec![];
    };
    match crate::tui::keymap::in_text(b, &k) {
        Some(Binding::Cancel) => o.steal = None,
        Some(Binding::Confirm) => {
            let reason = text.value().trim().to_string();
            if reason.is_empty() {
                cx.error(c.t("reviews.steal.reason_required"));
                return vec![];
            }
            if o.claiming.is_some() {
                cx.error(c.t("error.busy"));
                return vec![];
            }
            o.steal = None;
            let key = IdempotencyKey::new();
            o.claiming = Some(ClaimInFlight {
                key: key.clone(),
                renewal: false,
            });
            let id = o.review.summary.id;
            return vec![run(ReviewsEffect::Steal { id, key, reason })];
        }
        _ => {
            crate::tui::editor::handle_input(text, &k);
        }
    }
    vec![]
}

/// Graphics detected at start-up.
pub fn set_graphics(r: &mut ReviewsState, g: Graphics) {
    r.graphics = g;
}
