//! The wrap-up form as plain data: the code (by its catalog label), the summary and, for
//! a call-back, when to call back. Which codes need a summary, and reading the call-back
//! time, are pure rules tested here.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use tui_input::Input;

/// Wrap-up codes offered at hang-up (shown by their `wrapup.<code>` labels).
pub const WRAP_UP_CODES: [&str; 6] = [
    "resolved",
    "info_given",
    "callback",
    "escalated",
    "wrong_number",
    "dropped",
];

/// The code that schedules a call-back.
pub const CALLBACK: &str = "callback";

/// Whether a code needs a typed summary: what was said (info given), why it went up
/// (escalated) or what to call back about (call-back) must be on the ticket; a resolved,
/// wrong-number or dropped call may go with the code alone.
pub fn needs_summary(code: &str) -> bool {
    matches!(code, "info_given" | "callback" | "escalated")
}

/// Which part of the form has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Picking the code (j/k, Enter).
    Code,
    /// Typing the summary (Ctrl-S goes on).
    Summary,
    /// Picking when to call back (call-back only).
    Due,
}

/// When to call back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueChoice {
    /// Two hours from now.
    InTwoHours,
    /// Tomorrow at 09:00 (China time).
    TomorrowMorning,
    /// A time the agent types.
    Typed,
}

impl DueChoice {
    /// Every choice, in the order shown.
    pub const ALL: [DueChoice; 3] = [
        DueChoice::InTwoHours,
        DueChoice::TomorrowMorning,
        DueChoice::Typed,
    ];

    /// Catalog key of its label.
    pub fn label_key(self) -> &'static str {
        match self {
            DueChoice::InTwoHours => "wrapup.due.in_two_hours",
            DueChoice::TomorrowMorning => "wrapup.due.tomorrow_morning",
            DueChoice::Typed => "wrapup.due.typed",
        }
    }
}

/// A typed call-back time that cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueProblem {
    /// Neither `HH:MM` nor `YYYY-MM-DD HH:MM`.
    Unreadable,
    /// Already past.
    Past,
}

impl DueProblem {
    /// Catalog key of the message.
    pub fn key(self) -> &'static str {
        match self {
            DueProblem::Unreadable => "wrapup.due.unreadable",
            DueProblem::Past => "wrapup.due.past",
        }
    }
}

/// The wrap-up form.
#[derive(Debug, Clone)]
pub struct WrapUpForm {
    /// Part with the keys.
    pub step: Step,
    /// Highlighted code (index into [`WRAP_UP_CODES`]).
    pub code: usize,
    /// Highlighted call-back choice (index into [`DueChoice::ALL`]).
    pub due: usize,
    /// Call-back time as typed.
    pub due_typed: Input,
}

impl Default for WrapUpForm {
    fn default() -> Self {
        WrapUpForm {
            step: Step::Code,
            code: 0,
            due: 0,
            due_typed: Input::default(),
        }
    }
}

impl WrapUpForm {
    /// The code highlighted.
    pub fn code(&self) -> &'static str {
        WRAP_UP_CODES[self.code.min(WRAP_UP_CODES.len() - 1)]
    }

    /// The form for a call whose code was already chosen (a restored call).
    pub fn with_code(code: &str) -> WrapUpForm {
        WrapUpForm {
            code: WRAP_UP_CODES.iter().position(|c| *c == code).unwrap_or(0),
            ..WrapUpForm::default()
        }
    }

    /// The call-back choice highlighted.
    pub fn due_choice(&self) -> DueChoice {
        DueChoice::ALL[self.due.min(DueChoice::ALL.len() - 1)]
    }
}

/// When to call back, for a choice (and the typed text for [`DueChoice::Typed`]): a time
/// typed as `HH:MM` is today's (China time), `YYYY-MM-DD HH:MM` any day; it must be ahead.
pub fn due_at(
    choice: DueChoice,
    typed: &str,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, DueProblem> {
    // The desk's clock is China time (UTC+8, no summer time).
    let local_now = crate::tui::cells::china_time(now);
    let tz = *local_now.offset();
    let at = match choice {
        DueChoice::InTwoHours => return Ok(now + Duration::hours(2)),
        DueChoice::TomorrowMorning => {
            let day: NaiveDate = local_now.date_naive() + Duration::days(1);
            day.and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default())
        }
        DueChoice::Typed => {
            let t = typed.trim().replace('：', ":");
            if let Ok(time) = NaiveTime::parse_from_str(&t, "%H:%M") {
                local_now.date_naive().and_time(time)
            } else {
                NaiveDateTime::parse_from_str(&t, "%Y-%m-%d %H:%M")
                    .map_err(|_| DueProblem::Unreadable)?
            }
        }
    };
    let at = tz
        .from_local_datetime(&at)
        .single()
        .ok_or(DueProblem::Unreadable)?
        .with_timezone(&Utc);
    if at <= now {
        return Err(DueProblem::Past);
    }
    Ok(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn codes_that_need_a_summary() {
        let needing: Vec<&str> = WRAP_UP_CODES
            .into_iter()
            .filter(|c| needs_summary(c))
            .collect();
        assert_eq!(needing, vec!["info_given", "callback", "escalated"]);
    }

    #[test]
    fn call_back_times_are_read_in_china_time_and_must_be_ahead() {
        // 14:00 in Beijing.
        let now = at("2026-03-02T06:00:00Z");
        assert_eq!(
            due_at(DueChoice::InTwoHours, "", now),
            Ok(at("2026-03-02T08:00:00Z"))
        );
        assert_eq!(
            due_at(DueChoice::TomorrowMorning, "", now),
            Ok(at("2026-03-03T01:00:00Z"))
        );
        assert_eq!(
            due_at(DueChoice::Typed, "16:30", now),
            Ok(at("2026-03-02T08:30:00Z"))
        );
        assert_eq!(
            due_at(DueChoice::Typed, "16：30", now),
            Ok(at("2026-03-02T08:30:00Z")),
            "a full-width colon typed with a Chinese IME"
        );
        assert_eq!(
            due_at(DueChoice::Typed, "2026-03-05 10:00", now),
            Ok(at("2026-03-05T02:00:00Z"))
        );
        assert_eq!(
            due_at(DueChoice::Typed, "09:00", now),
            Err(DueProblem::Past)
        );
        assert_eq!(
            due_at(DueChoice::Typed, "明天", now),
            Err(DueProblem::Unreadable)
        );
    }

    #[test]
    fn a_restored_code_is_highlighted_again() {
        assert_eq!(WrapUpForm::with_code("callback").code(), "callback");
        assert_eq!(WrapUpForm::with_code("nonsense").code(), "resolved");
    }
}
