//! Per-operator rate limits (token buckets, per process) and the policies of the
//! throttles kept in the database (sign-in delays, the lookup-miss budget), which every
//! server must share. Keyed by operator, not address: every SSH operator comes through
//! the same bastion.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::error::ApiError;
use crate::domain::throttle::{MissPolicy, SignInPolicy};

/// Limits per operator, in requests per minute.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Any authenticated request.
    pub general_per_min: u32,
    /// Account lookups.
    pub lookups_per_min: u32,
    /// Reveals of personal data.
    pub reveals_per_min: u32,
    /// The growing delay after failed sign-ins (counted in the database).
    pub sign_in: SignInPolicy,
    /// The budget of lookups that find nothing (counted in the database).
    pub lookup_misses: MissPolicy,
    /// Review images read per operator in [`IMAGE_WINDOW`] (a reviewer opens a review or
    /// two a minute, two images each; harvesting the photos is stopped).
    pub images_per_window: u32,
}

/// The window of [`Limits::images_per_window`].
pub const IMAGE_WINDOW: Duration = Duration::from_secs(10 * 60);

impl Default for Limits {
    fn default() -> Self {
        Limits {
            general_per_min: 1200,
            lookups_per_min: 120,
            reveals_per_min: 10,
            sign_in: SignInPolicy::default(),
            lookup_misses: MissPolicy::default(),
            images_per_window: 60,
        }
    }
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// The limiter shared by all handlers.
#[derive(Debug, Default)]
pub struct RateLimits {
    limits: Limits,
    buckets: Mutex<HashMap<(&'static str, String), Bucket>>,
}

impl RateLimits {
    /// A limiter with these limits.
    pub fn new(limits: Limits) -> RateLimits {
        RateLimits {
            limits,
            ..RateLimits::default()
        }
    }

    fn take(&self, class: &'static str, who: &str, per_min: u32) -> Result<(), ApiError> {
        self.take_in(class, who, per_min, Duration::from_secs(60))
    }

    /// One request of `class` by `who`: at most `cap` in any `window` (refilled evenly).
    fn take_in(
        &self,
        class: &'static str,
        who: &str,
        cap: u32,
        window: Duration,
    ) -> Result<(), ApiError> {
        if cap == 0 {
            return Ok(());
        }
        let Ok(mut buckets) = self.buckets.lock() else {
            return Ok(());
        };
        let now = Instant::now();
        let rate = f64::from(cap) / window.as_secs_f64();
        let per = if window.as_secs() == 60 {
            format!("{cap} a minute")
        } else {
            format!("{cap} in {} min", window.as_secs() / 60)
        };
        let cap = f64::from(cap);
        let b = buckets.entry((class, who.to_string())).or_insert(Bucket {
            tokens: cap,
            at: now,
        });
        b.tokens = (b.tokens + now.duration_since(b.at).as_secs_f64() * rate).min(cap);
        b.at = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            let wait = ((1.0 - b.tokens) / rate).ceil() as u64;
            Err(ApiError::too_many(
                format!("too many {class} requests; at most {per}. Wait {wait} s and try again"),
                wait,
            ))
        }
    }

    /// Any authenticated request.
    pub fn check_general(&self, operator: &str) -> Result<(), ApiError> {
        self.take("api", operator, self.limits.general_per_min)
    }

    /// An account lookup.
    pub fn check_lookup(&self, operator: &str) -> Result<(), ApiError> {
        self.take("lookup", operator, self.limits.lookups_per_min)
    }

    /// A reveal.
    pub fn check_reveal(&self, operator: &str) -> Result<(), ApiError> {
        self.take("reveal", operator, self.limits.reveals_per_min)
    }

    /// A review image read.
    pub fn check_image(&self, operator: &str) -> Result<(), ApiError> {
        self.take_in(
            "image",
            operator,
            self.limits.images_per_window,
            IMAGE_WINDOW,
        )
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_refuses_past_the_limit_with_a_wait() {
        let r = RateLimits::new(Limits {
            reveals_per_min: 3,
            ..Limits::default()
        });
        for _ in 0..3 {
            assert!(r.check_reveal("a").is_ok());
        }
        let e = r.check_reveal("a").err();
        assert_eq!(e.as_ref().map(|e| e.status.as_u16()), Some(429));
        assert!(e.and_then(|e| e.retry_after).is_some_and(|s| s >= 1));
        assert!(r.check_reveal("b").is_ok(), "limits are per operator");
    }
}
