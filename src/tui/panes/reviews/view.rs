//! Drawing the reviews pane: the queue with its counts and filters here, the open review
//! in [`super::review_view`]; the labels and the layout both share.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use super::columns::{widths, ASSIGNED, COLUMNS};
use super::layout::{layout, ReviewLayout};
use super::review_view;
use super::state::{counted_states, OpenReview, ReviewsState};
use crate::api::{ReviewState, ReviewSummary};
use crate::client::ReviewImage;
use crate::config::{Binding, Scope};
use crate::sanitize::{clean, fit, pad, width};
use crate::tui::cells;
use crate::tui::context::ViewCx;
use crate::tui::images::Graphics;
use crate::tui::locale::{wire_name, Catalog};
use tui_input::Input;

/// The main area for a terminal size (below title and tabs, above the status line).
fn main_area(size: (u16, u16)) -> Rect {
    Rect::new(0, 2, size.0, size.1.saturating_sub(3))
}

/// Where the open review's photos and text go in `main`.
pub(super) fn review_layout(main: Rect, g: Graphics, o: &OpenReview) -> ReviewLayout {
    layout(main, o.zoom, o.aspects(), o.text_rows(), g.shows_images())
}

fn inner(r: Rect) -> Rect {
    Block::default().borders(Borders::ALL).inner(r)
}

/// Cells (columns, rows) an image gets at this terminal size (used to encode it).
pub fn image_cells(
    size: (u16, u16),
    g: Graphics,
    o: &OpenReview,
    which: ReviewImage,
) -> (u16, u16) {
    let l = review_layout(main_area(size), g, o);
    let r = inner(match which {
        ReviewImage::Document => l.document,
        ReviewImage::Selfie => l.selfie,
    });
    (r.width, r.height)
}

pub(super) fn kind_label(c: &Catalog, k: &impl serde::Serialize) -> String {
    c.ts(&format!("reviews.kind.{}", wire_name(k)))
}

pub(super) fn state_label(c: &Catalog, st: &ReviewState) -> String {
    c.ts(&format!("reviews.state.{}", wire_name(st)))
}

pub(super) fn doc_label(c: &Catalog, d: &impl serde::Serialize) -> String {
    c.ts(&format!("reviews.doc.{}", wire_name(d)))
}

/// SLA: working days left (or late), `~` when computed on weekdays only.
pub(super) fn due_text(c: &Catalog, v: &ViewCx<'_>, r: &ReviewSummary) -> (String, Option<bool>) {
    cells::due_text(c, v.today, r.due_on, r.due_approximate, r.state.is_final())
}

/// Claim holder with minutes left, visible to everyone.
pub(super) fn claim_text(c: &Catalog, v: &ViewCx<'_>, r: &ReviewSummary) -> String {
    match (&r.claimed_by, r.claim_expires_at) {
        (Some(who), Some(until)) if until > v.now => {
            let min = (until - v.now).num_minutes().max(1);
            c.tf(
                "reviews.claim_left",
                &[("who", &clean(who)), ("min", &min.to_string())],
            )
        }
        (Some(who), _) => c.tf("reviews.claim_lapsed", &[("who", &clean(who))]),
        (None, _) => c.t("queue.unassigned").to_string(),
    }
}

/// Draw the pane.
pub fn render(f: &mut Frame<'_>, area: Rect, r: &ReviewsState, v: &ViewCx<'_>) {
    match &r.open {
        Some(o) => review_view::render(f, area, r, o, v),
        None => queue(f, area, r, v),
    }
}

fn queue(f: &mut Frame<'_>, area: Rect, r: &ReviewsState, v: &ViewCx<'_>) {
    let (c, t) = (v.c, v.theme);
    let rows = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .split(area);
    // Counts per state.
    let mut spans = Vec::new();
    for st in counted_states() {
        let n = r.count_of(st).map_or("…".to_string(), |n| n.to_string());
        spans.push(Span::raw(format!(" {} ", state_label(c, &st))));
        spans.push(Span::styled(n, t.header));
        spans.push(Span::styled(" ·", t.dim));
    }
    spans.pop();
    f.render_widget(Paragraph::new(Line::from(spans)), rows[0]);
    if let Some((input, problem)) = &r.search_bar {
        search_bar(f, rows[0], rows[1], input, problem.as_deref(), v);
    } else {
        filter_line(f, rows[1], r, v);
    }
    let heads = [
        "reviews.col.id",
        "reviews.col.kind",
        "reviews.col.state",
        "reviews.col.applicant",
        "reviews.col.document",
        "reviews.col.claim",
        "reviews.col.assigned",
        "reviews.col.due",
    ]
    .map(|h| c.t(h).to_string());
    let list = rows[3];
    let height = usize::from(list.height);
    let first = r.selected.saturating_sub(height.saturating_sub(1));
    // The texts of the rows on screen first: the columns are as wide as they need.
    let shown: Vec<(usize, &ReviewSummary, [String; COLUMNS])> = r
        .rows
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, row)| {
            let doc = format!(
                "{} {}",
                doc_label(c, &row.document_kind),
                clean(&row.document_number)
            );
            let cells = [
                format!("#{}", row.id),
                kind_label(c, &row.kind),
                state_label(c, &row.state),
                clean(&row.applicant),
                doc,
                claim_text(c, v, row),
                row.assigned_to.as_deref().map(clean).unwrap_or_default(),
                due_text(c, v, row).0,
            ];
            (i, row, cells)
        })
        .collect();
    // The assignee column is there only when a review on screen is assigned.
    let assigned = shown.iter().any(|(_, row, _)| row.assigned_to.is_some());
    let need: [usize; COLUMNS] = std::array::from_fn(|i| {
        if i == ASSIGNED && !assigned {
            return 0;
        }
        shown
            .iter()
            .map(|(_, _, cells)| width(&cells[i]))
            .chain([width(&heads[i])])
            .max()
            .unwrap_or(1)
    });
    let w = widths(usize::from(area.width), need);
    // A column without cells leaves no gap either.
    let cols = |texts: &[String]| -> String {
        texts
            .iter()
            .zip(w)
            .filter(|(_, w)| *w > 0)
            .map(|(x, w)| pad(x, w))
            .collect::<Vec<_>>()
            .join(" ")
    };
    f.render_widget(
        Paragraph::new(format!(" {}", cols(&heads))).style(t.header),
        rows[2],
    );
    if r.rows.is_empty() {
        let msg = if r.pending.waiting() {
            c.ts("queue.loading")
        } else if r.filter.mine {
            let key = v.keymap.keys_label_in(Scope::Reviews, Binding::ReviewMine);
            c.tf("reviews.empty_mine", &[("key", &key)])
        } else {
            c.ts("reviews.empty")
        };
        f.render_widget(Paragraph::new(format!(" {msg}")).style(t.dim), list);
        return;
    }
    let mut lines = Vec::new();
    for (i, row, cells) in &shown {
        let late = due_text(c, v, row).1;
        let text = cols(cells);
        let style = if *i == r.selected {
            t.selected
        } else {
            match late {
                Some(true) => t.overdue,
                Some(false) => t.due_today,
                None => Style::default(),
            }
        };
        let marker = if *i == r.selected { "▶" } else { " " };
        lines.push(Line::from(Span::styled(format!("{marker}{text}"), style)));
    }
    f.render_widget(Paragraph::new(lines), list);
}

/// The search bar over the counts line: what to type (or why it cannot be sent) and the text.
fn search_bar(
    f: &mut Frame<'_>,
    help: Rect,
    line: Rect,
    input: &Input,
    problem: Option<&str>,
    v: &ViewCx<'_>,
) {
    let (c, t) = (v.c, v.theme);
    let help_line = match problem {
        Some(p) => Line::styled(format!(" {p}"), t.error),
        None => Line::styled(
            format!(
                " {}",
                v.keymap.text_with_keys(
                    c,
                    "reviews.search.help",
                    &[
                        ("apply", Scope::Modal, &[Binding::Confirm]),
                        ("cancel", Scope::Modal, &[Binding::Cancel]),
                    ],
                    &[],
                )
            ),
            t.dim,
        ),
    };
    f.render_widget(Clear, help);
    f.render_widget(Paragraph::new(help_line), help);
    let prompt = format!(" {}", c.t("reviews.search.prompt"));
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(prompt.clone(), t.key),
            Span::raw(input.value().to_string()),
        ])),
        line,
    );
    let x = line.x + width(&prompt) as u16 + input.visual_cursor() as u16;
    f.set_cursor_position((x.min(line.right().saturating_sub(1)), line.y));
}

/// The filters in force, the search, and where the selection is among the matches.
fn filter_line(f: &mut Frame<'_>, area: Rect, r: &ReviewsState, v: &ViewCx<'_>) {
    let (c, t) = (v.c, v.theme);
    let all = c.t("reviews.all").to_string();
    let filt = c.tf(
        "reviews.filters",
        &[
            (
                "kind",
                &r.filter.kind.map_or(all.clone(), |k| kind_label(c, &k)),
            ),
            (
                "state",
                &r.filter.state.map_or(
                    // A search looks at every state (see `ReviewFilter::query`).
                    if r.filter.search.is_some() {
                        all.clone()
                    } else {
                        c.t("reviews.open_work").to_string()
                    },
                    |x| state_label(c, &x),
                ),
            ),
            (
                "doc",
                &r.filter.document.map_or(all.clone(), |d| doc_label(c, &d)),
            ),
            ("total", &r.total.to_string()),
        ],
    );
    let mine = if r.filter.mine {
        c.ts("reviews.mine_shown")
    } else {
        String::new()
    };
    let mut text = format!(" {mine}{filt}");
    if let Some((_, typed)) = &r.filter.search {
        text.push_str(&c.tf("reviews.search.shown", &[("text", &clean(typed))]));
    }
    if !r.rows.is_empty() {
        text.push_str(&c.tf(
            "reviews.position",
            &[
                ("n", &(r.selected + 1 + r.held_moves).to_string()),
                ("total", &r.total.to_string()),
            ],
        ));
    }
    f.render_widget(
        Paragraph::new(fit(&text, usize::from(area.width))).style(t.dim),
        area,
    );
}

/// The keys that apply now in the pane (from the keymap).
pub fn hints(r: &ReviewsState, me: &str) -> Vec<Binding> {
    match &r.open {
        Some(o) if o.form.is_some() || o.reveal.is_some() => vec![],
        // Four eyes: nothing to claim, tick or decide for the opener or the first approver.
        Some(o) if o.four_eyes(me).is_some() => {
            vec![Binding::Back, Binding::ReviewZoom, Binding::Help]
        }
        Some(_) => vec![
            Binding::Back,
            Binding::Claim,
            Binding::ReviewTick,
            Binding::ReviewDecide,
            Binding::ReviewZoom,
            Binding::Reveal,
            Binding::Help,
        ],
        // "Mine" early: it is where an assigned review is found, and the line keeps
        // the first hints that fit.
        None => vec![
            Binding::Open,
            Binding::ReviewMine,
            Binding::Filter,
            Binding::ReviewFilterKind,
            Binding::ReviewFilterState,
            Binding::ReviewFilterDocument,
            Binding::Refresh,
            Binding::Help,
        ],
    }
}
