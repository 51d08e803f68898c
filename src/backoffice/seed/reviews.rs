//! Generated manual reviews: kind, account, linked ticket, note and drawn images.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::tables::{IDENTITY_CLAIM_NOTES, PHONE_REBIND_NOTES, REAL_NAME_NOTES};
use super::{
    images, stories, Builder, DemoAccount, DemoReview, ACCOUNT_COUNT, REVIEW_COUNT, REVIEW_OPENER,
};
use crate::api::{
    AccountState, Category, DocumentKind, ReviewKind, Status, TicketEventKind, Verification,
};

/// Whether a phone rebind can be open on the account: it has a phone to replace and is not
/// frozen (a rebind on a frozen account is refused at opening, `account_frozen`).
fn rebindable(a: &DemoAccount) -> bool {
    a.phone.is_some() && a.state != AccountState::Frozen
}

impl Builder {
    /// Pending reviews until there are [`REVIEW_COUNT`], linked to waiting tickets where one fits.
    pub(super) fn add_reviews(&mut self) {
        let mut used: HashSet<usize> = self.reviews.iter().filter_map(|r| r.ticket).collect();
        while self.reviews.len() < REVIEW_COUNT {
            let kind = [
                ReviewKind::RealName,
                ReviewKind::PhoneRebind,
                ReviewKind::IdentityClaim,
            ][self.rng.weighted(&[60, 25, 15])];
            let fits = |c: Category| match kind {
                ReviewKind::RealName => matches!(
                    c,
                    Category::FaceCheckFailed
                        | Category::HmtManualReview
                        | Category::MilitaryRegistration
                ),
                ReviewKind::PhoneRebind => c == Category::PhoneChange,
                ReviewKind::IdentityClaim => c == Category::IdentityConflict,
            };
            let linked = (stories::STORY_TICKETS..self.tickets.len()).find_map(|i| {
                let t = &self.tickets[i];
                let account = t.account?;
                let fit = t.status == Status::PendingReview
                    && fits(t.category)
                    && !used.contains(&i)
                    && (kind != ReviewKind::PhoneRebind || rebindable(&self.accounts[account]));
                fit.then_some((i, account))
            });
            let ticket = linked.map(|(i, _)| i);
            let (account, submitted_at) = match linked {
                Some((i, account)) => {
                    used.insert(i);
                    let review_event = self.tickets[i]
                        .events
                        .iter()
                        .find(|e| e.kind == TicketEventKind::Review)
                        .map_or(self.now, |e| e.at);
                    (account, review_event)
                }
                None => {
                    let account = loop {
                        let i = self
                            .rng
                            .range(stories::STORY_ACCOUNTS as i64, ACCOUNT_COUNT as i64 - 1)
                            as usize;
                        if kind != ReviewKind::PhoneRebind || rebindable(&self.accounts[i]) {
                            break i;
                        }
                    };
                    let at = self
                        .ago(3_600, 8 * 86_400)
                        .max(self.accounts[account].registered_at);
                    (account, at)
                }
            };
            let review = self.review(kind, account, ticket, submitted_at);
            self.reviews.push(review);
        }
    }

    /// A pending review of `kind` for `account`, with drawn images.
    pub(super) fn review(
        &mut self,
        kind: ReviewKind,
        account: usize,
        ticket: Option<usize>,
        submitted_at: DateTime<Utc>,
    ) -> DemoReview {
        if kind == ReviewKind::RealName {
            self.accounts[account].verification = Verification::ManualPending;
        }
        let new_phone = (kind == ReviewKind::PhoneRebind).then(|| self.fresh_phone());
        let notes = match kind {
            ReviewKind::RealName => REAL_NAME_NOTES,
            ReviewKind::PhoneRebind => PHONE_REBIND_NOTES,
            ReviewKind::IdentityClaim => IDENTITY_CLAIM_NOTES,
        };
        let note = self.rng.pick(notes).to_string();
        let a = &self.accounts[account];
        let (document_kind, document_number) = (a.document_kind, a.document_number.clone());
        let (document_image, selfie_image) = self.images(document_kind);
        DemoReview {
            kind,
            account,
            ticket,
            new_phone,
            note,
            opened_by: REVIEW_OPENER.to_string(),
            submitted_at,
            document_kind,
            document_number,
            document_image,
            selfie_image,
            claim: None,
            first_approval: None,
            assigned: None,
        }
    }

    /// A drawn document and selfie; now and then the selfie shows somebody else.
    fn images(&mut self, kind: DocumentKind) -> (Vec<u8>, Vec<u8>) {
        let family = match kind {
            DocumentKind::ResidentId => 0,
            DocumentKind::HkMacauPermit => 1,
            DocumentKind::TaiwanPermit => 2,
            DocumentKind::HmtResidencePermit => 3,
            DocumentKind::Passport => 4,
            DocumentKind::MilitaryOfficer => 5,
        };
        let mut rng = self.rng.fork(self.reviews.len() as u64);
        let face = images::Face::random(&mut rng);
        let document = images::document_png(&mut rng, family, &face);
        let selfie_face = if rng.chance(80) {
            images::Face::random(&mut rng)
        } else {
            face
        };
        let selfie = images::selfie_png(&mut rng, &selfie_face);
        (document, selfie)
    }
}
