//! A reviewer's "mine" drawn on ratatui's TestBackend: the list of the reviews assigned to
//! or claimed by the reviewer at 80×24 and 120×40 in en and zh-CN, the Assigned column
//! that gives way when no review on screen is assigned, and the open review's
//! "Assigned to … by …".

use chrono::Duration;
use kefu::api::{OperatorInfo, Page, ReviewKind, ReviewState, ReviewSummary, Role};
use kefu::config::{Key, Language, Theme as ThemeName};
use kefu::tui::action::{Action, Effect};
use kefu::tui::fixtures;
use kefu::tui::fixtures::reviews as rf;
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

const ME: &str = "demo-reviewer";

fn ra(a: ReviewsAction) -> Action {
    Action::Reviews(Box::new(a))
}

/// The list and counts reads among `fx`, in that order.
fn reads(fx: &[Effect]) -> (u64, u64) {
    let lists: Vec<u64> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::Reviews(ReviewsEffect::List { req, .. }) => Some(*req),
            _ => None,
        })
        .collect();
    let counts: Vec<u64> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::Reviews(ReviewsEffect::Count { req, .. }) => Some(*req),
            _ => None,
        })
        .collect();
    assert_eq!((lists.len(), counts.len()), (1, 1), "{fx:?}");
    (lists[0], counts[0])
}

/// Answer the reads of `fx`: `rows` listed, and per state (pending, claimed, 2nd
/// approval, escalated, approved, rejected retry, rejected final) `counts`.
fn answer(s: &mut State, fx: &[Effect], rows: Vec<ReviewSummary>, counts: [u64; 7]) {
    let (req, creq) = reads(fx);
    let total = rows.len() as u64;
    update(
        s,
        ra(ReviewsAction::Listed {
            req,
            result: Ok(Page {
                items: rows,
                next_cursor: None,
                total,
            }),
        }),
    );
    update(
        s,
        ra(ReviewsAction::Counted {
            req: creq,
            result: Ok([
                ReviewState::Pending,
                ReviewState::Claimed,
                ReviewState::AwaitingSecondApproval,
                ReviewState::Escalated,
                ReviewState::Approved,
                ReviewState::RejectedRetry,
                ReviewState::RejectedFinal,
            ]
            .into_iter()
            .zip(counts)
            .collect()),
        }),
    );
}

/// What demo-reviewer's "mine" holds: a rebind demo-lead assigned (not claimed yet), a
/// real-name check they claimed, and an identity claim assigned to them and claimed.
fn mine_rows() -> Vec<ReviewSummary> {
    let today = fixtures::now().date_naive();
    let mut a = rf::row(
        12,
        ReviewKind::PhoneRebind,
        "周*",
        today - Duration::days(1),
    );
    a.document_kind = kefu::api::DocumentKind::ResidentId;
    a.document_number = "110***********1234".into();
    a.assigned_to = Some(ME.into());
    let mut b = rf::row(7, ReviewKind::RealName, "陈**", today);
    b.state = ReviewState::Claimed;
    b.claimed_by = Some(ME.into());
    b.claim_expires_at = Some(fixtures::now() + Duration::minutes(14));
    let mut c = rf::row(
        9,
        ReviewKind::IdentityClaim,
        "L** Wei\u{1b}[2J",
        today + Duration::days(2),
    );
    c.state = ReviewState::Claimed;
    c.claimed_by = Some(ME.into());
    c.claim_expires_at = Some(fixtures::now() + Duration::minutes(9));
    c.assigned_to = Some(ME.into());
    vec![a, b, c]
}

/// demo-reviewer on the reviews pane, with `rows` listed for every review.
fn queue(lang: Language, size: (u16, u16), rows: Vec<ReviewSummary>) -> State {
    let mut s = fixtures::state(lang, false);
    s.operator = Some(OperatorInfo {
        id: ME.into(),
        name: "审核员小陈".into(),
        roles: vec![Role::Reviewer],
    });
    update(&mut s, Action::Resize(size.0, size.1));
    let fx = key(&mut s, '3');
    answer(&mut s, &fx, rows, [148, 1, 1, 0, 12, 3, 1]);
    s
}

/// The same, then `m`: only the reviewer's reviews.
fn mine_state(lang: Language, size: (u16, u16)) -> State {
    let mut s = queue(lang, size, rf::rows());
    let fx = key(&mut s, 'm');
    answer(&mut s, &fx, mine_rows(), [1, 2, 0, 0, 4, 1, 0]);
    s
}

fn draw(s: &State, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    let theme = Theme::new(ThemeName::Default, false);
    t.draw(|f| render(f, s, &theme)).expect("draw");
    t
}

fn text(s: &State, w: u16, h: u16) -> String {
    draw(s, w, h).backend().to_string()
}

macro_rules! snap {
    ($name:ident, $lang:expr, $w:expr, $h:expr) => {
        #[test]
        fn $name() {
            let s = mine_state($lang, ($w, $h));
            insta::assert_snapshot!(draw(&s, $w, $h).backend());
        }
    };
}

snap!(reviews_mine_en_80x24, Language::En, 80, 24);
snap!(reviews_mine_zh_80x24, Language::ZhCn, 80, 24);
snap!(reviews_mine_en_120x40, Language::En, 120, 40);
snap!(reviews_mine_zh_120x40, Language::ZhCn, 120, 40);

#[test]
fn mine_says_so_and_names_the_assignee_in_its_column() {
    let s = mine_state(Language::En, (120, 40));
    let screen = text(&s, 120, 40);
    for want in ["mine · kind: all", "Assigned", "#12", "demo-reviewer 14m"] {
        assert!(screen.contains(want), "{want:?} missing:\n{screen}");
    }
    // The two assigned rows name the assignee; the claimed-only one does not.
    let lines: Vec<&str> = screen.lines().filter(|l| l.contains("#12")).collect();
    assert_eq!(lines.len(), 1, "{screen}");
    assert_eq!(lines[0].matches(ME).count(), 1, "{}", lines[0]);
    let zh = text(&mine_state(Language::ZhCn, (120, 40)), 120, 40);
    assert!(zh.contains("我的 · ") && zh.contains("指派给"), "{zh}");
}

#[test]
fn the_assigned_column_gives_way_when_nobody_on_screen_is_assigned() {
    let s = queue(Language::En, (120, 40), rf::rows());
    let screen = text(&s, 120, 40);
    assert!(!screen.contains("Assigned"), "{screen}");
    let mut rows = rf::rows();
    rows[0].assigned_to = Some("demo-reviewer2".into());
    let s = queue(Language::En, (120, 40), rows);
    let screen = text(&s, 120, 40);
    assert!(screen.contains("Assigned"), "{screen}");
    assert!(screen.contains("demo-reviewer2"), "{screen}");
    // At 80 columns it is there too, cut with a mark rather than run into the next one.
    let mut rows = rf::rows();
    rows[0].assigned_to = Some("demo-reviewer2".into());
    let s = queue(Language::En, (80, 24), rows);
    let screen = text(&s, 80, 24);
    assert!(screen.contains("Assigned"), "{screen}");
    assert!(screen.contains("demo-rev…"), "{screen}");
}

#[test]
fn an_empty_mine_says_how_to_see_every_review() {
    let mut s = queue(Language::En, (80, 24), rf::rows());
    let fx = key(&mut s, 'm');
    answer(&mut s, &fx, vec![], [0; 7]);
    let screen = text(&s, 80, 24);
    assert!(
        screen.contains("Nothing assigned to you or claimed by you. m shows every review"),
        "{screen}"
    );
}

#[test]
fn the_open_review_says_who_it_is_assigned_to_and_by_whom() {
    for (lang, want) in [
        (Language::En, "Assigned to demo-reviewer, by demo-lead"),
        (Language::ZhCn, "指派给 demo-reviewer（demo-lead 指派）"),
    ] {
        let mut s = mine_state(lang, (120, 40));
        let fx = special(&mut s, Key::Enter);
        let req = fx
            .iter()
            .find_map(|e| match e {
                Effect::Reviews(ReviewsEffect::Load { req, id }) => {
                    assert_eq!(*id, 12);
                    Some(*req)
                }
                _ => None,
            })
            .expect("Enter reads the review");
        let mut d = rf::detail();
        d.summary = mine_rows().remove(0);
        d.assigned_by = Some("demo-lead".into());
        update(&mut s, ra(ReviewsAction::Loaded { req, result: Ok(d) }));
        let screen = text(&s, 120, 40);
        assert!(screen.contains(want), "{want:?} missing:\n{screen}");
        // Without a recorded assigner, the assignee alone.
        let o = s.reviews.open.as_mut().expect("open");
        o.review.assigned_by = None;
        let screen = text(&s, 120, 40);
        assert!(!screen.contains("demo-lead"), "{screen}");
    }
}
