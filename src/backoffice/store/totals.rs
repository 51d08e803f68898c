//! Totals of list queries (`COUNT(*)` of every match), kept until the data changes.
//!
//! A page's `total` promises how many items match the query in all. Counting them costs
//! time proportional to the matches (about 3–6 ms for 80,000 open tickets) and the queue
//! asks for the same count on every page and every refresh. A count is kept with the
//! store's *generation*, read in the same snapshot as the page: the newest audit `seq`
//! (every change through the API appends an audit row in its own transaction) and the
//! highest ticket id (bulk loads such as `kefu gen-data` insert tickets between their
//! audit rows). A kept count is used only when the generation is the same, so it is
//! exactly what `COUNT(*)` would say in that snapshot, on any number of servers sharing
//! the database. Counts that depend on the clock (claims that lapse) are never kept.

use std::collections::HashMap;
use std::sync::Mutex;

use super::{StoreResult, Tx, Value};

/// Kept counts; beyond this many different queries the cache starts over.
const KEPT: usize = 256;

/// What the data looked like: (newest audit seq, highest ticket id).
pub type Generation = (i64, i64);

/// The store's generation in the current snapshot (two primary-key lookups).
pub fn generation(tx: &mut dyn Tx) -> StoreResult<Generation> {
    let row = tx.query_opt(
        "SELECT (SELECT COALESCE(MAX(seq), 0) FROM audit), (SELECT COALESCE(MAX(id), 0) FROM tickets)",
        &[],
    )?;
    match row {
        Some(r) => Ok((r.i64(0)?, r.i64(1)?)),
        None => Ok((0, 0)),
    }
}

/// Counts of list queries by their SQL and parameters, each with its generation.
#[derive(Debug, Default)]
pub struct Totals {
    kept: Mutex<HashMap<String, (Generation, u64)>>,
}

impl Totals {
    /// `SELECT COUNT(*) FROM {from} WHERE {where_}` in this snapshot: kept with
    /// `generation` and taken from the cache while the generation is the same; counted
    /// afresh every time when `generation` is `None` (a count that depends on the clock).
    pub fn count(
        &self,
        tx: &mut dyn Tx,
        generation: Option<Generation>,
        from: &str,
        where_: &str,
        params: &[Value],
    ) -> StoreResult<u64> {
        let sql = format!("SELECT COUNT(*) FROM {from} WHERE {where_}");
        let Some(generation) = generation else {
            return Ok(u64::try_from(tx.query_i64(&sql, params)?).unwrap_or(0));
        };
        let key = format!("{sql}\u{0}{params:?}");
        let hit = self.kept.lock().ok().and_then(|k| k.get(&key).copied());
        if let Some((g, n)) = hit {
            if g == generation {
                return Ok(n);
            }
        }
        let n = u64::try_from(tx.query_i64(&sql, params)?).unwrap_or(0);
        if let Ok(mut kept) = self.kept.lock() {
            if kept.len() >= KEPT && !kept.contains_key(&key) {
                kept.clear();
            }
            kept.insert(key, (generation, n));
        }
        Ok(n)
    }
}
