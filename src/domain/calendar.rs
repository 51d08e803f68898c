//! Working-day calendar of mainland China for SLAs (holidays and make-up working days).
//!
//! A year is either covered (its official notice is in the data file) or not; for an
//! uncovered year the calendar falls back to Monday–Friday and says the answer is
//! approximate, because an unknown year is not "weekends only".

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::OnceLock;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The embedded calendar data (2025 and 2026).
const BUILTIN_TOML: &str = include_str!("../../assets/calendar/cn-working-days.toml");

/// Why calendar data could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The text is not TOML of the expected shape.
    #[error("calendar data is not valid: {0}")]
    Syntax(String),
    /// A `[years.X]` key that is not a year.
    #[error("'{0}' is not a year")]
    BadYear(String),
    /// A date string that is not `YYYY-MM-DD`.
    #[error("'{value}' in year {year} is not a date (YYYY-MM-DD)")]
    BadDate {
        /// The year table it appears in.
        year: i32,
        /// The text given.
        value: String,
    },
    /// A date listed under another year.
    #[error("{date} is listed under year {year}")]
    WrongYear {
        /// The year table it appears in.
        year: i32,
        /// The date.
        date: NaiveDate,
    },
    /// A date that is both a holiday and a make-up working day.
    #[error("{0} is listed both as holiday and as working day")]
    Conflict(NaiveDate),
    /// A make-up working day that is not a Saturday or Sunday.
    #[error("make-up working day {0} is not a Saturday or Sunday")]
    WorkdayNotWeekend(NaiveDate),
}

/// The file's shape: `[years.2026] holidays = [...] workdays = [...]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    /// Year (as a key string) to its lists.
    years: BTreeMap<String, RawYear>,
}

/// One year's lists, as strings.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYear {
    /// Public holidays (days off), any weekday.
    #[serde(default)]
    holidays: Vec<String>,
    /// Make-up working days (Saturdays or Sundays worked).
    #[serde(default)]
    workdays: Vec<String>,
}

/// What kind of day a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// An ordinary Monday–Friday.
    Weekday,
    /// An ordinary Saturday or Sunday.
    Weekend,
    /// A public holiday (day off).
    Holiday,
    /// A Saturday or Sunday that is worked (调休上班).
    MakeUpWorkday,
}

impl DayKind {
    /// Whether people work on this kind of day.
    pub fn is_working(self) -> bool {
        matches!(self, DayKind::Weekday | DayKind::MakeUpWorkday)
    }
}

/// The calendar's answer for one date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DayInfo {
    /// What kind of day it is (by weekday alone when approximate).
    pub kind: DayKind,
    /// Whether it is a working day.
    pub working: bool,
    /// True when the year is not covered and only weekdays were considered.
    pub approximate: bool,
}

/// A due date computed in working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Due {
    /// The date.
    pub date: NaiveDate,
    /// True when a day examined lies in a year the calendar does not cover.
    pub approximate: bool,
}

/// Holidays and make-up working days for the years whose notices are known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    /// Years whose notice is in the data.
    years: BTreeSet<i32>,
    /// Public holidays.
    holidays: HashSet<NaiveDate>,
    /// Make-up working days.
    workdays: HashSet<NaiveDate>,
}

/// Whether `d` falls on a Saturday or Sunday.
fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Parse one year's date list, checking every date lies in `year`.
fn parse_dates(year: i32, values: &[String]) -> Result<Vec<NaiveDate>, CalendarError> {
    values
        .iter()
        .map(|v| {
            let date =
                NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| CalendarError::BadDate {
                    year,
                    value: v.clone(),
                })?;
            if date.year() != year {
                return Err(CalendarError::WrongYear { year, date });
            }
            Ok(date)
        })
        .collect()
}

impl WorkCalendar {
    /// The embedded calendar, parsed once.
    ///
    /// The embedded file is checked by a unit test, so a parse failure cannot reach a
    /// release; should it anyway, the calendar is empty rather than a panic, which makes
    /// every answer weekday-based and flagged approximate: degraded, but never wrong silently.
    pub fn builtin() -> &'static WorkCalendar {
        static BUILTIN: OnceLock<WorkCalendar> = OnceLock::new();
        BUILTIN.get_or_init(|| WorkCalendar::from_toml(BUILTIN_TOML).unwrap_or_default())
    }

    /// Load calendar data in the format of `assets/calendar/cn-working-days.toml`.
    pub fn from_toml(s: &str) -> Result<WorkCalendar, CalendarError> {
        let raw: RawCalendar =
            toml::from_str(s).map_err(|e| CalendarError::Syntax(e.message().to_string()))?;
        let mut cal = WorkCalendar::default();
        for (key, lists) in raw.years {
            let year: i32 = key
                .parse()
                .map_err(|_| CalendarError::BadYear(key.clone()))?;
            if NaiveDate::from_ymd_opt(year, 1, 1).is_none() {
                return Err(CalendarError::BadYear(key));
            }
            let holidays = parse_dates(year, &lists.holidays)?;
            let workdays = parse_dates(year, &lists.workdays)?;
            for d in &workdays {
                if !is_weekend(*d) {
                    return Err(CalendarError::WorkdayNotWeekend(*d));
                }
                if holidays.contains(d) {
                    return Err(CalendarError::Conflict(*d));
                }
            }
            cal.years.insert(year);
            cal.holidays.extend(holidays);
            cal.workdays.extend(workdays);
        }
        Ok(cal)
    }

    /// Whether the official notice for `year` is in the calendar.
    pub fn covers(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    /// The covered years, ascending.
    pub fn covered_years(&self) -> Vec<i32> {
        self.years.iter().copied().collect()
    }

    /// What kind of day `d` is, whether it is worked, and whether the answer is exact.
    pub fn is_working_day(&self, d: NaiveDate) -> DayInfo {
        let covered = self.covers(d.year());
        let kind = if covered && self.holidays.contains(&d) {
            DayKind::Holiday
        } else if covered && self.workdays.contains(&d) {
            DayKind::MakeUpWorkday
        } else if is_weekend(d) {
            DayKind::Weekend
        } else {
            DayKind::Weekday
        };
        DayInfo {
            kind,
            working: kind.is_working(),
            approximate: !covered,
        }
    }

    /// The date `n` working days after `start` (`start` itself not counted; `n = 0` gives `start`).
    ///
    /// Should the count run past the last representable date, that date is returned,
    /// flagged approximate.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> Due {
        let mut date = start;
        let mut remaining = n;
        let mut approximate = false;
        while remaining > 0 {
            // Any 7 consecutive days hold exactly 5 weekdays: skip whole weeks of
            // uncovered years (keeping at least one working day to find by stepping).
            if remaining > 5 {
                if let Some(week_end) = date.checked_add_days(Days::new(7)) {
                    let first = date.succ_opt().unwrap_or(week_end);
                    if !self.covers(first.year()) && !self.covers(week_end.year()) {
                        date = week_end;
                        remaining -= 5;
                        approximate = true;
                        continue;
                    }
                }
            }
            let Some(next) = date.succ_opt() else {
                return Due {
                    date,
                    approximate: true,
                };
            };
            date = next;
            let info = self.is_working_day(date);
            approximate |= info.approximate;
            if info.working {
                remaining -= 1;
            }
        }
        Due { date, approximate }
    }

    /// Working days from `from` (exclusive) to `to` (inclusive); negative when `to` is earlier.
    ///
    /// The count is `W(to) - W(from)` with `W(x)` the working days up to `x`, so a ticket
    /// due on Friday shows 0 on the weekend and -1 on Monday.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> (i64, bool) {
        if to < from {
            let (n, approximate) = self.count_working(to, from);
            return (-n, approximate);
        }
        self.count_working(from, to)
    }

    /// Working days in `(after, upto]`, with `after <= upto`, and whether approximate.
    fn count_working(&self, after: NaiveDate, upto: NaiveDate) -> (i64, bool) {
        let mut count = 0i64;
        let mut approximate = false;
        for year in after.year()..=upto.year() {
            let first = if year == after.year() {
                after.succ_opt()
            } else {
                NaiveDate::from_ymd_opt(year, 1, 1)
            };
            let last = if year == upto.year() {
                Some(upto)
            } else {
                NaiveDate::from_ymd_opt(year, 12, 31)
            };
            let (Some(first), Some(last)) = (first, last) else {
                continue;
            };
            if first > last {
                continue;
            }
            if self.covers(year) {
                let mut d = first;
                loop {
                    if self.is_working_day(d).working {
                        count += 1;
                    }
                    match d.succ_opt() {
                        Some(next) if next <= last => d = next,
                        _ => break,
                    }
                }
            } else {
                approximate = true;
                count += weekdays_in(first, last);
            }
        }
        (count, approximate)
    }
}

/// Monday–Friday days in `[first, last]` (`first <= last`).
fn weekdays_in(first: NaiveDate, last: NaiveDate) -> i64 {
    let len = (last - first).num_days() + 1;
    let weeks = len / 7;
    let mut count = weeks * 5;
    // The remaining 0–6 days start `weeks` whole weeks after `first`, on its weekday.
    let start = first.weekday().num_days_from_monday() as i64;
    for i in 0..len % 7 {
        if (start + i) % 7 < 5 {
            count += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn cal() -> &'static WorkCalendar {
        WorkCalendar::builtin()
    }

    #[test]
    fn embedded_file_parses() {
        let c = WorkCalendar::from_toml(BUILTIN_TOML).unwrap();
        assert_eq!(c.covered_years(), vec![2025, 2026]);
        assert!(c.covers(2026) && !c.covers(2027));
        assert_eq!(&c, cal());
        assert_eq!(c.holidays.len(), 28 + 33);
        assert_eq!(c.workdays.len(), 5 + 6);
    }

    #[test]
    fn day_kinds() {
        assert_eq!(
            cal().is_working_day(d(2026, 2, 14)).kind,
            DayKind::MakeUpWorkday
        );
        assert!(cal().is_working_day(d(2026, 2, 14)).working);
        assert_eq!(cal().is_working_day(d(2026, 2, 16)).kind, DayKind::Holiday);
        assert_eq!(cal().is_working_day(d(2026, 3, 7)).kind, DayKind::Weekend);
        assert_eq!(cal().is_working_day(d(2025, 10, 8)).kind, DayKind::Holiday);
        let info = cal().is_working_day(d(2027, 1, 1));
        assert!(info.approximate && info.working);
    }

    #[test]
    fn spring_festival_2026() {
        let fri = d(2026, 2, 13);
        let due = cal().add_working_days(fri, 1);
        assert_eq!(due.date, d(2026, 2, 14), "Saturday make-up day counts");
        assert_eq!(cal().add_working_days(fri, 2).date, d(2026, 2, 24));
        let due = cal().add_working_days(fri, 3);
        assert_eq!(
            due,
            Due {
                date: d(2026, 2, 25),
                approximate: false
            }
        );
        // Fri 27 → Sat 28 is a make-up working day.
        assert_eq!(
            cal().add_working_days(d(2026, 2, 27), 1).date,
            d(2026, 2, 28)
        );
        assert_eq!(cal().working_days_between(fri, d(2026, 2, 25)), (3, false));
        assert_eq!(cal().working_days_between(d(2026, 2, 25), fri), (-3, false));
    }

    #[test]
    fn national_day_2026() {
        let wed = d(2026, 9, 30);
        assert_eq!(cal().add_working_days(wed, 1).date, d(2026, 10, 8));
        assert_eq!(cal().add_working_days(wed, 3).date, d(2026, 10, 10));
        assert_eq!(cal().add_working_days(wed, 4).date, d(2026, 10, 12));
        // Mid-Autumn Sep 25–27 with the Sunday Sep 20 worked.
        assert_eq!(
            cal().add_working_days(d(2026, 9, 18), 1).date,
            d(2026, 9, 20)
        );
        assert_eq!(
            cal().add_working_days(d(2026, 9, 24), 1).date,
            d(2026, 9, 28)
        );
    }

    #[test]
    fn plain_weekend_and_zero() {
        let fri = d(2026, 3, 6);
        assert_eq!(cal().add_working_days(fri, 1).date, d(2026, 3, 9));
        assert_eq!(
            cal().add_working_days(fri, 0),
            Due {
                date: fri,
                approximate: false
            }
        );
        assert_eq!(cal().working_days_between(fri, d(2026, 3, 8)), (0, false));
        assert_eq!(cal().working_days_between(d(2026, 3, 9), fri), (-1, false));
        assert_eq!(cal().working_days_between(fri, fri), (0, false));
    }

    #[test]
    fn uncovered_years_are_approximate() {
        let due = cal().add_working_days(d(2026, 12, 30), 3);
        // Thu 31, then 2027: Fri Jan 1 (no notice known), Mon Jan 4.
        assert_eq!(
            due,
            Due {
                date: d(2027, 1, 4),
                approximate: true
            }
        );
        let (n, approx) = cal().working_days_between(d(2027, 3, 1), d(2027, 3, 8));
        assert_eq!((n, approx), (5, true));
        // Long spans through uncovered years agree with day-by-day stepping.
        let start = d(2026, 12, 1);
        let due = cal().add_working_days(start, 300);
        assert!(due.approximate);
        assert_eq!(cal().working_days_between(start, due.date).0, 300);
        assert!(cal().is_working_day(due.date).working);
        // An uncovered year before a covered one: weeks must not be skipped into 2025.
        let due = cal().add_working_days(d(2024, 12, 20), 10);
        assert_eq!(due.date, d(2025, 1, 6));
        assert!(due.approximate);
    }

    #[test]
    fn bad_data_is_rejected() {
        let bad = "[years.2026]\nworkdays = [\"2026-02-16\"]\n";
        assert_eq!(
            WorkCalendar::from_toml(bad),
            Err(CalendarError::WorkdayNotWeekend(d(2026, 2, 16)))
        );
        let bad = "[years.2026]\nholidays = [\"2025-01-01\"]\n";
        assert!(matches!(
            WorkCalendar::from_toml(bad),
            Err(CalendarError::WrongYear { .. })
        ));
        let bad = "[years.2026]\nholidays = [\"2026-02-30\"]\n";
        assert!(matches!(
            WorkCalendar::from_toml(bad),
            Err(CalendarError::BadDate { .. })
        ));
        let bad = "[years.2026]\nholidays = [\"2026-02-14\"]\nworkdays = [\"2026-02-14\"]\n";
        assert_eq!(
            WorkCalendar::from_toml(bad),
            Err(CalendarError::Conflict(d(2026, 2, 14)))
        );
        assert!(matches!(
            WorkCalendar::from_toml("years = 3"),
            Err(CalendarError::Syntax(_))
        ));
        assert!(matches!(
            WorkCalendar::from_toml("[years.abc]"),
            Err(CalendarError::BadYear(_))
        ));
    }
}
