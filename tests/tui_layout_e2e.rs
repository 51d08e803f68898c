//! Layout at 80×24 in the real `kefu` binary in a pseudo-terminal (tmux) on the embedded
//! back office: during a call, the account card's footer offers `l` (log the call here)
//! first, with whole keys only; the queue's subject keeps at least 16 cells.

mod support;

use support::{launch_desk, look_up_locked_caller};

#[test]
fn at_80x24_the_card_offers_l_during_a_call_and_the_queue_gives_the_subject_room() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let tmux = launch_desk(
        h,
        &format!("kefu-layout-e2e-{}", std::process::id()),
        &[],
        (80, 24),
        None,
    );
    let queue = tmux.wait_for("the queue", |s| s.contains("Subject") && s.contains('▶'));
    // The subject's column runs from its header to the customer's (it had 10 cells before
    // the widths came from the content).
    let header = queue
        .lines()
        .find(|l| l.contains("Subject"))
        .unwrap()
        .to_string();
    let at = |name: &str| {
        header
            .find(name)
            .unwrap_or_else(|| panic!("{name} in {header:?}"))
    };
    let subject = at("Customer") - at("Subject");
    assert!(subject >= 16, "the subject has {subject} cells: {header:?}");

    look_up_locked_caller(&tmux);
    tmux.keys(&["Escape"]);
    tmux.wait_for("the card focused", |s| s.contains("unlock the account"));
    tmux.keys(&["P"]);
    tmux.wait_for("the call bar", |s| s.contains("Caller's number"));
    tmux.text("13800138000");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the call on the card", |s| {
        s.contains("138****8000 ·") && s.lines().last().is_some_and(|l| l.contains(" l "))
    });
    let footer = screen.lines().last().unwrap();
    assert!(
        footer.starts_with(" l "),
        "`l` comes first in the footer: {footer:?}"
    );
    assert!(footer.contains("? "), "help keeps its place: {footer:?}");
    assert!(!footer.trim_end().ends_with('…'), "no cut key: {footer:?}");
    assert_eq!(screen.lines().count(), 24, "{screen}");
}
