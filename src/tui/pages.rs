//! The queue's neighbouring pages, read ahead of the selection.
//!
//! The queue holds one page of `PAGE_SIZE` rows. When the selection comes within a screen
//! of either end, the page beyond is read in the background; crossing the boundary then
//! shows it at once instead of waiting a round trip. The page left behind is kept, so
//! stepping back is instant too. Any re-read of the queue (a refresh, a live change, a new
//! filter) forgets both: a neighbour is never shown staler than the page beside it.

use super::action::Effect;
use super::state::{QueueState, SelectOnLoad, State, PAGE_SIZE};
use crate::api::{Page, TicketSummary};
use crate::client::ClientError;

/// A page next to the one shown.
#[derive(Debug, Clone)]
pub struct Neighbour {
    /// The cursor the page starts at (`None`: the first page).
    pub cursor: Option<String>,
    /// The request reading it, while that is in flight.
    pub req: Option<u64>,
    /// The page, once read.
    pub page: Option<Page<TicketSummary>>,
}

/// Which way a crossing goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Way {
    /// To the next page.
    Forward,
    /// To the previous page.
    Back,
}

/// Rows a screen of the queue shows at the current terminal size.
pub fn screen_rows(s: &State) -> usize {
    usize::from(s.size.1.saturating_sub(8)).max(1)
}

/// Forget both neighbours (the queue is being read again).
pub fn forget(q: &mut QueueState) {
    q.ahead = None;
    q.behind = None;
}

/// The page shown, as the neighbour it becomes when the selection leaves it.
fn shown(q: &QueueState) -> Neighbour {
    Neighbour {
        cursor: q.cursors.last().cloned().flatten(),
        req: None,
        page: Some(Page {
            items: q.rows.clone(),
            next_cursor: q.next_cursor.clone(),
            total: q.total,
        }),
    }
}

/// Cross to the next or previous page, landing on `select`: at once when that page has
/// been read ahead, when its answer arrives when it is on its way, else by reading it now.
pub fn cross(s: &mut State, way: Way, select: SelectOnLoad) -> Vec<Effect> {
    let q = &mut s.queue;
    let left = shown(q);
    let target = match way {
        Way::Forward => q.next_cursor.clone(),
        Way::Back => q
            .cursors
            .len()
            .checked_sub(2)
            .and_then(|i| q.cursors[i].clone()),
    };
    let ready = match way {
        Way::Forward => q.ahead.take(),
        Way::Back => q.behind.take(),
    }
    .filter(|n| n.cursor == target);
    match way {
        Way::Forward => q.cursors.push(target),
        Way::Back => {
            q.cursors.pop();
        }
    }
    // The page left is now the neighbour on the other side; the one beyond is unknown.
    match way {
        Way::Forward => {
            q.behind = Some(left);
            q.ahead = None;
        }
        Way::Back => {
            q.ahead = Some(left);
            q.behind = None;
        }
    }
    match ready {
        Some(Neighbour {
            page: Some(page), ..
        }) => {
            q.pending = None;
            show(q, page, select);
            near_edge(s)
        }
        Some(Neighbour { req: Some(req), .. }) => {
            // On its way: its answer is now the queue's own.
            q.pending = Some(req);
            q.select_on_load = select;
            vec![]
        }
        _ => super::update::load_queue(s, select),
    }
}

/// Put `page` on screen with the selection at `select` (first or last row).
fn show(q: &mut QueueState, page: Page<TicketSummary>, select: SelectOnLoad) {
    q.selected = match select {
        SelectOnLoad::Last => page.items.len().saturating_sub(1),
        _ => 0,
    };
    q.rows = page.items;
    q.total = page.total;
    q.next_cursor = page.next_cursor;
}

/// Read the neighbour the selection is within a screen of, when it is not read or on
/// its way already. Nothing while the page shown is itself being read.
pub fn near_edge(s: &mut State) -> Vec<Effect> {
    let rows = screen_rows(s);
    let q = &s.queue;
    if q.pending.is_some() || q.rows.is_empty() {
        return vec![];
    }
    let mut wanted = Vec::new();
    if let Some(next) = &q.next_cursor {
        let near_end = q.rows.len() - q.selected.min(q.rows.len()) <= rows;
        let known = q
            .ahead
            .as_ref()
            .is_some_and(|n| n.cursor.as_ref() == Some(next));
        if near_end && !known {
            wanted.push((Way::Forward, Some(next.clone())));
        }
    }
    if q.cursors.len() > 1 && q.selected < rows {
        let prev = q.cursors[q.cursors.len() - 2].clone();
        let known = q.behind.as_ref().is_some_and(|n| n.cursor == prev);
        if !known {
            wanted.push((Way::Back, prev));
        }
    }
    let mut fx = Vec::new();
    for (way, cursor) in wanted {
        let req = s.request_id();
        let q = &mut s.queue;
        let query = q
            .filter
            .query(q.sort.sort_key(), q.desc, cursor.clone(), PAGE_SIZE);
        let n = Some(Neighbour {
            cursor,
            req: Some(req),
            page: None,
        });
        match way {
            Way::Forward => q.ahead = n,
            Way::Back => q.behind = n,
        }
        fx.push(Effect::LoadQueue { req, query });
    }
    fx
}

/// Take the answer to a read-ahead; gives `result` back when `req` is not one.
/// A failed read-ahead is dropped quietly: crossing will read the page itself.
pub fn arrived(
    q: &mut QueueState,
    req: u64,
    result: Result<Page<TicketSummary>, ClientError>,
) -> Option<Result<Page<TicketSummary>, ClientError>> {
    let Some(slot) = [&mut q.ahead, &mut q.behind]
        .into_iter()
        .find(|n| n.as_ref().is_some_and(|n| n.req == Some(req)))
    else {
        return Some(result);
    };
    match result {
        Ok(page) => {
            if let Some(n) = slot.as_mut() {
                n.req = None;
                n.page = Some(page);
            }
        }
        Err(e) => {
            tracing::debug!(req, error = %e, "read-ahead of a queue page failed");
            *slot = None;
        }
    }
    None
}
