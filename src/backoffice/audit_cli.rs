//! `kefu audit …` (verify, keygen, checkpoint) and the checkpoints `kefu serve` writes:
//! the chain's size and head hash, signed, appended to a log outside the database.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _};
use ed25519_dalek::{SigningKey, VerifyingKey};

use super::args::AuditCommand;
use super::checkpoint::{self, Checkpoint};
use super::store::{audit, Store};
use crate::secret_file;

/// Rows after which `kefu serve` writes a checkpoint without waiting for the interval.
pub const CHECKPOINT_ROWS: i64 = 1000;
/// How often the server looks at the chain's head.
const LOOK_EVERY: Duration = Duration::from_secs(2);

/// The default checkpoint log of a store: `<sqlite file>.checkpoints`; none for PostgreSQL.
pub fn default_log(db: &str) -> Option<PathBuf> {
    let path = db.strip_prefix("sqlite:")?;
    let path = path.strip_prefix("//").unwrap_or(path);
    Some(PathBuf::from(format!("{path}.checkpoints")))
}

/// The log to use: the one given, else the default, else an error saying what to give.
pub fn log_path(given: Option<PathBuf>, db: &str) -> anyhow::Result<PathBuf> {
    given.or_else(|| default_log(db)).ok_or_else(|| {
        anyhow::anyhow!(
            "give --checkpoints PATH: a PostgreSQL store has no file to put them beside"
        )
    })
}

/// Read the private key, refusing a file others can read.
pub fn read_private_key(path: &Path) -> anyhow::Result<SigningKey> {
    secret_file::check_private(path)?;
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading the audit key {}", path.display()))?;
    Ok(checkpoint::parse_private(&text)?)
}

fn read_public_key(path: &Path) -> anyhow::Result<VerifyingKey> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading the public key {}", path.display()))?;
    Ok(checkpoint::parse_public(&text)?)
}

/// Sign the chain's head now; append it to `log` and return the note.
pub async fn write_checkpoint(
    store: &Store,
    key: &SigningKey,
    log: &Path,
) -> anyhow::Result<(Checkpoint, String)> {
    let (size, head) = store.read(|tx| audit::head(tx)).await?;
    let c = Checkpoint {
        size: size.max(0) as u64,
        head,
    };
    let note = checkpoint::sign(&c, key).map_err(|e| anyhow::anyhow!(e))?;
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .with_context(|| format!("opening the checkpoint log {}", log.display()))?;
    // One write per note (with its blank separator line), so servers sharing the log do
    // not interleave.
    f.write_all(format!("{note}\n").as_bytes())
        .with_context(|| format!("appending to {}", log.display()))?;
    Ok((c, note))
}

/// `kefu serve`'s checkpoints: one at start, then one every `every` when rows were
/// added, and one as soon as [`CHECKPOINT_ROWS`] rows were added.
pub fn spawn_checkpoints(store: Store, key: SigningKey, log: PathBuf, every: Duration) {
    tokio::spawn(async move {
        let mut last: Option<(i64, Instant)> = None;
        loop {
            let size = store
                .read(|tx| audit::head(tx))
                .await
                .map(|(s, _)| s)
                .unwrap_or(-1);
            let due = match last {
                None => true,
                Some((n, at)) => size > n && (size - n >= CHECKPOINT_ROWS || at.elapsed() >= every),
            };
            if size >= 0 && due {
                match write_checkpoint(&store, &key, &log).await {
                    Ok((c, note)) => {
                        tracing::info!(size = c.size, checkpoint = %note.escape_debug(), log = %log.display(), "audit checkpoint");
                        last = Some((c.size as i64, Instant::now()));
                    }
                    Err(e) => tracing::error!(error = %e, "cannot write an audit checkpoint"),
                }
            }
            tokio::time::sleep(LOOK_EVERY).await;
        }
    });
}

/// Check every checkpoint of `log` against the chain in `store`; the first failure names
/// the checkpoint and the row.
async fn verify_checkpoints(
    store: &Store,
    log: &Path,
    key: &VerifyingKey,
) -> anyhow::Result<usize> {
    let text = std::fs::read_to_string(log)
        .with_context(|| format!("reading the checkpoint log {}", log.display()))?;
    let checkpoints = checkpoint::parse_log(&text, key)?;
    let (rows, _) = store.read(|tx| audit::head(tx)).await?;
    for (i, c) in checkpoints.iter().enumerate() {
        let n = i + 1;
        let size = c.size as i64;
        if size > rows {
            bail!(
                "checkpoint {n} attests {size} rows but the trail has {rows}: rows {} to {size} were deleted",
                rows + 1
            );
        }
        let stored = store.read(move |tx| audit::hash_at(tx, size)).await?;
        if stored.as_deref() != Some(c.head.as_str()) {
            bail!(
                "checkpoint {n}: row {size}'s hash is not the signed head: the chain was rewritten at or before row {size} and re-hashed"
            );
        }
    }
    Ok(checkpoints.len())
}

/// `kefu audit …`.
pub async fn audit_command(cmd: AuditCommand) -> anyhow::Result<()> {
    match cmd {
        AuditCommand::Verify {
            db,
            checkpoints,
            public_key,
        } => {
            let store = Store::open(&db).with_context(|| format!("opening the store {db}"))?;
            let v = store.read_blocking(|tx| audit::verify(tx))?;
            if let Some(b) = v.broken {
                bail!(
                    "audit chain broken at row {}: {} ({} rows before it verified)",
                    b.seq,
                    b.problem,
                    v.rows
                );
            }
            let explicit = checkpoints.is_some();
            let log = checkpoints.or_else(|| default_log(&db));
            match log.filter(|l| explicit || l.exists()) {
                Some(log) => {
                    let Some(pk) = public_key else {
                        bail!("give --public-key PATH (the .pub file from `kefu audit keygen`) to check {}", log.display());
                    };
                    let key = read_public_key(&pk)?;
                    let n = verify_checkpoints(&store, &log, &key).await?;
                    println!(
                        "audit chain ok: {} rows verified, {n} signed checkpoints agree",
                        v.rows
                    );
                }
                None => println!(
                    "audit chain ok: {} rows verified (no checkpoints: deleted newest rows or a re-hashed chain would not show)",
                    v.rows
                ),
            }
            Ok(())
        }
        AuditCommand::Keygen { out } => {
            let key = checkpoint::generate().map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
            let mut f = secret_file::create_private(&out)
                .with_context(|| format!("creating {}", out.display()))?;
            f.write_all(checkpoint::private_text(&key).as_bytes())?;
            let public = PathBuf::from(format!("{}.pub", out.display()));
            std::fs::write(&public, checkpoint::public_text(&key.verifying_key()))
                .with_context(|| format!("writing {}", public.display()))?;
            println!(
                "audit key written to {} (keep it private, give it to `kefu serve --audit-key`); public key in {} (for `kefu audit verify --public-key`)",
                out.display(),
                public.display()
            );
            Ok(())
        }
        AuditCommand::Checkpoint {
            db,
            key,
            checkpoints,
        } => {
            let key = read_private_key(&key)?;
            let log = log_path(checkpoints, &db)?;
            let store = Store::open(&db).with_context(|| format!("opening the store {db}"))?;
            let (c, note) = write_checkpoint(&store, &key, &log).await?;
            print!("{note}");
            eprintln!(
                "checkpoint of {} rows appended to {}",
                c.size,
                log.display()
            );
            Ok(())
        }
    }
}
