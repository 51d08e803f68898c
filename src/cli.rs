//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::backoffice::args::{AuditCommand, GenDataArgs, OperatorCommand, ServeArgs};
use crate::config::{Language, Overrides};

/// kefu: the terminal support desk (and its back office).
#[derive(Debug, Parser)]
#[command(name = "kefu", version, about)]
pub struct Cli {
    /// Demo operator to sign in as on the embedded back office (e.g. demo-reviewer).
    #[arg(long = "as", value_name = "OPERATOR", global = false)]
    pub as_operator: Option<String>,
    /// Config file to use; overrides KEFU_CONFIG and the default location.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Back office to connect to; overrides KEFU_API_URL and api.url in the config file.
    #[arg(long, value_name = "URL")]
    pub api_url: Option<String>,
    /// Language of the desk (zh-CN or en); overrides ui.language and the locale (LANG).
    #[arg(long, value_name = "zh-CN|en", value_parser = Language::from_tag)]
    pub lang: Option<Language>,
    /// What to do; without a command, the terminal desk starts.
    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// The settings given on the command line, over the file and the environment.
    pub fn overrides(&self) -> Overrides {
        Overrides {
            config: self.config.clone(),
            api_url: self.api_url.clone(),
            lang: self.lang,
        }
    }
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
