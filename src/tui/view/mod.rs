//! Drawing the state: pure functions from `State` to a frame (no I/O, no mutation).

mod detail;
pub mod overlay;
mod queue;
mod shell;

use chrono::{DateTime, FixedOffset, Utc};
use ratatui::Frame;

use super::locale::Catalog;
use super::state::{Screen, State, MIN_SIZE};
use super::theme::Theme;

/// Times are shown in China Standard Time (UTC+8, no daylight saving), where the
/// platform's users and the support centre are.
pub fn china_time(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    match FixedOffset::east_opt(8 * 3600) {
        Some(cst) => t.with_timezone(&cst),
        None => t.fixed_offset(),
    }
}

/// Draw the whole screen.
pub fn render(f: &mut Frame<'_>, s: &State, theme: &Theme) {
    let c = Catalog::new(s.lang);
    let area = f.area();
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        shell::too_small(f, &c, theme);
        return;
    }
    if s.screen == Screen::SignIn {
        overlay::sign_in(f, s, &c, theme);
        return;
    }
    let main = shell::frame(f, s, &c, theme);
    match s.pane {
        super::state::Pane::Queue => match &s.detail {
            Some(d) => detail::render(f, main, s, d, &c, theme),
            None => queue::render(f, main, s, &c, theme),
        },
        super::state::Pane::Lookup => super::panes::lookup::view::render(f, main, s, &c, theme),
        super::state::Pane::Reviews => super::reviews::view::render(f, main, s, &c, theme),
    }
    if let Some(o) = &s.overlay {
        overlay::render(f, s, o, &c, theme);
    }
}
