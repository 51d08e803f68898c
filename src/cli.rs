//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::backoffice::args::{AuditCommand, GenDataArgs, OperatorCommand, ServeArgs};

/// kefu: the terminal support desk (and its back office).
#[derive(Debug, Parser)]
#[command(name = "kefu", version, about)]
pub struct Cli {
    /// Demo operator to sign in as on the embedded back office (e.g. demo-reviewer).
    #[arg(long = "as", value_name = "OPERATOR", global = false)]
    pub as_operator: Option<String>,
    /// What to do; without a command, the terminal desk starts.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the back office (HTTP API) alone.
    Serve(ServeArgs),
    /// Manage operators.
    #[command(subcommand)]
    Operator(OperatorCommand),
    /// Audit trail tools.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Operator config file.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Fill a store with scale data for benchmarks (the demo data, then more like it).
    GenData(GenDataArgs),
}

/// `kefu config …`.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Write a starter config file.
    Init {
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Validate a config file (default: the operator's own).
    Check {
        /// File to check.
        path: Option<PathBuf>,
    },
    /// Print where the config file lives.
    Path,
}
