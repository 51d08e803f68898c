//! Deterministic demo data: operators, end-user accounts, tickets and manual reviews.
//!
//! Plain data, no I/O: the store inserts what [`generate`] returns. Everything comes from a
//! fixed-seed PRNG and times are offsets from `now`, so two calls with the same `now` give
//! identical data. The fixed stories of [`STORIES`] come first in every vector.

mod accounts;
mod builder;
mod day;
mod ids;
mod images;
mod names;
mod prng;
mod reviews;
mod stories;
mod stream;
mod tables;
mod team;
mod texts;
mod tickets;

#[cfg(test)]
mod tests;

use chrono::{DateTime, Utc};

use crate::api::{
    AccountState, Category, Channel, Degree, DocumentKind, Priority, RegistrationChannel,
    ReviewKind, Role, Status, TicketEventKind, Verification,
};

pub use day::FIRST_APPROVER;
pub use images::{DOCUMENT_HEIGHT, DOCUMENT_WIDTH, SELFIE_HEIGHT, SELFIE_WIDTH};
pub use stories::{
    Stories, STORIES, STORY_CONFLICT_ID, STORY_HMT_PERMIT, STORY_LOCKED_PHONE, STORY_RARE_PHONE,
};
pub use stream::Stream;

use builder::Builder;

/// Password of every demo operator.
pub const DEMO_PASSWORD: &str = "kefu-demo";
/// How many accounts [`generate`] makes, stories included.
pub const ACCOUNT_COUNT: usize = 5200;
/// How many tickets [`generate`] makes, stories included.
pub const TICKET_COUNT: usize = 1200;
/// How many manual reviews [`generate`] makes, stories included.
pub const REVIEW_COUNT: usize = 150;
/// Price of every report order, in fen (2 CNY).
pub const REPORT_PRICE_FEN: i64 = 200;
/// The operator who opens every demo review (so the reviewers may decide them).
pub const REVIEW_OPENER: &str = "demo-agent";

/// The fixed seed: "kefu-dem" in ASCII.
const SEED: u64 = 0x6b65_6675_2d64_656d;
/// Tickets are spread over this many days before `now`.
const TICKET_DAYS: i64 = 30;

/// Everything the demo database holds.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoData {
    /// Operators of the desk.
    pub operators: Vec<DemoOperator>,
    /// End-user accounts, stories first.
    pub accounts: Vec<DemoAccount>,
    /// Tickets, stories first.
    pub tickets: Vec<DemoTicket>,
    /// Pending manual reviews, stories first.
    pub reviews: Vec<DemoReview>,
}

/// A demo operator; the password is [`DEMO_PASSWORD`].
#[derive(Debug, Clone, PartialEq)]
pub struct DemoOperator {
    /// Login id, e.g. `demo-agent`.
    pub id: String,
    /// Display name in Chinese.
    pub name: String,
    /// Roles held.
    pub roles: Vec<Role>,
}

/// An end-user account with its full, unmasked data.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoAccount {
    /// Login name: the mobile number or an e-mail address.
    pub login: String,
    /// Real name in full (the store masks it).
    pub name: String,
    /// Bound mobile number, 11 digits.
    pub phone: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Identity document kind.
    pub document_kind: DocumentKind,
    /// Identity document number in full, valid for its kind.
    pub document_number: String,
    /// Stored state.
    pub state: AccountState,
    /// Real-name verification.
    pub verification: Verification,
    /// Self-registered or school batch import.
    pub registration_channel: RegistrationChannel,
    /// Registered.
    pub registered_at: DateTime<Utc>,
    /// Consecutive failed logins, oldest first (5 for locked accounts, the last at the lock).
    pub failed_logins: Vec<DateTime<Utc>>,
    /// When the account locked (locked accounts only).
    pub locked_at: Option<DateTime<Utc>>,
    /// Why it is frozen (frozen accounts only).
    pub frozen_reason: Option<String>,
    /// When the activation e-mail was last sent (unactivated accounts only).
    pub activation_sent_at: Option<DateTime<Utc>>,
    /// Degree records.
    pub degrees: Vec<Degree>,
    /// Report orders, oldest first.
    pub orders: Vec<DemoOrder>,
}

/// A report order.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoOrder {
    /// `degree_record`, `enrollment_report` or `overseas_certification`.
    pub kind: String,
    /// Price in fen (200 = 2 CNY).
    pub amount_fen: i64,
    /// Ordered.
    pub created_at: DateTime<Utc>,
    /// Verification link: `active`, `expired` or `none`.
    pub link_state: String,
}

/// A ticket with its timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoTicket {
    /// One-line subject.
    pub subject: String,
    /// The customer's first message or the call summary.
    pub body: String,
    /// What it is about.
    pub category: Category,
    /// Where it came from.
    pub channel: Channel,
    /// Where it stands.
    pub status: Status,
    /// How urgent.
    pub priority: Priority,
    /// Index into [`DemoData::accounts`].
    pub account: Option<usize>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Timeline after creation, oldest first.
    pub events: Vec<DemoEvent>,
    /// A live claim by a demo operator.
    pub claim: Option<DemoClaim>,
    /// Assigned by the demo's supervisor.
    pub assigned: Option<DemoAssignment>,
    /// Handed to the supervisors by an agent, not yet assigned.
    pub escalation: Option<DemoEscalation>,
}

/// An assignment by a supervisor, standing at seeding time.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoAssignment {
    /// The assignee.
    pub to: String,
    /// When it was assigned.
    pub at: DateTime<Utc>,
}

/// A ticket an agent handed to the supervisors.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoEscalation {
    /// The agent.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
    /// What the supervisor needs to know.
    pub note: String,
}

/// A live claim held at seeding time.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoClaim {
    /// Operator id.
    pub by: String,
    /// When the lease lapses unless renewed.
    pub until: DateTime<Utc>,
}

/// The first of a rebind's two approvals.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoApproval {
    /// The first approver (another reviewer gives the second).
    pub reviewer: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// One entry on a ticket's timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoEvent {
    /// What happened.
    pub kind: TicketEventKind,
    /// Operator id, or `system`.
    pub author: String,
    /// Text of the note or summary of the change.
    pub body: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// A manual review with its synthetic images: pending, claimed or awaiting its second
/// approval.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoReview {
    /// What it decides.
    pub kind: ReviewKind,
    /// Index into [`DemoData::accounts`].
    pub account: usize,
    /// Index into [`DemoData::tickets`].
    pub ticket: Option<usize>,
    /// For phone rebinds: the new number (bound to no account).
    pub new_phone: Option<String>,
    /// What the agent received.
    pub note: String,
    /// Operator who opened it (always [`REVIEW_OPENER`]).
    pub opened_by: String,
    /// Submitted.
    pub submitted_at: DateTime<Utc>,
    /// Document kind submitted.
    pub document_kind: DocumentKind,
    /// Document number in full.
    pub document_number: String,
    /// Drawn document photo, PNG, [`DOCUMENT_WIDTH`]×[`DOCUMENT_HEIGHT`].
    pub document_image: Vec<u8>,
    /// Drawn cartoon selfie, PNG, [`SELFIE_WIDTH`]×[`SELFIE_HEIGHT`].
    pub selfie_image: Vec<u8>,
    /// A live claim by a demo reviewer (the review is then `claimed`).
    pub claim: Option<DemoClaim>,
    /// Its first approval (the review then awaits the second).
    pub first_approval: Option<DemoApproval>,
    /// Assigned by the demo's supervisor.
    pub assigned: Option<DemoAssignment>,
}

/// The demo data for a database seeded at `now`; deterministic given `now`.
pub fn generate(now: DateTime<Utc>) -> DemoData {
    let mut b = Builder::new(now);
    stories::add(&mut b);
    let first_review = b.reviews.len();
    b.add_accounts();
    b.add_tickets();
    b.add_reviews();
    b.make_a_day(first_review);
    b.make_a_team(first_review);
    DemoData {
        operators: operators(),
        accounts: b.accounts,
        tickets: b.tickets,
        reviews: b.reviews,
    }
}

fn operators() -> Vec<DemoOperator> {
    let op = |id: &str, name: &str, roles: &[Role]| DemoOperator {
        id: id.to_string(),
        name: name.to_string(),
        roles: roles.to_vec(),
    };
    vec![
        op("demo-agent", "客服小林", &[Role::Agent]),
        op("demo-reviewer", "审核员陈静", &[Role::Reviewer]),
        op("demo-reviewer2", "审核员马骏", &[Role::Reviewer]),
        op(
            "demo-lead",
            "主管周蕾",
            &[Role::Supervisor, Role::Reviewer, Role::Agent],
        ),
    ]
}
