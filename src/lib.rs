//! kefu: a terminal support desk and its back office.

pub mod api;
pub mod backoffice;
pub mod cli;
pub mod client;
pub mod config;
pub mod domain;
pub mod sanitize;
pub mod secret_file;
pub mod tui;
