//! HTTP client of the back-office API (being written).
