//! Fixed data for tests of `update` and of the views (not used by the desk itself).

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use super::keymap::Keymap;
use super::state::{Screen, State};
use crate::api::{
    Category, Channel, OperatorInfo, Priority, Role, Status, TicketDetail, TicketEvent,
    TicketEventKind, TicketSummary,
};
use crate::config::{default_views, Language};

/// Tuesday 10 March 2026, 10:00 in Beijing.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 10, 2, 0, 0)
        .single()
        .unwrap_or_default()
}

/// The date of [`now`] in Beijing.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 10).unwrap_or_default()
}

/// A signed-in desk state for `demo-agent` (or a supervisor).
pub fn state(lang: Language, supervisor: bool) -> State {
    let views = default_views();
    let mut s = State::new(
        lang,
        Keymap::new(&Default::default(), &views),
        views,
        now(),
        today(),
    );
    s.screen = Screen::Desk;
    s.conn = super::state::Conn::Online;
    s.demo = true;
    s.operator = Some(OperatorInfo {
        id: if supervisor {
            "demo-lead"
        } else {
            "demo-agent"
        }
        .into(),
        name: if supervisor {
            "主管老周"
        } else {
            "客服小林"
        }
        .into(),
        roles: if supervisor {
            vec![Role::Supervisor, Role::Agent]
        } else {
            vec![Role::Agent]
        },
    });
    s
}

/// A ticket in a list.
pub fn ticket(id: i64, subject: &str, customer: &str, due: NaiveDate) -> TicketSummary {
    TicketSummary {
        id,
        subject: subject.into(),
        channel: Channel::Phone,
        category: Category::AccountLocked,
        status: Status::Open,
        priority: Priority::Normal,
        account_id: Some(id * 10),
        customer: Some(customer.into()),
        assignee: None,
        claim_expires_at: None,
        due_on: due,
        due_approximate: false,
        created_at: now() - chrono::Duration::days(2),
        updated_at: now() - chrono::Duration::hours(3),
        version: 3,
    }
}

/// A varied page: overdue, due today, claimed, a rare-character name, hostile text.
pub fn page() -> Vec<TicketSummary> {
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap_or_default();
    let mut a = ticket(101, "密码输错五次，账号被锁定", "王𠮷", d(3, 6));
    a.priority = Priority::Urgent;
    let mut b = ticket(102, "Need my degree record for a visa", "L** Wei", d(3, 10));
    b.channel = Channel::Email;
    b.category = Category::DegreeMissing;
    b.assignee = Some("demo-agent".into());
    b.claim_expires_at = Some(now() + chrono::Duration::minutes(25));
    let mut c = ticket(103, "更换手机号：原号码已停用\u{1b}[2J", "张*", d(3, 13));
    c.category = Category::PhoneChange;
    c.status = Status::PendingReview;
    let mut e = ticket(104, "人脸识别多次失败\u{202e}gnp.exe", "欧阳**", d(3, 17));
    e.category = Category::FaceCheckFailed;
    e.channel = Channel::Web;
    e.status = Status::New;
    vec![a, b, c, e]
}

/// The first ticket of [`page`] with its timeline.
pub fn detail() -> TicketDetail {
    let summary = page().remove(0);
    let at = |h| now() - chrono::Duration::hours(h);
    TicketDetail {
        summary,
        body: "来电人王𠮷称连续输错密码，账号被锁，\n急需今天查询学历。".into(),
        events: vec![
            TicketEvent {
                id: 1,
                kind: TicketEventKind::Created,
                author: "customer".into(),
                body: String::new(),
                at: at(30),
            },
            TicketEvent {
                id: 2,
                kind: TicketEventKind::Call,
                author: "demo-agent".into(),
                body: "通话 4分10秒，结束代码：需要回电".into(),
                at: at(28),
            },
            TicketEvent {
                id: 3,
                kind: TicketEventKind::InternalNote,
                author: "demo-agent".into(),
                body: "已核实身份（证件号后四位 1234）。\rInjected\u{1b}]0;title\u{7}".into(),
                at: at(5),
            },
        ],
    }
}
