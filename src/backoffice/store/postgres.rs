//! PostgreSQL backend: a small pool of synchronous clients, `?` placeholders translated
//! to `$n`, and every write serialized by one transaction-scoped advisory lock so the
//! audit chain and idempotency keys behave exactly as under SQLite's single writer,
//! however many servers share the database.
//!
//! The `postgres` client runs its own small runtime and must never be used (or dropped)
//! on an async worker thread: the store calls it from `spawn_blocking` threads, and the
//! helpers here move connection set-up and tear-down onto plain threads.
//!
//! Longer than 600 lines: the pool, the transaction and the value conversions all follow
//! that threading rule, and are kept together so a change to one is read beside the others.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use bytes::BytesMut;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{IsNull, ToSql, Type};
use postgres::{Client, Config, NoTls, Statement};

use super::{schema, Backend, Row, StoreError, StoreResult, Tx, Value};

/// Most connections one server keeps open; further callers wait for a free one.
const MAX_CONNECTIONS: usize = 10;
/// How long a caller waits for a free connection before giving up.
const CHECKOUT_TIMEOUT: Duration = Duration::from_secs(30);
/// Prepared statements kept per connection (lists with `IN (…)` vary in shape).
const STATEMENT_CACHE: usize = 256;
/// First key of the advisory lock taken by every write (an arbitrary constant: "kefu").
const LOCK_CLASS: i32 = 0x6b65_6675;
/// Longest a statement or lock wait may take before the server gives up on it.
const STATEMENT_TIMEOUT: &str = "30s";

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> Self {
        match e.as_db_error() {
            Some(db) => StoreError::Db(format!(
                "{}: {}{}",
                db.code().code(),
                db.message(),
                db.detail().map(|d| format!(" ({d})")).unwrap_or_default()
            )),
            None => StoreError::Db(e.to_string()),
        }
    }
}

/// Rewrite a statement written for the store's common dialect into PostgreSQL's:
/// `?` becomes `$1`, `$2`…, and `LIKE` becomes `ILIKE` (SQLite's `LIKE` ignores ASCII
/// case; `ILIKE` keeps that meaning). Quoted text, quoted identifiers, dollar-quoted
/// bodies and comments are copied untouched.
pub fn translate(sql: &str) -> String {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = String::with_capacity(sql.len() + 16);
    let mut n = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\'' | '"' => {
                // Copy through the closing quote; a doubled quote stays inside the text.
                out.push(c);
                i += 1;
                while i < chars.len() {
                    out.push(chars[i]);
                    if chars[i] == c {
                        if chars.get(i + 1) == Some(&c) {
                            out.push(c);
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
                i += 1;
            }
            '-' if chars.get(i + 1) == Some(&'-') => {
                while i < chars.len() && chars[i] != '\n' {
                    out.push(chars[i]);
                    i += 1;
                }
            }
            '/' if chars.get(i + 1) == Some(&'*') => {
                let end = (i + 2..chars.len())
                    .find(|&j| chars[j - 1] == '*' && chars[j] == '/' && j > i + 2)
                    .map_or(chars.len(), |j| j + 1);
                out.extend(&chars[i..end]);
                i = end;
            }
            '$' => match dollar_tag(&chars, i) {
                Some(tag) => {
                    // Copy the whole dollar-quoted body, tags included.
                    let end = (i + tag.len()..chars.len())
                        .find(|&j| chars[j..].starts_with(&tag))
                        .map_or(chars.len(), |j| j + tag.len());
                    out.extend(&chars[i..end]);
                    i = end;
                }
                None => {
                    out.push('$');
                    i += 1;
                }
            },
            '?' => {
                n += 1;
                out.push('$');
                out.push_str(&n.to_string());
                i += 1;
            }
            c if is_word(c) => {
                let start = i;
                while i < chars.len() && is_word(chars[i]) {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                if word.eq_ignore_ascii_case("like") {
                    out.push_str("ILIKE");
                } else {
                    out.push_str(&word);
                }
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

/// The `$tag$` opening a dollar-quoted string at `i`, if one starts there.
fn dollar_tag(chars: &[char], i: usize) -> Option<Vec<char>> {
    // `$1` is a parameter and `a$b` an identifier, not quotes.
    if i > 0 && is_word(chars[i - 1]) {
        return None;
    }
    let mut j = i + 1;
    while j < chars.len() && (chars[j].is_alphanumeric() || chars[j] == '_') {
        if j == i + 1 && chars[j].is_ascii_digit() {
            return None;
        }
        j += 1;
    }
    (chars.get(j) == Some(&'$')).then(|| chars[i..=j].to_vec())
}

/// A store value sent as a parameter of whatever type the server inferred for it.
#[derive(Debug)]
struct Param<'a>(&'a Value);

type BoxError = Box<dyn std::error::Error + Sync + Send>;

impl ToSql for Param<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        match self.0 {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(v) => match *ty {
                Type::INT8 => v.to_sql(ty, out),
                Type::INT4 => i32::try_from(*v)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*v)?.to_sql(ty, out),
                Type::BOOL => (*v != 0).to_sql(ty, out),
                Type::FLOAT8 => (*v as f64).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => {
                    v.to_string().to_sql(&Type::TEXT, out)
                }
                _ => Err(format!("cannot send an integer as {ty}").into()),
            },
            Value::Text(s) => match *ty {
                Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => {
                    s.as_str().to_sql(&Type::TEXT, out)
                }
                Type::BYTEA => s.as_bytes().to_sql(ty, out),
                _ => Err(format!("cannot send text as {ty}").into()),
            },
            Value::Blob(b) => match *ty {
                Type::BYTEA => b.as_slice().to_sql(ty, out),
                _ => Err(format!("cannot send bytes as {ty}").into()),
            },
        }
    }

    fn accepts(_: &Type) -> bool {
        // Checked per value in `to_sql`, which knows both the value and the type.
        true
    }

    postgres::types::to_sql_checked!();
}

/// Read column `i` of a row into a store value.
fn column(row: &postgres::Row, i: usize) -> StoreResult<Value> {
    let ty = row.columns()[i].type_().clone();
    let data = |e: postgres::Error| StoreError::Data {
        column: row.columns()[i].name().to_string(),
        detail: e.to_string(),
    };
    Ok(match ty {
        Type::INT8 => row.try_get::<_, Option<i64>>(i).map_err(data)?.into(),
        Type::INT4 => row.try_get::<_, Option<i32>>(i).map_err(data)?.into(),
        Type::INT2 => row
            .try_get::<_, Option<i16>>(i)
            .map_err(data)?
            .map(i64::from)
            .into(),
        Type::BOOL => row.try_get::<_, Option<bool>>(i).map_err(data)?.into(),
        Type::FLOAT8 => row
            .try_get::<_, Option<f64>>(i)
            .map_err(data)?
            .map(|f| f as i64)
            .into(),
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => {
            row.try_get::<_, Option<String>>(i).map_err(data)?.into()
        }
        Type::BYTEA => row.try_get::<_, Option<Vec<u8>>>(i).map_err(data)?.into(),
        Type::VOID => Value::Null,
        other => {
            return Err(StoreError::Data {
                column: row.columns()[i].name().to_string(),
                detail: format!("PostgreSQL type {other} has no store value; cast it in the query"),
            })
        }
    })
}

/// One pooled connection with its prepared statements.
struct Conn {
    client: Client,
    statements: HashMap<String, Statement>,
    /// Set when the connection's state is unknown; it is then closed, not reused.
    broken: bool,
}

struct PgTx<'a> {
    client: &'a mut Client,
    statements: &'a mut HashMap<String, Statement>,
}

impl PgTx<'_> {
    fn statement(&mut self, sql: &str) -> StoreResult<Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let prepared = self.client.prepare(&translate(sql))?;
        if self.statements.len() >= STATEMENT_CACHE {
            self.statements.clear();
        }
        self.statements.insert(sql.to_string(), prepared.clone());
        Ok(prepared)
    }
}

fn params(values: &[Value]) -> Vec<Param<'_>> {
    values.iter().map(Param).collect()
}

fn refs<'a>(params: &'a [Param<'a>]) -> Vec<&'a (dyn ToSql + Sync)> {
    params.iter().map(|p| p as &(dyn ToSql + Sync)).collect()
}

impl Tx for PgTx<'_> {
    fn execute(&mut self, sql: &str, values: &[Value]) -> StoreResult<u64> {
        let stmt = self.statement(sql)?;
        let p = params(values);
        Ok(self.client.execute(&stmt, &refs(&p))?)
    }

    fn query(&mut self, sql: &str, values: &[Value]) -> StoreResult<Vec<Row>> {
        let stmt = self.statement(sql)?;
        let p = params(values);
        let rows = self.client.query(&stmt, &refs(&p))?;
        rows.iter()
            .map(|r| {
                (0..r.len())
                    .map(|i| column(r, i))
                    .collect::<StoreResult<Vec<_>>>()
            })
            .map(|r| r.map(Row))
            .collect()
    }

    fn backend(&self) -> &'static str {
        "postgres"
    }
}

#[derive(Default)]
struct Pool {
    idle: Vec<Conn>,
    open: usize,
}

/// The PostgreSQL store.
pub struct Postgres {
    config: Config,
    pool: Mutex<Pool>,
    freed: Condvar,
    /// Second key of the write lock: a hash of the schema, so separate stores sharing a
    /// database (e.g. tests, one schema each) don't wait for each other.
    lock_key: i32,
    /// Schema the store lives in (the first one on the connection's search path).
    schema: String,
    /// Set when the store is dropped, so the listener thread ends.
    closed: Arc<AtomicBool>,
    /// Set once the listener thread runs (one per store is enough).
    listening: AtomicBool,
}

/// Run `f` on a plain thread: the sync client must not run on an async worker thread.
pub(crate) fn off_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> StoreResult<T> {
    std::thread::scope(|s| {
        s.spawn(f)
            .join()
            .map_err(|_| StoreError::Db("database thread panicked".into()))
    })
}

fn connect(config: &Config) -> StoreResult<Client> {
    let mut client = config
        .connect(NoTls)
        .map_err(|e| StoreError::Db(format!("cannot connect: {e}")))?;
    // UTC and ISO dates keep any server-side text identical to what the store writes.
    client.batch_execute(&format!(
        "SET TIME ZONE 'UTC'; SET statement_timeout = '{STATEMENT_TIMEOUT}'; SET synchronous_commit = on"
    ))?;
    Ok(client)
}

impl Postgres {
    /// Connect, check the schema and apply pending migrations. Safe to call from async
    /// code: the work runs on a plain thread.
    pub fn open(url: &str) -> StoreResult<Postgres> {
        let config = Config::from_str(url)
            .map_err(|e| StoreError::Db(format!("bad PostgreSQL URL: {e}")))?;
        off_runtime(move || Postgres::open_here(config))?
    }

    fn open_here(config: Config) -> StoreResult<Postgres> {
        let mut client = connect(&config)?;
        let row = client.query_one(
            "SELECT current_schema()::text, hashtext(current_schema())",
            &[],
        )?;
        let schema: Option<String> = row.try_get(0)?;
        let Some(schema) = schema else {
            return Err(StoreError::Db(
                "no schema on the search path exists; create it or fix `options=-csearch_path=…` in the URL".into(),
            ));
        };
        let lock_key: i32 = row.try_get(1)?;
        let store = Postgres {
            config,
            pool: Mutex::new(Pool {
                idle: vec![Conn {
                    client,
                    statements: HashMap::new(),
                    broken: false,
                }],
                open: 1,
            }),
            freed: Condvar::new(),
            lock_key,
            schema,
            closed: Arc::new(AtomicBool::new(false)),
            listening: AtomicBool::new(false),
        };
        store.write(|tx| schema::migrate(tx, schema::POSTGRES))?;
        Ok(store)
    }

    /// The schema this store lives in.
    pub fn schema(&self) -> &str {
        &self.schema
    }

    /// The NOTIFY channel on which this store announces new audit rows.
    pub fn channel(&self) -> String {
        format!("kefu_{}", self.schema)
    }

    fn checkout(&self) -> StoreResult<Conn> {
        let deadline = Instant::now() + CHECKOUT_TIMEOUT;
        let mut pool = self
            .pool
            .lock()
            .map_err(|_| StoreError::Db("connection pool poisoned".into()))?;
        loop {
            if let Some(conn) = pool.idle.pop() {
                if conn.client.is_closed() {
                    pool.open -= 1;
                    continue;
                }
                return Ok(conn);
            }
            if pool.open < MAX_CONNECTIONS {
                pool.open += 1;
                drop(pool);
                return match connect(&self.config) {
                    Ok(client) => Ok(Conn {
                        client,
                        statements: HashMap::new(),
                        broken: false,
                    }),
                    Err(e) => {
                        if let Ok(mut pool) = self.pool.lock() {
                            pool.open -= 1;
                        }
                        self.freed.notify_one();
                        Err(e)
                    }
                };
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(StoreError::Db(format!(
                    "all {MAX_CONNECTIONS} database connections stayed busy for {}s",
                    CHECKOUT_TIMEOUT.as_secs()
                )));
            }
            pool = self
                .freed
                .wait_timeout(pool, left)
                .map_err(|_| StoreError::Db("connection pool poisoned".into()))?
                .0;
        }
    }

    fn checkin(&self, conn: Conn) {
        let discard = conn.broken || conn.client.is_closed();
        if let Ok(mut pool) = self.pool.lock() {
            if discard {
                pool.open -= 1;
            } else {
                pool.idle.push(conn);
                drop(pool);
                self.freed.notify_one();
                return;
            }
        }
        // Dropped outside the pool's lock: closing may wait on the network.
        drop(conn);
        self.freed.notify_one();
    }

    /// Run `f` in a transaction and end it; the connection goes back to the pool (or
    /// is dropped when it broke).
    fn run<T, E: From<StoreError>>(
        &self,
        write: bool,
        f: impl FnOnce(&mut dyn Tx) -> Result<T, E>,
    ) -> Result<T, E> {
        // Writes: READ COMMITTED after the lock, so each statement sees every write
        // committed before the lock was granted (a REPEATABLE READ snapshot would be
        // taken before the wait and miss them). Reads: one snapshot for all queries.
        // One round trip starts the transaction and, for writes, takes the lock.
        let begin = if write {
            format!(
                "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock({LOCK_CLASS}, {})",
                self.lock_key
            )
        } else {
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY".to_string()
        };
        let mut conn = self.begin(&begin).map_err(E::from)?;
        let out = f(&mut PgTx {
            client: &mut conn.client,
            statements: &mut conn.statements,
        });
        let end = match &out {
            Ok(_) => conn.client.batch_execute("COMMIT"),
            Err(_) => conn.client.batch_execute("ROLLBACK"),
        };
        let out = match (out, end) {
            (Ok(v), Ok(())) => Ok(v),
            (Ok(_), Err(e)) => {
                // A failed COMMIT leaves the transaction aborted; end it before reuse.
                if conn.client.batch_execute("ROLLBACK").is_err() {
                    conn.broken = true;
                }
                Err(E::from(StoreError::from(e)))
            }
            (Err(e), end) => {
                conn.broken |= end.is_err();
                Err(e)
            }
        };
        self.checkin(conn);
        out
    }

    /// A pooled connection inside a fresh transaction. A pooled connection the server
    /// closed meanwhile (restart, idle timeout, `pg_terminate_backend`) fails here,
    /// before any work was done, so trying once more on a new connection is safe.
    fn begin(&self, sql: &str) -> StoreResult<Conn> {
        let mut attempts = 0;
        loop {
            attempts += 1;
            let mut conn = self.checkout()?;
            match conn.client.batch_execute(sql) {
                Ok(()) => return Ok(conn),
                Err(e) => {
                    let closed = conn.client.is_closed();
                    conn.broken = true;
                    self.checkin(conn);
                    if !closed || attempts > MAX_CONNECTIONS {
                        return Err(e.into());
                    }
                }
            }
        }
    }

    /// Run maintenance SQL outside any transaction (VACUUM refuses to run inside one).
    pub fn maintain(&self, sql: &str) -> StoreResult<()> {
        let mut conn = self.checkout()?;
        let out = conn.client.batch_execute(sql);
        if out.is_err() {
            conn.broken = true;
        }
        self.checkin(conn);
        Ok(out?)
    }

    /// Start a thread that LISTENs for new audit rows on this store's channel and calls
    /// `wake` for each notification (and after every reconnect, since notifications
    /// sent while disconnected are lost). The thread ends when the store is dropped.
    pub fn listen(&self, wake: impl Fn() + Send + 'static) {
        if self.listening.swap(true, Ordering::SeqCst) {
            return;
        }
        let config = self.config.clone();
        let channel = self.channel();
        let closed = self.closed.clone();
        let spawned = std::thread::Builder::new()
            .name("kefu-pg-listen".into())
            .spawn(move || listen_loop(&config, &channel, &closed, &wake));
        if let Err(e) = spawned {
            tracing::error!(error = %e, "cannot start the PostgreSQL listener thread");
        }
    }
}

fn listen_loop(config: &Config, channel: &str, closed: &AtomicBool, wake: &dyn Fn()) {
    let mut backoff = Duration::from_millis(100);
    while !closed.load(Ordering::Relaxed) {
        let mut client = match connect(config).and_then(|mut c| {
            c.batch_execute(&format!("LISTEN \"{}\"", channel.replace('"', "\"\"")))?;
            Ok(c)
        }) {
            Ok(c) => c,
            Err(e) => {
                tracing::warn!(error = %e, "PostgreSQL listener cannot connect; retrying");
                std::thread::sleep(backoff);
                backoff = (backoff * 2).min(Duration::from_secs(5));
                continue;
            }
        };
        backoff = Duration::from_millis(100);
        wake();
        loop {
            if closed.load(Ordering::Relaxed) {
                return;
            }
            let got = client
                .notifications()
                .timeout_iter(Duration::from_millis(500))
                .next();
            match got {
                Ok(Some(_)) => {
                    // Drain what else arrived; one wake covers them all.
                    while let Ok(Some(_)) = client.notifications().iter().next() {}
                    wake();
                }
                Ok(None) => {
                    if client.is_closed() {
                        break;
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, "PostgreSQL listener lost its connection");
                    break;
                }
            }
        }
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        self.closed.store(true, Ordering::Relaxed);
        // Closing a client blocks on its own runtime, which panics on an async worker
        // thread; hand the idle connections to a plain thread to close.
        let idle = match self.pool.get_mut() {
            Ok(pool) => std::mem::take(&mut pool.idle),
            Err(_) => Vec::new(),
        };
        if !idle.is_empty() {
            let _ = std::thread::Builder::new()
                .name("kefu-pg-close".into())
                .spawn(move || drop(idle));
        }
    }
}

impl Backend for Postgres {
    fn read<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&mut dyn Tx) -> Result<T, E>,
    ) -> Result<T, E> {
        self.run(false, f)
    }

    fn write<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&mut dyn Tx) -> Result<T, E>,
    ) -> Result<T, E> {
        self.run(true, f)
    }
}

#[cfg(test)]
mod tests {
    use super::translate;

    #[test]
    fn placeholders_are_numbered_outside_quotes_only() {
        assert_eq!(
            translate("SELECT a FROM t WHERE b = ? AND c = '?' AND \"d?\" = ? -- ?\n LIMIT ?"),
            "SELECT a FROM t WHERE b = $1 AND c = '?' AND \"d?\" = $2 -- ?\n LIMIT $3"
        );
        assert_eq!(translate("SELECT 'it''s ?', ?"), "SELECT 'it''s ?', $1");
        assert_eq!(translate("SELECT /* ? */ ?"), "SELECT /* ? */ $1");
    }

    #[test]
    fn dollar_quoted_bodies_are_left_alone() {
        let body = "CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'x?'; END $$ LANGUAGE plpgsql";
        assert_eq!(translate(body), body);
        assert_eq!(
            translate("SELECT $tag$ ? $tag$, ?"),
            "SELECT $tag$ ? $tag$, $1"
        );
    }

    #[test]
    fn like_becomes_ilike_but_other_words_stay() {
        assert_eq!(
            translate("WHERE subject LIKE ? ESCAPE '\\' AND likely = 1 AND x NOT like 'LIKE'"),
            "WHERE subject ILIKE $1 ESCAPE '\\' AND likely = 1 AND x NOT ILIKE 'LIKE'"
        );
    }
}
