//! A reviewer's "mine" on a real desk (tmux) and a real back office: demo-reviewer2's
//! desk shows its reviews with `m` (the client's `mine=true` reaching the server); a
//! supervisor assigns it another review over the API, and within seconds the desk says so
//! and lists the review there; opened, the review says who it is assigned to and by whom.

use std::path::Path;
use std::time::Duration;

use kefu::api::{AssignRequest, ReviewQuery};
use kefu::client::{Client, ClientOptions, IdempotencyKey};

mod support;
use support::server::Server;
use support::{signed_in_desk, wait_exit, Tmux};

const ME: &str = "demo-reviewer2";

/// A desk on `url` signed in as `operator` through the sign-in form.
fn desk(h: &Path, url: &str, operator: &str) -> Tmux {
    signed_in_desk(h, url, operator, "rmine", "", "3 Reviews")
}

/// The review ids of the list rows on `screen`, top down.
fn row_ids(screen: &str) -> Vec<i64> {
    screen
        .lines()
        .filter_map(|l| {
            let rest = l.trim_start_matches(['▶', ' ']).strip_prefix('#')?;
            rest.split_whitespace().next()?.parse().ok()
        })
        .collect()
}

/// Whether a list row of review `id` is on `screen`.
fn listed(screen: &str, id: i64) -> bool {
    row_ids(screen).contains(&id)
}

#[tokio::test(flavor = "multi_thread")]
async fn an_assigned_review_reaches_the_reviewers_mine_live() {
    let server = Server::start();
    let lead = Client::new(ClientOptions::new(&server.url)).unwrap();
    lead.sign_in("demo-lead", "kefu-demo").await.unwrap();
    // A pending review nobody was given.
    let page = lead
        .reviews(&ReviewQuery {
            state: Some("pending".into()),
            limit: Some(50),
            ..ReviewQuery::default()
        })
        .await
        .unwrap();
    let free: Vec<i64> = page
        .items
        .iter()
        .filter(|r| r.assigned_to.is_none() && r.claimed_by.is_none())
        .map(|r| r.id)
        .collect();
    assert!(
        !free.is_empty(),
        "the demo has pending reviews nobody holds"
    );
    let review = free[0];
    // What demo-reviewer2 holds already (the seed assigns them one).
    let me = Client::new(ClientOptions::new(&server.url)).unwrap();
    me.sign_in(ME, "kefu-demo").await.unwrap();
    let before = me
        .reviews(&ReviewQuery {
            state: Some("pending,claimed,awaiting_second_approval,escalated".into()),
            mine: Some(true),
            ..ReviewQuery::default()
        })
        .await
        .unwrap()
        .total;
    assert!(before >= 1, "the seed gives {ME} a review");

    let home = tempfile::tempdir().unwrap();
    let d = desk(home.path(), &server.url, ME);
    d.keys(&["3"]);
    d.wait_for("the review queue", |s| {
        s.contains("Kind") && s.contains('▶')
    });
    d.keys(&["m"]);
    let screen = d.wait_for("mine", |s| {
        s.contains("mine · kind: all") && s.contains(&format!("{before} reviews"))
    });
    assert!(!listed(&screen, review), "not theirs yet: {screen}");
    assert!(screen.contains("Assigned"), "{screen}");

    // The lead assigns it.
    let body = AssignRequest {
        operator: ME.into(),
        reason: "港澳证件由二号审核员审".into(),
    };
    lead.assign_review(review, &body, &IdempotencyKey::new())
        .await
        .unwrap();

    // Told live, and listed under mine within seconds.
    let screen = d.wait_within("the review under mine", Duration::from_secs(5), |s| {
        listed(s, review)
    });
    assert!(
        screen.contains(&format!(
            "demo-lead assigned review #{review} to you: m in the reviews pane lists yours"
        )),
        "{screen}"
    );
    assert!(
        screen.contains(&format!("{} reviews", before + 1)),
        "{screen}"
    );

    // Opened: who it is assigned to, and by whom.
    let at = row_ids(&screen)
        .iter()
        .position(|id| *id == review)
        .expect("the row");
    for _ in 0..at {
        d.keys(&["j"]);
    }
    d.keys(&["Enter"]);
    // The row names the assignee at once; the read names who assigned it.
    let open = d.wait_for("the review read", |s| {
        s.contains("Assigned to demo-reviewer2, by demo-lead")
    });
    assert!(open.contains(&format!("#{review} ")), "{open}");
    d.keys(&["Escape"]);
    d.wait_for("the list", |s| s.contains("mine · kind: all"));
    d.keys(&["q"]);
    assert_eq!(wait_exit(&d), "0");
}
