//! Drawing the reviews pane: the queue, the review with its images, the checklist, the
//! decision form and what a decision did.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;
use ratatui_image::Image;

use super::state::{reasons_for, DecisionForm, OpenReview, Stage, DECISIONS};
use super::update::{count_of, counted_states};
use crate::api::{ReviewState, ReviewSummary};
use crate::client::ReviewImage;
use crate::config::Binding;
use crate::domain::calendar::WorkCalendar;
use crate::domain::reason::{Finality, ReasonCode};
use crate::sanitize::{clean, fit, pad};
use crate::tui::locale::{wire_name, Catalog};
use crate::tui::state::State;
use crate::tui::theme::Theme;

/// The main area for a terminal size (below title and tabs, above the status line).
fn main_area(size: (u16, u16)) -> Rect {
    Rect::new(0, 2, size.0, size.1.saturating_sub(3))
}

/// Split of the review screen: (document box, selfie box, lower area); a zoomed image takes
/// the whole area.
fn split(main: Rect, zoom: Option<ReviewImage>) -> (Rect, Rect, Rect) {
    if let Some(z) = zoom {
        let empty = Rect::new(main.x, main.y, 0, 0);
        return match z {
            ReviewImage::Document => (main, empty, empty),
            ReviewImage::Selfie => (empty, main, empty),
        };
    }
    let h = (main.height * 2 / 5).max(6);
    let rows = Layout::vertical([Constraint::Length(h), Constraint::Min(0)]).split(main);
    let cols =
        Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).split(rows[0]);
    (cols[0], cols[1], rows[1])
}

fn inner(r: Rect) -> Rect {
    Block::default().borders(Borders::ALL).inner(r)
}

/// Cells (columns, rows) an image gets at this terminal size (used to encode it).
pub fn image_cells(size: (u16, u16), zoom: Option<ReviewImage>, which: ReviewImage) -> (u16, u16) {
    let (doc, selfie, _) = split(main_area(size), zoom);
    let r = inner(match which {
        ReviewImage::Document => doc,
        ReviewImage::Selfie => selfie,
    });
    (r.width, r.height)
}

fn kind_label(c: &Catalog, k: &impl serde::Serialize) -> String {
    c.ts(&format!("reviews.kind.{}", wire_name(k)))
}

fn state_label(c: &Catalog, st: &ReviewState) -> String {
    c.ts(&format!("reviews.state.{}", wire_name(st)))
}

fn doc_label(c: &Catalog, d: &impl serde::Serialize) -> String {
    c.ts(&format!("reviews.doc.{}", wire_name(d)))
}

/// SLA: working days left (or late), `~` when computed on weekdays only.
fn due_text(c: &Catalog, s: &State, r: &ReviewSummary) -> (String, Option<bool>) {
    if r.state.is_final() {
        return ("—".to_string(), None);
    }
    let (n, approx) = WorkCalendar::builtin().working_days_between(s.today, r.due_on);
    let tilde = if approx || r.due_approximate { "~" } else { "" };
    if n < 0 {
        let text = c.tf("due.overdue", &[("n", &(-n).to_string())]);
        (format!("{tilde}{text}"), Some(true))
    } else if n == 0 {
        (format!("{tilde}{}", c.t("due.today")), Some(false))
    } else {
        (
            format!("{tilde}{}", c.tf("due.days", &[("n", &n.to_string())])),
            None,
        )
    }
}

/// Claim holder with minutes left, visible to everyone.
fn claim_text(c: &Catalog, s: &State, r: &ReviewSummary) -> String {
    match (&r.claimed_by, r.claim_expires_at) {
        (Some(who), Some(until)) if until > s.now => {
            let min = (until - s.now).num_minutes().max(1);
            c.tf(
                "reviews.claim_left",
                &[("who", &clean(who)), ("min", &min.to_string())],
            )
        }
        (Some(who), _) => c.tf("reviews.claim_lapsed", &[("who", &clean(who))]),
        (None, _) => c.t("queue.unassigned").to_string(),
    }
}

/// Draw the pane.
pub fn render(f: &mut Frame<'_>, area: Rect, s: &State, c: &Catalog, t: &Theme) {
    match &s.reviews.open {
        Some(o) => review(f, area, s, o, c, t),
        None => queue(f, area, s, c, t),
    }
}

fn queue(f: &mut Frame<'_>, area: Rect, s: &State, c: &Catalog, t: &Theme) {
    let r = &s.reviews;
    let rows = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .split(area);
    // Counts per state.
    let mut spans = Vec::new();
    for st in counted_states() {
        let n = count_of(r, st).map_or("…".to_string(), |n| n.to_string());
        spans.push(Span::raw(format!(" {} ", state_label(c, &st))));
        spans.push(Span::styled(n, t.header));
        spans.push(Span::styled(" ·", t.dim));
    }
    spans.pop();
    f.render_widget(Paragraph::new(Line::from(spans)), rows[0]);
    // Filters.
    let all = c.t("reviews.all").to_string();
    let filt = c.tf(
        "reviews.filters",
        &[
            (
                "kind",
                &r.filter.kind.map_or(all.clone(), |k| kind_label(c, &k)),
            ),
            (
                "state",
                &r.filter
                    .state
                    .map_or(c.t("reviews.open_work").to_string(), |x| state_label(c, &x)),
            ),
            (
                "doc",
                &r.filter.document.map_or(all.clone(), |d| doc_label(c, &d)),
            ),
            ("total", &r.total.to_string()),
        ],
    );
    f.render_widget(
        Paragraph::new(fit(&format!(" {filt}"), usize::from(area.width))).style(t.dim),
        rows[1],
    );
    // Columns: id, kind, state, applicant, document, claim, due.
    let total = usize::from(area.width).saturating_sub(1);
    // Wide terminals give the applicant and the claim holder room to be read whole.
    let (who_w, claim_w) = if total >= 110 { (12, 20) } else { (8, 16) };
    let fixed = 6 + 10 + 12 + who_w + claim_w + 8;
    let doc_w = total.saturating_sub(fixed + 6).max(8);
    let w = [6, 10, 12, who_w, doc_w, claim_w, 8];
    let heads = [
        "reviews.col.id",
        "reviews.col.kind",
        "reviews.col.state",
        "reviews.col.applicant",
        "reviews.col.document",
        "reviews.col.claim",
        "reviews.col.due",
    ];
    let head: Vec<String> = heads.iter().zip(w).map(|(h, w)| pad(c.t(h), w)).collect();
    f.render_widget(
        Paragraph::new(format!(" {}", head.join(" "))).style(t.header),
        rows[2],
    );
    let list = rows[3];
    if r.rows.is_empty() {
        let msg = if r.pending.is_some() {
            c.t("queue.loading")
        } else {
            c.t("reviews.empty")
        };
        f.render_widget(Paragraph::new(format!(" {msg}")).style(t.dim), list);
        return;
    }
    let height = usize::from(list.height);
    let first = r.selected.saturating_sub(height.saturating_sub(1));
    let mut lines = Vec::new();
    for (i, row) in r.rows.iter().enumerate().skip(first).take(height) {
        let (due, late) = due_text(c, s, row);
        let doc = format!(
            "{} {}",
            doc_label(c, &row.document_kind),
            clean(&row.document_number)
        );
        let cells = [
            format!("#{}", row.id),
            kind_label(c, &row.kind),
            state_label(c, &row.state),
            clean(&row.applicant),
            doc,
            claim_text(c, s, row),
            due,
        ];
        let text: Vec<String> = cells.iter().zip(w).map(|(x, w)| pad(x, w)).collect();
        let style = if i == r.selected {
            t.selected
        } else {
            match late {
                Some(true) => t.overdue,
                Some(false) => t.due_today,
                None => Style::default(),
            }
        };
        let marker = if i == r.selected { "▶" } else { " " };
        lines.push(Line::from(Span::styled(
            format!("{marker}{}", text.join(" ")),
            style,
        )));
    }
    f.render_widget(Paragraph::new(lines), list);
}

fn image_box(
    f: &mut Frame<'_>,
    area: Rect,
    s: &State,
    o: &OpenReview,
    which: ReviewImage,
    c: &Catalog,
    t: &Theme,
) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let title = match which {
        ReviewImage::Document => c.t("reviews.image.document"),
        ReviewImage::Selfie => c.t("reviews.image.selfie"),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border)
        .title(format!(" {title} "));
    let inside = block.inner(area);
    f.render_widget(block, area);
    let g = s.reviews.graphics;
    let slot = o.slot(which);
    let msg = if !g.shows_images() {
        Some(c.tf("reviews.no_images", &[("why", c.t(g.label_key()))]))
    } else if let Some(e) = &slot.error {
        Some(e.clone())
    } else {
        match &slot.encoded {
            Some((img, _)) => {
                let p = &img.0;
                if p.needs_placeholder(inside).is_some() && g.leaves_pixels() {
                    Some("…".to_string())
                } else {
                    f.render_widget(Image::new(p).allow_clipping(true), inside);
                    None
                }
            }
            None => Some(c.t("queue.loading").to_string()),
        }
    };
    if let Some(m) = msg {
        f.render_widget(
            Paragraph::new(m).style(t.dim).wrap(Wrap { trim: true }),
            inside,
        );
    }
}

fn review(f: &mut Frame<'_>, area: Rect, s: &State, o: &OpenReview, c: &Catalog, t: &Theme) {
    let (doc, selfie, lower) = split(area, o.zoom);
    image_box(f, doc, s, o, ReviewImage::Document, c, t);
    image_box(f, selfie, s, o, ReviewImage::Selfie, c, t);
    if o.zoom.is_some() {
        return;
    }
    let cols =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).split(lower);
    info(f, cols[0], s, o, c, t);
    let side = Block::default()
        .borders(Borders::LEFT)
        .border_style(t.border);
    let side_in = side.inner(cols[1]);
    f.render_widget(side, cols[1]);
    match &o.form {
        Some(form) => form_view(f, side_in, s, o, form, c, t),
        None => checklist(f, side_in, s, o, c, t),
    }
}

fn info(f: &mut Frame<'_>, area: Rect, s: &State, o: &OpenReview, c: &Catalog, t: &Theme) {
    let r = &o.review;
    let sum = &r.summary;
    let w = usize::from(area.width);
    let mut lines: Vec<Line> = Vec::new();
    let (due, late) = due_text(c, s, sum);
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
    lines.push(kv(
        "reviews.document",
        format!(
            "{} {} {check}",
            doc_label(c, &sum.document_kind),
            clean(&sum.document_number)
        ),
    ));
    lines.push(kv(
        "reviews.record",
        format!(
            "{} · {} · {}",
            clean(&r.record.name),
            clean(&r.record.id_number),
            r.record.school.as_deref().map(clean).unwrap_or_default()
        ),
    ));
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
    lines.push(kv("reviews.col.claim", claim_text(c, s, sum)));
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
            format!("⚠ {}", clean(sig)),
            t.overdue,
        )));
    }
    for d in &r.decisions {
        lines.push(Line::from(Span::styled(
            format!(
                "· {} {} ({})",
                clean(&d.reviewer),
                c.ts(&format!("reviews.decision.{}", wire_name(&d.decision))),
                d.reason_code.code()
            ),
            t.dim,
        )));
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

fn reason_text(c: &Catalog, r: ReasonCode) -> String {
    let label = r.label(if c.lang() == crate::config::Language::ZhCn {
        "zh-CN"
    } else {
        "en"
    });
    match r.finality() {
        Finality::Retry => format!("{label} · RETRY"),
        Finality::Final => format!("{label} · FINAL"),
        Finality::None => label.to_string(),
    }
}

fn checklist(f: &mut Frame<'_>, area: Rect, s: &State, o: &OpenReview, c: &Catalog, t: &Theme) {
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
    if let Some(r) = &o.refusal {
        lines.push(Line::from(Span::styled(format!("✕ {}", clean(r)), t.error)));
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
                    ("state", &state_label(c, &sum.state)),
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
    lines.push(Line::from(Span::styled(
        format!(
            "{} {}",
            s.reviews.graphics_note(c),
            s.keymap.keys_label(Binding::ReviewZoom)
        ),
        t.dim,
    )));
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

fn form_view(
    f: &mut Frame<'_>,
    area: Rect,
    _s: &State,
    o: &OpenReview,
    form: &DecisionForm,
    c: &Catalog,
    t: &Theme,
) {
    let w = usize::from(area.width);
    let mut lines: Vec<Line> = Vec::new();
    let title = |k: &str| Line::from(Span::styled(c.t(k).to_string(), t.header));
    let dec_label = |d: &crate::api::Decision| c.ts(&format!("reviews.decision.{}", wire_name(d)));
    match form.stage {
        Stage::Decision => {
            lines.push(title("reviews.form.choose_decision"));
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
            lines.push(title("reviews.form.choose_reason"));
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
            lines.push(title(k));
            lines.push(Line::from(Span::styled(
                format!("[{}▏]", clean(input.value())),
                t.header,
            )));
            lines.push(Line::from(Span::styled(
                c.t("reviews.form.text_hint").to_string(),
                t.dim,
            )));
        }
        Stage::Confirm | Stage::Sending => {
            lines.push(title("reviews.form.confirm_title"));
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
            let v = |i: &tui_input::Input| {
                let x = clean(i.value().trim());
                if x.is_empty() {
                    none.clone()
                } else {
                    x
                }
            };
            lines.push(kv("reviews.form.comment_short", v(&form.comment)));
            lines.push(kv("reviews.form.note_short", v(&form.note)));
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
                c.t("reviews.form.sending")
            } else {
                c.t("reviews.form.ask")
            };
            lines.push(Line::from(Span::styled(ask.to_string(), t.key)));
        }
    }
    if let Some(p) = &form.problem {
        lines.push(Line::from(Span::styled(format!("✕ {}", clean(p)), t.error)));
    }
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// The keys that apply now in the pane (from the keymap).
pub fn hints(s: &State) -> Vec<Binding> {
    match &s.reviews.open {
        Some(o) if o.form.is_some() => vec![],
        Some(_) => vec![
            Binding::Back,
            Binding::Claim,
            Binding::ReviewTick,
            Binding::ReviewDecide,
            Binding::ReviewZoom,
            Binding::Help,
        ],
        None => vec![
            Binding::Open,
            Binding::ReviewFilterKind,
            Binding::ReviewFilterState,
            Binding::ReviewFilterDocument,
            Binding::Refresh,
            Binding::Help,
        ],
    }
}

impl crate::tui::panes::reviews::state::ReviewsState {
    /// One line on how images are shown here.
    pub fn graphics_note(&self, c: &Catalog) -> String {
        c.tf(
            "reviews.graphics_note",
            &[("how", c.t(self.graphics.label_key()))],
        )
    }
}
