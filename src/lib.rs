//! kefu: a terminal support desk and its back office.

pub mod api;
pub mod backoffice;
pub mod domain;
