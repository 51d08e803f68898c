//! Four eyes across two real desks (tmux) on one back office: demo-reviewer gives a phone
//! rebind its first approval and keeps the review open; demo-reviewer2, on a second desk,
//! claims it and gives the second approval at once (no lapsed claim to wait for). The
//! first approver's desk offers no claim or form and says why.

use std::path::Path;

use kefu::api::{ReviewQuery, ReviewState};
use kefu::client::{Client, ClientOptions};

mod support;
use support::server::Server;
use support::{claim_and_approve, select_review, signed_in_desk, Tmux};

/// A desk on `url` signed in as `operator` through the sign-in form, on the reviews pane
/// filtered to phone rebinds.
fn reviewer_desk(h: &Path, url: &str, operator: &str) -> Tmux {
    // A reviewer starts on the reviews pane.
    let tmux = signed_in_desk(
        h,
        url,
        operator,
        "4eyes",
        "[ui]\nimage_protocol = \"halfblocks\"\n",
        "Applicant",
    );
    tmux.keys(&["3"]);
    tmux.wait_for("the review list", |s| {
        s.contains("Applicant") && s.contains('▶')
    });
    tmux.keys(&["K", "K"]);
    tmux.wait_for("the rebind filter", |s| {
        s.contains("kind: phone rebind") && s.contains('▶')
    });
    tmux.keys(&["r"]);
    tmux
}

fn open(tmux: &Tmux, review: i64) -> String {
    select_review(tmux, review);
    tmux.keys(&["Enter"]);
    tmux.wait_for("the review", |s| {
        s.contains(&format!("#{review} ")) && s.contains("Document photo")
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn the_second_reviewer_approves_a_rebind_at_once_and_the_first_gets_no_form() {
    let server = Server::start();
    let api = Client::new(ClientOptions::new(&server.url)).unwrap();
    api.sign_in("demo-lead", "kefu-demo").await.unwrap();
    // A pending rebind with nothing against it (the demo has rebinds of frozen accounts).
    let page = api
        .reviews(&ReviewQuery {
            kind: Some("phone_rebind".into()),
            state: Some("pending".into()),
            limit: Some(50),
            ..ReviewQuery::default()
        })
        .await
        .unwrap();
    assert!(!page.items.is_empty(), "the demo has pending phone rebinds");
    let mut review = None;
    for r in &page.items {
        if api.review(r.id).await.unwrap().signals.is_empty() {
            review = Some(r.id);
            break;
        }
    }
    let review = review.expect("a pending rebind without signals");

    let (home1, home2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let first = reviewer_desk(home1.path(), &server.url, "demo-reviewer");
    let second = reviewer_desk(home2.path(), &server.url, "demo-reviewer2");

    // The first approval; the first desk stays on the review.
    let screen = open(&first, review);
    assert!(screen.contains("Checklist"), "{screen}");
    claim_and_approve(&first, "first approval", "documents match");
    let screen = first.wait_for("the first approval's outcome", |s| {
        s.contains("review now 2nd approval")
    });
    assert!(!screen.contains(" c claim"), "{screen}");
    // The first approver pressing claim again is told why, and nothing is sent.
    first.keys(&["c"]);
    first.wait_for("the four-eyes reason", |s| {
        s.contains("you gave the first approval")
    });

    // The second desk claims and approves at once.
    second.keys(&["r"]);
    let screen = open(&second, review);
    assert!(screen.contains("Checklist"), "{screen}");
    assert!(screen.contains("first approver: demo-reviewer"), "{screen}");
    claim_and_approve(&second, "second approval", "confirmed by phone");

    let r = api.review(review).await.unwrap();
    assert_eq!(r.summary.state, ReviewState::Approved);
    let reviewers: Vec<&str> = r.decisions.iter().map(|d| d.reviewer.as_str()).collect();
    assert_eq!(reviewers, ["demo-reviewer", "demo-reviewer2"]);
}
