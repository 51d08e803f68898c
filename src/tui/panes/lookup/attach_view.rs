//! The attach form over the card: which image, the path and its completions, what went
//! wrong or was done, and the thumbnail of what the back office stored.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;
use ratatui_image::Image;

use super::attach::{AttachForm, SHOWN_MATCHES, THUMB_ROWS};
use super::view::Scene;
use crate::api::ImageSlot;
use crate::config::{Binding, Scope};
use crate::sanitize::{clean, fit, pad};
use crate::tui::cells::centered;
use crate::tui::keymap::Hint;
use crate::tui::locale::{label, Catalog};
use crate::tui::theme::Theme;

/// The form's keys (the path takes the printable ones).
const ATTACH_HINT: &[Hint<'static>] = &[
    (&[Binding::NextField], "hint.complete"),
    (&[Binding::Up, Binding::Down], "hint.image_slot"),
    (&[Binding::Confirm], "hint.attach"),
    (&[Binding::Cancel], "hint.close"),
];

/// Draw the form over `area`.
pub(super) fn draw(
    f: &mut Frame<'_>,
    area: Rect,
    s: &Scene,
    a: &AttachForm,
    c: &Catalog,
    t: &Theme,
) {
    let w = 70u16.min(area.width);
    let inner_w = usize::from(w.saturating_sub(4));
    let mut lines: Vec<Line> = Vec::new();
    let slots: Vec<Span> = ImageSlot::ALL
        .iter()
        .map(|x| {
            let name = format!(" {} ", label(c, "lookup.attach.slot", x));
            Span::styled(name, if *x == a.slot { t.selected } else { t.tab })
        })
        .collect();
    lines.push(Line::from(slots));
    let shown = fit(&clean(a.path.value()), inner_w.saturating_sub(3));
    lines.push(Line::from(vec![Span::styled(
        format!("[{}]", pad(&shown, inner_w.saturating_sub(2))),
        t.selected,
    )]));
    for m in a.matches.iter().take(SHOWN_MATCHES) {
        lines.push(Line::styled(
            format!("  {}", fit(&clean(m), inner_w - 2)),
            t.dim,
        ));
    }
    if a.matches.len() > SHOWN_MATCHES {
        let more = (a.matches.len() - SHOWN_MATCHES).to_string();
        lines.push(Line::styled(
            c.tf("lookup.attach.more", &[("n", &more)]),
            t.dim,
        ));
    }
    let status = if a.sending {
        Some((c.ts("lookup.attach.sending"), t.dim))
    } else if let Some(p) = &a.problem {
        Some((p.clone(), t.error))
    } else {
        a.done.as_ref().map(|d| (d.clone(), t.notice))
    };
    if let Some((text, style)) = status {
        lines.push(Line::styled(fit(&text, inner_w), style));
    }
    if a.thumb.is_none() && !a.sending {
        lines.push(Line::styled(c.ts("lookup.attach.nothing_yet"), t.dim));
    }
    let thumb_rows = if a.thumb.is_some() { THUMB_ROWS } else { 0 };
    let h = (lines.len() as u16 + thumb_rows + 2).min(area.height);
    let r = centered(area, w, h);
    let title = c.tf(
        "lookup.attach.title",
        &[
            ("kind", &label(c, "lookup.review_kind", &a.kind)),
            ("id", &a.review.to_string()),
        ],
    );
    let hint = s.keymap.hint_line(c, &[Scope::Modal], ATTACH_HINT, false);
    let block = Block::bordered()
        .border_style(t.key)
        .title(Line::styled(fit(&format!(" {title} "), inner_w), t.header))
        .title_bottom(Line::styled(fit(&format!(" {hint} "), inner_w), t.dim));
    let inside = block.inner(r);
    crate::tui::cells::clear_box(f, r);
    f.render_widget(block, r);
    let [text_area, thumb_area] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(thumb_rows)]).areas(inside);
    f.render_widget(Paragraph::new(lines), text_area);
    if let Some(img) = &a.thumb {
        f.render_widget(Image::new(&img.0).allow_clipping(true), thumb_area);
    }
}
