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
];

/// Migrations for PostgreSQL (same numbers and meaning as [`SQLITE`]).
pub const POSTGRES: &[(i64, &str)] = &[
    (1, include_str!("sql/postgres_001_init.sql")),
    (2, include_str!("sql/postgres_002_frozen_from.sql")),
    (3, include_str!("sql/postgres_003_sort_indexes.sql")),
    (4, include_str!("sql/postgres_004_sla_pause.sql")),
    (5, include_str!("sql/postgres_005_throttles.sql")),
    (6, include_str!("sql/postgres_006_team.sql")),
];

/// Apply every migration newer than the database's version.
pub fn migrate(tx: &mut dyn Tx, migrations: &[(i64, &str)]) -> StoreResult<()> {
    tx.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
        &[],
    )?;
    let current = tx.query_i64(
        "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
        &[],
    )?;
    for (version, sql) in migrations.iter().filter(|(v, _)| *v > current) {
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
