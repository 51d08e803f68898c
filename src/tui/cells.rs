//! Cells and times more than one pane shows the same way: a ticket's SLA due and its claim,
//! times in the support centre's zone, and a box centred in an area.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use ratatui::layout::{Constraint, Flex, Layout, Rect};

use crate::api::TicketSummary;
use crate::domain::calendar::WorkCalendar;
use crate::sanitize::clean;
use crate::tui::locale::Catalog;

/// Times are shown in China Standard Time (UTC+8, no daylight saving), where the
/// platform's users and the support centre are.
pub fn china_time(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    match FixedOffset::east_opt(8 * 3600) {
        Some(cst) => t.with_timezone(&cst),
        None => t.fixed_offset(),
    }
}

/// How the SLA reads: label and whether it is overdue (Some(true)) or due today (Some(false)).
pub fn due_cell(c: &Catalog, today: NaiveDate, t: &TicketSummary) -> (String, Option<bool>) {
    // While it waits on the customer or a review the clock stands still: no countdown.
    if t.sla_paused && t.status.is_open() {
        return (c.t("due.paused").to_string(), None);
    }
    // A finished ticket has no deadline left to count down.
    due_text(c, today, t.due_on, t.due_approximate, !t.status.is_open())
}

/// Working days left (or late) to `due_on`, `~` when computed on weekdays only, with its
/// urgency: overdue (Some(true)) or due today (Some(false)); "—" once `finished`.
pub fn due_text(
    c: &Catalog,
    today: NaiveDate,
    due_on: NaiveDate,
    approximate: bool,
    finished: bool,
) -> (String, Option<bool>) {
    if finished {
        return ("—".to_string(), None);
    }
    let (n, approx) = WorkCalendar::builtin().working_days_between(today, due_on);
    let tilde = if approx || approximate { "~" } else { "" };
    if n < 0 {
        let text = c.tf("due.overdue", &[("n", &(-n).to_string())]);
        (format!("{tilde}{text}"), Some(true))
    } else if n == 0 {
        (format!("{tilde}{}", c.t("due.today")), Some(false))
    } else {
        let text = c.tf("due.days", &[("n", &n.to_string())]);
        (format!("{tilde}{text}"), None)
    }
}

/// Claim holder with minutes left on the lease.
pub fn claim_cell(c: &Catalog, now: DateTime<Utc>, t: &TicketSummary) -> String {
    match (&t.assignee, t.claim_expires_at) {
        (Some(who), Some(until)) if until > now => {
            let min = (until - now).num_minutes().max(1);
            format!("{} {min}m", clean(who))
        }
        (Some(who), _) => clean(who),
        // Assigned by a supervisor, nobody working on it now: the assignee, marked.
        (None, _) => match &t.assigned_to {
            Some(who) => format!("→{}", clean(who)),
            None => c.t("queue.unassigned").to_string(),
        },
    }
}

/// A box of `w`×`h` cells centred in `area` (shrunk to fit it).
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(h.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [r] = Layout::horizontal([Constraint::Length(w.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Status;
    use crate::config::Language;
    use crate::tui::fixtures;

    #[test]
    fn a_paused_ticket_shows_paused_instead_of_a_countdown() {
        let mut t = fixtures::page().remove(0);
        let today = fixtures::today();
        let (late, urgency) = due_cell(&Catalog::new(Language::En), today, &t);
        assert!(late.contains("late"), "{late}");
        assert_eq!(urgency, Some(true));
        t.status = Status::PendingCustomer;
        t.sla_paused = true;
        t.sla_remaining_seconds = Some(-3600);
        let en = due_cell(&Catalog::new(Language::En), today, &t);
        assert_eq!(en, ("paused".to_string(), None));
        let zh = due_cell(&Catalog::new(Language::ZhCn), today, &t);
        assert_eq!(zh, ("暂停".to_string(), None));
    }
}
