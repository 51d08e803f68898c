//! The store: one narrow interface (`Tx`) over SQLite or PostgreSQL.
//!
//! Business operations are written once against `Tx` with `?` placeholders; each
//! backend translates what it must. Every write runs in one transaction together with
//! its audit row and its idempotency record.

pub mod accounts;
pub mod audit;
pub mod cursor;
pub mod idempotency;
pub mod load_demo;
pub mod lookups;
pub mod operators;
pub mod postgres;
pub mod reviews;
pub mod schema;
pub mod sessions;
pub mod sqlite;
pub mod team;
pub mod throttles;
pub mod tickets;
pub mod totals;
pub mod value;

use std::sync::Arc;

pub use value::{Row, Value};

use chrono::{DateTime, SecondsFormat, Utc};

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database refused or failed.
    #[error("database error: {0}")]
    Db(String),
    /// A row had an unexpected shape (a bug or a corrupted file).
    #[error("unexpected data in column {column}: {detail}")]
    Data {
        /// Column index or name.
        column: String,
        /// What was wrong.
        detail: String,
    },
    /// A migration could not be applied.
    #[error("migration {version} failed: {detail}")]
    Migration {
        /// Migration number.
        version: i64,
        /// What failed.
        detail: String,
    },
    /// The database URL is not understood.
    #[error("unsupported database URL {0:?}: use sqlite:PATH or postgres://…")]
    Url(String),
}

/// Result of store operations.
pub type StoreResult<T> = Result<T, StoreError>;

/// One transaction (or one read snapshot) on a backend.
pub trait Tx {
    /// Run a statement; returns the number of rows changed.
    fn execute(&mut self, sql: &str, params: &[Value]) -> StoreResult<u64>;
    /// Run a query and collect its rows.
    fn query(&mut self, sql: &str, params: &[Value]) -> StoreResult<Vec<Row>>;
    /// Name of the backend, `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;

    /// The first row of a query, if any.
    fn query_opt(&mut self, sql: &str, params: &[Value]) -> StoreResult<Option<Row>> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    /// A single integer (e.g. `COUNT(*)` or `RETURNING id`).
    fn query_i64(&mut self, sql: &str, params: &[Value]) -> StoreResult<i64> {
        match self.query_opt(sql, params)? {
            Some(row) => row.i64(0),
            None => Err(StoreError::Data {
                column: "0".into(),
                detail: format!("no row from {sql}"),
            }),
        }
    }
}

/// A backend able to open read snapshots and write transactions.
pub trait Backend: Send + Sync + 'static {
    /// Run `f` in a read-only snapshot.
    fn read<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&mut dyn Tx) -> Result<T, E>,
    ) -> Result<T, E>;
    /// Run `f` in a write transaction; commit when it returns `Ok`, roll back otherwise.
    fn write<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&mut dyn Tx) -> Result<T, E>,
    ) -> Result<T, E>;
}

/// The store shared by all request handlers.
#[derive(Clone)]
pub struct Store {
    inner: Inner,
    /// Woken after every committed write of this process (and, on PostgreSQL, of every
    /// server once [`Store::watch`] runs), so the event stream can look for new rows.
    changed: Arc<tokio::sync::Notify>,
    /// On SQLite, one permit per reader connection: reads queue here, on the async side,
    /// rather than as blocked threads waiting for a connection.
    read_slots: Option<Arc<tokio::sync::Semaphore>>,
}

#[derive(Clone)]
enum Inner {
    Sqlite(Arc<sqlite::Sqlite>),
    Postgres(Arc<self::postgres::Postgres>),
}

/// Run the same expression on whichever backend the store holds.
macro_rules! dispatch {
    ($inner:expr, $b:ident => $e:expr) => {
        match $inner {
            Inner::Sqlite($b) => $e,
            Inner::Postgres($b) => $e,
        }
    };
}

impl Store {
    /// Open (and migrate) the store named by a URL: `sqlite:PATH` or `postgres://…`
    /// (`postgresql://…`, or any key=value connection string starting `host=`).
    /// Safe to call from async code.
    pub fn open(url: &str) -> StoreResult<Store> {
        let mut read_slots = None;
        let inner = if let Some(path) = url.strip_prefix("sqlite:") {
            let path = path.strip_prefix("//").unwrap_or(path);
            read_slots = Some(Arc::new(tokio::sync::Semaphore::new(sqlite::READERS)));
            Inner::Sqlite(Arc::new(sqlite::Sqlite::open(std::path::Path::new(path))?))
        } else if url.starts_with("postgres://")
            || url.starts_with("postgresql://")
            || url.starts_with("host=")
        {
            Inner::Postgres(Arc::new(self::postgres::Postgres::open(url)?))
        } else {
            return Err(StoreError::Url(url.to_string()));
        };
        Ok(Store {
            inner,
            changed: Arc::new(tokio::sync::Notify::new()),
            read_slots,
        })
    }

    /// A signal woken after committed writes: this process's, and on PostgreSQL every
    /// server's (the first call starts a LISTEN thread). Wake-ups may be spurious or
    /// coalesced; callers look for what changed.
    pub fn watch(&self) -> Arc<tokio::sync::Notify> {
        if let Inner::Postgres(pg) = &self.inner {
            let changed = self.changed.clone();
            pg.listen(move || changed.notify_one());
        }
        self.changed.clone()
    }

    /// Name of the backend.
    pub fn backend(&self) -> &'static str {
        match self.inner {
            Inner::Sqlite(_) => "sqlite",
            Inner::Postgres(_) => "postgres",
        }
    }

    /// Run a read on a blocking thread.
    pub async fn read<T: Send + 'static, E: From<StoreError> + Send + 'static>(
        &self,
        f: impl FnOnce(&mut dyn Tx) -> Result<T, E> + Send + 'static,
    ) -> Result<T, E> {
        let inner = self.inner.clone();
        let slot = match &self.read_slots {
            Some(slots) => Some(
                slots
                    .clone()
                    .acquire_owned()
                    .await
                    .map_err(|e| E::from(StoreError::Db(format!("read slots closed: {e}"))))?,
            ),
            None => None,
        };
        // The permit moves into the task: a request dropped while waiting for the task
        // does not free it before the connection is back.
        let out = tokio::task::spawn_blocking(move || {
            let out = dispatch!(&inner, b => b.read(f));
            drop(slot);
            out
        })
        .await;
        match out {
            Ok(r) => r,
            Err(e) => Err(E::from(StoreError::Db(format!("read task failed: {e}")))),
        }
    }

    /// Run a read of a few index lookups on the calling task's thread (SQLite), where a
    /// hop to a blocking thread costs more than the read; other backends: [`Store::read`].
    pub async fn read_point<T: Send + 'static, E: From<StoreError> + Send + 'static>(
        &self,
        f: impl FnOnce(&mut dyn Tx) -> Result<T, E> + Send + 'static,
    ) -> Result<T, E> {
        match (&self.inner, &self.read_slots) {
            (Inner::Sqlite(b), Some(slots)) => {
                let _slot = slots
                    .acquire()
                    .await
                    .map_err(|e| E::from(StoreError::Db(format!("read slots closed: {e}"))))?;
                b.read(f)
            }
            _ => self.read(f).await,
        }
    }

    /// Run a write transaction on a blocking thread.
    pub async fn write<T: Send + 'static, E: From<StoreError> + Send + 'static>(
        &self,
        f: impl FnOnce(&mut dyn Tx) -> Result<T, E> + Send + 'static,
    ) -> Result<T, E> {
        let inner = self.inner.clone();
        let out =
            match tokio::task::spawn_blocking(move || dispatch!(&inner, b => b.write(f))).await {
                Ok(r) => r,
                Err(e) => Err(E::from(StoreError::Db(format!("write task failed: {e}")))),
            };
        if out.is_ok() {
            self.changed.notify_one();
        }
        out
    }

    /// Run a read synchronously (for command-line tools; fine inside async code too,
    /// as PostgreSQL work then moves to a plain thread).
    pub fn read_blocking<T: Send, E: From<StoreError> + Send>(
        &self,
        f: impl FnOnce(&mut dyn Tx) -> Result<T, E> + Send,
    ) -> Result<T, E> {
        match &self.inner {
            Inner::Sqlite(b) => b.read(f),
            Inner::Postgres(b) => self::postgres::off_runtime(|| b.read(f))?,
        }
    }

    /// After a bulk load: planner statistics and, on PostgreSQL, the visibility map
    /// (`VACUUM ANALYZE`), without which counts read the table instead of an index
    /// (~100 ms instead of ~20 ms for 80,000 open tickets) until autovacuum comes by.
    pub fn refresh_statistics(&self) -> StoreResult<()> {
        match &self.inner {
            Inner::Sqlite(b) => b.write(|tx| tx.execute("ANALYZE", &[]).map(|_| ())),
            Inner::Postgres(b) => {
                self::postgres::off_runtime(|| b.maintain("VACUUM (ANALYZE) accounts, tickets"))?
            }
        }
    }

    /// Run a write synchronously (for command-line tools; see [`Store::read_blocking`]).
    pub fn write_blocking<T: Send, E: From<StoreError> + Send>(
        &self,
        f: impl FnOnce(&mut dyn Tx) -> Result<T, E> + Send,
    ) -> Result<T, E> {
        match &self.inner {
            Inner::Sqlite(b) => b.write(f),
            Inner::Postgres(b) => self::postgres::off_runtime(|| b.write(f))?,
        }
    }
}

/// Format a time the way the store keeps it (sortable text, UTC, microseconds).
pub fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Parse a time kept by [`ts`].
pub fn parse_ts(s: &str) -> StoreResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Data {
            column: "timestamp".into(),
            detail: format!("{s:?}: {e}"),
        })
}

/// Wire name of a serde enum value (e.g. `Status::PendingCustomer` → `pending_customer`).
pub fn enum_str<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        other => format!("{other:?}"),
    }
}

/// Add `col IN (?, …)` for a non-empty list of wire-enum values.
pub fn in_list<T: serde::Serialize>(
    col: &str,
    items: &[T],
    cond: &mut Vec<String>,
    params: &mut Vec<Value>,
) {
    if !items.is_empty() {
        cond.push(format!("{col} IN ({})", vec!["?"; items.len()].join(", ")));
        params.extend(items.iter().map(|i| Value::Text(enum_str(i))));
    }
}

/// Parse a wire name back into a serde enum.
pub fn parse_enum<T: serde::de::DeserializeOwned>(s: &str) -> StoreResult<T> {
    serde_json::from_value(serde_json::Value::String(s.to_string())).map_err(|e| StoreError::Data {
        column: "enum".into(),
        detail: format!("{s:?}: {e}"),
    })
}

/// Why a business operation was refused (mapped to HTTP statuses by the routes).
#[derive(Debug, thiserror::Error)]
pub enum OpError {
    /// No such resource.
    #[error("{0} not found")]
    NotFound(String),
    /// `If-Match` names an older version.
    #[error("the resource changed since you read it (now version {current})")]
    Stale {
        /// The version now stored.
        current: i64,
    },
    /// Refused because of someone else's work (e.g. claimed by another operator).
    #[error("{message}")]
    Conflict {
        /// snake_case code.
        code: &'static str,
        /// Human text.
        message: String,
    },
    /// Refused because another operator holds a live claim on it (`claimed_by_other`).
    #[error("{message}")]
    ClaimedByOther {
        /// The operator holding the claim.
        holder: String,
        /// When the claim lapses unless renewed.
        until: DateTime<Utc>,
        /// Human text naming both.
        message: String,
    },
    /// Refused by a role or four-eyes rule.
    #[error("{message}")]
    Forbidden {
        /// snake_case code.
        code: &'static str,
        /// Human text.
        message: String,
    },
    /// The request itself is wrong.
    #[error("{message}")]
    Invalid {
        /// snake_case code.
        code: &'static str,
        /// Human text.
        message: String,
    },
    /// The request is well-formed but names something that cannot take it (e.g. an
    /// unknown or disabled operator).
    #[error("{message}")]
    Unprocessable {
        /// snake_case code.
        code: &'static str,
        /// Human text.
        message: String,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl OpError {
    /// A 400-class refusal.
    pub fn invalid(code: &'static str, message: impl Into<String>) -> OpError {
        OpError::Invalid {
            code,
            message: message.into(),
        }
    }

    /// A 403-class refusal.
    pub fn forbidden(code: &'static str, message: impl Into<String>) -> OpError {
        OpError::Forbidden {
            code,
            message: message.into(),
        }
    }

    /// A 422 refusal.
    pub fn unprocessable(code: &'static str, message: impl Into<String>) -> OpError {
        OpError::Unprocessable {
            code,
            message: message.into(),
        }
    }

    /// A 409-class refusal.
    pub fn conflict(code: &'static str, message: impl Into<String>) -> OpError {
        OpError::Conflict {
            code,
            message: message.into(),
        }
    }
}

impl OpError {
    /// `409 claimed_by_other`: `what` (e.g. "ticket 12") is held by `holder` until `until`;
    /// `todo` says what the caller may do instead.
    pub fn claimed_by_other(
        what: &str,
        holder: &str,
        until: DateTime<Utc>,
        now: DateTime<Utc>,
        todo: &str,
    ) -> OpError {
        let mins = (until - now).num_minutes().max(1);
        OpError::ClaimedByOther {
            holder: holder.to_string(),
            until,
            message: format!(
                "{what} is claimed by {holder} until {} (another {mins} min); {todo}",
                until.format("%Y-%m-%dT%H:%M:%SZ")
            ),
        }
    }
}

/// Result of business operations.
pub type OpResult<T> = Result<T, OpError>;

/// Check an `If-Match` version against the stored one.
pub fn check_version(stored: i64, expected: i64) -> OpResult<()> {
    if stored == expected {
        Ok(())
    } else {
        Err(OpError::Stale { current: stored })
    }
}
