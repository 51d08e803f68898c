//! Reading tickets: filtered, keyset-paged lists, one ticket with its timeline, an
//! account's tickets.

use chrono::{DateTime, Utc};

use super::Totals;
use crate::api::{
    Category, Channel, LoggedCall, Priority, Status, TicketDetail, TicketEvent, TicketSummary,
};
use crate::backoffice::store::cursor::{self, Cursor, CursorValue};
use crate::backoffice::store::{self, totals, OpError, OpResult, Row, StoreResult, Tx, Value};
use crate::domain::mask;
use crate::domain::sla::{china_date, ticket_deadline, working_secs_between};

const COLUMNS: &str =
    "t.id, t.subject, t.channel, t.category, t.status, t.priority, t.account_id, \
    a.name, t.assignee, t.claim_expires_at, t.due_on, t.due_approximate, t.created_at, \
    t.updated_at, t.version, t.sla_paused_at, t.sla_paused_secs, t.assigned_to, t.escalated_at";
/// How many columns [`COLUMNS`] names (a list's sort value follows them).
const COLUMN_COUNT: usize = 19;
const FROM: &str = "tickets t LEFT JOIN accounts a ON a.id = t.account_id";

/// Rank used to sort priorities (low → urgent).
pub fn priority_rank(p: Priority) -> i64 {
    match p {
        Priority::Low => 0,
        Priority::Normal => 1,
        Priority::High => 2,
        Priority::Urgent => 3,
    }
}

fn summary(r: &Row, now: DateTime<Utc>) -> StoreResult<TicketSummary> {
    let claim_expires_at = r.opt_time(9)?;
    // A lapsed lease means nobody holds the ticket any more.
    let live = claim_expires_at.is_some_and(|t| t > now);
    let (created_at, priority) = (r.time(12)?, r.enum_(5)?);
    let paused_at = r.opt_time(15)?;
    let paused_secs = r.i64(16)?;
    let remaining = paused_at
        .map(|p| working_secs_between(p, ticket_deadline(created_at, priority, paused_secs)));
    Ok(TicketSummary {
        id: r.i64(0)?,
        subject: r.str(1)?,
        channel: r.enum_(2)?,
        category: r.enum_(3)?,
        status: r.enum_(4)?,
        priority,
        account_id: r.opt_i64(6)?,
        customer: r.opt_str(7)?.map(|n| mask::mask_name(&n)),
        assignee: if live { r.opt_str(8)? } else { None },
        claim_expires_at: if live { claim_expires_at } else { None },
        due_on: r.date(10)?,
        due_approximate: r.bool(11)?,
        sla_paused: paused_at.is_some(),
        sla_remaining_seconds: remaining,
        created_at,
        updated_at: r.time(13)?,
        version: r.i64(14)?,
        assigned_to: r.opt_str(17)?,
        escalated: r.opt_str(18)?.is_some(),
    })
}

/// Sortable columns: the wire name and the SQL expression behind it.
const SORTS: &[(&str, &str)] = &[
    ("id", "t.id"),
    ("channel", "t.channel"),
    ("category", "t.category"),
    ("subject", "t.subject"),
    ("status", "t.status"),
    ("priority", "t.priority_rank"),
    ("assignee", "COALESCE(t.assignee, '')"),
    ("due", "t.due_on"),
    ("updated", "t.updated_at"),
    ("created", "t.created_at"),
];

/// The names accepted by `sort`.
pub fn sort_names() -> Vec<&'static str> {
    SORTS.iter().map(|(n, _)| *n).collect()
}

/// Who holds the ticket, as a filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssigneeFilter {
    /// Held by this operator: under their live claim, or assigned to them.
    Operator(String),
    /// Held by nobody: no live claim (none, or the lease lapsed) and no assignee.
    Nobody,
}

/// A validated ticket query.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Any of these statuses.
    pub statuses: Vec<Status>,
    /// Any of these categories.
    pub categories: Vec<Category>,
    /// Any of these channels.
    pub channels: Vec<Channel>,
    /// Holder.
    pub assignee: Option<AssigneeFilter>,
    /// Words in subject or body.
    pub text: Option<String>,
    /// Only this ticket number.
    pub id: Option<i64>,
    /// Only open tickets past their due date.
    pub overdue: bool,
    /// Sort column (wire name) and direction.
    pub sort: Option<(String, bool)>,
    /// Page size.
    pub limit: u32,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
}

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// Rows a page may walk in the sort column's order before the filter's own index is the
/// better path (see [`list`]).
const SCAN_BUDGET: u64 = 5_000;

/// The `WHERE` conditions of a filter and their parameters. With `hide_indexes`, the
/// filtered columns are written `+col`, which keeps SQLite from reading them through
/// their indexes (see [`list`]).
fn conditions(f: &Filter, now: DateTime<Utc>, hide_indexes: bool) -> (String, Vec<Value>) {
    let col = |c: &str| {
        if hide_indexes {
            format!("+{c}")
        } else {
            c.to_string()
        }
    };
    let mut cond: Vec<String> = vec!["1 = 1".into()];
    let mut params: Vec<Value> = Vec::new();
    store::in_list(&col("t.status"), &f.statuses, &mut cond, &mut params);
    store::in_list(&col("t.category"), &f.categories, &mut cond, &mut params);
    store::in_list(&col("t.channel"), &f.channels, &mut cond, &mut params);
    match &f.assignee {
        Some(AssigneeFilter::Operator(op)) => {
            // The "mine" view: what they are working on now and what a supervisor gave them.
            cond.push(format!(
                "(({} = ? AND t.claim_expires_at > ?) OR {} = ?)",
                col("t.assignee"),
                col("t.assigned_to")
            ));
            params.push(op.into());
            params.push(now.into());
            params.push(op.into());
        }
        Some(AssigneeFilter::Nobody) => {
            cond.push(
                "(t.assignee IS NULL OR t.claim_expires_at <= ?) AND t.assigned_to IS NULL".into(),
            );
            params.push(now.into());
        }
        None => {}
    }
    if let Some(q) = f.text.as_deref().filter(|q| !q.trim().is_empty()) {
        cond.push("(t.subject LIKE ? ESCAPE '\\' OR t.body LIKE ? ESCAPE '\\')".into());
        let pat = format!("%{}%", escape_like(q.trim()));
        params.push(pat.clone().into());
        params.push(pat.into());
    }
    if let Some(id) = f.id {
        cond.push("t.id = ?".into());
        params.push(Value::Int(id));
    }
    if f.overdue {
        // A paused ticket is not overdue while it waits (its clock stands still).
        cond.push(
            "t.due_on < ? AND t.status NOT IN ('resolved', 'closed', 'pending_customer', 'pending_review')"
                .into(),
        );
        params.push(china_date(now).format("%Y-%m-%d").to_string().into());
    }
    (cond.join(" AND "), params)
}

/// One page of tickets and the total of all matches.
///
/// The total comes from `totals` while the store has not changed (see
/// [`store::totals`]), so later pages and repeated refreshes do not count again.
pub fn list(
    tx: &mut dyn Tx,
    f: &Filter,
    now: DateTime<Utc>,
    totals: &Totals,
) -> OpResult<(Vec<TicketSummary>, Option<String>, u64)> {
    let (where_, params) = conditions(f, now, false);
    let generation = totals::generation(tx)?;
    // Who holds a ticket changes as claims lapse, without any write: count every time.
    let keep = f.assignee.is_none();
    let total = totals.count(
        tx,
        keep.then_some(generation),
        "tickets t",
        &where_,
        &params,
    )?;
    // SQLite (3.50) reads every match through a filtered column's index and sorts them,
    // fetching each whole row and its account first: ~200 ms a page for the 80,000 open
    // tickets of 200,000. When matches are dense, walking the sort column's index finds a
    // page after about (limit + 1) * rows / total rows, so the filter's indexes are hidden
    // from the planner; when they are sparse, sorting them is cheaper and left to it.
    // Tickets are never deleted, so the highest id is the number of rows, near enough.
    let table_rows = u64::try_from(generation.1).unwrap_or(0);
    let dense =
        (u64::from(f.limit) + 1).saturating_mul(table_rows) <= total.saturating_mul(SCAN_BUDGET);
    let (where_, params) = if dense && tx.backend() == "sqlite" {
        conditions(f, now, true)
    } else {
        (where_, params)
    };

    let (sort_name, desc) = f.sort.clone().unwrap_or_else(|| ("due".into(), false));
    let expr = SORTS
        .iter()
        .find(|(n, _)| *n == sort_name)
        .map(|(_, e)| *e)
        .ok_or_else(|| {
            OpError::invalid(
                "bad_sort",
                format!(
                    "cannot sort by {sort_name:?}; use one of {}",
                    sort_names().join(", ")
                ),
            )
        })?;
    let (cmp, dir) = if desc { ("<", "DESC") } else { (">", "ASC") };
    let mut page_where = where_;
    let mut page_params = params;
    if let Some(c) = &f.cursor {
        let c: Cursor = cursor::decode(c)?;
        // The row value is the exact bound, which PostgreSQL reads as a range of the
        // (column, id) index; the plain bound before it is the range SQLite can use
        // (it does not range-scan a row value over an expression index). Written as
        // `a > ? OR (a = ? AND id > ?)` instead, PostgreSQL walked the whole index from
        // the start: 280 ms for a page deep into 200,000 tickets.
        page_where.push_str(&format!(
            " AND {expr} {cmp}= ? AND ({expr}, t.id) {cmp} (?, ?)"
        ));
        page_params.push(c.v.clone().into());
        page_params.push(c.v.into());
        page_params.push(c.id.into());
    }
    page_params.push(i64::from(f.limit + 1).into());
    let rows = tx.query(
        &format!(
            "SELECT {COLUMNS}, {expr} FROM {FROM} WHERE {page_where} ORDER BY {expr} {dir}, t.id {dir} LIMIT ?"
        ),
        &page_params,
    )?;
    let more = rows.len() > f.limit as usize;
    let mut items = Vec::with_capacity(rows.len());
    let mut next = None;
    for (i, r) in rows.iter().enumerate() {
        if i == f.limit as usize {
            break;
        }
        let s = summary(r, now)?;
        if more && i + 1 == f.limit as usize {
            let v = match r.0.get(COLUMN_COUNT) {
                Some(Value::Int(i)) => CursorValue::Int(*i),
                Some(Value::Text(t)) => CursorValue::Text(t.clone()),
                _ => CursorValue::Text(String::new()),
            };
            next = Some(cursor::encode(&Cursor { v, id: s.id }));
        }
        items.push(s);
    }
    Ok((items, next, total))
}

/// Tickets matching `rest` (`WHERE …`, `ORDER BY …`, `LIMIT …`, with `?` for `params`),
/// each with its SLA deadline (moved on by earlier pauses) and the row, whose `extra`
/// columns (written with the `t.` prefix) follow the list's own from [`EXTRA_AT`] on.
pub(crate) fn select(
    tx: &mut dyn Tx,
    extra: &str,
    rest: &str,
    params: &[Value],
    now: DateTime<Utc>,
) -> StoreResult<Vec<(TicketSummary, DateTime<Utc>, Row)>> {
    let extra = if extra.is_empty() {
        String::new()
    } else {
        format!(", {extra}")
    };
    tx.query(
        &format!("SELECT {COLUMNS}{extra} FROM {FROM} {rest}"),
        params,
    )?
    .into_iter()
    .map(|r| {
        let s = summary(&r, now)?;
        let deadline = ticket_deadline(s.created_at, s.priority, r.i64(16)?);
        Ok((s, deadline, r))
    })
    .collect()
}

/// Where the extra columns of [`select`] start in its rows.
pub(crate) const EXTRA_AT: usize = COLUMN_COUNT;

/// A ticket's list fields.
pub fn get(tx: &mut dyn Tx, id: i64, now: DateTime<Utc>) -> OpResult<TicketSummary> {
    let r = tx
        .query_opt(
            &format!("SELECT {COLUMNS} FROM {FROM} WHERE t.id = ?"),
            &[id.into()],
        )?
        .ok_or_else(|| OpError::NotFound(format!("ticket {id}")))?;
    Ok(summary(&r, now)?)
}

/// A ticket with its body and timeline.
pub fn detail(tx: &mut dyn Tx, id: i64, now: DateTime<Utc>) -> OpResult<TicketDetail> {
    let summary = get(tx, id, now)?;
    let body = tx
        .query_opt("SELECT body FROM tickets WHERE id = ?", &[id.into()])?
        .map(|r| r.str(0))
        .transpose()?
        .unwrap_or_default();
    let events = tx
        .query(
            "SELECT id, kind, author, body, at FROM ticket_events WHERE ticket_id = ? ORDER BY id",
            &[id.into()],
        )?
        .iter()
        .map(|r| {
            Ok(TicketEvent {
                id: r.i64(0)?,
                kind: r.enum_(1)?,
                author: r.str(2)?,
                body: r.str(3)?,
                at: r.time(4)?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    let follow_up_at = tx
        .query_opt(
            "SELECT follow_up_at FROM tickets WHERE id = ?",
            &[id.into()],
        )?
        .map(|r| r.opt_time(0))
        .transpose()?
        .flatten();
    let calls = tx
        .query(
            "SELECT id, event_id, caller_phone, callback_at, at FROM ticket_calls WHERE ticket_id = ? ORDER BY id",
            &[id.into()],
        )?
        .iter()
        .map(|r| {
            Ok(LoggedCall {
                id: r.i64(0)?,
                event_id: r.i64(1)?,
                // Masked like every phone that leaves the back office.
                caller_phone: r
                    .opt_str(2)?
                    .map(|p| crate::domain::mask::mask_phone(&p)),
                callback_at: r.opt_time(3)?,
                at: r.time(4)?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(TicketDetail {
        summary,
        body,
        events,
        follow_up_at,
        calls,
    })
}

/// The caller's number of a call on a ticket, in full (for the audited reveal).
pub fn call_phone(tx: &mut dyn Tx, ticket: i64, call: i64) -> OpResult<Option<String>> {
    match tx.query_opt(
        "SELECT caller_phone FROM ticket_calls WHERE id = ? AND ticket_id = ?",
        &[call.into(), ticket.into()],
    )? {
        Some(r) => Ok(r.opt_str(0)?),
        None => Err(OpError::NotFound(format!("call {call} of ticket {ticket}"))),
    }
}

/// Tickets of one account, newest first.
pub fn for_account(
    tx: &mut dyn Tx,
    account: i64,
    now: DateTime<Utc>,
) -> StoreResult<Vec<TicketSummary>> {
    tx.query(
        &format!("SELECT {COLUMNS} FROM {FROM} WHERE t.account_id = ? ORDER BY t.created_at DESC LIMIT 50"),
        &[account.into()],
    )?
    .iter()
    .map(|r| summary(r, now))
    .collect()
}
