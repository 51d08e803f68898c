//! kefu: a terminal support desk and its back office.

pub mod domain;
