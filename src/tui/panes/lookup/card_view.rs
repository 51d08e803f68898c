//! The account card: profile, what the state means now, degrees, orders, tickets,
//! reviews, and the advice for the case at hand.

use chrono::{DateTime, Utc};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use super::advice;
use super::state::{CardLine, Revealed, CARD_REVIEWS, CARD_TICKETS};
use super::view::{day, row, state_style, when, Scene};
use super::words::doc_label;
use crate::api::{AccountDetail, AccountState, AccountSummary, RevealField};
use crate::sanitize::{clean, clusters, fit, width, wrap};
use crate::tui::cells::{china_time, fit_line};
use crate::tui::locale::{label, Catalog};
use crate::tui::theme::Theme;

/// Wrap text by display width into lines of at most `max` cells, breaking at spaces or
/// between wide (CJK) characters; a word longer than a line is cut.
fn wrap_words(text: &str, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    if max == 0 {
        return out;
    }
    // Tokens: runs of narrow non-space characters, single wide characters, single spaces.
    let mut tokens: Vec<String> = Vec::new();
    for (g, w) in clusters(text) {
        let narrow_word = |t: &String| !t.ends_with(' ') && clusters(t).all(|(_, w)| w == 1);
        match tokens.last_mut() {
            Some(t) if w == 1 && g != " " && narrow_word(t) => t.push_str(g),
            _ => tokens.push(g.to_string()),
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
            let mut pieces = wrap(&tok, max);
            cur = pieces.pop().unwrap_or_default();
            out.extend(pieces);
            continue;
        }
        cur.push_str(&tok);
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim_end().to_string());
    }
    out
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

/// What the account's state means right now, as lines.
fn state_meaning(s: &Scene, d: &AccountDetail, c: &Catalog) -> Vec<String> {
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

fn field_value(
    s: &Scene,
    c: &Catalog,
    id: i64,
    field: RevealField,
    masked: &str,
) -> (String, bool) {
    match &s.lookup.revealed {
        Some(Revealed {
            account,
            field: f,
            value,
            until,
        }) if *account == id && *f == field => {
            let left = (*until - s.now).num_seconds().max(0);
            let left = left.to_string();
            let value = clean(value);
            (
                c.tf(
                    "lookup.revealed_left",
                    &[("value", &value), ("left", &left)],
                ),
                true,
            )
        }
        _ => (clean(masked), false),
    }
}

/// An account's profile as label/value rows.
pub(super) fn profile_lines(
    s: &Scene,
    a: &AccountSummary,
    c: &Catalog,
    t: &Theme,
    reveal: bool,
) -> Vec<Line<'static>> {
    let dash = || "—".to_string();
    let val = |field, masked: &str| {
        if reveal {
            field_value(s, c, a.id, field, masked)
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

/// Draw the account card.
pub(super) fn card(
    f: &mut Frame<'_>,
    area: Rect,
    s: &Scene,
    d: &AccountDetail,
    c: &Catalog,
    t: &Theme,
) {
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
    // Two cells between the columns: a cut profile value must not run into the right column.
    let cols = Layout::horizontal([Constraint::Percentage(48), Constraint::Percentage(52)])
        .spacing(2)
        .split(rows[1]);
    // Left: profile and what the state means.
    let lw = usize::from(cols[0].width);
    let mut left = profile_lines(s, a, c, t, true);
    left.push(row(
        c.t("lookup.f.state"),
        label(c, "lookup.state", &a.state),
        state_style(t, a.state),
        t,
    ));
    for m in state_meaning(s, d, c) {
        for w in wrap_words(&m, lw.saturating_sub(2)) {
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
    let left: Vec<Line> = left.into_iter().map(|l| fit_line(l, lw)).collect();
    f.render_widget(Paragraph::new(left), cols[0]);
    // Right: degrees, orders, tickets, reviews (most recent first).
    let rw = usize::from(cols[1].width);
    let mut right: Vec<Line> = Vec::new();
    let section = |right: &mut Vec<Line>, key: &str, n: usize| {
        right.push(Line::styled(format!("{} ({n})", c.t(key)), t.header));
    };
    // The ticket and review lines are the ones the cursor walks: they are always drawn,
    // and degrees and orders take the lines left over (the rest counted as "more").
    let tickets = d.tickets.len().min(CARD_TICKETS);
    let reviews = d.reviews.len().min(CARD_REVIEWS);
    let mut spare = usize::from(cols[1].height).saturating_sub(4 + tickets + reviews);
    // `n` lines of a list of `len` in `room` lines: all, or one fewer and a "more" line.
    let share = |len: usize, room: usize| -> (usize, bool) {
        if len <= room {
            (len, false)
        } else {
            (room.saturating_sub(1), room > 0)
        }
    };
    section(&mut right, "lookup.degrees", d.degrees.len());
    if d.degrees.is_empty() && spare > 0 {
        right.push(Line::styled(format!("  {}", c.t("lookup.none")), t.dim));
        spare -= 1;
    }
    let (shown_degrees, more_degrees) = share(d.degrees.len(), spare);
    spare -= shown_degrees + usize::from(more_degrees);
    for g in d.degrees.iter().take(shown_degrees) {
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
    if more_degrees {
        right.push(Line::styled(
            c.tf(
                "lookup.more",
                &[("n", &(d.degrees.len() - shown_degrees).to_string())],
            ),
            t.dim,
        ));
    }
    section(&mut right, "lookup.orders", d.orders.len());
    // At most three orders, most recent first.
    let cap = spare.min(3);
    let (shown_orders, more_orders) = if d.orders.len() <= cap {
        (d.orders.len(), false)
    } else {
        (cap.min(spare.saturating_sub(1)), spare > 0)
    };
    for o in d.orders.iter().take(shown_orders) {
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
    if more_orders {
        right.push(Line::styled(
            c.tf(
                "lookup.more",
                &[("n", &(d.orders.len() - shown_orders).to_string())],
            ),
            t.dim,
        ));
    }
    section(&mut right, "lookup.tickets", d.tickets.len());
    let selected = s.lookup.selected_line();
    let mark = |sel: bool| if sel { "▶ " } else { "  " };
    for tk in d.tickets.iter().take(CARD_TICKETS) {
        let sel = selected == Some(CardLine::Ticket(tk));
        let text = fit(
            &format!(
                "{}#{} {} · {}",
                mark(sel),
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
    for r in d.reviews.iter().take(CARD_REVIEWS) {
        let sel = selected == Some(CardLine::Review(r));
        let text = fit(
            &format!(
                "{}#{} {} · {} · {}",
                mark(sel),
                r.id,
                label(c, "lookup.review_kind", &r.kind),
                label(c, "lookup.review_state", &r.state),
                day(r.submitted_at)
            ),
            rw,
        );
        right.push(if sel {
            Line::styled(text, t.selected)
        } else {
            Line::raw(text)
        });
    }
    f.render_widget(Paragraph::new(right), cols[1]);
    if advice_h > 0 {
        advice_box(f, rows[2], &topics, c, t, s.keymap);
    }
}

/// The advice for the case at hand, boxed.
pub(super) fn advice_box(
    f: &mut Frame<'_>,
    area: Rect,
    names: &[&str],
    c: &Catalog,
    t: &Theme,
    keymap: &crate::tui::keymap::Keymap,
) {
    let all = advice::topics(c.lang());
    // Advice that names an action names its key in force (`{escalate}`: hand the ticket on).
    let escalate = keymap.keys_label_in(
        crate::config::Scope::Ticket,
        crate::config::Binding::Escalate,
    );
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
            let l = l.replace("{escalate}", &escalate);
            for w in wrap_words(&format!("· {l}"), inner_w) {
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
