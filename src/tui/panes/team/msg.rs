//! Answers that come back to the team pane, and the I/O it asks for.

use crate::api::{
    Alert, AssignRequest, AuditEntry, AuditQuery, EscalateRequest, Escalations, ItemKind, Page,
    ReviewSummary, SlaWatch, TeamMember, TeamMemberDetail, TeamPageQuery, TicketSummary,
};
use crate::client::{ClientError, IdempotencyKey};

/// A ticket or a review read to be opened (audit rows and held items give only the id).
#[derive(Debug, Clone)]
pub enum Opened {
    /// The ticket.
    Ticket(Box<TicketSummary>),
    /// The review.
    Review(Box<ReviewSummary>),
}

/// Something that happened to the team pane.
#[derive(Debug, Clone)]
pub enum TeamAction {
    /// `GET /team` answered.
    Board {
        /// Request id.
        req: u64,
        /// The board.
        result: Result<Page<TeamMember>, ClientError>,
    },
    /// `GET /team/{operator}` answered.
    Member {
        /// Request id.
        req: u64,
        /// The operator's items.
        result: Result<TeamMemberDetail, ClientError>,
    },
    /// `GET /sla` answered.
    Sla {
        /// Request id.
        req: u64,
        /// The watch.
        result: Result<SlaWatch, ClientError>,
    },
    /// `GET /escalations` answered.
    Escalations {
        /// Request id.
        req: u64,
        /// The lists.
        result: Result<Escalations, ClientError>,
    },
    /// A page of the audit trail.
    Audit {
        /// Request id.
        req: u64,
        /// The page.
        result: Result<Page<AuditEntry>, ClientError>,
    },
    /// `GET /alerts?open=true` answered.
    Alerts {
        /// Request id.
        req: u64,
        /// Open alerts.
        result: Result<Page<Alert>, ClientError>,
    },
    /// An alert acknowledged (or not).
    Acked {
        /// The alert.
        seq: i64,
        /// Outcome.
        result: Result<Alert, ClientError>,
    },
    /// An item read to be opened.
    Opened {
        /// Request id.
        req: u64,
        /// The item.
        result: Result<Opened, ClientError>,
    },
    /// An assignment answered.
    Assigned {
        /// Ticket or review.
        kind: ItemKind,
        /// Its id.
        id: i64,
        /// To whom.
        operator: String,
        /// Outcome.
        result: Result<(), ClientError>,
    },
    /// An escalation answered.
    Escalated {
        /// The ticket.
        id: i64,
        /// Outcome.
        result: Result<(), ClientError>,
    },
}

/// I/O the team pane asks for.
#[derive(Debug, Clone)]
pub enum TeamEffect {
    /// `GET /team` (newest wins).
    Board {
        /// Request id.
        req: u64,
    },
    /// `GET /team/{operator}` (a first page, or the next one read ahead).
    Member {
        /// Request id.
        req: u64,
        /// Whose items.
        operator: String,
        /// Page size and cursor.
        query: TeamPageQuery,
    },
    /// `GET /sla` (a first page, or the next one read ahead).
    Sla {
        /// Request id.
        req: u64,
        /// Page size and cursor.
        query: TeamPageQuery,
    },
    /// `GET /escalations` (a first page, or the next one read ahead).
    Escalations {
        /// Request id.
        req: u64,
        /// Page size and cursor.
        query: TeamPageQuery,
    },
    /// `GET /audit` (a first page, or the next one read ahead).
    Audit {
        /// Request id.
        req: u64,
        /// Query with filters and cursor.
        query: AuditQuery,
    },
    /// `GET /alerts?open=true`.
    Alerts {
        /// Request id.
        req: u64,
    },
    /// `POST /alerts/{seq}/ack`.
    Ack {
        /// The alert.
        seq: i64,
        /// Key.
        key: IdempotencyKey,
    },
    /// Read a ticket or review to open it.
    Open {
        /// Request id.
        req: u64,
        /// Ticket or review.
        kind: ItemKind,
        /// Its id.
        id: i64,
    },
    /// `POST /tickets|reviews/{id}/assign`.
    Assign {
        /// Ticket or review.
        kind: ItemKind,
        /// Its id.
        id: i64,
        /// Operator and reason.
        body: AssignRequest,
        /// Key (kept while the form is open, so a resend is the same request).
        key: IdempotencyKey,
    },
    /// `POST /tickets/{id}/escalate`.
    Escalate {
        /// The ticket.
        id: i64,
        /// The note.
        body: EscalateRequest,
        /// Key.
        key: IdempotencyKey,
    },
}
