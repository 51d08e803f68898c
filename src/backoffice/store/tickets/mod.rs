//! Tickets: filtered, keyset-paged lists; the timeline; claims with leases; audited changes.
//! Reads in `read`, changes in `write`, assignment and escalation in `assign`; everything
//! is re-exported here.

mod assign;
mod read;
mod write;

pub use super::totals::Totals;
pub use assign::{assign, escalate, MAX_ESCALATION_CHARS};
pub use read::{
    call_phone, detail, for_account, get, list, priority_rank, sort_names, AssigneeFilter, Filter,
};
pub(crate) use read::{select, EXTRA_AT};
pub use write::{
    add_event, call, claim, create, note, patch, release, reveal_call_phone, system_status,
    MAX_NOTE_CHARS,
};
