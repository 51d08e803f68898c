//! Races: 20 reviewers deciding one review at the same instant, round after round; exactly
//! one decision may win each round, and the store must hold exactly one.

use std::sync::{Arc, Barrier};

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::Api;
use crate::helpers::{add_operators, env_num, open_db, sqlite_server};
use crate::support::server::Server;

/// Reviewers racing each round.
const REVIEWERS: usize = 20;

/// Open `n` real-name reviews as demo-agent on accounts that have none open.
pub fn open_reviews(s: &Server, agent: &Api, n: usize) -> Vec<i64> {
    let db = open_db(s.db.path());
    let mut stmt = db
        .prepare(
            "SELECT id FROM accounts WHERE id NOT IN (SELECT account_id FROM reviews
               WHERE kind = 'real_name' AND state IN ('pending', 'claimed', 'awaiting_second_approval', 'escalated'))
             ORDER BY id LIMIT ?1",
        )
        .expect("prepare");
    let accounts: Vec<i64> = stmt
        .query_map([n as i64], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(accounts.len(), n, "enough accounts without an open review");
    accounts
        .iter()
        .map(|a| {
            let r = agent.post(
                "/api/v1/reviews",
                json!({"kind": "real_name", "account_id": a, "note": "race test: scan by e-mail"}),
                &[],
            );
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
            r.body["id"].as_i64().unwrap_or_default()
        })
        .collect()
}

/// The decision reviewer `i` tries: they do not all agree.
fn decision_of(i: usize) -> Value {
    match i % 3 {
        0 => {
            json!({"decision": "reject_retry", "reason_code": "photo_unclear", "comment_to_user": format!("r{i}")})
        }
        1 => {
            json!({"decision": "reject_final", "reason_code": "document_forged", "internal_note": format!("r{i}")})
        }
        _ => json!({"decision": "approve", "reason_code": "documents_match",
            "checklist": kefu::domain::review::ReviewKind::RealName.checklist()}),
    }
}

/// Fire one request from each reviewer at once (a barrier releases them together).
fn race(
    reviewers: &[Api],
    f: impl Fn(usize, &Api) -> (StatusCode, Value) + Sync,
) -> Vec<(StatusCode, Value)> {
    let barrier = Arc::new(Barrier::new(reviewers.len()));
    std::thread::scope(|scope| {
        let handles: Vec<_> = reviewers
            .iter()
            .enumerate()
            .map(|(i, api)| {
                let barrier = barrier.clone();
                let f = &f;
                scope.spawn(move || {
                    barrier.wait();
                    f(i, api)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("racer panicked"))
            .collect()
    })
}

#[test]
fn twenty_reviewers_racing_one_review_exactly_one_decision_wins() {
    let rounds = env_num("KEFU_RACE_ROUNDS", 100) as usize;
    let s = sqlite_server(&[]);
    let agent = s.client("demo-agent");
    let reviewers: Vec<Api> = add_operators(s.db.path(), "racer", REVIEWERS, "reviewer")
        .into_iter()
        .map(|(_, token)| {
            let mut api = Api::anonymous(&s.url);
            api.token = Some(token);
            api
        })
        .collect();
    let reviews = open_reviews(&s, &agent, rounds);
    let db = open_db(s.db.path());
    let mut claim_rounds = 0;
    for (round, id) in reviews.iter().enumerate() {
        let path = format!("/api/v1/reviews/{id}");
        let mut claimer = None;
        // Every other round, the reviewers first race to claim it: one claim holds.
        if round % 2 == 1 {
            claim_rounds += 1;
            let claims = race(&reviewers, |_, api| {
                api.call(reqwest::Method::POST, &format!("{path}/claim"), None, &[])
            });
            let winners: Vec<usize> = (0..claims.len())
                .filter(|i| claims[*i].0 == StatusCode::OK)
                .collect();
            assert_eq!(winners.len(), 1, "round {round}: one claim, got {claims:?}");
            for (st, body) in &claims {
                assert!(
                    *st == StatusCode::OK
                        || (*st == StatusCode::CONFLICT
                            && body["error"]["code"] == "claimed_by_other"),
                    "round {round}: claim answered {st} {body}"
                );
            }
            claimer = winners.first().copied();
        }
        let before = reviewers[0].send(reqwest::Method::GET, &path, None, &[]);
        assert_eq!(before.status, StatusCode::OK);
        let etag = before.etag.clone().expect("the review has an ETag");
        let version = before.body["version"]
            .as_i64()
            .expect("the review's version");
        let answers = race(&reviewers, |i, api| {
            api.call(
                reqwest::Method::POST,
                &format!("{path}/decision"),
                Some(decision_of(i)),
                &[("If-Match", etag.as_str())],
            )
        });
        let winners: Vec<usize> = (0..answers.len())
            .filter(|i| answers[*i].0 == StatusCode::OK)
            .collect();
        assert_eq!(
            winners.len(),
            1,
            "round {round} (review {id}): exactly one decision wins; answers {:?}",
            answers.iter().map(|a| a.0).collect::<Vec<_>>()
        );
        let winner = winners[0];
        // Rounds with a claim phase: only the claim holder may win.
        assert!(
            claimer.is_none_or(|c| c == winner),
            "round {round}: only the claim holder decides ({claimer:?} held it, {winner} won)"
        );
        for (i, (st, body)) in answers.iter().enumerate() {
            if i != winner {
                assert!(
                    *st == StatusCode::PRECONDITION_FAILED || *st == StatusCode::CONFLICT,
                    "round {round}: a losing decision answers 412 or 409, got {st} {body}"
                );
                assert!(body["error"]["code"].is_string(), "{body}");
            }
        }
        // The store holds one decision, one audit row, one version step.
        let decisions: i64 = db
            .query_row(
                "SELECT COUNT(*) FROM review_decisions WHERE review_id = ?1",
                [id],
                |r| r.get(0),
            )
            .expect("count decisions");
        let audited: i64 = db
            .query_row(
                "SELECT COUNT(*) FROM audit WHERE action = 'review.decide' AND target = ?1",
                [format!("review:{id}")],
                |r| r.get(0),
            )
            .expect("count audit rows");
        assert_eq!((decisions, audited), (1, 1), "round {round}: review {id}");
        let after = reviewers[0].get_ok(&path);
        assert_eq!(after["version"].as_i64(), Some(version + 1));
        let expected_state = match winner % 3 {
            0 => "rejected_retry",
            1 => "rejected_final",
            _ => "approved",
        };
        assert_eq!(after["state"], expected_state, "round {round}");
    }
    eprintln!(
        "races: {rounds} rounds of {REVIEWERS} reviewers ({claim_rounds} with a claim race first): one winner each"
    );
}
