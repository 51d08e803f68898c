//! The lookup pane of the real `kefu` binary in a pseudo-terminal (tmux) on the embedded
//! back office: look up `+86 138 0013 8000`, see the lock, unlock it with a reason; then
//! the account is active on the server and the audit trail holds the unlock and its reason.

mod support;

use kefu::api::{AccountState, AuditEntry, Page};
use kefu::client::{Client, ClientOptions};
use support::server::Server;
use support::{look_up_locked_caller, quit_cleanly, start_desk};

#[tokio::test(flavor = "multi_thread")]
async fn look_up_the_locked_caller_and_unlock_with_a_reason() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let tmux = start_desk(h, &format!("kefu-lookup-e2e-{}", std::process::id()));
    tmux.wait_for("the queue", |s| s.contains("Subject") && s.contains('▶'));

    // The lookup pane, with the number as the caller says it.
    let screen = look_up_locked_caller(&tmux);
    let id: i64 = screen
        .split("Account #")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("account number on screen");

    // Unlock with a typed reason.
    tmux.keys(&["Escape"]);
    tmux.wait_for("the results focused", |s| s.contains("unlock the account"));
    tmux.keys(&["U"]);
    tmux.wait_for("the unlock form", |s| s.contains("Unlock the account"));
    let reason = format!("e2e: caller verified by ID last 4 ({})", std::process::id());
    tmux.text(&reason);
    tmux.keys(&["Enter"]);
    tmux.wait_for("the unlock confirmation", |s| {
        s.contains("Account unlocked.") && s.contains("[active]")
    });

    quit_cleanly(&tmux, h);

    // On the server: active, and the audit trail holds the unlock with that reason.
    let db = h.join("data/kefu/kefu-demo.db");
    let server = Server::on_file(&db, &[]);
    let url = server.url.clone();
    let client = Client::new(ClientOptions::new(&url)).unwrap();
    let lead = client.sign_in("demo-lead", "kefu-demo").await.unwrap();
    let account = client.account(id).await.unwrap();
    assert_eq!(account.summary.state, AccountState::Active);
    assert!(account.lock.is_none(), "{:?}", account.lock);
    let audit: Page<AuditEntry> = reqwest::Client::new()
        .get(format!("{url}/api/v1/audit"))
        .query(&[("target", format!("account:{id}"))])
        .bearer_auth(&lead.token)
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json()
        .await
        .unwrap();
    drop(server);
    let unlock = audit
        .items
        .iter()
        .find(|e| e.action == "account.unlock")
        .unwrap_or_else(|| panic!("no unlock in the audit trail: {:#?}", audit.items));
    assert_eq!(unlock.reason.as_deref(), Some(reason.as_str()));
    assert_eq!(unlock.operator, "demo-agent");
}
