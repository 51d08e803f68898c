//! The call bar: timer, caller's number, matching accounts, the ticket it goes on, and
//! what to do next.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::state::{CallPhase, CallState};
use crate::config::{Binding, Scope};
use crate::sanitize::clean;
use crate::tui::context::ViewCx;
use crate::tui::keymap::Hint;

/// The keys of the caller's number.
const NUMBER_HINT: &[Hint<'static>] = &[
    (&[Binding::Confirm], "hint.look_up"),
    (&[Binding::Cancel], "hint.later"),
    (&[Binding::EditNumber], "hint.edit"),
];

/// Draw the call bar.
pub fn render(f: &mut Frame<'_>, area: Rect, call: &CallState, v: &ViewCx<'_>) {
    let (c, t) = (v.c, v.theme);
    let end = match call.phase {
        CallPhase::WrapUp { ended_at, .. } => ended_at,
        CallPhase::Logging { duration_secs } => {
            call.started_at + chrono::Duration::seconds(i64::from(duration_secs))
        }
        CallPhase::Active => v.now,
    };
    let secs = (end - call.started_at).num_seconds().max(0);
    let time = format!("{:02}:{:02}", secs / 60, secs % 60);
    let mut spans = vec![Span::styled(
        format!("☎ {} ", c.tf("call.title", &[("time", &time)])),
        t.key,
    )];
    spans.push(Span::raw(c.t("call.number_prompt").to_string()));
    let number = call
        .normalized
        .as_deref()
        .map(crate::domain::mask::mask_phone)
        .unwrap_or_else(|| clean(call.number.value()));
    let field = if call.editing_number {
        format!("[{number}▏]")
    } else {
        number
    };
    spans.push(Span::styled(field, t.header));
    if !call.matches.is_empty() {
        spans.push(Span::raw(format!(
            " · {}",
            c.tf("call.matches", &[("n", &call.matches.len().to_string())])
        )));
    }
    let target = match call.ticket {
        Some(id) => c.tf("call.on_ticket", &[("id", &id.to_string())]),
        None => c.t("call.new_ticket").to_string(),
    };
    spans.push(Span::styled(format!(" · {target}"), t.dim));
    let hint = match call.phase {
        CallPhase::Active if call.editing_number => {
            v.keymap
                .hint_line(c, &[Scope::Modal, Scope::Call], NUMBER_HINT, false)
        }
        CallPhase::Active => format!(
            "{} {}",
            v.keymap.keys_label_in(Scope::Call, Binding::HangUp),
            c.t("help.hang_up")
        ),
        CallPhase::WrapUp { .. } => c.t("call.wrap_up_required").to_string(),
        CallPhase::Logging { .. } => c.t("call.logging").to_string(),
    };
    spans.push(Span::styled(format!(" · {hint}"), t.dim));
    f.render_widget(Line::from(spans), area);
}
