//! The lookup pane on ratatui's TestBackend, one snapshot per account state (active,
//! locked, frozen, unactivated, identity conflict, degree pending sync, pre-2001 degree,
//! non-BMP name), in zh-CN and en; the unlock form; rare characters lining up.

use kefu::api::{AccountDetail, RevealField, RevealResponse};
use kefu::config::{Key, KeyChord, Language, Theme as ThemeName};
use kefu::tui::action::{Action, Effect};
use kefu::tui::fixtures;
use kefu::tui::fixtures::accounts as acc;
use kefu::tui::panes::lookup::msg::{Answer, Request};
use kefu::tui::state::State;
use kefu::tui::theme::Theme;
use kefu::tui::update::update;
use kefu::tui::view::render;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

#[path = "support/keys.rs"]
mod keys;
#[path = "support/lookup.rs"]
mod lookup;
use lookup::{found, req_of};
#[path = "support/screen.rs"]
mod screen;
use keys::{chord, key, special, typed};
use screen::row_text;

/// The pane showing the card `d`, found by the number the caller gave.
fn card_state(lang: Language, query: &str, d: AccountDetail) -> State {
    let mut s = fixtures::state(lang, false);
    key(&mut s, '2');
    let fx = typed(&mut s, query);
    let fx = if fx.is_empty() {
        special(&mut s, Key::Enter)
    } else {
        fx
    };
    let req = req_of(&fx);
    let creq = req_of(&found(&mut s, req, vec![d.summary.clone()]));
    update(
        &mut s,
        Action::Lookup(Answer::Card {
            req: creq,
            result: Ok(Box::new(d)),
        }),
    );
    special(&mut s, Key::Esc);
    s.notice = None;
    s
}

fn conflict_state(lang: Language) -> State {
    let mut s = fixtures::state(lang, false);
    key(&mut s, '2');
    let req = req_of(&typed(&mut s, "11010519491231002X"));
    found(&mut s, req, acc::conflict_pair());
    special(&mut s, Key::Esc);
    s
}

fn rare_state(lang: Language) -> State {
    let mut s = card_state(lang, "13900139000", acc::rare_name());
    // Reveal the name: the field list, two down, Enter, then the first preset reason.
    for k in [
        KeyChord::ch('v'),
        KeyChord::ch('j'),
        KeyChord::ch('j'),
        KeyChord::plain(Key::Enter),
    ] {
        chord(&mut s, k);
    }
    let op = match special(&mut s, Key::Enter).as_slice() {
        [Effect::Lookup(Request::Run(op))] => op.clone(),
        other => panic!("{other:?}"),
    };
    update(
        &mut s,
        Action::Lookup(Answer::Revealed {
            op,
            result: Ok(RevealResponse {
                field: RevealField::Name,
                value: Some("王𠮷".into()),
            }),
        }),
    );
    s.notice = None;
    s
}

fn unlock_form(lang: Language) -> State {
    let mut s = card_state(lang, "+86 138 0013 8000", acc::locked());
    key(&mut s, 'U');
    s
}

/// 张伟's card while a call from his number runs: logging the call here is the first key.
fn call_state(lang: Language) -> State {
    let mut s = card_state(lang, "13800138000", acc::locked());
    key(&mut s, 'P');
    typed(&mut s, "13800138000");
    special(&mut s, Key::Enter);
    s
}

/// A card with more degrees, orders, tickets and reviews than 80×24 has lines for.
fn busy_card() -> AccountDetail {
    let mut d = acc::locked();
    let degree = d.degrees[0].clone();
    d.degrees = (0..4).map(|_| degree.clone()).collect();
    let order = acc::frozen().orders[0].clone();
    d.orders = (0..5).map(|_| order.clone()).collect();
    let ticket = d.tickets[0].clone();
    d.tickets = (0..6)
        .map(|i| {
            let mut t = ticket.clone();
            t.id = 501 + i;
            t
        })
        .collect();
    d.reviews = (0..3)
        .map(|i| {
            fixtures::reviews::row(
                7 + i,
                kefu::api::ReviewKind::PhoneRebind,
                "张*",
                fixtures::today(),
            )
        })
        .collect();
    d
}

fn draw(s: &State, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    let theme = Theme::new(ThemeName::Default, false);
    t.draw(|f| render(f, s, &theme)).unwrap();
    t
}

macro_rules! snap {
    ($name:ident, $state:expr, $w:expr, $h:expr) => {
        #[test]
        fn $name() {
            let t = draw(&$state, $w, $h);
            insta::assert_snapshot!(t.backend());
        }
    };
}

snap!(
    lookup_active_zh,
    card_state(Language::ZhCn, "13900000731", acc::active()),
    100,
    30
);
snap!(
    lookup_active_en,
    card_state(Language::En, "13900000731", acc::active()),
    100,
    30
);
snap!(
    lookup_locked_zh,
    card_state(Language::ZhCn, "+86 138 0013 8000", acc::locked()),
    100,
    30
);
snap!(
    lookup_locked_en,
    card_state(Language::En, "+86 138 0013 8000", acc::locked()),
    100,
    30
);
snap!(
    lookup_locked_zh_80x24,
    card_state(Language::ZhCn, "13800138000", acc::locked()),
    80,
    24
);
snap!(
    lookup_locked_en_80x24,
    card_state(Language::En, "13800138000", acc::locked()),
    80,
    24
);
snap!(
    lookup_frozen_zh,
    card_state(Language::ZhCn, "13700002210", acc::frozen()),
    100,
    30
);
snap!(
    lookup_frozen_en,
    card_state(Language::En, "13700002210", acc::frozen()),
    100,
    30
);
snap!(
    lookup_unactivated_zh,
    card_state(Language::ZhCn, "wujing0417@163.com", acc::unactivated()),
    100,
    30
);
snap!(
    lookup_unactivated_en,
    card_state(Language::En, "wujing0417@163.com", acc::unactivated()),
    100,
    30
);
snap!(lookup_conflict_zh, conflict_state(Language::ZhCn), 100, 30);
snap!(lookup_conflict_en, conflict_state(Language::En), 100, 30);
snap!(
    lookup_conflict_card_zh,
    card_state(Language::ZhCn, "18600003321", acc::conflict_card()),
    100,
    30
);
snap!(
    lookup_conflict_card_en,
    card_state(Language::En, "18600003321", acc::conflict_card()),
    100,
    30
);
snap!(
    lookup_pending_sync_zh,
    card_state(Language::ZhCn, "13500006618", acc::pending_sync()),
    100,
    30
);
snap!(
    lookup_pending_sync_en,
    card_state(Language::En, "13500006618", acc::pending_sync()),
    100,
    30
);
snap!(
    lookup_pre_2001_zh,
    card_state(Language::ZhCn, "13300009012", acc::pre_2001()),
    100,
    30
);
snap!(
    lookup_pre_2001_en,
    card_state(Language::En, "13300009012", acc::pre_2001()),
    100,
    30
);
snap!(
    lookup_locked_zh_120x40,
    card_state(Language::ZhCn, "13800138000", acc::locked()),
    120,
    40
);
snap!(
    lookup_locked_en_120x40,
    card_state(Language::En, "13800138000", acc::locked()),
    120,
    40
);
snap!(lookup_call_zh_80x24, call_state(Language::ZhCn), 80, 24);
snap!(lookup_call_en_80x24, call_state(Language::En), 80, 24);
snap!(lookup_rare_name_zh, rare_state(Language::ZhCn), 100, 30);
snap!(lookup_rare_name_en, rare_state(Language::En), 100, 30);
snap!(lookup_unlock_form_zh, unlock_form(Language::ZhCn), 100, 30);
snap!(lookup_unlock_form_en, unlock_form(Language::En), 100, 30);

#[test]
fn the_footer_of_the_card_during_a_call_offers_l_first_at_80x24() {
    for lang in [Language::ZhCn, Language::En] {
        let t = draw(&call_state(lang), 80, 24);
        let footer = row_text(&t, 23);
        assert!(footer.starts_with(" l "), "{lang:?}: {footer:?}");
        // Keys are whole: the line ends in a description and padding, never a cut key.
        assert!(!footer.trim_end().ends_with('…'), "{lang:?}: {footer:?}");
        assert!(
            footer.contains(" ? "),
            "{lang:?}: help keeps its place: {footer:?}"
        );
    }
}

#[test]
fn the_cards_ticket_and_review_lines_are_all_drawn_and_the_cursor_stays_on_them() {
    let mut s = card_state(Language::En, "13800138000", busy_card());
    let t = draw(&s, 80, 24);
    let text: Vec<String> = (0..24).map(|y| row_text(&t, y)).collect();
    // Four tickets and three reviews: every line the cursor walks is on screen.
    for id in ["#501", "#502", "#503", "#504", "#7 ", "#8 ", "#9 "] {
        assert!(
            text.iter().any(|r| r.contains(id)),
            "{id} not drawn:\n{}",
            text.join("\n")
        );
    }
    // Degrees and orders gave way and say how many more there are.
    assert!(
        text.iter().any(|r| r.contains("more")),
        "{}",
        text.join("\n")
    );
    // Down to the last line and beyond: the marker is on a drawn line each time.
    for step in 0..9 {
        let t = draw(&s, 80, 24);
        let marked = (0..24).filter(|y| row_text(&t, *y).contains('▶')).count();
        assert_eq!(marked, 1, "step {step}");
        key(&mut s, 'j');
    }
    let t = draw(&s, 80, 24);
    let last = (0..24)
        .map(|y| row_text(&t, y))
        .find(|r| r.contains('▶'))
        .unwrap();
    assert!(last.contains("#9 "), "{last:?}");
}

#[test]
fn lookup_wrong_id_en() {
    let mut s = fixtures::state(Language::En, false);
    key(&mut s, '2');
    assert!(typed(&mut s, "110105194912310021").is_empty());
    insta::assert_snapshot!(draw(&s, 100, 30).backend());
}

fn col_of(t: &Terminal<TestBackend>, y: u16, needle: &str) -> Option<usize> {
    let row = row_text(t, y);
    row.find(needle)
        .map(|i| unicode_width::UnicodeWidthStr::width(&row[..i]))
}

#[test]
fn a_revealed_rare_name_lines_up_with_the_other_fields() {
    let s = rare_state(Language::ZhCn);
    let t = draw(&s, 100, 30);
    let name_y = (0..30).find(|y| col_of(&t, *y, "王𠮷").is_some()).unwrap();
    let login_y = (0..30)
        .find(|y| col_of(&t, *y, "139****9000").is_some())
        .unwrap();
    assert_eq!(
        col_of(&t, name_y, "王𠮷"),
        col_of(&t, login_y, "139****9000")
    );
    // The right column starts at the same x on the name row as on the others.
    let right = |y| col_of(&t, y, "(");
    assert!(right(name_y).is_some());
    assert!(row_text(&t, name_y).contains("（30 秒）"));
}

#[test]
fn hostile_text_from_the_api_never_reaches_a_cell_raw() {
    let mut d = acc::locked();
    d.frozen_reason = Some("x\u{1b}[2J".into());
    d.summary.state = kefu::api::AccountState::Frozen;
    d.degrees[0].school = "北京\u{202e}学大".into();
    let s = card_state(Language::En, "13800138000", d);
    let t = draw(&s, 100, 30);
    for cell in t.backend().buffer().content() {
        for c in cell.symbol().chars() {
            assert!(
                !c.is_control() && !('\u{202a}'..='\u{202e}').contains(&c),
                "{c:?} reached a cell"
            );
        }
    }
}
