//! The audit browser: filters in force, rows (newest first, read page by page ahead of the
//! selection), and the selected row's before/after as a diff of its fields.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::audit_diff::diff;
use super::audit_text;
use super::state::{AuditFilter, TeamState};
use super::view::{cell, list, message, row, when};
use crate::sanitize::{clean, fit};
use crate::tui::context::ViewCx;
use crate::tui::locale::Catalog;

/// Draw the audit browser.
pub fn render(f: &mut Frame<'_>, area: Rect, t: &TeamState, v: &ViewCx<'_>) {
    let c = v.c;
    let a = &t.audit;
    let width = usize::from(area.width);
    let status = c.tf(
        "team.audit.status",
        &[
            ("shown", &a.rows.len().to_string()),
            ("total", &a.total.to_string()),
            ("filter", &filters(c, &a.filter)),
        ],
    );
    f.render_widget(
        Line::styled(fit(&status, width), v.theme.dim),
        Rect { height: 1, ..area },
    );
    let body = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(1),
        ..area
    };
    if !a.loaded {
        return message(f, body, c.t("team.loading"), v);
    }
    if a.rows.is_empty() {
        return message(f, body, c.t("team.audit.empty"), v);
    }
    let diff_h = if body.height >= 30 { 12 } else { 7 };
    let list_h = body.height.saturating_sub(diff_h);
    let fixed = if width >= 100 {
        [11, 14, 22, 20]
    } else {
        [11, 12, 20, 12]
    };
    let rest = width.saturating_sub(fixed.iter().sum::<usize>() + fixed.len());
    let header = row(&[
        cell(c.t("team.col.when"), fixed[0]),
        cell(c.t("team.col.operator"), fixed[1]),
        cell(c.t("team.col.action"), fixed[2]),
        cell(c.t("team.col.target"), fixed[3]),
        cell(c.t("team.col.reason"), rest),
    ]);
    let lines: Vec<String> = a
        .rows
        .iter()
        .map(|r| {
            row(&[
                cell(&when(r.at), fixed[0]),
                cell(&audit_text::operator(c, &r.operator), fixed[1]),
                cell(&audit_text::action(c, &r.action), fixed[2]),
                cell(&audit_text::target(c, &r.target), fixed[3]),
                cell(r.reason.as_deref().unwrap_or(""), rest),
            ])
        })
        .collect();
    list(
        f,
        Rect {
            height: list_h,
            ..body
        },
        &header,
        &lines,
        Some(a.selected),
        v,
    );
    let Some(sel) = a.rows.get(a.selected) else {
        return;
    };
    let mut y = body.y + list_h;
    let bottom = body.y + body.height;
    let head = c.tf(
        "team.audit.changes",
        &[
            ("seq", &sel.seq.to_string()),
            ("action", &audit_text::action(c, &sel.action)),
            ("target", &audit_text::target(c, &sel.target)),
        ],
    );
    f.render_widget(
        Line::styled(fit(&head, width), v.theme.header),
        Rect {
            y,
            height: 1,
            ..body
        },
    );
    y += 1;
    let changes = audit_text::changes(
        c,
        &sel.target,
        diff(sel.before.as_ref(), sel.after.as_ref()),
    );
    if changes.is_empty() {
        f.render_widget(
            Line::styled(format!("  {}", c.t("team.audit.no_changes")), v.theme.dim),
            Rect {
                y,
                height: 1,
                ..body
            },
        );
        return;
    }
    let path_w = changes
        .iter()
        .map(|ch| crate::sanitize::width(&ch.label))
        .max()
        .unwrap_or(0)
        .min(width / 3);
    let none = c.t("team.audit.absent");
    for ch in &changes {
        if y >= bottom {
            break;
        }
        let before = ch.before.clone().unwrap_or_else(|| none.to_string());
        let after = ch.after.clone().unwrap_or_else(|| none.to_string());
        let room = width.saturating_sub(path_w + 8) / 2;
        let l = Line::from(vec![
            Span::raw("  "),
            Span::styled(cell(&ch.label, path_w), v.theme.key),
            Span::raw("  "),
            Span::styled(fit(&before, room), v.theme.overdue),
            Span::raw(" → "),
            Span::styled(fit(&after, room), v.theme.notice),
        ]);
        f.render_widget(
            l,
            Rect {
                y,
                height: 1,
                ..body
            },
        );
        y += 1;
    }
}

/// The filters in force, or "no filter".
fn filters(c: &Catalog, a: &AuditFilter) -> String {
    if a.is_empty() {
        return c.t("team.audit.no_filter").to_string();
    }
    let mut v = Vec::new();
    for (name, value) in [
        ("operator", &a.operator),
        ("action", &a.action),
        ("target", &a.target),
        ("since", &a.since),
        ("until", &a.until),
    ] {
        if !value.is_empty() {
            v.push(format!(
                "{}={}",
                c.t(&format!("team.filter.{name}")),
                clean(value)
            ));
        }
    }
    v.join(" ")
}
