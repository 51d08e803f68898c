//! `kefu config check` on scoped key bindings, through the real binary: one key in two
//! scopes is fine, a clash inside one scope and an unknown name are refused by name and
//! line, the flat `[keybindings]` table still works, and the desk refuses to start on a
//! refused file.

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// `kefu args…` with its dirs under `h`, no terminal, and `KEFU_CONFIG` set to `config`.
fn kefu(h: &Path, config: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kefu"))
        .args(args)
        .env("HOME", h)
        .env("XDG_CONFIG_HOME", h.join("config"))
        .env("XDG_DATA_HOME", h.join("data"))
        .env("XDG_RUNTIME_DIR", h.join("runtime"))
        .env("KEFU_CONFIG", config)
        .env_remove("KEFU_API_URL")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// `kefu config check` (on `KEFU_CONFIG`) of a file holding `toml`: exit status and output.
fn check(toml: &str) -> (bool, String, String) {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("config.toml");
    std::fs::write(&path, toml).unwrap();
    let out = kefu(home.path(), &path, &["config", "check"]);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn one_key_in_two_scopes_is_ok() {
    let (ok, out, err) =
        check("[keybindings.lookup]\nunlock = \"x\"\n\n[keybindings.review]\nzoom = \"x\"\n");
    assert!(ok, "{err}");
    assert!(out.trim_end().ends_with(": ok"), "{out}");
}

#[test]
fn a_clash_in_one_scope_is_refused_naming_both_bindings_the_key_and_the_lines() {
    let (ok, out, err) = check(
        "[ui]\ntheme = \"mono\"\n\n[keybindings.ticket]\nnote = \"m\"\nreply = [\"a\", \"m\"]\n",
    );
    assert!(!ok, "{out}");
    assert!(err.contains("config.toml:6:"), "{err}");
    // Said once (not again as the cause of itself).
    assert_eq!(
        err.matches("`m` is bound twice in scope `ticket`").count(),
        1,
        "{err}"
    );
    assert!(
        err.contains("`ticket.note` (line 5)") && err.contains("`ticket.reply` (line 6)"),
        "{err}"
    );
}

#[test]
fn an_unknown_name_is_refused_by_name_with_the_valid_ones() {
    let (ok, out, err) = check("[keybindings.review]\ndecid = \"D\"\n");
    assert!(!ok, "{out}");
    assert!(
        err.contains("config.toml:2:") && err.contains("`keybindings.review.decid`"),
        "{err}"
    );
    assert!(
        err.contains("`decid` is not a binding of [keybindings.review]"),
        "{err}"
    );
    assert!(err.contains("decide") && err.contains("zoom"), "{err}");
}

#[test]
fn the_flat_table_still_takes_the_global_and_queue_keys() {
    let (ok, out, err) = check("[keybindings]\nquit = [\"q\", \"ctrl-q\"]\nrefresh = \"R\"\n");
    assert!(ok, "{err}");
    assert!(out.trim_end().ends_with(": ok"), "{out}");
    // A key of another pane in the flat table is refused with where it goes.
    let (ok, _, err) = check("[keybindings]\nunlock = \"u\"\n");
    assert!(!ok);
    assert!(err.contains("put it under [keybindings.lookup]"), "{err}");
}

#[test]
fn the_desk_refuses_to_start_on_a_clash() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("config.toml");
    std::fs::write(&path, "[keybindings.modal]\nyes = \"o\"\nno = \"o\"\n").unwrap();
    let out = kefu(home.path(), &path, &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(
        err.contains("`o` is bound twice in scope `modal`")
            && err.contains("`modal.yes` (line 2)")
            && err.contains("`modal.no` (line 3)"),
        "{err}"
    );
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("\x1b[?1049h"),
        "no alternate screen"
    );
}

#[test]
fn a_missing_file_is_said_once() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("absent.toml");
    let out = kefu(home.path(), &path, &["config", "check"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches("No such file or directory").count(), 1, "{err}");
    assert!(err.contains("absent.toml"), "{err}");
}

#[test]
fn the_command_line_names_the_config_file_over_the_environment() {
    let home = tempfile::tempdir().unwrap();
    let given = home.path().join("given.toml");
    std::fs::write(&given, "[ui]\ntheme = \"mono\"\n").unwrap();
    // KEFU_CONFIG names a file that does not exist: --config wins over it.
    let absent = home.path().join("absent.toml");
    let out = kefu(
        home.path(),
        &absent,
        &["--config", given.to_str().unwrap(), "config", "check"],
    );
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("given.toml: ok"), "{stdout}");
    let help = kefu(home.path(), &absent, &["--help"]);
    let help = String::from_utf8_lossy(&help.stdout);
    for flag in ["--config <FILE>", "--api-url <URL>", "--lang <zh-CN|en>"] {
        assert!(help.contains(flag), "{help}");
    }
    assert!(help.contains("overrides KEFU_API_URL"), "{help}");
}

#[test]
fn the_image_size_limit_is_checked() {
    let (ok, out, err) = check("[ui]\nimage_max_kib = 16\n");
    assert!(ok, "{err}");
    assert!(out.trim_end().ends_with(": ok"), "{out}");
    let (ok, out, err) = check("[ui]\nimage_max_kib = 1\n");
    assert!(!ok, "{out}");
    assert!(
        err.contains("image_max_kib") && err.contains("0 (no limit) or 2 to 65536"),
        "{err}"
    );
}
