//! A phone call: timer, the caller's number and the accounts bound to it, and a wrap-up
//! code before it is logged on its ticket (or on a new one).

pub mod msg;
pub mod state;
pub mod update;
pub mod view;
