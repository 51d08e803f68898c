//! An open ticket: its message and timeline, claims, status/priority/category changes,
//! notes and public replies, with stale writes shown and asked again.

pub mod events;
pub mod msg;
pub mod state;
pub mod update;
pub mod view;
