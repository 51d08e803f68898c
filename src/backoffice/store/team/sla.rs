//! `GET /sla`: what is late and what will be late today, from the working-time SLA of
//! `crate::domain::sla` (a paused ticket's clock stands still: it is neither breached nor
//! due while it waits).

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Timelike, Utc};
use serde::{Deserialize, Serialize};

use crate::api::{Category, SlaCount, SlaWatch, Status, TicketSummary};
use crate::backoffice::store::cursor::{self, Cursor, CursorValue, Position};
use crate::backoffice::store::{
    self as store, enum_str, reviews, tickets, OpResult, StoreResult, Tx, Value,
};
use crate::domain::sla::{china_date, china_offset};

/// Where each list stands (the cursor handed out).
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Positions {
    /// Breached tickets, by due date and number.
    #[serde(default)]
    b: Position,
    /// Tickets due later today, by deadline and number.
    #[serde(default)]
    d: Position,
    /// Overdue reviews, by due date and number.
    #[serde(default)]
    r: Position,
}

/// The statuses whose SLA clock runs (open and not waiting on anyone else).
const RUNNING: &str = "('new', 'open')";
/// The same, one by one.
const RUNNING_STATUSES: [&str; 2] = ["new", "open"];

/// A page of the SLA watch at `now`: up to `limit` rows of each list after the positions
/// in `cursor`; the counts cover every ticket and review on every page.
///
/// Tickets due before today are breached; the date index finds them and counts them per
/// category and status without reading the rows. Tickets due today are read and their
/// exact deadlines (moved on by earlier pauses) split them into breached and due later
/// today, by hour.
pub fn watch(
    tx: &mut dyn Tx,
    now: DateTime<Utc>,
    limit: u32,
    cursor: Option<&str>,
) -> OpResult<SlaWatch> {
    let pos: Positions = cursor::decode_opt(cursor)?.unwrap_or_default();
    let lim = limit as usize;
    let today = china_date(now).format("%Y-%m-%d").to_string();
    let mut cells: BTreeMap<(String, String), (u32, u32)> = BTreeMap::new();
    for r in tx.query(
        &format!(
            "SELECT category, status, COUNT(*) FROM tickets WHERE status IN {RUNNING} AND due_on < ?
             GROUP BY category, status"
        ),
        &[today.clone().into()],
    )? {
        let n = u32::try_from(r.i64(2)?).unwrap_or(u32::MAX);
        cells.entry((r.str(0)?, r.str(1)?)).or_default().0 += n;
    }
    let due_today = tickets::select(
        tx,
        "",
        &format!("WHERE t.status IN {RUNNING} AND t.due_on = ?"),
        &[today.clone().into()],
        now,
    )?;
    let mut due_by_hour = vec![0u32; 24];
    let mut breached_today = Vec::new();
    let mut breaching_today = Vec::new();
    for (t, deadline, _) in due_today {
        // The last second before the deadline names the hour it runs out in.
        let hour = (deadline - Duration::seconds(1))
            .with_timezone(&china_offset())
            .hour();
        if let Some(slot) = due_by_hour.get_mut(hour as usize) {
            *slot += 1;
        }
        let cell = cells
            .entry((enum_str(&t.category), enum_str(&t.status)))
            .or_default();
        if deadline <= now {
            cell.0 += 1;
            breached_today.push(t);
        } else {
            cell.1 += 1;
            breaching_today.push((store::ts(deadline), t));
        }
    }
    let breached_total: u64 = cells.values().map(|c| u64::from(c.0)).sum();
    let breaching_today_total = breaching_today.len() as u64;

    // Breached: by due date, then number; those due today (breached since midnight) come
    // after every earlier one.
    let mut breached: Vec<TicketSummary> = Vec::new();
    let mut b_next = Position::next(false, None);
    if !pos.b.done {
        // One status at a time: each reads a range of the (status, due_on) index in order.
        // With `status IN (…)` SQLite walked the due-date index over every ticket due
        // before today, resolved and closed ones included (~200 ms for 100,000 tickets).
        for status in RUNNING_STATUSES {
            let mut params: Vec<Value> = vec![status.into(), today.clone().into()];
            let bound = cursor::after("t.due_on", "t.id", &pos.b.after, &mut params);
            params.push(Value::Int(i64::from(limit) + 1));
            breached.extend(
                tickets::select(
                    tx,
                    "",
                    &format!(
                        "WHERE t.status = ? AND t.due_on < ?{bound} ORDER BY t.due_on, t.id LIMIT ?"
                    ),
                    &params,
                    now,
                )?
                .into_iter()
                .map(|(t, _, _)| t),
            );
        }
        let key = |t: &TicketSummary| (t.due_on.format("%Y-%m-%d").to_string(), t.id);
        breached.sort_by_key(key);
        breached_today.sort_by_key(|t| t.id);
        let past = |t: &TicketSummary| {
            pos.b
                .after
                .as_ref()
                .is_none_or(|c| key(t) > (text(&c.v), c.id))
        };
        breached.extend(breached_today.into_iter().filter(|t| past(t)));
        let more = breached.len() > lim;
        breached.truncate(lim);
        let last = breached.last().map(|t| {
            let (v, id) = key(t);
            Cursor::text(v, id)
        });
        b_next = Position::next(more, last);
    }

    let mut today_page: Vec<TicketSummary> = Vec::new();
    let mut d_next = Position::next(false, None);
    if !pos.d.done {
        breaching_today.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.id.cmp(&b.1.id)));
        let mut rest: Vec<(String, TicketSummary)> = breaching_today
            .into_iter()
            .filter(|(at, t)| {
                pos.d
                    .after
                    .as_ref()
                    .is_none_or(|c| (at.as_str(), t.id) > (text(&c.v).as_str(), c.id))
            })
            .collect();
        let more = rest.len() > lim;
        rest.truncate(lim);
        let last = rest.last().map(|(at, t)| Cursor::text(at.clone(), t.id));
        d_next = Position::next(more, last);
        today_page = rest.into_iter().map(|(_, t)| t).collect();
    }

    const OVERDUE: &str =
        "r.state IN ('pending', 'claimed', 'awaiting_second_approval', 'escalated') AND r.due_on < ?";
    let reviews_overdue_total = u64::try_from(tx.query_i64(
        &format!("SELECT COUNT(*) FROM reviews r WHERE {OVERDUE}"),
        &[today.clone().into()],
    )?)
    .unwrap_or(0);
    let mut reviews_overdue = Vec::new();
    let mut r_next = Position::next(false, None);
    if !pos.r.done {
        let mut params: Vec<Value> = vec![today.into()];
        let bound = cursor::after("r.due_on", "r.id", &pos.r.after, &mut params);
        params.push(Value::Int(i64::from(limit) + 1));
        reviews_overdue = reviews::select(
            tx,
            "",
            &format!("WHERE {OVERDUE}{bound} ORDER BY r.due_on, r.id LIMIT ?"),
            &params,
            now,
        )?
        .into_iter()
        .map(|(r, _)| r)
        .collect();
        let more = reviews_overdue.len() > lim;
        reviews_overdue.truncate(lim);
        let last = reviews_overdue
            .last()
            .map(|r| Cursor::text(r.due_on.format("%Y-%m-%d").to_string(), r.id));
        r_next = Position::next(more, last);
    }

    let by_category = cells
        .into_iter()
        .filter(|(_, (b, d))| *b > 0 || *d > 0)
        .map(|((category, status), (breached, due_today))| {
            Ok(SlaCount {
                category: store::parse_enum::<Category>(&category)?,
                status: store::parse_enum::<Status>(&status)?,
                breached,
                due_today,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    let next = Positions {
        b: b_next,
        d: d_next,
        r: r_next,
    };
    let next_cursor = (!(next.b.done && next.d.done && next.r.done)).then(|| cursor::encode(&next));
    Ok(SlaWatch {
        at: now,
        by_category,
        due_by_hour,
        breached,
        breaching_today: today_page,
        reviews_overdue,
        breached_total,
        breaching_today_total,
        reviews_overdue_total,
        next_cursor,
    })
}

/// A cursor's sort value as text (every list here sorts by a date or a time).
fn text(v: &CursorValue) -> String {
    match v {
        CursorValue::Text(s) => s.clone(),
        CursorValue::Int(i) => i.to_string(),
    }
}
