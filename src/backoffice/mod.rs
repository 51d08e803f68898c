//! The back office: HTTP API, auth, audit, store and demo data.

pub mod seed;
