//! Links in the real `kefu` binary in a pseudo-terminal (tmux) on the embedded back
//! office: the locked caller's ticket found in the queue by its number (`/ #id`), `A`
//! from it to the caller's account, Enter on the card's ticket line, and Esc back the way
//! it came (card, then ticket, then the ticket's own Esc to the queue).

mod support;

use support::{look_up_locked_caller, quit_cleanly, selected_row, start_desk};

/// The number written right after the first `marker` on the screen.
fn number_after(screen: &str, marker: &str) -> i64 {
    screen
        .split(marker)
        .nth(1)
        .map(|r| {
            r.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        })
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no number after {marker:?} on screen:\n{screen}"))
}

#[test]
fn from_a_ticket_to_its_account_and_back_the_same_way() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let tmux = start_desk(h, &format!("kefu-links-e2e-{}", std::process::id()));
    tmux.wait_for("the queue", |s| s.contains("Subject") && s.contains('▶'));

    // The locked caller's account and its open ticket (the card's first ticket line).
    let card = look_up_locked_caller(&tmux);
    let account = number_after(&card, "Account #");
    let ticket = number_after(&card, "▶ #");

    // The queue finds that ticket by its number, whatever its status.
    tmux.keys(&["Escape"]);
    tmux.wait_for("the card focused", |s| s.contains("unlock the account"));
    tmux.keys(&["1"]);
    tmux.wait_for("the queue", |s| s.contains("Subject"));
    tmux.keys(&["/"]);
    tmux.wait_for("the filter bar", |s| s.contains("Filter:"));
    tmux.keys(&["C-u"]);
    tmux.text(&format!("#{ticket}"));
    tmux.keys(&["Enter"]);
    let queue = tmux.wait_for("only that ticket", |s| {
        s.contains("page 1 · 1 tickets")
            && selected_row(s)
                .trim_start_matches('▶')
                .split_whitespace()
                .next()
                == Some(ticket.to_string().as_str())
    });
    assert!(
        queue.contains(&format!("/ #{ticket}")),
        "the filter shown: {queue}"
    );

    // Open it, then `A`: the caller's account.
    tmux.keys(&["Enter"]);
    let at_ticket =
        move |s: &str| s.contains(&format!("Ticket #{ticket}")) && s.contains("Timeline");
    tmux.wait_for("the ticket", at_ticket);
    tmux.keys(&["A"]);
    let at_card =
        move |s: &str| s.contains(&format!("Account #{account}")) && s.contains("[locked]");
    tmux.wait_for("the account card", at_card);

    // Enter on the card's ticket line: the ticket.
    tmux.keys(&["Enter"]);
    tmux.wait_for("the ticket from the card", at_ticket);

    // Esc walks back: the card, then the ticket, then the ticket's own Esc to the queue.
    tmux.keys(&["Escape"]);
    tmux.wait_for("back on the card", at_card);
    tmux.keys(&["Escape"]);
    tmux.wait_for("back on the ticket", at_ticket);
    tmux.keys(&["Escape"]);
    tmux.wait_for("the queue again", |s| {
        s.contains("Subject") && !s.contains("Ticket #")
    });

    quit_cleanly(&tmux, h);
}
