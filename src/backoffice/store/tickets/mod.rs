//! Tickets: filtered, keyset-paged lists; the timeline; claims with leases; audited changes.
//! Reads in `read`, changes in `write`; everything is re-exported here.

mod read;
mod write;

pub use super::totals::Totals;
pub use read::{
    call_phone, detail, for_account, get, list, priority_rank, sort_names, AssigneeFilter, Filter,
};
pub(crate) use read::{select, EXTRA_AT};
pub use write::{
    add_event, assign, call, claim, create, escalate, note, patch, release, reveal_call_phone,
    system_status, MAX_ESCALATION_CHARS, MAX_NOTE_CHARS,
};
