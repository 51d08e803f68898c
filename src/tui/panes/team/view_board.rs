//! The team board and one operator's items.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::Frame;

use super::answers::item_label;
use super::state::{Member, TeamState};
use super::update::shown_board;
use super::view::{age, cell, list, message, row, when};
use crate::api::{HeldItem, Holding, TeamMember};
use crate::sanitize::{clean, fit};
use crate::tui::context::ViewCx;
use crate::tui::locale::{wire_name, Catalog};

/// Draw the board, or the open operator's items.
pub fn render(f: &mut Frame<'_>, area: Rect, t: &TeamState, v: &ViewCx<'_>) {
    if let Some(m) = &t.member {
        return member(f, area, m, v);
    }
    let b = &t.board;
    let c = v.c;
    let rows = shown_board(b);
    let mut status = c.tf(
        "team.board.status",
        &[
            ("shown", &rows.len().to_string()),
            ("total", &b.rows.len().to_string()),
            (
                "online",
                &b.rows.iter().filter(|m| m.online).count().to_string(),
            ),
            ("sort", c.t(b.sort.key())),
        ],
    );
    if b.reverse {
        status.push_str(" ↑");
    }
    if b.online_only {
        status.push_str(&format!(" · {}", c.t("team.board.online_only")));
    }
    if !b.filter.is_empty() {
        status.push_str(&format!(" · / {}", clean(&b.filter)));
    }
    f.render_widget(
        Line::styled(fit(&status, usize::from(area.width)), v.theme.dim),
        Rect { height: 1, ..area },
    );
    let body = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(1),
        ..area
    };
    if !b.loaded {
        return message(f, body, c.t("team.loading"), v);
    }
    if rows.is_empty() {
        return message(f, body, c.t("team.board.empty"), v);
    }
    let wide = area.width >= 100;
    let w = Widths::new(usize::from(area.width), wide);
    let header = row(&w.cells(
        [
            "",
            c.t("team.col.operator"),
            c.t("team.col.name"),
            c.t("team.col.roles"),
            c.t("team.col.tickets"),
            c.t("team.col.reviews"),
            c.t("team.col.calls"),
            c.t("team.col.seen"),
            c.t("team.col.oldest"),
        ]
        .map(str::to_string),
    ));
    let lines: Vec<String> = rows.iter().map(|m| board_row(c, v, m, &w)).collect();
    list(f, body, &header, &lines, Some(b.selected), v);
}

/// Column widths of the board (roles and last seen only when wide).
struct Widths {
    cols: [usize; 9],
}

impl Widths {
    fn new(total: usize, wide: bool) -> Widths {
        let mut cols = if wide {
            [1, 14, 10, 16, 9, 9, 11, 8, 0]
        } else {
            [1, 12, 8, 0, 9, 9, 10, 0, 0]
        };
        let used: usize = cols.iter().sum::<usize>() + cols.iter().filter(|w| **w > 0).count();
        cols[8] = total.saturating_sub(used).max(8);
        Widths { cols }
    }

    fn cells(&self, texts: [String; 9]) -> Vec<String> {
        texts
            .iter()
            .zip(self.cols)
            .filter(|(_, w)| *w > 0)
            .map(|(t, w)| cell(t, w))
            .collect()
    }
}

fn board_row(c: &Catalog, v: &ViewCx<'_>, m: &TeamMember, w: &Widths) -> String {
    let roles: Vec<String> = m
        .roles
        .iter()
        .map(|r| c.ts(&format!("role.{}", wire_name(r))))
        .collect();
    let calls = format!(
        "{} · {}:{:02}",
        m.calls_today,
        m.call_seconds_today / 60,
        m.call_seconds_today % 60
    );
    let seen = if m.online {
        c.t("team.online").to_string()
    } else {
        m.last_seen
            .map(|at| age(c, v.now, at))
            .unwrap_or_else(|| "—".into())
    };
    let oldest = m.oldest.as_ref().map_or_else(
        || "—".to_string(),
        |h| {
            format!(
                "{} {} {}",
                item_label(c, h.kind, h.id),
                age(c, v.now, h.since),
                clean(&h.title)
            )
        },
    );
    w.cells([
        if m.online { "●" } else { "○" }.to_string(),
        m.operator.clone(),
        m.name.clone(),
        roles.join("/"),
        format!("{}/{}", m.tickets_claimed, m.tickets_assigned),
        format!("{}/{}", m.reviews_claimed, m.reviews_assigned),
        calls,
        seen,
        oldest,
    ])
    .join(" ")
}

fn holding(c: &Catalog, h: Holding) -> String {
    c.ts(&format!("team.holding.{}", wire_name(&h)))
}

fn member(f: &mut Frame<'_>, area: Rect, m: &Member, v: &ViewCx<'_>) {
    let c = v.c;
    let Some(d) = &m.detail else {
        let who = c.tf("team.member.loading", &[("operator", &clean(&m.operator))]);
        return message(f, area, &who, v);
    };
    let p = &d.member;
    let roles: Vec<String> = p
        .roles
        .iter()
        .map(|r| c.ts(&format!("role.{}", wire_name(r))))
        .collect();
    let seen = if p.online {
        c.t("team.online").to_string()
    } else {
        p.last_seen.map_or_else(
            || "—".to_string(),
            |at| c.tf("team.member.last_seen", &[("when", &when(at))]),
        )
    };
    let head = c.tf(
        "team.member.head",
        &[
            ("name", &clean(&p.name)),
            ("operator", &clean(&p.operator)),
            ("roles", &roles.join("/")),
            ("seen", &seen),
            ("calls", &p.calls_today.to_string()),
            ("minutes", &(p.call_seconds_today / 60).to_string()),
        ],
    );
    f.render_widget(
        Line::styled(fit(&head, usize::from(area.width)), v.theme.title),
        Rect { height: 1, ..area },
    );
    let body = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(1),
        ..area
    };
    if d.items.is_empty() {
        return message(f, body, c.t("team.member.empty"), v);
    }
    let total = usize::from(area.width);
    let fixed = [12, 8, 12, 8];
    let rest = total.saturating_sub(fixed.iter().sum::<usize>() + fixed.len());
    let header = row(&[
        cell(c.t("team.col.item"), fixed[0]),
        cell(c.t("team.col.holding"), fixed[1]),
        cell(c.t("team.col.state"), fixed[2]),
        cell(c.t("team.col.since"), fixed[3]),
        cell(c.t("team.col.title"), rest),
    ]);
    let lines: Vec<String> = d
        .items
        .iter()
        .map(|h: &HeldItem| {
            row(&[
                cell(&item_label(c, h.kind, h.id), fixed[0]),
                cell(&holding(c, h.holding), fixed[1]),
                cell(&state_label(c, h), fixed[2]),
                cell(&age(c, v.now, h.since), fixed[3]),
                cell(&h.title, rest),
            ])
        })
        .collect();
    list(f, body, &header, &lines, Some(m.selected), v);
}

/// A held item's state in the operator's language (the wire word when unknown).
fn state_label(c: &Catalog, h: &HeldItem) -> String {
    let key = match h.kind {
        crate::api::ItemKind::Ticket => format!("status.{}", h.state),
        crate::api::ItemKind::Review => format!("reviews.state.{}", h.state),
    };
    let text = c.ts(&key);
    if text == key {
        clean(&h.state)
    } else {
        text
    }
}
