//! What the desk writes for a review's photos, byte for byte: the real `kefu` desk in a
//! pseudo-terminal on the embedded demo back office (demo-reviewer, 120×40), every byte it
//! writes captured (tmux `pipe-pane`), `ui.image_protocol` forced.
//!
//! - a redraw with the same photos, area and protocol writes no image bytes (sixel, kitty,
//!   iTerm2): ticking the checklist twice and moving its cursor re-sends nothing;
//! - kitty's stream follows the protocol's rules (no kitty terminal runs here, see the
//!   README): APC `ESC _G…ESC \` chunks of at most 4096 base64 bytes, `m=1` on every chunk
//!   but an image's last, `m=0` on that one, the first naming the image, and on leaving the
//!   review every kitty image is deleted (`a=d,d=A`);
//! - a terminal that never answers a query (here a `script` pseudo-terminal whose other end
//!   answers nothing) still gets the photos, in half blocks, and loses no key press.

mod support;

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use support::Tmux;

/// Where an image's escape sequence starts, per protocol.
const SIXEL: &[u8] = b"\x1bP";
const KITTY: &[u8] = b"\x1b_G";
const ITERM2: &[u8] = b"\x1b]1337;File=";

/// The end of a frame (the desk wraps each in synchronized output).
const FRAME_END: &[u8] = b"\x1b[?2026l";

fn count(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}

/// The desk (demo-reviewer, 120×40) with `protocol` forced, every byte it writes kept in
/// `home/raw`, on the reviews pane.
fn desk(home: &Path, socket: &str, protocol: &str) -> Tmux {
    for d in ["config/kefu", "data", "runtime"] {
        std::fs::create_dir_all(home.join(d)).unwrap();
    }
    std::fs::write(
        home.join("config/kefu/config.toml"),
        format!("[ui]\nimage_protocol = \"{protocol}\"\n"),
    )
    .unwrap();
    let tmux = Tmux {
        socket: format!("{socket}-{}", std::process::id()),
        dir: home.to_path_buf(),
    };
    // Not seen as inside tmux (TERM_PROGRAM, TMUX unset): the desk writes its images
    // as to the terminal itself, not wrapped for tmux's passthrough.
    let script = format!(
        "env -u TMUX -u TERM_PROGRAM HOME={h} XDG_CONFIG_HOME={h}/config \
         XDG_DATA_HOME={h}/data XDG_RUNTIME_DIR={h}/runtime LANG=en_US.UTF-8 \
         TERM=xterm-256color {bin} --as demo-reviewer 2>{h}/stderr; sleep 600",
        h = home.display(),
        bin = env!("CARGO_BIN_EXE_kefu"),
    );
    tmux.cmd(&[
        "new-session",
        "-d",
        "-s",
        "e2e",
        "-x",
        "120",
        "-y",
        "40",
        "sh",
        "-c",
        "read _; exec sh -c \"$0\"",
        &script,
    ]);
    tmux.cmd(&[
        "pipe-pane",
        "-t",
        "e2e",
        "-o",
        &format!("cat >> {}", home.join("raw").display()),
    ]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("the review list", |s| s.contains("Kind") && s.contains('▶'));
    tmux
}

fn raw(home: &Path) -> Vec<u8> {
    std::fs::read(home.join("raw")).unwrap_or_default()
}

/// Wait until the captured bytes satisfy `ok` (the capture trails the screen a little).
fn wait_raw(home: &Path, what: &str, ok: impl Fn(&[u8]) -> bool) -> Vec<u8> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let r = raw(home);
        if ok(&r) {
            return r;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Open the first review and claim it; returns the captured bytes once both photos are
/// written (`images` image sequences in all).
fn open_and_claim(tmux: &Tmux, home: &Path, start: &[u8], images: usize) -> Vec<u8> {
    tmux.keys(&["Enter"]);
    tmux.wait_for("the review", |s| s.contains("Checklist"));
    tmux.keys(&["c"]);
    tmux.wait_for("the claim", |s| s.contains("Claimed for 15 minutes"));
    wait_raw(home, "both photos", |r| count(r, start) >= images)
}

/// Tick the first item, untick it and move the cursor: three redraws of the same photos.
fn redraw_thrice(tmux: &Tmux, home: &Path) {
    let frames = count(&raw(home), FRAME_END);
    tmux.keys(&["Space"]);
    tmux.wait_for("the tick", |s| s.contains("[x]"));
    tmux.keys(&["Space"]);
    tmux.wait_for("the untick", |s| !s.contains("[x]"));
    tmux.keys(&["j", "Space"]);
    tmux.wait_for("the second item ticked", |s| {
        s.contains("[ ] Document legible") && s.contains("[x] Face matches")
    });
    // The screen shows the last state; the capture has the frames that drew it.
    wait_raw(home, "the redraws' frames", |r| {
        count(r, FRAME_END) >= frames + 3
    });
}

fn no_resend(protocol: &str, start: &[u8], images: usize) {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let tmux = desk(h, &format!("kefu-rt-{protocol}"), protocol);
    let opened = open_and_claim(&tmux, h, start, images);
    assert_eq!(count(&opened, start), images, "{protocol}: each photo once");
    redraw_thrice(&tmux, h);
    let after = raw(h);
    assert!(after.len() > opened.len(), "{protocol}: the redraws wrote");
    assert_eq!(
        count(&after[opened.len()..], start),
        0,
        "{protocol}: a redraw re-sent an image"
    );
    tmux.keys(&["Escape", "q"]);
}

#[test]
fn a_redraw_never_resends_a_sixel_image() {
    no_resend("sixel", SIXEL, 2);
}

#[test]
fn a_redraw_never_resends_an_iterm2_image() {
    no_resend("iterm2", ITERM2, 2);
}

/// Every kitty graphics command in `bytes`: its control keys and its payload.
fn kitty_commands(bytes: &[u8]) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(p) = find(&bytes[i..], KITTY) {
        let start = i + p + KITTY.len();
        let end = start + find(&bytes[start..], b"\x1b\\").expect("a terminated command");
        let body = String::from_utf8_lossy(&bytes[start..end]).into_owned();
        let (keys, payload) = body.split_once(';').unwrap_or((&body, ""));
        out.push((keys.to_string(), payload.len()));
        i = end + 2;
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn kitty_images_follow_the_protocol_are_sent_once_and_deleted_on_leaving() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let tmux = desk(h, "kefu-rt-kitty", "kitty");
    // Two images, each ending in an `m=0` chunk.
    let opened = open_and_claim(&tmux, h, b"m=0;", 2);
    // The start-up query (`a=q`, a one-pixel probe) aside: the images' transmission.
    let cmds: Vec<_> = kitty_commands(&opened)
        .into_iter()
        .filter(|(keys, _)| !keys.split(',').any(|k| k == "a=q"))
        .collect();
    assert!(cmds.len() >= 2, "{} kitty commands", cmds.len());
    let mut images = 0;
    let mut in_image = false;
    for (keys, payload) in &cmds {
        assert!(
            *payload <= 4096,
            "a chunk of {payload} base64 bytes: {keys}"
        );
        let k: Vec<&str> = keys.split(',').collect();
        if !in_image {
            // The first chunk transmits and places (virtually) a whole image by id.
            for want in ["a=T", "U=1", "f=32"] {
                assert!(k.contains(&want), "first chunk without {want}: {keys}");
            }
            assert!(k.iter().any(|x| x.starts_with("i=")), "no image id: {keys}");
        } else {
            assert!(!k.contains(&"a=T"), "a new image before m=0: {keys}");
        }
        match (k.contains(&"m=1"), k.contains(&"m=0")) {
            (true, false) => in_image = true,
            (false, true) => {
                in_image = false;
                images += 1;
            }
            _ => panic!("a chunk without m=0 or m=1: {keys}"),
        }
    }
    assert!(!in_image, "the last image was left open");
    assert_eq!(images, 2, "the document and the selfie, once each");

    redraw_thrice(&tmux, h);
    let after = raw(h);
    assert_eq!(
        count(&after[opened.len()..], KITTY),
        0,
        "kitty: a redraw re-sent an image"
    );

    // Leaving the review deletes every kitty image.
    let before_leave = after.len();
    tmux.keys(&["Escape"]);
    tmux.wait_for("the list", |s| {
        s.contains("Kind") && !s.contains("Checklist")
    });
    wait_raw(h, "the deletion", |r| {
        count(&r[before_leave..], b"\x1b_Ga=d,d=A\x1b\\") == 1
    });
    tmux.keys(&["q"]);
}

/// The desk in a `script` pseudo-terminal whose other end (this test) answers no query,
/// `TERM=xterm-kitty` (a terminal worth asking), `image_protocol = "auto"`.
struct Mute {
    child: std::process::Child,
    out: Arc<Mutex<Vec<u8>>>,
}

impl Mute {
    fn start(home: &Path) -> Mute {
        for d in ["config/kefu", "data", "runtime"] {
            std::fs::create_dir_all(home.join(d)).unwrap();
        }
        std::fs::write(
            home.join("config/kefu/config.toml"),
            "[ui]\nlanguage = \"en\"\n",
        )
        .unwrap();
        let h = home.display();
        let inner = format!(
            "stty rows 40 cols 120; exec env HOME={h} XDG_CONFIG_HOME={h}/config \
             XDG_DATA_HOME={h}/data XDG_RUNTIME_DIR={h}/runtime LANG=en_US.UTF-8 \
             TERM=xterm-kitty {bin} --as demo-reviewer 2>{h}/stderr",
            bin = env!("CARGO_BIN_EXE_kefu")
        );
        let mut child = Command::new("script")
            .args(["-qfec", &inner, "/dev/null"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("script runs");
        let out = Arc::new(Mutex::new(Vec::new()));
        let mut stdout = child.stdout.take().expect("script's output");
        let sink = out.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Mute { child, out }
    }

    fn written(&self) -> Vec<u8> {
        self.out.lock().unwrap().clone()
    }

    fn key(&mut self, k: &[u8]) {
        let stdin = self.child.stdin.as_mut().expect("script's input");
        stdin.write_all(k).unwrap();
        stdin.flush().unwrap();
    }

    /// Wait until the output after byte `from` satisfies `ok`.
    fn wait(&self, what: &str, from: usize, ok: impl Fn(&[u8]) -> bool) -> usize {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let w = self.written();
            if ok(&w[from.min(w.len())..]) {
                return w.len();
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; last output: {:?}",
                String::from_utf8_lossy(&w[w.len().saturating_sub(600)..])
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Mute {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_terminal_that_never_answers_gets_half_blocks_and_loses_no_key() {
    let home = tempfile::tempdir().unwrap();
    let mut desk = Mute::start(home.path());
    let asked = desk.wait("the status query", 0, |w| count(w, b"\x1b[5n") >= 1);
    let listed = desk.wait("the review list", asked, |w| count(w, b"Kind") >= 1);
    // The first key after the unanswered query opens the review (no reader ate it).
    desk.key(b"\r");
    let opened = desk.wait("the review", listed, |w| count(w, b"Checklist") >= 1);
    desk.key(b"c");
    let drawn = desk.wait("both photos in half blocks", opened, |w| {
        count(w, "▀".as_bytes()) > 100
    });
    let w = desk.written();
    assert!(
        count(&w, b"half blocks") >= 1,
        "the review says half blocks"
    );
    assert_eq!(
        count(&w, SIXEL),
        0,
        "no sixel to a terminal that never answered"
    );
    assert_eq!(count(&w, KITTY), 0, "no kitty graphics either");
    assert_eq!(
        count(&w, b"\x1b_Gi=31"),
        0,
        "the graphics query was not sent"
    );
    desk.key(b"\x1b");
    desk.wait("the list again", drawn, |w| count(w, b"Kind") >= 1);
    desk.key(b"q");
    let st = desk.child.wait().expect("the desk exits");
    assert!(st.success(), "exit: {st:?}");
}
