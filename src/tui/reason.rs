//! The reason asked before a reveal or an account action (the lookup pane's card, a
//! review's numbers): its presets, the own reason typed instead, its keys and its lines.

use ratatui::text::{Line, Span};
use tui_input::Input;

use crate::api::RevealField;
use crate::client::AccountAction;
use crate::config::{Binding, KeyChord};
use crate::sanitize::pad;
use crate::tui::editor::{handle_input, input_view};
use crate::tui::keymap::Hint;
use crate::tui::locale::Catalog;
use crate::tui::theme::Theme;

/// How long a revealed value stays on screen.
pub const REVEAL_SECS: i64 = 30;

/// What a reason is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReasonFor {
    /// Reveal a field.
    Reveal(RevealField),
    /// Unlock, freeze, unfreeze.
    Act(AccountAction),
}

impl ReasonFor {
    /// Catalog keys of the preset reasons.
    pub fn presets(self) -> &'static [&'static str] {
        match self {
            ReasonFor::Reveal(_) => &[
                "lookup.reason.reveal_confirm",
                "lookup.reason.reveal_compare",
                "lookup.reason.reveal_review",
            ],
            ReasonFor::Act(AccountAction::Unlock) => &[
                "lookup.reason.unlock_verified",
                "lookup.reason.unlock_urgent",
            ],
            ReasonFor::Act(AccountAction::Freeze) => &[
                "lookup.reason.freeze_trading",
                "lookup.reason.freeze_stolen",
            ],
            ReasonFor::Act(AccountAction::Unfreeze) => &[
                "lookup.reason.unfreeze_cleared",
                "lookup.reason.unfreeze_owner",
            ],
        }
    }
}

/// Confirm with a reason (pick a preset or type one).
#[derive(Debug, Clone)]
pub struct ReasonForm {
    /// What for.
    pub purpose: ReasonFor,
    /// Highlighted preset.
    pub selected: usize,
    /// A typed reason (wins over the preset when not blank).
    pub text: Input,
    /// Why it is asked again (the account changed meanwhile).
    pub stale: Vec<String>,
}

impl ReasonForm {
    /// A fresh form for `purpose`.
    pub fn new(purpose: ReasonFor) -> Self {
        ReasonForm {
            purpose,
            selected: 0,
            text: Input::default(),
            stale: Vec::new(),
        }
    }
}

/// A key on a reason form (the lookup's card, a review's reveal): moves among the presets, types
/// the own reason, and on Enter gives the reason (the typed one wins when not blank).
pub fn edit_reason(
    m: &mut ReasonForm,
    c: &Catalog,
    k: KeyChord,
    b: Option<Binding>,
) -> Option<String> {
    let presets = m.purpose.presets();
    let last = presets.len().saturating_sub(1);
    match b {
        Some(Binding::Up) => m.selected = m.selected.saturating_sub(1),
        Some(Binding::Down) => m.selected = (m.selected + 1).min(last),
        Some(Binding::Confirm) => {
            let typed = m.text.value().trim().to_string();
            return Some(if typed.is_empty() {
                c.ts(presets[m.selected.min(last)])
            } else {
                typed
            });
        }
        _ => {
            handle_input(&mut m.text, &k);
        }
    }
    None
}

/// The reason form's keys (its text field takes the printable ones).
pub const REASON_HINT: &[Hint<'static>] = &[
    (&[Binding::Up, Binding::Down], "hint.pick"),
    (&[Binding::Confirm], "hint.confirm"),
    (&[Binding::Cancel], "hint.cancel"),
];

/// A text field in brackets, `w` cells wide.
pub fn input_box(value: &Input, w: usize, focused: bool, t: &Theme) -> Span<'static> {
    let (shown, _) = input_view(value, w.saturating_sub(1));
    Span::styled(
        format!("[{}]", pad(&shown, w)),
        if focused { t.selected } else { t.tab },
    )
}

/// The reason's presets and the own reason's field (the lookup's card, a review's reveal), with
/// the field `w` cells wide.
pub fn reason_choices(
    lines: &mut Vec<Line<'static>>,
    purpose: ReasonFor,
    selected: usize,
    text: &Input,
    w: usize,
    c: &Catalog,
    t: &Theme,
) {
    lines.push(Line::styled(c.ts("lookup.modal.reason"), t.header));
    let typed = !text.value().trim().is_empty();
    for (i, key) in purpose.presets().iter().enumerate() {
        let on = i == selected && !typed;
        let line = format!("{} {}", if on { "▶" } else { " " }, c.t(key));
        lines.push(if on {
            Line::styled(line, t.selected)
        } else {
            Line::raw(line)
        });
    }
    lines.push(Line::from(vec![
        Span::raw(format!("{} ", c.t("lookup.modal.own_reason"))),
        input_box(text, w, true, t),
    ]));
}
