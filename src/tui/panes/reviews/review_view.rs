//! Drawing the open review: the document photo and the selfie, the review's facts, the
//! checklist with what a decision did, and the decision form.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use super::layout::Zoom;
use super::photo_view;
use super::state::{reasons_for, DecisionForm, OpenReview, ReviewsState, Stage, DECISIONS};
use super::view::{claim_text, doc_label, due_text, kind_label, review_layout, state_label};
use crate::api::{ReviewRevealField, ReviewState, Signal};
use crate::client::ReviewImage;
use crate::config::{Binding, Scope};
use crate::domain::reason::{Finality, ReasonCode};
use crate::sanitize::{clean, fit};
use crate::tui::context::ViewCx;
use crate::tui::editor::input_view;
use crate::tui::keymap::Hint;
use crate::tui::locale::{wire_name, Catalog};

/// Draw the open review.
pub fn render(f: &mut Frame<'_>, area: Rect, r: &ReviewsState, o: &OpenReview, v: &ViewCx<'_>) {
    let l = review_layout(area, r.graphics, o);
    photo_view::image_box(f, l.document, r, o, ReviewImage::Document, v);
    photo_view::image_box(f, l.selfie, r, o, ReviewImage::Selfie, v);
    if o.zoom != Zoom::Off {
        return;
    }
    let cols =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).split(l.text);
    info(f, cols[0], o, v);
    let t = v.theme;
    let side = Block::default()
        .borders(Borders::LEFT)
        .border_style(t.border);
    let side_in = side.inner(cols[1]);
    f.render_widget(side, cols[1]);
    match (&o.form, &o.steal, o.four_eyes(v.me())) {
        (Some(form), _, _) => form_view(f, side_in, o, form, v),
        (None, _, _) if o.reveal.is_some() => super::reveal_view::render(f, side_in, o, v),
        (None, Some(reason), _) => super::side_view::steal_view(f, side_in, o, reason, v),
        // Right after one's own first approval the outcome is worth more than the reason.
        (None, None, Some(why)) if o.outcome.is_none() => {
            super::side_view::four_eyes(f, side_in, why, v)
        }
        (None, None, _) => checklist(f, side_in, o, v),
    }
}

/// A signal in the operator's words, with the accounts or reviews it names.
fn signal_text(c: &Catalog, s: &Signal) -> String {
    let list = |ids: &[i64], prefix: &str| {
        ids.iter()
            .map(|i| format!("{prefix}{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    c.tf(
        &format!("reviews.signal.{}", wire_name(&s.code)),
        &[
            ("accounts", &list(&s.accounts, "")),
            ("reviews", &list(&s.reviews, "#")),
        ],
    )
}

fn info(f: &mut Frame<'_>, area: Rect, o: &OpenReview, v: &ViewCx<'_>) {
    let (c, t) = (v.c, v.theme);
    let r = &o.review;
    let sum = &r.summary;
    let w = usize::from(area.width);
    let mut lines: Vec<Line> = Vec::new();
    let (due, late) = due_text(c, v, sum);
    let due_style = match late {
        Some(true) => t.overdue,
        Some(false) => t.due_today,
        None => Style::default(),
    };
    lines.push(Line::from(vec![
        Span::styled(
            format!("#{} {} ", sum.id, kind_label(c, &sum.kind)),
            t.header,
        ),
        Span::styled(format!("[{}] ", state_label(c, &sum.state)), t.key),
        Span::styled(c.tf("reviews.due", &[("due", &due)]), due_style),
    ]));
    let kv = |k: &str, v: String| -> Line<'static> {
        Line::from(vec![
            Span::styled(format!("{} ", c.t(k)), t.dim),
            Span::raw(v),
        ])
    };
    lines.push(kv("reviews.applicant", clean(&sum.applicant)));
    let check = if !o.loaded {
        "…".to_string()
    } else if r.document_check == "ok" {
        format!("✓ {}", c.t("reviews.check_ok"))
    } else {
        format!("✗ {}", clean(&r.document_check))
    };
    let number = |field, masked: &str| -> Span<'static> {
        match &o.revealed {
            Some(x) if x.field == field => {
                let left = (x.until - v.now).num_seconds().max(0).to_string();
                let shown = c.tf(
                    "reviews.reveal.shown",
                    &[("value", &clean(&x.value)), ("left", &left)],
                );
                Span::styled(shown, t.overdue)
            }
            _ => Span::raw(clean(masked)),
        }
    };
    lines.push(Line::from(vec![
        Span::styled(format!("{} ", c.t("reviews.document")), t.dim),
        Span::raw(format!("{} ", doc_label(c, &sum.document_kind))),
        number(ReviewRevealField::DocumentNumber, &sum.document_number),
        Span::raw(format!(" {check}")),
    ]));
    lines.push(Line::from(vec![
        Span::styled(format!("{} ", c.t("reviews.record")), t.dim),
        Span::raw(format!("{} · ", clean(&r.record.name))),
        number(ReviewRevealField::RecordIdNumber, &r.record.id_number),
        Span::raw(format!(
            " · {}",
            r.record.school.as_deref().map(clean).unwrap_or_default()
        )),
    ]));
    if let Some(p) = &r.current_phone {
        lines.push(kv("reviews.current_phone", clean(p)));
    }
    if let Some(p) = &r.new_phone {
        lines.push(kv("reviews.new_phone", clean(p)));
    }
    let ticket = sum.ticket_id.map_or("—".to_string(), |id| format!("#{id}"));
    lines.push(kv(
        "reviews.ticket",
        format!(
            "{ticket} · {} {}",
            c.t("reviews.opened_by"),
            clean(&sum.opened_by)
        ),
    ));
    lines.push(kv("reviews.col.claim", claim_text(c, v, sum)));
    if let Some(who) = &sum.assigned_to {
        let text = match &r.assigned_by {
            Some(by) => c.tf(
                "reviews.assigned_by",
                &[("who", &clean(who)), ("by", &clean(by))],
            ),
            None => clean(who),
        };
        lines.push(kv("reviews.assigned", text));
    }
    if sum.state == ReviewState::AwaitingSecondApproval || sum.first_approver.is_some() {
        lines.push(Line::from(Span::styled(
            c.tf(
                "reviews.awaiting_second",
                &[(
                    "who",
                    &sum.first_approver.as_deref().map(clean).unwrap_or_default(),
                )],
            ),
            t.due_today,
        )));
    }
    let prior = if r.prior.is_empty() {
        c.t("reviews.none").to_string()
    } else {
        r.prior
            .iter()
            .map(|p| format!("#{} {}", p.id, state_label(c, &p.state)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    lines.push(kv("reviews.prior", prior));
    for sig in &r.signals {
        lines.push(Line::from(Span::styled(
            format!("⚠ {}", signal_text(c, sig)),
            t.overdue,
        )));
    }
    // Earlier decisions with what they said: an escalating reviewer's note must reach
    // whoever decides next.
    for d in &r.decisions {
        lines.push(Line::from(Span::styled(
            format!(
                "· {} {} ({})",
                clean(&d.reviewer),
                c.ts(&format!("reviews.decision.{}", wire_name(&d.decision))),
                reason_label(c, d.reason_code)
            ),
            t.dim,
        )));
        for (key, text) in [
            ("reviews.decision_comment", &d.comment_to_user),
            ("reviews.decision_note", &d.internal_note),
        ] {
            if !text.trim().is_empty() {
                lines.push(Line::from(Span::styled(
                    c.tf(key, &[("text", &clean(text))]),
                    t.dim,
                )));
            }
        }
    }
    if !r.note.is_empty() {
        lines.push(kv("reviews.note", clean(&r.note)));
    }
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|l| {
            let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
            if crate::sanitize::width(&text) > w {
                Line::from(Span::styled(fit(&text, w), l.spans[0].style))
            } else {
                l
            }
        })
        .collect();
    f.render_widget(Paragraph::new(lines), area);
}

/// A reason code's label in the operator's language.
fn reason_label(c: &Catalog, r: ReasonCode) -> &'static str {
    r.label(if c.lang() == crate::config::Language::ZhCn {
        "zh-CN"
    } else {
        "en"
    })
}

fn reason_text(c: &Catalog, r: ReasonCode) -> String {
    let label = reason_label(c, r);
    match r.finality() {
        Finality::Retry => format!("{label} · RETRY"),
        Finality::Final => format!("{label} · FINAL"),
        Finality::None => label.to_string(),
    }
}

fn checklist(f: &mut Frame<'_>, area: Rect, o: &OpenReview, v: &ViewCx<'_>) {
    let (c, t) = (v.c, v.theme);
    let w = usize::from(area.width);
    let mut lines = vec![Line::from(Span::styled(
        c.t("reviews.checklist").to_string(),
        t.header,
    ))];
    for (i, (item, ticked)) in o.review.checklist.iter().zip(&o.ticked).enumerate() {
        let mark = if *ticked { "[x]" } else { "[ ]" };
        let text = format!("{mark} {}", c.ts(&format!("reviews.check.{}", clean(item))));
        let style = if i == o.cursor {
            t.selected
        } else {
            Style::default()
        };
        lines.push(Line::from(Span::styled(fit(&text, w), style)));
    }
    if let Some(why) = &o.refusal {
        lines.push(Line::from(Span::styled(
            format!("✕ {}", clean(why)),
            t.error,
        )));
    }
    if let Some(out) = &o.outcome {
        let sum = &o.review.summary;
        lines.push(Line::from(Span::styled(
            c.tf(
                "reviews.outcome",
                &[
                    (
                        "decision",
                        &c.ts(&format!(
                            "reviews.decision.{}",
                            wire_name(&out.request.decision)
                        )),
                    ),
                    (
                        "state",
                        &if out.review_read {
                            state_label(c, &sum.state)
                        } else {
                            "…".to_string()
                        },
                    ),
                ],
            ),
            t.notice,
        )));
        match &out.account {
            Some(a) => {
                lines.push(Line::from(c.tf(
                    "reviews.outcome_account",
                    &[
                        ("id", &a.summary.id.to_string()),
                        (
                            "verification",
                            &c.ts(&format!(
                                "reviews.verification.{}",
                                wire_name(&a.summary.verification)
                            )),
                        ),
                        (
                            "phone",
                            &a.summary.phone.as_deref().map(clean).unwrap_or_default(),
                        ),
                    ],
                )));
                if let Some(tk) = sum
                    .ticket_id
                    .and_then(|id| a.tickets.iter().find(|x| x.id == id))
                {
                    lines.push(Line::from(c.tf(
                        "reviews.outcome_ticket",
                        &[
                            ("id", &tk.id.to_string()),
                            (
                                "status",
                                &c.ts(&format!("status.{}", wire_name(&tk.status))),
                            ),
                        ],
                    )));
                }
            }
            None => lines.push(Line::from(Span::styled(
                c.t("queue.loading").to_string(),
                t.dim,
            ))),
        }
    }
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// The keys of the decision form's text fields.
const TEXT_HINT: &[Hint<'static>] = &[
    (&[Binding::Confirm], "hint.next"),
    (&[Binding::Cancel], "hint.back"),
];

/// The keys of the decision's last question.
const ASK_HINT: &[Hint<'static>] = &[
    (&[Binding::Yes, Binding::Confirm], "hint.send"),
    (&[Binding::No, Binding::Cancel], "hint.edit"),
];

/// The title of a step of the decision form, naming its keys from the key map.
fn choose(v: &ViewCx<'_>, key: &str) -> String {
    v.keymap.text_with_keys(
        v.c,
        key,
        &[
            ("move", Scope::Modal, &[Binding::Up, Binding::Down]),
            ("confirm", Scope::Modal, &[Binding::Confirm]),
            ("cancel", Scope::Modal, &[Binding::Cancel]),
        ],
        &[],
    )
}

fn form_view(f: &mut Frame<'_>, area: Rect, o: &OpenReview, form: &DecisionForm, v: &ViewCx<'_>) {
    let (c, t) = (v.c, v.theme);
    let w = usize::from(area.width);
    let mut lines: Vec<Line> = Vec::new();
    let title = |text: &str| Line::from(Span::styled(text.to_string(), t.header));
    let dec_label = |d: &crate::api::Decision| c.ts(&format!("reviews.decision.{}", wire_name(d)));
    match form.stage {
        Stage::Decision => {
            lines.push(title(&choose(v, "reviews.form.choose_decision")));
            for (i, d) in DECISIONS.iter().enumerate() {
                let style = if i == form.decision {
                    t.selected
                } else {
                    Style::default()
                };
                lines.push(Line::from(Span::styled(
                    format!(
                        "{} {}",
                        if i == form.decision { "▶" } else { " " },
                        dec_label(d)
                    ),
                    style,
                )));
            }
        }
        Stage::Reason => {
            lines.push(title(&choose(v, "reviews.form.choose_reason")));
            for (i, r) in reasons_for(form.chosen()).into_iter().enumerate() {
                let style = if i == form.reason {
                    t.selected
                } else {
                    Style::default()
                };
                lines.push(Line::from(Span::styled(
                    fit(
                        &format!(
                            "{} {}",
                            if i == form.reason { "▶" } else { " " },
                            reason_text(c, r)
                        ),
                        w,
                    ),
                    style,
                )));
            }
        }
        Stage::Comment | Stage::Note => {
            let (k, input) = if form.stage == Stage::Comment {
                ("reviews.form.comment", &form.comment)
            } else {
                ("reviews.form.note", &form.note)
            };
            lines.push(title(c.t(k)));
            // The text around the cursor, the cursor drawn as a thin bar in it.
            let (shown, at) = input_view(input, w.saturating_sub(3));
            let split = shown
                .char_indices()
                .scan(0, |x, (i, ch)| {
                    let here = (*x, i);
                    *x += crate::sanitize::width(ch.encode_utf8(&mut [0; 4]));
                    Some(here)
                })
                .find(|(x, _)| *x >= at)
                .map_or(shown.len(), |(_, i)| i);
            lines.push(Line::from(Span::styled(
                format!("[{}▏{}]", &shown[..split], &shown[split..]),
                t.header,
            )));
            lines.push(Line::from(Span::styled(
                v.keymap.hint_line(c, &[Scope::Modal], TEXT_HINT, true),
                t.dim,
            )));
        }
        Stage::Confirm | Stage::Sending => {
            lines.push(title(c.t("reviews.form.confirm_title")));
            if !form.changed.is_empty() {
                lines.push(Line::from(Span::styled(
                    c.t("reviews.form.changed").to_string(),
                    t.error,
                )));
                for ch in &form.changed {
                    lines.push(Line::from(format!(" · {ch}")));
                }
            }
            let kv = |k: &str, v: String| {
                Line::from(vec![
                    Span::styled(format!("{} ", c.t(k)), t.dim),
                    Span::raw(v),
                ])
            };
            lines.push(kv(
                "reviews.form.review",
                format!(
                    "#{} {} · {}",
                    o.review.summary.id,
                    kind_label(c, &o.review.summary.kind),
                    clean(&o.review.summary.applicant)
                ),
            ));
            lines.push(kv("reviews.form.decision", dec_label(&form.chosen())));
            if let Some(r) = form.chosen_reason() {
                lines.push(kv(
                    "reviews.form.reason",
                    format!("{} ({})", reason_text(c, r), r.code()),
                ));
            }
            let n = o.ticked.iter().filter(|x| **x).count();
            lines.push(kv(
                "reviews.form.checked",
                format!("{n}/{}", o.ticked.len()),
            ));
            let none = c.t("reviews.none").to_string();
            let shown = |i: &tui_input::Input| {
                let x = clean(i.value().trim());
                if x.is_empty() {
                    none.clone()
                } else {
                    x
                }
            };
            lines.push(kv("reviews.form.comment_short", shown(&form.comment)));
            lines.push(kv("reviews.form.note_short", shown(&form.note)));
            if o.review.summary.kind.needs_two_approvals()
                && form.chosen() == crate::api::Decision::Approve
            {
                let key = if o.review.summary.first_approver.is_some() {
                    "reviews.form.second_approval"
                } else {
                    "reviews.form.first_approval"
                };
                lines.push(Line::from(Span::styled(c.t(key).to_string(), t.due_today)));
            }
            let ask = if form.stage == Stage::Sending {
                c.ts("reviews.form.sending")
            } else {
                v.keymap.hint_line(c, &[Scope::Modal], ASK_HINT, false)
            };
            lines.push(Line::from(Span::styled(ask, t.key)));
        }
    }
    if let Some(p) = &form.problem {
        lines.push(Line::from(Span::styled(format!("✕ {}", clean(p)), t.error)));
    }
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}
