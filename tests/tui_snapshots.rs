//! What the operator sees, on ratatui's TestBackend: queue, ticket detail, help and the
//! back office gone, at 80×24 and 120×40, in zh-CN and en, with a rare-character name,
//! hostile text, and without colour.

use kefu::config::{Key, Language, Theme as ThemeName};
use kefu::tui::action::{Action, Effect};
use kefu::tui::fixtures;
use kefu::tui::state::State;
use kefu::tui::theme::Theme;
use kefu::tui::update::update;
use kefu::tui::view::render;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;
use ratatui::Terminal;

#[path = "support/keys.rs"]
mod keys;
#[path = "support/screen.rs"]
mod screen;
use keys::{ctrl, key, special};
use screen::{row_text, rows as rows_of};

fn queue_state(lang: Language) -> State {
    fixtures::queue_loaded(lang)
}

fn detail_state(lang: Language) -> State {
    let mut s = queue_state(lang);
    let fx = special(&mut s, Key::Enter);
    let req = match fx.as_slice() {
        [Effect::LoadTicket { req, .. }] => *req,
        other => panic!("{other:?}"),
    };
    update(
        &mut s,
        Action::TicketLoaded {
            req,
            result: Ok(fixtures::detail()),
        },
    );
    s
}

fn draw(s: &State, w: u16, h: u16, theme: &Theme) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| render(f, s, theme)).unwrap();
    t
}

fn colour() -> Theme {
    Theme::new(ThemeName::Default, false)
}

macro_rules! snap {
    ($name:ident, $state:expr, $w:expr, $h:expr) => {
        #[test]
        fn $name() {
            let t = draw(&$state, $w, $h, &colour());
            insta::assert_snapshot!(t.backend());
        }
    };
}

snap!(queue_zh_80x24, queue_state(Language::ZhCn), 80, 24);
snap!(queue_en_80x24, queue_state(Language::En), 80, 24);
snap!(queue_zh_120x40, queue_state(Language::ZhCn), 120, 40);
snap!(queue_en_120x40, queue_state(Language::En), 120, 40);
snap!(detail_zh_80x24, detail_state(Language::ZhCn), 80, 24);
snap!(detail_en_80x24, detail_state(Language::En), 80, 24);
snap!(detail_zh_120x40, detail_state(Language::ZhCn), 120, 40);
snap!(detail_en_120x40, detail_state(Language::En), 120, 40);
snap!(too_small_en, queue_state(Language::En), 60, 20);

#[test]
fn help_zh_80x24() {
    let mut s = queue_state(Language::ZhCn);
    key(&mut s, '?');
    insta::assert_snapshot!(draw(&s, 80, 24, &colour()).backend());
}

#[test]
fn queue_no_color_keeps_selection_and_overdue_visible() {
    let s = queue_state(Language::En);
    let theme = Theme::new(ThemeName::Default, true);
    let t = draw(&s, 80, 24, &theme);
    insta::assert_snapshot!(t.backend());
    let buf = t.backend().buffer();
    // No cell carries a colour.
    for cell in buf.content() {
        assert_eq!(cell.fg, ratatui::style::Color::Reset, "{cell:?}");
        assert_eq!(cell.bg, ratatui::style::Color::Reset, "{cell:?}");
    }
    // The selected row (first ticket, y = 3) is reversed and has the marker.
    assert_eq!(buf[(0, 3)].symbol(), "▶");
    assert!(buf[(2, 3)].modifier.contains(Modifier::REVERSED));
    assert!(!buf[(2, 4)].modifier.contains(Modifier::REVERSED));
    // Overdue is bold: find "late" on the first row.
    let row: String = (0..80).map(|x| buf[(x, 3)].symbol().to_string()).collect();
    assert!(row.contains("2d late"), "{row}");
}

#[test]
fn hostile_text_never_reaches_a_cell_raw() {
    for s in [queue_state(Language::En), detail_state(Language::ZhCn)] {
        let t = draw(&s, 120, 40, &colour());
        for cell in t.backend().buffer().content() {
            for c in cell.symbol().chars() {
                assert!(
                    !c.is_control() && !('\u{202a}'..='\u{202e}').contains(&c),
                    "{c:?} reached a cell"
                );
            }
        }
        let text = t.backend().to_string();
        assert!(!text.contains('\u{1b}'));
    }
}

#[test]
fn rare_characters_line_up_in_the_table() {
    let s = queue_state(Language::ZhCn);
    let t = draw(&s, 80, 24, &colour());
    // The status column starts at the same x on every row, whatever the names before it.
    let col_of = |y: u16, needle: &str| -> Option<usize> {
        let row = row_text(&t, y);
        row.find(needle)
            .map(|i| unicode_width::UnicodeWidthStr::width(&row[..i]))
    };
    let rare = (3..8).find(|y| col_of(*y, "王𠮷").is_some()).unwrap();
    let plain = (3..8).find(|y| col_of(*y, "张*").is_some()).unwrap();
    assert_eq!(col_of(rare, "王𠮷"), col_of(plain, "张*"));
    assert_eq!(col_of(rare, "处理中"), col_of(plain - 1, "处理中"));
    let status_x = col_of(rare, "处理中").unwrap();
    assert_eq!(col_of(plain, "待审核"), Some(status_x));
}

/// The ticket open and a note half typed when the back office stopped answering.
fn offline_state(lang: Language) -> State {
    let mut s = detail_state(lang);
    key(&mut s, 'n');
    for c in "来电人要求改手机号".chars() {
        key(&mut s, c);
    }
    special(&mut s, Key::F(5));
    let fx = ctrl(&mut s, 's');
    let write = fx
        .iter()
        .find_map(|e| match e {
            Effect::Write { write, .. } => Some(write.clone()),
            _ => None,
        })
        .expect("the note is sent");
    let gone = kefu::client::ClientError::Unreachable {
        url: "https://kefu.example.cn".into(),
        detail: "connection refused".into(),
    };
    update(
        &mut s,
        Action::Written {
            write,
            result: Err(gone),
        },
    );
    s
}

snap!(offline_zh_80x24, offline_state(Language::ZhCn), 80, 24);
snap!(offline_en_80x24, offline_state(Language::En), 80, 24);
snap!(
    offline_zh_120x40,
    sized(offline_state(Language::ZhCn), 120, 40),
    120,
    40
);
snap!(
    offline_en_120x40,
    sized(offline_state(Language::En), 120, 40),
    120,
    40
);

/// The queue with the help open, at `w`×`h` (help lays its pages out for the size).
fn help_state(lang: Language, w: u16, h: u16) -> State {
    let mut s = sized(queue_state(lang), w, h);
    key(&mut s, '?');
    s
}

/// `s` told the terminal's size (as the runner does before the first frame).
fn sized(mut s: State, w: u16, h: u16) -> State {
    update(&mut s, Action::Resize(w, h));
    s
}

snap!(help_zh_120x40, help_state(Language::ZhCn, 120, 40), 120, 40);
snap!(help_en_120x40, help_state(Language::En, 120, 40), 120, 40);

#[test]
fn help_second_page_en_80x24() {
    // The queue's, the open ticket's, the call's and the global keys take two pages.
    let mut s = detail_state(Language::En);
    update(&mut s, Action::Resize(80, 24));
    key(&mut s, 'P');
    special(&mut s, Key::Esc);
    key(&mut s, '?');
    special(&mut s, Key::PageDown);
    insta::assert_snapshot!(draw(&s, 80, 24, &colour()).backend());
}

/// The ticket with a public reply open and the canned replies offered.
fn canned_state(lang: Language) -> State {
    let mut s = detail_state(lang);
    key(&mut s, 'a');
    ctrl(&mut s, 't');
    assert!(
        matches!(s.overlay, Some(kefu::tui::state::Overlay::Picker(_))),
        "the canned replies are offered"
    );
    s
}

snap!(
    canned_reply_preview_en_80x24,
    canned_state(Language::En),
    80,
    24
);
snap!(
    canned_reply_preview_zh_120x40,
    canned_state(Language::ZhCn),
    120,
    40
);

#[test]
fn a_long_canned_reply_is_shown_whole_by_scrolling() {
    use kefu::tui::choice::{PickFor, Picker};
    use kefu::tui::state::Overlay;
    let mut s = canned_state(Language::En);
    let long: Vec<String> = (1..=40)
        .map(|i| format!("row {i:02} of a long reply"))
        .collect();
    s.overlay = Some(Overlay::Picker(Picker {
        purpose: PickFor::Reply,
        labels: vec!["long".into(), "short".into()],
        values: vec![long.join("\n"), "short".into()],
        selected: 0,
        scroll: 0,
    }));
    let screen = |s: &State| rows_of(&draw(s, 80, 24, &colour())).join("\n");
    let first = screen(&s);
    assert!(
        first.contains("row 01") && !first.contains("row 40"),
        "{first}"
    );
    assert!(first.contains("of 40"), "says how much there is:\n{first}");
    // Page by page, every row comes on screen, and the last page ends with the last row.
    let mut seen = first;
    for _ in 0..10 {
        special(&mut s, Key::PageDown);
        seen.push_str(&screen(&s));
    }
    for row in &long {
        assert!(seen.contains(row.as_str()), "{row:?} never shown");
    }
    // Another reply highlighted: its preview starts at its top.
    special(&mut s, Key::Down);
    match &s.overlay {
        Some(Overlay::Picker(p)) => assert_eq!((p.selected, p.scroll), (1, 0)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_long_filter_scrolls_to_keep_its_end_and_the_cursor_in_view() {
    let mut s = queue_state(Language::En);
    key(&mut s, '/');
    ctrl(&mut s, 'u');
    let typed = format!("{}END", "category:account_locked ".repeat(5));
    for c in typed.chars() {
        key(&mut s, c);
    }
    let mut t = draw(&s, 80, 24, &colour());
    let rows = rows_of(&t);
    let bar = rows
        .iter()
        .find(|r| r.starts_with("Filter:"))
        .expect("the filter bar");
    assert!(bar.trim_end().ends_with("END"), "{bar:?}");
    let cursor = t.get_cursor_position().unwrap();
    assert_eq!(
        usize::from(cursor.x),
        kefu::sanitize::width(bar.trim_end()),
        "the cursor just after the end"
    );
    // Home: the start of the text is shown again.
    special(&mut s, Key::Home);
    t = draw(&s, 80, 24, &colour());
    let rows = rows_of(&t);
    let bar = rows.iter().find(|r| r.starts_with("Filter:")).unwrap();
    assert!(
        bar.starts_with("Filter: category:account_locked"),
        "{bar:?}"
    );
}

#[test]
fn the_ticket_says_a_draft_waits_after_esc() {
    let mut s = detail_state(Language::En);
    key(&mut s, 'n');
    for c in "half a note".chars() {
        key(&mut s, c);
    }
    special(&mut s, Key::Esc);
    let rows = rows_of(&draw(&s, 80, 24, &colour()));
    assert!(
        rows.iter()
            .any(|r| r.contains("An unsent internal note waits: Enter returns to it.")),
        "{rows:#?}"
    );
    assert!(
        !rows.iter().any(|r| r.contains("Internal note")),
        "{rows:#?}"
    );
    special(&mut s, Key::Enter);
    let rows = rows_of(&draw(&s, 80, 24, &colour()));
    assert!(rows.iter().any(|r| r.contains("half a note")), "{rows:#?}");
}

#[test]
fn the_account_key_is_in_the_queue_and_ticket_footers_at_120x40() {
    for lang in [Language::ZhCn, Language::En] {
        let c = kefu::tui::locale::Catalog::new(lang);
        let want = format!(" A {} ", c.t("help.open_account"));
        for (what, s) in [("queue", queue_state(lang)), ("ticket", detail_state(lang))] {
            let rows = rows_of(&draw(&s, 120, 40, &colour()));
            assert_eq!(rows.len(), 40);
            let footer = &rows[39];
            assert!(footer.contains(&want), "{lang:?} {what}: {footer:?}");
            // Help, which leads to all the keys, keeps its room.
            let help = format!(" ? {} ", c.t("help.help"));
            assert!(footer.contains(&help), "{lang:?} {what}: {footer:?}");
        }
    }
    // The queue has room for it at 80×24 as well.
    let rows = rows_of(&draw(&queue_state(Language::En), 80, 24, &colour()));
    assert!(
        rows[23].contains(" A customer's account "),
        "{:?}",
        rows[23]
    );
}
