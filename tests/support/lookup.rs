//! Answers of the lookup pane's requests, fed through `update` for the update, snapshot
//! and catalog tests.
#![allow(dead_code)]

use kefu::api::{AccountSummary, Page};
use kefu::tui::action::{Action, Effect};
use kefu::tui::panes::lookup::msg::{Answer, Request};
use kefu::tui::state::State;
use kefu::tui::update::update;

/// The id of the one lookup request (search or card read) in `fx`.
pub fn req_of(fx: &[Effect]) -> u64 {
    match fx {
        [Effect::Lookup(Request::Search { req, .. })] => *req,
        [Effect::Lookup(Request::LoadCard { req, .. })] => *req,
        other => panic!("{other:?}"),
    }
}

/// Answer search `req` with `items` (one page, all of them).
pub fn found(s: &mut State, req: u64, items: Vec<AccountSummary>) -> Vec<Effect> {
    let total = items.len() as u64;
    update(
        s,
        Action::Lookup(Answer::Found {
            req,
            result: Ok(Page {
                items,
                next_cursor: None,
                total,
            }),
        }),
    )
}
