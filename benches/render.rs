//! Rendering benchmark (`cargo bench --bench render`): full frames of the terminal desk on
//! ratatui's TestBackend at 120×40, built the way the snapshot tests build their state.
//!
//! * `queue_1000`: the queue pane with 1,000 loaded rows, the selection moving one row
//!   per frame (so every frame differs from the last, as when an operator presses `j`);
//! * `detail`: a ticket with its timeline;
//! * `review_images`: a claimed review with its document and selfie drawn in half blocks
//!   (what any terminal shows; sixel/kitty output is the terminal's work), the checklist
//!   cursor moving one item per frame.
//!
//! Prints median, p99 and mean per frame. `--smoke` (or `KEFU_BENCH_SMOKE=1`) runs a few
//! frames only, for CI. A hand-written loop rather than a harness keeps compile time down.

use std::time::{Duration, Instant};

use kefu::api::{
    Category, Channel, OperatorInfo, Page, Priority, ReviewState, Role, Status, TicketSummary,
};
use kefu::config::{Key, KeyChord, Language, Theme as ThemeName};
use kefu::tui::action::{Action, Effect};
use kefu::tui::fixtures;
use kefu::tui::fixtures::reviews as rf;
use kefu::tui::panes::reviews::msg::{ReviewsAction, ReviewsEffect};
use kefu::tui::state::State;
use kefu::tui::theme::Theme;
use kefu::tui::update::update;
use kefu::tui::view::render;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;
const ROWS: usize = 1_000;
/// Target for one queue frame.
const TARGET: Duration = Duration::from_micros(500);

/// 1,000 varied tickets: every channel, category, status and priority, long subjects.
fn rows() -> Vec<TicketSummary> {
    let subjects = [
        "密码输错五次，账号被锁定",
        "Need my degree record for a visa application",
        "更换手机号：原号码已停用，无法接收验证码",
        "人脸识别多次失败",
        "学籍上的姓名有错别字，需要更正",
        "中英文学历认证报告办理时间",
    ];
    let names = ["王𠮷", "张*", "欧阳**", "L** Wei", "陈**"];
    (0..ROWS)
        .map(|i| {
            let due = fixtures::today() + chrono::Duration::days(i as i64 % 40 - 20);
            let mut t = fixtures::ticket(
                1_000 + i as i64,
                subjects[i % subjects.len()],
                names[i % names.len()],
                due,
            );
            t.channel = Channel::ALL[i % Channel::ALL.len()];
            t.category = Category::ALL[i % Category::ALL.len()];
            t.status = Status::ALL[i % 4];
            t.priority = [
                Priority::Low,
                Priority::Normal,
                Priority::High,
                Priority::Urgent,
            ][i % 4];
            if i % 7 == 0 {
                t.assignee = Some("demo-agent".into());
                t.claim_expires_at = Some(fixtures::now() + chrono::Duration::minutes(20));
            }
            t
        })
        .collect()
}

fn queue_state() -> Option<State> {
    let mut s = fixtures::state(Language::ZhCn, false);
    let req = match update(&mut s, Action::RefreshDue).as_slice() {
        [Effect::LoadQueue { req, .. }] => *req,
        _ => return None,
    };
    update(
        &mut s,
        Action::QueueLoaded {
            req,
            result: Ok(Page {
                items: rows(),
                next_cursor: Some("next".into()),
                total: 100_000,
            }),
        },
    );
    Some(s)
}

fn detail_state() -> Option<State> {
    let mut s = queue_state()?;
    let req = match update(&mut s, Action::Key(KeyChord::plain(Key::Enter))).as_slice() {
        [Effect::LoadTicket { req, .. }] => *req,
        _ => return None,
    };
    update(
        &mut s,
        Action::TicketLoaded {
            req,
            result: Ok(fixtures::detail()),
        },
    );
    Some(s)
}

fn reviews(a: ReviewsAction) -> Action {
    Action::Reviews(Box::new(a))
}

/// A reviewer's desk at 120x40 with a claimed phone-rebind review open and both images
/// encoded, built the way the review snapshot tests build it.
fn review_state() -> Option<State> {
    let mut s = fixtures::state(Language::ZhCn, false);
    s.operator = Some(OperatorInfo {
        id: "demo-reviewer".into(),
        name: "审核员小陈".into(),
        roles: vec![Role::Reviewer],
    });
    update(&mut s, Action::Resize(WIDTH, HEIGHT));
    let fx = update(&mut s, Action::Key(KeyChord::ch('3')));
    let req = fx.iter().find_map(|e| match e {
        Effect::Reviews(ReviewsEffect::List { req, .. }) => Some(*req),
        _ => None,
    })?;
    update(
        &mut s,
        reviews(ReviewsAction::Listed {
            req,
            result: Ok(Page {
                items: rf::rows(),
                next_cursor: None,
                total: 3,
            }),
        }),
    );
    let fx = update(&mut s, Action::Key(KeyChord::plain(Key::Enter)));
    let req = fx.iter().find_map(|e| match e {
        Effect::Reviews(ReviewsEffect::Load { req, .. }) => Some(*req),
        _ => None,
    })?;
    let mut d = rf::detail();
    d.summary.state = ReviewState::Claimed;
    d.summary.claimed_by = Some("demo-reviewer".into());
    d.summary.claim_expires_at = Some(fixtures::now() + chrono::Duration::minutes(14));
    update(
        &mut s,
        reviews(ReviewsAction::Loaded { req, result: Ok(d) }),
    );
    rf::with_halfblock_images(&mut s);
    let images = s
        .reviews
        .open
        .as_ref()
        .map(|o| {
            [
                kefu::client::ReviewImage::Document,
                kefu::client::ReviewImage::Selfie,
            ]
            .iter()
            .filter(|w| o.slot(**w).encoded.is_some())
            .count()
        })
        .unwrap_or(0);
    (images == 2).then_some(s)
}

/// Cells of one frame of `s` in true colour: the half-block images (the theme has 16 colours).
fn half_blocks(s: &State) -> usize {
    let theme = Theme::new(ThemeName::Default, false);
    let Ok(mut term) = Terminal::new(TestBackend::new(WIDTH, HEIGHT));
    if term.draw(|f| render(f, s, &theme)).is_err() {
        return 0;
    }
    term.backend()
        .buffer()
        .content()
        .iter()
        .filter(|c| {
            matches!(c.fg, ratatui::style::Color::Rgb(..))
                || matches!(c.bg, ratatui::style::Color::Rgb(..))
        })
        .count()
}

/// Time `frames` draws after `frames / 10` warm-up draws; `step` changes the state
/// between frames. Returns the sorted durations.
fn time_frames(
    s: &mut State,
    frames: usize,
    mut step: impl FnMut(&mut State, usize),
) -> Result<Vec<Duration>, std::convert::Infallible> {
    let theme = Theme::new(ThemeName::Default, false);
    let mut term = Terminal::new(TestBackend::new(WIDTH, HEIGHT))?;
    for i in 0..frames / 10 + 1 {
        step(s, i);
        term.draw(|f| render(f, s, &theme))?;
    }
    let mut times = Vec::with_capacity(frames);
    for i in 0..frames {
        step(s, i);
        let t0 = Instant::now();
        term.draw(|f| render(f, s, &theme))?;
        times.push(t0.elapsed());
    }
    times.sort();
    Ok(times)
}

fn report(name: &str, times: &[Duration], target: Option<Duration>) {
    let pick = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    let mean = times.iter().sum::<Duration>() / times.len().max(1) as u32;
    let verdict = match target {
        Some(t) if pick(0.5) <= t => format!("  (target ≤ {t:?}: met)"),
        Some(t) => format!("  (target ≤ {t:?}: MISSED)"),
        None => String::new(),
    };
    println!(
        "render {name:<12} {WIDTH}x{HEIGHT}  frames {:>5}  median {:>8.1} µs  p99 {:>8.1} µs  mean {:>8.1} µs{verdict}",
        times.len(),
        pick(0.5).as_secs_f64() * 1e6,
        pick(0.99).as_secs_f64() * 1e6,
        mean.as_secs_f64() * 1e6,
    );
}

fn main() -> std::process::ExitCode {
    let smoke = std::env::args().any(|a| a == "--smoke")
        || std::env::var_os("KEFU_BENCH_SMOKE").is_some_and(|v| v != "0");
    let frames = if smoke { 50 } else { 5_000 };
    let Some(mut queue) = queue_state() else {
        eprintln!("render bench: the queue did not ask for a page as expected");
        return std::process::ExitCode::FAILURE;
    };
    if queue.queue.rows.len() != ROWS {
        eprintln!(
            "render bench: {} rows loaded, not {ROWS}",
            queue.queue.rows.len()
        );
        return std::process::ExitCode::FAILURE;
    }
    // The selection walks down the page and back, one row per frame.
    let walk = |s: &mut State, i: usize| {
        let k = i % (2 * ROWS - 2);
        s.queue.selected = if k < ROWS { k } else { 2 * ROWS - 2 - k };
    };
    let Some(mut detail) = detail_state() else {
        eprintln!("render bench: opening a ticket did not load it as expected");
        return std::process::ExitCode::FAILURE;
    };
    let Some(mut review) = review_state() else {
        eprintln!("render bench: the review did not open with both images as expected");
        return std::process::ExitCode::FAILURE;
    };
    let half_blocks = half_blocks(&review);
    if half_blocks < 200 {
        eprintln!("render bench: the review frame has {half_blocks} image cells, not its images");
        return std::process::ExitCode::FAILURE;
    }
    // The checklist cursor goes down and back up, one item per frame.
    let tick = |s: &mut State, i: usize| {
        let key = if i % 6 < 3 { 'j' } else { 'k' };
        update(s, Action::Key(KeyChord::ch(key)));
    };
    let results = [
        time_frames(&mut queue, frames, walk).map(|t| ("queue_1000", t, Some(TARGET))),
        time_frames(&mut detail, frames / 2, |_, _| {}).map(|t| ("detail", t, None)),
        time_frames(&mut review, frames / 2, tick).map(|t| ("review_images", t, None)),
    ];
    println!("render review_images: {half_blocks} cells of the frame are image (half blocks)");
    for r in results {
        match r {
            Ok((name, times, target)) => report(name, &times, target),
            Err(e) => {
                eprintln!("render bench: {e}");
                return std::process::ExitCode::FAILURE;
            }
        }
    }
    std::process::ExitCode::SUCCESS
}
