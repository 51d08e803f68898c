//! Scale data beyond the demo: batches of accounts and tickets made like the demo's.

use chrono::{DateTime, Utc};

use super::prng::Rng;
use super::{Builder, DemoAccount, DemoTicket, SEED};
use crate::api::Category;

/// More accounts and tickets like the demo's, generated in batches beyond it (the scale
/// data of `kefu gen-data`); deterministic given `now`, the salt and what is reserved.
pub struct Stream {
    b: Builder,
}

impl Stream {
    /// A stream; `salt` varies the data (e.g. the number of accounts already stored).
    pub fn new(now: DateTime<Utc>, salt: u64) -> Stream {
        let mut b = Builder::new(now);
        b.rng = Rng::new(SEED ^ 0x7363_616c_6500_0000 ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        Stream { b }
    }

    /// Mark a phone, e-mail or document number as taken, so no generated account uses it.
    pub fn reserve(&mut self, phone: Option<&str>, email: Option<&str>, document: Option<&str>) {
        if let Some(p) = phone {
            self.b.phones.insert(p.to_string());
        }
        if let Some(e) = email {
            self.b.emails.insert(e.to_string());
        }
        if let Some(d) = document {
            self.b.documents.insert(d.to_string());
        }
    }

    /// `accounts` new accounts and `tickets` new tickets; a ticket's `account` indexes the
    /// accounts of the same batch (tickets of a batch without accounts are unlinked).
    pub fn batch(
        &mut self,
        accounts: usize,
        tickets: usize,
    ) -> (Vec<DemoAccount>, Vec<DemoTicket>) {
        let b = &mut self.b;
        b.accounts.clear();
        b.tickets.clear();
        for _ in 0..accounts {
            let a = b.random_account();
            b.accounts.push(a);
        }
        for _ in 0..tickets {
            let category =
                Category::ALL[b.rng.weighted(&[14, 12, 8, 12, 5, 12, 5, 3, 12, 6, 3, 8])];
            let linked = !b.accounts.is_empty()
                && b.rng.chance(if category == Category::Other {
                    600
                } else {
                    900
                });
            let account = linked.then(|| b.rng.below(b.accounts.len() as u64) as usize);
            // Past the first few, so no value is forced by its position.
            let t = b.random_ticket(1_000, category, account);
            b.tickets.push(t);
        }
        (
            std::mem::take(&mut b.accounts),
            std::mem::take(&mut b.tickets),
        )
    }
}
