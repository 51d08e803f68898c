//! Manual reviews: queue, claims with leases, four-eyes decisions and their effects.
//! Reads in `read`, changes in `write`; everything is re-exported here.

pub mod images;
mod read;
pub mod reveal;
mod write;

pub use read::{counts, detail, for_account, get, list, Filter};
pub(crate) use read::{select, EXTRA_AT};
pub use write::{assign, claim, create, decide, put_image, release};
