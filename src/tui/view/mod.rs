//! Drawing the state: pure functions from `State` to a frame (no I/O, no mutation).

mod detail;
pub mod overlay;
mod queue;
mod shell;

use ratatui::Frame;

use super::context::ViewCx;
use super::locale::Catalog;
use super::state::{Screen, State, MIN_SIZE};
use super::theme::Theme;

pub use super::locale::china_time;

/// What a pane's view may read of the desk.
fn view_cx<'a>(s: &'a State, c: &'a Catalog, theme: &'a Theme) -> ViewCx<'a> {
    ViewCx {
        c,
        theme,
        now: s.now,
        today: s.today,
        keymap: &s.keymap,
        operator: s.operator.as_ref(),
        size: s.size,
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
        super::state::Pane::Lookup => super::panes::lookup::view::render(
            f,
            main,
            &s.lookup,
            &view_cx(s, &c, theme),
            s.call_link().as_ref(),
            s.overlay.is_none(),
        ),
        super::state::Pane::Reviews => super::reviews::view::render(f, main, s, &c, theme),
    }
    if let Some(o) = &s.overlay {
        overlay::render(f, s, o, &c, theme);
    }
}
