//! SQLite backend: WAL, `synchronous=FULL`, foreign keys, `BEGIN IMMEDIATE` writes.

use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};

use super::{schema, Backend, Row, StoreError, StoreResult, Tx, Value};

/// How long a statement waits for a lock held by another connection or process.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Db(e.to_string())
    }
}

/// Most reader connections open at once; a read waits for a free one. Two cores gain
/// nothing from more, and each connection holds its own page cache and parsed schema
/// (one per concurrent request before: 50 under load, most opened and dropped per read).
pub const READERS: usize = 8;

/// Page cache of each connection, in KiB (SQLite's `cache_size` when negative). The
/// operating system caches the file for all of them; this is each one's private copy.
const CACHE_KIB: i64 = 4096;

/// The SQLite store: one writer connection, a bounded pool of readers.
pub struct Sqlite {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Mutex<Readers>,
    /// Signalled when a reader goes back to the pool or is closed.
    freed: Condvar,
}

/// Idle reader connections and how many are open in all.
#[derive(Default)]
struct Readers {
    idle: Vec<Connection>,
    open: usize,
}

struct SqliteTx<'a>(&'a Connection);

fn to_sql(v: &Value) -> rusqlite::types::Value {
    match v {
        Value::Null => rusqlite::types::Value::Null,
        Value::Int(i) => rusqlite::types::Value::Integer(*i),
        Value::Text(s) => rusqlite::types::Value::Text(s.clone()),
        Value::Blob(b) => rusqlite::types::Value::Blob(b.clone()),
    }
}

impl Tx for SqliteTx<'_> {
    fn execute(&mut self, sql: &str, params: &[Value]) -> StoreResult<u64> {
        let mut stmt = self.0.prepare_cached(sql)?;
        let n = stmt.execute(rusqlite::params_from_iter(params.iter().map(to_sql)))?;
        Ok(n as u64)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> StoreResult<Vec<Row>> {
        let mut stmt = self.0.prepare_cached(sql)?;
        let cols = stmt.column_count();
        let mut rows = stmt.query(rusqlite::params_from_iter(params.iter().map(to_sql)))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let mut vals = Vec::with_capacity(cols);
            for i in 0..cols {
                vals.push(match r.get_ref(i)? {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(v) => Value::Int(v),
                    ValueRef::Real(v) => Value::Int(v as i64),
                    ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
                    ValueRef::Blob(b) => Value::Blob(b.to_vec()),
                });
            }
            out.push(Row(vals));
        }
        Ok(out)
    }

    fn backend(&self) -> &'static str {
        "sqlite"
    }
}

fn connect(path: &Path, flags: OpenFlags) -> StoreResult<Connection> {
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Switching a new file to WAL needs an exclusive lock and does not wait on the busy
    // handler: when another process is doing the same (two servers starting together),
    // try again until the busy timeout.
    let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn.execute_batch(&format!(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;
             PRAGMA cache_size = -{CACHE_KIB};"
        )) {
            Ok(()) => return Ok(conn),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy
                    && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(e) => return Err(e.into()),
        }
    }
}

impl Sqlite {
    /// Open the file (creating it), set the pragmas and apply pending migrations.
    pub fn open(path: &Path) -> StoreResult<Sqlite> {
        let writer = connect(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| StoreError::Db(format!("cannot open {}: {e}", path.display())))?;
        let store = Sqlite {
            path: path.to_path_buf(),
            writer: Mutex::new(writer),
            readers: Mutex::new(Readers::default()),
            freed: Condvar::new(),
        };
        store.write(|tx| schema::migrate(tx, schema::SQLITE))?;
        store.optimize()?;
        Ok(store)
    }

    /// Give the planner statistics: analyse tables that never were, or that grew or
    /// shrank a lot since (all tables, not only those this connection used; with
    /// SQLite's time-bounded sample, so a large file opens in well under a second).
    /// Without statistics the planner guesses, e.g. sorting every open ticket per page.
    fn optimize(&self) -> StoreResult<()> {
        let conn = self
            .writer
            .lock()
            .map_err(|_| StoreError::Db("writer connection poisoned".into()))?;
        conn.execute_batch("PRAGMA optimize = 0x10012")?;
        Ok(())
    }

    /// An idle reader, a new one while fewer than [`READERS`] are open, or else the
    /// next one given back (waiting at most the busy timeout).
    fn take_reader(&self) -> StoreResult<Connection> {
        let poisoned = || StoreError::Db("reader pool poisoned".into());
        let deadline = Instant::now() + BUSY_TIMEOUT;
        let mut pool = self.readers.lock().map_err(|_| poisoned())?;
        loop {
            if let Some(c) = pool.idle.pop() {
                return Ok(c);
            }
            if pool.open < READERS {
                pool.open += 1;
                drop(pool);
                let conn = connect(
                    &self.path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                );
                if conn.is_err() {
                    self.close_reader();
                }
                return conn;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(StoreError::Db(format!(
                    "all {READERS} reader connections stayed busy for {}s",
                    BUSY_TIMEOUT.as_secs()
                )));
            }
            pool = self
                .freed
                .wait_timeout(pool, left)
                .map_err(|_| poisoned())?
                .0;
        }
    }

    /// Count a reader as closed (it failed or was dropped), making room for a new one.
    fn close_reader(&self) {
        if let Ok(mut pool) = self.readers.lock() {
            pool.open = pool.open.saturating_sub(1);
        }
        self.freed.notify_one();
    }
}

/// A reader taken from the pool: given back with [`Lease::give_back`], or closed and
/// counted out when dropped otherwise (an error or a panic in the read).
struct Lease<'a> {
    pool: &'a Sqlite,
    conn: Option<Connection>,
}

impl Lease<'_> {
    fn give_back(mut self) {
        if let Some(conn) = self.conn.take() {
            if let Ok(mut pool) = self.pool.readers.lock() {
                pool.idle.push(conn);
            }
            self.pool.freed.notify_one();
        }
    }
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            drop(conn);
            self.pool.close_reader();
        }
    }
}

impl Backend for Sqlite {
    fn read<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&mut dyn Tx) -> Result<T, E>,
    ) -> Result<T, E> {
        let lease = Lease {
            pool: self,
            conn: Some(self.take_reader().map_err(E::from)?),
        };
        let Some(conn) = lease.conn.as_ref() else {
            return Err(E::from(StoreError::Db("reader lease is empty".into())));
        };
        // A deferred transaction gives one consistent snapshot for several queries.
        conn.execute_batch("BEGIN").map_err(|e| E::from(e.into()))?;
        let out = f(&mut SqliteTx(conn));
        // Ending a read-only transaction cannot lose data; a failure here only drops the
        // connection (the lease closes it).
        if conn.execute_batch("COMMIT").is_ok() {
            lease.give_back();
        }
        out
    }

    fn write<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&mut dyn Tx) -> Result<T, E>,
    ) -> Result<T, E> {
        let conn = self
            .writer
            .lock()
            .map_err(|_| E::from(StoreError::Db("writer connection poisoned".into())))?;
        conn.execute_batch("BEGIN IMMEDIATE")
            .map_err(|e| E::from(e.into()))?;
        match f(&mut SqliteTx(&conn)) {
            Ok(v) => {
                if let Err(e) = conn.execute_batch("COMMIT") {
                    let _ = conn.execute_batch("ROLLBACK");
                    return Err(E::from(e.into()));
                }
                Ok(v)
            }
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Barrier};

    use super::*;

    #[test]
    fn at_most_readers_connections_are_open_and_the_rest_wait_their_turn() {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(Sqlite::open(&dir.path().join("r.db")).unwrap());
        // Readers meet in groups of READERS: a group completes only when that many reads
        // are inside at once; a reader beyond the cap would push `max` past it.
        let group = Arc::new(Barrier::new(READERS));
        let inside = Arc::new(AtomicUsize::new(0));
        let max = Arc::new(AtomicUsize::new(0));
        let threads: Vec<_> = (0..4 * READERS)
            .map(|_| {
                let (store, group, inside, max) =
                    (store.clone(), group.clone(), inside.clone(), max.clone());
                std::thread::spawn(move || {
                    store.read(|tx| {
                        let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                        max.fetch_max(now, Ordering::SeqCst);
                        group.wait();
                        let n = tx.query_i64("SELECT COUNT(*) FROM schema_migrations", &[]);
                        inside.fetch_sub(1, Ordering::SeqCst);
                        n
                    })
                })
            })
            .collect();
        for t in threads {
            assert!(t.join().unwrap().unwrap() >= 1);
        }
        assert_eq!(max.load(Ordering::SeqCst), READERS);
        let pool = store.readers.lock().unwrap();
        assert_eq!((pool.open, pool.idle.len()), (READERS, READERS));
    }
}
