//! The supervisor's pane (pane 4, supervisors only): the team board with each operator's
//! items, the SLA watch, escalations, the audit browser and security alerts; plus the
//! assignment form (also opened from a ticket or a review) and the agent's escalation note.

pub mod answers;
pub mod audit_diff;
pub mod audit_text;
pub mod form;
pub mod form_view;
pub mod forms;
pub mod msg;
pub mod paging;
pub mod requests;
pub mod rows;
pub mod state;
pub mod update;
pub mod view;
mod view_audit;
mod view_board;
mod view_lists;
mod view_sla;
