//! Idempotency keys: one per operator action, kept until the answer is definite.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

/// The value of an `Idempotency-Key` header.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// A fresh random key.
    pub fn new() -> Self {
        let mut buf = [0u8; 16];
        if getrandom::fill(&mut buf).is_err() {
            // Without OS randomness a clock-and-counter key is still unique per process,
            // which is all the server needs to tell two actions apart.
            static COUNTER: AtomicU64 = AtomicU64::new(0);
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let t = chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default();
            buf[..8].copy_from_slice(&t.to_le_bytes());
            buf[8..].copy_from_slice(&n.to_le_bytes());
        }
        IdempotencyKey(buf.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// A key with a given value (tests, replays).
    pub fn from_string(value: impl Into<String>) -> Self {
        IdempotencyKey(value.into())
    }

    /// The header value.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for IdempotencyKey {
    fn default() -> Self {
        IdempotencyKey::new()
    }
}

impl fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_distinct_hex() {
        let a = IdempotencyKey::new();
        let b = IdempotencyKey::new();
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), 32);
        assert!(a.as_str().chars().all(|c| c.is_ascii_hexdigit()));
    }
}
