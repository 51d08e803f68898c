//! `GET /team` and `GET /team/{operator}`: who holds what, who is online, calls today.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};

use crate::api::{HeldItem, Holding, ItemKind, Role, TeamMember, TeamMemberDetail};
use crate::backoffice::presence;
use crate::backoffice::store::cursor::{self, Cursor, CursorValue};
use crate::backoffice::store::operators::roles_from_str;
use crate::backoffice::store::{OpError, OpResult, Row, StoreResult, Tx, Value};
use crate::domain::mask;
use crate::domain::review::CLAIM_LEASE_MINUTES as REVIEW_LEASE_MINUTES;
use crate::domain::sla::{china_date, day_start};
use crate::domain::ticket::CLAIM_LEASE_MINUTES as TICKET_LEASE_MINUTES;

/// An operator as the board lists them.
#[derive(Debug, Clone, PartialEq)]
pub struct Operator {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Roles.
    pub roles: Vec<Role>,
    /// Last request or stream heartbeat.
    pub last_seen: Option<DateTime<Utc>>,
}

/// One row of what is held: an item with its live claim holder and its assignee.
#[derive(Debug, Clone, PartialEq)]
pub struct Held {
    /// Ticket or review.
    pub kind: ItemKind,
    /// Its id.
    pub id: i64,
    /// As listed.
    pub title: String,
    /// Wire state.
    pub state: String,
    /// Live claim: holder and since when.
    pub claim: Option<(String, DateTime<Utc>)>,
    /// Assignment: assignee and since when.
    pub assigned: Option<(String, DateTime<Utc>)>,
}

impl Held {
    /// How `operator` holds this item, and since when (the earlier of claim and
    /// assignment), if they hold it.
    fn held_by(&self, operator: &str) -> Option<HeldItem> {
        let claim = self.claim.as_ref().filter(|(o, _)| o == operator);
        let assigned = self.assigned.as_ref().filter(|(o, _)| o == operator);
        let (holding, since) = match (claim, assigned) {
            (Some((_, c)), Some((_, a))) => (Holding::Both, (*c).min(*a)),
            (Some((_, c)), None) => (Holding::Claimed, *c),
            (None, Some((_, a))) => (Holding::Assigned, *a),
            (None, None) => return None,
        };
        Some(HeldItem {
            kind: self.kind,
            id: self.id,
            title: self.title.clone(),
            state: self.state.clone(),
            holding,
            since,
        })
    }
}

/// The board, from the operators, what is held, and today's calls per operator
/// (count, seconds): pure, so the counting rules are tested without a database.
pub fn board(
    operators: &[Operator],
    held: &[Held],
    calls: &BTreeMap<String, (u32, u32)>,
    now: DateTime<Utc>,
) -> Vec<(TeamMember, Vec<HeldItem>)> {
    operators
        .iter()
        .map(|op| {
            let mut items: Vec<HeldItem> = held.iter().filter_map(|h| h.held_by(&op.id)).collect();
            items.sort_by_key(item_key);
            let count = |kind: ItemKind, claimed: bool| {
                let n = items
                    .iter()
                    .filter(|i| i.kind == kind)
                    .filter(|i| {
                        matches!(
                            (claimed, i.holding),
                            (_, Holding::Both)
                                | (true, Holding::Claimed)
                                | (false, Holding::Assigned)
                        )
                    })
                    .count();
                u32::try_from(n).unwrap_or(u32::MAX)
            };
            let (calls_today, call_seconds_today) = calls.get(&op.id).copied().unwrap_or((0, 0));
            let member = TeamMember {
                operator: op.id.clone(),
                name: op.name.clone(),
                roles: op.roles.clone(),
                online: presence::online(op.last_seen, now),
                last_seen: op.last_seen,
                tickets_claimed: count(ItemKind::Ticket, true),
                tickets_assigned: count(ItemKind::Ticket, false),
                reviews_claimed: count(ItemKind::Review, true),
                reviews_assigned: count(ItemKind::Review, false),
                calls_today,
                call_seconds_today,
                oldest: items.first().cloned(),
            };
            (member, items)
        })
        .collect()
}

/// The order of an operator's items, oldest first, as one text (times are kept in one
/// fixed-width form, so comparing the text compares the times) and the id: the key of
/// `GET /team/{operator}`'s cursor.
fn item_key(h: &HeldItem) -> (String, i64) {
    let kind = match h.kind {
        ItemKind::Ticket => 0,
        ItemKind::Review => 1,
    };
    (
        format!("{}|{kind}", crate::backoffice::store::ts(h.since)),
        h.id,
    )
}

/// Since when a claim is held: `claimed_at`, or for claims taken before it was kept, the
/// last renewal (the lease's start).
fn claim_since(
    claimed_at: Option<DateTime<Utc>>,
    until: DateTime<Utc>,
    lease_min: i64,
) -> DateTime<Utc> {
    claimed_at.unwrap_or(until - Duration::minutes(lease_min))
}

/// The `WHERE` of what one operator (or, with `None`, anyone) holds, for a table whose
/// claim holder column is `holder`: two indexed ranges (live claims, assignments).
fn held_where(
    holder: &str,
    operator: Option<&str>,
    now: DateTime<Utc>,
) -> [(String, Vec<Value>); 2] {
    match operator {
        None => [
            ("claim_expires_at > ?".to_string(), vec![now.into()]),
            ("assigned_to IS NOT NULL".to_string(), vec![]),
        ],
        Some(op) => [
            (
                format!("claim_expires_at > ? AND {holder} = ?"),
                vec![now.into(), op.into()],
            ),
            ("assigned_to = ?".to_string(), vec![op.into()]),
        ],
    }
}

/// Tickets and reviews held (claimed live or assigned), by `operator` or by anyone.
fn held(tx: &mut dyn Tx, operator: Option<&str>, now: DateTime<Utc>) -> StoreResult<Vec<Held>> {
    let mut out = Vec::new();
    let [(c1, p1), (c2, p2)] = held_where("assignee", operator, now);
    let ticket_cols =
        "id, subject, status, assignee, claim_expires_at, claimed_at, assigned_to, assigned_at";
    let rows = tx.query(
        &format!(
            "SELECT {ticket_cols} FROM tickets WHERE {c1} UNION SELECT {ticket_cols} FROM tickets WHERE {c2}"
        ),
        &[p1, p2].concat(),
    )?;
    for r in &rows {
        out.push(held_row(
            r,
            ItemKind::Ticket,
            r.str(1)?,
            TICKET_LEASE_MINUTES,
            now,
        )?);
    }
    let [(c1, p1), (c2, p2)] = held_where("r.claimed_by", operator, now);
    let (c1, c2) = (
        c1.replace("claim_expires_at", "r.claim_expires_at"),
        c2.replace("assigned_to", "r.assigned_to"),
    );
    let review_cols = "r.id, a.name, r.state, r.claimed_by, r.claim_expires_at, r.claimed_at, r.assigned_to, r.assigned_at, r.kind";
    let from = "reviews r JOIN accounts a ON a.id = r.account_id";
    let rows = tx.query(
        &format!(
            "SELECT {review_cols} FROM {from} WHERE {c1} UNION SELECT {review_cols} FROM {from} WHERE {c2}"
        ),
        &[p1, p2].concat(),
    )?;
    for r in &rows {
        let title = format!("{} {}", r.str(8)?, mask::mask_name(&r.str(1)?));
        out.push(held_row(
            r,
            ItemKind::Review,
            title,
            REVIEW_LEASE_MINUTES,
            now,
        )?);
    }
    Ok(out)
}

/// A row of `id, title, state, holder, claim_expires_at, claimed_at, assigned_to,
/// assigned_at` as [`Held`] (the title given, as it is built per kind).
fn held_row(
    r: &Row,
    kind: ItemKind,
    title: String,
    lease: i64,
    now: DateTime<Utc>,
) -> StoreResult<Held> {
    let claim = match (r.opt_str(3)?, r.opt_time(4)?) {
        (Some(holder), Some(until)) if until > now => {
            Some((holder, claim_since(r.opt_time(5)?, until, lease)))
        }
        _ => None,
    };
    let assigned = match (r.opt_str(6)?, r.opt_time(7)?) {
        (Some(to), at) => Some((to, at.unwrap_or(now))),
        (None, _) => None,
    };
    Ok(Held {
        kind,
        id: r.i64(0)?,
        title,
        state: r.str(2)?,
        claim,
        assigned,
    })
}

/// Enabled operators (one of them with `id`, when given).
fn operators(tx: &mut dyn Tx, id: Option<&str>) -> StoreResult<Vec<Operator>> {
    let (cond, params): (&str, Vec<Value>) = match id {
        Some(id) => ("AND id = ?", vec![id.into()]),
        None => ("", vec![]),
    };
    tx.query(
        &format!("SELECT id, name, roles, last_seen_at FROM operators WHERE disabled = 0 {cond} ORDER BY id"),
        &params,
    )?
    .iter()
    .map(|r| {
        Ok(Operator {
            id: r.str(0)?,
            name: r.str(1)?,
            roles: roles_from_str(&r.str(2)?)?,
            last_seen: r.opt_time(3)?,
        })
    })
    .collect()
}

/// Calls logged today (Asia/Shanghai day) per operator: count and seconds.
fn calls_today(
    tx: &mut dyn Tx,
    operator: Option<&str>,
    now: DateTime<Utc>,
) -> StoreResult<BTreeMap<String, (u32, u32)>> {
    let start = day_start(china_date(now));
    let mut params: Vec<Value> = vec![start.into()];
    let cond = match operator {
        Some(op) => {
            params.push(op.into());
            "AND author = ?"
        }
        None => "",
    };
    let rows = tx.query(
        &format!(
            "SELECT author, COUNT(*), CAST(COALESCE(SUM(duration_secs), 0) AS BIGINT) FROM ticket_events
             WHERE kind = 'call' AND at >= ? {cond} GROUP BY author"
        ),
        &params,
    )?;
    let mut out = BTreeMap::new();
    for r in &rows {
        let n = u32::try_from(r.i64(1)?).unwrap_or(u32::MAX);
        let secs = u32::try_from(r.i64(2)?).unwrap_or(u32::MAX);
        out.insert(r.str(0)?, (n, secs));
    }
    Ok(out)
}

/// Every enabled operator's board row.
pub fn team(tx: &mut dyn Tx, now: DateTime<Utc>) -> StoreResult<Vec<TeamMember>> {
    let ops = operators(tx, None)?;
    let held = held(tx, None, now)?;
    let calls = calls_today(tx, None, now)?;
    Ok(board(&ops, &held, &calls, now)
        .into_iter()
        .map(|(m, _)| m)
        .collect())
}

/// One operator's board row and a page of the items they hold, oldest first: up to
/// `limit` after `cursor`. The row's counts and the total cover every item (they are all
/// read to count them; one operator holds tens, not thousands).
pub fn member(
    tx: &mut dyn Tx,
    id: &str,
    now: DateTime<Utc>,
    limit: u32,
    cursor: Option<&str>,
) -> OpResult<TeamMemberDetail> {
    let after: Option<Cursor> = cursor::decode_opt(cursor)?;
    let ops = operators(tx, Some(id))?;
    if ops.is_empty() {
        return Err(OpError::NotFound(format!("operator {id}")));
    }
    let held = held(tx, Some(id), now)?;
    let calls = calls_today(tx, Some(id), now)?;
    let (member, items) = board(&ops, &held, &calls, now)
        .into_iter()
        .next()
        .ok_or_else(|| OpError::NotFound(format!("operator {id}")))?;
    let total = items.len() as u64;
    let lim = limit as usize;
    let mut page: Vec<HeldItem> = items
        .into_iter()
        .filter(|h| {
            after.as_ref().is_none_or(|c| match &c.v {
                CursorValue::Text(v) => item_key(h) > (v.clone(), c.id),
                CursorValue::Int(_) => true,
            })
        })
        .take(lim + 1)
        .collect();
    let more = page.len() > lim;
    page.truncate(lim);
    let next_cursor = more
        .then(|| page.last().map(item_key))
        .flatten()
        .map(|(v, id)| cursor::encode(&Cursor::text(v, id)));
    Ok(TeamMemberDetail {
        member,
        items: page,
        total,
        next_cursor,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(id: &str, last_seen: Option<DateTime<Utc>>) -> Operator {
        Operator {
            id: id.into(),
            name: id.into(),
            roles: vec![Role::Agent],
            last_seen,
        }
    }

    fn item(
        kind: ItemKind,
        id: i64,
        claim: Option<(&str, i64)>,
        assigned: Option<(&str, i64)>,
        now: DateTime<Utc>,
    ) -> Held {
        let at = |m: i64| now - Duration::minutes(m);
        Held {
            kind,
            id,
            title: format!("#{id}"),
            state: "open".into(),
            claim: claim.map(|(o, m)| (o.to_string(), at(m))),
            assigned: assigned.map(|(o, m)| (o.to_string(), at(m))),
        }
    }

    #[test]
    fn counts_claims_and_assignments_per_kind_and_finds_the_oldest() {
        let now = Utc::now();
        let ops = [
            op("lin", Some(now - Duration::seconds(30))),
            op("chen", None),
        ];
        let held = [
            item(ItemKind::Ticket, 1, Some(("lin", 5)), None, now),
            item(
                ItemKind::Ticket,
                2,
                Some(("lin", 3)),
                Some(("lin", 90)),
                now,
            ),
            item(
                ItemKind::Ticket,
                3,
                Some(("chen", 1)),
                Some(("lin", 10)),
                now,
            ),
            item(ItemKind::Review, 4, None, Some(("chen", 20)), now),
        ];
        let calls = BTreeMap::from([("lin".to_string(), (2, 185))]);
        let rows = board(&ops, &held, &calls, now);
        assert_eq!(rows.len(), 2);
        let (lin, lin_items) = &rows[0];
        assert_eq!((lin.tickets_claimed, lin.tickets_assigned), (2, 2));
        assert_eq!((lin.reviews_claimed, lin.reviews_assigned), (0, 0));
        assert_eq!((lin.calls_today, lin.call_seconds_today), (2, 185));
        assert!(lin.online);
        assert_eq!(lin_items.len(), 3);
        let oldest = lin.oldest.as_ref().map(|o| (o.id, o.holding));
        assert_eq!(
            oldest,
            Some((2, Holding::Both)),
            "held since the assignment 90 min ago"
        );
        let (chen, chen_items) = &rows[1];
        assert_eq!((chen.tickets_claimed, chen.tickets_assigned), (1, 0));
        assert_eq!((chen.reviews_claimed, chen.reviews_assigned), (0, 1));
        assert_eq!((chen.calls_today, chen.online), (0, false));
        assert_eq!(chen_items.len(), 2);
        assert_eq!(chen.oldest.as_ref().map(|o| o.id), Some(4));
    }
}
