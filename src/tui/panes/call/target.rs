//! The call's places from what the back office sends: a listed ticket, a card's account
//! with its open tickets. The rule that picks among them is [`crate::domain::call_target`].

pub use crate::domain::call_target::*;

use crate::api::{AccountDetail, Status, TicketSummary};

/// A ticket as the queue or the card lists it.
pub fn ticket_ref(t: &TicketSummary) -> TicketRef {
    TicketRef {
        id: t.id,
        subject: t.subject.clone(),
        category: t.category,
        account_id: t.account_id,
        customer: t.customer.clone(),
    }
}

/// The account of a card, with the tickets still open on it (newest first).
pub fn caller_account(d: &AccountDetail) -> CallerAccount {
    CallerAccount {
        id: d.summary.id,
        name: d.summary.name.clone(),
        open: d
            .tickets
            .iter()
            .filter(|t| !matches!(t.status, Status::Resolved | Status::Closed))
            .map(ticket_ref)
            .collect(),
    }
}
