//! The team pane's forms, drawn over whatever pane is shown (assignment is offered on an
//! open ticket or review too, the escalation note on an open ticket).

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;
use tui_input::Input;

use super::answers::item_label;
use super::form::{FilterFor, Form};
use super::state::TeamState;
use crate::config::{Binding, Scope};
use crate::sanitize::{clean, fit, wrap};
use crate::tui::cells::centered;
use crate::tui::context::ViewCx;
use crate::tui::editor::input_view;
use crate::tui::keymap::Hint;

/// Draw the open form, if any, over `area`.
pub fn render(f: &mut Frame<'_>, area: Rect, t: &TeamState, v: &ViewCx<'_>) {
    let Some(form) = &t.form else {
        return;
    };
    let c = v.c;
    let w = area.width.min(72);
    let (title, mut lines, hint): (String, Vec<Line<'static>>, &[Hint<'static>]) = match form {
        Form::Assign(a) => {
            let inner = usize::from(w.saturating_sub(4));
            let mut lines = vec![Line::raw(fit(
                &format!("{} · {}", item_label(c, a.kind, a.id), clean(&a.title)),
                inner,
            ))];
            lines.push(Line::raw(""));
            lines.push(field(
                c.t("team.assign.operator"),
                &a.operator,
                !a.on_reason,
                inner,
                v,
            ));
            if !a.choices.is_empty() {
                let list = a.choices.join(" ");
                lines.push(Line::styled(
                    fit(&format!("  ↑/↓ {}", clean(&list)), inner),
                    v.theme.dim,
                ));
            }
            lines.push(field(
                c.t("team.assign.reason"),
                &a.reason,
                a.on_reason,
                inner,
                v,
            ));
            if a.busy {
                lines.push(Line::styled(c.t("team.sending").to_string(), v.theme.dim));
            }
            if let Some(e) = &a.error {
                for l in wrap(e, inner) {
                    lines.push(Line::styled(l, v.theme.error));
                }
            }
            (c.t("team.assign.title").to_string(), lines, ASSIGN_HINT)
        }
        Form::Escalate(e) => {
            let inner = usize::from(w.saturating_sub(4));
            let mut lines = vec![
                Line::raw(fit(
                    &format!(
                        "{} · {}",
                        item_label(c, crate::api::ItemKind::Ticket, e.ticket),
                        clean(&e.subject)
                    ),
                    inner,
                )),
                Line::styled(c.t("team.escalate.prompt").to_string(), v.theme.dim),
            ];
            let drawn = e.note.layout(inner.min(super::update::NOTE_COLS));
            for (i, r) in drawn.rows.iter().enumerate() {
                let mut text = r.clone();
                if i == drawn.cursor.0 && !e.busy {
                    text = with_cursor(&text, drawn.cursor.1);
                }
                lines.push(Line::raw(format!("> {text}")));
            }
            if e.busy {
                lines.push(Line::styled(c.t("team.sending").to_string(), v.theme.dim));
            }
            if let Some(err) = &e.error {
                for l in wrap(err, inner) {
                    lines.push(Line::styled(l, v.theme.error));
                }
            }
            (c.t("team.escalate.title").to_string(), lines, ESCALATE_HINT)
        }
        Form::Filter(x) => {
            let inner = usize::from(w.saturating_sub(4));
            let mut lines = Vec::new();
            for (i, (name, input)) in x.fields.iter().enumerate() {
                let label = c.t(&format!("team.filter.{name}")).to_string();
                lines.push(field(&label, input, i == x.focus, inner, v));
            }
            if x.purpose == FilterFor::Audit {
                lines.push(Line::styled(
                    c.t("team.filter.help").to_string(),
                    v.theme.dim,
                ));
            }
            if let Some(e) = &x.error {
                lines.push(Line::styled(e.clone(), v.theme.error));
            }
            (c.t("team.filter.title").to_string(), lines, FILTER_HINT)
        }
    };
    let stack = if matches!(form, Form::Escalate(_)) {
        vec![Scope::Editor, Scope::Modal]
    } else {
        vec![Scope::Modal]
    };
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        v.keymap.hint_line(c, &stack, hint, true),
        v.theme.key,
    ));
    let h = (lines.len() as u16 + 2).min(area.height);
    let r = centered(area, w, h);
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(v.theme.border)
                .title(format!(" {title} ")),
        ),
        r,
    );
}

const ASSIGN_HINT: &[Hint<'static>] = &[
    (&[Binding::NextField], "hint.next_field"),
    (&[Binding::Confirm], "team.hint.assign"),
    (&[Binding::Cancel], "hint.cancel"),
];
const ESCALATE_HINT: &[Hint<'static>] = &[
    (&[Binding::Send], "hint.send"),
    (&[Binding::Discard], "hint.discard"),
    (&[Binding::Close], "team.hint.close_blank"),
];
const FILTER_HINT: &[Hint<'static>] = &[
    (&[Binding::NextField], "hint.next_field"),
    (&[Binding::Confirm], "hint.confirm"),
    (&[Binding::Cancel], "hint.cancel"),
];

fn field(label: &str, input: &Input, focus: bool, cols: usize, v: &ViewCx<'_>) -> Line<'static> {
    let lw = crate::sanitize::width(label) + 2;
    let room = cols.saturating_sub(lw + 1);
    let (shown, at) = input_view(input, room);
    let text = if focus {
        with_cursor(&shown, at)
    } else {
        shown
    };
    let style = if focus { v.theme.selected } else { v.theme.dim };
    Line::from(vec![
        Span::styled(format!("{label}: "), v.theme.header),
        Span::styled(text, style),
    ])
}

/// `text` with a block cursor drawn at column `at` (the terminal cursor stays hidden).
fn with_cursor(text: &str, at: usize) -> String {
    let mut out = String::new();
    let mut col = 0;
    let mut placed = false;
    for (g, w) in crate::sanitize::clusters(text) {
        if col == at && !placed {
            out.push('▏');
            placed = true;
        }
        out.push_str(g);
        col += w;
    }
    if !placed {
        out.push('▏');
    }
    out
}
