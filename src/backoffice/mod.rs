//! The back office: HTTP API, auth, audit, store and demo data.

pub mod seed;

use crate::cli::{AuditCommand, OperatorCommand, ServeArgs};

/// `kefu serve`.
pub async fn serve_command(_args: ServeArgs) -> anyhow::Result<()> {
    anyhow::bail!("not built yet")
}

/// `kefu operator …`.
pub async fn operator_command(_cmd: OperatorCommand) -> anyhow::Result<()> {
    anyhow::bail!("not built yet")
}

/// `kefu audit …`.
pub async fn audit_command(_cmd: AuditCommand) -> anyhow::Result<()> {
    anyhow::bail!("not built yet")
}

/// A back office started inside the terminal desk's process.
pub struct Embedded {
    /// Base URL, e.g. `http://127.0.0.1:40123`.
    pub url: String,
}

/// Start the embedded back office on 127.0.0.1 (a free port) with the SQLite file at
/// `db_path`, seeding the demo data on the first run only.
pub async fn start_embedded(_db_path: &std::path::Path) -> anyhow::Result<Embedded> {
    anyhow::bail!("not built yet")
}
