//! The ticket queue: one server page as a table whose columns line up for any script.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::api::{Priority, TicketSummary};
use crate::domain::calendar::WorkCalendar;
use crate::tui::locale::Catalog;
use crate::tui::sanitize::{clean, pad, width};
use crate::tui::state::{Column, State};
use crate::tui::theme::Theme;
use crate::tui::update::label;

/// Column widths for a given total width (the subject takes what is left).
pub fn widths(total: usize) -> [usize; 9] {
    // id, channel, category, subject, customer, status, priority, claim, due
    let mut w = [5, 5, 10, 0, 6, 8, 6, 10, 8];
    if total >= 110 {
        w = [6, 5, 14, 0, 10, 12, 6, 14, 10];
    } else if total >= 99 {
        // Labels read whole before the subject gets the rest.
        w = [6, 5, 14, 0, 8, 11, 6, 10, 9];
    }
    let fixed: usize = w.iter().sum::<usize>() + w.len() + 1;
    w[3] = total.saturating_sub(fixed).max(8);
    w
}

/// How the SLA reads: label and whether it is overdue (Some(true)) or due today (Some(false)).
pub fn due_cell(c: &Catalog, s: &State, t: &TicketSummary) -> (String, Option<bool>) {
    if !t.status.is_open() {
        // A finished ticket has no deadline left to count down.
        return ("—".to_string(), None);
    }
    let (n, approx) = WorkCalendar::builtin().working_days_between(s.today, t.due_on);
    let tilde = if approx || t.due_approximate { "~" } else { "" };
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
pub fn claim_cell(c: &Catalog, s: &State, t: &TicketSummary) -> String {
    match (&t.assignee, t.claim_expires_at) {
        (Some(who), Some(until)) if until > s.now => {
            let min = (until - s.now).num_minutes().max(1);
            format!("{} {min}m", clean(who))
        }
        (Some(who), _) => clean(who),
        (None, _) => c.t("queue.unassigned").to_string(),
    }
}

/// Draw the queue.
pub fn render(f: &mut Frame<'_>, area: Rect, s: &State, c: &Catalog, t: &Theme) {
    let bar = s.queue.filter_bar.is_some();
    let rows = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(if bar { 2 } else { 1 }),
    ])
    .split(area);
    let total = usize::from(area.width).saturating_sub(1);
    let w = widths(total);
    header(f, rows[0], s, c, t, &w);
    body(f, rows[1], s, c, t, &w);
    footer(f, rows[2], s, c, t);
}

fn header(f: &mut Frame<'_>, area: Rect, s: &State, c: &Catalog, t: &Theme, w: &[usize; 9]) {
    let mut text = String::from(" ");
    for (i, col) in Column::ALL.iter().enumerate() {
        let mut label = c.t(col.label_key()).to_string();
        if *col == s.queue.sort {
            label.push(if s.queue.desc { '▼' } else { '▲' });
        }
        text.push_str(&pad(&label, w[i]));
        text.push(' ');
    }
    f.render_widget(Paragraph::new(Line::styled(text, t.header)), area);
}

fn body(f: &mut Frame<'_>, area: Rect, s: &State, c: &Catalog, t: &Theme, w: &[usize; 9]) {
    let q = &s.queue;
    if q.rows.is_empty() {
        let key = if q.pending.is_some() {
            "queue.loading"
        } else {
            "queue.empty"
        };
        f.render_widget(Paragraph::new(format!(" {}", c.t(key))).style(t.dim), area);
        return;
    }
    let height = usize::from(area.height);
    let first = if q.selected >= height {
        q.selected + 1 - height
    } else {
        0
    };
    let mut lines = Vec::new();
    for (i, row) in q.rows.iter().enumerate().skip(first).take(height) {
        let selected = i == q.selected;
        let (due, urgency) = due_cell(c, s, row);
        let cells = [
            row.id.to_string(),
            label(c, "channel", &row.channel),
            label(c, "category", &row.category),
            clean(&row.subject),
            row.customer.as_deref().map(clean).unwrap_or_default(),
            label(c, "status", &row.status),
            label(c, "priority", &row.priority),
            claim_cell(c, s, row),
            due,
        ];
        // The marker keeps the selection visible without colour (NO_COLOR, mono).
        let mut spans = vec![Span::raw(if selected { "▶" } else { " " })];
        for (j, cell) in cells.iter().enumerate() {
            let style = match (j, urgency) {
                (8, Some(true)) => t.overdue,
                (8, Some(false)) => t.due_today,
                (6, _) if row.priority == Priority::Urgent => t.overdue,
                _ => Style::default(),
            };
            spans.push(Span::styled(pad(cell, w[j]), style));
            spans.push(Span::raw(" "));
        }
        let mut line = Line::from(spans);
        if selected {
            line = line.style(t.selected);
        }
        lines.push(line);
    }
    f.render_widget(Paragraph::new(lines), area);
}

fn footer(f: &mut Frame<'_>, area: Rect, s: &State, c: &Catalog, t: &Theme) {
    let q = &s.queue;
    if let Some(bar) = &q.filter_bar {
        let prompt = c.t("queue.filter_prompt");
        let line1 = Line::from(vec![
            Span::styled(prompt.to_string(), t.key),
            Span::raw(bar.value().to_string()),
        ]);
        let line2 = match &q.filter_error {
            Some(e) => Line::styled(e.clone(), t.error),
            None => Line::styled(c.t("queue.filter_help").to_string(), t.dim),
        };
        f.render_widget(Paragraph::new(vec![line1, line2]), area);
        let x = area.x + width(prompt) as u16 + bar.visual_cursor() as u16;
        f.set_cursor_position((x.min(area.right().saturating_sub(1)), area.y));
        return;
    }
    let mut parts = vec![c.tf(
        "queue.page",
        &[
            ("page", &q.page().to_string()),
            ("total", &q.total.to_string()),
        ],
    )];
    let sort_label = c.t(q.sort.label_key());
    parts.push(c.tf("queue.sort", &[("col", sort_label)]));
    if let Some(v) = &q.view {
        parts.push(c.tf("queue.view", &[("name", v)]));
    }
    let filter = q.filter.to_text();
    if !filter.is_empty() {
        parts.push(format!("/ {}", clean(&filter)));
    }
    let mut spans = vec![Span::styled(format!(" {}", parts.join(" · ")), t.dim)];
    if q.arrived > 0 {
        spans.push(Span::styled(
            format!(
                " · {}",
                c.tf("queue.arrived", &[("n", &q.arrived.to_string())])
            ),
            t.notice,
        ));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fill_the_width_at_80_and_120() {
        for total in [79usize, 99, 109, 119] {
            let w = widths(total);
            assert_eq!(w.iter().sum::<usize>() + w.len() + 1, total, "{total}");
        }
    }
}
