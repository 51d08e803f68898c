//! The back office's command-line arguments (`kefu serve`, `gen-data`, `operator`,
//! `audit`): declared here, beside what runs them, and parsed by `cli`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::ratelimit::Limits;
use crate::domain::throttle::{MissPolicy, SignInPolicy};

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
    /// Lookups finding nothing that an operator may make within --lookup-miss-window-secs
    /// before their lookups are refused (429 lookup_misses) and supervisors alerted (0: no budget).
    #[arg(long, default_value_t = 20)]
    pub lookup_misses: u32,
    /// The window in which lookup misses count, from the first one.
    #[arg(long, default_value_t = 600)]
    pub lookup_miss_window_secs: u32,
    /// How long an operator's lookups stay refused once the miss budget is spent.
    #[arg(long, default_value_t = 900)]
    pub lookup_block_secs: u32,
    /// Delay after the first failed sign-in of an operator id, in milliseconds; it doubles
    /// with every further failure in a row, up to --sign-in-delay-max-secs.
    #[arg(long, default_value_t = 1000)]
    pub sign_in_delay_ms: u32,
    /// Longest delay between sign-in attempts of one operator id, in seconds.
    #[arg(long, default_value_t = 60)]
    pub sign_in_delay_max_secs: u32,
    /// Access log format on stderr: `text` (one line per request), `json` (JSON lines) or
    /// `off`.
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// The private key signing audit checkpoints (made by `kefu audit keygen`). Without
    /// it no checkpoints are written, and deleting the newest audit rows or re-hashing a
    /// rewritten chain goes unnoticed by `kefu audit verify`.
    #[arg(long, env = "KEFU_AUDIT_KEY")]
    pub audit_key: Option<PathBuf>,
    /// Where checkpoints are appended (default: `<sqlite file>.checkpoints`; required on
    /// PostgreSQL when --audit-key is given).
    #[arg(long)]
    pub checkpoints: Option<PathBuf>,
    /// Seconds between checkpoints (one is also written after every 1,000 new rows).
    #[arg(long, default_value_t = 300)]
    pub checkpoint_secs: u32,
}

/// How the access log is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// One line of `key=value` fields per request.
    Text,
    /// One JSON object per line.
    Json,
    /// No access log.
    Off,
}

impl ServeArgs {
    /// The limits these arguments ask for.
    pub fn limits(&self) -> Limits {
        let secs = |s: u32| chrono::Duration::seconds(i64::from(s));
        Limits {
            general_per_min: self.requests_per_min,
            lookups_per_min: self.lookups_per_min,
            reveals_per_min: self.reveals_per_min,
            images_per_window: self.images_per_10min,
            sign_in: SignInPolicy {
                first: chrono::Duration::milliseconds(i64::from(self.sign_in_delay_ms)),
                max: secs(self.sign_in_delay_max_secs),
            },
            lookup_misses: MissPolicy {
                budget: i64::from(self.lookup_misses),
                window: secs(self.lookup_miss_window_secs),
                block: secs(self.lookup_block_secs),
            },
        }
    }
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
    /// Walk the audit hash chain and check every signed checkpoint; say where it breaks.
    Verify {
        /// Store, as for `serve`.
        #[arg(long, env = "KEFU_DB", default_value = "sqlite:kefu.db")]
        db: String,
        /// The checkpoint log (default: `<sqlite file>.checkpoints`).
        #[arg(long)]
        checkpoints: Option<PathBuf>,
        /// The public key checkpoints are signed with (`<key>.pub` from `kefu audit keygen`).
        #[arg(long, env = "KEFU_AUDIT_PUBLIC_KEY")]
        public_key: Option<PathBuf>,
    },
    /// Make a key pair for signing checkpoints: PATH (private, 0600) and PATH.pub.
    Keygen {
        /// Where to write the private key.
        #[arg(long, default_value = "kefu-audit.key")]
        out: PathBuf,
    },
    /// Sign a checkpoint of the chain now and append it to the checkpoint log.
    Checkpoint {
        /// Store, as for `serve`.
        #[arg(long, env = "KEFU_DB", default_value = "sqlite:kefu.db")]
        db: String,
        /// The private key (from `kefu audit keygen`).
        #[arg(long, env = "KEFU_AUDIT_KEY")]
        key: PathBuf,
        /// The checkpoint log (default: `<sqlite file>.checkpoints`).
        #[arg(long)]
        checkpoints: Option<PathBuf>,
    },
}
