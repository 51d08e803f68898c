//! Demo data (being written).
