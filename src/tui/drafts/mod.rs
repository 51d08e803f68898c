//! Unsent text kept as it is typed: notes and replies on a ticket, the comment and note of
//! a review decision. The pure half: which drafts the state holds, which must be written
//! or dropped after an action, and putting a saved draft back into the form it came from.
//! Writing the files is [`store`]'s job (the runner's I/O).
//!
//! A draft carries the idempotency key of its action, so sending a restored draft whose
//! first attempt did reach the server replays that attempt instead of adding it twice.

pub mod call;
pub mod store;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::locale::Catalog;
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
    /// The running phone call (one at a time).
    Call,
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
    /// A phone call that was running (offered back on the next start).
    Call(Box<call::CallDraft>),
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

impl Draft {
    /// "Draft of 14:05 restored (Ctrl-X discards it)" in the operator's language.
    pub fn restored_notice(&self, c: &Catalog, discard: &str) -> String {
        let at = super::cells::china_time(self.saved_at)
            .format("%H:%M")
            .to_string();
        c.tf("drafts.restored", &[("at", &at), ("discard", discard)])
    }
}

/// "ticket #12" / "review #5" in the operator's language.
pub fn describe(c: &Catalog, id: DraftId) -> String {
    match id {
        DraftId::Ticket(n) => c.tf("drafts.ticket", &[("id", &n.to_string())]),
        DraftId::Review(n) => c.tf("drafts.review", &[("id", &n.to_string())]),
        DraftId::Rebind(n) | DraftId::Claim(n) => c.tf("drafts.account", &[("id", &n.to_string())]),
        DraftId::Call => c.t("drafts.call").to_string(),
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
