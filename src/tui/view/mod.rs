//! Drawing the state: pure functions from `State` to a frame (no I/O, no mutation).

pub mod overlay;
mod shell;

use ratatui::buffer::Buffer;
use ratatui::Frame;

use super::context::ViewCx;
use super::locale::Catalog;
use super::panes::{queue, ticket};
use super::state::{Screen, State, MIN_SIZE};
use super::theme::Theme;

pub use super::cells::china_time;

/// Draw the whole screen.
pub fn render(f: &mut Frame<'_>, s: &State, theme: &Theme) {
    draw(f, s, theme);
    split_flags(f.buffer_mut());
}

/// A flag is two regional indicators, and terminals such as tmux keep them in two cells of
/// one column each: held as one wide cell, a later frame that writes over its first
/// column would leave its second behind (a stray "🇳"). Two cells of one indicator each
/// print the same bytes, and every later change reaches both.
fn split_flags(buf: &mut Buffer) {
    let ri = |c: char| ('\u{1f1e6}'..='\u{1f1ff}').contains(&c);
    let area = buf.area;
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right().saturating_sub(1) {
            let sym = buf[(x, y)].symbol();
            let mut chars = sym.chars();
            let (Some(a), Some(b), None) = (chars.next(), chars.next(), chars.next()) else {
                continue;
            };
            if !(ri(a) && ri(b)) {
                continue;
            }
            let style = buf[(x, y)].style();
            buf[(x, y)].set_char(a);
            buf[(x + 1, y)].set_char(b).set_style(style);
        }
    }
}

fn draw(f: &mut Frame<'_>, s: &State, theme: &Theme) {
    let c = Catalog::new(s.lang);
    let area = f.area();
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 || s.too_small() {
        shell::too_small(f, &c, theme);
        return;
    }
    if s.screen == Screen::SignIn {
        overlay::sign_in(f, s, &c, theme);
        return;
    }
    let main = shell::frame(f, s, &c, theme);
    match s.pane {
        super::state::Pane::Queue => {
            let v = view_cx(s, &c, theme);
            match &s.detail {
                Some(d) => ticket::view::render(f, main, d, &v, s.overlay.is_none()),
                None => queue::view::render(f, main, &s.queue, &v),
            }
        }
        super::state::Pane::Lookup => super::panes::lookup::view::render(
            f,
            main,
            &s.lookup,
            &view_cx(s, &c, theme),
            s.call_link().as_ref(),
            s.overlay.is_none(),
        ),
        super::state::Pane::Reviews => {
            super::panes::reviews::view::render(f, main, &s.reviews, &view_cx(s, &c, theme))
        }
        super::state::Pane::Team => {
            super::panes::team::view::render(f, main, &s.team, &view_cx(s, &c, theme))
        }
    }
    // The assignment and escalation forms stand over any pane.
    super::panes::team::form_view::render(f, main, &s.team, &view_cx(s, &c, theme));
    if let Some(call) = s.call.as_ref().filter(|c| c.wrapping_up()) {
        let v = view_cx(s, &c, theme);
        super::panes::call::view::form(f, main, call, &v, s.overlay.is_none());
    }
    if let Some(o) = &s.overlay {
        overlay::render(f, s, o, &c, theme);
    }
}

/// What the panes' views may read of the desk.
pub fn view_cx<'a>(s: &'a State, c: &'a Catalog, theme: &'a Theme) -> ViewCx<'a> {
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
