//! The queue's neighbouring pages, read ahead of the selection.
//!
//! The queue holds one page of `PAGE_SIZE` rows. When the selection comes within a screen
//! of either end, the page beyond is read in the background; crossing the boundary then
//! shows it at once instead of waiting a round trip. The page left behind is kept, so
//! stepping back is instant too. Any re-read of the queue (a refresh, a live change, a new
//! filter) forgets both: a neighbour is never shown staler than the page beside it; they
//! are read again at the operator's next move, not with the re-read.

use super::msg::QueueRequest;
use super::state::{QueueState, SelectOnLoad, PAGE_SIZE};
use crate::api::{Page, TicketSummary};
use crate::client::ClientError;
use crate::tui::context::Ctx;
use crate::tui::panes::Cmd;

type Cmds = Vec<Cmd<QueueRequest>>;

/// A page next to the one shown.
#[derive(Debug, Clone)]
pub struct Neighbour {
    /// The cursor the page starts at (`None`: the first page).
    pub cursor: Option<String>,
    /// Where reading it stands.
    pub read: Read,
}

/// Where reading a neighbour stands.
#[derive(Debug, Clone)]
pub enum Read {
    /// On its way: the request id.
    Reading(u64),
    /// Read.
    Done(Page<TicketSummary>),
    /// It failed; not asked again until the queue is re-read (crossing reads it itself,
    /// and shows the error if there is one).
    Failed,
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
pub fn screen_rows(size: (u16, u16)) -> usize {
    usize::from(size.1.saturating_sub(8)).max(1)
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
        read: Read::Done(Page {
            items: q.rows.clone(),
            next_cursor: q.next_cursor.clone(),
            total: q.total,
        }),
    }
}

/// Cross to the next or previous page, landing on `select`: at once when that page has
/// been read ahead, when its answer arrives when it is on its way, else by reading it now.
pub fn cross(q: &mut QueueState, cx: &mut Ctx<'_>, way: Way, select: SelectOnLoad) -> Cmds {
    if crossing(q) {
        // Already crossing (a held key repeats): the page on screen is not the one the
        // cursors now name, so it must not be kept, and the same page must not be asked twice.
        *cx.dirty = false;
        return vec![];
    }
    let left = shown(q);
    let before = q.cursors.clone();
    let target = match way {
        Way::Forward => q.next_cursor.clone(),
        Way::Back => q
            .cursors
            .len()
            .checked_sub(2)
            .and_then(|i| q.cursors[i].clone()),
    };
    let beyond = match way {
        Way::Forward => q.ahead.take(),
        Way::Back => q.behind.take(),
    }
    .filter(|n| n.cursor == target);
    // The page left is now the neighbour on the other side; the one beyond is unknown.
    match way {
        Way::Forward => {
            q.cursors.push(target);
            q.behind = Some(left);
        }
        Way::Back => {
            q.cursors.pop();
            q.ahead = Some(left);
        }
    }
    match beyond.map(|n| n.read) {
        Some(Read::Done(page)) => {
            q.pending.forget();
            q.crossed_from = None;
            show(q, page, select);
            near_edge(q, cx)
        }
        Some(Read::Reading(req)) => {
            // On its way: its answer is now the queue's own.
            q.pending.adopt(req);
            q.select_on_load = select;
            q.crossed_from = Some(before);
            vec![]
        }
        Some(Read::Failed) | None => {
            q.crossed_from = Some(before);
            super::update::load(q, cx, select)
        }
    }
}

/// Whether a crossing waits for its page (the page on screen is then the one it left).
pub fn crossing(q: &QueueState) -> bool {
    q.pending.waiting() && !matches!(q.select_on_load, SelectOnLoad::Keep(_))
}

/// The page a crossing waited for failed: back to the page still on screen, cursors and
/// all. The neighbours are forgotten (the page left was filed as one), and read again at
/// the next move.
pub fn crossing_failed(q: &mut QueueState) {
    q.deferred = 0;
    if let Some(before) = q.crossed_from.take() {
        q.cursors = before;
        forget(q);
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

/// Read the neighbour the selection is within a screen of, when it is not read, on its
/// way or failed already. Nothing while the page shown is itself being read.
pub fn near_edge(q: &mut QueueState, cx: &mut Ctx<'_>) -> Cmds {
    let rows = screen_rows(cx.size);
    if q.pending.waiting() || q.rows.is_empty() {
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
        let req = cx.request_id();
        let query = q
            .filter
            .query(q.sort.sort_key(), q.desc, cursor.clone(), PAGE_SIZE);
        let n = Some(Neighbour {
            cursor,
            read: Read::Reading(req),
        });
        match way {
            Way::Forward => q.ahead = n,
            Way::Back => q.behind = n,
        }
        fx.push(Cmd::Run(QueueRequest::ReadAhead { req, query }));
    }
    fx
}

/// What became of a queue answer offered to the read-ahead.
pub enum Arrival {
    /// It was a read-ahead's; these commands follow.
    Taken(Cmds),
    /// Not a read-ahead's: the queue's own answer, given back.
    NotMine(Result<Page<TicketSummary>, ClientError>),
}

/// Take the answer to a read-ahead. A failure is kept quiet (crossing reads the page
/// itself), except an ended session, which goes the way every 401 goes.
pub fn arrived(
    q: &mut QueueState,
    cx: &mut Ctx<'_>,
    req: u64,
    result: Result<Page<TicketSummary>, ClientError>,
) -> Arrival {
    let Some(slot) = [&mut q.ahead, &mut q.behind]
        .into_iter()
        .flatten()
        .find(|n| matches!(n.read, Read::Reading(r) if r == req))
    else {
        return Arrival::NotMine(result);
    };
    match result {
        Ok(page) => {
            slot.read = Read::Done(page);
            *cx.dirty = false;
            Arrival::Taken(vec![])
        }
        Err(e) => {
            tracing::debug!(req, error = %e, "read-ahead of a queue page failed");
            slot.read = Read::Failed;
            if e.is_unauthorized() {
                Arrival::Taken(vec![cx.failed(e)])
            } else {
                *cx.dirty = false;
                Arrival::Taken(vec![])
            }
        }
    }
}
