//! The real `kefu` binary in a pseudo-terminal (tmux) on the embedded back office, signed in
//! as demo-reviewer: it opens the review of HK/Macau permit H12345678, claims it, ticks the
//! checklist, approves with a reason after the confirmation screen; then the account shows
//! manual_passed on the server.

use std::path::Path;

use kefu::api::{AccountQuery, Verification};
use kefu::client::{Client, ClientOptions};

mod support;
use support::server::Server;
use support::{launch_desk, wait_exit};

async fn story(db: &Path) -> (i64, i64) {
    // The first server on the desk's demo store seeds it, as the desk would.
    let server = Server::on_file(db, &["--seed-demo"]);
    let client = Client::new(ClientOptions::new(&server.url)).unwrap();
    client.sign_in("demo-reviewer", "kefu-demo").await.unwrap();
    let acc = client
        .accounts(&AccountQuery {
            id_number: Some("H12345678".into()),
            ..AccountQuery::default()
        })
        .await
        .unwrap()
        .items
        .remove(0);
    let detail = client.account(acc.id).await.unwrap();
    drop(server);
    (acc.id, detail.reviews[0].id)
}

#[tokio::test(flavor = "multi_thread")]
async fn reviewer_approves_the_hk_macau_permit_review_in_a_real_terminal() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    for d in ["config/kefu", "data/kefu", "runtime"] {
        std::fs::create_dir_all(h.join(d)).unwrap();
    }
    // Half blocks: the test must not depend on the graphics protocol of the terminal.
    std::fs::write(
        h.join("config/kefu/config.toml"),
        "[ui]\nimage_protocol = \"halfblocks\"\n",
    )
    .unwrap();
    // Seed the desk's demo store first, to learn the story's ids.
    let db = h.join("data/kefu/kefu-demo.db");
    let (account, review) = story(&db).await;

    let tmux = launch_desk(
        h,
        &format!("kefu-rv-e2e-{}", std::process::id()),
        &["--as", "demo-reviewer"],
        (120, 40),
        None,
    );
    // A reviewer starts on the reviews pane.
    tmux.wait_for("the desk", |s| {
        s.contains("Kind") && s.contains("demo-reviewer")
    });

    // The reviews pane, filtered to HK/Macau permits.
    tmux.keys(&["3"]);
    tmux.wait_for("the review queue", |s| {
        s.contains("Kind") && s.contains("Applicant") && s.contains('▶')
    });
    tmux.keys(&["D", "D", "D"]);
    tmux.wait_for("the permit filter", |s| {
        s.contains("document: HK/MO permit") && s.contains('▶')
    });
    let wanted = format!("#{review} ");
    let mut steps = 0;
    loop {
        let screen = tmux.screen();
        let row = screen
            .lines()
            .find(|l| l.starts_with('▶'))
            .unwrap_or("")
            .to_string();
        if row.starts_with(&format!("▶{wanted}")) {
            break;
        }
        assert!(
            steps < 200,
            "review {review} not found in the queue:\n{screen}"
        );
        tmux.keys(&["j"]);
        steps += 1;
        tmux.wait_for("the selection to move", |s| {
            s.lines().find(|l| l.starts_with('▶')).unwrap_or("") != row
        });
    }
    tmux.keys(&["Enter"]);
    tmux.wait_for("the review", |s| {
        s.contains("Checklist")
            && s.contains("Document photo")
            && s.contains(&format!("#{review} "))
    });
    // Claim, tick the four items, decide.
    tmux.keys(&["c"]);
    tmux.wait_for("the claim", |s| s.contains("Claimed for 15 minutes"));
    for i in 0..4 {
        tmux.keys(&["Space"]);
        if i < 3 {
            tmux.keys(&["j"]);
        }
    }
    tmux.wait_for("every item ticked", |s| s.matches("[x]").count() == 4);
    tmux.keys(&["d"]);
    tmux.wait_for("the decision form", |s| s.contains("Decision ("));
    tmux.keys(&["Enter"]);
    tmux.wait_for("the reasons", |s| {
        s.contains("Documents, photos and record match")
    });
    tmux.keys(&["Enter"]);
    tmux.wait_for("the comment field", |s| {
        s.contains("Comment to the applicant")
    });
    tmux.text("Your documents were accepted.");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the note field", |s| s.contains("Internal note"));
    tmux.text("permit and selfie match");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the confirmation", |s| {
        s.contains("Send this decision?") && s.contains("documents_match")
    });
    tmux.keys(&["y"]);
    tmux.wait_for("the outcome", |s| {
        s.contains("Decision recorded.") && s.contains("manual passed")
    });
    tmux.keys(&["q"]);
    assert_eq!(wait_exit(&tmux), "0");

    // On the server: the account passed the manual review.
    let server = Server::on_file(&db, &[]);
    let client = Client::new(ClientOptions::new(&server.url)).unwrap();
    client.sign_in("demo-lead", "kefu-demo").await.unwrap();
    let acc = client.account(account).await.unwrap();
    let r = client.review(review).await.unwrap();
    drop(server);
    assert_eq!(acc.summary.verification, Verification::ManualPassed);
    assert_eq!(r.summary.state, kefu::api::ReviewState::Approved);
    assert_eq!(
        r.decisions.last().map(|d| d.reviewer.as_str()),
        Some("demo-reviewer")
    );
}
