//! The ticket queue as plain data: one page of rows, its filter and sort, the pages
//! read ahead of the selection, and the filter bar.

use tui_input::Input;

use super::filter::QueueFilter;
use super::pages::Neighbour;
use crate::api::TicketSummary;
use crate::tui::context::Latest;

/// Tickets per page.
pub const PAGE_SIZE: u32 = 50;

/// Columns of the queue, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// Ticket number.
    Id,
    /// Phone, e-mail, web.
    Channel,
    /// Category.
    Category,
    /// Subject.
    Subject,
    /// Customer (masked by the server).
    Customer,
    /// Status.
    Status,
    /// Priority.
    Priority,
    /// Claim holder and time left.
    Assignee,
    /// SLA due, as working days left.
    Due,
}

impl Column {
    /// All columns in display order.
    pub const ALL: [Column; 9] = [
        Column::Id,
        Column::Channel,
        Column::Category,
        Column::Subject,
        Column::Customer,
        Column::Status,
        Column::Priority,
        Column::Assignee,
        Column::Due,
    ];

    /// The server's sort key; the customer is masked server-side and sorts as the account.
    pub fn sort_key(self) -> &'static str {
        match self {
            Column::Id => "id",
            Column::Channel => "channel",
            Column::Category => "category",
            Column::Subject => "subject",
            Column::Customer => "customer",
            Column::Status => "status",
            Column::Priority => "priority",
            Column::Assignee => "assignee",
            Column::Due => "due",
        }
    }

    /// Catalog key of the header.
    pub fn label_key(self) -> &'static str {
        match self {
            Column::Id => "queue.col.id",
            Column::Channel => "queue.col.channel",
            Column::Category => "queue.col.category",
            Column::Subject => "queue.col.subject",
            Column::Customer => "queue.col.customer",
            Column::Status => "queue.col.status",
            Column::Priority => "queue.col.priority",
            Column::Assignee => "queue.col.assignee",
            Column::Due => "queue.col.due",
        }
    }
}

/// The queue pane.
#[derive(Debug, Clone)]
pub struct QueueState {
    /// Filter in force.
    pub filter: QueueFilter,
    /// Sorted column.
    pub sort: Column,
    /// Descending sort.
    pub desc: bool,
    /// The page shown (never the whole queue).
    pub rows: Vec<TicketSummary>,
    /// Matching tickets in all.
    pub total: u64,
    /// Selected row in `rows`.
    pub selected: usize,
    /// Cursors of the pages so far (index 0 is the first page: none).
    pub cursors: Vec<Option<String>>,
    /// Cursor of the next page.
    pub next_cursor: Option<String>,
    /// The newest list request; older answers are dropped.
    pub pending: Latest,
    /// Filter bar, when open.
    pub filter_bar: Option<Input>,
    /// Error in the filter bar.
    pub filter_error: Option<String>,
    /// Name of the saved view in force.
    pub view: Option<String>,
    /// Tickets that arrived since the operator last looked.
    pub arrived: u32,
    /// Where to put the selection when the page arrives.
    pub select_on_load: SelectOnLoad,
    /// The next page, read ahead of the selection.
    pub ahead: Option<Neighbour>,
    /// The previous page, kept or read ahead.
    pub behind: Option<Neighbour>,
    /// While a crossing waits for its page: the cursors before it, put back if it fails.
    pub crossed_from: Option<Vec<Option<String>>>,
    /// Rows moved while a crossing waits for its page (down positive): applied when it
    /// is on screen, so a burst of keys lands where it would have without the wait.
    pub deferred: i64,
}

/// Where the selection goes when a page arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SelectOnLoad {
    /// First row.
    First,
    /// Last row (paging backwards).
    Last,
    /// The same ticket as before (live refresh).
    Keep(Option<i64>),
}

impl Default for QueueState {
    fn default() -> Self {
        QueueState {
            filter: QueueFilter::open_work(),
            sort: Column::Due,
            desc: false,
            rows: Vec::new(),
            total: 0,
            selected: 0,
            cursors: vec![None],
            next_cursor: None,
            pending: Latest::default(),
            filter_bar: None,
            filter_error: None,
            view: None,
            arrived: 0,
            select_on_load: SelectOnLoad::First,
            ahead: None,
            behind: None,
            crossed_from: None,
            deferred: 0,
        }
    }
}

impl QueueState {
    /// The selected ticket.
    pub fn current(&self) -> Option<&TicketSummary> {
        self.rows.get(self.selected)
    }

    /// 1-based number of the page shown.
    pub fn page(&self) -> usize {
        self.cursors.len()
    }
}
