//! The call bar (timer, caller's number, matching accounts, where the call will be logged,
//! what to do next) and the wrap-up form drawn over the desk.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use super::form::{needs_summary, DueChoice, Step, WRAP_UP_CODES};
use super::state::{CallPhase, CallState};
use super::update::{code_label, form_width, target_text};
use crate::config::{Binding, Scope};
use crate::sanitize::{clean, fit, width};
use crate::tui::cells::centered;
use crate::tui::context::ViewCx;
use crate::tui::editor::input_view;
use crate::tui::keymap::{Hint, PICK_HINT};

/// The keys of the caller's number.
const NUMBER_HINT: &[Hint<'static>] = &[
    (&[Binding::Confirm], "hint.look_up"),
    (&[Binding::Cancel], "hint.later"),
    (&[Binding::EditNumber], "hint.edit"),
];

/// The keys of a running call.
const CALL_HINT: &[Hint<'static>] = &[
    (&[Binding::HangUp], "call.hang_up"),
    (&[Binding::CallTarget], "call.change"),
];

/// The keys while the summary is typed.
const SUMMARY_HINT: &[Hint<'static>] = &[
    (&[Binding::Send], "hint.send"),
    (&[Binding::Close], "hint.back"),
];

/// "03:25".
fn clock(secs: u32) -> String {
    format!("{:02}:{:02}", secs / 60, secs % 60)
}

/// What the call bar says to do next: keys (each kept whole or left out, never cut), or
/// where the wrap-up stands (text, shortened if it must).
enum Next {
    Keys(Vec<String>),
    Text(String),
}

/// Draw the call bar. At 80 columns all of it does not fit: the labels go first
/// ("Caller's number:" unless it is being typed, then "Call"), then the end of where the
/// call goes, then the count of matching accounts; the keys stay whole.
pub fn render(f: &mut Frame<'_>, area: Rect, call: &CallState, v: &ViewCx<'_>) {
    let (c, t) = (v.c, v.theme);
    let room = usize::from(area.width);
    let time = clock(call.duration_secs(v.now));
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
    let matches = (call.matches.len() > 1).then(|| {
        format!(
            " · {}",
            c.tf("call.matches", &[("n", &call.matches.len().to_string())])
        )
    });
    // Where it goes is always in sight: it follows the caller's account, not the pane.
    let target = format!(" · {}", clean(&target_text(c, &call.target())));
    let keys = |stack: &[Scope], items: &[Hint<'_>]| {
        Next::Keys(
            v.keymap
                .hint_items(c, stack, items, false)
                .into_iter()
                .map(|h| format!(" · {h}"))
                .collect(),
        )
    };
    let next = match call.phase {
        CallPhase::Active if call.editing_number => keys(&[Scope::Modal, Scope::Call], NUMBER_HINT),
        CallPhase::Active => keys(&[Scope::Call], CALL_HINT),
        CallPhase::WrapUp { sending: true, .. } => {
            Next::Text(format!(" · {}", c.t("wrapup.sending")))
        }
        CallPhase::WrapUp { .. } => Next::Text(format!(" · {}", c.t("call.wrap_up_required"))),
    };

    let long_title = format!("☎ {} ", c.tf("call.title", &[("time", &time)]));
    let short_title = format!("☎ {time} ");
    let prompt = c.t("call.number_prompt");
    let keys_w = match &next {
        Next::Keys(k) => k.iter().map(|h| width(h)).sum(),
        Next::Text(text) => width(text),
    };
    // Cells of the row with `target_w` cells of destination.
    let whole = |title: &str, prompt: &str, matches: Option<&String>, target_w: usize| {
        width(title)
            + width(prompt)
            + width(&field)
            + matches.map_or(0, |m| width(m))
            + target_w
            + keys_w
    };
    // The most that fits, dropping what the operator can do without first: the labels,
    // then the destination's end, then the count of matching accounts. While the number
    // is typed its label stays (it says what to type).
    let label = if call.editing_number { prompt } else { "" };
    let target_w = width(&target);
    let squeezed = target_w.min(TARGET_MIN);
    let (title, prompt, matches) = [
        (&long_title, prompt, matches.as_ref(), target_w),
        (&long_title, label, matches.as_ref(), target_w),
        (&short_title, label, matches.as_ref(), target_w),
        (&short_title, label, matches.as_ref(), squeezed),
    ]
    .into_iter()
    .find(|(title, prompt, m, tw)| whole(title, prompt, *m, *tw) <= room)
    .map_or((&short_title, label, None), |(t, p, m, _)| (t, p, m));
    let mut spans = vec![
        Span::styled(title.clone(), t.key),
        Span::raw(prompt.to_string()),
        Span::styled(field.clone(), t.header),
    ];
    if let Some(m) = matches {
        spans.push(Span::raw(m.clone()));
    }
    let used: usize = spans.iter().map(|sp| width(&sp.content)).sum();
    let left = room.saturating_sub(used);
    match next {
        Next::Keys(keys) => {
            // Keys from the first while the target keeps a readable start.
            let mut for_keys = left.saturating_sub(width(&target).min(TARGET_MIN));
            let mut shown = Vec::new();
            for k in keys {
                if width(&k) > for_keys {
                    break;
                }
                for_keys -= width(&k);
                shown.push(k);
            }
            let shown_w: usize = shown.iter().map(|k| width(k)).sum();
            spans.push(Span::styled(
                fit(&target, left.saturating_sub(shown_w)),
                t.header,
            ));
            spans.extend(shown.into_iter().map(|k| Span::styled(k, t.dim)));
        }
        Next::Text(text) => {
            let target = fit(&target, left);
            let rest = left.saturating_sub(width(&target));
            spans.push(Span::styled(target, t.header));
            spans.push(Span::styled(fit(&text, rest), t.dim));
        }
    }
    f.render_widget(Line::from(spans), area);
}

/// Cells the call's destination keeps before keys are left out of the call bar.
const TARGET_MIN: usize = 24;

/// Draw the wrap-up form over the pane (`screen`, the rows between the tabs and the call
/// bar, which stays in sight): code list, summary, call-back time.
pub fn form(f: &mut Frame<'_>, screen: Rect, call: &CallState, v: &ViewCx<'_>, cursor: bool) {
    let (c, t) = (v.c, v.theme);
    let CallPhase::WrapUp { form, sending, .. } = &call.phase else {
        return;
    };
    let w = form_width(screen.width);
    let cols = usize::from(w.saturating_sub(2));
    let text_rows: u16 = 5;
    let due_rows: u16 = if form.code() == super::form::CALLBACK {
        DueChoice::ALL.len() as u16 + 3
    } else {
        0
    };
    let want = WRAP_UP_CODES.len() as u16 + 1 + 1 + text_rows + due_rows + 1 + 2;
    let area = centered(screen, w, want.min(screen.height));
    let target = target_text(c, &call.target());
    let hint = if *sending {
        c.t("wrapup.sending").to_string()
    } else {
        match form.step {
            Step::Code | Step::Due => v.keymap.hint_line(c, &[Scope::Modal], PICK_HINT, false),
            Step::Summary => v.keymap.hint_line(c, &[Scope::Editor], SUMMARY_HINT, true),
        }
    };
    let block = Block::bordered()
        .border_style(t.key)
        .title(Line::styled(
            format!(" {} ", clean(&c.tf("wrapup.title", &[("target", &target)]))),
            t.header,
        ))
        .title_bottom(Line::styled(format!(" {hint} "), t.dim));
    let inner = block.inner(area);
    // One column more on each side: a wide character of the pane below that straddles
    // the border would otherwise cover it.
    let margin = Rect {
        x: area.x.saturating_sub(1),
        width: (area.width + 2).min(screen.width.saturating_sub(area.x.saturating_sub(1))),
        ..area
    };
    f.render_widget(Clear, margin);
    f.render_widget(block, area);

    let mut lines: Vec<Line> = Vec::new();
    let secs = call.duration_secs(v.now);
    lines.push(Line::styled(
        fit(
            &format!(
                "{} · {}",
                c.t("wrapup.code_title"),
                c.tf("wrapup.duration", &[("time", &clock(secs))])
            ),
            cols,
        ),
        t.header,
    ));
    for (i, code) in WRAP_UP_CODES.iter().enumerate() {
        let mark = if i == form.code { "▶" } else { " " };
        let label = code_label(c, code);
        let label = if needs_summary(code) {
            c.tf(
                "wrapup.marked",
                &[("text", &label), ("mark", c.t("wrapup.required"))],
            )
        } else {
            label
        };
        let text = fit(&format!("{mark} {label}"), cols);
        let style = if i == form.code && form.step == Step::Code {
            t.selected
        } else if i == form.code {
            t.key
        } else {
            ratatui::style::Style::default()
        };
        lines.push(Line::styled(text, style));
    }
    let need = if needs_summary(form.code()) {
        c.t("wrapup.required")
    } else {
        c.t("wrapup.optional")
    };
    let title = c.tf(
        "wrapup.marked",
        &[("text", c.t("wrapup.summary_title")), ("mark", need)],
    );
    lines.push(Line::styled(fit(&title, cols), t.header));
    let top = inner.y + lines.len() as u16;
    f.render_widget(Paragraph::new(lines), inner);

    // The summary, wrapped by display width as the note editor is; scrolled to the cursor.
    let text_area = Rect {
        x: inner.x,
        y: top,
        width: inner.width,
        height: text_rows.min(inner.bottom().saturating_sub(top)),
    };
    let drawn = call.summary.layout(cols);
    let (row, col) = drawn.cursor;
    let h = usize::from(text_area.height).max(1);
    let first = (row + 1).saturating_sub(h);
    let rows: Vec<Line> = drawn
        .rows
        .iter()
        .skip(first)
        .take(h)
        .map(|l| Line::raw(clean(l)))
        .collect();
    f.render_widget(Paragraph::new(rows).style(t.dim), text_area);
    if cursor && form.step == Step::Summary && !sending {
        let x = text_area.x + (col as u16).min(text_area.width.saturating_sub(1));
        let y = text_area.y + (row - first) as u16;
        f.set_cursor_position((x, y));
    }

    if due_rows == 0 {
        return;
    }
    let due_top = text_area.bottom();
    let due_area = Rect {
        x: inner.x,
        y: due_top,
        width: inner.width,
        height: inner.bottom().saturating_sub(due_top),
    };
    let mut due: Vec<Line> = vec![Line::styled(fit(c.t("wrapup.due_title"), cols), t.header)];
    for (i, choice) in DueChoice::ALL.iter().enumerate() {
        let mark = if i == form.due { "▶" } else { " " };
        let text = fit(&format!("{mark} {}", c.t(choice.label_key())), cols);
        let style = if i == form.due && form.step == Step::Due {
            t.selected
        } else {
            ratatui::style::Style::default()
        };
        due.push(Line::styled(text, style));
    }
    let prompt = c.t("wrapup.due_typed_prompt");
    let room = cols.saturating_sub(crate::sanitize::width(prompt) + 1);
    let (shown, at) = input_view(&form.due_typed, room);
    due.push(Line::raw(format!("{prompt}{shown}")));
    let typed_row = due_area.y + due.len() as u16 - 1;
    f.render_widget(Paragraph::new(due), due_area);
    if cursor
        && form.step == Step::Due
        && form.due_choice() == DueChoice::Typed
        && typed_row < due_area.bottom()
    {
        let x = due_area.x + (crate::sanitize::width(prompt) + at) as u16;
        f.set_cursor_position((x.min(due_area.right().saturating_sub(1)), typed_row));
    }
}
