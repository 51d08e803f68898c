//! The forms over the card: which field, the reason, phone rebind, identity claim, the
//! category of a new ticket.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use super::state::{ClaimForm, Menu, Modal, ReasonFor, ReasonForm, RebindForm, REVEAL_FIELDS};
use super::update::linked_ticket;
use super::view::Scene;
use crate::api::Category;
use crate::client::AccountAction;
use crate::config::{Binding, Scope};
use crate::domain::phone;
use crate::sanitize::{clean, fit, pad};
use crate::tui::cells::centered;
use crate::tui::keymap::{Hint, PICK_HINT};
use crate::tui::locale::{label, Catalog};
use crate::tui::reason::{input_box, reason_choices, REASON_HINT};
use crate::tui::theme::Theme;

/// The review request forms' keys.
const FORM_HINT: &[Hint<'static>] = &[
    (&[Binding::NextField], "hint.next_field"),
    (&[Binding::Toggle], "hint.tick"),
    (&[Binding::Confirm], "hint.open_review"),
    (&[Binding::Cancel], "hint.cancel"),
];

/// Draw the open form over the pane.
pub(super) fn modal(f: &mut Frame<'_>, area: Rect, s: &Scene, m: &Modal, c: &Catalog, t: &Theme) {
    if let Modal::Attach(a) = m {
        return super::attach_view::draw(f, area, s, a, c, t);
    }
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
    let pick_hint = s.keymap.hint_line(c, &[Scope::Modal], PICK_HINT, false);
    let form_hint = s.keymap.hint_line(c, &[Scope::Modal], FORM_HINT, false);
    let (title, hint) = match m {
        Modal::Field(Menu { selected }) => {
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
            (c.ts("lookup.modal.reveal_field"), pick_hint)
        }
        Modal::Reason(ReasonForm {
            purpose,
            selected,
            text,
            stale,
        }) => {
            for st in stale {
                lines.push(Line::styled(format!("· {st}"), t.error));
            }
            if !stale.is_empty() {
                let ask = s.keymap.text_with_keys(
                    c,
                    "lookup.ask_again",
                    &[
                        ("yes", Scope::Modal, &[Binding::Confirm]),
                        ("no", Scope::Modal, &[Binding::Cancel]),
                    ],
                    &[],
                );
                lines.push(Line::styled(ask, t.key));
            }
            reason_choices(&mut lines, *purpose, *selected, text, 40, c, t);
            let title = match purpose {
                ReasonFor::Reveal(fld) => c.tf(
                    "lookup.modal.reveal",
                    &[("field", &label(c, "lookup.field", fld))],
                ),
                ReasonFor::Act(AccountAction::Unlock) => c.ts("lookup.modal.unlock"),
                ReasonFor::Act(AccountAction::Freeze) => c.ts("lookup.modal.freeze"),
                ReasonFor::Act(AccountAction::Unfreeze) => c.ts("lookup.modal.unfreeze"),
            };
            let keys = s.keymap.hint_line(c, &[Scope::Modal], REASON_HINT, true);
            (title, format!("{} · {keys}", c.t("lookup.modal.type_own")))
        }
        Modal::Rebind(RebindForm {
            number,
            scan_received,
            note,
            focus,
            ..
        }) => {
            lines.push(Line::from(vec![
                Span::raw(pad(c.t("lookup.rebind.number"), 14)),
                input_box(number, 24, *focus == 0, t),
            ]));
            let check = match phone::normalize_mobile(number.value()) {
                _ if number.value().trim().is_empty() => Line::raw(""),
                Ok(n) => Line::styled(format!("  ✓ {n}"), t.notice),
                Err(e) => Line::styled(
                    format!("  ✕ {}", crate::tui::locale::phone_problem(c, &e)),
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
                input_box(note, 36, *focus == 2, t),
            ]));
            lines.push(ticket_link(s, c, t));
            (c.ts("lookup.modal.rebind"), form_hint.clone())
        }
        Modal::Claim(ClaimForm {
            account,
            received,
            note,
            focus,
            ..
        }) => {
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
                input_box(note, 36, *focus == 1, t),
            ]));
            lines.push(ticket_link(s, c, t));
            (c.ts("lookup.modal.claim"), form_hint.clone())
        }
        Modal::NewTicket(Menu { selected }) => {
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
            (c.ts("lookup.modal.new_ticket"), pick_hint)
        }
        Modal::Attach(_) => return,
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
    crate::tui::cells::clear_box(f, r);
    f.render_widget(Paragraph::new(lines).block(block), r);
}

fn ticket_link(s: &Scene, c: &Catalog, t: &Theme) -> Line<'static> {
    match linked_ticket(s.lookup, s.call) {
        Some(id) => Line::styled(
            c.tf("lookup.linked_ticket", &[("id", &id.to_string())]),
            t.key,
        ),
        None => Line::styled(c.ts("lookup.no_linked_ticket"), t.dim),
    }
}
