//! Cells and times more than one pane shows the same way: a ticket's SLA due and its claim,
//! times in the support centre's zone, and a box centred in an area.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};

use crate::api::TicketSummary;
use crate::domain::calendar::WorkCalendar;
use crate::sanitize::{clean, clusters, width};
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
            c.tf(
                "queue.claim_left",
                &[("who", &clean(who)), ("min", &min.to_string())],
            )
        }
        (Some(who), _) => clean(who),
        // Assigned by a supervisor, nobody working on it now: the assignee, marked.
        (None, _) => match &t.assigned_to {
            Some(who) => format!("→{}", clean(who)),
            None => c.t("queue.unassigned").to_string(),
        },
    }
}

/// `line` cut to `max` cells, its last shown span ending in `…` when something was cut
/// (a Paragraph would cut it silently, and the next column would seem to continue it).
pub fn fit_line(line: Line<'static>, max: usize) -> Line<'static> {
    let total: usize = line.spans.iter().map(|sp| width(&sp.content)).sum();
    if total <= max || max == 0 {
        return if max == 0 { Line::default() } else { line };
    }
    // One cell stays for the ellipsis.
    let mut left = max - 1;
    let style = line.style;
    let mut spans: Vec<Span<'static>> = Vec::new();
    for sp in line.spans {
        let w = width(&sp.content);
        if w <= left {
            left -= w;
            spans.push(sp);
            continue;
        }
        let mut cut = String::new();
        for (g, gw) in clusters(&sp.content) {
            if gw > left {
                break;
            }
            cut.push_str(g);
            left -= gw;
        }
        spans.push(Span::styled(cut, sp.style));
        break;
    }
    match spans.last_mut() {
        Some(last) => last.content.to_mut().push('…'),
        None => spans.push(Span::raw("…")),
    }
    Line::from(spans).style(style)
}

/// Clear `area` for a box drawn over other text. A wide character just left of the box
/// would cover the box's left border (it takes two cells, the second under the border):
/// it goes too, as a space.
pub fn clear_box(f: &mut ratatui::Frame<'_>, area: Rect) {
    f.render_widget(ratatui::widgets::Clear, area);
    if area.left() == 0 {
        return;
    }
    let buf = f.buffer_mut();
    for y in area.top()..area.bottom() {
        let cell = &mut buf[(area.left() - 1, y)];
        if width(cell.symbol()) > 1 {
            cell.set_symbol(" ");
        }
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

/// `items` joined by `sep` into lines of at most `max` cells, never splitting an item (a
/// key stays with what it does); an item wider than a line has one of its own.
pub fn pack(items: &[String], sep: &str, max: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for item in items {
        if line.is_empty() {
            line = item.clone();
        } else if width(&line) + width(sep) + width(item) <= max {
            line = format!("{line}{sep}{item}");
        } else {
            out.push(std::mem::replace(&mut line, item.clone()));
        }
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_items_are_never_split() {
        let items: Vec<String> = ["↑/↓ choose", "Enter confirm", "Esc cancel"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            pack(&items, " · ", 30),
            vec!["↑/↓ choose · Enter confirm", "Esc cancel"]
        );
        assert_eq!(pack(&items, " · ", 80).len(), 1);
        assert_eq!(pack(&items, " · ", 5).len(), 3);
        assert!(pack(&[], " · ", 5).is_empty());
    }
    use crate::api::Status;
    use crate::config::Language;
    use crate::tui::fixtures;

    #[test]
    fn a_line_too_long_is_cut_with_an_ellipsis_at_the_edge() {
        let line = Line::from(vec![
            Span::raw("Document  "),
            Span::raw("110***1234 · resident"),
        ]);
        let cut = fit_line(line.clone(), 20);
        let text: String = cut.spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, "Document  110***123…");
        assert_eq!(width(&text), 20);
        // Cut exactly at a span's end with more to come: still marked as cut.
        let cut = fit_line(line.clone(), 10);
        let text: String = cut.spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, "Document …");
        // Short enough: untouched.
        assert_eq!(fit_line(line.clone(), 40), line);
        // Wide characters are never split.
        let cut = fit_line(Line::raw("居民身份证"), 6);
        assert_eq!(cut.spans[0].content, "居民…");
    }

    #[test]
    fn a_box_over_wide_text_keeps_its_left_border() {
        use ratatui::backend::TestBackend;
        use ratatui::widgets::Block;
        use ratatui::Terminal;
        let mut t = Terminal::new(TestBackend::new(12, 3)).unwrap();
        t.draw(|f| {
            // "分" starts at column 3 and takes columns 3 and 4; the box starts at 4.
            f.render_widget(
                ratatui::widgets::Paragraph::new("   分钟后自动\n   分钟后自动\n   分钟后自动"),
                f.area(),
            );
            let area = Rect::new(4, 0, 6, 3);
            clear_box(f, area);
            f.render_widget(Block::bordered(), area);
        })
        .unwrap();
        let buf = t.backend().buffer();
        for y in 0..3 {
            assert_eq!(buf[(3, y)].symbol(), " ", "row {y}");
            assert!(["│", "┌", "└"].contains(&buf[(4, y)].symbol()), "row {y}");
        }
    }

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
