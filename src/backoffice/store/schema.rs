//! Versioned migrations. Each entry is applied once, in order, inside a transaction.

use chrono::Utc;

use super::{StoreError, StoreResult, Tx};

/// Migrations for SQLite.
pub const SQLITE: &[(i64, &str)] = &[
    (1, include_str!("sql/sqlite_001_init.sql")),
    (2, include_str!("sql/sqlite_002_frozen_from.sql")),
    (3, include_str!("sql/sqlite_003_sort_indexes.sql")),
    (4, include_str!("sql/sqlite_004_sla_pause.sql")),
    (5, include_str!("sql/sqlite_005_throttles.sql")),
    (6, include_str!("sql/sqlite_006_team.sql")),
    (7, include_str!("sql/sqlite_007_calls.sql")),
];

/// Migrations for PostgreSQL (same numbers and meaning as [`SQLITE`]).
pub const POSTGRES: &[(i64, &str)] = &[
    (1, include_str!("sql/postgres_001_init.sql")),
    (2, include_str!("sql/postgres_002_frozen_from.sql")),
    (3, include_str!("sql/postgres_003_sort_indexes.sql")),
    (4, include_str!("sql/postgres_004_sla_pause.sql")),
    (5, include_str!("sql/postgres_005_throttles.sql")),
    (6, include_str!("sql/postgres_006_team.sql")),
    (7, include_str!("sql/postgres_007_calls.sql")),
];

/// Apply every migration the database has not recorded, in order.
pub fn migrate(tx: &mut dyn Tx, migrations: &[(i64, &str)]) -> StoreResult<()> {
    tx.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
        &[],
    )?;
    for (version, sql) in migrations {
        // Each version by itself, not "above the highest": a database that ran a later
        // migration first (branches merged in another order) still gets the earlier one.
        let applied = tx.query_i64(
            "SELECT COUNT(*) FROM schema_migrations WHERE version = ?",
            &[(*version).into()],
        )?;
        if applied > 0 {
            continue;
        }
        for stmt in split_statements(sql) {
            tx.execute(&stmt, &[]).map_err(|e| StoreError::Migration {
                version: *version,
                detail: e.to_string(),
            })?;
        }
        tx.execute(
            "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
            &[(*version).into(), Utc::now().into()],
        )?;
    }
    Ok(())
}

/// Split a migration into statements; `-- split` lines separate trigger bodies safely.
fn split_statements(sql: &str) -> Vec<String> {
    sql.split("\n-- split\n")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}
