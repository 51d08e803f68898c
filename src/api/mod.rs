//! Wire types shared by the client and the back office (the API contract), one file per
//! resource; every type is re-exported here, so callers name them `crate::api::X`.

mod accounts;
mod audit;
mod common;
mod live;
mod reviews;
mod session;
mod team;
mod tickets;

pub use crate::domain::account::{AccountState, DegreeStatus, RegistrationChannel, Verification};
pub use crate::domain::identity::DocumentKind;
pub use crate::domain::reason::{Finality, ReasonCode};
pub use crate::domain::review::{Decision, ReviewKind, ReviewState};
pub use crate::domain::ticket::{Category, Channel, Priority, Status, Visibility};

pub use accounts::{
    AccountDetail, AccountQuery, AccountSummary, Degree, LockInfo, Order, ReasonRequest,
    RevealField, RevealRequest, RevealResponse,
};
pub use audit::{AuditEntry, AuditQuery};
pub use common::{ErrorBody, ErrorDetail, Health, Page};
pub use live::LiveEvent;
pub use reviews::{
    DecisionRecord, DecisionRequest, ImageInfo, ImageSlot, NewReview, RecordRef,
    ReviewClaimRequest, ReviewCountQuery, ReviewCounts, ReviewDetail, ReviewQuery,
    ReviewRevealField, ReviewRevealRequest, ReviewRevealResponse, ReviewSummary, Signal,
    SignalCode, StateCount,
};
pub use session::{OperatorInfo, Role, SessionRequest, SessionResponse};
pub use team::{
    Alert, AlertQuery, AssignRequest, EscalateRequest, EscalatedReview, EscalatedTicket,
    EscalationInfo, Escalations, HeldItem, Holding, ItemKind, SlaCount, SlaWatch, TeamMember,
    TeamMemberDetail, TeamPageQuery,
};
pub use tickets::{
    CallRecord, CallRevealRequest, CallRevealResponse, ClaimRequest, LoggedCall, NewTicket,
    NoteRequest, TicketDetail, TicketEvent, TicketEventKind, TicketPatch, TicketQuery,
    TicketSummary,
};

/// Path prefix of every resource.
pub const PREFIX: &str = "/api/v1";
