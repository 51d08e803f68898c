//! Fixed accounts for tests of the lookup pane (not used by the desk itself).

use chrono::Duration;

use crate::api::{
    AccountDetail, AccountState, AccountSummary, Category, Channel, Degree, DegreeStatus,
    DocumentKind, LockInfo, Order, Priority, RegistrationChannel, ReviewKind, ReviewState,
    ReviewSummary, Status, TicketSummary, Verification,
};
use crate::tui::fixtures::now;

/// A masked account summary in the active state.
pub fn summary(id: i64, name: &str, phone: &str) -> AccountSummary {
    AccountSummary {
        id,
        login: phone.into(),
        name: name.into(),
        phone: Some(phone.into()),
        email: None,
        document_kind: DocumentKind::ResidentId,
        document_number: "110***********1234".into(),
        state: AccountState::Active,
        verification: Verification::FacePassed,
        registration_channel: RegistrationChannel::SelfService,
        registered_at: now() - Duration::days(1900),
        version: 4,
    }
}

fn detail(summary: AccountSummary) -> AccountDetail {
    AccountDetail {
        summary,
        lock: None,
        frozen_reason: None,
        activation_sent_at: None,
        same_identity: Vec::new(),
        degrees: vec![Degree {
            level: "本科".into(),
            school: "北京工业大学".into(),
            year: 2012,
            self_study: false,
            status: DegreeStatus::Registered,
        }],
        orders: vec![Order {
            id: 77,
            kind: "degree_record".into(),
            amount_fen: 200,
            created_at: now() - Duration::days(40),
            link_state: "expired".into(),
        }],
        tickets: Vec::new(),
        reviews: Vec::new(),
    }
}

fn ticket(id: i64, account: i64, subject: &str, category: Category) -> TicketSummary {
    TicketSummary {
        id,
        subject: subject.into(),
        channel: Channel::Phone,
        category,
        status: Status::Open,
        priority: Priority::High,
        account_id: Some(account),
        customer: Some("张*".into()),
        assignee: None,
        claim_expires_at: None,
        due_on: crate::tui::fixtures::today(),
        due_approximate: false,
        created_at: now() - Duration::hours(2),
        updated_at: now() - Duration::hours(1),
        version: 2,
    }
}

/// An active account.
pub fn active() -> AccountDetail {
    let mut d = detail(summary(3101, "杨*", "139****0731"));
    d.degrees[0].level = "硕士".into();
    d.degrees[0].school = "电子科技大学".into();
    d.degrees[0].year = 2013;
    d.orders.clear();
    d
}

/// 张伟's account: locked 3 hours ago after 5 failed logins, with an open phone ticket.
pub fn locked() -> AccountDetail {
    let mut s = summary(1001, "张*", "138****8000");
    s.state = AccountState::Locked;
    let mut d = detail(s);
    let locked_at = now() - Duration::hours(3) - Duration::minutes(47);
    d.lock = Some(LockInfo {
        locked_at,
        until: now() + Duration::hours(20) + Duration::minutes(13),
        failed_attempts: 5,
        attempts: [0, 8, 24, 41, 55]
            .iter()
            .map(|m| locked_at - Duration::minutes(*m))
            .collect(),
    });
    d.tickets = vec![ticket(
        501,
        1001,
        "账号被锁，今天下午要交学历证明",
        Category::AccountLocked,
    )];
    d
}

/// Frozen for suspected account trading.
pub fn frozen() -> AccountDetail {
    let mut s = summary(1006, "周*", "137****2210");
    s.state = AccountState::Frozen;
    let mut d = detail(s);
    d.frozen_reason = Some("疑似出租、出借账号".into());
    d.orders = (0..5)
        .map(|i| Order {
            id: 900 + i,
            kind: "degree_record".into(),
            amount_fen: 200,
            created_at: now() - Duration::hours(150 - i * 7),
            link_state: "expired".into(),
        })
        .collect();
    d.tickets = vec![ticket(
        506,
        1006,
        "举报：账号疑似被出租",
        Category::AccountTrading,
    )];
    d
}

/// Unactivated: the activation e-mail went out 2 days ago.
pub fn unactivated() -> AccountDetail {
    let mut s = summary(1007, "吴*", "150****4417");
    s.state = AccountState::Unactivated;
    s.verification = Verification::None;
    s.login = "wu*****@163.com".into();
    s.email = Some("wu*****@163.com".into());
    s.registered_at = now() - Duration::days(2) - Duration::minutes(6);
    let mut d = detail(s);
    d.activation_sent_at = Some(now() - Duration::days(2));
    d.degrees.clear();
    d.orders.clear();
    d
}

/// The two accounts on resident ID 11010519491231002X (self-registered, school import).
pub fn conflict_pair() -> Vec<AccountSummary> {
    let mut own = summary(1002, "李**", "186****3321");
    own.document_number = "110***********002X".into();
    own.verification = Verification::None;
    own.registered_at = now() - Duration::days(120);
    let mut imported = summary(1003, "李**", "159****0087");
    imported.document_number = "110***********002X".into();
    imported.login = "li*********@163.com".into();
    imported.email = Some("li*********@163.com".into());
    imported.verification = Verification::None;
    imported.registration_channel = RegistrationChannel::SchoolImport;
    imported.registered_at = now() - Duration::days(700);
    vec![own, imported]
}

/// The self-registered account of the identity conflict, as a card.
pub fn conflict_card() -> AccountDetail {
    let pair = conflict_pair();
    let mut d = detail(pair[0].clone());
    d.same_identity = vec![pair[1].clone()];
    d.degrees.clear();
    d.orders.clear();
    d.tickets = vec![ticket(
        502,
        1002,
        "注册提示身份信息已被占用",
        Category::IdentityConflict,
    )];
    d
}

/// A self-study graduate waiting for the exam institution's sync.
pub fn pending_sync() -> AccountDetail {
    let mut d = detail(summary(1005, "刘*", "135****6618"));
    d.degrees = vec![
        Degree {
            level: "本科".into(),
            school: "广东省高等教育自学考试委员会".into(),
            year: 2026,
            self_study: true,
            status: DegreeStatus::PendingSync,
        },
        Degree {
            level: "专科".into(),
            school: "广东轻工职业技术学院".into(),
            year: 2017,
            self_study: false,
            status: DegreeStatus::Registered,
        },
    ];
    d.orders.clear();
    d
}

/// A 1998 graduate: the paper application for certification.
pub fn pre_2001() -> AccountDetail {
    let mut s = summary(1008, "孙*", "133****9012");
    s.email = Some("su******@126.com".into());
    let mut d = detail(s);
    d.degrees = vec![Degree {
        level: "本科".into(),
        school: "武汉大学".into(),
        year: 1998,
        self_study: false,
        status: DegreeStatus::PaperApplication,
    }];
    d.orders.clear();
    d
}

/// 王𠮷 (a name outside the BMP), with a phone-rebind review on file.
pub fn rare_name() -> AccountDetail {
    let mut d = detail(summary(1004, "王*", "139****9000"));
    d.degrees[0].school = "复旦大学".into();
    d.degrees[0].year = 2016;
    d.orders[0].link_state = "active".into();
    d.orders[0].created_at = now() - Duration::days(3);
    d.reviews = vec![ReviewSummary {
        id: 41,
        kind: ReviewKind::PhoneRebind,
        state: ReviewState::AwaitingSecondApproval,
        account_id: 1004,
        applicant: "王*".into(),
        document_kind: DocumentKind::ResidentId,
        document_number: "310***********2171".into(),
        ticket_id: Some(503),
        opened_by: "demo-agent".into(),
        submitted_at: now() - Duration::days(1),
        due_on: crate::tui::fixtures::today(),
        due_approximate: false,
        claimed_by: None,
        claim_expires_at: None,
        first_approver: Some("demo-reviewer".into()),
        version: 3,
    }];
    d
}
