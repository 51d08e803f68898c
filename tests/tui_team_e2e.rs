//! The supervisor's pane across real desks (tmux) on one back office: demo-lead's desk
//! shows the team on pane 4, opens a ticket found by its number and assigns it to
//! demo-agent with a reason; demo-agent's desk, on its "mine" view, is told at once and
//! shows the ticket there within seconds. An agent's and a reviewer's desks have no
//! fourth pane.

use std::path::Path;
use std::time::Duration;

use kefu::api::TicketQuery;
use kefu::client::{Client, ClientOptions};

mod support;
use support::server::Server;
use support::{selected_row, signed_in_desk, Tmux};

/// A desk on `url` signed in as `operator` through the sign-in form.
fn desk(h: &Path, url: &str, operator: &str) -> Tmux {
    signed_in_desk(h, url, operator, "team", "", "1 Queue")
}

/// The tab line (second line of the screen).
fn tabs(screen: &str) -> String {
    screen.lines().nth(1).unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_lead_assigns_a_ticket_and_the_agent_sees_it_under_mine() {
    let server = Server::start();
    let api = Client::new(ClientOptions::new(&server.url)).unwrap();
    api.sign_in("demo-lead", "kefu-demo").await.unwrap();
    // An open ticket nobody holds or was assigned.
    let page = api
        .tickets(&TicketQuery {
            status: Some("open".into()),
            assignee: Some("none".into()),
            limit: Some(1),
            ..TicketQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1, "the demo has unclaimed open tickets");
    let ticket = page.items[0].id;

    let homes: Vec<tempfile::TempDir> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let agent = desk(homes[0].path(), &server.url, "demo-agent");
    let reviewer = desk(homes[1].path(), &server.url, "demo-reviewer");
    let lead = desk(homes[2].path(), &server.url, "demo-lead");

    // No fourth pane for the agent and the reviewer: no tab, and `4` changes nothing.
    for (who, d) in [("agent", &agent), ("reviewer", &reviewer)] {
        let before = d.screen();
        assert!(
            tabs(&before).contains("3 Reviews") && !tabs(&before).contains("4 "),
            "{who}: {before}"
        );
        d.keys(&["4"]);
        d.keys(&["Tab", "Tab", "Tab"]);
        let after = d.wait_for("three tabs round", |s| {
            tabs(s) == tabs(&before) && !s.contains("Oldest item held")
        });
        assert!(!tabs(&after).contains("Team"), "{who}: {after}");
    }

    // The agent watches their own tickets: wait for that page, not just its label.
    let mine = api
        .tickets(&TicketQuery {
            status: Some("new,open,pending_customer,pending_review".into()),
            assignee: Some("demo-agent".into()),
            limit: Some(1),
            ..TicketQuery::default()
        })
        .await
        .unwrap()
        .total;
    agent.keys(&["m"]);
    agent.wait_for("the mine view", |s| {
        s.contains("view: mine") && s.contains(&format!("page 1 · {mine} tickets"))
    });
    assert!(
        !agent.screen().lines().any(|l| l
            .trim_start_matches(['▶', ' '])
            .starts_with(&format!("{ticket} "))),
        "ticket {ticket} is not the agent's yet"
    );

    // The lead's team board, live.
    let lead_tabs = tabs(&lead.screen());
    assert!(lead_tabs.contains("4 Team"), "{lead_tabs}");
    lead.keys(&["4"]);
    let board = lead.wait_for("the team board", |s| {
        s.contains("[b Team]") && s.contains("demo-agent") && s.contains("Oldest item held")
    });
    assert!(board.contains("demo-reviewer"), "{board}");
    // Every sub-view reads the real back office (an answer it could not read would put
    // ✕ and the error on the status line).
    for (key, what, shows) in [
        ("w", "the SLA watch", "Tickets due today by hour"),
        ("e", "the escalations", "[e Escalations]"),
        ("u", "the audit browser", "rows · no filter"),
        ("!", "the alerts", "[! Alerts"),
    ] {
        lead.keys(&[key]);
        let screen = lead.wait_for(what, |s| s.contains(shows) && !s.contains("Loading"));
        assert!(!screen.contains(" ✕ "), "{what}: {screen}");
    }
    lead.keys(&["u"]);
    let audit = lead.wait_for("audit rows", |s| s.contains("what changed"));
    assert!(!audit.contains(" ✕ "), "{audit}");

    // Find the ticket by its number, open it, assign it with a reason.
    lead.keys(&["1"]);
    lead.wait_for("the queue", |s| s.contains("Subject"));
    lead.keys(&["/"]);
    lead.wait_for("the filter bar", |s| s.contains("Filter:"));
    lead.keys(&["C-u"]);
    lead.text(&format!("#{ticket}"));
    lead.keys(&["Enter"]);
    lead.wait_for("only that ticket", |s| {
        selected_row(s)
            .trim_start_matches('▶')
            .split_whitespace()
            .next()
            == Some(ticket.to_string().as_str())
    });
    lead.keys(&["Enter"]);
    lead.wait_for("the ticket", |s| {
        s.contains(&format!("Ticket #{ticket}")) && s.contains("Timeline")
    });
    lead.keys(&["G"]);
    lead.wait_for("the assignment form", |s| s.contains("Why (audited)"));
    lead.text("demo-agent");
    lead.keys(&["Tab"]);
    lead.text("小林熟悉此类问题");
    lead.keys(&["Enter"]);
    lead.wait_for("the assignment done", |s| {
        s.contains(&format!("ticket #{ticket} assigned to demo-agent"))
            && s.contains("assigned to demo-agent")
    });

    // The agent's desk: told live, and the ticket under "mine" within seconds.
    let screen = agent.wait_within("the ticket under mine", Duration::from_secs(5), |s| {
        s.lines().any(|l| {
            l.trim_start_matches(['▶', ' '])
                .starts_with(&format!("{ticket} "))
        })
    });
    assert!(screen.contains("view: mine"), "{screen}");
    assert!(
        screen.contains(&format!("demo-lead assigned ticket #{ticket} to you")),
        "{screen}"
    );

    // The back office agrees, and audited it with the reason.
    let t = api.ticket(ticket).await.unwrap();
    assert_eq!(t.summary.assigned_to.as_deref(), Some("demo-agent"));
}
