//! The ticket queue: one server page as a table whose columns line up for any script.

use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::state::{Column, QueueState};
use crate::api::{Category, Channel, Priority, Status};
use crate::config::{Binding, Scope};
use crate::sanitize::{clean, fit, pad, width};
use crate::tui::cells::{claim_cell, due_cell};
use crate::tui::columns::{allocate, ColumnNeed};
use crate::tui::context::ViewCx;
use crate::tui::editor::input_view;
use crate::tui::locale::label;
use crate::tui::locale::Catalog;

/// Cells each column keeps before it is cut (id, channel, category, subject, customer,
/// status, priority, claim, due); an emptier column keeps less.
const MIN: [usize; 9] = [4, 4, 6, 12, 4, 6, 4, 5, 6];

/// One row's cells as drawn, in column order, and its SLA urgency.
struct RowCells {
    cells: [String; 9],
    urgency: Option<bool>,
}

/// Column widths for `total` cells (the marker column not counted) from the header labels
/// and the rows on screen: each column asks for its widest cell, the subject takes what
/// is left, and when the row is too narrow the widest columns give way first.
fn widths(total: usize, headers: &[String; 9], rows: &[RowCells]) -> [usize; 9] {
    let needs: Vec<ColumnNeed> = (0..9)
        .map(|j| {
            let want = ColumnNeed::measure(&headers[j], rows.iter().map(|r| r.cells[j].as_str()));
            if j == 3 {
                ColumnNeed::filling(want, MIN[j])
            } else {
                ColumnNeed::new(want, MIN[j])
            }
        })
        .collect();
    // A space after every cell: eight gaps between them and one after the last.
    let w = allocate(total.saturating_sub(1), 1, &needs);
    let mut out = [0; 9];
    out.copy_from_slice(&w);
    out
}

/// The header labels, the sort column marked.
fn header_labels(q: &QueueState, c: &Catalog) -> [String; 9] {
    Column::ALL.map(|col| {
        let mut label = c.t(col.label_key()).to_string();
        if col == q.sort {
            label.push(if q.desc { '▼' } else { '▲' });
        }
        label
    })
}

/// Draw the queue.
pub fn render(f: &mut Frame<'_>, area: Rect, q: &QueueState, v: &ViewCx<'_>) {
    let bar = q.filter_bar.is_some();
    let rows = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(if bar { 2 } else { 1 }),
    ])
    .split(area);
    let labels = header_labels(q, v.c);
    let first = first_visible(q.selected, usize::from(rows[1].height));
    let shown = row_cells(q, v, first, usize::from(rows[1].height));
    let w = widths(usize::from(area.width).saturating_sub(1), &labels, &shown);
    header(f, rows[0], &labels, v, &w);
    body(f, rows[1], q, v, &w, first, &shown);
    footer(f, rows[2], q, v);
}

fn header(f: &mut Frame<'_>, area: Rect, labels: &[String; 9], v: &ViewCx<'_>, w: &[usize; 9]) {
    let mut text = String::from(" ");
    for (label, cols) in labels.iter().zip(w) {
        text.push_str(&pad(label, *cols));
        text.push(' ');
    }
    f.render_widget(
        Line::from(Span::styled(
            fit(&text, usize::from(area.width)),
            v.theme.header,
        )),
        area,
    );
}

/// What an open row's SLA cell depends on: due date, approximate, paused.
type DueKey = (NaiveDate, bool, bool);
/// An SLA cell: its text and urgency, as [`due_cell`] gives them.
type Due = (String, Option<bool>);

/// The first row shown when `selected` must be visible in `height` rows: the rows go by
/// whole screens, so a move redraws two rows and only a move off the screen redraws
/// them all. (Scrolling one row per move rewrote every visible row, ~7 KB, on each
/// move past the bottom; over SSH that was most of the bytes a session sent.)
fn first_visible(selected: usize, height: usize) -> usize {
    match height {
        0 => 0,
        h => selected - selected % h,
    }
}

/// Catalog labels of every value of one wire enum, looked up once per frame (each
/// lookup builds its key through serde).
struct Labels<T: 'static>(Vec<(T, String)>, &'static str);

impl<T: serde::Serialize + Copy + PartialEq> Labels<T> {
    fn new(c: &Catalog, group: &'static str, all: &[T]) -> Labels<T> {
        Labels(
            all.iter().map(|v| (*v, label(c, group, v))).collect(),
            group,
        )
    }

    fn get<'a>(&'a self, c: &Catalog, v: &T) -> std::borrow::Cow<'a, str> {
        match self.0.iter().find(|(k, _)| k == v) {
            Some((_, l)) => std::borrow::Cow::Borrowed(l),
            None => std::borrow::Cow::Owned(label(c, self.1, v)),
        }
    }
}

/// Write `text` into `cols` cells at (x, y), cut with `…` when too wide; the whole
/// width takes `style` (as a padded span did).
fn put(buf: &mut Buffer, x: u16, y: u16, text: &str, cols: u16, style: Style) {
    if cols == 0 {
        return;
    }
    if style != Style::default() {
        buf.set_style(Rect::new(x, y, cols, 1), style);
    }
    if width(text) <= usize::from(cols) {
        buf.set_stringn(x, y, text, usize::from(cols), style);
    } else {
        buf.set_stringn(x, y, fit(text, usize::from(cols)), usize::from(cols), style);
    }
}

/// The cells of the rows from `first` on that fit in `height` lines.
fn row_cells(q: &QueueState, v: &ViewCx<'_>, first: usize, height: usize) -> Vec<RowCells> {
    let c = v.c;
    let channels = Labels::new(c, "channel", &Channel::ALL);
    let categories = Labels::new(c, "category", &Category::ALL);
    let statuses = Labels::new(c, "status", &Status::ALL);
    let priorities = Labels::new(c, "priority", &Priority::ALL);
    // Rows due on the same day read the same; the working-day count walks the calendar.
    let mut dues: Vec<(DueKey, Due)> = Vec::new();
    let mut out = Vec::with_capacity(height.min(q.rows.len()));
    for row in q.rows.iter().skip(first).take(height) {
        let due = if row.status.is_open() {
            let key = (row.due_on, row.due_approximate, row.sla_paused);
            match dues.iter().find(|(k, _)| *k == key) {
                Some((_, d)) => d.clone(),
                None => {
                    let d = due_cell(c, v.today, row);
                    dues.push((key, d.clone()));
                    d
                }
            }
        } else {
            due_cell(c, v.today, row)
        };
        let (due, urgency) = due;
        out.push(RowCells {
            cells: [
                row.id.to_string(),
                channels.get(c, &row.channel).into_owned(),
                categories.get(c, &row.category).into_owned(),
                clean(&row.subject),
                row.customer.as_deref().map(clean).unwrap_or_default(),
                statuses.get(c, &row.status).into_owned(),
                priorities.get(c, &row.priority).into_owned(),
                claim_cell(c, v.now, row),
                due,
            ],
            urgency,
        });
    }
    out
}

fn body(
    f: &mut Frame<'_>,
    area: Rect,
    q: &QueueState,
    v: &ViewCx<'_>,
    w: &[usize; 9],
    first: usize,
    shown: &[RowCells],
) {
    let (c, t) = (v.c, v.theme);
    if q.rows.is_empty() {
        let key = if q.pending.waiting() {
            "queue.loading"
        } else {
            "queue.empty"
        };
        f.render_widget(Paragraph::new(format!(" {}", c.t(key))).style(t.dim), area);
        return;
    }
    // Drawn cell by cell into the buffer: a Paragraph of the same lines spent most of
    // the frame segmenting and truncating the padding.
    let row_width = (w.iter().sum::<usize>() + w.len() + 1).min(usize::from(area.width));
    let buf = f.buffer_mut();
    for (y, (i, (row, cells))) in (area.y..).zip(
        q.rows
            .iter()
            .skip(first)
            .zip(shown)
            .enumerate()
            .map(|(n, rc)| (first + n, rc)),
    ) {
        let selected = i == q.selected;
        if selected {
            buf.set_style(Rect::new(area.x, y, row_width as u16, 1), t.selected);
        }
        // The marker keeps the selection visible without colour (NO_COLOR, mono).
        buf.set_string(
            area.x,
            y,
            if selected { "▶" } else { " " },
            Style::default(),
        );
        let mut x = area.x + 1;
        for (j, cell) in cells.cells.iter().enumerate() {
            let style = match (j, cells.urgency) {
                (8, Some(true)) => t.overdue,
                (8, Some(false)) => t.due_today,
                (6, _) if row.priority == Priority::Urgent => t.overdue,
                _ => Style::default(),
            };
            let cols = (w[j] as u16).min(area.right().saturating_sub(x));
            put(buf, x, y, cell, cols, style);
            x = x.saturating_add(w[j] as u16 + 1);
        }
    }
}

fn footer(f: &mut Frame<'_>, area: Rect, q: &QueueState, v: &ViewCx<'_>) {
    let (c, t) = (v.c, v.theme);
    if let Some(bar) = &q.filter_bar {
        let prompt = c.t("queue.filter_prompt");
        let cols = usize::from(area.width).saturating_sub(width(prompt));
        let (shown, cur) = input_view(bar, cols);
        let line1 = Line::from(vec![
            Span::styled(prompt.to_string(), t.key),
            Span::raw(shown),
        ]);
        let line2 = match &q.filter_error {
            Some(e) => Line::styled(e.clone(), t.error),
            None => Line::styled(
                v.keymap.text_with_keys(
                    c,
                    "queue.filter_help",
                    &[
                        ("apply", Scope::Modal, &[Binding::Confirm]),
                        ("cancel", Scope::Modal, &[Binding::Cancel]),
                    ],
                    &[],
                ),
                t.dim,
            ),
        };
        f.render_widget(Paragraph::new(vec![line1, line2]), area);
        let x = area.x + (width(prompt) + cur) as u16;
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
    if let Some(name) = &q.view {
        let shown = crate::tui::locale::view_name(c, name);
        parts.push(c.tf("queue.view", &[("name", &shown)]));
    }
    let filter = q.filter.describe(c);
    if !filter.is_empty() {
        parts.push(format!("/ {filter}"));
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
    f.render_widget(Line::from(spans), area);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::theme::Theme;

    /// The queue rows drawn the plain way, as one Paragraph of padded spans: what
    /// [`body`] draws cell by cell, faster, must come out the same.
    fn paragraph_oracle(
        f: &mut Frame<'_>,
        area: Rect,
        q: &QueueState,
        v: &ViewCx<'_>,
        w: &[usize; 9],
    ) {
        let (c, t) = (v.c, v.theme);
        let first = first_visible(q.selected, usize::from(area.height));
        let mut lines = Vec::new();
        for (i, row) in q
            .rows
            .iter()
            .enumerate()
            .skip(first)
            .take(usize::from(area.height))
        {
            let selected = i == q.selected;
            let (due, urgency) = due_cell(c, v.today, row);
            let cells = [
                row.id.to_string(),
                label(c, "channel", &row.channel),
                label(c, "category", &row.category),
                clean(&row.subject),
                row.customer.as_deref().map(clean).unwrap_or_default(),
                label(c, "status", &row.status),
                label(c, "priority", &row.priority),
                claim_cell(c, v.now, row),
                due,
            ];
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

    #[test]
    fn cell_drawing_matches_the_paragraph_it_replaced() {
        use crate::config::{Language, Theme as ThemeName};
        use crate::tui::fixtures;
        use ratatui::backend::TestBackend;
        use ratatui::Terminal;
        let subjects = [
            "密码输错五次，账号被锁定",
            "Need my degree record for a visa application, urgently please, thanks",
            "❤\u{fe0f}❤\u{fe0f}x emoji 😀 and e\u{301} combining",
            "bell\u{7} esc\u{1b}[2J tab\there",
            "更换手机号：原号码已停用，无法接收验证码，请尽快处理谢谢",
        ];
        for lang in [Language::ZhCn, Language::En] {
            let mut s = fixtures::state(lang, false);
            s.queue.rows = (0..60)
                .map(|i| {
                    let due = fixtures::today() + chrono::Duration::days(i % 40 - 20);
                    let mut t = fixtures::ticket(
                        10_000 + i,
                        subjects[i as usize % subjects.len()],
                        ["王𠮷", "L** Wei", "欧阳**"][i as usize % 3],
                        due,
                    );
                    t.channel = Channel::ALL[i as usize % 3];
                    t.category = Category::ALL[i as usize % 12];
                    t.status = Status::ALL[i as usize % 6];
                    t.priority = Priority::ALL[i as usize % 4];
                    t.due_approximate = i % 5 == 0;
                    // Rows i and i + 40 share a due date, one paused and one running: the
                    // drawing's cache of SLA cells must tell them apart.
                    t.sla_paused = i >= 40;
                    if i % 7 == 0 {
                        t.assignee = Some("demo-agent".into());
                        t.claim_expires_at = Some(fixtures::now() + chrono::Duration::minutes(20));
                    }
                    t
                })
                .collect();
            let c = Catalog::new(lang);
            for theme in [
                Theme::new(ThemeName::Default, false),
                Theme::new(ThemeName::HighContrast, false),
                Theme::new(ThemeName::Default, true),
            ] {
                for (wd, ht) in [(80u16, 24u16), (100, 30), (120, 40), (200, 50)] {
                    for sel in [0, 7, 30, 59] {
                        s.queue.selected = sel;
                        let draw = |old: bool| {
                            let mut term = Terminal::new(TestBackend::new(wd, ht)).unwrap();
                            term.draw(|f| {
                                let area = f.area();
                                let v = crate::tui::view::view_cx(&s, &c, &theme);
                                let first =
                                    first_visible(s.queue.selected, usize::from(area.height));
                                let shown =
                                    row_cells(&s.queue, &v, first, usize::from(area.height));
                                let labels = header_labels(&s.queue, &c);
                                let w = widths(
                                    usize::from(area.width).saturating_sub(1),
                                    &labels,
                                    &shown,
                                );
                                if old {
                                    paragraph_oracle(f, area, &s.queue, &v, &w);
                                } else {
                                    body(f, area, &s.queue, &v, &w, first, &shown);
                                }
                            })
                            .unwrap();
                            term.backend().buffer().clone()
                        };
                        assert_eq!(draw(true), draw(false), "{lang:?} {wd}x{ht} row {sel}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_move_redraws_two_rows_until_the_selection_leaves_the_screen() {
        use crate::config::{Language, Theme as ThemeName};
        use crate::tui::fixtures;
        use ratatui::backend::TestBackend;
        use ratatui::Terminal;
        assert_eq!(
            (0..10).map(|i| first_visible(i, 4)).collect::<Vec<_>>(),
            [0, 0, 0, 0, 4, 4, 4, 4, 8, 8]
        );
        let mut s = fixtures::state(Language::En, false);
        s.queue.rows = (0..50)
            .map(|i| fixtures::ticket(100 + i, "subject", "L** Wei", fixtures::today()))
            .collect();
        let theme = Theme::new(ThemeName::Default, false);
        let frame = |s: &crate::tui::state::State| {
            let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
            term.draw(|f| crate::tui::view::render(f, s, &theme))
                .unwrap();
            term.backend().buffer().clone()
        };
        // Rows whose cells differ between selecting `a` and selecting `b`.
        let mut changed = |a: usize, b: usize| {
            s.queue.selected = a;
            let before = frame(&s);
            s.queue.selected = b;
            let after = frame(&s);
            let mut rows: Vec<u16> = before.diff(&after).iter().map(|(_, y, _)| *y).collect();
            rows.dedup();
            rows.len()
        };
        // 40 lines less title, tabs, header, footer and status: 35 rows on screen.
        assert_eq!(changed(0, 1), 2);
        assert_eq!(changed(33, 34), 2);
        assert!(changed(34, 35) >= 35, "the next screen is drawn whole");
        assert_eq!(changed(35, 36), 2);
        assert!(changed(35, 34) >= 35);
    }

    #[test]
    fn columns_fill_the_width_and_an_empty_claim_column_gives_way() {
        use crate::config::Language;
        use crate::tui::fixtures;
        use crate::tui::theme::Theme;
        let mut s = fixtures::state(Language::En, false);
        s.queue.rows = fixtures::page();
        for r in &mut s.queue.rows {
            r.assignee = None;
        }
        let c = Catalog::new(Language::En);
        let theme = Theme::new(crate::config::Theme::Default, false);
        let v = crate::tui::view::view_cx(&s, &c, &theme);
        let shown = row_cells(&s.queue, &v, 0, 20);
        assert_eq!(shown.len(), s.queue.rows.len());
        let labels = header_labels(&s.queue, &c);
        for total in [79usize, 99, 119, 199] {
            let w = widths(total, &labels, &shown);
            assert_eq!(w.iter().sum::<usize>() + w.len(), total, "{total}");
            // Nobody holds a claim: the column is as wide as its header, no wider.
            assert_eq!(w[7], width(&labels[7]), "{total}: {w:?}");
            let least = if total < 90 { 16 } else { 24 };
            assert!(w[3] >= least, "{total}: the subject gets the room: {w:?}");
        }
    }
}
