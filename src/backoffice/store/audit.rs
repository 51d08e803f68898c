//! The audit trail: append-only, hash-chained rows written in the caller's transaction.

use chrono::Utc;
use sha2::{Digest, Sha256};

use super::{Row, StoreResult, Tx, Value};
use crate::api::AuditEntry;

/// Hash that stands before the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One change or reveal to record.
#[derive(Debug, Clone)]
pub struct Record<'a> {
    /// Operator id.
    pub operator: &'a str,
    /// Action, e.g. `account.unlock`.
    pub action: &'a str,
    /// Target, e.g. `account:12`.
    pub target: String,
    /// Reason given, if any.
    pub reason: Option<&'a str>,
    /// State before.
    pub before: Option<serde_json::Value>,
    /// State after.
    pub after: Option<serde_json::Value>,
}

/// The fields a hash covers, as stored.
struct Stored<'a> {
    seq: i64,
    at: &'a str,
    operator: &'a str,
    action: &'a str,
    target: &'a str,
    reason: Option<&'a str>,
    before: Option<&'a str>,
    after: Option<&'a str>,
}

/// SHA-256 over the previous hash and every field, each length-prefixed so that no two
/// different rows share an encoding.
fn chain_hash(prev: &str, row: &Stored<'_>) -> String {
    let mut h = Sha256::new();
    let seq = row.seq.to_string();
    let fields: [Option<&str>; 9] = [
        Some(prev),
        Some(&seq),
        Some(row.at),
        Some(row.operator),
        Some(row.action),
        Some(row.target),
        row.reason,
        row.before,
        row.after,
    ];
    for f in fields {
        match f {
            Some(s) => {
                h.update((s.len() as u64).to_be_bytes());
                h.update(s.as_bytes());
            }
            None => h.update(u64::MAX.to_be_bytes()),
        }
    }
    hex::encode(h.finalize())
}

/// Append a row to the chain inside the current transaction.
pub fn append(tx: &mut dyn Tx, rec: &Record<'_>) -> StoreResult<i64> {
    let (seq, prev) =
        match tx.query_opt("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", &[])? {
            Some(r) => (r.i64(0)? + 1, r.str(1)?),
            None => (1, GENESIS.to_string()),
        };
    let at = super::ts(Utc::now());
    let before = rec.before.as_ref().map(|v| v.to_string());
    let after = rec.after.as_ref().map(|v| v.to_string());
    let hash = chain_hash(
        &prev,
        &Stored {
            seq,
            at: &at,
            operator: rec.operator,
            action: rec.action,
            target: &rec.target,
            reason: rec.reason,
            before: before.as_deref(),
            after: after.as_deref(),
        },
    );
    tx.execute(
        "INSERT INTO audit (seq, at, operator, action, target, reason, before, after, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        &[
            seq.into(),
            at.into(),
            rec.operator.into(),
            rec.action.into(),
            rec.target.clone().into(),
            rec.reason.into(),
            before.into(),
            after.into(),
            prev.into(),
            hash.into(),
        ],
    )?;
    Ok(seq)
}

/// Where the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Break {
    /// The first row that does not verify.
    pub seq: i64,
    /// What is wrong with it.
    pub problem: String,
}

/// Outcome of walking the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// Rows checked.
    pub rows: u64,
    /// The first break, if any.
    pub broken: Option<Break>,
}

const COLUMNS: &str = "seq, at, operator, action, target, reason, before, after, prev_hash, hash";

/// Walk the whole chain in order and report the first row that does not verify.
pub fn verify(tx: &mut dyn Tx) -> StoreResult<Verification> {
    let mut prev = GENESIS.to_string();
    let mut expected_seq = 1;
    let mut rows = 0;
    let mut after_seq = 0;
    loop {
        let batch = tx.query(
            &format!("SELECT {COLUMNS} FROM audit WHERE seq > ? ORDER BY seq LIMIT 1000"),
            &[after_seq.into()],
        )?;
        if batch.is_empty() {
            return Ok(Verification { rows, broken: None });
        }
        for r in &batch {
            let seq = r.i64(0)?;
            let fail = |problem: String| Verification {
                rows,
                broken: Some(Break { seq, problem }),
            };
            if seq != expected_seq {
                return Ok(fail(format!(
                    "row {expected_seq} is missing (next row is {seq})"
                )));
            }
            let stored_prev = r.str(8)?;
            if stored_prev != prev {
                return Ok(fail("its link to the previous row does not match".into()));
            }
            let (at, operator, action, target) = (r.str(1)?, r.str(2)?, r.str(3)?, r.str(4)?);
            let (reason, before, after) = (r.opt_str(5)?, r.opt_str(6)?, r.opt_str(7)?);
            let computed = chain_hash(
                &prev,
                &Stored {
                    seq,
                    at: &at,
                    operator: &operator,
                    action: &action,
                    target: &target,
                    reason: reason.as_deref(),
                    before: before.as_deref(),
                    after: after.as_deref(),
                },
            );
            let stored = r.str(9)?;
            if computed != stored {
                return Ok(fail(
                    "its content was changed after it was written (hash mismatch)".into(),
                ));
            }
            prev = stored;
            expected_seq += 1;
            after_seq = seq;
            rows += 1;
        }
    }
}

fn entry(r: &Row) -> StoreResult<AuditEntry> {
    let json = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
    Ok(AuditEntry {
        seq: r.i64(0)?,
        at: r.time(1)?,
        operator: r.str(2)?,
        action: r.str(3)?,
        target: r.str(4)?,
        reason: r.opt_str(5)?,
        before: json(r.opt_str(6)?),
        after: json(r.opt_str(7)?),
        hash: r.str(9)?,
    })
}

/// How `GET /audit` matches actions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionFilter {
    /// This action.
    Exact(String),
    /// Actions starting with this.
    Prefix(String),
}

/// The filters of `GET /audit`.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Target, e.g. `ticket:12`.
    pub target: Option<String>,
    /// Operator id.
    pub operator: Option<String>,
    /// Action.
    pub action: Option<ActionFilter>,
    /// At or after.
    pub since: Option<chrono::DateTime<Utc>>,
    /// Before.
    pub until: Option<chrono::DateTime<Utc>>,
}

/// Rows matching the filters, newest first, before `before_seq` when paging.
pub fn list(
    tx: &mut dyn Tx,
    f: &Filter,
    before_seq: Option<i64>,
    limit: u32,
) -> StoreResult<(Vec<AuditEntry>, u64)> {
    let mut cond = vec!["1 = 1".to_string()];
    let mut params: Vec<Value> = Vec::new();
    if let Some(t) = &f.target {
        cond.push("target = ?".into());
        params.push(t.as_str().into());
    }
    if let Some(o) = &f.operator {
        cond.push("operator = ?".into());
        params.push(o.as_str().into());
    }
    match &f.action {
        Some(ActionFilter::Exact(a)) => {
            cond.push("action = ?".into());
            params.push(a.as_str().into());
        }
        // A range rather than LIKE, so both backends walk the action index; the bound
        // after every string starting with the prefix is the prefix and the highest
        // code point (UTF-8 and "C" collation both compare by bytes).
        Some(ActionFilter::Prefix(p)) => {
            cond.push("action >= ? AND action < ?".into());
            params.push(p.as_str().into());
            params.push(format!("{p}{}", char::MAX).into());
        }
        None => {}
    }
    // Stored times are sortable text in one format (see `store::ts`).
    if let Some(t) = f.since {
        cond.push("at >= ?".into());
        params.push(t.into());
    }
    if let Some(t) = f.until {
        cond.push("at < ?".into());
        params.push(t.into());
    }
    let where_ = cond.join(" AND ");
    let total = tx.query_i64(
        &format!("SELECT COUNT(*) FROM audit WHERE {where_}"),
        &params,
    )?;
    let mut page_params = params.clone();
    let mut page_where = where_.clone();
    if let Some(b) = before_seq {
        page_where.push_str(" AND seq < ?");
        page_params.push(b.into());
    }
    page_params.push(i64::from(limit).into());
    let rows = tx.query(
        &format!("SELECT {COLUMNS} FROM audit WHERE {page_where} ORDER BY seq DESC LIMIT ?"),
        &page_params,
    )?;
    let items = rows.iter().map(entry).collect::<StoreResult<Vec<_>>>()?;
    Ok((items, total as u64))
}

/// The chain's head: how many rows it has (its last seq) and the last row's hash
/// ([`GENESIS`] when empty).
pub fn head(tx: &mut dyn Tx) -> StoreResult<(i64, String)> {
    Ok(
        match tx.query_opt("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", &[])? {
            Some(r) => (r.i64(0)?, r.str(1)?),
            None => (0, GENESIS.to_string()),
        },
    )
}

/// The stored hash of row `seq` ([`GENESIS`] for 0), if the row exists.
pub fn hash_at(tx: &mut dyn Tx, seq: i64) -> StoreResult<Option<String>> {
    if seq == 0 {
        return Ok(Some(GENESIS.to_string()));
    }
    tx.query_opt("SELECT hash FROM audit WHERE seq = ?", &[seq.into()])?
        .map(|r| r.str(0))
        .transpose()
}
