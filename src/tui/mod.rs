//! The terminal desk (being written).

/// Start the terminal desk.
pub async fn run(_as_operator: Option<String>) -> anyhow::Result<()> {
    anyhow::bail!("the terminal desk is not built yet")
}
