//! Every string the desk shows comes from a catalog: a pseudo-locale test.
//!
//! How it works: `kefu::tui::locale::pseudo::set(true)` makes every catalog value of this
//! thread come wrapped in `⟦…⟧` (both languages; the desk never switches it on). The
//! states (tests/support/desk_states.rs) are built through `update` with that catalog, as a
//! desk would reach them (queue, filter bar, saved view, open ticket with its history,
//! editor, help overlay, lookup intro, results, every account card, its modals, the reviews
//! list, an open review, its confirmation, its zoomed photos and its reveal; the call: its
//! bar, the wrap-up form at each step, where it goes, the quit question, help during it, a
//! cut-off call offered back; the back office gone, probed and back; the status line's
//! notices and errors), and drawn on ratatui's TestBackend at 80×24 and 120×40. Each screen
//! is read back as text: what lies between the marks came from a catalog (what fills a
//! placeholder stands outside them: `Catalog::tf` closes the mark before it and opens it
//! again after, so an argument is checked like any other text); a mark cut by `…` ends
//! there; one that runs past the end of a line (wrapped text) goes on to the next line.
//! Every word left outside the marks that holds a letter (Latin, CJK…) must be data the
//! fixtures put on screen (names, subjects, logins, notes, schools, the advice topics'
//! text), or key names from the key map standing right before what they do (`s ⟦sort⟧`:
//! a key name anywhere else, as in "(30 s)", or cut from its words, is no key hint). A new
//! literal in a view ("claimed", "view:", "5m") is such a word, and the test names it with
//! the screen and row it is on. (The supervisor's team pane has its own test.)

use kefu::config::{Binding, Key, Language, Scope};
use kefu::tui::fixtures;
use kefu::tui::fixtures::accounts as acc;
use kefu::tui::fixtures::calls;
use kefu::tui::fixtures::reviews as rf;
use kefu::tui::locale::pseudo;
use kefu::tui::state::State;
use kefu::tui::theme::Theme;
use kefu::tui::view::render;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

#[path = "support/desk_states.rs"]
mod desk_states;
#[path = "support/keys.rs"]
mod keys;
#[path = "support/lookup.rs"]
mod lookup;
#[path = "support/catalog_rule.rs"]
mod rule;
#[path = "support/screen.rs"]
mod screen;
use desk_states::*;
use keys::{key, special, typed};
use rule::strays;

// ---------------------------------------------------------------- the states

/// Every state the test draws, by name.
fn states(lang: Language) -> Vec<(&'static str, State)> {
    let mut out = vec![("queue", queue(lang))];
    let mut s = queue(lang);
    key(&mut s, '/');
    out.push(("queue filter bar", s));
    let mut s = queue(lang);
    key(&mut s, 'm');
    out.push(("queue saved view", s));
    let mut s = queue(lang);
    key(&mut s, '?');
    out.push(("queue help", s));
    out.push(("ticket", ticket(lang)));
    let mut s = ticket(lang);
    special(&mut s, Key::PageDown);
    out.push(("ticket scrolled", s));
    let mut s = ticket(lang);
    key(&mut s, 'n');
    typed(&mut s, "来电人要求改手机号");
    out.push(("ticket editor", s));
    let mut s = ticket(lang);
    key(&mut s, 't');
    out.push(("ticket status picker", s));
    let mut s = ticket(lang);
    key(&mut s, '?');
    special(&mut s, Key::PageDown);
    out.push(("ticket help page 2", s));
    out.push(("ticket offline", offline(lang)));
    let mut s = ticket(lang);
    key(&mut s, 'P');
    out.push(("call bar typing", s));
    let mut s = ticket(lang);
    key(&mut s, 'P');
    typed(&mut s, "13800138000");
    special(&mut s, Key::Enter);
    out.push(("call bar", s));
    let mut s = fixtures::state(lang, false);
    key(&mut s, '2');
    out.push(("lookup intro", s));
    let mut s = fixtures::state(lang, false);
    key(&mut s, '2');
    typed(&mut s, "110105194912310021");
    out.push(("lookup wrong id", s));
    out.push(("lookup results", results(lang)));
    for (name, query, d) in [
        ("lookup active", "13900139000", acc::active()),
        ("lookup locked", "+86 138 0013 8000", acc::locked()),
        ("lookup frozen", "13700137000", acc::frozen()),
        ("lookup unactivated", "13600136000", acc::unactivated()),
        ("lookup conflict card", "18600186000", acc::conflict_card()),
        ("lookup pending sync", "13500135000", acc::pending_sync()),
        ("lookup pre-2001", "13400134000", acc::pre_2001()),
        ("lookup rare name", "13300133000", acc::rare_name()),
    ] {
        out.push((name, card(lang, query, d)));
    }
    for (name, k) in [
        ("lookup unlock form", 'U'),
        ("lookup reveal menu", 'v'),
        ("lookup rebind form", 'b'),
        ("lookup new ticket form", 'T'),
        ("lookup help", '?'),
    ] {
        let mut s = card(lang, "+86 138 0013 8000", acc::locked());
        key(&mut s, k);
        out.push((name, s));
    }
    let mut s = card(lang, "+86 138 0013 8000", acc::locked());
    key(&mut s, 'b');
    typed(&mut s, "2381234");
    out.push(("lookup rebind form, a wrong number", s));
    let mut s = card(lang, "+86 138 0013 8000", acc::locked());
    key(&mut s, 'y');
    out.push(("lookup card, id copied", s));
    let mut s = card(lang, "18600186000", acc::conflict_card());
    key(&mut s, 'i');
    out.push(("lookup identity claim form", s));
    let mut s = card(lang, "+86 138 0013 8000", acc::locked());
    key(&mut s, 'P');
    typed(&mut s, "13800138000");
    special(&mut s, Key::Enter);
    out.push(("lookup card during a call", s));
    out.push(("reviews list", reviews(lang)));
    out.push(("review", review(lang)));
    let mut s = review(lang);
    key(&mut s, 'd');
    out.push(("review decision", s));
    out.push(("review zoom document", review_zoomed(lang, 1)));
    out.push(("review zoom selfie", review_zoomed(lang, 2)));
    out.push(("review zoom both", review_zoomed(lang, 3)));
    out.push(("review reveal which number", reveal_which(lang)));
    out.push(("review reveal reason", reveal_reason(lang)));
    out.push(("review revealed number", revealed(lang)));
    out.extend(call_states(lang));
    out.push(("queue offline", queue_offline(lang)));
    out.push(("offline retrying", offline_retrying(lang)));
    out.push(("back online", back_online(lang)));
    out
}

/// The call: its bar, the wrap-up form at each step, where it goes, the questions it asks.
fn call_states(lang: Language) -> Vec<(&'static str, State)> {
    let mut out = vec![("call bar, caller found", calls::on_call(lang))];
    out.push((
        "call bar, caller unknown",
        call_with_matches(lang, Vec::new()),
    ));
    out.push((
        "call bar, several accounts",
        call_with_matches(lang, acc::conflict_pair()),
    ));
    let mut s = calls::on_call(lang);
    key(&mut s, '?');
    out.push(("help during a call", s));
    let mut s = calls::on_call(lang);
    key(&mut s, '?');
    special(&mut s, Key::PageDown);
    out.push(("help during a call page 2", s));
    let mut s = calls::on_call(lang);
    key(&mut s, 'q');
    out.push(("quit during a call", s));
    out.push(("wrap-up codes", wrap_up_codes(lang)));
    out.push(("wrap-up summary", wrap_up_summary(lang)));
    out.push(("wrap-up summary missing", wrap_up_summary_missing(lang)));
    out.push(("wrap-up call-back times", wrap_up_callback(lang)));
    let mut s = wrap_up_callback(lang);
    key(&mut s, 'j');
    key(&mut s, 'j');
    typed(&mut s, "25:00");
    special(&mut s, Key::Enter);
    out.push(("wrap-up call-back time typed wrong", s));
    out.push(("wrap-up sending", wrap_up_sending(lang)));
    out.push(("call target picker", call_target_picker(lang)));
    out.push(("cut-off call offered back", calls::offered_back(lang)));
    let mut s = calls::offered_back(lang);
    key(&mut s, 'y');
    out.push(("cut-off call resumed", s));
    out
}

// ---------------------------------------------------------------- the rule

/// Text the fixtures may put on screen: every string in the fixtures' data (as the desk
/// cleans it), the advice topics (a localized asset of their own), what the states type.
fn data_text(lang: Language) -> String {
    let mut values = Vec::new();
    let mut json = vec![
        serde_json::to_value(fixtures::page()).unwrap(),
        serde_json::to_value(fixtures::detail()).unwrap(),
        serde_json::to_value(rf::rows()).unwrap(),
        serde_json::to_value(rf::detail()).unwrap(),
        serde_json::to_value(acc::conflict_pair()).unwrap(),
        serde_json::to_value(machine_events()).unwrap(),
    ];
    for d in [
        acc::active(),
        acc::locked(),
        acc::frozen(),
        acc::unactivated(),
        acc::conflict_card(),
        acc::pending_sync(),
        acc::pre_2001(),
        acc::rare_name(),
    ] {
        json.push(serde_json::to_value(d).unwrap());
    }
    for lang in [Language::ZhCn, Language::En] {
        let s = fixtures::state(lang, false);
        json.push(serde_json::to_value(&s.operator).unwrap());
    }
    for v in &json {
        rule::strings(v, &mut values);
    }
    // The advice names keys as the card shows it: `{escalate}` filled with its key.
    let escalate = fixtures::state(lang, false)
        .keymap
        .keys_label_in(Scope::Ticket, Binding::Escalate);
    for t in kefu::tui::panes::lookup::advice::topics(lang).values() {
        values.push(t.title.clone());
        values.extend(t.lines.iter().map(|l| l.replace("{escalate}", &escalate)));
    }
    // What the states type, and the filter bar's text: the filter language the operator
    // types (`status:open`), shown in the bar as typed.
    values.extend(
        [
            "审核员小陈",
            "来电人要求改手机号",
            "110105194912310021",
            "11010519491231002X",
            "2381234",
            "https://kefu.example.cn",
            SUMMARY,
            REVEAL_REASON,
            REVEALED,
            "half a summary",
            "25:00",
            // The check digit the wrong number should have had, as the error names it.
            "X",
        ]
        .map(String::from),
    );
    values.push(queue(Language::En).queue.filter.to_text());
    values.join("\n")
}

#[test]
fn the_rule_finds_a_literal_and_passes_marked_and_data_text() {
    let rows = vec![
        "⟦Queue⟧ 王𠮷 ⟦open⟧ claimed Enter ⟦open⟧ customer".to_string(),
        "⟦a wrapped catalog".to_string(),
        "string⟧ 5m ⟦cut va…  Need my de…".to_string(),
        "H123 (30 s) ⟦valid⟧ s ⟦sort⟧ Enter⟦ next⟧ (Enter)".to_string(),
    ];
    let data = "王𠮷\nNeed my degree record\nthe customers\nH123";
    let keys = vec!["Enter".to_string(), "s".to_string()];
    assert_eq!(
        strays(&rows, data, &keys),
        vec![
            (0, "claimed".to_string()),
            (0, "customer".to_string()),
            (2, "5m".to_string()),
            (3, "s".to_string()),
            (3, "Enter".to_string())
        ]
    );
}

#[test]
fn every_string_shown_comes_from_a_catalog() {
    rule::assert_every_string_from_a_catalog(states, data_text, 30, 120);
}

/// The screens the rule reads do show what their names say (a state that silently fell
/// back to the queue would prove nothing).
#[test]
fn the_states_reach_what_they_are_named_for() {
    pseudo::set(true);
    let theme = Theme::new(kefu::config::Theme::Default, false);
    let all = states(Language::En);
    let screen = |name: &str| {
        let (_, s) = all.iter().find(|(n, _)| *n == name).unwrap();
        let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
        t.draw(|f| render(f, s, &theme)).unwrap();
        screen::rows(&t).join("\n")
    };
    for (name, needle) in [
        ("ticket", "taken from"),
        ("ticket editor", "来电人要求改手机号"),
        ("ticket offline", "✕"),
        ("lookup card, id copied", "✓"),
        ("call bar", "☎"),
        ("lookup wrong id", "check digit"),
        ("lookup rebind form, a wrong number", "11 digits"),
        ("lookup card during a call", "☎"),
        ("queue saved view", "mine"),
        ("review", "陈**"),
        ("review zoom document", "Document photo"),
        ("review zoom document", "back to the review"),
        ("review zoom selfie", "Selfie"),
        ("review zoom both", "Document photo"),
        ("review zoom both", "Selfie"),
        ("review reveal which number", "Which number?"),
        ("review reveal reason", "Why show"),
        ("review revealed number", REVEALED),
        ("call bar, caller found", "will be logged on #"),
        ("call bar, caller unknown", "new ticket (caller unknown)"),
        ("call bar, several accounts", "account(s) on this number"),
        ("help during a call", "change where the call is logged"),
        ("help during a call page 2", "Phone call"),
        ("quit during a call", "Quit anyway?"),
        ("wrap-up codes", "Wrap-up code"),
        ("wrap-up summary", "try again after 17:00"),
        ("wrap-up summary missing", "A summary is required"),
        ("wrap-up call-back times", "When to call back"),
        ("wrap-up call-back time typed wrong", "Type the time as"),
        ("wrap-up sending", "Logging the call"),
        ("call target picker", "open when the call started"),
        ("cut-off call offered back", "was cut off"),
        ("cut-off call resumed", "half a summary"),
        ("queue offline", "retry in"),
        ("offline retrying", "retrying"),
        ("back online", "answers again"),
    ] {
        let text = screen(name);
        assert!(text.contains(needle), "{name}: no {needle:?} in\n{text}");
    }
    pseudo::set(false);
}
