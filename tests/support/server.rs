//! The one way test binaries start a back office: the real `kefu serve` on 127.0.0.1 port 0
//! (it prints the address it got), killed when dropped. Its database is a temporary SQLite
//! file, a SQLite file the test owns, or — when `KEFU_TEST_PG` names a PostgreSQL database —
//! a fresh database of its own on that server.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

/// The environment variable naming the PostgreSQL database to test against, e.g.
/// `postgres://root@127.0.0.1:5432/test`. Unset: every server uses SQLite.
pub const PG_ENV: &str = "KEFU_TEST_PG";

/// The PostgreSQL URL to test against, if one is set.
pub fn pg_url() -> Option<String> {
    std::env::var(PG_ENV).ok().filter(|u| !u.trim().is_empty())
}

/// The PostgreSQL URL for a PostgreSQL-only test, which is `#[ignore]`d by default and run
/// by CI with `--include-ignored`; run without the variable it fails instead of passing.
pub fn require_pg(test: &str) -> String {
    pg_url().unwrap_or_else(|| panic!("{test} needs PostgreSQL: set {PG_ENV}=postgres://…"))
}

/// The `kefu` binary under test: `KEFU_TEST_BIN` if set (e.g. a copy, safe from other
/// builds sharing the target directory), else the one Cargo built.
pub fn kefu_bin() -> String {
    std::env::var("KEFU_TEST_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_kefu").to_string())
}

/// The database one test's servers share; removed when the last of them is dropped.
pub enum Db {
    /// A SQLite file.
    Sqlite {
        /// The file.
        path: PathBuf,
        /// The temporary directory holding it, when the test did not bring its own file.
        _dir: Option<tempfile::TempDir>,
    },
    /// A database of its own on the `KEFU_TEST_PG` server.
    Postgres {
        /// The URL given in `KEFU_TEST_PG` (its database is used for administration).
        admin: String,
        /// The test's database.
        name: String,
    },
}

/// `url` with its database name replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (main, query) = match url.split_once('?') {
        Some((m, q)) => (m, format!("?{q}")),
        None => (url, String::new()),
    };
    let after_scheme = main.find("://").map_or(0, |i| i + 3);
    let base = match main[after_scheme..].find('/') {
        Some(i) => &main[..after_scheme + i],
        None => main,
    };
    format!("{base}/{name}{query}")
}

fn pg_admin(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls)
        .unwrap_or_else(|e| panic!("cannot connect to {PG_ENV}={url}: {e}"))
}

/// A database seeded once per test process by a real `kefu serve --seed-demo`, which
/// each test then clones (a fraction of a second, where seeding takes seconds).
fn pg_template(admin: &str) -> &'static str {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        sweep_leftovers(admin);
        let name = format!("kefu_tpl_{}", std::process::id());
        pg_admin(admin)
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create the template database");
        // The server has seeded the template once it listens.
        let (mut seeder, _) = spawn(&with_database(admin, &name), &["--seed-demo".into()], 0);
        let _ = seeder.kill();
        let _ = seeder.wait();
        name
    })
}

/// Drop test databases left by test processes that no longer run (e.g. killed ones).
fn sweep_leftovers(admin: &str) {
    let mut c = pg_admin(admin);
    let Ok(rows) = c.query(
        "SELECT datname FROM pg_database WHERE datname LIKE 'kefu\\_t%'",
        &[],
    ) else {
        return;
    };
    for row in rows {
        let name: String = row.get(0);
        let pid = name.split('_').nth(2).unwrap_or_default();
        let alive =
            Path::new(&format!("/proc/{pid}")).exists() || !Path::new("/proc/self").exists();
        if !alive {
            let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

impl Db {
    /// A fresh database of the kind the environment asks for: empty, or with the demo
    /// data when `seeded` (on SQLite the server seeds it; on PostgreSQL it is cloned).
    pub fn fresh(seeded: bool) -> Arc<Db> {
        let Some(admin) = pg_url() else {
            return Db::sqlite();
        };
        static N: AtomicU32 = AtomicU32::new(0);
        let template = if seeded {
            pg_template(&admin)
        } else {
            "template1"
        };
        let name = format!(
            "kefu_test_{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        pg_admin(&admin)
            .batch_execute(&format!("CREATE DATABASE {name} TEMPLATE {template}"))
            .expect("create the test database");
        Arc::new(Db::Postgres { admin, name })
    }

    /// A fresh temporary SQLite file, whatever `KEFU_TEST_PG` says (for tests that open
    /// the file themselves).
    pub fn sqlite() -> Arc<Db> {
        let dir = tempfile::tempdir().expect("temp dir");
        Arc::new(Db::Sqlite {
            path: dir.path().join("kefu.db"),
            _dir: Some(dir),
        })
    }

    /// The SQLite file at `path`, which the test keeps (e.g. the desk's demo store).
    pub fn file(path: &Path) -> Arc<Db> {
        Arc::new(Db::Sqlite {
            path: path.to_path_buf(),
            _dir: None,
        })
    }

    /// The file of a SQLite database (a test that needs one asks for [`Db::sqlite`]).
    pub fn path(&self) -> &Path {
        match self {
            Db::Sqlite { path, .. } => path,
            Db::Postgres { .. } => panic!("this test needs a SQLite file"),
        }
    }

    /// The `--db` argument naming this database.
    pub fn url(&self) -> String {
        match self {
            Db::Sqlite { path, .. } => format!("sqlite:{}", path.display()),
            Db::Postgres { admin, name } => with_database(admin, name),
        }
    }

    /// Run SQL statements directly on the database, bypassing the server (to play an
    /// attacker or an operator with a SQL prompt).
    pub fn execute(&self, sql: &str) -> Result<(), String> {
        match self {
            Db::Sqlite { path, .. } => rusqlite::Connection::open(path)
                .and_then(|c| c.execute_batch(sql))
                .map_err(|e| e.to_string()),
            Db::Postgres { .. } => postgres::Client::connect(&self.url(), postgres::NoTls)
                .and_then(|mut c| c.batch_execute(sql))
                .map_err(|e| e.to_string()),
        }
    }

    /// A single integer from a query run directly on the database.
    pub fn query_i64(&self, sql: &str) -> i64 {
        match self {
            Db::Sqlite { path, .. } => rusqlite::Connection::open(path)
                .and_then(|c| c.query_row(sql, [], |r| r.get(0)))
                .unwrap_or_else(|e| panic!("{sql}: {e}")),
            Db::Postgres { .. } => postgres::Client::connect(&self.url(), postgres::NoTls)
                .and_then(|mut c| c.query_one(sql, &[]))
                .and_then(|r| r.try_get::<_, i64>(0))
                .unwrap_or_else(|e| panic!("{sql}: {e}")),
        }
    }

    /// SQL that removes a trigger (the two dialects differ).
    pub fn drop_trigger_sql(&self, trigger: &str, table: &str) -> String {
        match self {
            Db::Sqlite { .. } => format!("DROP TRIGGER {trigger}"),
            Db::Postgres { .. } => format!("DROP TRIGGER {trigger} ON {table}"),
        }
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        if let Db::Postgres { admin, name } = self {
            let _ = pg_admin(admin)
                .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

/// Start `kefu serve --db db_url` on `port` (0: any) and wait for the line saying where it
/// listens; returns the child and the base URL read from that line.
fn spawn(db_url: &str, args: &[String], port: u16) -> (Child, String) {
    let mut child = Command::new(kefu_bin())
        // The access log would flood the test output (tests/api/access_log.rs reads it).
        .args([
            "serve",
            "--log-format",
            "off",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--db",
        ])
        .arg(db_url)
        .args(args)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start kefu serve");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    stdout
        .read_line(&mut line)
        .expect("read the listening line");
    // Keep reading, so that a later line never meets a closed pipe.
    std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("kefu serve did not say where it listens: {line:?}"))
        .to_string();
    (child, url)
}

/// How to start a [`Server`]: its database, arguments and port.
pub struct Builder {
    db: Arc<Db>,
    args: Vec<String>,
    port: u16,
}

impl Builder {
    /// Load the demo data into an empty database.
    pub fn seed_demo(self) -> Builder {
        self.args(&["--seed-demo"])
    }

    /// Extra arguments to `kefu serve` (e.g. `--reveals-per-min 3`).
    pub fn args(mut self, extra: &[&str]) -> Builder {
        self.args.extend(extra.iter().map(|a| a.to_string()));
        self
    }

    /// Listen on `port` instead of any free one: to come back where an earlier server was.
    pub fn port(mut self, port: u16) -> Builder {
        self.port = port;
        self
    }

    /// Start the server and wait until it listens.
    pub fn start(self) -> Server {
        let (child, url) = spawn(&self.db.url(), &self.args, self.port);
        if self.port != 0 {
            assert!(url.ends_with(&format!(":{}", self.port)), "{url}");
        }
        Server {
            child,
            url,
            db: self.db,
        }
    }
}

/// A running back office; killed when dropped.
pub struct Server {
    child: Child,
    /// Base URL, e.g. `http://127.0.0.1:41234`.
    pub url: String,
    /// The database (shared with other servers started on it).
    pub db: Arc<Db>,
}

impl Server {
    /// A server to be started on `db`.
    pub fn builder(db: Arc<Db>) -> Builder {
        Builder {
            db,
            args: Vec::new(),
            port: 0,
        }
    }

    /// Start a server with the demo data.
    pub fn start() -> Server {
        Server::start_with(&["--seed-demo"])
    }

    /// Start a server on a fresh database with extra arguments.
    pub fn start_with(extra: &[&str]) -> Server {
        Server::start_on(Db::fresh(extra.contains(&"--seed-demo")), extra)
    }

    /// Start a server on a database another server may already use.
    pub fn start_on(db: Arc<Db>, extra: &[&str]) -> Server {
        Server::builder(db).args(extra).start()
    }

    /// Start a server on the SQLite file at `path`, which the test keeps.
    pub fn on_file(path: &Path, extra: &[&str]) -> Server {
        Server::start_on(Db::file(path), extra)
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.url
            .rsplit(':')
            .next()
            .and_then(|p| p.trim_end_matches('/').parse().ok())
            .unwrap_or_else(|| panic!("no port in {}", self.url))
    }

    /// Stop the server with SIGTERM (a graceful shutdown); whether it exited within `within`.
    pub fn terminate(&mut self, within: Duration) -> bool {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }

    /// SIGKILL the server now and reap it: no shutdown code runs.
    pub fn kill(self) {
        // Dropping kills: std's Child::kill sends SIGKILL on Unix.
        drop(self);
    }

    /// Run `kefu` with arguments against this server's database.
    pub fn kefu(&self, args: &[&str]) -> std::process::Output {
        Command::new(kefu_bin())
            .args(args)
            .arg("--db")
            .arg(self.db.url())
            .output()
            .expect("run kefu")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
