//! Service-level deadlines in working days, on mainland China's calendar (UTC+8).

use chrono::{DateTime, FixedOffset, NaiveDate, Offset, Utc};

use super::calendar::{Due, WorkCalendar};
use super::review::DUE_WORKING_DAYS;
use super::ticket::Priority;

/// The support centre's time zone (China Standard Time, no daylight saving).
pub fn china_offset() -> FixedOffset {
    // 8 hours is within FixedOffset's ±24 h range, so `east_opt` cannot fail; UTC is
    // only the type-level fallback.
    FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| Utc.fix())
}

/// The calendar date in China at instant `t`.
pub fn china_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&china_offset()).date_naive()
}

/// Working days a ticket of this priority may stay open.
pub fn ticket_working_days(priority: Priority) -> u32 {
    match priority {
        Priority::Urgent | Priority::High => 1,
        Priority::Normal => 2,
        Priority::Low => 3,
    }
}

/// When a ticket created at `created` is due.
pub fn ticket_due(created: DateTime<Utc>, priority: Priority) -> Due {
    WorkCalendar::builtin().add_working_days(china_date(created), ticket_working_days(priority))
}

/// When a manual review submitted at `submitted` is due (3 working days).
pub fn review_due(submitted: DateTime<Utc>) -> Due {
    WorkCalendar::builtin().add_working_days(china_date(submitted), DUE_WORKING_DAYS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn china_date_rolls_over_at_16_utc() {
        let t = Utc.with_ymd_and_hms(2026, 3, 2, 16, 30, 0).single();
        assert_eq!(t.map(china_date), NaiveDate::from_ymd_opt(2026, 3, 3));
    }

    #[test]
    fn review_submitted_before_spring_festival_is_due_after_it() {
        // Fri 2026-02-13 10:00 CST: Sat 14 is a make-up working day, 15–23 are holidays.
        let t = Utc.with_ymd_and_hms(2026, 2, 13, 2, 0, 0).single();
        let due = t.map(review_due);
        assert_eq!(due.map(|d| d.date), NaiveDate::from_ymd_opt(2026, 2, 25));
        assert_eq!(due.map(|d| d.approximate), Some(false));
    }
}
