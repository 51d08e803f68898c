//! When to try a request again, and how long to wait first.

use std::time::Duration;

use super::error::ClientError;

/// Exponential backoff for requests that are safe to repeat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    /// Wait before the second attempt; doubled each time.
    pub base_delay: Duration,
    /// No wait is longer than this, Retry-After included.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// No retries at all (tests, one-shot commands).
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Whether attempt number `attempt` (1-based) that failed with `err` may be repeated.
    ///
    /// `repeatable` is true for GETs and for requests carrying an idempotency key: only
    /// those cannot do a change twice. A 412 is never repeated: the caller must re-read.
    pub fn should_retry(&self, attempt: u32, repeatable: bool, err: &ClientError) -> bool {
        if !repeatable || attempt >= self.max_attempts || err.is_stale() {
            return false;
        }
        // Stops that last minutes: the operator must see them now, not after retries.
        if matches!(err.code(), Some("lookup_misses" | "sign_in_delay")) {
            return false;
        }
        err.is_indefinite()
    }

    /// How long to wait after failed attempt `attempt` (1-based), honouring Retry-After.
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        let backoff = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1)));
        retry_after.unwrap_or(backoff).min(self.max_delay)
    }
}

/// Parse a Retry-After header given in seconds (the HTTP-date form is not used by our server).
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16) -> ClientError {
        ClientError::Api {
            status,
            code: "x".into(),
            message: "m".into(),
        }
    }

    #[test]
    fn stale_writes_are_never_retried() {
        let p = RetryPolicy::default();
        assert!(!p.should_retry(1, true, &api(412)));
        assert!(p.should_retry(1, true, &api(503)));
    }

    #[test]
    fn long_stops_are_shown_at_once_not_retried() {
        let p = RetryPolicy::default();
        assert!(
            p.should_retry(1, true, &api(429)),
            "a short rate limit is waited out"
        );
        for code in ["lookup_misses", "sign_in_delay"] {
            let e = ClientError::Api {
                status: 429,
                code: code.into(),
                message: "m".into(),
            };
            assert!(!p.should_retry(1, true, &e), "{code}");
        }
    }

    #[test]
    fn unkeyed_writes_are_not_retried() {
        let p = RetryPolicy::default();
        let e = ClientError::Timeout { secs: 1 };
        assert!(!p.should_retry(1, false, &e));
        assert!(p.should_retry(1, true, &e));
        assert!(!p.should_retry(3, true, &e), "attempts are bounded");
    }

    #[test]
    fn client_errors_are_not_retried() {
        let p = RetryPolicy::default();
        for s in [400, 401, 403, 404, 422, 428] {
            assert!(!p.should_retry(1, true, &api(s)), "{s}");
        }
    }

    #[test]
    fn backoff_doubles_and_retry_after_wins_but_is_capped() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay(1, None), Duration::from_millis(200));
        assert_eq!(p.delay(2, None), Duration::from_millis(400));
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(2))),
            Duration::from_secs(2)
        );
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(60))),
            Duration::from_secs(5)
        );
        assert_eq!(parse_retry_after(" 3 "), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015"), None);
    }
}
