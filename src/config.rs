//! Operator config (being written).

use crate::cli::ConfigCommand;

/// Run a `kefu config …` command.
pub fn run_command(_cmd: &ConfigCommand) -> anyhow::Result<()> {
    anyhow::bail!("config commands are not built yet")
}
