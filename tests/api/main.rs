//! The back office over real HTTP: a real `kefu serve`, a real SQLite file, a real client.

#[path = "../support/mod.rs"]
mod support;

mod common;

mod access_log;
mod accounts;
mod audit;
mod auth;
mod calls;
mod claims;
mod events;
mod evidence;
mod idempotency;
mod lookups;
mod meta;
mod review_mine;
mod reviews;
mod sla;
mod supervisor;
mod tickets;
