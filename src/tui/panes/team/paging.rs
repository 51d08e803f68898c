//! The lists that grow, read a page at a time: an operator's items, the SLA watch's three
//! lists and the escalations' two (one cursor goes on with all of a view's lists). The
//! next page is read when the selection nears the end of a list that has more, as the
//! audit browser and the queue read ahead; its rows are merged in without moving the
//! selection off the row it is on.

use super::msg::TeamEffect;
use super::state::{TeamState, View};
use super::update::{audit_query, Cmds, READ_AHEAD};
use crate::api::{Escalations, SlaWatch, TeamMemberDetail, TeamPageQuery};
use crate::tui::context::Ctx;
use crate::tui::panes::Cmd;

/// Rows of each list asked for per page.
pub const LIST_PAGE: u32 = 100;
/// The largest page the back office gives.
const MAX_PAGE: u32 = 500;

/// The query of a first page: as many rows as had been read (a refresh keeps the rows the
/// supervisor scrolled to), at least a page.
fn first(loaded: usize) -> TeamPageQuery {
    let n = u32::try_from(loaded).unwrap_or(MAX_PAGE);
    TeamPageQuery {
        limit: Some(n.clamp(LIST_PAGE, MAX_PAGE)),
        cursor: None,
    }
}

fn next(cursor: String) -> TeamPageQuery {
    TeamPageQuery {
        limit: Some(LIST_PAGE),
        cursor: Some(cursor),
    }
}

/// Read the open operator's items from the start.
pub fn load_member(t: &mut TeamState, cx: &mut Ctx<'_>) -> Cmds {
    let Some(m) = t.member.as_mut() else {
        return vec![];
    };
    m.ahead.forget();
    let req = m.pending.issue(cx);
    let loaded = m.detail.as_ref().map_or(0, |d| d.items.len());
    vec![Cmd::Run(TeamEffect::Member {
        req,
        operator: m.operator.clone(),
        query: first(loaded),
    })]
}

/// Read the SLA watch from the start.
pub fn load_sla(t: &mut TeamState, cx: &mut Ctx<'_>) -> Cmds {
    t.sla.ahead.forget();
    let req = t.sla.pending.issue(cx);
    let loaded = t.sla.data.as_ref().map_or(0, |w| {
        w.breached
            .len()
            .max(w.breaching_today.len())
            .max(w.reviews_overdue.len())
    });
    vec![Cmd::Run(TeamEffect::Sla {
        req,
        query: first(loaded),
    })]
}

/// Read the escalations from the start (the list is on screen: what was new is seen).
pub fn load_escalations(t: &mut TeamState, cx: &mut Ctx<'_>) -> Cmds {
    t.new_escalations = 0;
    t.escalations.ahead.forget();
    let req = t.escalations.pending.issue(cx);
    let loaded = t
        .escalations
        .data
        .as_ref()
        .map_or(0, |e| e.tickets.len().max(e.reviews.len()));
    vec![Cmd::Run(TeamEffect::Escalations {
        req,
        query: first(loaded),
    })]
}

/// Whether a list shown as consecutive sections (`(rows read, rows in all)` each) should
/// read on: some section with rows still to read ends within [`READ_AHEAD`] rows of the
/// selection (or before it, when a page key jumped past its end).
pub fn near_a_gap(sections: &[(usize, u64)], selected: usize) -> bool {
    let mut end = 0usize;
    for (read, total) in sections {
        end += read;
        if (*read as u64) < *total && end <= selected + READ_AHEAD {
            return true;
        }
    }
    false
}

/// The SLA watch's sections: breached, due later today, overdue reviews.
pub fn sla_sections(w: &SlaWatch) -> [(usize, u64); 3] {
    [
        (w.breached.len(), w.breached_total),
        (w.breaching_today.len(), w.breaching_today_total),
        (w.reviews_overdue.len(), w.reviews_overdue_total),
    ]
}

/// The escalations' sections: tickets, then reviews.
pub fn escalation_sections(e: &Escalations) -> [(usize, u64); 2] {
    [
        (e.tickets.len(), e.tickets_total),
        (e.reviews.len(), e.reviews_total),
    ]
}

/// Read the next page of the list shown when the selection nears the end of what is read.
pub fn read_ahead(t: &mut TeamState, cx: &mut Ctx<'_>) -> Cmds {
    match t.view {
        View::Board => {
            let Some(m) = t.member.as_mut() else {
                return vec![];
            };
            let Some(d) = m.detail.as_ref() else {
                return vec![];
            };
            let near = near_a_gap(&[(d.items.len(), d.total)], m.selected);
            let Some(cursor) = d.next_cursor.clone().filter(|_| near) else {
                return vec![];
            };
            if m.ahead.waiting() || m.pending.waiting() {
                return vec![];
            }
            let req = m.ahead.issue(cx);
            vec![Cmd::Run(TeamEffect::Member {
                req,
                operator: m.operator.clone(),
                query: next(cursor),
            })]
        }
        View::Sla => {
            let p = &mut t.sla;
            let Some(w) = p.data.as_ref() else {
                return vec![];
            };
            let near = near_a_gap(&sla_sections(w), p.selected);
            let Some(cursor) = w.next_cursor.clone().filter(|_| near) else {
                return vec![];
            };
            if p.ahead.waiting() || p.pending.waiting() {
                return vec![];
            }
            let req = p.ahead.issue(cx);
            vec![Cmd::Run(TeamEffect::Sla {
                req,
                query: next(cursor),
            })]
        }
        View::Escalations => {
            let p = &mut t.escalations;
            let Some(e) = p.data.as_ref() else {
                return vec![];
            };
            let near = near_a_gap(&escalation_sections(e), p.selected);
            let Some(cursor) = e.next_cursor.clone().filter(|_| near) else {
                return vec![];
            };
            if p.ahead.waiting() || p.pending.waiting() {
                return vec![];
            }
            let req = p.ahead.issue(cx);
            vec![Cmd::Run(TeamEffect::Escalations {
                req,
                query: next(cursor),
            })]
        }
        View::Audit => {
            let a = &mut t.audit;
            let near = a.rows.len().saturating_sub(a.selected) <= READ_AHEAD;
            let Some(cursor) = a.next_cursor.clone().filter(|_| near) else {
                return vec![];
            };
            if a.ahead.waiting() || a.pending.waiting() {
                return vec![];
            }
            let req = a.ahead.issue(cx);
            let query = audit_query(&a.filter, Some(cursor));
            vec![Cmd::Run(TeamEffect::Audit { req, query })]
        }
        View::Alerts => vec![],
    }
}

/// The next page of an operator's items after those read.
pub fn merge_member(d: &mut TeamMemberDetail, page: TeamMemberDetail) {
    d.member = page.member;
    d.items.extend(page.items);
    d.total = page.total;
    d.next_cursor = page.next_cursor;
}

/// Where row `selected` of sections sized `old` is once each section has grown by
/// `added` rows in its place: after the rows added to the sections above it.
fn shifted(selected: usize, old: &[usize], added: &[usize]) -> usize {
    let mut start = 0usize;
    let mut shift = 0usize;
    for (len, more) in old.iter().zip(added) {
        if selected < start + len {
            return selected + shift;
        }
        start += len;
        shift += more;
    }
    selected + shift
}

/// The next page of the SLA watch merged into what was read: each list grows in its
/// section, the counts are the newest; the selection stays on its row.
pub fn merge_sla(w: &mut SlaWatch, page: SlaWatch, selected: &mut usize) {
    let old = [
        w.breached.len(),
        w.breaching_today.len(),
        w.reviews_overdue.len(),
    ];
    let added = [
        page.breached.len(),
        page.breaching_today.len(),
        page.reviews_overdue.len(),
    ];
    *selected = shifted(*selected, &old, &added);
    w.at = page.at;
    w.by_category = page.by_category;
    w.due_by_hour = page.due_by_hour;
    w.breached.extend(page.breached);
    w.breaching_today.extend(page.breaching_today);
    w.reviews_overdue.extend(page.reviews_overdue);
    w.breached_total = page.breached_total;
    w.breaching_today_total = page.breaching_today_total;
    w.reviews_overdue_total = page.reviews_overdue_total;
    w.next_cursor = page.next_cursor;
}

/// The next page of the escalations merged into what was read (tickets, then reviews);
/// the selection stays on its row.
pub fn merge_escalations(e: &mut Escalations, page: Escalations, selected: &mut usize) {
    let old = [e.tickets.len(), e.reviews.len()];
    let added = [page.tickets.len(), page.reviews.len()];
    *selected = shifted(*selected, &old, &added);
    e.tickets.extend(page.tickets);
    e.reviews.extend(page.reviews);
    e.tickets_total = page.tickets_total;
    e.reviews_total = page.reviews_total;
    e.next_cursor = page.next_cursor;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_selection_keeps_its_row_when_sections_above_it_grow() {
        // Sections of 3, 2 and 4 rows; 5 rows added to the first, 1 to the second.
        let (old, added) = ([3, 2, 4], [5, 1, 0]);
        assert_eq!(shifted(1, &old, &added), 1, "in the first section");
        assert_eq!(shifted(3, &old, &added), 8, "first row of the second");
        assert_eq!(shifted(5, &old, &added), 11, "first row of the third");
        assert_eq!(shifted(8, &old, &added), 14, "last row");
    }

    #[test]
    fn a_section_with_rows_to_read_near_the_selection_reads_on() {
        let s = [(100, 300u64), (20, 20), (5, 5)];
        assert!(!near_a_gap(&s, 10));
        assert!(near_a_gap(&s, 100 - READ_AHEAD));
        assert!(near_a_gap(&s, 110), "past the gap after a page key");
        assert!(!near_a_gap(&[(100, 100), (20, 20)], 119), "all read");
    }
}
