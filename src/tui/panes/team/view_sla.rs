//! The SLA watch: tickets per hour of today as bars, counts by category and status, and
//! the late items (breached, breaching today, reviews overdue) to open or assign.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::state::{Target, TeamState};
use super::update::{sla_rows, SlaSection};
use super::view::{cell, list, message, row};
use crate::api::SlaWatch;
use crate::sanitize::fit;
use crate::tui::context::ViewCx;
use crate::tui::locale::{wire_name, Catalog};

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// Draw the SLA watch.
pub fn render(f: &mut Frame<'_>, area: Rect, t: &TeamState, v: &ViewCx<'_>) {
    let c = v.c;
    let Some(w) = &t.sla.data else {
        return message(f, area, c.t("team.loading"), v);
    };
    let width = usize::from(area.width);
    let mut y = area.y;
    let mut line = |f: &mut Frame<'_>, l: Line<'static>| {
        if y < area.y + area.height {
            f.render_widget(
                l,
                Rect {
                    y,
                    height: 1,
                    ..area
                },
            );
            y += 1;
        }
    };
    // The hours of today, as bars: the tallest is the busiest hour.
    let max = w.due_by_hour.iter().copied().max().unwrap_or(0);
    let cellw = if width >= 100 { 3 } else { 2 };
    let bars: String = w
        .due_by_hour
        .iter()
        .map(|n| {
            let ch = if *n == 0 {
                '·'
            } else {
                let i = ((*n as usize) * (BARS.len() - 1)).div_ceil(max.max(1) as usize);
                BARS[i.min(BARS.len() - 1)]
            };
            std::iter::repeat_n(ch, cellw).collect::<String>()
        })
        .collect();
    let hours: String = (0..w.due_by_hour.len())
        .map(|h| {
            if h % 3 == 0 {
                format!("{h:<w$}", w = cellw * 3)
            } else {
                String::new()
            }
        })
        .collect();
    let today: u32 = w.due_by_hour.iter().sum();
    let title = c.tf(
        "team.sla.by_hour",
        &[("n", &today.to_string()), ("max", &max.to_string())],
    );
    line(f, Line::styled(fit(&title, width), v.theme.header));
    line(
        f,
        Line::from(vec![Span::raw("  "), Span::styled(bars, v.theme.due_today)]),
    );
    line(f, Line::styled(format!("  {hours}"), v.theme.dim));
    // Counts by category and status: as many rows as fit beside the lists.
    let room = usize::from(area.height).saturating_sub(3);
    let counts = (room / 3).clamp(2, 8);
    let cat_w = 18.min(width / 3);
    line(
        f,
        Line::styled(
            row(&[
                cell(c.t("team.col.category"), cat_w),
                cell(c.t("team.col.state"), 12),
                cell(c.t("team.sla.breached"), 8),
                cell(c.t("team.sla.due_today"), 8),
            ]),
            v.theme.header,
        ),
    );
    if w.by_category.is_empty() {
        line(
            f,
            Line::styled(format!(" {}", c.t("team.sla.none")), v.theme.dim),
        );
    }
    for n in w.by_category.iter().take(counts) {
        let text = row(&[
            cell(
                &c.ts(&format!("category.{}", wire_name(&n.category))),
                cat_w,
            ),
            cell(&c.ts(&format!("status.{}", wire_name(&n.status))), 12),
            cell(&n.breached.to_string(), 8),
            cell(&n.due_today.to_string(), 8),
        ]);
        line(f, Line::raw(text));
    }
    if w.by_category.len() > counts {
        let more = c.tf(
            "team.sla.more",
            &[("n", &(w.by_category.len() - counts).to_string())],
        );
        line(f, Line::styled(format!(" {more}"), v.theme.dim));
    }
    // How long each list is in all (its rows are read a page at a time).
    let lists = c.tf(
        "team.sla.lists",
        &[
            ("late", &w.breached_total.to_string()),
            ("today", &w.breaching_today_total.to_string()),
            ("reviews", &w.reviews_overdue_total.to_string()),
        ],
    );
    line(f, Line::styled(fit(&lists, width), v.theme.dim));
    let rest = Rect {
        y,
        height: (area.y + area.height).saturating_sub(y),
        ..area
    };
    items(f, rest, w, t.sla.selected, v);
}

fn section(c: &Catalog, s: SlaSection) -> &str {
    match s {
        SlaSection::Breached => c.t("team.sla.section_breached"),
        SlaSection::Today => c.t("team.sla.section_today"),
        SlaSection::Reviews => c.t("team.sla.section_reviews"),
    }
}

fn items(f: &mut Frame<'_>, area: Rect, w: &SlaWatch, selected: usize, v: &ViewCx<'_>) {
    let c = v.c;
    let rows = sla_rows(w);
    if rows.is_empty() {
        return message(f, area, c.t("team.sla.all_in_time"), v);
    }
    let width = usize::from(area.width);
    let fixed = [8, 12, 6, 12];
    let rest = width.saturating_sub(fixed.iter().sum::<usize>() + fixed.len());
    let header = row(&[
        cell(c.t("team.col.list"), fixed[0]),
        cell(c.t("team.col.item"), fixed[1]),
        cell(c.t("team.col.due"), fixed[2]),
        cell(c.t("team.col.holder"), fixed[3]),
        cell(c.t("team.col.title"), rest),
    ]);
    let lines: Vec<String> = rows
        .iter()
        .map(|(s, x)| {
            let (item, due, holder, title) = match x {
                Target::Ticket(t) => (
                    super::answers::item_label(c, crate::api::ItemKind::Ticket, t.id),
                    t.due_on.format("%m-%d").to_string(),
                    t.assignee.clone().unwrap_or_else(|| "—".into()),
                    t.subject.clone(),
                ),
                Target::Review(r) => (
                    super::answers::item_label(c, crate::api::ItemKind::Review, r.id),
                    r.due_on.format("%m-%d").to_string(),
                    r.claimed_by.clone().unwrap_or_else(|| "—".into()),
                    r.applicant.clone(),
                ),
                _ => Default::default(),
            };
            row(&[
                cell(section(c, *s), fixed[0]),
                cell(&item, fixed[1]),
                cell(&due, fixed[2]),
                cell(&holder, fixed[3]),
                cell(&title, rest),
            ])
        })
        .collect();
    list(f, area, &header, &lines, Some(selected), v);
}
