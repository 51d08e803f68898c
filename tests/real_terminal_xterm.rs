//! The desk's photos in a real sixel terminal: `xterm -ti vt340` on a virtual X server
//! (Xvfb), `ui.image_protocol = "sixel"`, signed in to the embedded demo back office as
//! demo-reviewer. It opens the first review, claims it (photos are shown to the claimer) and
//! takes screenshots (`import` from ImageMagick): each photo box (found by its border
//! lines) must hold its photo (compared with the PNG the server serves, scaled to the area
//! drawn); after `z` the document alone fills a larger area over the pane; after `Esc` the
//! review's text is intact; after leaving the review no image is left behind (the areas
//! hold only the few flat colours of text). Keys go in with `xdotool`; the test waits on
//! xterm's log of what the desk wrote and on the screenshots themselves, never on a fixed
//! delay.
//!
//! Needs Xvfb, xterm, ImageMagick and xdotool (`.ci/run` installs them); without them the
//! test prints why and passes.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use image::{imageops, RgbImage};
use kefu::client::{Client, ClientOptions, ReviewImage};
use kefu::tui::panes::reviews::state::ReviewFilter;
use support::server::Server;

const COLS: u32 = 120;
const ROWS: u32 = 40;
/// Mean difference per channel (0–255) under which an area shows the photo. Here the
/// photos drawn in sixel measured 2.5 (document) and 0.8 (selfie); the same areas in half
/// blocks (one cell = two pixels of the photo) 16.5 and 9.1; a blank area has no
/// photo-shaped box at all.
const SAME_PHOTO: f64 = 5.0;

/// A program started by the test, ended (by its id) when dropped.
struct Started(Child);

impl Drop for Started {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn on_path(bin: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(bin).is_file()))
}

fn wait_until(what: &str, within: Duration, mut ok: impl FnMut() -> bool) {
    let deadline = Instant::now() + within;
    while !ok() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A virtual X server on a free display number.
fn xvfb() -> (Started, String) {
    let mut n = 90 + std::process::id() % 400;
    while Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
        || Path::new(&format!("/tmp/.X{n}-lock")).exists()
    {
        n += 1;
    }
    let display = format!(":{n}");
    let child = Command::new("Xvfb")
        .args([&display, "-screen", "0", "1024x768x24", "-nolisten", "tcp"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb starts");
    let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
    wait_until("the X server", Duration::from_secs(20), || socket.exists());
    (Started(child), display)
}

/// The desk as a terminal shows it: xterm's window, its log and the display.
struct Xterm {
    _term: Started,
    display: String,
    window: String,
    log: PathBuf,
}

impl Xterm {
    fn start(display: &str, home: &Path) -> Xterm {
        let log = home.join("xterm.log");
        let h = home.display();
        let term = Command::new("xterm")
            .args(["-ti", "vt340"])
            // Sixel colour: a VT340's registers, 256 of them (xterm's default is 16).
            .args(["-xrm", "XTerm*decTerminalID: vt340"])
            .args(["-xrm", "XTerm*numColorRegisters: 256"])
            .args(["-xrm", "XTerm*internalBorder: 0", "-b", "0"])
            // The core "fixed" font draws text in flat colours (no antialiasing).
            .args(["-fn", "fixed", "-bg", "black", "-fg", "white"])
            .args(["-geometry", &format!("{COLS}x{ROWS}+0+0")])
            .args(["-l", "-lf"])
            .arg(&log)
            .arg("-e")
            .arg("env")
            .arg(format!("HOME={h}"))
            .arg(format!("XDG_CONFIG_HOME={h}/config"))
            .arg(format!("XDG_DATA_HOME={h}/data"))
            .arg(format!("XDG_RUNTIME_DIR={h}/runtime"))
            .arg("LANG=en_US.UTF-8")
            .arg(env!("CARGO_BIN_EXE_kefu"))
            .args(["--as", "demo-reviewer"])
            .env("DISPLAY", display)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("xterm starts");
        let term = Started(term);
        let mut window = String::new();
        wait_until("xterm's window", Duration::from_secs(20), || {
            let out = Command::new("xdotool")
                .args(["search", "--class", "xterm"])
                .env("DISPLAY", display)
                .output()
                .expect("xdotool runs");
            window = String::from_utf8_lossy(&out.stdout)
                .lines()
                .next()
                .unwrap_or("")
                .to_string();
            !window.is_empty()
        });
        Xterm {
            _term: term,
            display: display.to_string(),
            window,
            log,
        }
    }

    fn logged(&self) -> Vec<u8> {
        std::fs::read(&self.log).unwrap_or_default()
    }

    /// Wait until the desk has written `needle` `times` times in all.
    fn wait_written(&self, what: &str, needle: &[u8], times: usize) {
        wait_until(what, Duration::from_secs(60), || {
            count(&self.logged(), needle) >= times
        });
    }

    fn key(&self, key: &str) {
        let st = Command::new("xdotool")
            .args(["windowfocus", "--sync", &self.window, "key", key])
            .env("DISPLAY", &self.display)
            .status()
            .expect("xdotool runs");
        assert!(st.success(), "xdotool key {key}");
    }

    fn screenshot(&self) -> RgbImage {
        let path = self.log.with_file_name("shot.png");
        let st = Command::new("import")
            .args(["-window", &self.window])
            .arg(&path)
            .env("DISPLAY", &self.display)
            .status()
            .expect("import runs");
        assert!(st.success(), "import -window {}", self.window);
        image::open(&path).expect("a PNG screenshot").to_rgb8()
    }

    /// Take screenshots until `ok` holds for one (returned), for up to 30 s.
    fn shot_until(&self, what: &str, ok: impl Fn(&RgbImage) -> bool) -> RgbImage {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let shot = self.screenshot();
            if ok(&shot) {
                return shot;
            }
            if Instant::now() > deadline {
                let keep = std::env::temp_dir().join("kefu-xterm-failed.png");
                let _ = shot.save(&keep);
                panic!(
                    "timed out waiting for {what} (last screenshot: {})",
                    keep.display()
                );
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

fn count(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}

/// A rectangle of pixels: x, y, width, height.
type Area = (u32, u32, u32, u32);

/// The smallest rectangle inside `within` holding every pixel that is not the black
/// background (none: the area is blank).
fn drawn_box(shot: &RgbImage, within: Area) -> Option<Area> {
    let (x0, y0, w, h) = within;
    let (mut lx, mut ly, mut hx, mut hy) = (u32::MAX, u32::MAX, 0, 0);
    for y in y0..(y0 + h).min(shot.height()) {
        for x in x0..(x0 + w).min(shot.width()) {
            if shot.get_pixel(x, y).0 != [0, 0, 0] {
                (lx, ly, hx, hy) = (lx.min(x), ly.min(y), hx.max(x), hy.max(y));
            }
        }
    }
    (lx <= hx).then(|| (lx, ly, hx - lx + 1, hy - ly + 1))
}

/// The colour of the boxes' borders: the first pixel drawn from the left in the first row
/// inside (the left border's line).
fn border_colour(shot: &RgbImage) -> Option<[u8; 3]> {
    let ch = shot.height() / ROWS;
    (0..shot.width())
        .map(|x| shot.get_pixel(x, 3 * ch + ch / 2).0)
        .find(|p| *p != [0, 0, 0])
}

/// The insides of the photo boxes, left to right: between vertical border lines (pixel
/// columns at most 2 wide in the border's colour through rows 3–6), from under the top
/// border down to the bottom one (a pixel row in the border's colour across the box's
/// left half).
fn photo_boxes(shot: &RgbImage) -> Vec<Area> {
    let ch = shot.height() / ROWS;
    let Some(border) = border_colour(shot) else {
        return Vec::new();
    };
    let line = |x: u32| (3 * ch..7 * ch).all(|y| shot.get_pixel(x, y).0 == border);
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for x in (0..shot.width()).filter(|x| line(*x)) {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == x => *end = x,
            _ => runs.push((x, x)),
        }
    }
    runs.retain(|(a, b)| b - a < 2);
    runs.chunks_exact(2)
        .map(|pair| {
            let (x0, x1) = (pair[0].1 + 1, pair[1].0);
            let y0 = 3 * ch;
            // The left half only: the lower border names the protocol at its right end.
            let across =
                |y: u32| (x0..x0 + (x1 - x0) / 2).all(|x| shot.get_pixel(x, y).0 == border);
            let bottom = (y0..shot.height())
                .find(|y| across(*y))
                .unwrap_or(shot.height());
            // Leave out the cell row of the bottom border.
            (x0, y0, x1 - x0, (bottom - y0).saturating_sub(ch / 2))
        })
        .collect()
}

/// Mean difference per channel between the screenshot's `area` and the photo scaled to it.
fn difference(shot: &RgbImage, area: Area, photo: &RgbImage) -> f64 {
    let (x, y, w, h) = area;
    let scaled = imageops::resize(photo, w, h, imageops::FilterType::Triangle);
    let mut sum = 0u64;
    for (dx, dy, p) in scaled.enumerate_pixels() {
        let s = shot.get_pixel(x + dx, y + dy);
        for c in 0..3 {
            sum += u64::from(p.0[c].abs_diff(s.0[c]));
        }
    }
    sum as f64 / f64::from(w * h * 3)
}

/// Distinct colours in `area` (text in a core font: a handful; a photo: hundreds).
fn colours(shot: &RgbImage, area: Area) -> usize {
    let (x0, y0, w, h) = area;
    let mut seen = std::collections::HashSet::new();
    for y in y0..y0 + h {
        for x in x0..x0 + w {
            seen.insert(shot.get_pixel(x, y).0);
        }
    }
    seen.len()
}

/// Where the photo is in `within` and how far it is from `photo`: the drawn box, its
/// difference, and whether it has the photo's shape (aspect within 10 %).
fn photo_in(shot: &RgbImage, within: Area, photo: &RgbImage) -> Option<(Area, f64)> {
    let b = drawn_box(shot, within)?;
    let aspect = |w: u32, h: u32| f64::from(w) / f64::from(h);
    let want = aspect(photo.width(), photo.height());
    if (aspect(b.2, b.3) - want).abs() / want > 0.1 || b.2 < 40 {
        return None;
    }
    Some((b, difference(shot, b, photo)))
}

/// The PNGs of the first review the desk lists (seeding the desk's demo store first).
async fn first_review_photos(db: &Path) -> (i64, RgbImage, RgbImage) {
    let server = Server::on_file(db, &["--seed-demo"]);
    let client = Client::new(ClientOptions::new(&server.url)).unwrap();
    // A supervisor sees every review's images without claiming it.
    client.sign_in("demo-lead", "kefu-demo").await.unwrap();
    let page = client
        .reviews(&ReviewFilter::default().query())
        .await
        .unwrap();
    assert!(!page.items.is_empty(), "the demo has open reviews");
    let id = page.items[0].id;
    let get = |which| {
        let c = &client;
        async move {
            let png = c.review_image(id, which).await.unwrap();
            image::load_from_memory(&png).unwrap().to_rgb8()
        }
    };
    let (doc, selfie) = (
        get(ReviewImage::Document).await,
        get(ReviewImage::Selfie).await,
    );
    drop(server);
    (id, doc, selfie)
}

#[tokio::test(flavor = "multi_thread")]
async fn sixel_photos_in_xterm_are_the_photos_and_leave_no_debris() {
    let missing: Vec<&str> = ["Xvfb", "xterm", "import", "xdotool"]
        .into_iter()
        .filter(|b| !on_path(b))
        .collect();
    if !missing.is_empty() {
        // CI installs them and sets KEFU_REQUIRE_REAL_TERMINAL: there a skip would be a
        // silent pass, so it fails instead.
        assert!(
            std::env::var_os("KEFU_REQUIRE_REAL_TERMINAL").is_none(),
            "KEFU_REQUIRE_REAL_TERMINAL is set but these are missing: {}",
            missing.join(", ")
        );
        println!(
            "skipped: not installed: {} (.ci/run installs them)",
            missing.join(", ")
        );
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    for d in ["config/kefu", "data/kefu", "runtime"] {
        std::fs::create_dir_all(h.join(d)).unwrap();
    }
    // No size limit, also when the test runs in an SSH session (its default there): the
    // photos at full size, as compared below.
    std::fs::write(
        h.join("config/kefu/config.toml"),
        "[ui]\nimage_protocol = \"sixel\"\nimage_max_kib = 0\nlanguage = \"en\"\n",
    )
    .unwrap();
    let (id, doc, selfie) = first_review_photos(&h.join("data/kefu/kefu-demo.db")).await;
    let (_x, display) = xvfb();
    let term = Xterm::start(&display, h);
    term.wait_written("the review list", b"Kind", 1);

    let shot = term.screenshot();
    let (w, h_px) = (shot.width(), shot.height());
    assert_eq!((w % COLS, h_px % ROWS), (0, 0), "{w}x{h_px}: whole cells");
    let ch = h_px / ROWS;
    // The photo in box `n` (left to right) of a screenshot, and how far it is from `photo`.
    let photo = |s: &RgbImage, n: usize, photo: &RgbImage| {
        photo_boxes(s)
            .get(n)
            .and_then(|area| photo_in(s, *area, photo))
    };

    // Open the first review and claim it: both photos, in sixel, side by side.
    term.key("Return");
    term.wait_written("the review", format!("#{id} ").as_bytes(), 1);
    term.wait_written("the checklist", b"Checklist", 1);
    term.key("c");
    term.wait_written("two sixel images", b"\x1bP", 2);
    let open = term.shot_until("both photos on screen", |s| {
        photo_boxes(s).len() == 2
            && photo(s, 0, &doc).is_some_and(|(_, d)| d < SAME_PHOTO)
            && photo(s, 1, &selfie).is_some_and(|(_, d)| d < SAME_PHOTO)
    });
    let boxes = photo_boxes(&open);
    assert_eq!(boxes.len(), 2, "the document's box and the selfie's");
    let (doc_box, doc_diff) = photo(&open, 0, &doc).expect("the document photo");
    let (selfie_box, selfie_diff) = photo(&open, 1, &selfie).expect("the selfie");
    println!("open: document at {doc_box:?} differs by {doc_diff:.1}, selfie at {selfie_box:?} by {selfie_diff:.1}");
    // Text under the photos: the review's facts, in a handful of flat colours.
    let below = boxes[0].1 + boxes[0].3 + 2 * ch;
    let facts: Area = (0, below, w / 2, 4 * ch);
    let n = colours(&open, facts);
    assert!((2..=12).contains(&n), "the facts are text: {n} colours");

    // Zoom: the document alone, larger, in one box over the pane.
    term.key("z");
    let zoomed = term.shot_until("the zoomed document", |s| {
        photo_boxes(s).len() == 1
            && photo(s, 0, &doc).is_some_and(|(b, d)| d < SAME_PHOTO && b.2 > doc_box.2)
    });
    let (zoom_box, zoom_diff) = photo(&zoomed, 0, &doc).expect("the document photo");
    println!("zoom: document at {zoom_box:?} differs by {zoom_diff:.1}");
    assert!(
        zoom_box.2 > doc_box.2 && zoom_box.3 > doc_box.3,
        "zoomed {zoom_box:?} is not larger than {doc_box:?}"
    );
    assert!(
        zoom_box.0 + zoom_box.2 > selfie_box.0,
        "the document reaches over where the selfie was"
    );

    // Back to the review (Esc), its text intact; then out of it: the list's text where
    // the photos were.
    term.key("Escape");
    let back = term.shot_until("the review again", |s| {
        photo_boxes(s).len() == 2 && photo(s, 1, &selfie).is_some_and(|(_, d)| d < SAME_PHOTO)
    });
    let n = colours(&back, facts);
    assert!(
        (2..=12).contains(&n),
        "the facts after zoom are text: {n} colours"
    );
    let lists = count(&term.logged(), b"Kind");
    term.key("Escape");
    term.wait_written("the review list again", b"Kind", lists + 1);
    let left = term.shot_until("no photo box left", |s| photo_boxes(s).is_empty());
    for (name, area) in [("document", doc_box), ("selfie", selfie_box)] {
        let n = colours(&left, area);
        assert!(n <= 12, "the {name}'s area holds image debris: {n} colours");
        let d = difference(&left, area, if name == "document" { &doc } else { &selfie });
        assert!(d > 3.0 * SAME_PHOTO, "the {name} is still there: {d:.1}");
    }
    term.key("q");
}
