//! The team pane as plain data: which sub-view, each sub-view's rows and selection, and
//! the form open over the desk (assignment, escalation note, filters).

use crate::api::{
    Alert, AuditEntry, Escalations, ItemKind, Role, SlaWatch, TeamMember, TeamMemberDetail,
};
use crate::tui::context::Latest;

use super::form::Form;

/// The pane's sub-views, in the order of their tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// Who holds what, live.
    #[default]
    Board,
    /// Breached and breaching tickets, overdue reviews.
    Sla,
    /// Items handed to the supervisors.
    Escalations,
    /// The audit trail.
    Audit,
    /// Security alerts until acknowledged.
    Alerts,
}

impl View {
    /// Every sub-view in tab order.
    pub const ALL: [View; 5] = [
        View::Board,
        View::Sla,
        View::Escalations,
        View::Audit,
        View::Alerts,
    ];

    /// Its catalog key (`team.view.<name>`).
    pub fn key(self) -> &'static str {
        match self {
            View::Board => "team.view.board",
            View::Sla => "team.view.sla",
            View::Escalations => "team.view.escalations",
            View::Audit => "team.view.audit",
            View::Alerts => "team.view.alerts",
        }
    }
}

/// Columns the board sorts by (`s` steps through them, `S` reverses).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BoardSort {
    /// Most items held first (the default: who is loaded).
    #[default]
    Load,
    /// Operator id.
    Operator,
    /// Online first, then by last seen.
    Seen,
    /// Longest-held item first.
    Oldest,
    /// Most calls today first.
    Calls,
}

impl BoardSort {
    /// The next column.
    pub fn next(self) -> BoardSort {
        match self {
            BoardSort::Load => BoardSort::Operator,
            BoardSort::Operator => BoardSort::Seen,
            BoardSort::Seen => BoardSort::Oldest,
            BoardSort::Oldest => BoardSort::Calls,
            BoardSort::Calls => BoardSort::Load,
        }
    }

    /// Its catalog key (`team.sort.<name>`).
    pub fn key(self) -> &'static str {
        match self {
            BoardSort::Load => "team.sort.load",
            BoardSort::Operator => "team.sort.operator",
            BoardSort::Seen => "team.sort.seen",
            BoardSort::Oldest => "team.sort.oldest",
            BoardSort::Calls => "team.sort.calls",
        }
    }
}

/// The team board.
#[derive(Debug, Clone, Default)]
pub struct Board {
    /// Every operator as last read.
    pub rows: Vec<TeamMember>,
    /// The rows have been read once.
    pub loaded: bool,
    /// Selected row of the shown (filtered, sorted) rows.
    pub selected: usize,
    /// Sort column.
    pub sort: BoardSort,
    /// Sort reversed.
    pub reverse: bool,
    /// Only operators online.
    pub online_only: bool,
    /// Text filter (operator id, name or role).
    pub filter: String,
    /// The newest read.
    pub pending: Latest,
}

/// One operator's items (Enter on the board), read page by page ahead of the selection.
#[derive(Debug, Clone, Default)]
pub struct Member {
    /// Whose.
    pub operator: String,
    /// As read so far: the newest board row, the items of every page read (none until the
    /// first answer); its `next_cursor` goes on from the last page.
    pub detail: Option<TeamMemberDetail>,
    /// Selected item.
    pub selected: usize,
    /// The first page's read (a refresh supersedes it).
    pub pending: Latest,
    /// The next page's read, ahead of the selection.
    pub ahead: Latest,
}

/// A paged sub-view whose answer holds several lists (SLA watch, escalations): the pages
/// read so far merged into one answer, the next read ahead of the selection.
#[derive(Debug, Clone)]
pub struct Paged<T> {
    /// As read so far (its `next_cursor` goes on from the last page).
    pub data: Option<T>,
    /// Selected item.
    pub selected: usize,
    /// The first page's read (a refresh supersedes it).
    pub pending: Latest,
    /// The next page's read, ahead of the selection.
    pub ahead: Latest,
}

impl<T> Default for Paged<T> {
    fn default() -> Self {
        Paged {
            data: None,
            selected: 0,
            pending: Latest::default(),
            ahead: Latest::default(),
        }
    }
}

/// The audit browser's filters, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Operator id.
    pub operator: String,
    /// Action; ending in `.` it is a prefix (`security.`).
    pub action: String,
    /// Target such as `ticket:12`.
    pub target: String,
    /// From (Beijing time, `2026-03-10` or `2026-03-10 09:00`), as RFC 3339 once checked.
    pub since: String,
    /// Until (same forms).
    pub until: String,
}

impl AuditFilter {
    /// Whether no filter is set.
    pub fn is_empty(&self) -> bool {
        *self == AuditFilter::default()
    }
}

/// The audit browser: pages read one after the other as the selection nears the end.
#[derive(Debug, Clone, Default)]
pub struct Audit {
    /// Rows read so far, newest first.
    pub rows: Vec<AuditEntry>,
    /// Rows matching the filters on the server.
    pub total: u64,
    /// Cursor of the next page (none: all read).
    pub next_cursor: Option<String>,
    /// Selected row.
    pub selected: usize,
    /// Filters in force.
    pub filter: AuditFilter,
    /// The first page's read (a new filter supersedes it).
    pub pending: Latest,
    /// The next page's read, ahead of the selection.
    pub ahead: Latest,
    /// The first page has been read.
    pub loaded: bool,
}

/// Security alerts not yet acknowledged.
#[derive(Debug, Clone, Default)]
pub struct Alerts {
    /// Open alerts, newest first.
    pub rows: Vec<Alert>,
    /// How many are open on the server (may exceed the rows read).
    pub open: u64,
    /// Selected row.
    pub selected: usize,
    /// The newest read.
    pub pending: Latest,
    /// An acknowledgement in flight.
    pub acking: Option<i64>,
}

/// The team pane.
#[derive(Debug, Clone, Default)]
pub struct TeamState {
    /// Sub-view shown.
    pub view: View,
    /// Team board.
    pub board: Board,
    /// One operator's items, open over the board.
    pub member: Option<Member>,
    /// SLA watch.
    pub sla: Paged<SlaWatch>,
    /// Escalations.
    pub escalations: Paged<Escalations>,
    /// Escalations raised (live) since the supervisor last had the list on screen: shown
    /// on the pane's tab and the escalations tab until seen.
    pub new_escalations: u32,
    /// Audit browser.
    pub audit: Audit,
    /// Alerts (read at sign-in and on every alert event, shown on the tab).
    pub alerts: Alerts,
    /// The form open over the desk.
    pub form: Option<Form>,
    /// A live event changed what the board, the SLA watch or the escalations show.
    pub stale: bool,
    /// An item opened by id is being read (its answer opens it).
    pub opening: Latest,
}

/// What a row of a list stands for, for Enter and assignment.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A ticket known by its row.
    Ticket(Box<crate::api::TicketSummary>),
    /// A review known by its row.
    Review(Box<crate::api::ReviewSummary>),
    /// A ticket or review known by its id only (read before it is opened).
    Item(ItemKind, i64, String),
    /// An account (audit rows).
    Account(i64),
}

impl Target {
    /// The item to assign, with its title: tickets and reviews only.
    pub fn assignable(&self) -> Option<(ItemKind, i64, String)> {
        match self {
            Target::Ticket(t) => Some((ItemKind::Ticket, t.id, t.subject.clone())),
            Target::Review(r) => Some((ItemKind::Review, r.id, r.applicant.clone())),
            Target::Item(k, id, title) => Some((*k, *id, title.clone())),
            Target::Account(_) => None,
        }
    }
}

/// The role an item needs of its assignee.
pub fn role_for(kind: ItemKind) -> Role {
    match kind {
        ItemKind::Ticket => Role::Agent,
        ItemKind::Review => Role::Reviewer,
    }
}

/// A target from an audit row's `kind:id` target.
pub fn parse_target(target: &str) -> Option<Target> {
    let (kind, id) = target.split_once(':')?;
    let id: i64 = id.parse().ok()?;
    match kind {
        "ticket" => Some(Target::Item(ItemKind::Ticket, id, String::new())),
        "review" => Some(Target::Item(ItemKind::Review, id, String::new())),
        "account" => Some(Target::Account(id)),
        _ => None,
    }
}
