//! The link to the back office as data: when a request cannot reach it the desk says so
//! in the title bar and probes in the background (1 s, 2 s, 4 s … up to 15 s apart) until
//! it answers, then re-reads what is on screen (`update/link.rs`). Nothing shown or typed
//! is touched meanwhile.

use chrono::{DateTime, Duration, Utc};

/// Longest wait between two probes.
const MAX_BACKOFF_SECS: i64 = 15;

/// Background probing while offline.
#[derive(Debug, Clone, Default)]
pub struct Probe {
    /// Probes that failed since the link went down.
    pub attempt: u32,
    /// When the next probe is due.
    pub next_at: Option<DateTime<Utc>>,
    /// A probe is in flight.
    pub in_flight: bool,
}

/// How long to wait before probe number `attempt` (0-based).
pub fn backoff(attempt: u32) -> Duration {
    Duration::seconds((1_i64 << attempt.min(4)).min(MAX_BACKOFF_SECS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_fifteen_seconds() {
        let secs: Vec<i64> = (0..7).map(|a| backoff(a).num_seconds()).collect();
        assert_eq!(secs, [1, 2, 4, 8, 15, 15, 15]);
    }
}
