//! Reliability: hostile input, faults on the wire, races, crashes, load and fuzz replays,
//! all against a real `kefu serve` on 127.0.0.1. One test binary, to keep link time down.

#[path = "../api/common/mod.rs"]
mod common;
#[path = "../support/mod.rs"]
mod support;

mod helpers;

mod crash;
mod faults;
mod fuzz_replay;
mod hostile;
mod load;
mod races;
