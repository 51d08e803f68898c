//! The terminal desk.
//!
//! Data flow: key → the key map, resolved through the active scopes → the root's pure
//! `update` (`update/`), which hands the key to the active pane's update (its own state
//! plus the shared `Ctx`) → the pane's commands, lifted to effects → the runner executes
//! them on tokio with the client and sends the answers back as actions → `update` again →
//! a frame is drawn only when the state changed, at most one per ~10 ms, inside
//! synchronized output. `docs/architecture.md` walks through it; a new pane is a folder
//! under `panes/` with the same files as the others.

pub mod action;
pub mod cells;
pub mod choice;
pub mod columns;
pub mod context;
pub mod drafts;
pub mod editor;
#[cfg(any(test, feature = "test-support"))]
pub mod fixtures;
pub mod image_budget;
pub mod images;
pub mod keymap;
pub mod link;
pub mod live;
pub mod locale;
pub mod panes;
pub mod reason;
pub mod replies;
pub mod runner;
pub mod scopes;
pub mod session;
pub mod state;
pub mod term_probe;
pub mod terminal;
pub mod theme;
pub mod update;
pub mod view;

use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use chrono::Utc;
use crossterm::event::{
    Event, EventStream, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEventKind,
};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use futures::StreamExt;
use ratatui::backend::{Backend, ClearType};
use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::client::{Client, ClientOptions};
use crate::config::{self, Config, Key, KeyChord, Overrides};
use action::Action;
use keymap::Keymap;
use state::{Screen, State};
use theme::Theme;

/// Password of the demo operators on the embedded back office.
const DEMO_PASSWORD: &str = "kefu-demo";
/// Shortest time between two frames.
const FRAME: Duration = Duration::from_millis(10);

/// A crossterm key event as a keymap chord (None for releases and unknown keys).
pub fn chord(k: &KeyEvent) -> Option<KeyChord> {
    if k.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    let alt = k.modifiers.contains(KeyModifiers::ALT);
    let key = match k.code {
        KeyCode::Char(c) if ctrl => Key::Char(c.to_ascii_lowercase()),
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Tab if k.modifiers.contains(KeyModifiers::SHIFT) => Key::BackTab,
        KeyCode::Tab => Key::Tab,
        KeyCode::BackTab => Key::BackTab,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Delete => Key::Delete,
        KeyCode::F(n) => Key::F(n),
        _ => return None,
    };
    Some(KeyChord { key, ctrl, alt })
}

fn init_logging(dir: &Path) -> Option<tracing_appender::non_blocking::WorkerGuard> {
    let appender = tracing_appender::rolling::never(dir, "kefu.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init()
        .ok()?;
    Some(guard)
}

fn today(now: chrono::DateTime<Utc>) -> chrono::NaiveDate {
    view::china_time(now).date_naive()
}

/// Start the terminal desk.
pub async fn run(as_operator: Option<String>, overrides: &Overrides) -> anyhow::Result<()> {
    let cfg = Config::load_with(overrides)?;
    let data = config::data_dir()?;
    std::fs::create_dir_all(&data)
        .with_context(|| format!("cannot create the data dir {}", data.display()))?;
    let _log = init_logging(&data);
    let lang = cfg.language();
    let now = Utc::now();
    let mut state = State::new(
        lang,
        Keymap::new(&cfg.keybindings, &cfg.views),
        cfg.views.clone(),
        now,
        today(now),
    );
    state.start_pane = cfg.ui.start_pane;
    if let Some(op) = &cfg.operator {
        state.sign_in.operator = tui_input::Input::new(op.clone());
        state.sign_in.on_password = true;
    }

    // Connect before touching the terminal, so start-up errors print as plain text.
    let (url, demo) = match &cfg.api.url {
        Some(url) => (url.clone(), false),
        None => {
            let db = data.join("kefu-demo.db");
            let embedded = crate::backoffice::start_embedded(&db)
                .await
                .context("cannot start the embedded demo back office")?;
            (embedded.url, true)
        }
    };
    let mut opts = ClientOptions::new(&url);
    opts.timeout = Duration::from_secs(cfg.api.timeout_secs.0);
    opts.allow_insecure_http = cfg.api.allow_insecure_http;
    opts.ca_file = cfg.api.ca_file.clone();
    let client = Client::new(opts.clone())?;
    state.demo = demo;

    let (tx, mut rx) = mpsc::unbounded_channel::<Action>();
    let token_file = (cfg.api.keep_token && !demo)
        .then(config::runtime_dir)
        .flatten()
        .map(|d| config::token_path(&d, &url));
    let mut runner = runner::Runner::new(client.clone(), tx.clone(), token_file.clone());
    // The embedded back office listens on a new port each start: its drafts go by its file.
    let drafts_scope = if demo { "embedded demo" } else { url.as_str() };
    runner.drafts = Some(drafts::store::DraftStore::new(
        data.join("drafts"),
        drafts_scope,
    ));
    let kept = match token_file.as_deref().map(session::load) {
        Some(Ok(token)) => token,
        Some(Err(e)) => {
            // Not used, and said so on the sign-in form; the next sign-in replaces the file.
            tracing::warn!(error = %e, "kept session token refused");
            if let Some(leaked) = token_file.as_deref().and_then(|p| session::exposed(p, &e)) {
                end_exposed_session(&opts, leaked);
            }
            state.sign_in.error = Some(session::refusal_text(&locale::Catalog::new(lang), &e));
            None
        }
        None => None,
    };
    if demo {
        let who = as_operator
            .or(cfg.operator.clone())
            .unwrap_or_else(|| "demo-agent".to_string());
        let session = client
            .sign_in(&who, DEMO_PASSWORD)
            .await
            .with_context(|| format!("cannot sign in to the demo back office as {who}"))?;
        for e in update::update(&mut state, Action::SignedIn(Ok(session))) {
            runner.run(e);
        }
    } else if let Some(token) = kept {
        client.set_token(Some(token));
        let (c, tx2) = (client.clone(), tx.clone());
        tokio::spawn(async move {
            let _ = tx2.send(Action::Restored(c.me().await));
        });
    } else {
        state.screen = Screen::SignIn;
    }

    let theme = Theme::new(cfg.ui.theme, Theme::no_color_env());
    let (guard, mut terminal) = terminal::TerminalGuard::enter(cfg.ui.mouse)?;
    let size = terminal.size()?;
    update::update(&mut state, Action::Resize(size.width, size.height));
    // Graphics detection talks to the terminal: after entering it, before reading events.
    let ssh = ["SSH_CONNECTION", "SSH_TTY"]
        .iter()
        .any(|k| std::env::var_os(k).is_some_and(|v| !v.is_empty()));
    let max_bytes = cfg.ui.image_max_bytes(ssh);
    // A size limit means a slow link: kitty's zlib transmission is worth its CPU there.
    let (picker, graphics) = images::picker_for(cfg.ui.image_protocol, max_bytes.is_some());
    runner.reviews.picker = picker;
    runner.reviews.max_bytes = max_bytes;
    state.reviews.graphics = graphics;

    let result = event_loop(&mut state, &mut runner, &mut rx, &mut terminal, &theme).await;
    drop(terminal);
    drop(guard);
    if !demo {
        // Leave the session to expire when the token is kept (reconnect over SSH).
        if token_file.is_none() {
            let _ = client.sign_out().await;
        }
    }
    result
}

/// End, in the background, the session of a token others could read (it may have been
/// copied); with its own client, so the desk's sign-in is not disturbed. Best effort: the
/// desk starts whatever happens, and the session still expires on its own.
fn end_exposed_session(opts: &ClientOptions, token: String) {
    let revoker = match Client::new(opts.clone()) {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(error = %e, "could not end the session of the exposed token");
            return;
        }
    };
    revoker.set_token(Some(token));
    tokio::spawn(async move {
        match revoker.sign_out().await {
            Ok(()) => tracing::info!("the session of the exposed token was ended"),
            Err(e) => tracing::warn!(error = %e, "could not end the session of the exposed token"),
        }
    });
}

async fn event_loop(
    state: &mut State,
    runner: &mut runner::Runner,
    rx: &mut mpsc::UnboundedReceiver<Action>,
    terminal: &mut ratatui::Terminal<ratatui::backend::CrosstermBackend<std::io::Stdout>>,
    theme: &Theme,
) -> anyhow::Result<()> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = signal(SignalKind::terminate())?;
    let mut hup = signal(SignalKind::hangup())?;
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    // The queue poll: slow while the event stream is up, faster while it is down.
    let mut poll_every = state.live.poll_every();
    let mut refresh = tokio::time::interval_at(Instant::now() + poll_every, poll_every);
    let mut last_frame = Instant::now() - FRAME;
    loop {
        if state.quit {
            return Ok(());
        }
        let next_frame = state.dirty.then(|| last_frame + FRAME);
        let action = tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(Event::Key(k))) => chord(&k).map(Action::Key),
                Some(Ok(Event::Paste(p))) => Some(Action::Paste(p)),
                Some(Ok(Event::Resize(w, h))) => Some(Action::Resize(w, h)),
                // Mouse events only arrive with ui.mouse = true; the wheel moves like ↑/↓.
                Some(Ok(Event::Mouse(m))) => match m.kind {
                    MouseEventKind::ScrollDown => Some(Action::Key(KeyChord::plain(Key::Down))),
                    MouseEventKind::ScrollUp => Some(Action::Key(KeyChord::plain(Key::Up))),
                    _ => None,
                },
                Some(Ok(_)) => None,
                Some(Err(e)) => return Err(e.into()),
                None => Some(Action::Terminate),
            },
            Some(a) = rx.recv() => Some(a),
            _ = tick.tick() => {
                let now = Utc::now();
                Some(Action::Tick(now, today(now)))
            }
            _ = refresh.tick() => Some(Action::RefreshDue),
            _ = term.recv() => Some(Action::Terminate),
            _ = hup.recv() => Some(Action::Terminate),
            _ = async {
                match next_frame {
                    Some(at) => tokio::time::sleep_until(at).await,
                    None => std::future::pending().await,
                }
            } => {
                draw(terminal, state, theme)?;
                last_frame = Instant::now();
                None
            }
        };
        if let Some(a) = action {
            for effect in update::update(state, a) {
                runner.run(effect);
            }
            if state.live.poll_every() != poll_every {
                poll_every = state.live.poll_every();
                refresh = tokio::time::interval_at(Instant::now() + poll_every, poll_every);
            }
        }
    }
}

fn draw(
    terminal: &mut ratatui::Terminal<ratatui::backend::CrosstermBackend<std::io::Stdout>>,
    state: &mut State,
    theme: &Theme,
) -> anyhow::Result<()> {
    crossterm::execute!(std::io::stdout(), BeginSynchronizedUpdate)?;
    if std::mem::take(&mut state.reviews.clear_graphics) {
        // Images drawn with a graphics protocol stay until cleared (left the review).
        if state.reviews.graphics == images::Graphics::Kitty {
            use std::io::Write;
            let mut out = std::io::stdout();
            out.write_all(images::KITTY_DELETE_ALL.as_bytes())?;
            out.flush()?;
        }
        // Not `Terminal::clear`: it reads the cursor position first, a round trip that
        // stalls a slow link and fails on a terminal that does not answer. Blank the screen
        // and both buffers instead, so the next frame draws every cell.
        terminal.backend_mut().clear_region(ClearType::All)?;
        terminal.swap_buffers();
    }
    terminal.draw(|f| view::render(f, state, theme))?;
    crossterm::execute!(std::io::stdout(), EndSynchronizedUpdate)?;
    state.dirty = false;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crossterm_keys_become_chords() {
        let k = |code, m| chord(&KeyEvent::new(code, m));
        assert_eq!(
            k(KeyCode::Char('P'), KeyModifiers::SHIFT),
            Some(KeyChord::ch('P'))
        );
        assert_eq!(
            k(KeyCode::Char('S'), KeyModifiers::CONTROL),
            Some(KeyChord::ctrl('s'))
        );
        assert_eq!(
            k(KeyCode::Tab, KeyModifiers::SHIFT),
            Some(KeyChord::plain(Key::BackTab))
        );
        assert_eq!(
            k(KeyCode::BackTab, KeyModifiers::SHIFT),
            Some(KeyChord::plain(Key::BackTab))
        );
        let mut release = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        release.kind = KeyEventKind::Release;
        assert_eq!(chord(&release), None);
    }
}
