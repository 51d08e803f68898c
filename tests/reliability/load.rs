//! Load: many simulated operators (list the queue, look up a caller by phone, add a note,
//! open and decide reviews) against one server on loopback for a bounded time. No request
//! may fail; p50/p99 latencies are printed.
//!
//! `KEFU_LOAD_OPERATORS` (200), `KEFU_LOAD_SECS` (6 in the suite; `scripts/load.sh` runs 60),
//! `KEFU_LOAD_THINK_MS` (pause between one operator's actions, 100).

use std::collections::{BTreeMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::helpers::{add_operators, async_client, env_num, open_db, quantile, sqlite_server, Rng};

/// What the operators share: reviews waiting for a second person, accounts with one open.
#[derive(Default)]
struct Shared {
    waiting: VecDeque<(i64, usize, i64)>,
    open_accounts: HashSet<i64>,
}

/// Measurements of one operator.
#[derive(Default)]
struct Tally {
    latencies: BTreeMap<&'static str, Vec<Duration>>,
    errors: Vec<String>,
}

struct Op {
    me: usize,
    token: String,
    base: String,
    client: reqwest::Client,
    tally: Tally,
}

impl Op {
    /// One request; its latency goes under `kind`; any status but `expect` is an error.
    async fn call(
        &mut self,
        kind: &'static str,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
        if_match: Option<&str>,
        expect: u16,
    ) -> Option<(Value, Option<String>)> {
        let mut req = self
            .client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        if let Some(tag) = if_match {
            req = req.header("If-Match", tag);
        }
        let t0 = Instant::now();
        let result = match req.send().await {
            Ok(resp) => {
                let status = resp.status().as_u16();
                let etag = resp
                    .headers()
                    .get("etag")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string);
                match resp.text().await {
                    Ok(text) => Ok((status, text, etag)),
                    Err(e) => Err(e.to_string()),
                }
            }
            Err(e) => Err(e.to_string()),
        };
        self.tally
            .latencies
            .entry(kind)
            .or_default()
            .push(t0.elapsed());
        match result {
            Ok((status, text, etag)) if status == expect => {
                Some((serde_json::from_str(&text).unwrap_or(Value::Null), etag))
            }
            Ok((status, text, _)) => {
                self.tally
                    .errors
                    .push(format!("{kind} {path}: {status} {text:.200}"));
                None
            }
            Err(e) => {
                self.tally.errors.push(format!("{kind} {path}: {e}"));
                None
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_operators_work_at_once_without_errors() {
    let operators = env_num("KEFU_LOAD_OPERATORS", 200) as usize;
    let secs = env_num("KEFU_LOAD_SECS", 6);
    let think = Duration::from_millis(env_num("KEFU_LOAD_THINK_MS", 100));
    let s = tokio::task::spawn_blocking(|| {
        sqlite_server(&["--lookups-per-min", "0", "--reveals-per-min", "0"])
    })
    .await
    .expect("server");
    let db = s.db.path().to_path_buf();
    let (ops, phones, tickets, accounts) = tokio::task::spawn_blocking(move || {
        let ops = add_operators(&db, "load", operators, "agent,reviewer");
        let c = open_db(&db);
        let col = |sql: &str| -> Vec<Value> {
            c.prepare(sql)
                .and_then(|mut st| {
                    st.query_map([], |r| {
                        r.get::<_, rusqlite::types::Value>(0).map(|v| match v {
                            rusqlite::types::Value::Integer(i) => json!(i),
                            rusqlite::types::Value::Text(t) => json!(t),
                            _ => Value::Null,
                        })
                    })?
                    .collect::<Result<_, _>>()
                })
                .expect("query")
        };
        let phones = col("SELECT phone FROM accounts WHERE phone IS NOT NULL ORDER BY id LIMIT 2000");
        let tickets = col("SELECT id FROM tickets ORDER BY id");
        let accounts = col(
            "SELECT id FROM accounts WHERE id NOT IN (SELECT account_id FROM reviews WHERE kind = 'real_name') ORDER BY id",
        );
        (ops, phones, tickets, accounts)
    })
    .await
    .expect("setup");
    let per_op = (accounts.len() / operators.max(1)).clamp(1, 20);
    let shared = Arc::new(Mutex::new(Shared::default()));
    let client = async_client(Duration::from_secs(30), true);
    let deadline = Instant::now() + Duration::from_secs(secs);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (me, (_, token)) in ops.into_iter().enumerate() {
        let mine: Vec<i64> = accounts
            .iter()
            .skip(me * per_op)
            .take(per_op)
            .filter_map(Value::as_i64)
            .collect();
        let (phones, tickets, shared) = (phones.clone(), tickets.clone(), shared.clone());
        let mut op = Op {
            me,
            token,
            base: s.url.clone(),
            client: client.clone(),
            tally: Tally::default(),
        };
        tasks.push(tokio::spawn(async move {
            let mut rng = Rng::new(me as u64 * 7919 + 1);
            let mut step = me;
            while Instant::now() < deadline {
                match step % 4 {
                    0 => {
                        op.call("list", reqwest::Method::GET, "/api/v1/tickets?status=new,open&sort=-priority&limit=50", None, None, 200).await;
                    }
                    1 => {
                        let phone = phones[rng.below(phones.len() as u64) as usize]
                            .as_str()
                            .unwrap_or_default()
                            .to_string();
                        let found = op
                            .call("lookup", reqwest::Method::GET, &format!("/api/v1/accounts?phone={phone}"), None, None, 200)
                            .await;
                        if let Some((page, _)) = found {
                            if page["items"].as_array().map_or(0, Vec::len) != 1 {
                                op.tally.errors.push(format!("lookup {phone}: {page}"));
                            }
                        }
                    }
                    2 => {
                        let t = tickets[rng.below(tickets.len() as u64) as usize]
                            .as_i64()
                            .unwrap_or(1);
                        let body = json!({"body": format!("load note by {} step {step}", op.me), "visibility": "internal"});
                        op.call("note", reqwest::Method::POST, &format!("/api/v1/tickets/{t}/notes"), Some(body), None, 201).await;
                    }
                    _ => {
                        // Decide a review someone else opened, or open one for someone else.
                        let todo = shared.lock().ok().and_then(|mut sh| {
                            let i = sh.waiting.iter().position(|(_, opener, _)| *opener != me)?;
                            sh.waiting.remove(i)
                        });
                        if let Some((id, _, account)) = todo {
                            let path = format!("/api/v1/reviews/{id}");
                            if let Some((_, Some(tag))) = op.call("review_get", reqwest::Method::GET, &path, None, None, 200).await {
                                let d = json!({"decision": "reject_retry", "reason_code": "photo_unclear", "comment_to_user": "请重新拍摄"});
                                op.call("decide", reqwest::Method::POST, &format!("{path}/decision"), Some(d), Some(&tag), 200).await;
                            }
                            if let Ok(mut sh) = shared.lock() {
                                sh.open_accounts.remove(&account);
                            }
                        } else {
                            let account = shared.lock().ok().and_then(|mut sh| {
                                let a = mine.iter().copied().find(|a| !sh.open_accounts.contains(a))?;
                                sh.open_accounts.insert(a);
                                Some(a)
                            });
                            if let Some(a) = account {
                                let body = json!({"kind": "real_name", "account_id": a, "note": "load test"});
                                match op.call("open_review", reqwest::Method::POST, "/api/v1/reviews", Some(body), None, 201).await {
                                    Some((r, _)) => {
                                        if let (Ok(mut sh), Some(id)) = (shared.lock(), r["id"].as_i64()) {
                                            sh.waiting.push_back((id, me, a));
                                        }
                                    }
                                    None => {
                                        if let Ok(mut sh) = shared.lock() {
                                            sh.open_accounts.remove(&a);
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                step += 1;
                // An operator's pause between actions (workload, not synchronisation).
                tokio::time::sleep(think).await;
            }
            op.tally
        }));
    }
    let mut all: BTreeMap<&'static str, Vec<Duration>> = BTreeMap::new();
    let mut errors = Vec::new();
    for t in tasks {
        let tally = t.await.expect("operator task");
        for (k, v) in tally.latencies {
            all.entry(k).or_default().extend(v);
        }
        errors.extend(tally.errors);
    }
    let elapsed = started.elapsed();
    let mut everything: Vec<Duration> = all.values().flatten().copied().collect();
    everything.sort();
    let total = everything.len();
    println!(
        "load: {operators} operators, {:.1} s, {total} requests ({:.0}/s), {} errors",
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64(),
        errors.len()
    );
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    for (k, v) in all.iter_mut() {
        v.sort();
        println!(
            "load: {k:12} n={:6} p50={:7.1} ms p99={:7.1} ms max={:7.1} ms",
            v.len(),
            ms(quantile(v, 0.5)),
            ms(quantile(v, 0.99)),
            ms(quantile(v, 1.0))
        );
    }
    println!(
        "load: {:12} n={total:6} p50={:7.1} ms p99={:7.1} ms max={:7.1} ms",
        "all",
        ms(quantile(&everything, 0.5)),
        ms(quantile(&everything, 0.99)),
        ms(quantile(&everything, 1.0))
    );
    assert!(
        errors.is_empty(),
        "{} errors under load, e.g.:\n{}",
        errors.len(),
        errors
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    for kind in ["list", "lookup", "note", "decide"] {
        assert!(
            all.get(kind).is_some_and(|v| !v.is_empty()),
            "no {kind} happened"
        );
    }
    let verify = tokio::task::block_in_place(|| s.kefu(&["audit", "verify"]));
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stderr)
    );
}
