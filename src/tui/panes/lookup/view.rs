//! The account-lookup pane: input with live recognition, accounts side by side, the
//! account card with what its state means now, advice, and the action forms.

use chrono::{DateTime, Utc};
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use crate::tui::view::china_time;
use crate::api::{AccountDetail, AccountState, AccountSummary, Category, RevealField};
use crate::client::AccountAction;
use crate::domain::phone;
use crate::sanitize::{clean, fit, pad, width};
use crate::tui::locale::Catalog;
use super::{
    advice, doc_label, linked_ticket, Modal, ReasonFor, Revealed, REVEAL_FIELDS,
};
use crate::tui::state::State;
use crate::tui::theme::Theme;
use crate::tui::update::label;

/// Width of the labels of the card.
const LABEL_W: usize = 10;

/// Draw the pane.
pub fn render(f: &mut Frame<'_>, area: Rect, s: &State, c: &Catalog, t: &Theme) {
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
    } else if l.pending_card.is_some() || l.pending.is_some() {
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

fn input_line(f: &mut Frame<'_>, area: Rect, s: &State, c: &Catalog, t: &Theme) {
    let l = &s.lookup;
    let prompt = format!(" {} ", c.t("lookup.prompt"));
    let value = clean(l.input.value());
    let field_w = 28usize;
    let shown = fit(&value, field_w - 1);
    let field = format!("[{}]", pad(&shown, field_w));
    let r = &l.recognition;
    let mut spans = vec![
        Span::styled(prompt.clone(), t.header),
        Span::styled(field, if l.editing { t.selected } else { t.tab }),
        Span::raw(" "),
    ];
    if let Some(k) = r.kind {
        spans.push(Span::styled(k.label(c), t.key));
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
    if l.editing && l.modal.is_none() && s.overlay.is_none() {
        let cur = width(&value[..value.len().min(byte_of(&value, l.input.visual_cursor()))]);
        let x = area.x + (width(&prompt) + 1 + cur.min(field_w - 1)) as u16;
        f.set_cursor_position((x.min(area.right().saturating_sub(1)), area.y));
    }
}

/// Byte offset of the `n`th display column of `s` (for the cursor).
fn byte_of(s: &str, cols: usize) -> usize {
    let mut w = 0;
    for (i, ch) in s.char_indices() {
        if w >= cols {
            return i;
        }
        w += width(ch.encode_utf8(&mut [0; 4]));
    }
    s.len()
}

fn info_line(f: &mut Frame<'_>, area: Rect, s: &State, c: &Catalog, t: &Theme) {
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
        Line::styled(fit(&format!(" {}", c.t("lookup.input_hint")), wdt), t.dim)
    } else if l.results.len() > 1 && l.card.is_none() {
        Line::styled(
            fit(
                &format!(
                    " {}",
                    c.tf("lookup.found_many", &[("n", &l.results.len().to_string())])
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

/// Wrap text by display width into lines of at most `max` cells, breaking at spaces or
/// between wide (CJK) characters; a word longer than a line is cut.
fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    if max == 0 {
        return out;
    }
    // Tokens: runs of narrow non-space characters, single wide characters, single spaces.
    let mut tokens: Vec<String> = Vec::new();
    for ch in text.chars() {
        let wide = width(ch.encode_utf8(&mut [0; 4])) > 1;
        match tokens.last_mut() {
            Some(t) if !wide && ch != ' ' && !t.ends_with(' ') && width(t) == t.chars().count() => {
                t.push(ch)
            }
            _ => tokens.push(ch.to_string()),
        }
    }
    let mut cur = String::new();
    for tok in tokens {
        if width(&cur) + width(&tok) > max {
            if !cur.trim().is_empty() {
                out.push(cur.trim_end().to_string());
            }
            cur = String::new();
            if tok == " " {
                continue;
            }
            // A token longer than a whole line is cut into pieces.
            let mut piece = String::new();
            for ch in tok.chars() {
                if width(&piece) + width(ch.encode_utf8(&mut [0; 4])) > max {
                    out.push(std::mem::take(&mut piece));
                }
                piece.push(ch);
            }
            cur = piece;
            continue;
        }
        cur.push_str(&tok);
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim_end().to_string());
    }
    out
}

fn when(t: DateTime<Utc>) -> String {
    china_time(t).format("%Y-%m-%d %H:%M").to_string()
}

fn day(t: DateTime<Utc>) -> String {
    china_time(t).format("%Y-%m-%d").to_string()
}

/// "20 h 13 min" in the operator's language.
fn span_text(c: &Catalog, from: DateTime<Utc>, to: DateTime<Utc>) -> String {
    let mins = (to - from).num_minutes().max(0);
    c.tf(
        "lookup.duration",
        &[
            ("h", &(mins / 60).to_string()),
            ("m", &(mins % 60).to_string()),
        ],
    )
}

fn state_style(t: &Theme, st: AccountState) -> Style {
    match st {
        AccountState::Active => t.notice,
        AccountState::Locked | AccountState::Frozen => t.error,
        AccountState::Unactivated => t.due_today,
    }
}

/// What the account's state means right now, as lines.
pub fn state_meaning(s: &State, d: &AccountDetail, c: &Catalog) -> Vec<String> {
    let mut out = Vec::new();
    match d.summary.state {
        AccountState::Locked => match &d.lock {
            Some(lock) if lock.until > s.now => {
                out.push(c.tf(
                    "lookup.meaning.locked",
                    &[
                        ("n", &lock.failed_attempts.to_string()),
                        ("left", &span_text(c, s.now, lock.until)),
                    ],
                ));
                let times: Vec<String> = lock
                    .attempts
                    .iter()
                    .take(5)
                    .map(|a| china_time(*a).format("%H:%M").to_string())
                    .collect();
                if !times.is_empty() {
                    out.push(c.tf("lookup.meaning.attempts", &[("times", &times.join(" "))]));
                }
            }
            Some(_) => out.push(c.ts("lookup.meaning.lapsed")),
            None => out.push(c.ts("lookup.meaning.locked_unknown")),
        },
        AccountState::Frozen => {
            let why = d
                .frozen_reason
                .as_deref()
                .map(clean)
                .unwrap_or_else(|| c.ts("lookup.none"));
            out.push(c.tf("lookup.meaning.frozen", &[("why", &why)]));
        }
        AccountState::Unactivated => match d.activation_sent_at {
            Some(at) => out.push(c.tf(
                "lookup.meaning.unactivated",
                &[
                    ("when", &when(at)),
                    ("days", &(s.now - at).num_days().max(0).to_string()),
                ],
            )),
            None => out.push(c.ts("lookup.meaning.unactivated_never")),
        },
        AccountState::Active => out.push(c.ts("lookup.meaning.active")),
    }
    out
}

fn field_value(s: &State, id: i64, field: RevealField, masked: &str) -> (String, bool) {
    match &s.lookup.revealed {
        Some(Revealed {
            account,
            field: f,
            value,
            until,
        }) if *account == id && *f == field => {
            let left = (*until - s.now).num_seconds().max(0);
            (format!("{} ({left} s)", clean(value)), true)
        }
        _ => (clean(masked), false),
    }
}

fn row<'a>(k: &str, v: String, style: Style, t: &Theme) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{} ", pad(k, LABEL_W - 1)), t.dim),
        Span::styled(v, style),
    ])
}

fn profile_lines(
    s: &State,
    a: &AccountSummary,
    c: &Catalog,
    t: &Theme,
    reveal: bool,
) -> Vec<Line<'static>> {
    let dash = || "—".to_string();
    let val = |field, masked: &str| {
        if reveal {
            field_value(s, a.id, field, masked)
        } else {
            (clean(masked), false)
        }
    };
    let style = |shown: bool| if shown { t.overdue } else { Style::default() };
    let (name, nv) = val(RevealField::Name, &a.name);
    let (ph, pv) = match &a.phone {
        Some(p) => val(RevealField::Phone, p),
        None => (dash(), false),
    };
    let (em, ev) = match &a.email {
        Some(e) => val(RevealField::Email, e),
        None => (dash(), false),
    };
    let (doc, dv) = val(RevealField::DocumentNumber, &a.document_number);
    vec![
        row(c.t("lookup.f.name"), name, style(nv), t),
        row(c.t("lookup.f.login"), clean(&a.login), Style::default(), t),
        row(c.t("lookup.f.phone"), ph, style(pv), t),
        row(c.t("lookup.f.email"), em, style(ev), t),
        row(
            c.t("lookup.f.document"),
            // The number first: its visible end is what the caller is asked about.
            format!("{doc} · {}", doc_label(c, a.document_kind)),
            style(dv),
            t,
        ),
        row(
            c.t("lookup.f.verification"),
            label(c, "lookup.verification", &a.verification),
            Style::default(),
            t,
        ),
        row(
            c.t("lookup.f.registered"),
            format!(
                "{} · {}",
                day(a.registered_at),
                label(c, "lookup.channel", &a.registration_channel)
            ),
            Style::default(),
            t,
        ),
    ]
}

fn card(f: &mut Frame<'_>, area: Rect, s: &State, d: &AccountDetail, c: &Catalog, t: &Theme) {
    let a = &d.summary;
    let topics = advice::for_account(d);
    let advice_h: u16 = if topics.is_empty() {
        0
    } else if area.height >= 30 {
        7
    } else {
        5
    };
    let rows = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(advice_h),
    ])
    .split(area);
    // Header: account id, masked name, state.
    let head = Line::from(vec![
        Span::styled(
            format!(" {} ", c.tf("lookup.account", &[("id", &a.id.to_string())])),
            t.header,
        ),
        Span::raw(format!("{}  ", clean(&a.name))),
        Span::styled(
            format!("[{}]", label(c, "lookup.state", &a.state)),
            state_style(t, a.state),
        ),
        Span::styled(
            if s.lookup.busy.is_some() {
                format!("  {}", c.t("lookup.working"))
            } else {
                String::new()
            },
            t.dim,
        ),
    ]);
    f.render_widget(Paragraph::new(head), rows[0]);
    let cols =
        Layout::horizontal([Constraint::Percentage(48), Constraint::Percentage(52)]).split(rows[1]);
    // Left: profile and what the state means.
    let lw = usize::from(cols[0].width.saturating_sub(1));
    let mut left = profile_lines(s, a, c, t, true);
    left.push(row(
        c.t("lookup.f.state"),
        label(c, "lookup.state", &a.state),
        state_style(t, a.state),
        t,
    ));
    for m in state_meaning(s, d, c) {
        for w in wrap(&m, lw.saturating_sub(2)) {
            left.push(Line::styled(format!("  {w}"), state_style(t, a.state)));
        }
    }
    if !d.same_identity.is_empty() {
        left.push(Line::styled(
            fit(
                &c.tf(
                    "lookup.same_identity",
                    &[("n", &d.same_identity.len().to_string())],
                ),
                lw,
            ),
            t.due_today,
        ));
        for o in &d.same_identity {
            left.push(Line::raw(fit(
                &format!(
                    "  #{} {} · {} · {}",
                    o.id,
                    clean(&o.login),
                    day(o.registered_at),
                    label(c, "lookup.channel", &o.registration_channel)
                ),
                lw,
            )));
        }
    }
    f.render_widget(Paragraph::new(left), cols[0]);
    // Right: degrees, orders, tickets, reviews (most recent first).
    let rw = usize::from(cols[1].width);
    let mut right: Vec<Line> = Vec::new();
    let section = |right: &mut Vec<Line>, key: &str, n: usize| {
        right.push(Line::styled(format!("{} ({n})", c.t(key)), t.header));
    };
    section(&mut right, "lookup.degrees", d.degrees.len());
    if d.degrees.is_empty() {
        right.push(Line::styled(format!("  {}", c.t("lookup.none")), t.dim));
    }
    for g in &d.degrees {
        let st = label(c, "lookup.degree", &g.status);
        let style = match g.status {
            crate::api::DegreeStatus::Registered => Style::default(),
            _ => t.due_today,
        };
        let self_study = if g.self_study {
            format!(" {}", c.t("lookup.self_study"))
        } else {
            String::new()
        };
        right.push(Line::from(vec![
            Span::raw(fit(
                &format!(
                    "  {} {}{self_study} {} · ",
                    g.year,
                    clean(&g.level),
                    clean(&g.school)
                ),
                rw.saturating_sub(width(&st)),
            )),
            Span::styled(st, style),
        ]));
    }
    section(&mut right, "lookup.orders", d.orders.len());
    for o in d.orders.iter().take(3) {
        let kind_key = format!("lookup.order_kind.{}", o.kind);
        let kind = match c.t(&kind_key) {
            k if k == kind_key => clean(&o.kind),
            k => k.to_string(),
        };
        let link_key = format!("lookup.link.{}", o.link_state);
        let link = match c.t(&link_key) {
            k if k == link_key => clean(&o.link_state),
            k => k.to_string(),
        };
        right.push(Line::raw(fit(
            &format!(
                "  {} {kind} {} · {link}",
                day(o.created_at),
                c.tf(
                    "lookup.amount",
                    &[(
                        "yuan",
                        &format!("{}.{:02}", o.amount_fen / 100, o.amount_fen % 100)
                    )]
                )
            ),
            rw,
        )));
    }
    if d.orders.len() > 3 {
        right.push(Line::styled(
            c.tf("lookup.more", &[("n", &(d.orders.len() - 3).to_string())]),
            t.dim,
        ));
    }
    section(&mut right, "lookup.tickets", d.tickets.len());
    for (i, tk) in d.tickets.iter().enumerate().take(4) {
        let sel = i == s.lookup.ticket_sel;
        let text = fit(
            &format!(
                "{}#{} {} · {}",
                if sel { "▶ " } else { "  " },
                tk.id,
                label(c, "status", &tk.status),
                clean(&tk.subject)
            ),
            rw,
        );
        right.push(if sel {
            Line::styled(text, t.selected)
        } else {
            Line::raw(text)
        });
    }
    section(&mut right, "lookup.reviews", d.reviews.len());
    for r in d.reviews.iter().take(3) {
        right.push(Line::raw(fit(
            &format!(
                "  #{} {} · {} · {}",
                r.id,
                label(c, "lookup.review_kind", &r.kind),
                label(c, "lookup.review_state", &r.state),
                day(r.submitted_at)
            ),
            rw,
        )));
    }
    f.render_widget(Paragraph::new(right), cols[1]);
    if advice_h > 0 {
        advice_box(f, rows[2], &topics, c, t);
    }
}

fn advice_box(f: &mut Frame<'_>, area: Rect, names: &[&str], c: &Catalog, t: &Theme) {
    let all = advice::topics(c.lang());
    let inner_w = usize::from(area.width.saturating_sub(2));
    let inner_h = usize::from(area.height.saturating_sub(2));
    let mut lines: Vec<Line> = Vec::new();
    let mut titles = Vec::new();
    for name in names {
        let Some(topic) = all.get(*name) else {
            continue;
        };
        titles.push(topic.title.clone());
        if lines.len() >= inner_h {
            continue;
        }
        for l in &topic.lines {
            for w in wrap(&format!("· {l}"), inner_w) {
                lines.push(Line::raw(w));
            }
        }
    }
    lines.truncate(inner_h);
    let title = format!(" {} · {} ", c.t("lookup.advice"), titles.join(" / "));
    let block = Block::bordered()
        .border_style(t.border)
        .title(Line::styled(fit(&title, inner_w), t.header));
    f.render_widget(Paragraph::new(lines).block(block), area);
}

fn side_by_side(f: &mut Frame<'_>, area: Rect, s: &State, c: &Catalog, t: &Theme) {
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
        advice_box(f, rows[1], &["identity_conflict"], c, t);
    }
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(h.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [r] = Layout::horizontal([Constraint::Length(w.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    r
}

fn input_box(value: &str, w: usize, focused: bool, t: &Theme) -> Span<'static> {
    let shown = fit(&clean(value), w.saturating_sub(1));
    Span::styled(
        format!("[{}]", pad(&shown, w)),
        if focused { t.selected } else { t.tab },
    )
}

fn modal(f: &mut Frame<'_>, area: Rect, s: &State, m: &Modal, c: &Catalog, t: &Theme) {
    let who = s
        .lookup
        .target()
        .map(|a| {
            format!(
                "#{} {} · {}",
                a.id,
                clean(&a.name),
                clean(a.phone.as_deref().unwrap_or(&a.login))
            )
        })
        .unwrap_or_default();
    let mut lines: Vec<Line> = Vec::new();
    let (title, hint) = match m {
        Modal::Field { selected } => {
            for (i, fld) in REVEAL_FIELDS.iter().enumerate() {
                let text = format!(
                    "{} {}",
                    if i == *selected { "▶" } else { " " },
                    label(c, "lookup.field", fld)
                );
                lines.push(if i == *selected {
                    Line::styled(text, t.selected)
                } else {
                    Line::raw(text)
                });
            }
            (c.ts("lookup.modal.reveal_field"), c.ts("picker.hint"))
        }
        Modal::Reason {
            purpose,
            selected,
            text,
            stale,
        } => {
            for st in stale {
                lines.push(Line::styled(format!("· {st}"), t.error));
            }
            if !stale.is_empty() {
                lines.push(Line::styled(c.ts("lookup.ask_again"), t.key));
            }
            lines.push(Line::styled(c.ts("lookup.modal.reason"), t.header));
            let typed = !text.value().trim().is_empty();
            for (i, key) in purpose.presets().iter().enumerate() {
                let on = i == *selected && !typed;
                let line = format!("{} {}", if on { "▶" } else { " " }, c.t(key));
                lines.push(if on {
                    Line::styled(line, t.selected)
                } else {
                    Line::raw(line)
                });
            }
            lines.push(Line::from(vec![
                Span::raw(format!("{} ", c.t("lookup.modal.own_reason"))),
                input_box(text.value(), 40, true, t),
            ]));
            let title = match purpose {
                ReasonFor::Reveal(fld) => c.tf(
                    "lookup.modal.reveal",
                    &[("field", &label(c, "lookup.field", fld))],
                ),
                ReasonFor::Act(AccountAction::Unlock) => c.ts("lookup.modal.unlock"),
                ReasonFor::Act(AccountAction::Freeze) => c.ts("lookup.modal.freeze"),
                ReasonFor::Act(AccountAction::Unfreeze) => c.ts("lookup.modal.unfreeze"),
            };
            (title, c.ts("lookup.modal.reason_hint"))
        }
        Modal::Rebind {
            number,
            scan_received,
            note,
            focus,
            ..
        } => {
            lines.push(Line::from(vec![
                Span::raw(pad(c.t("lookup.rebind.number"), 14)),
                input_box(number.value(), 24, *focus == 0, t),
            ]));
            let check = match phone::normalize_mobile(number.value()) {
                _ if number.value().trim().is_empty() => Line::raw(""),
                Ok(n) => Line::styled(format!("  ✓ {n}"), t.notice),
                Err(e) => Line::styled(
                    format!(
                        "  ✕ {}",
                        match c.lang() {
                            crate::config::Language::ZhCn => e.message_zh(),
                            crate::config::Language::En => e.to_string(),
                        }
                    ),
                    t.error,
                ),
            };
            lines.push(check);
            lines.push(Line::styled(
                format!(
                    "[{}] {}",
                    if *scan_received { "x" } else { " " },
                    c.t("lookup.rebind.scan")
                ),
                if *focus == 1 {
                    t.selected
                } else {
                    Style::default()
                },
            ));
            lines.push(Line::from(vec![
                Span::raw(pad(c.t("lookup.modal.note"), 14)),
                input_box(note.value(), 36, *focus == 2, t),
            ]));
            lines.push(ticket_link(s, c, t));
            (c.ts("lookup.modal.rebind"), c.ts("lookup.modal.form_hint"))
        }
        Modal::Claim {
            account,
            received,
            note,
            focus,
            ..
        } => {
            lines.push(Line::raw(
                c.tf("lookup.claim.target", &[("id", &account.to_string())]),
            ));
            lines.push(Line::styled(
                format!(
                    "[{}] {}",
                    if *received { "x" } else { " " },
                    c.t("lookup.claim.received")
                ),
                if *focus == 0 {
                    t.selected
                } else {
                    Style::default()
                },
            ));
            lines.push(Line::from(vec![
                Span::raw(pad(c.t("lookup.modal.note"), 14)),
                input_box(note.value(), 36, *focus == 1, t),
            ]));
            lines.push(ticket_link(s, c, t));
            (c.ts("lookup.modal.claim"), c.ts("lookup.modal.form_hint"))
        }
        Modal::NewTicket { selected } => {
            let h = usize::from(area.height.saturating_sub(6)).max(3);
            let first = selected.saturating_sub(h.saturating_sub(1));
            for (i, cat) in Category::ALL.iter().enumerate().skip(first).take(h) {
                let text = format!(
                    "{} {}",
                    if i == *selected { "▶" } else { " " },
                    label(c, "category", cat)
                );
                lines.push(if i == *selected {
                    Line::styled(text, t.selected)
                } else {
                    Line::raw(text)
                });
            }
            (c.ts("lookup.modal.new_ticket"), c.ts("picker.hint"))
        }
    };
    let w = 66u16.min(area.width);
    let h = (lines.len() as u16 + 2).min(area.height);
    let r = centered(area, w, h);
    let inner_w = usize::from(w.saturating_sub(4));
    let block = Block::bordered()
        .border_style(t.key)
        .title(Line::styled(
            fit(&format!(" {title} · {who} "), inner_w),
            t.header,
        ))
        .title_bottom(Line::styled(fit(&format!(" {hint} "), inner_w), t.dim));
    f.render_widget(Clear, r);
    f.render_widget(Paragraph::new(lines).block(block), r);
}

fn ticket_link(s: &State, c: &Catalog, t: &Theme) -> Line<'static> {
    match linked_ticket(s) {
        Some(id) => Line::styled(
            c.tf("lookup.linked_ticket", &[("id", &id.to_string())]),
            t.key,
        ),
        None => Line::styled(c.ts("lookup.no_linked_ticket"), t.dim),
    }
}
