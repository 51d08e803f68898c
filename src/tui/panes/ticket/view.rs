//! An open ticket: header, message, timeline, and the note editor.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use super::state::DetailState;
use crate::api::Visibility;
use crate::config::{Binding, Scope};
use crate::sanitize::{clean, clean_lines, fit, wrap};
use crate::tui::cells::china_time;
use crate::tui::cells::{claim_cell, due_cell};
use crate::tui::context::ViewCx;
use crate::tui::keymap::Hint;
use crate::tui::locale::label;
use crate::tui::locale::{wire_name, Catalog};
use crate::tui::theme::Theme;

/// Draw the open ticket (`cursor`: the editor shows the terminal cursor, no overlay hides it).
pub fn render(f: &mut Frame<'_>, area: Rect, d: &DetailState, v: &ViewCx<'_>, cursor: bool) {
    let (c, t) = (v.c, v.theme);
    let editor_h = if d.editor.is_some() { 8 } else { 0 };
    let rows = Layout::vertical([
        Constraint::Length(3),
        Constraint::Min(0),
        Constraint::Length(editor_h),
    ])
    .split(area);
    head(f, rows[0], v, d, c, t);
    let rest = match &d.parked {
        Some(p) => {
            let [note, rest] =
                Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(rows[1]);
            let key = match p.visibility {
                Visibility::Internal => "detail.draft_note",
                Visibility::Public => "detail.draft_reply",
            };
            let open = v.keymap.keys_label_in(Scope::Ticket, Binding::Open);
            let text = c.tf(key, &[("key", &open)]);
            f.render_widget(
                Line::styled(fit(&text, usize::from(note.width)), t.key),
                note,
            );
            rest
        }
        None => rows[1],
    };
    timeline(f, rest, d, c, t);
    if editor_h > 0 {
        editor(f, rows[2], cursor, d, v);
    }
}

fn head(f: &mut Frame<'_>, area: Rect, v: &ViewCx<'_>, d: &DetailState, c: &Catalog, t: &Theme) {
    let tk = &d.ticket.summary;
    let wdt = usize::from(area.width);
    let title = format!(
        "{} {}",
        c.tf("detail.title", &[("id", &tk.id.to_string())]),
        clean(&tk.subject)
    );
    let (due, urgency) = due_cell(c, v.today, tk);
    let due_style = match urgency {
        Some(true) => t.overdue,
        Some(false) => t.due_today,
        None => ratatui::style::Style::default(),
    };
    let line2 = vec![
        Span::styled(label(c, "status", &tk.status), t.key),
        Span::raw(" · "),
        Span::raw(label(c, "priority", &tk.priority)),
        Span::raw(" · "),
        Span::raw(label(c, "category", &tk.category)),
        Span::raw(format!(" · {} ", c.t("detail.channel"))),
        Span::raw(label(c, "channel", &tk.channel)),
    ];
    let mut line3 = vec![
        Span::raw(format!(
            "{} {} · {} {} · {} ",
            c.t("detail.customer"),
            tk.customer
                .as_deref()
                .map(clean)
                .unwrap_or_else(|| "—".into()),
            c.t("detail.assignee"),
            claim_cell(c, v.now, tk),
            c.t("detail.due"),
        )),
        Span::styled(due, due_style),
    ];
    if let Some(at) = d.ticket.follow_up_at {
        // A call-back asked for on a call: when, and the number to call (masked; the
        // reveal needs a reason).
        let when = china_time(at).format("%m-%d %H:%M").to_string();
        let number = d
            .ticket
            .calls
            .iter()
            .rev()
            .find(|k| k.callback_at == Some(at))
            .and_then(|k| k.caller_phone.as_deref())
            .map(|p| {
                // Shown in full for a while after a reveal (reason given, audited).
                let full = d.revealed_caller.as_ref().filter(|(_, u)| *u > v.now);
                format!(" ({})", clean(full.map_or(p, |(n, _)| n.as_str())))
            })
            .unwrap_or_default();
        let style = if at <= v.now { t.overdue } else { t.due_today };
        line3.push(Span::styled(
            format!(" · {}{number}", c.tf("detail.follow_up", &[("at", &when)])),
            style,
        ));
    }
    // A supervisor's assignment outlives the claim; an escalation waits for one.
    if let Some(who) = &tk.assigned_to {
        line3.push(Span::raw(format!(
            " · {}",
            c.tf("detail.assigned_to", &[("who", &clean(who))])
        )));
    }
    if tk.escalated {
        line3.push(Span::styled(
            format!(" · {}", c.t("detail.escalated")),
            t.due_today,
        ));
    }
    f.render_widget(
        Paragraph::new(vec![
            Line::styled(fit(&title, wdt), t.header),
            Line::from(line2),
            Line::from(line3),
        ]),
        area,
    );
}

/// A call's line ("1:35 · info_given · summary") with its wrap-up code by its catalog
/// label, so codes never show raw (in English) in the Chinese desk.
pub fn call_body(c: &Catalog, body: &str) -> String {
    let parts: Vec<&str> = body.splitn(3, " · ").collect();
    let Some(code) = parts.get(1) else {
        return body.to_string();
    };
    let key = format!("wrapup.{}", code.trim());
    let label = c.t(&key);
    if label == key {
        return body.to_string();
    }
    let mut out: Vec<&str> = parts.clone();
    out[1] = label;
    out.join(" · ")
}

fn timeline(f: &mut Frame<'_>, area: Rect, d: &DetailState, c: &Catalog, t: &Theme) {
    let inner_w = usize::from(area.width.saturating_sub(2));
    let mut lines: Vec<Line> = Vec::new();
    if d.pending_read.waiting() && d.ticket.events.is_empty() {
        lines.push(Line::styled(c.t("detail.loading").to_string(), t.dim));
    }
    if let Some(st) = &d.stale {
        lines.push(Line::styled(c.t("stale.title").to_string(), t.error));
        for ch in &st.changes {
            lines.push(Line::raw(format!(
                "  {}",
                fit(ch, inner_w.saturating_sub(2))
            )));
        }
    }
    if !d.ticket.body.is_empty() {
        lines.push(Line::styled(c.t("detail.body").to_string(), t.header));
        for l in clean_lines(&d.ticket.body) {
            wrap_into(&mut lines, &format!("  {l}"), inner_w);
        }
    }
    lines.push(Line::styled(c.t("detail.timeline").to_string(), t.header));
    if d.ticket.events.is_empty() && !d.pending_read.waiting() {
        lines.push(Line::styled(c.t("detail.no_events").to_string(), t.dim));
    }
    for e in &d.ticket.events {
        let when = china_time(e.at).format("%m-%d %H:%M").to_string();
        let kind = c.ts(&format!("event.{}", wire_name(&e.kind)));
        lines.push(Line::from(vec![
            Span::styled(format!("{when} "), t.dim),
            Span::styled(format!("{kind} "), t.key),
            Span::raw(super::events::author(c, &e.author)),
        ]));
        if e.body.trim().is_empty() {
            continue;
        }
        let body = if e.kind == crate::api::TicketEventKind::Call {
            call_body(c, &e.body)
        } else {
            super::events::event_body(c, e.kind, &e.body)
        };
        for l in clean_lines(&body) {
            wrap_into(&mut lines, &format!("  {l}"), inner_w);
        }
    }
    let visible = usize::from(area.height.saturating_sub(2));
    let max_scroll = lines.len().saturating_sub(visible);
    let scroll = d.scroll.min(max_scroll);
    let shown: Vec<Line> = lines.into_iter().skip(scroll).take(visible).collect();
    f.render_widget(
        Paragraph::new(shown).block(Block::bordered().border_style(t.border)),
        area,
    );
}

/// Wrap one sanitized line by display width, whole clusters per row.
fn wrap_into(out: &mut Vec<Line<'static>>, text: &str, max: usize) {
    if max == 0 {
        return;
    }
    out.extend(wrap(text, max).into_iter().map(Line::raw));
}

/// The editor's keys, from the key map.
const EDITOR_HINT: &[Hint<'static>] = &[
    (&[Binding::Send], "hint.send"),
    (&[Binding::CannedReply], "hint.canned_reply"),
    (&[Binding::Discard], "hint.discard"),
    (&[Binding::Close], "hint.close_empty"),
];

fn editor(f: &mut Frame<'_>, area: Rect, cursor: bool, d: &DetailState, v: &ViewCx<'_>) {
    let (c, t) = (v.c, v.theme);
    let Some(e) = &d.editor else { return };
    let title = match e.visibility {
        Visibility::Internal => c.t("editor.internal"),
        Visibility::Public => c.t("editor.public"),
    };
    let hint = if d.in_flight.is_some() {
        c.ts("editor.sending")
    } else {
        v.keymap.hint_line(c, &[Scope::Editor], EDITOR_HINT, true)
    };
    let block = Block::bordered()
        .border_style(t.key)
        .title(Line::styled(format!(" {title} "), t.header))
        .title_bottom(Line::styled(format!(" {hint} "), t.dim));
    let inner = block.inner(area);
    let drawn = e.text.layout(usize::from(inner.width));
    let (row, col) = drawn.cursor;
    let h = usize::from(inner.height).max(1);
    // Scroll so the cursor's row is in view (the last rows while typing at the end).
    let first = (row + 1).saturating_sub(h);
    let lines: Vec<Line> = drawn
        .rows
        .iter()
        .skip(first)
        .take(h)
        .map(|l| Line::raw(clean(l)))
        .collect();
    f.render_widget(Paragraph::new(lines).block(block), area);
    if cursor {
        let x = inner.x + (col as u16).min(inner.width.saturating_sub(1));
        let y = inner.y + (row - first) as u16;
        f.set_cursor_position((x, y));
    }
}

#[cfg(test)]
mod call_body_tests {
    use super::*;
    use crate::config::Language;

    #[test]
    fn a_calls_wrap_up_code_shows_by_its_label_in_both_languages() {
        let zh = Catalog::new(Language::ZhCn);
        let en = Catalog::new(Language::En);
        assert_eq!(
            call_body(&zh, "1:35 · callback · 下午回电"),
            "1:35 · 需要回电 · 下午回电"
        );
        assert_eq!(
            call_body(&en, "0:06 · info_given"),
            "0:06 · Information given"
        );
        // Not one of the desk's codes (logged by another client): left as written.
        assert_eq!(
            call_body(&en, "1:35 · unlocked · 解锁"),
            "1:35 · unlocked · 解锁"
        );
        assert_eq!(call_body(&en, "通话 4分12秒"), "通话 4分12秒");
    }
}
