//! Windows over the desk: help, pickers, questions, and the sign-in form.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;

use crate::config::{Binding, Scope};
use crate::sanitize::{clean, clean_lines, fit, pad, width, wrap};
use crate::tui::cells::centered;
use crate::tui::choice::{Confirm, PickFor, Picker};
use crate::tui::keymap::{help_key, Hint, PICK_HINT, YES_NO_HINT};
use crate::tui::locale::Catalog;
use crate::tui::scopes;
use crate::tui::state::{Overlay, Pane, State};
use crate::tui::theme::Theme;

/// Draw an overlay.
pub fn render(f: &mut Frame<'_>, s: &State, o: &Overlay, c: &Catalog, t: &Theme) {
    match o {
        Overlay::Help(page) => help(f, s, c, t, *page),
        Overlay::Picker(p) => picker(f, s, p, c, t),
        Overlay::Confirm(k) => confirm(f, s, k, c, t),
    }
}

/// The help's box: nearly the whole screen.
fn help_area(screen: Rect) -> Rect {
    centered(screen, 76, screen.height.saturating_sub(2))
}

/// Rows per column of the help at the current terminal size.
fn help_rows_per_column(s: &State) -> usize {
    let screen = Rect::new(0, 0, s.size.0, s.size.1);
    usize::from(help_area(screen).height.saturating_sub(2)).max(1)
}

/// Pages the help needs at the current terminal size (at least one).
pub fn help_pages(s: &State) -> usize {
    let n = help_lines(
        s,
        &Catalog::new(s.lang),
        &Theme::new(Default::default(), true),
    )
    .len();
    n.div_ceil(2 * help_rows_per_column(s)).max(1)
}

fn help(f: &mut Frame<'_>, s: &State, c: &Catalog, t: &Theme, page: usize) {
    let area = help_area(f.area());
    let cols = help_lines(s, c, t);
    let inner_h = help_rows_per_column(s);
    let pages = cols.len().div_ceil(2 * inner_h).max(1);
    let page = page.min(pages - 1);
    let first = page * 2 * inner_h;
    let mut lines = Vec::new();
    // Two columns, the right one continuing the left.
    for i in 0..inner_h {
        let left = cols.get(first + i).cloned().unwrap_or_default();
        let right = cols.get(first + inner_h + i).cloned().unwrap_or_default();
        let lw: usize = left.spans.iter().map(|s| width(&s.content)).sum();
        let mut spans = left.spans.clone();
        spans.push(Span::raw(" ".repeat(37usize.saturating_sub(lw))));
        spans.extend(right.spans);
        lines.push(Line::from(spans));
    }
    let stack = [Scope::Modal, Scope::Global];
    let close: Hint = (&[Binding::Cancel, Binding::Help], "hint.close");
    let footer = if pages > 1 {
        let at = c.tf(
            "help.page",
            &[
                ("page", &(page + 1).to_string()),
                ("pages", &pages.to_string()),
            ],
        );
        let keys = s.keymap.hint_line(
            c,
            &stack,
            &[
                (&[Binding::Down, Binding::PageDown], "hint.more"),
                (&[Binding::Up, Binding::PageUp], "hint.back"),
                close,
            ],
            false,
        );
        format!("{at} · {keys}")
    } else {
        s.keymap.hint_line(c, &stack, &[close], false)
    };
    let block = Block::bordered()
        .border_style(t.key)
        .title(Line::styled(format!(" {} ", c.t("help.title")), t.header))
        .title_bottom(Line::styled(format!(" {footer} "), t.dim));
    crate::tui::cells::clear_box(f, area);
    f.render_widget(Paragraph::new(lines).block(block), area);
}

/// Every help line: scope headers, keys and what they do, saved views.
fn help_lines(s: &State, c: &Catalog, t: &Theme) -> Vec<Line<'static>> {
    let mut cols: Vec<Line<'static>> = Vec::new();
    for scope in scopes::help(s) {
        cols.push(Line::styled(c.ts(&format!("help.scope_{scope}")), t.header));
        for (b, keys) in s.keymap.help(scope) {
            cols.push(Line::from(vec![
                Span::styled(pad(&keys, 12), t.key),
                Span::raw(c.ts(&help_key(b))),
            ]));
        }
    }
    // Saved views are keys of the queue pane.
    if s.pane != Pane::Queue || s.keymap.view_keys().is_empty() {
        return cols;
    }
    cols.push(Line::styled(c.t("help.views").to_string(), t.header));
    for (k, i) in s.keymap.view_keys() {
        if let Some(v) = s.views.get(*i) {
            cols.push(Line::from(vec![
                Span::styled(pad(&k.to_string(), 12), t.key),
                Span::raw(crate::tui::locale::view_name(c, &v.name)),
            ]));
        }
    }
    cols
}

fn picker(f: &mut Frame<'_>, s: &State, p: &Picker, c: &Catalog, t: &Theme) {
    let hint = s.keymap.hint_line(c, &[Scope::Modal], PICK_HINT, false);
    let title = match p.purpose {
        PickFor::Status => "picker.status",
        PickFor::Priority => "picker.priority",
        PickFor::Category => "picker.category",
        PickFor::Reply => "picker.reply",
        PickFor::CallTarget => "picker.call_target",
        PickFor::CallerReveal => "picker.caller_reveal",
    };
    let list_h = p.labels.len() as u16 + 2;
    let screen = f.area();
    let area = if p.purpose == PickFor::Reply {
        // A canned reply goes to the customer: its whole text shows before it is picked.
        let w = screen.width.saturating_sub(8).min(90);
        let rows = preview_rows(p, usize::from(w.saturating_sub(2)));
        let want = list_h + rows.len() as u16 + 2;
        let outer = centered(screen, w, want.min(screen.height.saturating_sub(4)));
        let [list, rest] = Layout::vertical([
            Constraint::Length(list_h.min(outer.height / 2)),
            Constraint::Min(0),
        ])
        .areas(outer);
        preview(f, s, rest, p, &rows, c, t);
        list
    } else {
        // As wide as its longest choice (a call's places name ticket and category), at
        // least 50 columns, and within the screen.
        let widest = p
            .labels
            .iter()
            .map(|l| width(&clean(l)) + 2)
            .chain([width(&hint), width(c.t(title))])
            .max()
            .unwrap_or(0);
        let w = u16::try_from(widest + 4).unwrap_or(u16::MAX);
        let w = w.clamp(50, screen.width.saturating_sub(8).max(50));
        centered(screen, w, list_h.min(screen.height.saturating_sub(4)))
    };
    let inner_h = usize::from(area.height.saturating_sub(2)).max(1);
    let first = if p.selected >= inner_h {
        p.selected + 1 - inner_h
    } else {
        0
    };
    let label_w = usize::from(area.width.saturating_sub(4));
    let lines: Vec<Line> = p
        .labels
        .iter()
        .enumerate()
        .skip(first)
        .take(inner_h)
        .map(|(i, l)| {
            let text = fit(
                &format!("{} {}", if i == p.selected { "▶" } else { " " }, clean(l)),
                label_w,
            );
            if i == p.selected {
                Line::styled(text, t.selected)
            } else {
                Line::raw(text)
            }
        })
        .collect();
    let block = Block::bordered()
        .border_style(t.key)
        .title(Line::styled(format!(" {} ", c.t(title)), t.header))
        .title_bottom(Line::styled(format!(" {hint} "), t.dim));
    crate::tui::cells::clear_box(f, area);
    f.render_widget(Paragraph::new(lines).block(block), area);
}

/// The highlighted canned reply, wrapped to `cols`.
fn preview_rows(p: &Picker, cols: usize) -> Vec<String> {
    let text = p.values.get(p.selected).map_or("", String::as_str);
    clean_lines(text)
        .iter()
        .flat_map(|l| wrap(l, cols.max(1)))
        .collect()
}

/// The highlighted canned reply in full (`rows`), scrolled by the page keys.
fn preview(
    f: &mut Frame<'_>,
    s: &State,
    area: Rect,
    p: &Picker,
    rows: &[String],
    c: &Catalog,
    t: &Theme,
) {
    let h = usize::from(area.height.saturating_sub(2));
    let first = p.scroll.min(rows.len().saturating_sub(h));
    let last = (first + h).min(rows.len());
    let place = c.tf(
        "picker.preview_rows",
        &[
            ("from", &(first + 1).min(last).to_string()),
            ("to", &last.to_string()),
            ("n", &rows.len().to_string()),
        ],
    );
    let bottom = if rows.len() > h {
        let keys = s.keymap.hint_line(c, &[Scope::Modal], PREVIEW_HINT, false);
        format!(" {place} · {keys} ")
    } else {
        format!(" {place} ")
    };
    let block = Block::bordered()
        .border_style(t.key)
        .title(Line::styled(
            format!(" {} ", c.t("picker.preview")),
            t.header,
        ))
        .title_bottom(Line::styled(bottom, t.dim));
    let lines: Vec<Line> = rows[first..last].iter().cloned().map(Line::raw).collect();
    crate::tui::cells::clear_box(f, area);
    f.render_widget(Paragraph::new(lines).block(block), area);
}

/// The preview's scroll keys.
const PREVIEW_HINT: &[Hint<'static>] = &[(&[Binding::PageUp, Binding::PageDown], "hint.scroll")];

fn confirm(f: &mut Frame<'_>, s: &State, k: &Confirm, c: &Catalog, t: &Theme) {
    let mut lines = Vec::new();
    let yes_no = s.keymap.hint_line(c, &[Scope::Modal], YES_NO_HINT, false);
    match k {
        Confirm::Steal(_) => {
            lines.push(Line::raw(c.t("confirm.steal").to_string()));
            lines.push(Line::styled(yes_no, t.key));
        }
        Confirm::QuitDuringCall => {
            lines.push(Line::raw(c.t("confirm.quit_call").to_string()));
            lines.push(Line::styled(yes_no, t.key));
        }
        Confirm::ResumeCall => {
            lines.push(Line::raw(resume_question(s, c)));
            lines.push(Line::styled(yes_no, t.key));
        }
        Confirm::Retry => {
            lines.push(Line::styled(c.t("stale.title").to_string(), t.error));
            if let Some(st) = s.detail.as_ref().and_then(|d| d.stale.as_ref()) {
                for ch in &st.changes {
                    lines.push(Line::raw(format!("· {ch}")));
                }
            }
            let question = c.t("stale.question");
            lines.push(Line::styled(format!("{question} {yes_no}"), t.key));
        }
    }
    let area = centered(f.area(), 70, lines.len() as u16 + 4);
    crate::tui::cells::clear_box(f, area);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().border_style(t.key)),
        area,
    );
}

/// "A call of 14:05 (03:12, 138****0000) was cut off…", from the kept call.
fn resume_question(s: &State, c: &Catalog) -> String {
    use crate::tui::drafts::{DraftBody, DraftId};
    let Some(DraftBody::Call(d)) = s.drafts.saved.get(&DraftId::Call).map(|d| &d.body) else {
        return String::new();
    };
    let at = crate::tui::cells::china_time(d.started_at)
        .format("%H:%M")
        .to_string();
    let secs = (d.ended_at.unwrap_or(d.alive_at) - d.started_at)
        .num_seconds()
        .max(0);
    let time = format!("{:02}:{:02}", secs / 60, secs % 60);
    let number = d
        .normalized
        .as_deref()
        .map(crate::domain::mask::mask_phone)
        .unwrap_or_else(|| c.t("call.unknown_number").to_string());
    clean(&c.tf(
        "confirm.resume_call",
        &[("at", &at), ("time", &time), ("number", &number)],
    ))
}

/// The sign-in form (password shown as dots).
pub fn sign_in(f: &mut Frame<'_>, s: &State, c: &Catalog, t: &Theme) {
    let form = &s.sign_in;
    // A long error (e.g. why a kept token was refused) wraps; the form grows to show it all.
    let err_rows = form.error.as_deref().map_or(0, |e| width(e).div_ceil(58));
    let area = centered(f.area(), 60, 10 + err_rows.saturating_sub(1) as u16);
    let label_w = 10;
    let op = form.operator.value();
    let pw = "•".repeat(form.password.value().chars().count());
    let field = |label: &str, value: &str, focused: bool| {
        Line::from(vec![
            Span::styled(pad(label, label_w), if focused { t.key } else { t.dim }),
            Span::styled(
                format!("[{}]", pad(value, 40)),
                if focused { t.selected } else { t.tab },
            ),
        ])
    };
    let mut lines = vec![
        Line::raw(""),
        field(c.t("signin.operator"), op, !form.on_password),
        Line::raw(""),
        field(c.t("signin.password"), &pw, form.on_password),
        Line::raw(""),
    ];
    if form.busy {
        lines.push(Line::styled(c.t("signin.busy").to_string(), t.dim));
    } else if let Some(e) = &form.error {
        lines.push(Line::styled(e.clone(), t.error));
    }
    let block = Block::bordered()
        .border_style(t.key)
        .title(Line::styled(
            format!(" {} · {} ", c.t("app.title"), c.t("signin.title")),
            t.header,
        ))
        .title_bottom(Line::styled(format!(" {} ", c.t("signin.hint")), t.dim));
    let inner = block.inner(area);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        area,
    );
    let (row, cur) = if form.on_password {
        (3, form.password.value().chars().count())
    } else {
        (1, form.operator.visual_cursor())
    };
    let x = inner.x + label_w as u16 + 1 + (cur as u16).min(39);
    f.set_cursor_position((x, inner.y + row));
}
