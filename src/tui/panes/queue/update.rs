//! The queue's update: reading pages, moving the selection across them, sorting,
//! filtering and saved views. Pure: answers come back as pages.

use tui_input::Input;

use super::filter::{self, QueueFilter};
use super::msg::QueueRequest;
use super::pages::{self, Way};
use super::state::{Column, QueueState, SelectOnLoad, PAGE_SIZE};
use crate::api::{Page, TicketSummary};
use crate::client::ClientError;
use crate::config::{Binding, KeyChord, SavedView};
use crate::sanitize::clean;
use crate::tui::context::Ctx;
use crate::tui::editor::handle_input;
use crate::tui::keymap::in_text;
use crate::tui::panes::{Cmd, Link};

type Cmds = Vec<Cmd<QueueRequest>>;

/// Load the current queue page, putting the selection where `select` says.
pub fn load(q: &mut QueueState, cx: &mut Ctx<'_>, select: SelectOnLoad) -> Cmds {
    if let SelectOnLoad::Keep(_) = select {
        // A re-read: the neighbours read ahead may be as stale as the page.
        pages::forget(q);
        // During a crossing the cursors already name the page it waits for: this reads
        // that page, and it still lands on its first (or last) row.
        if !pages::crossing(q) {
            q.select_on_load = select;
        }
    } else {
        q.select_on_load = select;
    }
    let req = q.pending.issue(cx);
    let cursor = q.cursors.last().cloned().flatten();
    let query = q.filter.query(q.sort.sort_key(), q.desc, cursor, PAGE_SIZE);
    vec![Cmd::Run(QueueRequest::Load { req, query })]
}

/// Read the page shown again, keeping the selection on the same ticket.
pub fn reread(q: &mut QueueState, cx: &mut Ctx<'_>) -> Cmds {
    let keep = q.current().map(|t| t.id);
    load(q, cx, SelectOnLoad::Keep(keep))
}

/// Start over at page 1 (new filter or sort).
fn reload_first_page(q: &mut QueueState, cx: &mut Ctx<'_>) -> Cmds {
    q.cursors = vec![None];
    q.arrived = 0;
    q.crossed_from = None;
    q.deferred = 0;
    pages::forget(q);
    load(q, cx, SelectOnLoad::First)
}

/// A page arrived: a read-ahead's is filed, the newest read's is shown, older ones dropped.
pub fn loaded(
    q: &mut QueueState,
    cx: &mut Ctx<'_>,
    req: u64,
    result: Result<Page<TicketSummary>, ClientError>,
) -> Cmds {
    let result = match pages::arrived(q, cx, req, result) {
        // A page read ahead: nothing on screen changes until the selection crosses.
        pages::Arrival::Taken(fx) => return fx,
        pages::Arrival::NotMine(result) => result,
    };
    if !q.pending.settle(req) {
        tracing::debug!(req, pending = ?q.pending, "older queue page dropped");
        // An older request: the newest one wins.
        *cx.dirty = false;
        return vec![];
    }
    let page = match result {
        Ok(p) => p,
        Err(e) => {
            pages::crossing_failed(q);
            return vec![cx.failed(e)];
        }
    };
    q.crossed_from = None;
    if let SelectOnLoad::Keep(_) = q.select_on_load {
        let known: std::collections::HashSet<i64> = q.rows.iter().map(|t| t.id).collect();
        if !known.is_empty() {
            q.arrived += page.items.iter().filter(|t| !known.contains(&t.id)).count() as u32;
        }
    }
    q.selected = match q.select_on_load {
        SelectOnLoad::First => 0,
        SelectOnLoad::Last => page.items.len().saturating_sub(1),
        SelectOnLoad::Keep(id) => id
            .and_then(|id| page.items.iter().position(|t| t.id == id))
            .unwrap_or(q.selected.min(page.items.len().saturating_sub(1))),
    };
    q.rows = page.items;
    q.total = page.total;
    q.next_cursor = page.next_cursor;
    if let SelectOnLoad::Keep(_) = q.select_on_load {
        // A re-read (live change, poll): the neighbours wait for the operator's next move,
        // so that every change costs each desk one read, not three.
        vec![]
    } else if q.deferred != 0 {
        replay(q, cx)
    } else {
        pages::near_edge(q, cx)
    }
}

/// The moves typed while the page was on its way, one row at a time (one may cross again
/// and wait; the rest then waits with it).
fn replay(q: &mut QueueState, cx: &mut Ctx<'_>) -> Cmds {
    let mut fx = Vec::new();
    while q.deferred != 0 && !pages::crossing(q) {
        let b = if q.deferred > 0 {
            q.deferred -= 1;
            Binding::Down
        } else {
            q.deferred += 1;
            Binding::Up
        };
        fx.extend(key(q, cx, Some(b)));
    }
    *cx.dirty = true;
    fx
}

/// Keep the row of a ticket in step with what was just read of it.
pub fn ticket_read(q: &mut QueueState, t: &TicketSummary) {
    if let Some(row) = q.rows.iter_mut().find(|r| r.id == t.id) {
        *row = t.clone();
    }
}

/// Keys typed into the open filter bar.
pub fn filter_key(q: &mut QueueState, cx: &mut Ctx<'_>, k: KeyChord, b: Option<Binding>) -> Cmds {
    let c = cx.cat();
    match in_text(b, &k) {
        Some(Binding::Cancel) => {
            q.filter_bar = None;
            q.filter_error = None;
        }
        Some(Binding::Confirm) => {
            let text = q.filter_bar.as_ref().map(|i| i.value().to_string());
            match filter::parse(text.as_deref().unwrap_or(""), &c) {
                Ok(f) => {
                    q.filter = f;
                    q.filter_bar = None;
                    q.filter_error = None;
                    q.view = None;
                    return reload_first_page(q, cx);
                }
                // The bar stays open with the text as typed.
                Err(e) => q.filter_error = Some(e.0),
            }
        }
        _ => {
            if let Some(bar) = q.filter_bar.as_mut() {
                handle_input(bar, &k);
            }
        }
    }
    vec![]
}

/// Text pasted into the open filter bar (one line: controls and line breaks dropped).
pub fn paste(q: &mut QueueState, text: &str) -> bool {
    let Some(bar) = q.filter_bar.as_mut() else {
        return false;
    };
    for ch in crate::sanitize::one_line_chars(text) {
        bar.handle(tui_input::InputRequest::InsertChar(ch));
    }
    true
}

/// Apply a saved view.
pub fn apply_view(q: &mut QueueState, cx: &mut Ctx<'_>, v: &SavedView) -> Cmds {
    q.filter = QueueFilter::from_view(v);
    q.view = Some(clean(&v.name));
    reload_first_page(q, cx)
}

/// A queue key (the queue pane has focus and no ticket is open).
pub fn key(q: &mut QueueState, cx: &mut Ctx<'_>, b: Option<Binding>) -> Cmds {
    let page_rows = pages::screen_rows(cx.size);
    if pages::crossing(q) {
        // The page being crossed to is on its way: count the move, apply it on arrival.
        let rows = page_rows as i64;
        let step = match b {
            Some(Binding::Down) => 1,
            Some(Binding::Up) => -1,
            Some(Binding::PageDown) => rows,
            Some(Binding::PageUp) => -rows,
            _ => 0,
        };
        if step != 0 {
            q.deferred += step;
            *cx.dirty = false;
            return vec![];
        }
    }
    match b {
        Some(Binding::Down) => {
            if q.selected + 1 < q.rows.len() {
                q.selected += 1;
            } else if q.next_cursor.is_some() {
                return pages::cross(q, cx, Way::Forward, SelectOnLoad::First);
            }
            return pages::near_edge(q, cx);
        }
        Some(Binding::Up) => {
            if q.selected > 0 {
                q.selected -= 1;
            } else if q.cursors.len() > 1 {
                return pages::cross(q, cx, Way::Back, SelectOnLoad::Last);
            }
            return pages::near_edge(q, cx);
        }
        Some(Binding::PageDown) => {
            if q.selected + page_rows < q.rows.len() {
                q.selected += page_rows;
            } else if q.next_cursor.is_some() {
                return pages::cross(q, cx, Way::Forward, SelectOnLoad::First);
            } else {
                q.selected = q.rows.len().saturating_sub(1);
            }
            return pages::near_edge(q, cx);
        }
        Some(Binding::PageUp) => {
            if q.selected >= page_rows {
                q.selected -= page_rows;
            } else if q.cursors.len() > 1 {
                return pages::cross(q, cx, Way::Back, SelectOnLoad::Last);
            } else {
                q.selected = 0;
            }
            return pages::near_edge(q, cx);
        }
        Some(Binding::Filter) => {
            q.filter_bar = Some(Input::new(q.filter.to_text()));
            q.filter_error = None;
        }
        Some(Binding::Refresh) => {
            q.arrived = 0;
            return reread(q, cx);
        }
        Some(Binding::SortNext) => {
            // The customer is masked server-side and is not a sort key of the API.
            let cols: Vec<Column> = Column::ALL
                .into_iter()
                .filter(|c| *c != Column::Customer)
                .collect();
            let i = cols.iter().position(|c| *c == q.sort).unwrap_or(0);
            q.sort = cols[(i + 1) % cols.len()];
            return reload_first_page(q, cx);
        }
        Some(Binding::SortReverse) => {
            q.desc = !q.desc;
            return reload_first_page(q, cx);
        }
        Some(Binding::Open) => {
            if let Some(t) = q.current() {
                let id = t.id;
                q.arrived = 0;
                return vec![Cmd::Go(Link::OpenTicket(id))];
            }
        }
        Some(Binding::OpenAccount) => {
            if let Some(t) = q.current().cloned() {
                return crate::tui::panes::open_account(cx, &t);
            }
            *cx.dirty = false;
        }
        Some(Binding::Back) => {
            if q.view.is_some() || q.filter != QueueFilter::open_work() {
                q.filter = QueueFilter::open_work();
                q.view = None;
                return reload_first_page(q, cx);
            }
        }
        _ => *cx.dirty = false,
    }
    vec![]
}
