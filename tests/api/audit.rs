use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::v;
use crate::support::server::Server;

#[test]
fn only_supervisors_read_the_audit_trail() {
    let s = Server::start();
    let agent = s.client("demo-agent");
    let (status, body) = agent.call(Method::GET, "/api/v1/audit", None, &[]);
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"]["code"], "supervisor_only");
    let lead = s.client("demo-lead");
    let page = lead.get_ok("/api/v1/audit?operator=demo-lead");
    assert!(page["items"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|e| e["action"] == "operator.sign_in"));
}

#[test]
fn the_chain_verifies_and_a_row_changed_behind_the_servers_back_is_named() {
    let s = Server::start();
    let api = s.client("demo-agent");
    let a = api.account_by("phone=13800138000");
    let id = a["id"].as_i64().unwrap_or_default();
    let r = api.post(
        &format!("/api/v1/accounts/{id}/unlock"),
        json!({"reason": "核实后解锁"}),
        &[("If-Match", &v(&a["version"]))],
    );
    assert_eq!(r.status, StatusCode::OK);

    let out = s.kefu(&["audit", "verify"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("audit chain ok"), "{stdout}");

    // The table refuses UPDATE, DELETE (and on PostgreSQL TRUNCATE) through SQL...
    let refused =
        s.db.execute("UPDATE audit SET reason = 'x' WHERE action = 'account.unlock'");
    assert!(refused.is_err(), "the trigger must refuse updates");
    let refused = s.db.execute("DELETE FROM audit WHERE seq = 1");
    assert!(refused.is_err(), "the trigger must refuse deletes");
    // ...so an attacker drops the trigger first; verify still catches it.
    s.db.execute(&s.db.drop_trigger_sql("audit_no_update", "audit"))
        .expect("drop trigger");
    let seq =
        s.db.query_i64("SELECT seq FROM audit WHERE action = 'account.unlock'");
    s.db.execute(&format!(
        "UPDATE audit SET reason = '无理由' WHERE seq = {seq}"
    ))
    .expect("tamper");
    let out = s.kefu(&["audit", "verify"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains(&format!("broken at row {seq}")), "{stderr}");
}

/// `kefu` with arguments, its (success, stdout, stderr).
fn kefu(args: &[&str]) -> (bool, String, String) {
    let out = std::process::Command::new(crate::support::server::kefu_bin())
        .args(args)
        .output()
        .expect("run kefu");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The chain's hash, as `src/backoffice/store/audit.rs` computes it: SHA-256 over the
/// previous hash and every field, each length-prefixed (u64 big-endian), NULL as u64::MAX.
fn attacker_hash(prev: &str, fields: &[Option<String>]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for f in std::iter::once(Some(prev.to_string())).chain(fields.iter().cloned()) {
        match f {
            Some(s) => {
                h.update((s.len() as u64).to_be_bytes());
                h.update(s.as_bytes());
            }
            None => h.update(u64::MAX.to_be_bytes()),
        }
    }
    hex::encode(h.finalize())
}

/// Drop the append-only triggers, as someone with write access to the database would.
fn drop_guards(db: &crate::support::server::Db) {
    for t in ["audit_no_update", "audit_no_delete"] {
        db.execute(&db.drop_trigger_sql(t, "audit"))
            .expect("drop trigger");
    }
}

/// Rewrite row `seq`'s reason and re-hash it and every later row.
fn rewrite_and_rehash(db: &crate::support::server::Db, seq: i64) {
    use crate::support::server::Db;
    type RowText = Vec<Option<String>>;
    let fields = "at, operator, action, target, reason, before, after FROM audit WHERE seq >=";
    let rows: Vec<RowText> = match db {
        Db::Sqlite { path, .. } => {
            let c = rusqlite::Connection::open(path).expect("open");
            let mut st = c
                .prepare(&format!(
                    "SELECT CAST(seq AS TEXT), {fields} ?1 ORDER BY seq"
                ))
                .expect("select");
            st.query_map([seq], |r| {
                (0..8).map(|i| r.get::<_, Option<String>>(i)).collect()
            })
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("rows")
        }
        Db::Postgres { .. } => {
            let mut c = postgres::Client::connect(&db.url(), postgres::NoTls).expect("connect");
            c.query(
                &format!("SELECT seq::text, {fields} $1 ORDER BY seq"),
                &[&seq],
            )
            .expect("rows")
            .iter()
            .map(|r| (0..8).map(|i| r.get::<_, Option<String>>(i)).collect())
            .collect()
        }
    };
    assert!(!rows.is_empty());
    let mut prev = if seq > 1 {
        read_hash(db, seq - 1)
    } else {
        "0".repeat(64)
    };
    let mut sql = String::new();
    for mut row in rows {
        let n: i64 = row[0].as_deref().and_then(|s| s.parse().ok()).expect("seq");
        if n == seq {
            row[5] = Some("无理由".to_string());
        }
        let hash = attacker_hash(&prev, &row);
        let reason = row[5].as_ref().map_or("NULL".to_string(), |s| {
            format!("'{}'", s.replace('\'', "''"))
        });
        sql.push_str(&format!(
            "UPDATE audit SET reason = {reason}, prev_hash = '{prev}', hash = '{hash}' WHERE seq = {n};\n"
        ));
        prev = hash;
    }
    db.execute(&sql).expect("rewrite");
}

fn read_hash(db: &crate::support::server::Db, seq: i64) -> String {
    use crate::support::server::Db;
    match db {
        Db::Sqlite { path, .. } => rusqlite::Connection::open(path)
            .and_then(|c| c.query_row("SELECT hash FROM audit WHERE seq = ?1", [seq], |r| r.get(0)))
            .expect("hash"),
        Db::Postgres { .. } => postgres::Client::connect(&db.url(), postgres::NoTls)
            .and_then(|mut c| c.query_one("SELECT hash FROM audit WHERE seq = $1", &[&seq]))
            .map(|r| r.get(0))
            .expect("hash"),
    }
}

#[test]
fn signed_checkpoints_catch_tail_deletion_and_a_re_hashed_rewrite() {
    let dir = tempfile::tempdir().expect("dir");
    let key = dir.path().join("audit.key");
    let key_s = key.to_str().expect("utf-8 path");
    let public = format!("{key_s}.pub");
    let log = dir.path().join("audit.checkpoints");
    let log_s = log.to_str().expect("utf-8 path");
    let (ok, out, err) = kefu(&["audit", "keygen", "--out", key_s]);
    assert!(ok, "{out}{err}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).expect("key").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let s = Server::start_with(&["--seed-demo", "--audit-key", key_s, "--checkpoints", log_s]);
    let url = s.db.url();
    // The server signs one at start.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::fs::read_to_string(&log).unwrap_or_default().is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "no checkpoint at start"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let checkpoint = || {
        kefu(&[
            "audit",
            "checkpoint",
            "--db",
            &url,
            "--key",
            key_s,
            "--checkpoints",
            log_s,
        ])
    };
    let api = s.client("demo-agent");
    api.account_by("phone=13800138000");
    let (ok, out, err) = checkpoint();
    assert!(ok, "{out}{err}");
    assert!(out.starts_with("kefu-audit\n"), "{out}");
    assert!(out.contains("\n\n\u{2014} kefu-audit "), "{out}");
    let first = s.db.query_i64("SELECT MAX(seq) FROM audit");
    api.account_by("phone=13900139000");
    let (ok, out, err) = checkpoint();
    assert!(ok, "{out}{err}");
    let verify = || {
        kefu(&[
            "audit",
            "verify",
            "--db",
            &url,
            "--checkpoints",
            log_s,
            "--public-key",
            &public,
        ])
    };
    let (ok, out, err) = verify();
    assert!(ok, "{out}{err}");
    assert!(out.contains("3 signed checkpoints agree"), "{out}");
    let rows = s.db.query_i64("SELECT MAX(seq) FROM audit");
    assert!(rows > first && first >= 2, "{first} {rows}");

    // A key others can read is refused.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        let (ok, _, err) = checkpoint();
        assert!(!ok);
        assert!(err.contains("chmod 600"), "{err}");
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    }
    drop(api);
    let db = s.db.clone();
    drop(s);
    drop_guards(&db);

    // Deleting the newest row leaves a valid chain, shorter than the last checkpoint says.
    db.execute(&format!("DELETE FROM audit WHERE seq = {rows}"))
        .expect("delete");
    let (ok, out, err) = kefu(&["audit", "verify", "--db", &url]);
    assert!(ok, "a shortened chain fools a plain walk: {out}{err}");
    let (ok, _, err) = verify();
    assert!(!ok);
    assert!(
        err.contains(&format!(
            "checkpoint 3 attests {rows} rows but the trail has {}",
            rows - 1
        )),
        "{err}"
    );

    // Rewrite the first row and re-hash every later one: the chain alone verifies...
    rewrite_and_rehash(&db, 1);
    let (ok, out, err) = kefu(&["audit", "verify", "--db", &url]);
    assert!(ok, "the re-hashed chain fools a plain walk: {out}{err}");
    // ...the signed heads do not.
    let (ok, out, err) = verify();
    assert!(!ok, "{out}");
    assert!(err.contains(": row ") && err.contains("re-hashed"), "{err}");
}
