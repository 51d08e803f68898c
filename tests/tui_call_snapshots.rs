//! The call as the operator sees it, on ratatui's TestBackend at 80×24 in zh-CN and en: the
//! call bar saying where the call goes, and the wrap-up form (codes by their catalog
//! labels, the summary wrapped in its box, the call-back times).

use kefu::api::Page;
use kefu::config::{Key, Language, Theme as ThemeName};
use kefu::tui::action::{Action, Effect};
use kefu::tui::fixtures;
use kefu::tui::fixtures::accounts as acc;
use kefu::tui::state::State;
use kefu::tui::theme::Theme;
use kefu::tui::update::update;
use kefu::tui::view::render;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

#[path = "support/keys.rs"]
mod keys;
#[path = "support/screen.rs"]
mod screen;
use keys::{ctrl, key, special, type_quietly};
use screen::rows;

fn draw(s: &State) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| render(f, s, &Theme::new(ThemeName::Default, false)))
        .unwrap();
    t
}

/// A call from 张伟's number, 95 s in, at 80×24.
fn on_call(lang: Language) -> State {
    let mut s = fixtures::state(lang, false);
    update(&mut s, Action::Resize(80, 24));
    key(&mut s, 'P');
    type_quietly(&mut s, "13800138000");
    let req = match special(&mut s, Key::Enter).as_slice() {
        [Effect::LookupCaller { req, .. }] => *req,
        other => panic!("{other:?}"),
    };
    let d = acc::locked();
    let fx = update(
        &mut s,
        Action::CallerFound {
            req,
            result: Ok(Page {
                items: vec![d.summary.clone()],
                next_cursor: None,
                total: 1,
            }),
        },
    );
    let req = fx
        .iter()
        .find_map(|e| match e {
            Effect::LoadCallerAccount { req, .. } => Some(*req),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{fx:?}"));
    update(
        &mut s,
        Action::CallerAccount {
            req,
            result: Box::new(Ok(d)),
        },
    );
    update(
        &mut s,
        Action::Tick(
            fixtures::now() + chrono::Duration::seconds(95),
            fixtures::today(),
        ),
    );
    s
}

/// Hung up with "Call back needed", a long summary typed, on the call-back times.
fn wrap_up(lang: Language) -> State {
    let mut s = on_call(lang);
    key(&mut s, 'H');
    key(&mut s, 'j');
    key(&mut s, 'j');
    special(&mut s, Key::Enter);
    type_quietly(
        &mut s,
        "客户下午三点后在家，回电确认解锁时间；the caller asks for the unlock before 17:00 today",
    );
    ctrl(&mut s, 's');
    s
}

#[test]
fn call_bar_says_where_the_call_goes_zh_cn_80x24() {
    let t = draw(&on_call(Language::ZhCn));
    let r = rows(&t);
    assert_eq!(r.len(), 24);
    assert!(
        r.iter().any(|l| l.contains("将记录到工单 #501（张*）")),
        "{r:#?}"
    );
    insta::assert_snapshot!(t.backend());
}

#[test]
fn wrap_up_form_zh_cn_80x24() {
    let t = draw(&wrap_up(Language::ZhCn));
    let text = rows(&t).join("\n");
    for label in [
        "通话中已解决",
        "需要回电",
        "已告知相关信息",
        "两小时后",
        "明天 09:00",
    ] {
        assert!(text.contains(label), "{label} missing:\n{text}");
    }
    assert!(!text.contains("info_given"), "no raw code:\n{text}");
    insta::assert_snapshot!(t.backend());
}

#[test]
fn wrap_up_form_en_80x24() {
    let t = draw(&wrap_up(Language::En));
    let text = rows(&t).join("\n");
    assert!(text.contains("Call back needed (required)"), "{text}");
    // The summary wraps inside the box: its end is on screen.
    assert!(text.contains("17:00 today"), "{text}");
    insta::assert_snapshot!(t.backend());
}
