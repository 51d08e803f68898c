//! Attaching the evidence (the document scan the caller sent, or a selfie) to a review the
//! agent opened: a one-line path on the desk's own host with Tab completion, checks before
//! anything is sent (the runner's part: missing, not an image, too big), the thumbnail of
//! what the back office stored, and replacing it. Pure: file system and network are the
//! runner's ([`super::requests`]), the answers come back through [`on_answer`].

use tui_input::{Input, InputRequest};

use super::msg::{AttachAnswer, AttachError, DirEntry, Request};
use super::state::{LookupState, Modal};
use super::update::Cmds;
use crate::api::{AccountDetail, ImageSlot, ReviewKind, ReviewState, ReviewSummary};
use crate::client::IdempotencyKey;
use crate::config::{Binding, KeyChord};
use crate::domain::evidence::MAX_UPLOAD_BYTES;
use crate::sanitize::clean;
use crate::tui::context::{Ctx, Latest};
use crate::tui::editor::handle_input;
use crate::tui::images::EncodedImage;
use crate::tui::keymap::in_text;
use crate::tui::locale::{error_text, label, Catalog};
use crate::tui::panes::Cmd;

/// Most completion candidates listed under the path.
pub const SHOWN_MATCHES: usize = 6;
/// Size of the thumbnail in cells (half blocks: two pixel rows a cell).
pub const THUMB_COLS: u16 = 32;
/// Rows of the thumbnail.
pub const THUMB_ROWS: u16 = 10;

/// The attach form over the card.
#[derive(Debug, Clone)]
pub struct AttachForm {
    /// The review the image goes to.
    pub review: i64,
    /// Its kind (for the title).
    pub kind: ReviewKind,
    /// Which image.
    pub slot: ImageSlot,
    /// The path typed.
    pub path: Input,
    /// Candidates of the last completion that did not decide (raw names: sanitized when drawn).
    pub matches: Vec<String>,
    /// Newest completion, upload or preview; older answers are dropped.
    pub pending: Latest,
    /// An upload is on its way.
    pub sending: bool,
    /// Key of the upload (kept when the answer was lost, so a repeat attaches once).
    pub key: IdempotencyKey,
    /// What the back office stored for this slot, as a thumbnail.
    pub thumb: Option<EncodedImage>,
    /// What went wrong, in words.
    pub problem: Option<String>,
    /// What was done, in words.
    pub done: Option<String>,
}

/// The review on this card the operator may attach evidence to: the newest undecided
/// phone rebind or identity claim they opened (a supervisor: anyone's), not yet approved
/// once (the first approval locks its images).
pub fn target_review<'a>(
    card: &'a AccountDetail,
    me: &str,
    supervisor: bool,
) -> Option<&'a ReviewSummary> {
    card.reviews.iter().find(|r| {
        matches!(r.kind, ReviewKind::PhoneRebind | ReviewKind::IdentityClaim)
            && !r.state.is_final()
            && r.state != ReviewState::AwaitingSecondApproval
            && (supervisor || r.opened_by == me)
    })
}

/// Open the form on review `review` (of `kind`), showing what is on file for the document.
pub fn open(l: &mut LookupState, cx: &mut Ctx, review: i64, kind: ReviewKind) -> Cmds {
    let mut f = AttachForm {
        review,
        kind,
        slot: ImageSlot::Document,
        path: Input::default(),
        matches: Vec::new(),
        pending: Latest::default(),
        sending: false,
        key: IdempotencyKey::new(),
        thumb: None,
        problem: None,
        done: None,
    };
    let cmd = preview(&mut f, cx);
    l.modal = Some(Modal::Attach(Box::new(f)));
    vec![cmd]
}

fn preview(f: &mut AttachForm, cx: &mut Ctx) -> Cmd<Request> {
    let req = f.pending.issue(cx);
    Cmd::Run(Request::Preview {
        req,
        review: f.review,
        slot: f.slot,
    })
}

/// A key on the form (Esc is handled by the caller: the form closes).
pub fn key(f: &mut AttachForm, cx: &mut Ctx, k: KeyChord, b: Option<Binding>) -> Cmds {
    let c = cx.cat();
    if f.sending {
        cx.error(c.ts("error.busy"));
        return vec![];
    }
    match in_text(b, &k) {
        Some(Binding::NextField) => {
            let req = f.pending.issue(cx);
            return vec![Cmd::Run(Request::Complete {
                req,
                typed: f.path.value().to_string(),
            })];
        }
        Some(Binding::Up | Binding::Down | Binding::PrevField) => {
            f.slot = match f.slot {
                ImageSlot::Document => ImageSlot::Selfie,
                ImageSlot::Selfie => ImageSlot::Document,
            };
            f.thumb = None;
            f.done = None;
            f.problem = None;
            return vec![preview(f, cx)];
        }
        Some(Binding::Confirm) => {
            let path = f.path.value().trim().to_string();
            if path.is_empty() {
                f.problem = Some(c.ts("lookup.attach.path_required"));
                return vec![];
            }
            let req = f.pending.issue(cx);
            f.sending = true;
            f.problem = None;
            f.done = None;
            f.matches.clear();
            return vec![Cmd::Run(Request::Attach {
                req,
                review: f.review,
                slot: f.slot,
                path,
                key: f.key.clone(),
            })];
        }
        _ => {
            if handle_input(&mut f.path, &k) {
                f.matches.clear();
                f.problem = None;
            }
        }
    }
    vec![]
}

/// What a completion makes of `typed`: the longest common extension of the entries of
/// its directory that start with its last part (hidden ones only when asked for with a
/// leading dot), a `/` after a single directory; and the candidates when several remain.
pub fn complete(typed: &str, entries: &[DirEntry]) -> (String, Vec<String>) {
    let (dir, prefix) = match typed.rfind('/') {
        Some(i) => typed.split_at(i + 1),
        None => ("", typed),
    };
    let mut found: Vec<&DirEntry> = entries
        .iter()
        .filter(|e| {
            e.name.starts_with(prefix) && (prefix.starts_with('.') || !e.name.starts_with('.'))
        })
        .collect();
    found.sort_by(|a, b| a.name.cmp(&b.name));
    match found.as_slice() {
        [] => (typed.to_string(), Vec::new()),
        [one] => {
            let slash = if one.dir { "/" } else { "" };
            (format!("{dir}{}{slash}", one.name), Vec::new())
        }
        many => {
            let first = &many[0].name;
            let mut common = first.len();
            for e in &many[1..] {
                common = first
                    .char_indices()
                    .zip(e.name.chars())
                    .take_while(|((_, a), b)| a == b)
                    .last()
                    .map_or(0, |((i, a), _)| i + a.len_utf8())
                    .min(common);
            }
            let names = many
                .iter()
                .map(|e| format!("{}{}", e.name, if e.dir { "/" } else { "" }))
                .collect();
            (format!("{dir}{}", &first[..common]), names)
        }
    }
}

fn form(l: &mut LookupState, req: u64) -> Option<&mut AttachForm> {
    match l.modal.as_mut() {
        Some(Modal::Attach(f)) if f.pending.is(req) => Some(f),
        _ => None,
    }
}

/// An answer of the runner for the form.
pub fn on_answer(l: &mut LookupState, cx: &mut Ctx, a: AttachAnswer) -> Cmds {
    let c = cx.cat();
    let req = a.req();
    let Some(f) = form(l, req) else {
        // The form was closed, or a newer request is on its way.
        *cx.dirty = false;
        return vec![];
    };
    f.pending.forget();
    match a {
        AttachAnswer::Completed { typed, entries, .. } => {
            if typed != f.path.value() {
                *cx.dirty = false;
                return vec![];
            }
            let (text, matches) = complete(&typed, &entries);
            if text == typed && matches.is_empty() {
                f.problem = Some(c.ts("lookup.attach.no_match"));
            }
            f.path = Input::new(text);
            f.path.handle(InputRequest::GoToEnd);
            f.matches = matches;
        }
        AttachAnswer::Previewed { slot, result, .. } => {
            if slot == f.slot {
                match result {
                    Ok(thumb) => f.thumb = thumb,
                    Err(e) => {
                        f.problem = Some(c.tf("lookup.attach.no_preview", &[("why", &clean(&e))]))
                    }
                }
            }
        }
        AttachAnswer::Attached { slot, result, .. } => {
            f.sending = false;
            match result {
                Ok(done) => {
                    f.key = IdempotencyKey::new();
                    f.thumb = done.thumb;
                    f.slot = slot;
                    let text = c.tf(
                        "lookup.attach.done",
                        &[
                            ("slot", &label(&c, "lookup.attach.slot", &slot)),
                            ("id", &f.review.to_string()),
                            ("kb", &done.bytes.div_ceil(1024).to_string()),
                        ],
                    );
                    f.done = Some(text.clone());
                    *cx.error = None;
                    cx.notice(text);
                }
                Err(e) => {
                    if !matches!(&e, AttachError::Api(x) if x.is_indefinite()) {
                        f.key = IdempotencyKey::new();
                    }
                    f.problem = Some(attach_error_text(&c, &e));
                }
            }
        }
    }
    vec![]
}

/// An attach failure in the operator's words (file names are untrusted: sanitized).
pub fn attach_error_text(c: &Catalog, e: &AttachError) -> String {
    let mb = (MAX_UPLOAD_BYTES / (1024 * 1024)).to_string();
    match e {
        AttachError::Missing(path) => c.tf("lookup.attach.missing", &[("path", &clean(path))]),
        AttachError::NotAFile(path) => c.tf("lookup.attach.not_a_file", &[("path", &clean(path))]),
        AttachError::TooBig(bytes) => c.tf(
            "lookup.attach.too_big",
            &[
                ("mb", &mb),
                ("size", &format!("{:.1}", *bytes as f64 / 1_048_576.0)),
            ],
        ),
        AttachError::NotAnImage => c.ts("lookup.attach.not_an_image"),
        AttachError::Unreadable(why) => c.tf("lookup.attach.unreadable", &[("why", &clean(why))]),
        AttachError::Api(e) => error_text(c, e),
    }
}
