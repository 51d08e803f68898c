//! State shared by every request handler.

use std::sync::Arc;

use super::events::Hub;
use super::metrics::Metrics;
use super::presence::Presence;
use super::ratelimit::RateLimits;
use super::store::totals::Totals;
use super::store::Store;

/// Handles to the store, limits and metrics.
#[derive(Clone)]
pub struct AppState {
    /// The store.
    pub store: Store,
    /// Per-operator limits.
    pub limits: Arc<RateLimits>,
    /// Request metrics.
    pub metrics: Arc<Metrics>,
    /// Live updates for `/events`.
    pub events: Hub,
    /// Ticket-list totals kept until the data changes.
    pub ticket_totals: Arc<Totals>,
    /// When this server last wrote each operator's `last_seen_at`.
    pub presence: Arc<Presence>,
    /// An argon2 hash of no one's password, checked for unknown operator ids so that
    /// they take as long as a wrong password.
    pub dummy_hash: Arc<str>,
}
