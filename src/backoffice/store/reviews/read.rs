//! Reading reviews: the queue page, counts per state, one review in full and its images.

use chrono::{DateTime, Utc};

use crate::api::{
    DecisionRecord, DocumentKind, RecordRef, ReviewDetail, ReviewKind, ReviewState, ReviewSummary,
    Signal, SignalCode, StateCount,
};
use crate::backoffice::store::cursor::{self, Cursor};
use crate::backoffice::store::{self, enum_str, OpError, OpResult, Row, StoreResult, Tx};
use crate::domain::account::AccountState;
use crate::domain::mask;
use crate::domain::sla::china_date;

const COLUMNS: &str =
    "r.id, r.kind, r.state, r.account_id, a.name, r.document_kind, r.document_number, \
    r.ticket_id, r.opened_by, r.submitted_at, r.due_on, r.due_approximate, r.claimed_by, \
    r.claim_expires_at, r.first_approver, r.version, r.assigned_to";
const FROM: &str = "reviews r JOIN accounts a ON a.id = r.account_id";

fn summary(r: &Row, now: DateTime<Utc>) -> StoreResult<ReviewSummary> {
    let until = r.opt_time(13)?;
    let live = until.is_some_and(|t| t > now);
    Ok(ReviewSummary {
        id: r.i64(0)?,
        kind: r.enum_(1)?,
        state: r.enum_(2)?,
        account_id: r.i64(3)?,
        applicant: mask::mask_name(&r.str(4)?),
        document_kind: r.enum_(5)?,
        document_number: mask::mask_id_number(&r.str(6)?),
        ticket_id: r.opt_i64(7)?,
        opened_by: r.str(8)?,
        submitted_at: r.time(9)?,
        due_on: r.date(10)?,
        due_approximate: r.bool(11)?,
        claimed_by: if live { r.opt_str(12)? } else { None },
        claim_expires_at: if live { until } else { None },
        first_approver: r.opt_str(14)?,
        version: r.i64(15)?,
        assigned_to: r.opt_str(16)?,
    })
}

/// Reviews matching `rest` (joins, `WHERE …`, `ORDER BY …`, `LIMIT …`, with `?` for
/// `params`) with the row, whose `extra` columns follow the summary's from [`EXTRA_AT`] on.
pub(crate) fn select(
    tx: &mut dyn Tx,
    extra: &str,
    rest: &str,
    params: &[store::Value],
    now: DateTime<Utc>,
) -> StoreResult<Vec<(ReviewSummary, Row)>> {
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
    .map(|r| Ok((summary(&r, now)?, r)))
    .collect()
}

/// Where the extra columns of [`select`] start in its rows.
pub(crate) const EXTRA_AT: usize = 17;

/// A validated review query.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Any of these states.
    pub states: Vec<ReviewState>,
    /// Any of these kinds.
    pub kinds: Vec<ReviewKind>,
    /// Any of these document kinds.
    pub document_kinds: Vec<DocumentKind>,
    /// This review only.
    pub id: Option<i64>,
    /// This account's reviews only.
    pub account_id: Option<i64>,
    /// This document number only (normalised).
    pub document_number: Option<String>,
    /// Only reviews assigned to this operator.
    pub assigned_to: Option<String>,
    /// Only this operator's reviews: assigned to them, or claimed by them (claim live).
    pub mine: Option<String>,
    /// Page size.
    pub limit: u32,
    /// Cursor of the previous page (its last row's due date and id).
    pub cursor: Option<String>,
}

/// One page of reviews, ordered by due date.
pub fn list(
    tx: &mut dyn Tx,
    f: &Filter,
    now: DateTime<Utc>,
) -> OpResult<(Vec<ReviewSummary>, Option<String>, u64)> {
    let mut cond = vec!["1 = 1".to_string()];
    let mut params = Vec::new();
    store::in_list("r.state", &f.states, &mut cond, &mut params);
    store::in_list("r.kind", &f.kinds, &mut cond, &mut params);
    store::in_list("r.document_kind", &f.document_kinds, &mut cond, &mut params);
    for (column, value) in [
        ("r.id", f.id.map(store::Value::from)),
        ("r.account_id", f.account_id.map(store::Value::from)),
        (
            "r.document_number",
            f.document_number.as_deref().map(store::Value::from),
        ),
        (
            "r.assigned_to",
            f.assigned_to.as_deref().map(store::Value::from),
        ),
    ] {
        if let Some(v) = value {
            cond.push(format!("{column} = ?"));
            params.push(v);
        }
    }
    mine(f, now, &mut cond, &mut params);
    let where_ = cond.join(" AND ");
    let total = tx.query_i64(
        &format!("SELECT COUNT(*) FROM reviews r WHERE {where_}"),
        &params,
    )?;
    let mut page_where = where_;
    if let Some(c) = &f.cursor {
        let c: Cursor = cursor::decode(c)?;
        page_where.push_str(" AND (r.due_on > ? OR (r.due_on = ? AND r.id > ?))");
        params.push(c.v.clone().into());
        params.push(c.v.into());
        params.push(c.id.into());
    }
    params.push(i64::from(f.limit + 1).into());
    let rows = tx.query(
        &format!("SELECT {COLUMNS} FROM {FROM} WHERE {page_where} ORDER BY r.due_on, r.id LIMIT ?"),
        &params,
    )?;
    let more = rows.len() > f.limit as usize;
    let items = rows
        .iter()
        .take(f.limit as usize)
        .map(|r| summary(r, now))
        .collect::<StoreResult<Vec<_>>>()?;
    let next = if more {
        items
            .last()
            .map(|s| cursor::encode(&Cursor::text(s.due_on.format("%Y-%m-%d").to_string(), s.id)))
    } else {
        None
    };
    Ok((items, next, total as u64))
}

/// The "mine" condition of `f`, when set: assigned to the operator, or a live claim of
/// theirs (a lapsed claim is nobody's, as everywhere else).
fn mine(f: &Filter, now: DateTime<Utc>, cond: &mut Vec<String>, params: &mut Vec<store::Value>) {
    if let Some(op) = &f.mine {
        cond.push("(r.assigned_to = ? OR (r.claimed_by = ? AND r.claim_expires_at > ?))".into());
        params.push(op.as_str().into());
        params.push(op.as_str().into());
        params.push(now.into());
    }
}

/// Reviews per state under the kind, document and "mine" filters of `f` (its states,
/// limit and cursor are ignored): every state in workflow order, zeros included, in one
/// read.
pub fn counts(tx: &mut dyn Tx, f: &Filter, now: DateTime<Utc>) -> StoreResult<Vec<StateCount>> {
    let mut cond = vec!["1 = 1".to_string()];
    let mut params = Vec::new();
    store::in_list("r.kind", &f.kinds, &mut cond, &mut params);
    store::in_list("r.document_kind", &f.document_kinds, &mut cond, &mut params);
    mine(f, now, &mut cond, &mut params);
    let found = tx
        .query(
            &format!(
                "SELECT r.state, COUNT(*) FROM reviews r WHERE {} GROUP BY r.state",
                cond.join(" AND ")
            ),
            &params,
        )?
        .iter()
        .map(|r| Ok((r.str(0)?, r.i64(1)?)))
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(ReviewState::ALL
        .into_iter()
        .map(|state| StateCount {
            state,
            total: found
                .iter()
                .find(|(s, _)| *s == enum_str(&state))
                .map_or(0, |(_, n)| (*n).max(0) as u64),
        })
        .collect())
}

/// A review's list fields.
pub fn get(tx: &mut dyn Tx, id: i64, now: DateTime<Utc>) -> OpResult<ReviewSummary> {
    let r = tx
        .query_opt(
            &format!("SELECT {COLUMNS} FROM {FROM} WHERE r.id = ?"),
            &[id.into()],
        )?
        .ok_or_else(|| OpError::NotFound(format!("review {id}")))?;
    Ok(summary(&r, now)?)
}

/// Reviews of one account, newest first.
pub fn for_account(
    tx: &mut dyn Tx,
    account: i64,
    now: DateTime<Utc>,
) -> StoreResult<Vec<ReviewSummary>> {
    tx.query(
        &format!("SELECT {COLUMNS} FROM {FROM} WHERE r.account_id = ? ORDER BY r.submitted_at DESC LIMIT 50"),
        &[account.into()],
    )?
    .iter()
    .map(|r| summary(r, now))
    .collect()
}

/// The full review.
pub fn detail(tx: &mut dyn Tx, id: i64, now: DateTime<Utc>) -> OpResult<ReviewDetail> {
    let head = get(tx, id, now)?;
    let r = tx
        .query_opt(
            "SELECT r.note, r.new_phone, r.document_number, a.name, a.document_number, a.phone,
                    a.state
             FROM reviews r JOIN accounts a ON a.id = r.account_id WHERE r.id = ?",
            &[id.into()],
        )?
        .ok_or_else(|| OpError::NotFound(format!("review {id}")))?;
    let (note, new_phone, doc_number) = (r.str(0)?, r.opt_str(1)?, r.str(2)?);
    let (name, record_id) = (r.str(3)?, r.str(4)?);
    let (phone, frozen) = (
        r.opt_str(5)?,
        r.enum_::<AccountState>(6)? == AccountState::Frozen,
    );
    let document_check =
        match crate::domain::identity::validate(head.document_kind, &doc_number, china_date(now)) {
            Ok(v) if v.warnings.is_empty() => "ok".to_string(),
            Ok(v) => v.warnings.join("; "),
            Err(e) => e.to_string(),
        };
    let school = tx
        .query_opt(
            "SELECT school FROM degrees WHERE account_id = ? ORDER BY year DESC LIMIT 1",
            &[head.account_id.into()],
        )?
        .map(|r| r.str(0))
        .transpose()?;
    let decisions = tx
        .query(
            "SELECT reviewer, decision, reason_code, checklist, comment_to_user, internal_note, at
             FROM review_decisions WHERE review_id = ? ORDER BY id",
            &[id.into()],
        )?
        .iter()
        .map(|r| {
            Ok(DecisionRecord {
                reviewer: r.str(0)?,
                decision: r.enum_(1)?,
                reason_code: r.enum_(2)?,
                checklist: serde_json::from_str(&r.str(3)?).unwrap_or_default(),
                comment_to_user: r.str(4)?,
                internal_note: r.str(5)?,
                at: r.time(6)?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    let prior = tx
        .query(
            &format!("SELECT {COLUMNS} FROM {FROM} WHERE r.account_id = ? AND r.id <> ? ORDER BY r.submitted_at DESC"),
            &[head.account_id.into(), id.into()],
        )?
        .iter()
        .map(|r| summary(r, now))
        .collect::<StoreResult<Vec<_>>>()?;
    let mut signals = Vec::new();
    if frozen {
        signals.push(signal(SignalCode::AccountFrozen, vec![], vec![]));
    }
    signals.extend(signals_elsewhere(
        tx,
        id,
        head.account_id,
        &doc_number,
        new_phone.as_deref(),
    )?);
    let current_phone = match head.kind {
        ReviewKind::PhoneRebind => phone.as_deref().map(mask::mask_phone),
        _ => None,
    };
    let images = super::images::on_file(tx, id)?;
    let assigned_by = match head.assigned_to {
        Some(_) => assigned_by(tx, id)?,
        None => None,
    };
    Ok(ReviewDetail {
        note,
        new_phone: new_phone.as_deref().map(mask::mask_phone),
        current_phone,
        document_check,
        record: RecordRef {
            name: mask::mask_name(&name),
            id_number: mask::mask_id_number(&record_id),
            school,
        },
        checklist: head
            .kind
            .checklist()
            .iter()
            .map(|s| s.to_string())
            .collect(),
        decisions,
        prior,
        signals,
        images,
        assigned_by,
        summary: head,
    })
}

/// Who gave the review its present assignment: the newest `review.assign` row of its audit
/// trail (the table keeps no such column; the trail is indexed by target). None for an
/// assignment made without one (the demo's seed).
fn assigned_by(tx: &mut dyn Tx, id: i64) -> StoreResult<Option<String>> {
    tx.query_opt(
        "SELECT operator FROM audit WHERE target = ? AND action = 'review.assign'
         ORDER BY seq DESC LIMIT 1",
        &[format!("review:{id}").into()],
    )?
    .map(|r| r.str(0))
    .transpose()
}

fn signal(code: SignalCode, accounts: Vec<i64>, reviews: Vec<i64>) -> Signal {
    Signal {
        code,
        accounts,
        reviews,
    }
}

/// The ids in the first column of `rows`.
fn ids(rows: &[Row]) -> StoreResult<Vec<i64>> {
    rows.iter().map(|r| r.i64(0)).collect()
}

/// What points elsewhere: the identity or the new phone on other accounts, the images
/// submitted with other reviews.
fn signals_elsewhere(
    tx: &mut dyn Tx,
    id: i64,
    account: i64,
    doc: &str,
    new_phone: Option<&str>,
) -> StoreResult<Vec<Signal>> {
    let mut out = Vec::new();
    let same_id = ids(&tx.query(
        "SELECT id FROM accounts WHERE document_number = ? AND id <> ? ORDER BY id",
        &[doc.into(), account.into()],
    )?)?;
    if !same_id.is_empty() {
        out.push(signal(
            SignalCode::SameIdentityOtherAccount,
            same_id,
            vec![],
        ));
    }
    if let Some(p) = new_phone {
        let same_phone = ids(&tx.query(
            "SELECT id FROM accounts WHERE phone = ? AND id <> ? ORDER BY id",
            &[p.into(), account.into()],
        )?)?;
        if !same_phone.is_empty() {
            out.push(signal(
                SignalCode::SamePhoneOtherAccount,
                same_phone,
                vec![],
            ));
        }
    }
    let reused = ids(&tx.query(
        "SELECT DISTINCT o.review_id FROM review_images m JOIN review_images o
           ON o.sha256 = m.sha256 AND o.review_id <> m.review_id
         WHERE m.review_id = ? ORDER BY o.review_id",
        &[id.into()],
    )?)?;
    if !reused.is_empty() {
        out.push(signal(SignalCode::ImagesReused, vec![], reused));
    }
    Ok(out)
}
