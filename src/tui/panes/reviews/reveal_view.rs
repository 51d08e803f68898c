//! Drawing the reveal form in place of the checklist: which number, then the reason (the
//! lookup pane's presets and own-reason field).

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::state::{OpenReview, REVEAL_FIELDS};
use crate::api::ReviewRevealField;
use crate::config::{Binding, Scope};
use crate::tui::context::ViewCx;
use crate::tui::locale::Catalog;
use crate::tui::reason::{reason_choices, REASON_HINT};

/// A number's name in the operator's words.
fn field_label(c: &Catalog, f: ReviewRevealField) -> String {
    c.ts(match f {
        ReviewRevealField::DocumentNumber => "reviews.reveal.document_number",
        ReviewRevealField::RecordIdNumber => "reviews.reveal.record_id_number",
    })
}

/// Draw the open reveal form.
pub fn render(f: &mut Frame<'_>, area: Rect, o: &OpenReview, v: &ViewCx<'_>) {
    let (c, t) = (v.c, v.theme);
    let Some(form) = &o.reveal else {
        return;
    };
    let mut lines: Vec<Line<'static>> = vec![Line::styled(c.ts("reviews.reveal.title"), t.header)];
    match &form.reason {
        None => {
            lines.push(Line::styled(
                v.keymap.text_with_keys(
                    c,
                    "reviews.reveal.pick",
                    &[
                        ("move", Scope::Modal, &[Binding::Up, Binding::Down]),
                        ("confirm", Scope::Modal, &[Binding::Confirm]),
                        ("cancel", Scope::Modal, &[Binding::Cancel]),
                    ],
                    &[],
                ),
                t.dim,
            ));
            for (i, fld) in REVEAL_FIELDS.iter().enumerate() {
                let on = i == form.field;
                let text = format!("{} {}", if on { "▶" } else { " " }, field_label(c, *fld));
                lines.push(if on {
                    Line::styled(text, t.selected)
                } else {
                    Line::raw(text)
                });
            }
        }
        Some(m) => {
            lines.push(Line::raw(c.tf(
                "reviews.reveal.reason_for",
                &[("field", &field_label(c, form.chosen()))],
            )));
            // The own reason's field on one line with its label and brackets.
            let label = crate::sanitize::width(c.t("lookup.modal.own_reason")) + 3;
            let w = usize::from(area.width).saturating_sub(label).clamp(6, 40);
            reason_choices(&mut lines, m.purpose, m.selected, &m.text, w, c, t);
            let hints = v.keymap.hint_items(c, &[Scope::Modal], REASON_HINT, true);
            for l in crate::tui::cells::pack(&hints, " · ", usize::from(area.width)) {
                lines.push(Line::styled(l, t.dim));
            }
        }
    }
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}
