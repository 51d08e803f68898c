//! The manual-review approvals pane: the review queue (SLA order, filters, counts, claims),
//! the review with its document photo and selfie, the checklist, decisions with reason
//! codes and a confirmation, four eyes, stale decisions asked again, and what a decision did.

pub mod answers;
pub mod columns;
pub mod form;
pub mod layout;
pub mod msg;
pub mod photo_view;
pub mod requests;
pub mod reveal;
pub mod reveal_view;
pub mod review_view;
pub mod side_view;
pub mod state;
pub mod update;
pub mod view;
