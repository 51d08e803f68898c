//! Files that hold a secret and that others could read are refused with the fix spelled
//! out, as ssh does with keys: a config whose `api.url` carries a password, and the kept
//! session token. Through the real `kefu` binary.

mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use kefu::client::{Client, ClientOptions};
use support::server::Server;
use support::{start_desk, wait_exit};

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn mode_of(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// `kefu args…` with its dirs under `h`, no terminal, and `KEFU_CONFIG` if given.
fn kefu(h: &Path, config: Option<&Path>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kefu"));
    cmd.args(args)
        .env("HOME", h)
        .env("XDG_CONFIG_HOME", h.join("config"))
        .env("XDG_DATA_HOME", h.join("data"))
        .env("XDG_RUNTIME_DIR", h.join("runtime"))
        .env_remove("KEFU_API_URL")
        .env_remove("KEFU_CONFIG")
        .stdin(Stdio::null());
    if let Some(c) = config {
        cmd.env("KEFU_CONFIG", c);
    }
    cmd.output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn a_config_with_a_password_that_others_can_read_is_refused_with_the_fix() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let path = h.join("config.toml");
    std::fs::write(&path, "[api]\nurl = \"https://u:p@kefu.example.cn\"\n").unwrap();
    let p = path.to_str().unwrap();

    for (mode, shown) in [(0o644, "0644"), (0o640, "0640"), (0o604, "0604")] {
        chmod(&path, mode);
        // `kefu config check` says what is wrong and how to fix it.
        let out = kefu(h, None, &["config", "check", p]);
        let err = text(&out.stderr);
        assert!(!out.status.success(), "{mode:o}: {err}");
        assert!(err.contains("UNPROTECTED SECRET FILE"), "{err}");
        assert!(
            err.contains(&format!("permissions {shown} for {p}")),
            "{err}"
        );
        assert!(err.contains(&format!("chmod 600 {p}")), "{err}");
    }

    // The desk refuses to start on it, before touching the terminal.
    chmod(&path, 0o644);
    let out = kefu(h, Some(&path), &[]);
    let err = text(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(
        err.contains("UNPROTECTED SECRET FILE") && err.contains(&format!("chmod 600 {p}")),
        "{err}"
    );
    assert!(
        !text(&out.stdout).contains("\x1b[?1049h"),
        "no alternate screen"
    );

    // Fixed as told: accepted.
    chmod(&path, 0o600);
    let out = kefu(h, None, &["config", "check", p]);
    let said = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        said.contains("holds a secret") && said.contains(": ok"),
        "{said}"
    );

    // Without a secret, the mode does not matter.
    std::fs::write(&path, "[api]\nurl = \"https://kefu.example.cn\"\n").unwrap();
    chmod(&path, 0o644);
    let out = kefu(h, None, &["config", "check", p]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_kept_token_that_others_can_read_is_not_used() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let db = h.join("kefu.db");
    let server = Server::on_file(&db, &["--seed-demo"]);
    let url = server.url.clone();

    // A valid session token, kept where the desk looks for it, but readable by others.
    let client = Client::new(ClientOptions::new(&url)).unwrap();
    let leaked = client
        .sign_in("demo-agent", "kefu-demo")
        .await
        .unwrap()
        .token;
    for d in ["config/kefu", "data", "runtime/kefu"] {
        std::fs::create_dir_all(h.join(d)).unwrap();
    }
    let config = h.join("config/kefu/config.toml");
    std::fs::write(
        &config,
        format!("operator = \"demo-agent\"\n[api]\nurl = \"{url}\"\nkeep_token = true\n"),
    )
    .unwrap();
    let token_file = kefu::config::token_path(&h.join("runtime/kefu"), &url);
    std::fs::write(&token_file, &leaked).unwrap();
    chmod(&token_file, 0o644);

    // `kefu config check` reports it.
    let out = kefu(h, None, &["config", "check"]);
    let err = text(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(
        err.contains("permissions 0644")
            && err.contains(&format!("chmod 600 {}", token_file.display())),
        "{err}"
    );

    // The desk does not use it: it asks for a sign-in and says why.
    let tmux = start_desk(h, &format!("kefu-secret-e2e-{}", std::process::id()));
    let screen = tmux.wait_for("the sign-in form with the reason", |s| {
        s.contains("Password") && s.contains("kept session token") && s.contains("0644")
    });
    assert!(
        !screen.contains("Subject"),
        "the queue must not show:\n{screen}"
    );
    // A token others could read may have been copied: its session is ended on the server.
    let exposed = Client::new(ClientOptions::new(&url)).unwrap();
    exposed.set_token(Some(leaked.clone()));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        match exposed.me().await {
            Err(e) if e.is_unauthorized() => break,
            other => assert!(
                std::time::Instant::now() < deadline,
                "the exposed token still works: {other:?}"
            ),
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    tmux.text("kefu-demo");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the queue", |s| s.contains("Subject") && s.contains('▶'));
    // The new token replaced the old file, private this time.
    let kept = std::fs::read_to_string(&token_file).unwrap();
    assert_ne!(kept.trim(), leaked, "a new session, not the leaked one");
    assert_eq!(mode_of(&token_file), 0o600);
    tmux.keys(&["q"]);
    assert_eq!(wait_exit(&tmux), "0");
    drop(tmux);
    std::fs::remove_file(h.join("exit")).unwrap();

    // A private token is used: the next start goes straight to the queue.
    let tmux = start_desk(h, &format!("kefu-secret-e2e2-{}", std::process::id()));
    let screen = tmux.wait_for("the queue without a sign-in", |s| {
        s.contains("Subject") && s.contains('▶')
    });
    assert!(!screen.contains("Password"), "{screen}");
    tmux.keys(&["q"]);
    assert_eq!(wait_exit(&tmux), "0");

    drop(server);
}
