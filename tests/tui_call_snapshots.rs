//! The call as the operator sees it, on ratatui's TestBackend at 80×24 and 120×40 in zh-CN
//! and en: the call bar saying where the call goes (at 80 columns its labels give way, its
//! keys stay whole), and the wrap-up form (codes by their catalog labels, the summary
//! wrapped in its box, the call-back times).

use kefu::config::{Key, Language, Theme as ThemeName};
use kefu::tui::action::Action;
use kefu::tui::fixtures::calls;
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

fn draw(s: &State, (w, h): (u16, u16)) -> Terminal<TestBackend> {
    let mut s = s.clone();
    update(&mut s, Action::Resize(w, h));
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| render(f, &s, &Theme::new(ThemeName::Default, false)))
        .unwrap();
    t
}

/// A call from 张伟's number, 95 s in.
fn on_call(lang: Language) -> State {
    calls::on_call(lang)
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

/// The call bar's row (the one with the ☎).
fn bar(t: &Terminal<TestBackend>) -> String {
    let r = rows(t);
    let bars: Vec<&String> = r.iter().filter(|l| l.starts_with('☎')).collect();
    assert_eq!(bars.len(), 1, "{r:#?}");
    bars[0].clone()
}

#[test]
fn call_bar_says_where_the_call_goes_zh_cn_80x24() {
    let t = draw(&on_call(Language::ZhCn), (80, 24));
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
    let t = draw(&wrap_up(Language::ZhCn), (80, 24));
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
    let t = draw(&wrap_up(Language::En), (80, 24));
    let text = rows(&t).join("\n");
    assert!(text.contains("Call back needed (required)"), "{text}");
    // The summary wraps inside the box: its end is on screen.
    assert!(text.contains("17:00 today"), "{text}");
    insta::assert_snapshot!(t.backend());
}

#[test]
fn call_bar_en_80x24_keeps_its_keys_whole() {
    let t = draw(&on_call(Language::En), (80, 24));
    let b = bar(&t);
    // The labels give way; the number, where the call goes and both keys stay.
    assert!(
        b.contains("138****8000 · will be logged on #501 (张*)"),
        "{b:?}"
    );
    assert!(b.contains("H hang up · L change"), "{b:?}");
    insta::assert_snapshot!(t.backend());
}

#[test]
fn call_bar_zh_cn_120x40() {
    let t = draw(&on_call(Language::ZhCn), (120, 40));
    let b = bar(&t);
    assert!(
        b.contains("☎ 通话中 01:35 来电号码：138****8000 · 将记录到工单 #501（张*）"),
        "{b:?}"
    );
    assert!(b.contains("H 挂断 · L 更改"), "{b:?}");
    insta::assert_snapshot!(t.backend());
}

#[test]
fn call_bar_en_120x40() {
    let t = draw(&on_call(Language::En), (120, 40));
    let b = bar(&t);
    assert!(
        b.contains("☎ Call 01:35 Caller's number: 138****8000 · will be logged on #501 (张*)"),
        "{b:?}"
    );
    assert!(b.contains("H hang up · L change"), "{b:?}");
    insta::assert_snapshot!(t.backend());
}

#[test]
fn wrap_up_form_zh_cn_120x40() {
    let t = draw(&wrap_up(Language::ZhCn), (120, 40));
    let text = rows(&t).join("\n");
    for label in ["需要回电", "两小时后", "明天 09:00", "17:00 today"] {
        assert!(text.contains(label), "{label} missing:\n{text}");
    }
    insta::assert_snapshot!(t.backend());
}

#[test]
fn wrap_up_form_en_120x40() {
    let t = draw(&wrap_up(Language::En), (120, 40));
    let text = rows(&t).join("\n");
    assert!(text.contains("Call back needed (required)"), "{text}");
    assert!(text.contains("Tomorrow 09:00"), "{text}");
    assert!(text.contains("17:00 today"), "{text}");
    insta::assert_snapshot!(t.backend());
}
