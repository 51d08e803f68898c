//! The call flow in the real `kefu` binary in a pseudo-terminal (tmux) on the embedded
//! back office: a call started while another ticket is open and spent on 张伟's account
//! (found by his number, as the demo stories do) is wrapped up with `H`, a code and a
//! typed summary, and lands on 张伟's ticket (checked over the back office's HTTP); `q`
//! and Ctrl-C during a call ask and `n` keeps the desk; a desk killed (SIGKILL) during a
//! call offers the call back on the next start, and wrapping it up logs it once.

mod support;

use std::path::Path;
use std::process::Command;

use kefu::api::TicketEventKind;
use kefu::client::{Client, ClientOptions};
use support::server::Server;
use support::{
    desk_pid, look_up_locked_caller, open_first_ticket, quit_cleanly, start_desk, wait_exit, Tmux,
};

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

fn kill_desk(tmux: &Tmux) {
    let pid = desk_pid(tmux);
    let ok = Command::new("sh")
        .args(["-c", &format!("kill -KILL {pid}")])
        .status()
        .expect("sh runs")
        .success();
    assert!(ok, "kill -KILL {pid}");
    assert_eq!(wait_exit(tmux), "137", "killed, not exited");
}

fn draft_files(h: &Path) -> Vec<std::path::PathBuf> {
    let root = h.join("data/kefu/drafts");
    let mut out = Vec::new();
    for dir in std::fs::read_dir(root).into_iter().flatten().flatten() {
        for f in std::fs::read_dir(dir.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            out.push(f.path());
        }
    }
    out
}

/// The embedded back office's database, served over HTTP, signed in as demo-agent.
async fn back_office(h: &Path) -> (Server, Client) {
    let server = Server::on_file(&h.join("data/kefu/kefu-demo.db"), &[]);
    let client = Client::new(ClientOptions::new(&server.url)).unwrap();
    client.sign_in("demo-agent", "kefu-demo").await.unwrap();
    (server, client)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_call_spent_on_zhang_weis_account_lands_on_his_ticket_with_its_summary() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let tmux = start_desk(h, &format!("kefu-call-e2e-{}", std::process::id()));

    // Another customer's ticket is open when the phone rings.
    let opened = open_first_ticket(&tmux);
    tmux.keys(&["P"]);
    tmux.wait_for("the call bar", |s| {
        s.contains("Caller's number: [▏]") && s.contains(&format!("will be logged on #{opened}"))
    });
    tmux.keys(&["Escape"]);

    // The agent finds 张伟 by his number in the lookup pane: the call follows him.
    let card = look_up_locked_caller(&tmux);
    let zhang = number_after(&card, "▶ #");
    assert_ne!(zhang, opened, "the open ticket is another customer's");
    let bar = tmux.wait_for("the call bar on 张伟's ticket", |s| {
        s.contains(&format!("will be logged on #{zhang} ("))
    });
    assert!(!bar.contains(&format!("#{opened} ")), "{bar}");
    tmux.keys(&["Escape"]);
    tmux.wait_for("the card focused", |s| s.contains("unlock the account"));

    // H: the wrap-up form; "Information given" needs a summary.
    tmux.keys(&["H"]);
    tmux.wait_for("the wrap-up form", |s| {
        s.contains("Wrap-up ·") && s.contains("Information given (required)")
    });
    tmux.keys(&["j", "Enter"]);
    tmux.wait_for("the summary", |s| s.contains("Summary (required)"));
    tmux.keys(&["C-s"]);
    tmux.wait_for("the summary asked for", |s| {
        s.contains("A summary is required")
    });
    let summary = format!("告知解锁时间 e2e {}", std::process::id());
    tmux.text(&summary);
    tmux.wait_for("the summary typed", |s| s.contains("e2e"));
    tmux.keys(&["C-s"]);
    tmux.wait_for("the call logged", |s| {
        s.contains(&format!("Call logged on ticket #{zhang}."))
    });
    quit_cleanly(&tmux, h);
    drop(tmux);

    let (server, client) = back_office(h).await;
    let on_zhang = client.ticket(zhang).await.unwrap();
    let on_opened = client.ticket(opened).await.unwrap();
    drop(server);
    let calls: Vec<_> = on_zhang
        .events
        .iter()
        .filter(|e| e.kind == TicketEventKind::Call && e.body.contains(&summary))
        .collect();
    assert_eq!(calls.len(), 1, "{:#?}", on_zhang.events);
    assert!(calls[0].body.contains("info_given"), "{}", calls[0].body);
    assert!(
        !on_opened.events.iter().any(|e| e.body.contains(&summary)),
        "nothing on the ticket that was open: {:#?}",
        on_opened.events
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn q_and_ctrl_c_during_a_call_ask_and_a_killed_desk_offers_the_call_back() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let socket = |n: u32| format!("kefu-call-kill-{}-{n}", std::process::id());

    // 1. A call from 张伟's number; q asks, n keeps the desk and the call; Ctrl-C too.
    let tmux = start_desk(h, &socket(1));
    tmux.wait_for("the queue", |s| s.contains("Subject") && s.contains('▶'));
    tmux.keys(&["P"]);
    tmux.wait_for("the number asked", |s| s.contains("Caller's number: [▏]"));
    tmux.text("13800138000");
    tmux.keys(&["Enter"]);
    let bar = tmux.wait_for("the call on 张伟's ticket", |s| {
        s.contains("138****8000") && s.contains("will be logged on #")
    });
    let zhang = number_after(&bar, "will be logged on #");
    tmux.keys(&["q"]);
    tmux.wait_for("the question", |s| {
        s.contains("A call is running. Quit anyway?")
    });
    tmux.keys(&["n"]);
    tmux.wait_for("the desk still there", |s| {
        !s.contains("Quit anyway?") && s.contains("Call 00:")
    });
    assert!(
        !h.join("exit").exists(),
        "n keeps the desk running: {}",
        tmux.screen()
    );
    // Ctrl-C asks the same question (it used to quit at once and cut the call off).
    tmux.keys(&["C-c"]);
    tmux.wait_for("the question after Ctrl-C", |s| {
        s.contains("A call is running. Quit anyway?")
    });
    tmux.keys(&["n"]);
    tmux.wait_for("the desk still there after Ctrl-C", |s| {
        !s.contains("Quit anyway?") && s.contains("Call 00:")
    });
    assert!(
        !h.join("exit").exists(),
        "n after Ctrl-C keeps the desk running: {}",
        tmux.screen()
    );

    // 2. SIGKILL in the middle of the call: the call is kept on disk.
    kill_desk(&tmux);
    drop(tmux);
    let files = draft_files(h);
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].ends_with("call.json"), "{files:?}");

    // 3. Next start: offered back; y opens its wrap-up, Ctrl-S logs it on 张伟's ticket.
    std::fs::remove_file(h.join("exit")).unwrap();
    let tmux = start_desk(h, &socket(2));
    tmux.wait_for("the call offered back", |s| {
        s.contains("was cut off") && s.contains("138****8000")
    });
    tmux.keys(&["y"]);
    tmux.wait_for("its wrap-up form", |s| {
        s.contains(&format!("Wrap-up · will be logged on #{zhang}"))
    });
    tmux.keys(&["Enter"]);
    tmux.wait_for("the summary", |s| s.contains("Summary (optional)"));
    tmux.keys(&["C-s"]);
    tmux.wait_for("the call logged", |s| {
        s.contains(&format!("Call logged on ticket #{zhang}."))
    });
    quit_cleanly(&tmux, h);
    drop(tmux);
    assert!(draft_files(h).is_empty(), "a logged call leaves no draft");

    let (server, client) = back_office(h).await;
    let t = client.ticket(zhang).await.unwrap();
    drop(server);
    let resolved: Vec<_> = t
        .events
        .iter()
        .filter(|e| e.kind == TicketEventKind::Call && e.body.contains("resolved"))
        .collect();
    assert_eq!(resolved.len(), 1, "{:#?}", t.events);
    assert_eq!(t.calls.len(), 1, "{:#?}", t.calls);
    assert_eq!(t.calls[0].caller_phone.as_deref(), Some("138****8000"));
}
