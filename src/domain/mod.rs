//! Pure rules of the support desk: no I/O, nothing from the layers above.

pub mod account;
pub mod calendar;
pub mod call_target;
pub mod evidence;
pub mod identity;
pub mod lookup_query;
pub mod mask;
pub mod operator_id;
pub mod phone;
pub mod reason;
pub mod review;
pub mod review_search;
pub mod sla;
pub mod text;
pub mod throttle;
pub mod ticket;
