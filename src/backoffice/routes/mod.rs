//! HTTP routes of the API contract.

pub mod accounts;
pub mod audit;
pub mod events;
pub mod images;
pub mod meta;
pub mod reviews;
pub mod session;
pub mod team;
pub mod tickets;

use axum::Router;
use serde::de::DeserializeOwned;

use super::error::ApiError;
use super::state::AppState;
use crate::api::PREFIX;

/// Every route: each resource module's router under the API prefix, the meta routes at
/// the root. (The OpenAPI path list in `openapi.rs` names the same handlers.)
pub fn router() -> Router<AppState> {
    let api = Router::new()
        .merge(session::router())
        .merge(tickets::router())
        .merge(accounts::router())
        .merge(reviews::router())
        .merge(images::router())
        .merge(audit::router())
        .merge(team::router())
        .merge(events::router());
    Router::new().nest(PREFIX, api).merge(meta::router())
}

/// Default page size.
pub const DEFAULT_LIMIT: u32 = 50;
/// Largest page size.
pub const MAX_LIMIT: u32 = 200;

/// A page size within bounds, or a 400 that says the bounds.
pub fn limit(given: Option<u32>, default: u32, max: u32) -> Result<u32, ApiError> {
    match given {
        None => Ok(default),
        Some(n) if (1..=max).contains(&n) => Ok(n),
        Some(n) => Err(ApiError::bad_request(
            "bad_limit",
            format!("limit {n} is out of range; use 1 to {max}"),
        )),
    }
}

/// Parse a comma-separated list of wire names, naming the allowed values on error.
pub fn parse_list<T: DeserializeOwned + serde::Serialize>(
    field: &str,
    raw: Option<&str>,
    allowed: &[T],
) -> Result<Vec<T>, ApiError> {
    let Some(raw) = raw.filter(|r| !r.trim().is_empty()) else {
        return Ok(Vec::new());
    };
    raw.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            super::store::parse_enum::<T>(s).map_err(|_| {
                let names: Vec<String> = allowed.iter().map(super::store::enum_str).collect();
                ApiError::bad_request(
                    "bad_filter",
                    format!(
                        "{field} {s:?} is not known; use one of {}",
                        names.join(", ")
                    ),
                )
            })
        })
        .collect()
}

/// A required reason, checked by the one rule of [`crate::domain::text::reason`]: at
/// least two visible characters (zero-width and space characters do not count).
pub fn reason(r: &str) -> Result<String, ApiError> {
    use crate::domain::text::{self, ReasonError};
    text::reason(r).map_err(|e| match e {
        ReasonError::Missing => ApiError::bad_request("reason_required", e.to_string()),
        ReasonError::TooLong => ApiError::bad_request("reason_too_long", e.to_string()),
    })
}
