//! The generator's state: the PRNG, `now`, what is generated so far and the phones,
//! e-mails and document numbers already taken.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};

use super::prng::Rng;
use super::tables::MAIL_DOMAINS;
use super::{
    ids, DemoAccount, DemoReview, DemoTicket, ACCOUNT_COUNT, REVIEW_COUNT, SEED, TICKET_COUNT,
};

/// Accumulates the data and the uniqueness sets while generating.
pub(super) struct Builder {
    pub(super) rng: Rng,
    pub(super) now: DateTime<Utc>,
    pub(super) phones: HashSet<String>,
    pub(super) emails: HashSet<String>,
    pub(super) documents: HashSet<String>,
    pub(super) accounts: Vec<DemoAccount>,
    pub(super) tickets: Vec<DemoTicket>,
    pub(super) reviews: Vec<DemoReview>,
}

impl Builder {
    /// An empty builder at `now`, seeded with the fixed seed.
    pub(super) fn new(now: DateTime<Utc>) -> Builder {
        Builder {
            rng: Rng::new(SEED),
            now,
            phones: HashSet::new(),
            emails: HashSet::new(),
            documents: HashSet::new(),
            accounts: Vec::with_capacity(ACCOUNT_COUNT),
            tickets: Vec::with_capacity(TICKET_COUNT),
            reviews: Vec::with_capacity(REVIEW_COUNT),
        }
    }

    /// `now` minus a random number of seconds in `lo..=hi`.
    pub(super) fn ago(&mut self, lo: i64, hi: i64) -> DateTime<Utc> {
        self.now - Duration::seconds(self.rng.range(lo, hi))
    }

    /// A mobile number no account or review uses yet.
    pub(super) fn fresh_phone(&mut self) -> String {
        loop {
            let phone = ids::mobile(&mut self.rng);
            if self.phones.insert(phone.clone()) {
                return phone;
            }
        }
    }

    /// An e-mail address no account uses yet.
    pub(super) fn fresh_email(&mut self, surname_pinyin: &str) -> String {
        loop {
            let email = if self.rng.chance(350) {
                format!("{}@qq.com", self.rng.range(10_000, 3_999_999_999))
            } else {
                let domain = self.rng.pick(MAIL_DOMAINS);
                let tail = self.rng.range(1, 9999);
                format!("{surname_pinyin}{tail}@{domain}")
            };
            if self.emails.insert(email.clone()) {
                return email;
            }
        }
    }
}
