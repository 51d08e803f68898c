//! Escalations (with the note that escalated each item) and security alerts.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::Frame;

use super::answers::item_label;
use super::audit_text;
use super::state::{Target, TeamState};
use super::update::escalation_rows;
use super::view::{age, cell, list, message, row, when};
use crate::api::ItemKind;
use crate::sanitize::{clean, clean_lines, fit, wrap};
use crate::tui::context::ViewCx;

/// Draw the escalations: the list, and the selected item's note below it.
pub fn escalations(f: &mut Frame<'_>, area: Rect, t: &TeamState, v: &ViewCx<'_>) {
    let c = v.c;
    let Some(e) = &t.escalations.data else {
        return message(f, area, c.t("team.loading"), v);
    };
    let rows = escalation_rows(e);
    if rows.is_empty() {
        return message(f, area, c.t("team.escalations.empty"), v);
    }
    let width = usize::from(area.width);
    // How many wait in all (the rows are read a page at a time).
    let status = c.tf(
        "team.escalations.status",
        &[
            ("tickets", &e.tickets_total.to_string()),
            ("reviews", &e.reviews_total.to_string()),
        ],
    );
    f.render_widget(
        Line::styled(fit(&status, width), v.theme.dim),
        Rect { height: 1, ..area },
    );
    let area = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(1),
        ..area
    };
    let note_h = if area.height >= 30 { 10 } else { 6 };
    let list_h = area.height.saturating_sub(note_h);
    let fixed = [12, 12, 8, 12];
    let rest = width.saturating_sub(fixed.iter().sum::<usize>() + fixed.len());
    let header = row(&[
        cell(c.t("team.col.item"), fixed[0]),
        cell(c.t("team.col.by"), fixed[1]),
        cell(c.t("team.col.since"), fixed[2]),
        cell(c.t("team.col.state"), fixed[3]),
        cell(c.t("team.col.title"), rest),
    ]);
    let lines: Vec<String> = rows
        .iter()
        .map(|(x, info)| {
            let (item, state, title) = match x {
                Target::Ticket(t) => (
                    item_label(c, ItemKind::Ticket, t.id),
                    c.ts(&format!(
                        "status.{}",
                        crate::tui::locale::wire_name(&t.status)
                    )),
                    t.subject.clone(),
                ),
                Target::Review(r) => (
                    item_label(c, ItemKind::Review, r.id),
                    c.ts(&format!(
                        "reviews.state.{}",
                        crate::tui::locale::wire_name(&r.state)
                    )),
                    r.applicant.clone(),
                ),
                _ => Default::default(),
            };
            row(&[
                cell(&item, fixed[0]),
                cell(&info.by, fixed[1]),
                cell(&age(c, v.now, info.at), fixed[2]),
                cell(&state, fixed[3]),
                cell(&title, rest),
            ])
        })
        .collect();
    let sel = t.escalations.selected;
    list(
        f,
        Rect {
            height: list_h,
            ..area
        },
        &header,
        &lines,
        Some(sel),
        v,
    );
    let Some((_, info)) = rows.get(sel) else {
        return;
    };
    let mut y = area.y + list_h;
    let bottom = area.y + area.height;
    let head = c.tf(
        "team.escalations.note",
        &[("by", &clean(&info.by)), ("when", &when(info.at))],
    );
    f.render_widget(
        Line::styled(head, v.theme.header),
        Rect {
            y,
            height: 1,
            ..area
        },
    );
    y += 1;
    let lines = clean_lines(&info.note)
        .iter()
        .flat_map(|l| wrap(l, width.saturating_sub(2)))
        .collect::<Vec<_>>();
    indented(f, area, y, bottom, &lines);
}

/// Draw the open alerts.
pub fn alerts(f: &mut Frame<'_>, area: Rect, t: &TeamState, v: &ViewCx<'_>) {
    let c = v.c;
    let a = &t.alerts;
    if a.rows.is_empty() {
        let text = if a.pending.waiting() {
            c.t("team.loading")
        } else {
            c.t("team.alerts.empty")
        };
        return message(f, area, text, v);
    }
    let width = usize::from(area.width);
    let fixed = if width >= 100 {
        [11, 26, 14, 22]
    } else {
        [11, 22, 12, 14]
    };
    let rest = width.saturating_sub(fixed.iter().sum::<usize>() + fixed.len());
    let header = row(&[
        cell(c.t("team.col.when"), fixed[0]),
        cell(c.t("team.col.alert"), fixed[1]),
        cell(c.t("team.col.operator"), fixed[2]),
        cell(c.t("team.col.target"), fixed[3]),
        cell(c.t("team.col.detail"), rest),
    ]);
    let lines: Vec<String> = a
        .rows
        .iter()
        .map(|x| {
            let what = audit_text::alert_name(c, &x.action);
            let detail = audit_text::alert_detail(c, &x.action, x.detail.as_ref());
            let mark = if a.acking == Some(x.seq) { "… " } else { "" };
            row(&[
                cell(&when(x.at), fixed[0]),
                cell(&format!("{mark}{what}"), fixed[1]),
                cell(&audit_text::operator(c, &x.operator), fixed[2]),
                cell(&audit_text::target(c, &x.target), fixed[3]),
                cell(&detail, rest),
            ])
        })
        .collect();
    // The selected alert in full below the list: the detail column is cut on a narrow
    // terminal, and the detail is what the supervisor acts on.
    let detail_h = if area.height >= 30 { 6 } else { 4 };
    let list_h = area.height.saturating_sub(detail_h);
    list(
        f,
        Rect {
            height: list_h,
            ..area
        },
        &header,
        &lines,
        Some(a.selected),
        v,
    );
    let Some(sel) = a.rows.get(a.selected) else {
        return;
    };
    let head = c.tf(
        "team.alerts.detail",
        &[
            ("seq", &sel.seq.to_string()),
            ("alert", &audit_text::alert_name(c, &sel.action)),
            ("target", &audit_text::target(c, &sel.target)),
        ],
    );
    let mut y = area.y + list_h;
    let bottom = area.y + area.height;
    f.render_widget(
        Line::styled(fit(&head, width), v.theme.header),
        Rect {
            y,
            height: 1,
            ..area
        },
    );
    y += 1;
    let text = audit_text::alert_detail(c, &sel.action, sel.detail.as_ref());
    indented(f, area, y, bottom, &wrap(&text, width.saturating_sub(2)));
}

/// Lines of a note or a detail under a list, indented two cells, from row `y` of `area`
/// while rows are left above `bottom`.
fn indented(f: &mut Frame<'_>, area: Rect, y: u16, bottom: u16, lines: &[String]) {
    for (y, text) in (y..bottom).zip(lines) {
        f.render_widget(
            Line::raw(format!("  {text}")),
            Rect {
                y,
                height: 1,
                ..area
            },
        );
    }
}
