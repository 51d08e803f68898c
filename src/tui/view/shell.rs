//! Title bar, tabs, status line, and the too-small message.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use crate::api::Role;
use crate::config::{Binding, Scope};
use crate::sanitize::{clean, fit, width};
use crate::tui::live::LiveStatus;
use crate::tui::locale::{wire_name, Catalog};
use crate::tui::scopes;
use crate::tui::state::{Conn, Pane, State, MIN_SIZE};
use crate::tui::theme::Theme;

/// Says which size is needed instead of drawing garbage.
pub fn too_small(f: &mut Frame<'_>, c: &Catalog, t: &Theme) {
    let a = f.area();
    let msg = c.tf(
        "size.too_small",
        &[
            ("w", &MIN_SIZE.0.to_string()),
            ("h", &MIN_SIZE.1.to_string()),
            ("cw", &a.width.to_string()),
            ("ch", &a.height.to_string()),
        ],
    );
    f.render_widget(
        Paragraph::new(msg).style(t.error).wrap(Wrap { trim: true }),
        a,
    );
}

/// Title bar, tabs, call bar and status line; returns the main area.
pub fn frame(f: &mut Frame<'_>, s: &State, c: &Catalog, t: &Theme) -> Rect {
    let call = s.call.is_some();
    let rows = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(u16::from(call)),
        Constraint::Length(1),
    ])
    .split(f.area());
    title(f, rows[0], s, c, t);
    tabs(f, rows[1], s, c, t);
    if call {
        if let Some(call) = &s.call {
            let v = super::view_cx(s, c, t);
            crate::tui::panes::call::view::render(f, rows[3], call, &v);
        }
    }
    status_line(f, rows[4], s, c, t);
    rows[2]
}

fn title(f: &mut Frame<'_>, area: Rect, s: &State, c: &Catalog, t: &Theme) {
    let mut left = vec![Span::styled(format!(" {} ", c.t("app.title")), t.title)];
    if s.demo {
        left.push(Span::styled(format!(" {} ", c.t("app.demo")), t.demo));
    }
    let who = match &s.operator {
        Some(op) => {
            let roles: Vec<String> = op
                .roles
                .iter()
                .map(|r: &Role| c.ts(&format!("role.{}", wire_name(r))))
                .collect();
            format!(
                "{} ({}) · {}",
                clean(&op.name),
                roles.join("/"),
                clean(&op.id)
            )
        }
        None => String::new(),
    };
    let marker = match s.conn {
        Conn::Online => "●",
        Conn::Connecting => "◌",
        Conn::Offline => "✕",
    };
    // The link state wins the room: an operator must see that the back office is gone.
    let link = format!("  {marker} {}{} ", link_label(s, c), live_label(s, c));
    let used: usize = left.iter().map(|sp| width(&sp.content)).sum();
    let room = usize::from(area.width).saturating_sub(used);
    let link = fit(&link, room);
    let right = format!("{}{link}", fit(&who, room.saturating_sub(width(&link))));
    let gap = room.saturating_sub(width(&right));
    left.push(Span::styled(" ".repeat(gap), t.title));
    let conn_style = if s.conn == Conn::Offline {
        t.error.patch(t.title)
    } else {
        t.title
    };
    left.push(Span::styled(right, conn_style));
    f.render_widget(Line::from(left), area);
}

/// ` · live` / ` · polling` after the link state; nothing before the stream's first
/// attempt has ended (it would only flicker), nor while the back office is unreachable.
fn live_label(s: &State, c: &Catalog) -> String {
    if s.conn == Conn::Offline {
        // "unreachable" already says it all.
        return String::new();
    }
    match s.live.status {
        Some(LiveStatus::Up) => format!(" · {}", c.t("live.up")),
        Some(LiveStatus::Down) => format!(" · {}", c.t("live.down")),
        None => String::new(),
    }
}

fn tabs(f: &mut Frame<'_>, area: Rect, s: &State, c: &Catalog, t: &Theme) {
    let mut spans = Vec::new();
    for (i, p) in s.panes().iter().enumerate() {
        let key = match p {
            Pane::Queue => "pane.queue",
            Pane::Lookup => "pane.lookup",
            Pane::Reviews => "pane.reviews",
            Pane::Team => "pane.team",
        };
        let active = *p == s.pane;
        let mut name = c.t(key).to_string();
        // Unacknowledged security alerts show on the tab, whatever pane is open.
        let alerts = s.team.alerts.open;
        if *p == Pane::Team && alerts > 0 {
            name = format!("{name} ⚠{alerts}");
        }
        // So are escalations that came in since the list was last on screen.
        let new = s.team.new_escalations;
        if *p == Pane::Team && new > 0 {
            let n = new.to_string();
            name = format!("{name} {}", c.tf("team.tab.new_escalations", &[("n", &n)]));
        }
        let label = if active {
            format!("[{} {name}]", i + 1)
        } else {
            format!(" {} {name} ", i + 1)
        };
        let style = match (active, *p == Pane::Team && (alerts > 0 || new > 0)) {
            (true, _) => t.tab_active,
            (false, true) => t.error,
            (false, false) => t.tab,
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    f.render_widget(Line::from(spans), area);
}

/// The keys that apply now, from the keymap (never hard-coded).
fn hints(s: &State) -> Vec<Binding> {
    // The customer's account (`A`) comes early: from a ticket to the caller is a step of
    // most calls.
    if s.detail.is_some() && s.pane == Pane::Queue {
        let mut v = vec![
            Binding::Back,
            Binding::Claim,
            Binding::Note,
            Binding::Reply,
            Binding::OpenAccount,
            Binding::SetStatus,
            Binding::Escalate,
            Binding::NewCall,
            Binding::Help,
        ];
        if s.is_supervisor() {
            v.insert(6, Binding::Assign);
        }
        v
    } else if s.pane == Pane::Queue {
        vec![
            Binding::Open,
            Binding::OpenAccount,
            Binding::Filter,
            Binding::SortNext,
            Binding::Refresh,
            Binding::NewCall,
            Binding::Help,
            Binding::Quit,
        ]
    } else if s.pane == Pane::Lookup {
        crate::tui::panes::lookup::update::hints(
            &s.lookup,
            s.is_supervisor(),
            s.call_link().as_ref(),
        )
    } else if s.pane == Pane::Reviews {
        let me = s.operator.as_ref().map(|o| o.id.as_str()).unwrap_or("");
        let mut v = crate::tui::panes::reviews::view::hints(&s.reviews, me);
        if s.is_supervisor() && s.reviews.open.is_some() && v.len() > 1 {
            v.insert(v.len() - 1, Binding::Assign);
        }
        v
    } else if s.pane == Pane::Team {
        crate::tui::panes::team::update::hints(&s.team)
    } else {
        vec![Binding::NextPane, Binding::Help, Binding::Quit]
    }
}

fn status_line(f: &mut Frame<'_>, area: Rect, s: &State, c: &Catalog, t: &Theme) {
    let line = if let Some(e) = &s.error {
        Line::from(Span::styled(format!(" ✕ {e}"), t.error))
    } else {
        let mut spans = Vec::new();
        if let Some(n) = &s.notice {
            spans.push(Span::styled(format!(" ✓ {n} "), t.notice));
        }
        // The pane's keys and the global ones, whatever form is open over them.
        let mut stack = scopes::stack(s);
        stack.retain(|sc| sc.is_pane() || *sc == Scope::Global);
        let mut items = Vec::new();
        for b in hints(s) {
            let keys = s.keymap.keys_label_for(&stack, b);
            if keys.is_empty() {
                continue;
            }
            let desc = c.ts(&crate::tui::keymap::help_key(b));
            items.push((b == Binding::Help, format!(" {keys}"), format!(" {desc} ")));
        }
        let used: usize = spans.iter().map(|sp| width(&sp.content)).sum();
        let room = usize::from(area.width).saturating_sub(used);
        let sizes: Vec<(bool, usize)> = items
            .iter()
            .map(|(pin, k, d)| (*pin, width(k) + width(d)))
            .collect();
        for i in fitting_hints(room, &sizes) {
            let (_, keys, desc) = &items[i];
            spans.push(Span::styled(keys.clone(), t.key));
            spans.push(Span::styled(desc.clone(), Style::default()));
        }
        Line::from(spans)
    };
    // One line needs no Paragraph (its wrapping machinery was a tenth of a queue frame).
    f.buffer_mut().set_style(area, t.status);
    f.render_widget(line, area);
}

/// Which of the footer's keys (each `(pinned, width)`, most important first) fit in
/// `room` cells: whole keys only, from the first on, the ones past the first that does not
/// fit dropped; a pinned key (help, which leads to all the others) keeps its room.
pub fn fitting_hints(room: usize, items: &[(bool, usize)]) -> Vec<usize> {
    let pinned: usize = items.iter().filter(|(pin, _)| *pin).map(|(_, w)| w).sum();
    let mut left = room.saturating_sub(pinned);
    let mut out = Vec::new();
    let mut full = false;
    for (i, (pin, w)) in items.iter().enumerate() {
        if *pin {
            if pinned <= room {
                out.push(i);
            }
            continue;
        }
        if full || *w > left {
            full = true;
            continue;
        }
        left -= w;
        out.push(i);
    }
    out
}

/// The title-bar text for the link state.
fn link_label(s: &State, c: &Catalog) -> String {
    match s.conn {
        Conn::Connecting => c.t("conn.connecting").to_string(),
        Conn::Online => c.t("conn.online").to_string(),
        Conn::Offline if s.probe.in_flight => c.t("conn.retrying").to_string(),
        Conn::Offline => {
            let secs = s
                .probe
                .next_at
                .map_or(0, |at| (at - s.now).num_seconds().max(0));
            c.tf("conn.offline", &[("secs", &secs.to_string())])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fitting_hints;

    #[test]
    fn footer_keys_are_kept_whole_in_order_and_help_keeps_its_room() {
        let items = [(false, 10), (false, 12), (false, 8), (true, 7), (false, 3)];
        assert_eq!(fitting_hints(100, &items), vec![0, 1, 2, 3, 4]);
        // 30 cells: help's 7 first, then 10 and 12; the 8 does not fit, nor anything after.
        assert_eq!(fitting_hints(30, &items), vec![0, 1, 3]);
        assert_eq!(fitting_hints(16, &items), vec![3]);
        assert_eq!(fitting_hints(5, &items), Vec::<usize>::new());
    }
}
