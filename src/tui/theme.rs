//! Colour themes; with NO_COLOR or `mono`, states are shown by reverse, bold and markers.

use ratatui::style::{Color, Modifier, Style};

use crate::config::Theme as ThemeName;

/// Styles for every kind of cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    /// Title bar.
    pub title: Style,
    /// "DEMO" badge.
    pub demo: Style,
    /// Active tab.
    pub tab_active: Style,
    /// Other tabs.
    pub tab: Style,
    /// Table header.
    pub header: Style,
    /// Selected row.
    pub selected: Style,
    /// Past its due date.
    pub overdue: Style,
    /// Due today.
    pub due_today: Style,
    /// Error text.
    pub error: Style,
    /// Notices (success, counters).
    pub notice: Style,
    /// Status line.
    pub status: Style,
    /// Secondary text.
    pub dim: Style,
    /// Borders.
    pub border: Style,
    /// Key names in the status line and help.
    pub key: Style,
}

impl Theme {
    /// The theme to use, given the config and whether NO_COLOR is set.
    pub fn new(name: ThemeName, no_color: bool) -> Theme {
        if no_color {
            return Theme::mono();
        }
        match name {
            ThemeName::Default => Theme::default16(),
            ThemeName::HighContrast => Theme::high_contrast(),
            ThemeName::Mono => Theme::mono(),
        }
    }

    /// Whether NO_COLOR asks for no colour (any non-empty value, per no-color.org).
    pub fn no_color_env() -> bool {
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
    }

    fn default16() -> Theme {
        let s = Style::default();
        Theme {
            title: s.fg(Color::Black).bg(Color::Cyan),
            demo: s
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            tab_active: s
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD | Modifier::REVERSED),
            tab: s,
            header: s.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            selected: s.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            overdue: s.fg(Color::Red).add_modifier(Modifier::BOLD),
            due_today: s.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            error: s.fg(Color::Red).add_modifier(Modifier::BOLD),
            notice: s.fg(Color::Green),
            status: s.fg(Color::White).bg(Color::Blue),
            dim: s.fg(Color::DarkGray),
            border: s.fg(Color::DarkGray),
            key: s.fg(Color::Yellow).add_modifier(Modifier::BOLD),
        }
    }

    fn high_contrast() -> Theme {
        let s = Style::default();
        Theme {
            title: s
                .fg(Color::Black)
                .bg(Color::White)
                .add_modifier(Modifier::BOLD),
            demo: s
                .fg(Color::Black)
                .bg(Color::LightYellow)
                .add_modifier(Modifier::BOLD),
            tab_active: s
                .fg(Color::Black)
                .bg(Color::White)
                .add_modifier(Modifier::BOLD),
            tab: s.fg(Color::White),
            header: s
                .fg(Color::White)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            selected: s
                .fg(Color::Black)
                .bg(Color::LightYellow)
                .add_modifier(Modifier::BOLD),
            overdue: s.fg(Color::LightRed).add_modifier(Modifier::BOLD),
            due_today: s.fg(Color::LightYellow).add_modifier(Modifier::BOLD),
            error: s.fg(Color::LightRed).add_modifier(Modifier::BOLD),
            notice: s.fg(Color::LightGreen).add_modifier(Modifier::BOLD),
            status: s.fg(Color::Black).bg(Color::White),
            dim: s.fg(Color::Gray),
            border: s.fg(Color::White),
            key: s.fg(Color::LightYellow).add_modifier(Modifier::BOLD),
        }
    }

    fn mono() -> Theme {
        let s = Style::default();
        let b = s.add_modifier(Modifier::BOLD);
        Theme {
            title: s.add_modifier(Modifier::REVERSED),
            demo: b.add_modifier(Modifier::REVERSED),
            tab_active: b.add_modifier(Modifier::REVERSED),
            tab: s,
            header: b.add_modifier(Modifier::UNDERLINED),
            selected: b.add_modifier(Modifier::REVERSED),
            overdue: b,
            due_today: b,
            error: b,
            notice: s,
            status: s.add_modifier(Modifier::REVERSED),
            dim: s,
            border: s,
            key: b,
        }
    }

    /// Whether any colour is used (else markers carry the meaning).
    pub fn has_colour(&self) -> bool {
        self.selected.bg.is_some() || self.overdue.fg.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_wins_and_keeps_selection_visible() {
        let t = Theme::new(ThemeName::HighContrast, true);
        assert_eq!(t, Theme::mono());
        assert!(!t.has_colour());
        assert!(t.selected.add_modifier.contains(Modifier::REVERSED));
        for s in [t.title, t.selected, t.overdue, t.error, t.header] {
            assert_eq!(s.fg, None);
            assert_eq!(s.bg, None);
        }
    }

    #[test]
    fn default_uses_only_the_16_colours() {
        let t = Theme::new(ThemeName::Default, false);
        for s in [t.title, t.selected, t.overdue, t.due_today, t.status, t.dim] {
            for c in [s.fg, s.bg].into_iter().flatten() {
                assert!(!matches!(c, Color::Rgb(..) | Color::Indexed(_)), "{c:?}");
            }
        }
    }
}
