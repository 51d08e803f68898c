//! Per-operator throttles, as pure rules over a stored counter: the growing delay after
//! failed sign-ins, and the budget of lookups that find nothing. The store keeps the
//! counter (so every server shares it); these functions say what it becomes.

use chrono::{DateTime, Duration, Utc};

/// A stored counter: `count` events since `since`; refused until `until`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counter {
    /// Failures (or misses) counted.
    pub count: i64,
    /// When the count started.
    pub since: DateTime<Utc>,
    /// Refused until then.
    pub until: Option<DateTime<Utc>>,
}

impl Counter {
    /// How long the operator must still wait at `now`, if at all.
    pub fn wait(&self, now: DateTime<Utc>) -> Option<Duration> {
        self.until.filter(|u| *u > now).map(|u| u - now)
    }
}

/// Whole seconds to announce in `Retry-After` for a wait (rounded up, at least 1).
pub fn retry_after_secs(wait: Duration) -> u64 {
    let ms = wait.num_milliseconds().max(0) as u64;
    ms.div_ceil(1000).max(1)
}

/// Failed sign-ins: after the n-th failure in a row the operator id waits
/// `first × 2^(n-1)`, at most `max`, before the next attempt is even checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignInPolicy {
    /// Delay after the first failure.
    pub first: Duration,
    /// Longest delay.
    pub max: Duration,
}

impl Default for SignInPolicy {
    fn default() -> Self {
        SignInPolicy {
            first: Duration::seconds(1),
            max: Duration::seconds(60),
        }
    }
}

impl SignInPolicy {
    /// The delay after `failures` failures in a row.
    pub fn delay(&self, failures: i64) -> Duration {
        if failures <= 0 {
            return Duration::zero();
        }
        let shift = (failures - 1).min(30) as u32;
        let ms = self.first.num_milliseconds().saturating_mul(1i64 << shift);
        Duration::milliseconds(ms).min(self.max)
    }

    /// Before a password is checked: refused (`Err(wait)`) while a delay runs; otherwise
    /// the counter with the attempt reserved, as if it will fail, so that attempts sent
    /// in parallel are refused until this one is decided.
    pub fn reserve(&self, c: Option<Counter>, now: DateTime<Utc>) -> Result<Counter, Duration> {
        if let Some(wait) = c.as_ref().and_then(|c| c.wait(now)) {
            return Err(wait);
        }
        let count = c.as_ref().map_or(0, |c| c.count);
        Ok(Counter {
            count,
            since: c.map_or(now, |c| c.since),
            until: Some(now + self.delay(count + 1)),
        })
    }

    /// After a wrong password (or an unknown id): one failure more, and its delay.
    pub fn failed(&self, c: Option<Counter>, now: DateTime<Utc>) -> Counter {
        let count = c.as_ref().map_or(0, |c| c.count) + 1;
        Counter {
            count,
            since: c.map_or(now, |c| c.since),
            until: Some(now + self.delay(count)),
        }
    }
}

/// Lookups that find nothing: `budget` of them within `window` stop the operator's
/// lookups for `block`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MissPolicy {
    /// Misses allowed in a window (0: no budget).
    pub budget: i64,
    /// The window, counted from its first miss.
    pub window: Duration,
    /// How long lookups stay refused once the budget is spent.
    pub block: Duration,
}

impl Default for MissPolicy {
    fn default() -> Self {
        MissPolicy {
            budget: 20,
            window: Duration::minutes(10),
            block: Duration::minutes(15),
        }
    }
}

impl MissPolicy {
    /// One more miss: the new counter, and whether it spent the budget (the moment to
    /// refuse, audit and alert).
    pub fn missed(&self, c: Option<Counter>, now: DateTime<Utc>) -> (Counter, bool) {
        let fresh = match &c {
            None => true,
            Some(c) => now - c.since > self.window || c.until.is_some_and(|u| u <= now),
        };
        let count = if fresh {
            1
        } else {
            c.as_ref().map_or(0, |c| c.count) + 1
        };
        let since = match c {
            Some(c) if !fresh => c.since,
            _ => now,
        };
        let tripped = self.budget > 0 && count >= self.budget;
        (
            Counter {
                count,
                since,
                until: tripped.then(|| now + self.block),
            },
            tripped,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + s, 0).unwrap_or_default()
    }

    #[test]
    fn sign_in_delays_double_up_to_the_cap() {
        let p = SignInPolicy::default();
        let secs: Vec<i64> = (1..=9).map(|n| p.delay(n).num_seconds()).collect();
        assert_eq!(secs, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
        assert_eq!(p.delay(1000).num_seconds(), 60);
    }

    #[test]
    fn an_attempt_during_the_delay_is_refused_and_not_counted() {
        let p = SignInPolicy::default();
        let c = p.failed(None, t(0));
        assert_eq!(c.count, 1);
        assert_eq!(p.reserve(Some(c.clone()), t(0)), Err(Duration::seconds(1)));
        let r = p.reserve(Some(c), t(1)).expect("the delay is over");
        assert_eq!((r.count, r.until), (1, Some(t(3))));
        let c = p.failed(Some(r), t(1));
        assert_eq!((c.count, c.until), (2, Some(t(3))));
    }

    #[test]
    fn misses_spend_the_budget_within_the_window() {
        let p = MissPolicy {
            budget: 3,
            window: Duration::seconds(60),
            block: Duration::seconds(100),
        };
        let (c, trip) = p.missed(None, t(0));
        assert!(!trip);
        let (c, trip) = p.missed(Some(c), t(10));
        assert!(!trip);
        let (c, trip) = p.missed(Some(c), t(20));
        assert!(trip);
        assert_eq!(c.wait(t(20)), Some(Duration::seconds(100)));
        // After the block, counting starts again.
        let (c, trip) = p.missed(Some(c), t(121));
        assert_eq!((c.count, trip), (1, false));
        // Outside the window, too.
        let (c, _) = p.missed(Some(c), t(122));
        let (c, trip) = p.missed(Some(c), t(300));
        assert_eq!((c.count, trip), (1, false));
    }
}
