//! Tickets: filtered, keyset-paged lists; the timeline; claims with leases; audited changes.

use base64::Engine as _;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::totals;
pub use super::totals::Totals;
use super::{audit, check_version, OpError, OpResult, Row, StoreResult, Tx, Value};
use crate::api::{
    CallRecord, Category, Channel, NewTicket, Priority, Status, TicketDetail, TicketEvent,
    TicketEventKind, TicketPatch, TicketSummary, Visibility,
};
use crate::domain::mask;
use crate::domain::sla::{china_date, ticket_due};
use crate::domain::ticket::CLAIM_LEASE_MINUTES;

const COLUMNS: &str =
    "t.id, t.subject, t.channel, t.category, t.status, t.priority, t.account_id, \
    a.name, t.assignee, t.claim_expires_at, t.due_on, t.due_approximate, t.created_at, \
    t.updated_at, t.version";
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
    Ok(TicketSummary {
        id: r.i64(0)?,
        subject: r.str(1)?,
        channel: r.enum_(2)?,
        category: r.enum_(3)?,
        status: r.enum_(4)?,
        priority: r.enum_(5)?,
        account_id: r.opt_i64(6)?,
        customer: r.opt_str(7)?.map(|n| mask::mask_name(&n)),
        assignee: if live { r.opt_str(8)? } else { None },
        claim_expires_at: if live { claim_expires_at } else { None },
        due_on: r.date(10)?,
        due_approximate: r.bool(11)?,
        created_at: r.time(12)?,
        updated_at: r.time(13)?,
        version: r.i64(14)?,
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
    /// Held by this operator.
    Operator(String),
    /// Held by nobody (or the lease lapsed).
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
    /// Only open tickets past their due date.
    pub overdue: bool,
    /// Sort column (wire name) and direction.
    pub sort: Option<(String, bool)>,
    /// Page size.
    pub limit: u32,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct Cursor {
    v: CursorValue,
    id: i64,
}

#[derive(Serialize, Deserialize, Clone)]
#[serde(untagged)]
enum CursorValue {
    Int(i64),
    Text(String),
}

impl From<CursorValue> for Value {
    fn from(v: CursorValue) -> Value {
        match v {
            CursorValue::Int(i) => Value::Int(i),
            CursorValue::Text(s) => Value::Text(s),
        }
    }
}

fn encode_cursor(c: &Cursor) -> String {
    let json = serde_json::to_vec(c).unwrap_or_default();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
}

fn decode_cursor(s: &str) -> OpResult<Cursor> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(|| {
            OpError::invalid(
                "bad_cursor",
                "cursor is not one this server gave out; start again without it",
            )
        })
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
    super::in_list(&col("t.status"), &f.statuses, &mut cond, &mut params);
    super::in_list(&col("t.category"), &f.categories, &mut cond, &mut params);
    super::in_list(&col("t.channel"), &f.channels, &mut cond, &mut params);
    match &f.assignee {
        Some(AssigneeFilter::Operator(op)) => {
            cond.push(format!(
                "{} = ? AND t.claim_expires_at > ?",
                col("t.assignee")
            ));
            params.push(op.into());
            params.push(now.into());
        }
        Some(AssigneeFilter::Nobody) => {
            cond.push("(t.assignee IS NULL OR t.claim_expires_at <= ?)".into());
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
    if f.overdue {
        cond.push("t.due_on < ? AND t.status NOT IN ('resolved', 'closed')".into());
        params.push(china_date(now).format("%Y-%m-%d").to_string().into());
    }
    (cond.join(" AND "), params)
}

/// One page of tickets and the total of all matches.
///
/// The total comes from `totals` while the store has not changed (see
/// [`super::totals`]), so later pages and repeated refreshes do not count again.
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
        let c = decode_cursor(c)?;
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
            let v = match r.0.get(15) {
                Some(Value::Int(i)) => CursorValue::Int(*i),
                Some(Value::Text(t)) => CursorValue::Text(t.clone()),
                _ => CursorValue::Text(String::new()),
            };
            next = Some(encode_cursor(&Cursor { v, id: s.id }));
        }
        items.push(s);
    }
    Ok((items, next, total))
}

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
    Ok(TicketDetail {
        summary,
        body,
        events,
    })
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

/// Add an entry to a ticket's timeline.
pub fn add_event(
    tx: &mut dyn Tx,
    ticket: i64,
    kind: TicketEventKind,
    author: &str,
    body: &str,
    at: DateTime<Utc>,
) -> StoreResult<i64> {
    tx.query_i64(
        "INSERT INTO ticket_events (ticket_id, kind, author, body, at) VALUES (?, ?, ?, ?, ?) RETURNING id",
        &[ticket.into(), super::enum_str(&kind).into(), author.into(), body.into(), at.into()],
    )
}

fn audit_state(t: &TicketSummary) -> serde_json::Value {
    json!({
        "status": super::enum_str(&t.status),
        "priority": super::enum_str(&t.priority),
        "category": super::enum_str(&t.category),
        "assignee": t.assignee,
        "account_id": t.account_id,
        "version": t.version,
    })
}

fn audit_change(
    tx: &mut dyn Tx,
    operator: &str,
    action: &str,
    before: Option<&TicketSummary>,
    after: &TicketSummary,
    extra: Option<serde_json::Value>,
) -> StoreResult<()> {
    let mut after_json = audit_state(after);
    if let (Some(obj), Some(serde_json::Value::Object(x))) = (after_json.as_object_mut(), extra) {
        obj.extend(x);
    }
    audit::append(
        tx,
        &audit::Record {
            operator,
            action,
            target: format!("ticket:{}", after.id),
            reason: None,
            before: before.map(audit_state),
            after: Some(after_json),
        },
    )?;
    Ok(())
}

fn touch(tx: &mut dyn Tx, id: i64, now: DateTime<Utc>) -> StoreResult<()> {
    tx.execute(
        "UPDATE tickets SET updated_at = ?, version = version + 1 WHERE id = ?",
        &[now.into(), id.into()],
    )?;
    Ok(())
}

/// Open a ticket.
pub fn create(
    tx: &mut dyn Tx,
    operator: &str,
    t: &NewTicket,
    now: DateTime<Utc>,
) -> OpResult<TicketDetail> {
    if t.subject.trim().is_empty() {
        return Err(OpError::invalid(
            "subject_required",
            "subject must not be empty",
        ));
    }
    if let Some(acc) = t.account_id {
        super::accounts::require(tx, acc)?;
    }
    let priority = t.priority.unwrap_or(Priority::Normal);
    let due = ticket_due(now, priority);
    let id = tx.query_i64(
        "INSERT INTO tickets (subject, body, category, channel, status, priority, priority_rank, account_id,
            due_on, due_approximate, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'new', ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        &[
            t.subject.trim().into(),
            t.body.clone().into(),
            super::enum_str(&t.category).into(),
            super::enum_str(&t.channel).into(),
            super::enum_str(&priority).into(),
            priority_rank(priority).into(),
            t.account_id.into(),
            due.date.format("%Y-%m-%d").to_string().into(),
            due.approximate.into(),
            now.into(),
            now.into(),
        ],
    )?;
    add_event(tx, id, TicketEventKind::Created, operator, "", now)?;
    let after = get(tx, id, now)?;
    audit_change(tx, operator, "ticket.create", None, &after, None)?;
    detail(tx, id, now)
}

/// Change status, priority, category or the linked account.
pub fn patch(
    tx: &mut dyn Tx,
    operator: &str,
    id: i64,
    version: i64,
    p: &TicketPatch,
    now: DateTime<Utc>,
) -> OpResult<TicketDetail> {
    let before = get(tx, id, now)?;
    check_version(before.version, version)?;
    let mut changes = Vec::new();
    if let Some(s) = p.status.filter(|s| *s != before.status) {
        if !before.status.can_move_to(s) {
            return Err(OpError::conflict(
                "bad_transition",
                format!(
                    "a {} ticket cannot become {}",
                    super::enum_str(&before.status),
                    super::enum_str(&s)
                ),
            ));
        }
        tx.execute(
            "UPDATE tickets SET status = ? WHERE id = ?",
            &[super::enum_str(&s).into(), id.into()],
        )?;
        changes.push(format!(
            "status: {} → {}",
            super::enum_str(&before.status),
            super::enum_str(&s)
        ));
    }
    if let Some(pr) = p.priority.filter(|pr| *pr != before.priority) {
        let due = ticket_due(before.created_at, pr);
        tx.execute(
            "UPDATE tickets SET priority = ?, priority_rank = ?, due_on = ?, due_approximate = ? WHERE id = ?",
            &[
                super::enum_str(&pr).into(),
                priority_rank(pr).into(),
                due.date.format("%Y-%m-%d").to_string().into(),
                due.approximate.into(),
                id.into(),
            ],
        )?;
        changes.push(format!(
            "priority: {} → {}",
            super::enum_str(&before.priority),
            super::enum_str(&pr)
        ));
    }
    if let Some(c) = p.category.filter(|c| *c != before.category) {
        tx.execute(
            "UPDATE tickets SET category = ? WHERE id = ?",
            &[super::enum_str(&c).into(), id.into()],
        )?;
        changes.push(format!(
            "category: {} → {}",
            super::enum_str(&before.category),
            super::enum_str(&c)
        ));
    }
    if let Some(acc) = p.account_id.filter(|a| Some(*a) != before.account_id) {
        super::accounts::require(tx, acc)?;
        tx.execute(
            "UPDATE tickets SET account_id = ? WHERE id = ?",
            &[acc.into(), id.into()],
        )?;
        changes.push(format!("account: {acc}"));
    }
    if changes.is_empty() {
        return detail(tx, id, now);
    }
    touch(tx, id, now)?;
    add_event(
        tx,
        id,
        TicketEventKind::Change,
        operator,
        &changes.join("; "),
        now,
    )?;
    let after = get(tx, id, now)?;
    audit_change(tx, operator, "ticket.update", Some(&before), &after, None)?;
    detail(tx, id, now)
}

/// Claim (or renew the claim on) a ticket; `steal` takes it from another holder.
pub fn claim(
    tx: &mut dyn Tx,
    operator: &str,
    is_supervisor: bool,
    id: i64,
    steal: bool,
    now: DateTime<Utc>,
) -> OpResult<TicketDetail> {
    let before = get(tx, id, now)?;
    if let (Some(holder), Some(until)) = (&before.assignee, before.claim_expires_at) {
        if holder != operator {
            if !steal {
                let mins = (until - now).num_minutes().max(1);
                return Err(OpError::conflict(
                    "claimed_by_other",
                    format!("ticket {id} is claimed by {holder} for another {mins} min"),
                ));
            }
            if !is_supervisor {
                return Err(OpError::forbidden(
                    "supervisor_only",
                    "only a supervisor can take a ticket claimed by someone else",
                ));
            }
        }
    }
    let until = now + Duration::minutes(CLAIM_LEASE_MINUTES);
    tx.execute(
        "UPDATE tickets SET assignee = ?, claim_expires_at = ?,
            status = CASE WHEN status = 'new' THEN 'open' ELSE status END WHERE id = ?",
        &[operator.into(), until.into(), id.into()],
    )?;
    touch(tx, id, now)?;
    let renewed = before.assignee.as_deref() == Some(operator);
    if !renewed {
        let text = match (&before.assignee, steal) {
            (Some(prev), true) => format!("taken from {prev}"),
            _ => "claimed".into(),
        };
        add_event(tx, id, TicketEventKind::Claim, operator, &text, now)?;
    }
    let after = get(tx, id, now)?;
    let action = if renewed {
        "ticket.claim_renew"
    } else if steal && before.assignee.is_some() {
        "ticket.steal"
    } else {
        "ticket.claim"
    };
    audit_change(tx, operator, action, Some(&before), &after, None)?;
    detail(tx, id, now)
}

/// Give a claim back.
pub fn release(
    tx: &mut dyn Tx,
    operator: &str,
    id: i64,
    now: DateTime<Utc>,
) -> OpResult<TicketDetail> {
    let before = get(tx, id, now)?;
    match &before.assignee {
        Some(h) if h == operator => {}
        Some(h) => {
            return Err(OpError::conflict(
                "claimed_by_other",
                format!("ticket {id} is held by {h}, not by you"),
            ))
        }
        None => {
            return Err(OpError::conflict(
                "not_claimed",
                format!("ticket {id} is not claimed"),
            ))
        }
    }
    tx.execute(
        "UPDATE tickets SET assignee = NULL, claim_expires_at = NULL WHERE id = ?",
        &[id.into()],
    )?;
    touch(tx, id, now)?;
    add_event(tx, id, TicketEventKind::Claim, operator, "released", now)?;
    let after = get(tx, id, now)?;
    audit_change(tx, operator, "ticket.release", Some(&before), &after, None)?;
    detail(tx, id, now)
}

/// Longest note or reply accepted.
pub const MAX_NOTE_CHARS: usize = 20_000;

/// Add an internal note or a public reply.
pub fn note(
    tx: &mut dyn Tx,
    operator: &str,
    id: i64,
    body: &str,
    visibility: Visibility,
    now: DateTime<Utc>,
) -> OpResult<TicketDetail> {
    if body.trim().is_empty() {
        return Err(OpError::invalid("body_required", "the note is empty"));
    }
    if body.chars().count() > MAX_NOTE_CHARS {
        return Err(OpError::invalid(
            "body_too_long",
            format!("a note holds at most {MAX_NOTE_CHARS} characters"),
        ));
    }
    let before = get(tx, id, now)?;
    let kind = match visibility {
        Visibility::Internal => TicketEventKind::InternalNote,
        Visibility::Public => TicketEventKind::PublicReply,
    };
    touch(tx, id, now)?;
    let event = add_event(tx, id, kind, operator, body, now)?;
    let after = get(tx, id, now)?;
    audit_change(
        tx,
        operator,
        "ticket.note",
        Some(&before),
        &after,
        Some(json!({ "event": event, "visibility": super::enum_str(&visibility) })),
    )?;
    detail(tx, id, now)
}

/// Log a phone call on a ticket.
pub fn call(
    tx: &mut dyn Tx,
    operator: &str,
    id: i64,
    c: &CallRecord,
    now: DateTime<Utc>,
) -> OpResult<TicketDetail> {
    if c.wrap_up.trim().is_empty() {
        return Err(OpError::invalid(
            "wrap_up_required",
            "a call needs a wrap-up code",
        ));
    }
    let before = get(tx, id, now)?;
    let mins = c.duration_secs / 60;
    let secs = c.duration_secs % 60;
    let text = if c.summary.trim().is_empty() {
        format!("{mins}:{secs:02} · {}", c.wrap_up.trim())
    } else {
        format!(
            "{mins}:{secs:02} · {} · {}",
            c.wrap_up.trim(),
            c.summary.trim()
        )
    };
    touch(tx, id, now)?;
    let event = add_event(tx, id, TicketEventKind::Call, operator, &text, now)?;
    let after = get(tx, id, now)?;
    audit_change(
        tx,
        operator,
        "ticket.call",
        Some(&before),
        &after,
        Some(json!({ "event": event, "duration_secs": c.duration_secs, "wrap_up": c.wrap_up })),
    )?;
    detail(tx, id, now)
}

/// Move a ticket to a status on behalf of the system (e.g. a review decision).
pub fn system_status(tx: &mut dyn Tx, id: i64, to: Status, now: DateTime<Utc>) -> StoreResult<()> {
    tx.execute(
        "UPDATE tickets SET status = ?, updated_at = ?, version = version + 1 WHERE id = ?",
        &[super::enum_str(&to).into(), now.into(), id.into()],
    )?;
    Ok(())
}
