//! The forms the team pane opens over the desk: assignment (operator and reason), the
//! agent's escalation note, and the filters of the board and the audit browser. Pure key
//! handling; what a finished form sends is decided in `update.rs`.

use tui_input::Input;

use crate::api::ItemKind;
use crate::client::IdempotencyKey;
use crate::config::{Binding, KeyChord};
use crate::tui::editor::{handle_input, TextArea};
use crate::tui::keymap::in_text;

/// A form open over the desk.
#[derive(Debug, Clone)]
pub enum Form {
    /// Assign a ticket or review to an operator.
    Assign(AssignForm),
    /// Hand a ticket to the supervisors with a note.
    Escalate(EscalateForm),
    /// The board's or the audit browser's filters.
    Filter(FilterForm),
}

/// Assign an item: to whom and why.
#[derive(Debug, Clone)]
pub struct AssignForm {
    /// Ticket or review.
    pub kind: ItemKind,
    /// Its id.
    pub id: i64,
    /// Its title as shown where it was picked (untrusted; drawn through sanitize).
    pub title: String,
    /// Operator id.
    pub operator: Input,
    /// Why (required, audited).
    pub reason: Input,
    /// Focus on the reason.
    pub on_reason: bool,
    /// Operators with the role the item needs (↑/↓ on the operator field steps through).
    pub choices: Vec<String>,
    /// Key of this assignment (kept while the form is open).
    pub key: IdempotencyKey,
    /// Sent, waiting for the answer.
    pub busy: bool,
    /// Why the last attempt was refused.
    pub error: Option<String>,
}

impl AssignForm {
    /// A form for `kind` `id`, the operator field pre-filled (a take-over names oneself).
    pub fn new(
        kind: ItemKind,
        id: i64,
        title: String,
        operator: &str,
        choices: Vec<String>,
    ) -> Self {
        AssignForm {
            kind,
            id,
            title,
            on_reason: !operator.is_empty(),
            operator: Input::new(operator.to_string()),
            reason: Input::default(),
            choices,
            key: IdempotencyKey::new(),
            busy: false,
            error: None,
        }
    }
}

/// An agent's note for the supervisors.
#[derive(Debug, Clone)]
pub struct EscalateForm {
    /// The ticket.
    pub ticket: i64,
    /// Its subject (untrusted).
    pub subject: String,
    /// The note.
    pub note: TextArea,
    /// Key.
    pub key: IdempotencyKey,
    /// Sent, waiting for the answer.
    pub busy: bool,
    /// Why the last attempt was refused.
    pub error: Option<String>,
}

/// Which list a filter form filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterFor {
    /// The board: one text matched against operator id, name and roles.
    Board,
    /// The audit browser: operator, action, target, since, until.
    Audit,
}

/// Filter fields.
#[derive(Debug, Clone)]
pub struct FilterForm {
    /// Which list.
    pub purpose: FilterFor,
    /// The fields, in order (labels from `team.filter.<name>`).
    pub fields: Vec<(&'static str, Input)>,
    /// Focused field.
    pub focus: usize,
    /// Why the values were refused (a time that does not parse).
    pub error: Option<String>,
}

/// What a key did to a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormOutcome {
    /// Still open (typed, moved).
    Open,
    /// Closed without sending.
    Cancelled,
    /// The operator asks to send it.
    Submit,
}

/// A key on the assignment form.
pub fn assign_key(f: &mut AssignForm, k: &KeyChord, b: Option<Binding>) -> FormOutcome {
    if f.busy {
        return FormOutcome::Open;
    }
    match in_text(b, k) {
        Some(Binding::Cancel) => return FormOutcome::Cancelled,
        Some(Binding::NextField | Binding::PrevField) => f.on_reason = !f.on_reason,
        Some(Binding::Confirm) if !f.on_reason => f.on_reason = true,
        Some(Binding::Confirm) => return FormOutcome::Submit,
        Some(b @ (Binding::Up | Binding::Down)) if !f.on_reason && !f.choices.is_empty() => {
            let n = f.choices.len();
            let at = f.choices.iter().position(|c| c == f.operator.value());
            let next = match (at, b == Binding::Down) {
                (None, true) => 0,
                (None, false) => n - 1,
                (Some(i), true) => (i + 1) % n,
                (Some(i), false) => (i + n - 1) % n,
            };
            f.operator = Input::new(f.choices[next].clone());
        }
        _ => {
            let input = if f.on_reason {
                &mut f.reason
            } else {
                &mut f.operator
            };
            handle_input(input, k);
        }
    }
    f.error = None;
    FormOutcome::Open
}

/// A key on the escalation note (Editor keys: send, close, discard; the rest is text).
pub fn escalate_key(
    f: &mut EscalateForm,
    k: &KeyChord,
    b: Option<Binding>,
    cols: usize,
) -> FormOutcome {
    if f.busy {
        return FormOutcome::Open;
    }
    match b {
        Some(Binding::Send) => return FormOutcome::Submit,
        Some(Binding::Close | Binding::Cancel) if f.note.is_blank() => {
            return FormOutcome::Cancelled
        }
        Some(Binding::Discard) => return FormOutcome::Cancelled,
        // Esc over a typed note does not throw it away (Ctrl-X does).
        Some(Binding::Close | Binding::Cancel) => {}
        _ => {
            f.note.handle(k, cols);
        }
    }
    f.error = None;
    FormOutcome::Open
}

/// A key on a filter form.
pub fn filter_key(f: &mut FilterForm, k: &KeyChord, b: Option<Binding>) -> FormOutcome {
    let n = f.fields.len();
    match in_text(b, k) {
        Some(Binding::Cancel) => return FormOutcome::Cancelled,
        Some(Binding::Confirm) => return FormOutcome::Submit,
        Some(Binding::NextField | Binding::Down) => f.focus = (f.focus + 1) % n,
        Some(Binding::PrevField | Binding::Up) => f.focus = (f.focus + n - 1) % n,
        _ => {
            if let Some((_, input)) = f.fields.get_mut(f.focus) {
                handle_input(input, k);
            }
        }
    }
    f.error = None;
    FormOutcome::Open
}

/// A value of a filter form, trimmed.
pub fn field(f: &FilterForm, name: &str) -> String {
    f.fields
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, i)| i.value().trim().to_string())
        .unwrap_or_default()
}
