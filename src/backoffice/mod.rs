//! The back office: HTTP API, auth, audit, store and demo data.

pub mod access_log;
pub mod args;
pub mod audit_cli;
pub mod auth;
pub mod checkpoint;
pub mod error;
pub mod events;
pub mod http;
pub mod metrics;
pub mod openapi;
pub mod presence;
pub mod ratelimit;
pub mod routes;
pub mod scale;
pub mod seed;
pub mod server;
pub mod state;
pub mod store;
pub mod write;

use std::io::Write as _;

use anyhow::{bail, Context as _};
use tokio::net::TcpListener;

use crate::api::{OperatorInfo, Role};
use args::{OperatorCommand, ServeArgs};
pub use audit_cli::audit_command;
use ratelimit::Limits;
use store::{audit, load_demo, operators, Store, StoreError};

/// Fill an empty store with the demo data; returns whether it did.
pub async fn seed_if_empty(store: &Store) -> anyhow::Result<bool> {
    if !store.read(|tx| load_demo::is_empty(tx)).await? {
        return Ok(false);
    }
    let hash = tokio::task::spawn_blocking(|| auth::hash_password(seed::DEMO_PASSWORD)).await??;
    let data = tokio::task::spawn_blocking(|| seed::generate(chrono::Utc::now())).await?;
    store
        .write(move |tx| {
            // Checked again inside the write lock: two servers may start on one file.
            if !load_demo::is_empty(tx)? {
                return Ok::<_, StoreError>(false);
            }
            load_demo::load(tx, &data, &hash)?;
            Ok(true)
        })
        .await
        .context("loading the demo data")
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

/// `kefu serve`.
pub async fn serve_command(args: ServeArgs) -> anyhow::Result<()> {
    init_server_logging();
    let store = Store::open(&args.db).with_context(|| format!("opening the store {}", args.db))?;
    if args.seed_demo && seed_if_empty(&store).await? {
        tracing::info!("demo data loaded");
    }
    let listener = TcpListener::bind(args.listen).await.with_context(|| {
        format!(
            "cannot listen on {}; is another server using it?",
            args.listen
        )
    })?;
    let addr = listener.local_addr()?;
    // Tests and scripts read this line to learn the port when listening on :0.
    println!(
        "kefu serve: listening on http://{addr} (store: {})",
        store.backend()
    );
    let _ = std::io::stdout().flush();
    server::spawn_housekeeping(store.clone());
    match &args.audit_key {
        Some(key_path) => {
            let key = audit_cli::read_private_key(key_path)?;
            let log = audit_cli::log_path(args.checkpoints.clone(), &args.db)?;
            tracing::info!(log = %log.display(), "audit checkpoints signed and appended");
            audit_cli::spawn_checkpoints(
                store.clone(),
                key,
                log,
                std::time::Duration::from_secs(u64::from(args.checkpoint_secs.max(1))),
            );
        }
        None => tracing::warn!(
            "no --audit-key: no audit checkpoints are written, so deleting the newest audit rows or re-hashing a rewritten chain would go unnoticed"
        ),
    }
    let limits = args.limits();
    let (app, hub) = server::app_and_hub(
        store,
        limits,
        Some(args.log_format).filter(|f| *f != args::LogFormat::Off),
    );
    let shutdown = async move {
        shutdown_signal().await;
        // Event streams never finish by themselves; the graceful shutdown waits for them.
        hub.close();
    };
    server::serve(listener, app, shutdown).await?;
    Ok(())
}

fn init_server_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

fn parse_roles(raw: &[String]) -> anyhow::Result<Vec<Role>> {
    raw.iter()
        .map(|r| {
            store::parse_enum::<Role>(r.trim()).map_err(|_| {
                anyhow::anyhow!("unknown role {r:?}; use agent, reviewer or supervisor")
            })
        })
        .collect()
}

fn open_blocking(db: &str) -> anyhow::Result<Store> {
    Store::open(db).with_context(|| format!("opening the store {db}"))
}

/// `kefu operator …`.
pub async fn operator_command(cmd: OperatorCommand) -> anyhow::Result<()> {
    match cmd {
        OperatorCommand::Add {
            id,
            name,
            roles,
            db,
        } => {
            if let Err(e) = crate::domain::operator_id::validate(&id) {
                bail!("{e}");
            }
            let roles = parse_roles(&roles)?;
            let password = match std::env::var("KEFU_PASSWORD") {
                Ok(p) => p,
                Err(_) => bail!("set KEFU_PASSWORD to the new operator's password (it is not taken on the command line, where others could see it)"),
            };
            if password.chars().count() < 10 {
                bail!("the password must have at least 10 characters");
            }
            let hash = auth::hash_password(&password)?;
            let store = open_blocking(&db)?;
            let info = OperatorInfo {
                id: id.clone(),
                name,
                roles,
            };
            store.write_blocking(|tx| {
                operators::insert(tx, &info, &hash)?;
                audit::append(
                    tx,
                    &audit::Record {
                        operator: "cli",
                        action: "operator.add",
                        target: format!("operator:{}", info.id),
                        reason: None,
                        before: None,
                        after: Some(
                            serde_json::json!({ "roles": operators::roles_to_str(&info.roles) }),
                        ),
                    },
                )?;
                Ok::<_, StoreError>(())
            })?;
            println!("operator {id} added");
        }
        OperatorCommand::Disable { id, db } => {
            let store = open_blocking(&db)?;
            let found = store.write_blocking(|tx| {
                let found = operators::disable(tx, &id)?;
                if found {
                    audit::append(
                        tx,
                        &audit::Record {
                            operator: "cli",
                            action: "operator.disable",
                            target: format!("operator:{id}"),
                            reason: None,
                            before: None,
                            after: Some(serde_json::json!({ "disabled": true })),
                        },
                    )?;
                }
                Ok::<_, StoreError>(found)
            })?;
            if !found {
                bail!("no operator {id:?}");
            }
            println!("operator {id} disabled and signed out");
        }
        OperatorCommand::Roles { id, roles, db } => {
            let roles = parse_roles(&roles)?;
            let store = open_blocking(&db)?;
            let found = store.write_blocking(|tx| {
                let found = operators::set_roles(tx, &id, &roles)?;
                if found {
                    audit::append(
                        tx,
                        &audit::Record {
                            operator: "cli",
                            action: "operator.roles",
                            target: format!("operator:{id}"),
                            reason: None,
                            before: None,
                            after: Some(
                                serde_json::json!({ "roles": operators::roles_to_str(&roles) }),
                            ),
                        },
                    )?;
                }
                Ok::<_, StoreError>(found)
            })?;
            if !found {
                bail!("no operator {id:?}");
            }
            println!("operator {id}: roles set");
        }
        OperatorCommand::List { db } => {
            let store = open_blocking(&db)?;
            for op in store.read_blocking(|tx| operators::list(tx))? {
                println!(
                    "{}\t{}\t{}{}",
                    op.info.id,
                    op.info.name,
                    operators::roles_to_str(&op.info.roles),
                    if op.disabled { "\tdisabled" } else { "" }
                );
            }
        }
    }
    Ok(())
}

/// A back office started inside the terminal desk's process.
pub struct Embedded {
    /// Base URL, e.g. `http://127.0.0.1:40123`.
    pub url: String,
}

/// Start the embedded back office on 127.0.0.1 (a free port) with the SQLite file at
/// `db_path`, seeding the demo data on the first run only.
pub async fn start_embedded(db_path: &std::path::Path) -> anyhow::Result<Embedded> {
    let store = Store::open(&format!("sqlite:{}", db_path.display()))
        .with_context(|| format!("opening the demo store {}", db_path.display()))?;
    seed_if_empty(&store).await?;
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .context("starting the embedded back office")?;
    let addr = listener.local_addr()?;
    server::spawn_housekeeping(store.clone());
    let app = server::app(store, Limits::default());
    tokio::spawn(async move {
        if let Err(e) = server::serve(listener, app, std::future::pending()).await {
            tracing::error!(error = %e, "embedded back office stopped");
        }
    });
    Ok(Embedded {
        url: format!("http://{addr}"),
    })
}
