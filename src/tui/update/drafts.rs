//! Keeping what is typed safe: the drafts the panes' forms hold are written as they
//! change and dropped once sent or discarded on purpose.

use crate::tui::action::Effect;
use crate::tui::drafts::{describe, Draft, DraftBody, DraftEffect, DraftId};
use crate::tui::locale::Catalog;
use crate::tui::state::State;

/// The drafts the forms hold now (only forms with something typed in them).
fn in_forms(s: &State) -> Vec<(DraftId, Option<(DraftBody, String)>)> {
    let mut out = Vec::new();
    if let Some(d) = &s.detail {
        if let Some(e) = &d.editor {
            let body = (!e.text.is_blank()).then(|| {
                let body = DraftBody::Note {
                    visibility: e.visibility,
                    text: e.text.text(),
                };
                (body, e.key.as_str().to_string())
            });
            out.push((DraftId::Ticket(d.ticket.summary.id), body));
        }
    }
    if let Some(call) = &s.call {
        // The running call is kept whole (number, account, summary so far, its clock
        // every few seconds) so a crash or a closed window offers it back.
        let (d, key) = crate::tui::panes::call::draft::of(call, s.now);
        out.push((DraftId::Call, Some((DraftBody::Call(Box::new(d)), key))));
    }
    out.extend(s.reviews.drafts());
    out.extend(s.lookup.drafts());
    out
}

/// After an action: write the drafts whose text changed, drop the ones emptied by hand.
///
/// A form that was closed is not a reason to drop its draft (closing may be a crash
/// path or a slip); only [`forget`] drops one, once it was sent or discarded on purpose.
pub fn sync(s: &mut State) -> Vec<Effect> {
    let mut fx = Vec::new();
    for (id, now) in in_forms(s) {
        match now {
            Some((body, key)) => {
                let same = s
                    .drafts
                    .saved
                    .get(&id)
                    .is_some_and(|d| d.body == body && d.key == key);
                if !same {
                    let draft = Draft {
                        id,
                        body,
                        key,
                        saved_at: s.now,
                    };
                    s.drafts.saved.insert(id, draft.clone());
                    fx.push(Effect::Drafts(DraftEffect::Save(draft)));
                }
            }
            None => fx.extend(forget(s, id)),
        }
    }
    fx
}

/// Someone else signed in on this desk: the previous operator's texts are safe in their
/// own drafts folder; forget them here, so they are neither shown to nor sent as the next
/// (the forms holding them are closed with the rest of the desk, `update::other_operator`).
pub fn other_operator(s: &mut State) {
    s.drafts.saved.clear();
}

/// Drop a draft (sent, or discarded on purpose).
pub fn forget(s: &mut State, id: DraftId) -> Option<Effect> {
    s.drafts.forget(id).map(Effect::Drafts)
}

/// Drafts read at sign-in: remember them, say how many wait, and put back the one for
/// whatever is open.
pub fn loaded(s: &mut State, drafts: Vec<Draft>) {
    if drafts.is_empty() {
        return;
    }
    let c = Catalog::new(s.lang);
    let mut names = Vec::new();
    for d in drafts {
        names.push(describe(&c, d.id));
        s.drafts.saved.entry(d.id).or_insert(d);
    }
    s.notice = Some(c.tf(
        "drafts.waiting",
        &[
            ("n", &names.len().to_string()),
            ("which", &names.join(", ")),
        ],
    ));
}
