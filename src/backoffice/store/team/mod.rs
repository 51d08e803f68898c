//! The supervisor's pane: the team board, escalations, the SLA watch and security
//! alerts. Each read is a few indexed queries over what is held, escalated or due, never
//! one query per operator or per item, so twenty boards refreshing live stay cheap.

pub mod alerts;
pub mod board;
pub mod escalations;
pub mod sla;

pub use alerts::{ack, list as alerts, reveal_spike, REVEAL_SPIKE_COUNT, REVEAL_SPIKE_MINUTES};
pub use board::{member, team};
pub use escalations::escalations;
pub use sla::watch;
