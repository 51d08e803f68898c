//! Unsent text kept as it is typed: notes and replies on a ticket, the comment and note of
//! a review decision. The pure half: which drafts the state holds, which must be written
//! or dropped after an action, and putting a saved draft back into the form it came from.
//! Writing the files is [`store`]'s job (the runner's I/O).
//!
//! A draft carries the idempotency key of its action, so sending a restored draft whose
//! first attempt did reach the server replays that attempt instead of adding it twice.

pub mod store;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::action::Effect;
use super::locale::Catalog;
use super::state::State;
use crate::api::{Decision, ReasonCode, Visibility};

/// What a draft belongs to (one draft per ticket, one per review).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum DraftId {
    /// A note or reply on this ticket.
    Ticket(i64),
    /// A decision on this review.
    Review(i64),
    /// A phone-rebind request on this account.
    Rebind(i64),
    /// An identity-claim request on this account.
    Claim(i64),
}

/// The text of a draft and what it is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DraftBody {
    /// Note (internal) or reply (public) on a ticket.
    Note {
        /// Internal or public.
        visibility: Visibility,
        /// The text as typed.
        text: String,
    },
    /// A review decision being prepared.
    Decision {
        /// Decision highlighted.
        decision: Decision,
        /// Reason code highlighted.
        reason: Option<ReasonCode>,
        /// Comment to the applicant.
        comment: String,
        /// Internal note.
        note: String,
    },
    /// A review request being prepared in the lookup pane.
    Account {
        /// Rebind or claim.
        form: AccountForm,
        /// New number as typed (rebind).
        number: String,
        /// Note to the reviewers.
        note: String,
    },
}

/// Which review request an account draft is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountForm {
    /// Phone-number rebind.
    Rebind,
    /// Identity claim.
    Claim,
}

/// One unsent text, as written to disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// What it belongs to.
    pub id: DraftId,
    /// Its content.
    pub body: DraftBody,
    /// Idempotency key of the action (reused when it is sent).
    pub key: String,
    /// When it was last saved.
    pub saved_at: DateTime<Utc>,
}

/// I/O on the draft files.
#[derive(Debug, Clone, PartialEq)]
pub enum DraftEffect {
    /// Read the signed-in operator's drafts (answered by [`super::action::Action::DraftsLoaded`]).
    Load {
        /// Operator id.
        operator: String,
    },
    /// Write (replace) a draft.
    Save(Draft),
    /// Delete a draft: sent, or discarded on purpose.
    Drop(DraftId),
}

/// Drafts as last written, so that an action rewrites only what changed.
#[derive(Debug, Clone, Default)]
pub struct Drafts {
    /// Saved drafts by target.
    pub saved: BTreeMap<DraftId, Draft>,
}

impl Drafts {
    /// Drop a draft (sent, or discarded on purpose): the file goes too.
    pub fn forget(&mut self, id: DraftId) -> Option<DraftEffect> {
        self.saved.remove(&id).map(|_| DraftEffect::Drop(id))
    }
}

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

impl Draft {
    /// "Draft of 14:05 restored (Ctrl-X discards it)" in the operator's language.
    pub fn restored_notice(&self, c: &Catalog, discard: &str) -> String {
        let at = super::cells::china_time(self.saved_at)
            .format("%H:%M")
            .to_string();
        c.tf("drafts.restored", &[("at", &at), ("discard", discard)])
    }
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

/// "ticket #12" / "review #5" in the operator's language.
pub fn describe(c: &Catalog, id: DraftId) -> String {
    match id {
        DraftId::Ticket(n) => c.tf("drafts.ticket", &[("id", &n.to_string())]),
        DraftId::Review(n) => c.tf("drafts.review", &[("id", &n.to_string())]),
        DraftId::Rebind(n) | DraftId::Claim(n) => c.tf("drafts.account", &[("id", &n.to_string())]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draft_files_round_trip_through_json() {
        let d = Draft {
            id: DraftId::Review(5),
            body: DraftBody::Decision {
                decision: Decision::RejectRetry,
                reason: Some(ReasonCode::ALL[0]),
                comment: "照片模糊 𠀀".into(),
                note: String::new(),
            },
            key: "k".into(),
            saved_at: DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default(),
        };
        let json = serde_json::to_string(&d).unwrap();
        assert!(json.contains(r#""kind":"review","id":5"#), "{json}");
        assert_eq!(serde_json::from_str::<Draft>(&json).unwrap(), d);
    }
}
