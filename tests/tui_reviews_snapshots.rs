//! What a reviewer sees, on ratatui's TestBackend: the review queue and a review with its
//! two images in half blocks (never the real terminal's protocol), at 80×24 and 120×40,
//! in zh-CN and en; plus the confirmation screen and the no-graphics fallback.

use chrono::Duration;
use kefu::api::{
    Decision, DecisionRecord, OperatorInfo, Page, ReviewKind, ReviewRevealField,
    ReviewRevealResponse, ReviewState, Role, Signal, SignalCode,
};
use kefu::config::{Key, Language, Theme as ThemeName};
use kefu::domain::reason::ReasonCode;
use kefu::tui::action::{Action, Effect};
use kefu::tui::fixtures;
use kefu::tui::fixtures::reviews as rf;
use kefu::tui::images::Graphics;
use kefu::tui::panes::reviews::msg::{ReviewsAction, ReviewsEffect};
use kefu::tui::state::State;
use kefu::tui::theme::Theme;
use kefu::tui::update::update;
use kefu::tui::view::render;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

#[path = "support/keys.rs"]
mod keys;
use keys::{key, special};

fn ra(a: ReviewsAction) -> Action {
    Action::Reviews(Box::new(a))
}

fn queue_state(lang: Language, size: (u16, u16)) -> State {
    let mut s = fixtures::state(lang, false);
    s.operator = Some(OperatorInfo {
        id: "demo-reviewer".into(),
        name: "审核员小陈".into(),
        roles: vec![Role::Reviewer],
    });
    update(&mut s, Action::Resize(size.0, size.1));
    let fx = key(&mut s, '3');
    let mut reqs = fx.iter().filter_map(|e| match e {
        Effect::Reviews(ReviewsEffect::List { req, .. })
        | Effect::Reviews(ReviewsEffect::Count { req, .. }) => Some(*req),
        _ => None,
    });
    let (req, creq) = (reqs.next().unwrap(), reqs.next().unwrap());
    update(
        &mut s,
        ra(ReviewsAction::Listed {
            req,
            result: Ok(Page {
                items: rf::rows(),
                next_cursor: None,
                total: 3,
            }),
        }),
    );
    update(
        &mut s,
        ra(ReviewsAction::Counted {
            req: creq,
            result: Ok(vec![
                (ReviewState::Pending, 148),
                (ReviewState::Claimed, 1),
                (ReviewState::AwaitingSecondApproval, 1),
                (ReviewState::Escalated, 0),
                (ReviewState::Approved, 12),
                (ReviewState::RejectedRetry, 3),
                (ReviewState::RejectedFinal, 1),
            ]),
        }),
    );
    s
}

/// The request id of the review read among `fx`.
fn load_req(fx: &[Effect]) -> u64 {
    fx.iter()
        .find_map(|e| match e {
            Effect::Reviews(ReviewsEffect::Load { req, .. }) => Some(*req),
            _ => None,
        })
        .unwrap()
}

fn review_state(lang: Language, size: (u16, u16)) -> State {
    let mut s = queue_state(lang, size);
    let fx = special(&mut s, Key::Enter);
    let req = load_req(&fx);
    let mut d = rf::detail();
    d.summary.state = ReviewState::Claimed;
    d.summary.claimed_by = Some("demo-reviewer".into());
    d.summary.claim_expires_at = Some(fixtures::now() + Duration::minutes(14));
    update(&mut s, ra(ReviewsAction::Loaded { req, result: Ok(d) }));
    // Two items ticked.
    key(&mut s, ' ');
    key(&mut s, 'j');
    key(&mut s, ' ');
    rf::with_halfblock_images(&mut s);
    s
}

/// demo-reviewer opens the rebind they gave the first approval of: signals, both phones,
/// the first decision's words, and no form.
fn first_approver_state(lang: Language, size: (u16, u16)) -> State {
    let mut s = queue_state(lang, size);
    key(&mut s, 'j');
    key(&mut s, 'j');
    let fx = special(&mut s, Key::Enter);
    let req = load_req(&fx);
    let mut d = rf::detail();
    d.summary = rf::rows().remove(2);
    d.summary.kind = ReviewKind::PhoneRebind;
    d.current_phone = Some("139****9000".into());
    d.new_phone = Some("186****5678".into());
    d.signals = vec![
        Signal {
            code: SignalCode::AccountFrozen,
            accounts: vec![],
            reviews: vec![],
        },
        Signal {
            code: SignalCode::SameIdentityOtherAccount,
            accounts: vec![41, 42],
            reviews: vec![],
        },
    ];
    d.decisions = vec![DecisionRecord {
        reviewer: "demo-reviewer".into(),
        decision: Decision::Approve,
        reason_code: ReasonCode::DocumentsMatch,
        checklist: vec![],
        comment_to_user: "审核通过".into(),
        internal_note: "旧号码已停机\u{1b}[2J".into(),
        at: fixtures::now() - Duration::hours(1),
    }];
    update(&mut s, ra(ReviewsAction::Loaded { req, result: Ok(d) }));
    rf::with_halfblock_images(&mut s);
    s
}

fn confirm_state(lang: Language, size: (u16, u16)) -> State {
    let mut s = review_state(lang, size);
    for _ in 0..2 {
        key(&mut s, 'j');
        key(&mut s, ' ');
    }
    key(&mut s, 'd');
    for _ in 0..2 {
        special(&mut s, Key::Enter);
    }
    for c in "证件清晰".chars() {
        key(&mut s, c);
    }
    special(&mut s, Key::Enter);
    special(&mut s, Key::Enter);
    s
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
            let s = $state(($w, $h));
            insta::assert_snapshot!(draw(&s, $w, $h).backend());
        }
    };
}

snap!(
    reviews_queue_zh_80x24,
    |sz| queue_state(Language::ZhCn, sz),
    80,
    24
);
snap!(
    reviews_queue_en_80x24,
    |sz| queue_state(Language::En, sz),
    80,
    24
);
snap!(
    reviews_queue_zh_120x40,
    |sz| queue_state(Language::ZhCn, sz),
    120,
    40
);
snap!(
    reviews_queue_en_120x40,
    |sz| queue_state(Language::En, sz),
    120,
    40
);
snap!(
    review_zh_80x24,
    |sz| review_state(Language::ZhCn, sz),
    80,
    24
);
snap!(review_en_80x24, |sz| review_state(Language::En, sz), 80, 24);
snap!(
    review_zh_120x40,
    |sz| review_state(Language::ZhCn, sz),
    120,
    40
);
snap!(
    review_en_120x40,
    |sz| review_state(Language::En, sz),
    120,
    40
);
snap!(
    review_confirm_en_120x40,
    |sz| confirm_state(Language::En, sz),
    120,
    40
);
snap!(
    review_confirm_zh_80x24,
    |sz| confirm_state(Language::ZhCn, sz),
    80,
    24
);

snap!(
    review_first_approver_en_120x40,
    |sz| first_approver_state(Language::En, sz),
    120,
    40
);
snap!(
    review_first_approver_zh_120x40,
    |sz| first_approver_state(Language::ZhCn, sz),
    120,
    40
);

#[test]
fn the_first_approver_is_told_why_and_offered_no_form() {
    let s = first_approver_state(Language::En, (120, 40));
    let text = draw(&s, 120, 40).backend().to_string();
    for want in [
        "No decision for you on this review",
        "you gave the first approval",
        "Account frozen",
        "also registered on account 41, 42",
        "Phone now 139****9000",
        "New phone 186****5678",
        "to the applicant: 审核通过",
        "internal: 旧号码已停机",
    ] {
        assert!(text.contains(want), "{want:?} missing:\n{text}");
    }
    assert!(!text.contains("Checklist"), "{text}");
}

#[test]
fn review_zoomed_en_80x24() {
    let mut s = review_state(Language::En, (80, 24));
    key(&mut s, 'z');
    rf::with_halfblock_images(&mut s);
    insta::assert_snapshot!(draw(&s, 80, 24).backend());
}

#[test]
fn review_without_graphics_says_so_and_keeps_the_rest() {
    let mut s = review_state(Language::En, (80, 24));
    s.reviews.graphics = Graphics::Unavailable;
    let t = draw(&s, 80, 24);
    let text = t.backend().to_string();
    assert!(text.contains("Images are not shown"), "{text}");
    assert!(text.contains("Checklist"), "{text}");
    insta::assert_snapshot!(t.backend());
}

#[test]
fn half_blocks_are_drawn_and_hostile_text_is_neutralised() {
    for lang in [Language::En, Language::ZhCn] {
        let s = review_state(lang, (120, 40));
        let t = draw(&s, 120, 40);
        let text = t.backend().to_string();
        assert!(text.contains('▀') || text.contains('▄'), "{text}");
        for cell in t.backend().buffer().content() {
            for c in cell.symbol().chars() {
                assert!(
                    !c.is_control() && !('\u{202a}'..='\u{202e}').contains(&c),
                    "{c:?} reached a cell"
                );
            }
        }
    }
}

/// The open review after `presses` of the zoom key, its images encoded for that zoom.
fn zoomed_state(lang: Language, size: (u16, u16), presses: usize) -> State {
    let mut s = review_state(lang, size);
    for _ in 0..presses {
        key(&mut s, 'z');
    }
    rf::with_halfblock_images(&mut s);
    s
}

snap!(
    review_zoom_document_zh_120x40,
    |sz| zoomed_state(Language::ZhCn, sz, 1),
    120,
    40
);
snap!(
    review_zoom_document_en_120x40,
    |sz| zoomed_state(Language::En, sz, 1),
    120,
    40
);
snap!(
    review_zoom_selfie_zh_120x40,
    |sz| zoomed_state(Language::ZhCn, sz, 2),
    120,
    40
);
snap!(
    review_zoom_selfie_en_120x40,
    |sz| zoomed_state(Language::En, sz, 2),
    120,
    40
);
snap!(
    review_zoom_both_zh_120x40,
    |sz| zoomed_state(Language::ZhCn, sz, 3),
    120,
    40
);
snap!(
    review_zoom_both_en_120x40,
    |sz| zoomed_state(Language::En, sz, 3),
    120,
    40
);
snap!(
    review_zoom_selfie_zh_80x24,
    |sz| zoomed_state(Language::ZhCn, sz, 2),
    80,
    24
);

/// Rows of the drawn screen whose columns `x0..x1` carry picture: half blocks, or the
/// blank a half-block image draws where both halves have one colour (an RGB background).
fn rows_with_blocks(t: &Terminal<TestBackend>, x0: u16, x1: u16) -> usize {
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .filter(|y| {
            (x0..x1).any(|x| {
                buf.cell((x, *y)).is_some_and(|c| {
                    c.symbol() == "▀"
                        || c.symbol() == "▄"
                        || matches!(c.bg, ratatui::style::Color::Rgb(..))
                })
            })
        })
        .count()
}

#[test]
fn at_120x40_the_photos_fill_the_rows_the_text_leaves() {
    for lang in [Language::En, Language::ZhCn] {
        let s = review_state(lang, (120, 40));
        let t = draw(&s, 120, 40);
        // The document photo: most of the upper pane, no band of empty rows below it.
        let rows = rows_with_blocks(&t, 1, 75);
        assert!(
            rows >= 18,
            "{rows} rows of document photo:\n{}",
            t.backend()
        );
        let text = t.backend().to_string();
        assert!(text.contains("H123****78"), "{text}");
    }
}

#[test]
fn each_zoom_covers_most_of_the_pane_and_esc_returns_to_the_review() {
    let pane_rows = 40 - 3;
    for (presses, what) in [(1, "document"), (2, "selfie"), (3, "both")] {
        let s = zoomed_state(Language::En, (120, 40), presses);
        let t = draw(&s, 120, 40);
        let rows = rows_with_blocks(&t, 0, 120);
        let text = t.backend().to_string();
        if presses < 3 {
            assert!(
                rows * 100 >= pane_rows * 70,
                "{what}: {rows} of {pane_rows} rows:\n{text}"
            );
        } else {
            // Side by side the width limits them: still well over half the pane.
            assert!(rows * 100 >= pane_rows * 55, "{what}: {rows}:\n{text}");
        }
        assert!(!text.contains("Checklist"), "{what}: {text}");
        assert!(text.contains("z next · Esc back to the review"), "{text}");
    }
    let mut s = zoomed_state(Language::En, (120, 40), 2);
    special(&mut s, Key::Esc);
    rf::with_halfblock_images(&mut s);
    let text = draw(&s, 120, 40).backend().to_string();
    assert!(text.contains("Checklist"), "{text}");
    assert!(text.contains("Record to match"), "{text}");
    // Four presses come back to the review as well.
    let s = zoomed_state(Language::En, (120, 40), 4);
    let text = draw(&s, 120, 40).backend().to_string();
    assert!(text.contains("Checklist"), "{text}");
}

#[test]
fn the_queue_gives_kind_and_document_their_texts_at_80_and_120_columns() {
    let cases: [(Language, (u16, u16), &[&str]); 4] = [
        (
            Language::En,
            (120, 40),
            &["identity claim", "ID card 110***********1234"],
        ),
        (
            Language::ZhCn,
            (120, 40),
            &["身份申诉", "身份证 110***********1234"],
        ),
        (
            Language::ZhCn,
            (80, 24),
            &["身份申诉", "身份证 110***********1234"],
        ),
        (Language::En, (80, 24), &["identity claim", "phone rebind"]),
    ];
    for (lang, size, wants) in cases {
        let s = queue_state(lang, size);
        let text = draw(&s, size.0, size.1).backend().to_string();
        for want in wants {
            assert!(text.contains(want), "{want:?} at {size:?}:\n{text}");
        }
    }
}

/// How many reveal requests are among `fx`.
fn reveals(fx: &[Effect]) -> usize {
    fx.iter()
        .filter(|e| matches!(e, Effect::Reviews(ReviewsEffect::Reveal { .. })))
        .count()
}

/// The open review with the reveal form at its reason step (the document number chosen).
fn reveal_form_state(lang: Language, size: (u16, u16)) -> State {
    let mut s = review_state(lang, size);
    let fx = key(&mut s, 'v');
    // The form asks first; the photos give it rows (they are encoded again for that).
    assert_eq!(reveals(&fx), 0, "the form asks first");
    assert!(
        fx.iter()
            .all(|e| matches!(e, Effect::Reviews(ReviewsEffect::EncodeImage { .. }))),
        "{fx:?}"
    );
    special(&mut s, Key::Enter);
    // The form takes rows from the photos: they are encoded again for their new boxes.
    rf::with_halfblock_images(&mut s);
    s
}

snap!(
    review_reveal_reason_en_120x40,
    |sz| reveal_form_state(Language::En, sz),
    120,
    40
);
snap!(
    review_reveal_reason_zh_80x24,
    |sz| reveal_form_state(Language::ZhCn, sz),
    80,
    24
);

#[test]
fn the_claim_holder_reveals_the_document_number_for_30_seconds() {
    let mut s = reveal_form_state(Language::En, (120, 40));
    for c in "caller on the line".chars() {
        key(&mut s, c);
    }
    let fx = special(&mut s, Key::Enter);
    let sent: Vec<_> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::Reviews(ReviewsEffect::Reveal { id, request, key }) => {
                Some((*id, request.clone(), key.clone()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(sent.len(), 1, "{fx:?}");
    let (id, request, k) = sent[0].clone();
    assert_eq!(id, 7);
    assert_eq!(request.field, ReviewRevealField::DocumentNumber);
    assert_eq!(request.reason, "caller on the line");
    update(
        &mut s,
        ra(ReviewsAction::Revealed {
            id,
            key: k,
            result: Ok(ReviewRevealResponse {
                field: ReviewRevealField::DocumentNumber,
                value: "H12345678".into(),
            }),
        }),
    );
    let text = draw(&s, 120, 40).backend().to_string();
    assert!(text.contains("H12345678 (30 s)"), "{text}");
    // The record's number stays masked.
    assert!(text.contains("陈** · H123****78"), "{text}");
    let later = fixtures::now() + Duration::seconds(31);
    update(&mut s, Action::Tick(later, later.date_naive()));
    let text = draw(&s, 120, 40).backend().to_string();
    assert!(!text.contains("H12345678"), "hidden after 30 s: {text}");
    assert!(text.contains("H123****78 ✓"), "{text}");
}

#[test]
fn without_the_claim_the_reveal_is_refused_before_sending() {
    let mut s = queue_state(Language::En, (120, 40));
    let fx = special(&mut s, Key::Enter);
    let req = load_req(&fx);
    update(
        &mut s,
        ra(ReviewsAction::Loaded {
            req,
            result: Ok(rf::detail()),
        }),
    );
    let fx = key(&mut s, 'v');
    assert_eq!(reveals(&fx), 0);
    let text = draw(&s, 120, 40).backend().to_string();
    assert!(text.contains("Claim the review first (c)"), "{text}");
    assert!(!text.contains("Which number?"), "{text}");
}
