//! The back office's command-line arguments (`kefu serve`, `gen-data`, `operator`,
//! `audit`): declared here, beside what runs them, and parsed by `cli`.

use std::net::SocketAddr;

use clap::{Args, Subcommand};

/// `kefu gen-data`.
#[derive(Debug, Args)]
pub struct GenDataArgs {
    /// Store, as for `serve`.
    #[arg(long, env = "KEFU_DB", default_value = "sqlite:kefu.db")]
    pub db: String,
    /// Accounts the store should hold in all (the demo data counts).
    #[arg(long, default_value_t = 1_000_000)]
    pub accounts: u64,
    /// Tickets the store should hold in all (the demo data counts).
    #[arg(long, default_value_t = 200_000)]
    pub tickets: u64,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
}

/// `kefu serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Store: `sqlite:PATH` (default `sqlite:kefu.db`) or `postgres://…`.
    #[arg(long, env = "KEFU_DB", default_value = "sqlite:kefu.db")]
    pub db: String,
    /// Fill an empty database with the demo data.
    #[arg(long)]
    pub seed_demo: bool,
    /// Authenticated requests of any kind allowed per operator per minute (0: no limit).
    #[arg(long, default_value_t = 1200)]
    pub requests_per_min: u32,
    /// Account lookups allowed per operator per minute (0: no limit).
    #[arg(long, default_value_t = 120)]
    pub lookups_per_min: u32,
    /// Reveals of personal data allowed per operator per minute (0: no limit).
    #[arg(long, default_value_t = 10)]
    pub reveals_per_min: u32,
    /// Review images one operator may read in 10 minutes (0: no limit).
    #[arg(long, default_value_t = 60)]
    pub images_per_10min: u32,
}

/// `kefu operator …`.
#[derive(Debug, Subcommand)]
pub enum OperatorCommand {
    /// Add an operator (the password is read from KEFU_PASSWORD or asked for on the terminal).
    Add {
        /// Operator id (login).
        id: String,
        /// Display name.
        #[arg(long)]
        name: String,
        /// Roles, comma-separated: agent, reviewer, supervisor.
        #[arg(long, value_delimiter = ',', default_value = "agent")]
        roles: Vec<String>,
        /// Store, as for `serve`.
        #[arg(long, env = "KEFU_DB", default_value = "sqlite:kefu.db")]
        db: String,
    },
    /// Disable an operator and end their sessions.
    Disable {
        /// Operator id.
        id: String,
        /// Store, as for `serve`.
        #[arg(long, env = "KEFU_DB", default_value = "sqlite:kefu.db")]
        db: String,
    },
    /// Set an operator's roles.
    Roles {
        /// Operator id.
        id: String,
        /// Roles, comma-separated: agent, reviewer, supervisor.
        #[arg(value_delimiter = ',')]
        roles: Vec<String>,
        /// Store, as for `serve`.
        #[arg(long, env = "KEFU_DB", default_value = "sqlite:kefu.db")]
        db: String,
    },
    /// List operators.
    List {
        /// Store, as for `serve`.
        #[arg(long, env = "KEFU_DB", default_value = "sqlite:kefu.db")]
        db: String,
    },
}

/// `kefu audit …`.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Walk the audit hash chain and say where it breaks.
    Verify {
        /// Store, as for `serve`.
        #[arg(long, env = "KEFU_DB", default_value = "sqlite:kefu.db")]
        db: String,
    },
}
