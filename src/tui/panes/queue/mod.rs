//! The ticket queue: one page at a time from the server, filtered, sorted, with the
//! neighbouring pages read ahead and arrivals counted.

pub mod filter;
pub mod msg;
pub mod pages;
pub mod state;
pub mod update;
pub mod view;
