//! Tickets: filtered, keyset-paged lists; the timeline; claims with leases; audited changes.
//! Reads in `read`, changes in `write`; everything is re-exported here.

mod read;
mod write;

pub use super::totals::Totals;
pub use read::{
    call_phone, detail, for_account, get, list, priority_rank, sort_names, AssigneeFilter, Filter,
};
pub use write::{
    add_event, call, claim, create, note, patch, release, reveal_call_phone, system_status,
    MAX_NOTE_CHARS,
};
