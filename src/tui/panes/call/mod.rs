//! A phone call: timer, the caller's number and account, where it will be logged, and
//! the wrap-up form (code, summary, call-back) before it is logged.

pub mod draft;
pub mod form;
pub mod msg;
pub mod state;
pub mod target;
pub mod update;
pub mod view;
