//! What each sub-view lists, as rows: the board filtered and sorted, the SLA watch's
//! sections, the escalations, an operator's items; the selection and what it stands for.

use super::state::{Board, BoardSort, Target, TeamState, View};
use crate::api::{Escalations, SlaWatch, TeamMember, TeamMemberDetail};
use crate::tui::panes::team::state::parse_target;

/// The board's rows as shown: filtered (online only, text) and sorted.
pub fn shown_board(b: &Board) -> Vec<&TeamMember> {
    let needle = b.filter.trim().to_lowercase();
    let mut rows: Vec<&TeamMember> = b
        .rows
        .iter()
        .filter(|m| !b.online_only || m.online)
        .filter(|m| {
            needle.is_empty()
                || m.operator.to_lowercase().contains(&needle)
                || m.name.to_lowercase().contains(&needle)
                || m.roles
                    .iter()
                    .any(|r| crate::tui::locale::wire_name(r).contains(&needle))
        })
        .collect();
    let load = |m: &TeamMember| {
        m.tickets_claimed + m.tickets_assigned + m.reviews_claimed + m.reviews_assigned
    };
    rows.sort_by(|a, b2| {
        let o = match b.sort {
            BoardSort::Load => load(b2).cmp(&load(a)),
            BoardSort::Operator => a.operator.cmp(&b2.operator),
            BoardSort::Seen => b2
                .online
                .cmp(&a.online)
                .then(b2.last_seen.cmp(&a.last_seen)),
            BoardSort::Oldest => {
                let since = |m: &TeamMember| m.oldest.as_ref().map(|h| h.since);
                match (since(a), since(b2)) {
                    (Some(x), Some(y)) => x.cmp(&y),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                }
            }
            BoardSort::Calls => b2.calls_today.cmp(&a.calls_today),
        };
        o.then_with(|| a.operator.cmp(&b2.operator))
    });
    if b.reverse {
        rows.reverse();
    }
    rows
}

/// Which list of the SLA watch a row is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlaSection {
    /// Past their SLA.
    Breached,
    /// Running out today.
    Today,
    /// Reviews past 3 working days.
    Reviews,
}

/// The SLA watch's selectable rows, section by section.
pub fn sla_rows(w: &SlaWatch) -> Vec<(SlaSection, Target)> {
    let t = |s, x: &crate::api::TicketSummary| (s, Target::Ticket(Box::new(x.clone())));
    w.breached
        .iter()
        .map(|x| t(SlaSection::Breached, x))
        .chain(w.breaching_today.iter().map(|x| t(SlaSection::Today, x)))
        .chain(
            w.reviews_overdue
                .iter()
                .map(|r| (SlaSection::Reviews, Target::Review(Box::new(r.clone())))),
        )
        .collect()
}

/// The escalations' rows: tickets, then reviews, each with its escalation.
pub fn escalation_rows(e: &Escalations) -> Vec<(Target, &crate::api::EscalationInfo)> {
    e.tickets
        .iter()
        .map(|x| (Target::Ticket(Box::new(x.ticket.clone())), &x.escalation))
        .chain(
            e.reviews
                .iter()
                .map(|x| (Target::Review(Box::new(x.review.clone())), &x.escalation)),
        )
        .collect()
}

/// An operator's items as targets.
pub fn member_rows(d: &TeamMemberDetail) -> Vec<Target> {
    d.items
        .iter()
        .map(|h| Target::Item(h.kind, h.id, h.title.clone()))
        .collect()
}

/// How many rows the sub-view shown has.
pub(super) fn len(t: &TeamState) -> usize {
    match t.view {
        View::Board => match &t.member {
            Some(m) => m.detail.as_ref().map_or(0, |d| d.items.len()),
            None => shown_board(&t.board).len(),
        },
        View::Sla => t.sla.data.as_ref().map_or(0, |w| sla_rows(w).len()),
        View::Escalations => t
            .escalations
            .data
            .as_ref()
            .map_or(0, |e| e.tickets.len() + e.reviews.len()),
        View::Audit => t.audit.rows.len(),
        View::Alerts => t.alerts.rows.len(),
    }
}

pub(super) fn selected_mut(t: &mut TeamState) -> &mut usize {
    match t.view {
        View::Board => match t.member.as_mut() {
            Some(m) => &mut m.selected,
            None => &mut t.board.selected,
        },
        View::Sla => &mut t.sla.selected,
        View::Escalations => &mut t.escalations.selected,
        View::Audit => &mut t.audit.selected,
        View::Alerts => &mut t.alerts.selected,
    }
}

/// What the selected row stands for (Enter, assignment).
pub fn selected_target(t: &TeamState) -> Option<Target> {
    match t.view {
        View::Board => {
            let m = t.member.as_ref()?;
            member_rows(m.detail.as_ref()?).into_iter().nth(m.selected)
        }
        View::Sla => {
            let w = t.sla.data.as_ref()?;
            sla_rows(w).into_iter().nth(t.sla.selected).map(|(_, x)| x)
        }
        View::Escalations => {
            let e = t.escalations.data.as_ref()?;
            escalation_rows(e)
                .into_iter()
                .nth(t.escalations.selected)
                .map(|(x, _)| x)
        }
        View::Audit => parse_target(&t.audit.rows.get(t.audit.selected)?.target),
        View::Alerts => parse_target(&t.alerts.rows.get(t.alerts.selected)?.target),
    }
}

/// Keep every selection inside its list (after a re-read shortened it).
pub fn clamp(t: &mut TeamState) {
    let view = t.view;
    for v in View::ALL {
        t.view = v;
        let n = len(t);
        let sel = selected_mut(t);
        *sel = (*sel).min(n.saturating_sub(1));
    }
    t.view = view;
}
