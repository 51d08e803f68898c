//! What stands in place of the open review's checklist when there is no decision to make
//! here: why (four eyes), or the reason a supervisor types to take the claim over.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;
use tui_input::Input;

use super::state::OpenReview;
use crate::config::{Binding, Scope};
use crate::domain::review::DecisionError;
use crate::sanitize::clean;
use crate::tui::context::ViewCx;
use crate::tui::keymap::Hint;

/// In place of the checklist for the opener and the first approver: why there is no form.
pub fn four_eyes(f: &mut Frame<'_>, area: Rect, why: DecisionError, v: &ViewCx<'_>) {
    let (c, t) = (v.c, v.theme);
    let lines = vec![
        Line::from(Span::styled(
            c.t("reviews.four_eyes_title").to_string(),
            t.header,
        )),
        Line::from(Span::styled(
            c.t(&format!("reviews.refusal.{}", why.code())).to_string(),
            t.due_today,
        )),
        Line::from(Span::styled(
            c.t("reviews.four_eyes_who").to_string(),
            t.dim,
        )),
    ];
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}

/// The reason a supervisor gives to take the review's claim over.
pub fn steal_view(f: &mut Frame<'_>, area: Rect, o: &OpenReview, reason: &Input, v: &ViewCx<'_>) {
    let (c, t) = (v.c, v.theme);
    let holder = clean(o.review.summary.claimed_by.as_deref().unwrap_or("—"));
    let lines = vec![
        Line::from(Span::styled(
            c.tf("reviews.steal.title", &[("who", &holder)]),
            t.header,
        )),
        Line::from(c.t("reviews.steal.reason").to_string()),
        Line::from(Span::styled(
            format!("[{}▏]", clean(reason.value())),
            t.header,
        )),
        Line::from(Span::styled(
            v.keymap.hint_line(c, &[Scope::Modal], STEAL_HINT, true),
            t.dim,
        )),
    ];
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// The keys of the take-over reason.
const STEAL_HINT: &[Hint<'static>] = &[
    (&[Binding::Confirm], "hint.send"),
    (&[Binding::Cancel], "hint.back"),
];
