//! Drawing the team pane: the line of sub-views (with the open-alert count), then the
//! sub-view shown. Shared cell helpers live here; every API string goes through
//! `sanitize` (clean, then fit or pad by display width).

use chrono::{DateTime, Utc};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::state::{TeamState, View};
use crate::config::{Binding, Scope};
use crate::sanitize::{clean, pad};
use crate::tui::context::ViewCx;
use crate::tui::locale::Catalog;

/// Draw the pane in `area`.
pub fn render(f: &mut Frame<'_>, area: Rect, t: &TeamState, v: &ViewCx<'_>) {
    if area.height < 3 {
        return;
    }
    tabs(f, Rect { height: 1, ..area }, t, v);
    let body = Rect {
        y: area.y + 1,
        height: area.height - 1,
        ..area
    };
    match t.view {
        View::Board => super::view_board::render(f, body, t, v),
        View::Sla => super::view_sla::render(f, body, t, v),
        View::Escalations => super::view_lists::escalations(f, body, t, v),
        View::Audit => super::view_audit::render(f, body, t, v),
        View::Alerts => super::view_lists::alerts(f, body, t, v),
    }
}

fn tabs(f: &mut Frame<'_>, area: Rect, t: &TeamState, v: &ViewCx<'_>) {
    let mut spans = Vec::new();
    for (view, b) in [
        (View::Board, Binding::TeamBoard),
        (View::Sla, Binding::TeamSla),
        (View::Escalations, Binding::TeamEscalations),
        (View::Audit, Binding::TeamAudit),
        (View::Alerts, Binding::TeamAlerts),
    ] {
        let key = v.keymap.keys_label_in(Scope::Team, b);
        let mut label = format!("{key} {}", v.c.t(view.key()));
        if view == View::Alerts && t.alerts.open > 0 {
            label.push_str(&format!(" ({})", t.alerts.open));
        }
        let new = t.new_escalations;
        if view == View::Escalations && new > 0 {
            let n = new.to_string();
            label.push_str(&v.c.tf("team.tab.escalations_new", &[("n", &n)]));
        }
        let (text, style) = if view == t.view {
            (format!("[{label}]"), v.theme.tab_active)
        } else {
            (format!(" {label} "), v.theme.tab)
        };
        let calling =
            (view == View::Alerts && t.alerts.open > 0) || (view == View::Escalations && new > 0);
        let style = if calling && view != t.view {
            v.theme.error
        } else {
            style
        };
        spans.push(Span::styled(text, style));
        spans.push(Span::raw(" "));
    }
    f.render_widget(Line::from(spans), area);
}

/// Untrusted text in a cell of `cols` cells.
pub fn cell(s: &str, cols: usize) -> String {
    pad(&clean(s), cols)
}

/// Cells joined by one space.
pub fn row(cells: &[String]) -> String {
    cells.join(" ")
}

/// How long ago, short (`5 min`, `3 h`, `2 d`).
pub fn age(c: &Catalog, now: DateTime<Utc>, at: DateTime<Utc>) -> String {
    let mins = (now - at).num_minutes().max(0);
    if mins < 60 {
        c.tf("team.age.min", &[("n", &mins.to_string())])
    } else if mins < 24 * 60 {
        c.tf("team.age.hour", &[("n", &(mins / 60).to_string())])
    } else {
        c.tf("team.age.day", &[("n", &(mins / (24 * 60)).to_string())])
    }
}

/// A time in Beijing, `03-10 09:30`.
pub fn when(at: DateTime<Utc>) -> String {
    crate::tui::cells::china_time(at)
        .format("%m-%d %H:%M")
        .to_string()
}

/// The first row to show so that `selected` stays in a window of `height` rows.
pub fn first_row(selected: usize, len: usize, height: usize) -> usize {
    if height == 0 || len <= height {
        return 0;
    }
    selected
        .saturating_sub(height / 2)
        .min(len.saturating_sub(height))
}

/// A list's rows in `area`: a header line, then rows, the selected one highlighted.
pub fn list(
    f: &mut Frame<'_>,
    area: Rect,
    header: &str,
    rows: &[String],
    selected: Option<usize>,
    v: &ViewCx<'_>,
) {
    if area.height == 0 {
        return;
    }
    f.render_widget(
        Line::styled(header.to_string(), v.theme.header),
        Rect { height: 1, ..area },
    );
    let height = usize::from(area.height - 1);
    let start = first_row(selected.unwrap_or(0), rows.len(), height);
    for (i, text) in rows.iter().enumerate().skip(start).take(height) {
        let style = if Some(i) == selected {
            v.theme.selected
        } else {
            Style::default()
        };
        let y = area.y + 1 + (i - start) as u16;
        f.render_widget(
            Line::styled(text.clone(), style),
            Rect {
                y,
                height: 1,
                ..area
            },
        );
    }
}

/// A dim one-line message (empty list, loading).
pub fn message(f: &mut Frame<'_>, area: Rect, text: &str, v: &ViewCx<'_>) {
    if area.height == 0 {
        return;
    }
    f.render_widget(
        Line::styled(format!(" {text}"), v.theme.dim),
        Rect { height: 1, ..area },
    );
}
