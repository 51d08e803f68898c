//! The desk shows the security stops clearly: a sign-in delay on the sign-in screen, a
//! stopped lookup on the status line, each in the operator's language.

use kefu::client::ClientError;
use kefu::config::Language;
use kefu::tui::action::Action;
use kefu::tui::fixtures;
use kefu::tui::locale::Catalog;
use kefu::tui::state::Screen;
use kefu::tui::update::update;

fn refusal(code: &str) -> ClientError {
    ClientError::Api {
        status: 429,
        code: code.into(),
        message: "too many failed sign-ins for this operator id; wait 8 s and try again".into(),
    }
}

#[test]
fn a_sign_in_delay_is_said_on_the_sign_in_screen_in_both_languages() {
    for lang in [Language::En, Language::ZhCn] {
        let mut s = fixtures::state(lang, false);
        s.operator = None;
        s.screen = Screen::SignIn;
        update(&mut s, Action::SignedIn(Err(refusal("sign_in_delay"))));
        assert_eq!(s.screen, Screen::SignIn);
        let c = Catalog::new(lang);
        assert_eq!(
            s.sign_in.error.as_deref(),
            Some(c.t("error.code.sign_in_delay")),
            "{lang:?}"
        );
        assert!(!c.t("error.code.sign_in_delay").starts_with("error."));
    }
}

#[test]
fn a_stopped_lookup_says_why_and_that_a_supervisor_was_told() {
    for lang in [Language::En, Language::ZhCn] {
        let c = Catalog::new(lang);
        let text = kefu::tui::locale::error_text(&c, &refusal("lookup_misses"));
        assert_eq!(text, c.t("error.code.lookup_misses"));
        assert!(!text.starts_with("error."), "{lang:?}: {text}");
    }
}

#[test]
fn a_security_alert_tells_the_supervisor_who_was_stopped() {
    for lang in [Language::En, Language::ZhCn] {
        let mut s = fixtures::state(lang, false);
        let ev = kefu::api::LiveEvent {
            seq: 900,
            previous: None,
            assignee: None,
            decision: None,
            kind: "security.alert".into(),
            id: 900,
            action: "security.lookup_misses".into(),
            operator: "demo-agent\u{1b}[2J".into(),
            at: "2026-12-02T10:00:00Z".into(),
        };
        update(&mut s, Action::LiveEvent(ev));
        let shown = s.error.clone().expect("the alert is on the status line");
        assert!(shown.contains("demo-agent"), "{lang:?}: {shown}");
        assert!(
            !shown.contains('\u{1b}'),
            "untrusted text is cleaned: {shown:?}"
        );
        assert!(!shown.starts_with("live."), "{shown}");
    }
}
