//! Service-level deadlines in working days, on mainland China's calendar (UTC+8).

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Offset, TimeZone, Utc};

use super::calendar::{Due, WorkCalendar};
use super::review::DUE_WORKING_DAYS;
use super::ticket::{Priority, Status};

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

/// Whether a ticket's SLA clock stands still in this status: while it waits on the
/// customer or on a manual review, the wait is not the desk's (Zendesk and Zammad pause
/// their SLA timers on pending/on-hold states the same way).
pub fn pauses_sla(status: Status) -> bool {
    matches!(status, Status::PendingCustomer | Status::PendingReview)
}

/// The instant day `d` starts in China.
pub fn day_start(d: NaiveDate) -> DateTime<Utc> {
    let midnight = d.and_time(chrono::NaiveTime::MIN);
    match china_offset().from_local_datetime(&midnight).single() {
        Some(t) => t.with_timezone(&Utc),
        // A fixed offset has exactly one local time per instant; UTC is the type's fallback.
        None => midnight.and_utc(),
    }
}

/// The instant a ticket due on `due_on` falls overdue: the end of that day in China.
pub fn deadline(due_on: NaiveDate) -> DateTime<Utc> {
    day_start(due_on.succ_opt().unwrap_or(due_on))
}

/// Days a working-time walk looks at before it gives up (no calendar has ten years
/// without a working day; this only bounds the loop).
const WALK_DAYS: u32 = 3660;

/// Seconds of working days (every second of a working day counts, none of a weekend or
/// holiday) from `a` to `b`; negative when `b` is earlier.
pub fn working_secs_between(a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
    if b < a {
        return -working_secs_between(b, a);
    }
    let cal = WorkCalendar::builtin();
    let mut total = 0;
    let mut day = china_date(a);
    for _ in 0..WALK_DAYS {
        let start = day_start(day);
        if start >= b {
            break;
        }
        let Some(next) = day.succ_opt() else { break };
        let end = day_start(next);
        if cal.is_working_day(day).working {
            total += (end.min(b) - start.max(a)).num_seconds().max(0);
        }
        day = next;
    }
    total
}

/// The instant `secs` seconds of working days after `from` (`secs` ≤ 0 gives `from`).
pub fn add_working_secs(from: DateTime<Utc>, secs: i64) -> DateTime<Utc> {
    let cal = WorkCalendar::builtin();
    let mut left = secs;
    let mut t = from;
    for _ in 0..WALK_DAYS {
        if left <= 0 {
            break;
        }
        let day = china_date(t);
        let Some(next) = day.succ_opt() else { break };
        let end = day_start(next);
        if cal.is_working_day(day).working {
            let here = (end - t).num_seconds();
            if left <= here {
                return t + Duration::seconds(left);
            }
            left -= here;
        }
        t = end;
    }
    t
}

/// A ticket's SLA deadline: the end of its due day from priority and creation, moved on
/// by the working time it spent paused (`paused_secs`, summed over every pause).
pub fn ticket_deadline(
    created: DateTime<Utc>,
    priority: Priority,
    paused_secs: i64,
) -> DateTime<Utc> {
    add_working_secs(deadline(ticket_due(created, priority).date), paused_secs)
}

/// The due date shown and sorted on for a deadline (the day it falls in, in China).
pub fn due_date(deadline: DateTime<Utc>) -> NaiveDate {
    china_date(deadline - Duration::seconds(1))
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

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        // Hours in China Standard Time.
        china_offset()
            .with_ymd_and_hms(y, m, d, h, 0, 0)
            .single()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    #[test]
    fn only_working_days_count_towards_a_pause() {
        // Fri 2026-03-06 18:00 to Mon 03-09 09:00: 6 h of Friday and 9 h of Monday.
        assert_eq!(
            working_secs_between(at(2026, 3, 6, 18), at(2026, 3, 9, 9)),
            15 * 3600
        );
        assert_eq!(
            working_secs_between(at(2026, 3, 9, 9), at(2026, 3, 6, 18)),
            -15 * 3600
        );
        // 7 working hours after Friday 18:00 is Monday 01:00.
        assert_eq!(
            add_working_secs(at(2026, 3, 6, 18), 7 * 3600),
            at(2026, 3, 9, 1)
        );
        assert_eq!(add_working_secs(at(2026, 3, 6, 18), 0), at(2026, 3, 6, 18));
    }

    #[test]
    fn several_pauses_keep_the_remaining_time() {
        // A normal ticket opened Mon 2026-03-02 10:00 is due Wed 03-04 (ends Thu 00:00).
        let created = at(2026, 3, 2, 10);
        let mut paused = 0;
        let first = ticket_deadline(created, Priority::Normal, paused);
        assert_eq!(first, at(2026, 3, 5, 0));
        // Paused Tue 10:00 with 38 h left; resumed Fri 10:00.
        let left = working_secs_between(at(2026, 3, 3, 10), first);
        assert_eq!(left, 38 * 3600);
        paused += working_secs_between(at(2026, 3, 3, 10), at(2026, 3, 6, 10));
        let second = ticket_deadline(created, Priority::Normal, paused);
        assert_eq!(working_secs_between(at(2026, 3, 6, 10), second), left);
        // Paused again at once for the weekend: Fri 12:00 to Mon 12:00 (12 + 12 h).
        let left = working_secs_between(at(2026, 3, 6, 12), second);
        paused += working_secs_between(at(2026, 3, 6, 12), at(2026, 3, 9, 12));
        let third = ticket_deadline(created, Priority::Normal, paused);
        assert_eq!(working_secs_between(at(2026, 3, 9, 12), third), left);
        assert_eq!(third, at(2026, 3, 11, 0));
        assert_eq!(
            due_date(third),
            NaiveDate::from_ymd_opt(2026, 3, 10).unwrap_or_default()
        );
        assert!(pauses_sla(Status::PendingReview) && !pauses_sla(Status::Open));
    }
}
