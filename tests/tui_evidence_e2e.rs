//! Evidence from the agent's desk to the reviewer's, two real `kefu` desks in tmux on one
//! back office (the demo store of one, shared by the other): demo-agent opens a phone
//! rebind on the story account, attaches the ID scan from a file path completed with Tab
//! and sees its thumbnail; demo-reviewer opens the review, is told to claim it to see the
//! images, claims it, and the document photo is drawn (half blocks).

use std::path::Path;

mod support;
use support::server::Server;
use support::{launch_desk, selected_row, wait_exit, Tmux};

/// The demo store seeded once, as the first desk would (both desks then share it).
fn seed(db: &Path) {
    drop(Server::on_file(db, &["--seed-demo"]));
}

/// Whether the screen shows half-block pixels (what an image drawn in half blocks is made of).
fn has_pixels(screen: &str) -> bool {
    screen.contains('▀') || screen.contains('▄')
}

fn quit(tmux: &Tmux, h: &Path) {
    tmux.keys(&["Escape"]);
    tmux.keys(&["q"]);
    assert_eq!(
        wait_exit(tmux),
        "0",
        "stderr: {}",
        std::fs::read_to_string(h.join("stderr")).unwrap_or_default()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_agent_attaches_a_scan_to_a_rebind_and_the_reviewer_sees_it_after_claiming() {
    let home = tempfile::tempdir().unwrap();
    let (agent_home, reviewer_home) = (home.path().join("agent"), home.path().join("reviewer"));
    for h in [&agent_home, &reviewer_home] {
        std::fs::create_dir_all(h.join("config/kefu")).unwrap();
        std::fs::create_dir_all(h.join("data")).unwrap();
        // Half blocks: the test must not depend on the graphics protocol of the terminal.
        std::fs::write(
            h.join("config/kefu/config.toml"),
            "[ui]\nimage_protocol = \"halfblocks\"\n",
        )
        .unwrap();
    }
    std::fs::create_dir_all(agent_home.join("data/kefu")).unwrap();
    // One back office: the reviewer's desk opens the agent's demo store (its own server
    // on the same SQLite file; writes show on the other within a poll).
    std::os::unix::fs::symlink(
        agent_home.join("data/kefu"),
        reviewer_home.join("data/kefu"),
    )
    .unwrap();
    seed(&agent_home.join("data/kefu/kefu-demo.db"));
    // The scan the caller sent, on the agent's host.
    let scans = agent_home.join("scans");
    std::fs::create_dir_all(&scans).unwrap();
    std::fs::write(
        scans.join("id-card-front.png"),
        kefu::tui::fixtures::reviews::png(480, 300, false),
    )
    .unwrap();
    std::fs::write(scans.join("notes.txt"), "not an image").unwrap();

    let pid = std::process::id();
    let agent = launch_desk(
        &agent_home,
        &format!("kefu-ev-agent-{pid}"),
        &["--as", "demo-agent"],
        (120, 40),
        None,
    );
    agent.wait_for("the agent's desk", |s| {
        s.contains("Subject") && s.contains("demo-agent")
    });
    agent.keys(&["2"]);
    agent.wait_for("the lookup input", |s| s.contains("Look up ["));
    agent.text("13900139000");
    agent.wait_for("the story account's card", |s| s.contains("Account #"));
    agent.keys(&["Escape"]);
    agent.wait_for("the card's keys", |s| s.contains("phone rebind review"));
    agent.keys(&["b"]);
    agent.wait_for("the rebind form", |s| s.contains("Phone rebind review"));
    agent.text("18600004444");
    agent.keys(&["Enter"]);
    agent.wait_for("the scan box asked for", |s| {
        s.contains("Tick that the ID scan")
    });
    agent.keys(&["Space"]);
    agent.keys(&["Enter"]);
    let screen = agent.wait_for("the attach form on the new review", |s| {
        s.contains("Evidence for phone rebind review #") && s.contains("Nothing attached yet")
    });
    let review: i64 = screen
        .split("review #")
        .nth(1)
        .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .expect("the review number in the form's title");
    // Tab completes the path on the agent's host.
    agent.text(&format!("{}/id", scans.display()));
    agent.keys(&["Tab"]);
    agent.wait_for("the completed path", |s| s.contains("id-card-front.png"));
    agent.keys(&["Enter"]);
    let screen = agent.wait_for("the attached scan and its thumbnail", |s| {
        s.contains(&format!("Document attached to review #{review}")) && has_pixels(s)
    });
    assert!(!screen.contains("not an image"), "{screen}");

    let reviewer = launch_desk(
        &reviewer_home,
        &format!("kefu-ev-reviewer-{pid}"),
        &["--as", "demo-reviewer"],
        (120, 40),
        None,
    );
    reviewer.wait_for("the reviewer's desk", |s| {
        // A reviewer starts on the reviews pane.
        s.contains("Applicant") && s.contains("demo-reviewer")
    });
    reviewer.keys(&["3"]);
    reviewer.wait_for("the review queue", |s| {
        s.contains("Applicant") && s.contains('▶')
    });
    reviewer.keys(&["K", "K"]);
    reviewer.wait_for("the rebind filter", |s| {
        s.contains("kind: phone rebind") && s.contains('▶')
    });
    let wanted = format!("▶#{review} ");
    let mut steps = 0;
    loop {
        let screen = reviewer.screen();
        let row = selected_row(&screen);
        if row.starts_with(&wanted) {
            break;
        }
        assert!(steps < 200, "review {review} not in the queue:\n{screen}");
        reviewer.keys(&["j"]);
        steps += 1;
        reviewer.wait_for("the selection to move", |s| selected_row(s) != row);
    }
    reviewer.keys(&["Enter"]);
    let screen = reviewer.wait_for("the review, its images behind the claim", |s| {
        s.contains(&format!("#{review} ")) && s.contains("Claim the review (c) to see its images")
    });
    assert!(!has_pixels(&screen), "no image before the claim:\n{screen}");
    reviewer.keys(&["c"]);
    reviewer.wait_for("the claimed review with the attached document drawn", |s| {
        s.contains("Claimed for 15 minutes") && has_pixels(s)
    });

    quit(&reviewer, &reviewer_home);
    quit(&agent, &agent_home);
}
