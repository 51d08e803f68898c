//! Scale data for benchmarks (`kefu gen-data`): the demo data, then generated accounts
//! and tickets like the demo's up to given totals, inserted in large batches.
//!
//! Each batch of up to [`BATCH`] accounts (and its share of the tickets) is one
//! transaction of multi-row `INSERT`s with explicit ids, so that 1,000,000 accounts load
//! in minutes on SQLite and on PostgreSQL alike. Ticket categories are drawn as in the
//! demo data, but a linked account is any account of the same batch (the demo data
//! matches locked accounts to lock tickets and so on; scale data does not).

use std::io::Write as _;
use std::time::Instant;

use anyhow::Context as _;
use chrono::{DateTime, Utc};

use super::args::GenDataArgs;
use super::seed::{self, DemoAccount, DemoTicket};
use super::store::{audit, enum_str, tickets, Store, StoreResult, Tx, Value};
use crate::api::TicketEventKind;
use crate::domain::sla::ticket_due;

/// Accounts per transaction.
pub const BATCH: usize = 10_000;
/// Most accounts or tickets one run may ask for (the generator keeps every phone,
/// e-mail and document number in memory to keep them unique).
pub const MAX_ROWS: u64 = 5_000_000;
/// Bind parameters per statement (SQLite allows 32,766, PostgreSQL 65,535).
const MAX_PARAMS: usize = 30_000;
/// Rows per multi-row `INSERT`.
const MAX_ROWS_PER_INSERT: usize = 1_000;

/// What a run added, and how long it took.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Added {
    /// Accounts inserted.
    pub accounts: u64,
    /// Tickets inserted.
    pub tickets: u64,
    /// Whether the demo data was loaded first (the store was empty).
    pub seeded: bool,
}

/// `kefu gen-data`.
pub async fn gen_data_command(args: GenDataArgs) -> anyhow::Result<()> {
    anyhow::ensure!(
        args.accounts <= MAX_ROWS && args.tickets <= MAX_ROWS,
        "at most {MAX_ROWS} accounts and tickets per run"
    );
    let store = Store::open(&args.db).with_context(|| format!("opening the store {}", args.db))?;
    let started = Instant::now();
    let seeded = super::seed_if_empty(&store).await?;
    let quiet = args.quiet;
    let (accounts, tickets) = (args.accounts, args.tickets);
    let added = tokio::task::spawn_blocking(move || {
        let mut last = Instant::now();
        generate(&store, accounts, tickets, &mut |done, todo| {
            if !quiet && (last.elapsed().as_millis() >= 200 || done == todo) {
                last = Instant::now();
                progress(done, todo, started);
            }
        })
    })
    .await??;
    if !quiet {
        eprintln!();
    }
    println!(
        "kefu gen-data: {} accounts and {} tickets added{} in {:.1} s",
        added.accounts,
        added.tickets,
        if seeded { " after the demo data" } else { "" },
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// A carriage-return progress bar on stderr.
fn progress(done: u64, todo: u64, started: Instant) {
    const WIDTH: u64 = 30;
    let filled = (done * WIDTH).checked_div(todo).unwrap_or(WIDTH);
    let secs = started.elapsed().as_secs_f64();
    let rate = if secs > 0.0 { done as f64 / secs } else { 0.0 };
    let bar: String = (0..WIDTH)
        .map(|i| if i < filled { '#' } else { '.' })
        .collect();
    let mut err = std::io::stderr().lock();
    let _ = write!(
        err,
        "\r[{bar}] {done}/{todo} rows (accounts + tickets)  {secs:.0} s  {rate:.0}/s "
    );
    let _ = err.flush();
}

/// Add accounts and tickets until the store holds `accounts` and `tickets` in all;
/// `on_progress(done, todo)` is called after every batch (rows = accounts + tickets).
pub fn generate(
    store: &Store,
    accounts: u64,
    tickets: u64,
    on_progress: &mut dyn FnMut(u64, u64),
) -> anyhow::Result<Added> {
    let now = Utc::now();
    let (have_accounts, have_tickets, next_account, next_ticket) =
        store.read_blocking(|tx| -> StoreResult<_> {
            Ok((
                tx.query_i64("SELECT COUNT(*) FROM accounts", &[])?,
                tx.query_i64("SELECT COUNT(*) FROM tickets", &[])?,
                tx.query_i64("SELECT COALESCE(MAX(id), 0) + 1 FROM accounts", &[])?,
                tx.query_i64("SELECT COALESCE(MAX(id), 0) + 1 FROM tickets", &[])?,
            ))
        })?;
    let add_accounts = accounts.saturating_sub(have_accounts.max(0) as u64);
    let add_tickets = tickets.saturating_sub(have_tickets.max(0) as u64);
    let todo = add_accounts + add_tickets;
    on_progress(0, todo);
    if todo == 0 {
        return Ok(Added::default());
    }

    let mut stream = seed::Stream::new(now, have_accounts.max(0) as u64);
    // What the stored data uses already stays unique.
    let taken = store.read_blocking(|tx| {
        tx.query(
            "SELECT phone, email, document_number FROM accounts
             UNION ALL SELECT new_phone, NULL, NULL FROM reviews WHERE new_phone IS NOT NULL",
            &[],
        )
    })?;
    for r in &taken {
        stream.reserve(
            r.opt_str(0)?.as_deref(),
            r.opt_str(1)?.as_deref(),
            r.opt_str(2)?.as_deref(),
        );
    }
    drop(taken);

    if store.backend() == "sqlite" {
        // A larger page cache for this connection: the unique indexes of 1,000,000
        // accounts no longer fit the default 2 MB, and every batch would read them back.
        store.write_blocking(|tx| tx.execute("PRAGMA cache_size = -262144", &[]))?;
    }
    let biggest = add_accounts.max(add_tickets);
    let batches = biggest.div_ceil(BATCH as u64).max(1);
    let share = |total: u64, i: u64| (total * (i + 1) / batches - total * i / batches) as usize;
    let (mut account_id, mut ticket_id) = (next_account, next_ticket);
    let mut done = 0;
    for i in 0..batches {
        let (accs, tks) = stream.batch(share(add_accounts, i), share(add_tickets, i));
        let (a0, t0) = (account_id, ticket_id);
        store.write_blocking(|tx| insert_batch(tx, &accs, &tks, a0, t0, now))?;
        account_id += accs.len() as i64;
        ticket_id += tks.len() as i64;
        done += (accs.len() + tks.len()) as u64;
        on_progress(done, todo);
    }

    store.write_blocking(|tx| -> StoreResult<()> {
        if tx.backend() == "postgres" {
            // Explicit ids bypass the sequences: move them past what was inserted.
            for table in ["accounts", "tickets"] {
                tx.query(
                    &format!(
                        "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
                    ),
                    &[],
                )?;
            }
        }
        audit::append(
            tx,
            &audit::Record {
                operator: "system",
                action: "store.gen_data",
                target: "store".into(),
                reason: None,
                before: None,
                after: Some(serde_json::json!({
                    "accounts_added": add_accounts,
                    "tickets_added": add_tickets,
                })),
            },
        )?;
        Ok(())
    })?;
    // Fresh planner statistics (and PostgreSQL's visibility map) after a bulk load.
    store.refresh_statistics()?;
    Ok(Added {
        accounts: add_accounts,
        tickets: add_tickets,
        seeded: false,
    })
}

/// Insert one batch: accounts with ids from `account_id`, tickets from `ticket_id`.
fn insert_batch(
    tx: &mut dyn Tx,
    accounts: &[DemoAccount],
    tickets_: &[DemoTicket],
    account_id: i64,
    ticket_id: i64,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let mut acc = Rows::new(
        "INSERT INTO accounts (id, login, name, phone, email, document_kind, document_number, state,
            verification, registration_channel, registered_at, locked_at, frozen_reason, activation_sent_at)",
        14,
    );
    let mut fails = Rows::new("INSERT INTO failed_logins (account_id, at)", 2);
    let mut degrees = Rows::new(
        "INSERT INTO degrees (account_id, level, school, year, self_study, status)",
        6,
    );
    let mut orders = Rows::new(
        "INSERT INTO orders (account_id, kind, amount_fen, created_at, link_state)",
        5,
    );
    for (i, a) in accounts.iter().enumerate() {
        let id = account_id + i as i64;
        acc.push([
            id.into(),
            a.login.as_str().into(),
            a.name.as_str().into(),
            a.phone.as_ref().into(),
            a.email.as_ref().into(),
            enum_str(&a.document_kind).into(),
            a.document_number.as_str().into(),
            enum_str(&a.state).into(),
            enum_str(&a.verification).into(),
            enum_str(&a.registration_channel).into(),
            a.registered_at.into(),
            a.locked_at.into(),
            a.frozen_reason.as_ref().into(),
            a.activation_sent_at.into(),
        ]);
        for at in &a.failed_logins {
            fails.push([id.into(), (*at).into()]);
        }
        for d in &a.degrees {
            degrees.push([
                id.into(),
                d.level.as_str().into(),
                d.school.as_str().into(),
                d.year.into(),
                d.self_study.into(),
                enum_str(&d.status).into(),
            ]);
        }
        for o in &a.orders {
            orders.push([
                id.into(),
                o.kind.as_str().into(),
                o.amount_fen.into(),
                o.created_at.into(),
                o.link_state.as_str().into(),
            ]);
        }
    }
    acc.flush(tx)?;
    fails.flush(tx)?;
    degrees.flush(tx)?;
    orders.flush(tx)?;

    let mut tks = Rows::new(
        "INSERT INTO tickets (id, subject, body, category, channel, status, priority, priority_rank,
            account_id, due_on, due_approximate, created_at, updated_at)",
        13,
    );
    let mut events = Rows::new(
        "INSERT INTO ticket_events (ticket_id, kind, author, body, at)",
        5,
    );
    for (i, t) in tickets_.iter().enumerate() {
        let id = ticket_id + i as i64;
        let due = ticket_due(t.created_at, t.priority);
        let updated = t
            .events
            .iter()
            .map(|e| e.at)
            .max()
            .unwrap_or(t.created_at)
            .max(t.created_at)
            .min(now);
        tks.push([
            id.into(),
            t.subject.as_str().into(),
            t.body.as_str().into(),
            enum_str(&t.category).into(),
            enum_str(&t.channel).into(),
            enum_str(&t.status).into(),
            enum_str(&t.priority).into(),
            tickets::priority_rank(t.priority).into(),
            t.account.map(|a| account_id + a as i64).into(),
            due.date.format("%Y-%m-%d").to_string().into(),
            due.approximate.into(),
            t.created_at.into(),
            updated.into(),
        ]);
        events.push([
            id.into(),
            enum_str(&TicketEventKind::Created).into(),
            "customer".into(),
            "".into(),
            t.created_at.into(),
        ]);
        for e in &t.events {
            events.push([
                id.into(),
                enum_str(&e.kind).into(),
                e.author.as_str().into(),
                e.body.as_str().into(),
                e.at.into(),
            ]);
        }
    }
    tks.flush(tx)?;
    events.flush(tx)
}

/// Rows for one table, written as multi-row `INSERT`s.
struct Rows {
    head: &'static str,
    cols: usize,
    values: Vec<Value>,
}

impl Rows {
    fn new(head: &'static str, cols: usize) -> Rows {
        Rows {
            head,
            cols,
            values: Vec::new(),
        }
    }

    fn push<const N: usize>(&mut self, row: [Value; N]) {
        debug_assert_eq!(N, self.cols);
        self.values.extend(row);
    }

    fn flush(&mut self, tx: &mut dyn Tx) -> StoreResult<()> {
        let per = (MAX_PARAMS / self.cols).clamp(1, MAX_ROWS_PER_INSERT);
        let one = format!("({})", vec!["?"; self.cols].join(", "));
        for chunk in self.values.chunks(per * self.cols) {
            let n = chunk.len() / self.cols;
            let sql = format!("{} VALUES {}", self.head, vec![one.as_str(); n].join(", "));
            tx.execute(&sql, chunk)?;
        }
        self.values.clear();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_data_reaches_the_totals_and_keeps_phones_unique() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite:{}", dir.path().join("s.db").display());
        let store = Store::open(&url).unwrap();
        let rt = tokio::runtime::Runtime::new().unwrap();
        assert!(rt.block_on(super::super::seed_if_empty(&store)).unwrap());
        let mut calls = 0;
        let added = generate(&store, 7_000, 3_000, &mut |_, _| calls += 1).unwrap();
        assert_eq!(added.accounts, 7_000 - seed::ACCOUNT_COUNT as u64);
        assert_eq!(added.tickets, 3_000 - seed::TICKET_COUNT as u64);
        assert!(calls >= 2);
        let (accounts, tickets, phones, orphans) = store
            .read_blocking(|tx| -> StoreResult<_> {
                Ok((
                    tx.query_i64("SELECT COUNT(*) FROM accounts", &[])?,
                    tx.query_i64("SELECT COUNT(*) FROM tickets", &[])?,
                    tx.query_i64(
                        "SELECT COUNT(DISTINCT phone) = COUNT(phone) FROM accounts",
                        &[],
                    )?,
                    tx.query_i64(
                        "SELECT COUNT(*) FROM tickets t WHERE NOT EXISTS
                         (SELECT 1 FROM ticket_events e WHERE e.ticket_id = t.id)",
                        &[],
                    )?,
                ))
            })
            .unwrap();
        assert_eq!((accounts, tickets, phones, orphans), (7_000, 3_000, 1, 0));
        // A second run to the same totals adds nothing; a larger one tops up.
        assert_eq!(
            generate(&store, 7_000, 3_000, &mut |_, _| {}).unwrap(),
            Added::default()
        );
        let more = generate(&store, 7_500, 3_000, &mut |_, _| {}).unwrap();
        assert_eq!(more.accounts, 500);
        // The new rows are readable through the store's own queries.
        let page = store
            .read_blocking(|tx| {
                tickets::list(
                    tx,
                    &tickets::Filter {
                        limit: 50,
                        ..Default::default()
                    },
                    Utc::now(),
                    &tickets::Totals::default(),
                )
            })
            .unwrap();
        assert_eq!(page.0.len(), 50);
        assert_eq!(page.2, 3_000);
    }
}
