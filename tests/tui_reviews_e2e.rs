//! The real `kefu` binary in a pseudo-terminal (tmux) on the embedded back office, signed in
//! as demo-reviewer: it opens the review of HK/Macau permit H12345678, claims it, ticks the
//! checklist, approves with a reason after the confirmation screen; then the account shows
//! manual_passed on the server.

use std::path::Path;

use kefu::api::{AccountQuery, Verification};
use kefu::client::{Client, ClientOptions};

mod support;
use support::server::Server;
use support::{claim_and_approve, launch_desk, select_review, wait_exit};

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

/// A reviewer's desk (demo-reviewer, 120×40, half blocks) on its own seeded demo store,
/// started on the reviews pane; with the HK/Macau permit story's account and review ids.
async fn reviewer_desk(home: &Path, socket: &str) -> (support::Tmux, i64, i64) {
    for d in ["config/kefu", "data/kefu", "runtime"] {
        std::fs::create_dir_all(home.join(d)).unwrap();
    }
    // Half blocks: the test must not depend on the graphics protocol of the terminal.
    std::fs::write(
        home.join("config/kefu/config.toml"),
        "[ui]\nimage_protocol = \"halfblocks\"\n",
    )
    .unwrap();
    // Seed the desk's demo store first, to learn the story's ids.
    let (account, review) = story(&home.join("data/kefu/kefu-demo.db")).await;
    let tmux = launch_desk(
        home,
        &format!("{socket}-{}", std::process::id()),
        &["--as", "demo-reviewer"],
        (120, 40),
        None,
    );
    // A reviewer starts on the reviews pane.
    tmux.wait_for("the desk", |s| {
        s.contains("Kind") && s.contains("demo-reviewer")
    });
    (tmux, account, review)
}

#[tokio::test(flavor = "multi_thread")]
async fn reviewer_approves_the_hk_macau_permit_review_in_a_real_terminal() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let db = h.join("data/kefu/kefu-demo.db");
    let (tmux, account, review) = reviewer_desk(h, "kefu-rv-e2e").await;

    // The reviews pane, filtered to HK/Macau permits.
    tmux.keys(&["3"]);
    tmux.wait_for("the review queue", |s| {
        s.contains("Kind") && s.contains("Applicant") && s.contains('▶')
    });
    tmux.keys(&["D", "D", "D"]);
    tmux.wait_for("the permit filter", |s| {
        s.contains("document: HK/MO permit") && s.contains('▶')
    });
    select_review(&tmux, review);
    tmux.keys(&["Enter"]);
    tmux.wait_for("the review", |s| {
        s.contains("Checklist")
            && s.contains("Document photo")
            && s.contains(&format!("#{review} "))
    });
    // Claim, tick the four items, approve.
    claim_and_approve(
        &tmux,
        "Your documents were accepted.",
        "permit and selfie match",
    );
    // The review and the account are read again after the decision is recorded.
    tmux.wait_for("the new states", |s| {
        s.contains("manual passed") && s.contains("review now approved")
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

#[tokio::test(flavor = "multi_thread")]
async fn every_review_is_reachable_by_a_burst_of_moves_and_by_search() {
    let home = tempfile::tempdir().unwrap();
    let (tmux, _, review) = reviewer_desk(home.path(), "kefu-rv-reach").await;
    tmux.keys(&["3"]);
    let screen = tmux.wait_for("the review list with its position", |s| {
        s.contains("Applicant") && s.contains(" · 1/")
    });
    let total: usize = screen
        .split(" · 1/")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("the total after the position");
    assert!(
        total > 140,
        "the demo has more than 140 open reviews: {total}"
    );
    // 140 moves in one burst: the second page is read on the way, no move is lost.
    let burst = vec!["j"; 140];
    tmux.keys(&burst);
    tmux.wait_for("row 141", |s| s.contains(&format!(" · 141/{total}")));

    // Search by the permit number, in another spelling.
    tmux.keys(&["/"]);
    tmux.wait_for("the search bar", |s| s.contains("Find review:"));
    tmux.text("h1234 5678");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the permit's review", |s| {
        s.contains("search: h1234 5678") && s.contains(&format!("▶#{review} "))
    });
    assert!(screen.contains("HK/MO permit H"), "{screen}");
    assert!(screen.contains(" · 1/1"), "{screen}");
    tmux.keys(&["q"]);
    assert_eq!(wait_exit(&tmux), "0");
}

/// Lines of a captured screen that carry half blocks (the drawn photos).
fn photo_rows(screen: &str) -> usize {
    screen
        .lines()
        .filter(|l| l.contains('▀') || l.contains('▄'))
        .count()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_photos_zoom_to_the_pane_and_the_numbers_are_revealed_in_the_review() {
    let home = tempfile::tempdir().unwrap();
    let (tmux, _, review) = reviewer_desk(home.path(), "kefu-rv-zoom").await;
    tmux.keys(&["3"]);
    tmux.wait_for("the review list", |s| {
        s.contains("Applicant") && s.contains('▶')
    });
    tmux.keys(&["/"]);
    tmux.wait_for("the search bar", |s| s.contains("Find review:"));
    tmux.text("H12345678");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the permit's review", |s| {
        s.contains(&format!("▶#{review} ")) && s.contains(" · 1/1")
    });
    tmux.keys(&["Enter"]);
    tmux.wait_for("the review", |s| {
        s.contains("Checklist") && s.contains("Document photo")
    });
    tmux.keys(&["c"]);
    // In the review, at 120×40, the photos take the rows the text leaves.
    let screen = tmux.wait_for("the photos", |s| {
        s.contains("Claimed for 15 minutes") && photo_rows(s) >= 15
    });
    assert!(screen.contains("Record to match"), "{screen}");
    let text_before: Vec<String> = screen
        .lines()
        .filter(|l| l.starts_with("Applicant") || l.starts_with("Document "))
        .map(|l| {
            l.split('│')
                .next()
                .unwrap_or_default()
                .trim_end()
                .to_string()
        })
        .collect();
    assert_eq!(text_before.len(), 2, "{screen}");

    // The pane is the screen less the title, the tabs and the footer: 37 rows.
    let pane = 37;
    let most = pane * 70 / 100;
    tmux.keys(&["z"]);
    let screen = tmux.wait_for("the zoomed document", |s| {
        s.contains("Document photo · z next") && photo_rows(s) >= most
    });
    assert!(!screen.contains("Selfie"), "{screen}");
    assert!(!screen.contains("Checklist"), "{screen}");
    tmux.keys(&["z"]);
    let screen = tmux.wait_for("the zoomed selfie", |s| {
        s.contains("Selfie · z next") && photo_rows(s) >= most
    });
    assert!(!screen.contains("Document photo"), "{screen}");
    tmux.keys(&["z"]);
    let screen = tmux.wait_for("both photos on the pane", |s| {
        s.contains("Document photo · z next") && s.contains("Selfie") && photo_rows(s) >= pane / 2
    });
    assert!(!screen.contains("Checklist"), "{screen}");
    tmux.keys(&["Escape"]);
    let screen = tmux.wait_for("the review again", |s| {
        s.contains("Checklist") && s.contains("Record to match") && !s.contains("z next")
    });
    for line in &text_before {
        assert!(screen.contains(line.as_str()), "{line:?} lost:\n{screen}");
    }

    // The submitted document's number in full: which, why, then 30 s on screen.
    assert!(!screen.contains("H12345678"), "masked before: {screen}");
    tmux.keys(&["v"]);
    tmux.wait_for("which number", |s| s.contains("Which number?"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("why", |s| {
        s.contains("Why show the submitted document's number?")
    });
    tmux.text("comparing the permit");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the number in full", |s| s.contains("H12345678 ("));
    assert!(screen.contains("Checklist"), "{screen}");
    tmux.keys(&["q"]);
    assert_eq!(wait_exit(&tmux), "0");
}
