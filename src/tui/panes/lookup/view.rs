//! The account-lookup pane's drawing: the input with live recognition, accounts side by
//! side, and the frame the card ([`super::card_view`]) and the forms
//! ([`super::modal_view`]) are drawn in.

use chrono::{DateTime, Utc};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use super::card_view::{advice_box, card, profile_lines};
use super::modal_view::modal;
use super::state::LookupState;
use super::words::kind_label;
use crate::api::AccountState;
use crate::config::{Binding, Scope};
use crate::sanitize::{fit, pad, width};
use crate::tui::cells::china_time;
use crate::tui::context::ViewCx;
use crate::tui::editor::input_view;
use crate::tui::keymap::Keymap;
use crate::tui::locale::{label, Catalog};
use crate::tui::panes::CallLink;
use crate::tui::theme::Theme;

/// Width of the labels of the card.
pub(super) const LABEL_W: usize = 10;

/// What the pane's drawing reads: its state, the clock, the call (for the ticket a
/// review is linked to) and whether the input may show the cursor (no overlay above it).
#[derive(Debug, Clone, Copy)]
pub(super) struct Scene<'a> {
    /// The pane.
    pub lookup: &'a LookupState,
    /// Clock.
    pub now: DateTime<Utc>,
    /// The running call.
    pub call: Option<&'a CallLink>,
    /// The input may show the terminal cursor.
    pub cursor: bool,
    /// Keys in force (for the forms' hints).
    pub keymap: &'a Keymap,
}

/// Draw the pane; `call` is the running call, `cursor` whether nothing is drawn over the
/// pane (so the input may show the terminal cursor).
pub fn render(
    f: &mut Frame<'_>,
    area: Rect,
    l: &LookupState,
    v: &ViewCx,
    call: Option<&CallLink>,
    cursor: bool,
) {
    let s = &Scene {
        lookup: l,
        now: v.now,
        call,
        cursor,
        keymap: v.keymap,
    };
    let (c, t) = (v.c, v.theme);
    let rows = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .split(area);
    input_line(f, rows[0], s, c, t);
    info_line(f, rows[1], s, c, t);
    let l = &s.lookup;
    let body = rows[2];
    if let Some(d) = &l.card {
        card(f, body, s, d, c, t);
    } else if l.results.len() > 1 {
        side_by_side(f, body, s, c, t);
    } else if l.pending_card.waiting() || l.pending.waiting() {
        f.render_widget(
            Paragraph::new(c.t("lookup.searching").to_string()).style(t.dim),
            body,
        );
    } else if l.shown_for.is_some() {
        f.render_widget(
            Paragraph::new(c.t("lookup.not_found").to_string()).style(t.dim),
            body,
        );
    } else {
        let lines: Vec<Line> = ["lookup.intro1", "lookup.intro2", "lookup.intro3"]
            .iter()
            .map(|k| Line::styled(c.t(k).to_string(), t.dim))
            .collect();
        f.render_widget(Paragraph::new(lines), body);
    }
    if let Some(m) = &l.modal {
        modal(f, area, s, m, c, t);
    }
}

fn input_line(f: &mut Frame<'_>, area: Rect, s: &Scene, c: &Catalog, t: &Theme) {
    let l = &s.lookup;
    let prompt = format!(" {} ", c.t("lookup.prompt"));
    let field_w = 28usize;
    let (shown, cur) = input_view(&l.input, field_w - 1);
    let field = format!("[{}]", pad(&shown, field_w));
    let r = &l.recognition;
    let mut spans = vec![
        Span::styled(prompt.clone(), t.header),
        Span::styled(field, if l.editing { t.selected } else { t.tab }),
        Span::raw(" "),
    ];
    if let Some(k) = r.kind {
        spans.push(Span::styled(kind_label(c, k), t.key));
        let (mark, style) = if r.problem.is_some() {
            (" ✕", t.error)
        } else if r.ready.is_some() {
            (" ✓", t.notice)
        } else {
            (" …", t.dim)
        };
        spans.push(Span::styled(mark, style));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
    if l.editing && l.modal.is_none() && s.cursor {
        let x = area.x + (width(&prompt) + 1 + cur.min(field_w - 1)) as u16;
        f.set_cursor_position((x.min(area.right().saturating_sub(1)), area.y));
    }
}

fn info_line(f: &mut Frame<'_>, area: Rect, s: &Scene, c: &Catalog, t: &Theme) {
    let l = &s.lookup;
    let r = &l.recognition;
    let wdt = usize::from(area.width);
    let line = if let Some(p) = &r.problem {
        Line::styled(fit(&format!(" {p}"), wdt), t.error)
    } else if let Some(p) = &r.progress {
        Line::styled(fit(&format!(" {p}"), wdt), t.dim)
    } else if !r.warnings.is_empty() {
        Line::styled(
            fit(&format!(" {}", r.warnings.join(" · ")), wdt),
            t.due_today,
        )
    } else if l.editing {
        let hint = s.keymap.text_with_keys(
            c,
            "lookup.input_hint",
            &[
                ("search", Scope::Lookup, &[Binding::Open]),
                ("leave", Scope::Lookup, &[Binding::Back]),
                ("next_pane", Scope::Global, &[Binding::NextPane]),
            ],
            &[],
        );
        Line::styled(fit(&format!(" {hint}"), wdt), t.dim)
    } else if l.results.len() > 1 && l.card.is_none() {
        Line::styled(
            fit(
                &format!(
                    " {}",
                    s.keymap.text_with_keys(
                        c,
                        "lookup.found_many",
                        &[
                            (
                                "choose",
                                Scope::Lookup,
                                &[Binding::PrevAccount, Binding::NextAccount],
                            ),
                            ("open", Scope::Lookup, &[Binding::Open]),
                        ],
                        &[("n", &l.results.len().to_string())],
                    )
                ),
                wdt,
            ),
            t.header,
        )
    } else {
        Line::raw("")
    };
    f.render_widget(Paragraph::new(line), area);
}

/// A moment as shown on the card (China time, to the minute).
pub(super) fn when(t: DateTime<Utc>) -> String {
    china_time(t).format("%Y-%m-%d %H:%M").to_string()
}

/// A day as shown on the card (China time).
pub(super) fn day(t: DateTime<Utc>) -> String {
    china_time(t).format("%Y-%m-%d").to_string()
}

/// The colour of an account state.
pub(super) fn state_style(t: &Theme, st: AccountState) -> Style {
    match st {
        AccountState::Active => t.notice,
        AccountState::Locked | AccountState::Frozen => t.error,
        AccountState::Unactivated => t.due_today,
    }
}

/// A label and its value, the label padded to the card's label column.
pub(super) fn row<'a>(k: &str, v: String, style: Style, t: &Theme) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{} ", pad(k, LABEL_W - 1)), t.dim),
        Span::styled(v, style),
    ])
}

fn side_by_side(f: &mut Frame<'_>, area: Rect, s: &Scene, c: &Catalog, t: &Theme) {
    let l = &s.lookup;
    let n = l.results.len().min(3);
    let first = l.selected.saturating_sub(n - 1).min(l.results.len() - n);
    let advice_h = if area.height >= 24 { 7 } else { 5 };
    let rows = Layout::vertical([Constraint::Min(0), Constraint::Length(advice_h)]).split(area);
    let cols = Layout::horizontal(vec![Constraint::Ratio(1, n as u32); n]).split(rows[0]);
    for (i, a) in l.results.iter().enumerate().skip(first).take(n) {
        let sel = i == l.selected;
        let mut lines = profile_lines(s, a, c, t, false);
        lines.push(row(
            c.t("lookup.f.state"),
            label(c, "lookup.state", &a.state),
            state_style(t, a.state),
            t,
        ));
        let block = Block::bordered()
            .border_style(if sel { t.key } else { t.border })
            .title(Line::styled(
                format!(
                    " {}{} ",
                    if sel { "▶ " } else { "" },
                    c.tf("lookup.account", &[("id", &a.id.to_string())])
                ),
                if sel { t.header } else { t.dim },
            ));
        f.render_widget(Paragraph::new(lines).block(block), cols[i - first]);
    }
    if l.conflict() {
        advice_box(f, rows[1], &["identity_conflict"], c, t, s.keymap);
    }
}
