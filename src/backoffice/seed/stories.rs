//! The fixed stories that tests and the README rely on; they come first in every vector.

use chrono::{DateTime, Datelike, Duration, Utc};

use super::{ids, Builder, DemoAccount, DemoEvent, DemoOrder, DemoTicket, REPORT_PRICE_FEN};
use crate::api::{
    AccountState, Category, Channel, Degree, DegreeStatus, DocumentKind, Priority,
    RegistrationChannel, ReviewKind, Status, TicketEventKind, Verification,
};

/// Mobile number of the locked account (story 1).
pub const STORY_LOCKED_PHONE: &str = "13800138000";
/// Resident ID registered by two accounts (story 2).
pub const STORY_CONFLICT_ID: &str = "11010519491231002X";
/// HK/Macau travel permit under manual review (story 3).
pub const STORY_HMT_PERMIT: &str = "H12345678";
/// Mobile number of the account whose name lies outside the BMP (story 4).
pub const STORY_RARE_PHONE: &str = "13900139000";

/// Indices of the stories in [`super::DemoData`]'s vectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stories {
    /// 张伟, 13800138000, locked 3 hours ago after 5 failed logins.
    pub locked_account: usize,
    /// Open phone ticket (account_locked) about the lock.
    pub locked_ticket: usize,
    /// Self-registered account holding [`STORY_CONFLICT_ID`].
    pub conflict_self_account: usize,
    /// School-imported account holding the same ID number.
    pub conflict_import_account: usize,
    /// Open identity_conflict ticket about the two accounts.
    pub conflict_ticket: usize,
    /// Account with HK/Macau permit [`STORY_HMT_PERMIT`], verification manual_pending.
    pub hmt_account: usize,
    /// hmt_manual_review ticket linked to the review.
    pub hmt_ticket: usize,
    /// Pending real_name review with images.
    pub hmt_review: usize,
    /// 王𠮷, 13900139000: a name outside the Basic Multilingual Plane.
    pub rare_name_account: usize,
    /// Self-study graduate whose degree waits for the exam institution's sync.
    pub self_study_account: usize,
    /// degree_missing ticket of the self-study graduate.
    pub self_study_ticket: usize,
    /// 1998 graduate whose degree needs the paper application.
    pub paper_degree_account: usize,
    /// degree_missing ticket of the 1998 graduate.
    pub paper_degree_ticket: usize,
    /// Account frozen for suspected account trading.
    pub frozen_account: usize,
    /// account_trading ticket of the frozen account.
    pub frozen_ticket: usize,
    /// Unactivated account, activation e-mail sent 2 days ago.
    pub unactivated_account: usize,
    /// Ticket about the missing activation e-mail.
    pub unactivated_ticket: usize,
    /// Account asking to rebind its phone.
    pub rebind_account: usize,
    /// phone_change ticket linked to the rebind review.
    pub rebind_ticket: usize,
    /// Pending phone_rebind review with a new phone, opened by demo-agent.
    pub rebind_review: usize,
}

/// Where the stories stand in the generated data.
pub const STORIES: Stories = Stories {
    locked_account: 0,
    locked_ticket: 0,
    conflict_self_account: 1,
    conflict_import_account: 2,
    conflict_ticket: 1,
    hmt_account: 3,
    hmt_ticket: 2,
    hmt_review: 0,
    rare_name_account: 4,
    self_study_account: 5,
    self_study_ticket: 5,
    paper_degree_account: 6,
    paper_degree_ticket: 6,
    frozen_account: 7,
    frozen_ticket: 3,
    unactivated_account: 8,
    unactivated_ticket: 7,
    rebind_account: 9,
    rebind_ticket: 4,
    rebind_review: 1,
};

/// Accounts taken by the stories; generated ones follow.
pub(crate) const STORY_ACCOUNTS: usize = 10;
/// Tickets taken by the stories; generated ones follow.
pub(crate) const STORY_TICKETS: usize = 8;

/// An account with the defaults of a story: active, face check passed, self-registered.
fn account(
    b: &mut Builder,
    name: &str,
    phone: Option<&str>,
    email: Option<&str>,
    document: (DocumentKind, &str),
    registered_days_ago: i64,
) -> DemoAccount {
    let phone = phone.map(str::to_string).unwrap_or_else(|| b.fresh_phone());
    if let Some(e) = email {
        b.emails.insert(e.to_string());
    }
    b.documents.insert(document.1.to_string());
    DemoAccount {
        login: email.map_or_else(|| phone.clone(), str::to_string),
        name: name.to_string(),
        phone: Some(phone),
        email: email.map(str::to_string),
        document_kind: document.0,
        document_number: document.1.to_string(),
        state: AccountState::Active,
        verification: Verification::FacePassed,
        registration_channel: RegistrationChannel::SelfService,
        registered_at: b.now - Duration::days(registered_days_ago),
        failed_logins: Vec::new(),
        locked_at: None,
        frozen_reason: None,
        activation_sent_at: None,
        degrees: Vec::new(),
        orders: Vec::new(),
    }
}

fn degree(level: &str, school: &str, year: i32, self_study: bool, status: DegreeStatus) -> Degree {
    Degree {
        level: level.to_string(),
        school: school.to_string(),
        year,
        self_study,
        status,
    }
}

fn order(kind: &str, created_at: DateTime<Utc>, link_state: &str) -> DemoOrder {
    DemoOrder {
        kind: kind.to_string(),
        amount_fen: REPORT_PRICE_FEN,
        created_at,
        link_state: link_state.to_string(),
    }
}

#[allow(clippy::too_many_arguments)]
fn ticket(
    subject: &str,
    body: &str,
    category: Category,
    channel: Channel,
    status: Status,
    priority: Priority,
    account: usize,
    created_at: DateTime<Utc>,
    events: &[(TicketEventKind, &str, &str, i64)],
) -> DemoTicket {
    DemoTicket {
        subject: subject.to_string(),
        body: body.to_string(),
        category,
        channel,
        status,
        priority,
        account: Some(account),
        created_at,
        events: events
            .iter()
            .map(|(kind, author, body, minutes)| DemoEvent {
                kind: *kind,
                author: author.to_string(),
                body: body.to_string(),
                at: created_at + Duration::minutes(*minutes),
            })
            .collect(),
        claim: None,
        assigned: None,
        escalation: None,
    }
}

/// Pushes the story accounts, tickets and reviews; must run first.
pub(crate) fn add(b: &mut Builder) {
    let now = b.now;
    let this_year = now.year();
    // Reserve the fixed numbers before anything random can draw them.
    for phone in [STORY_LOCKED_PHONE, STORY_RARE_PHONE] {
        b.phones.insert(phone.to_string());
    }
    for doc in [STORY_CONFLICT_ID, STORY_HMT_PERMIT] {
        b.documents.insert(doc.to_string());
    }
    let resident = |region: &str, birth: (i32, u32, u32), seq: u32| {
        (
            DocumentKind::ResidentId,
            ids::resident_number(region, birth, seq),
        )
    };

    // 1. 张伟, locked 3 hours ago after 5 failed logins within the hour before.
    let doc = resident("110105", (1990, 3, 7), 135);
    let mut locked = account(
        b,
        "张伟",
        Some(STORY_LOCKED_PHONE),
        None,
        (doc.0, &doc.1),
        1900,
    );
    let locked_at = now - Duration::hours(3);
    locked.state = AccountState::Locked;
    locked.locked_at = Some(locked_at);
    locked.failed_logins = [55, 41, 24, 8, 0]
        .iter()
        .map(|m| locked_at - Duration::minutes(*m))
        .collect();
    locked.degrees = vec![degree(
        "本科",
        "北京工业大学",
        2012,
        false,
        DegreeStatus::Registered,
    )];
    locked.orders = vec![order("degree_record", now - Duration::days(40), "expired")];
    b.accounts.push(locked);

    // 2. One resident ID, two accounts: self-registered and a school batch import.
    let conflict = (DocumentKind::ResidentId, STORY_CONFLICT_ID);
    let mut own = account(b, "李秀英", None, None, conflict, 120);
    own.verification = Verification::None;
    b.accounts.push(own);
    let mut imported = account(
        b,
        "李秀英",
        None,
        Some("lixiuying1949@163.com"),
        conflict,
        700,
    );
    imported.registration_channel = RegistrationChannel::SchoolImport;
    imported.verification = Verification::None;
    imported.degrees = vec![degree(
        "专科",
        "国家开放大学",
        2019,
        false,
        DegreeStatus::Registered,
    )];
    b.accounts.push(imported);

    // 3. HK/Macau permit waiting for manual review.
    let hmt_doc = (DocumentKind::HkMacauPermit, STORY_HMT_PERMIT);
    let mut hmt = account(
        b,
        "陈家豪",
        None,
        Some("chankahou.hk@outlook.com"),
        hmt_doc,
        2,
    );
    hmt.verification = Verification::ManualPending;
    hmt.degrees = vec![degree(
        "硕士",
        "中山大学",
        this_year - 1,
        false,
        DegreeStatus::Registered,
    )];
    b.accounts.push(hmt);

    // 4. A name outside the BMP: 王𠮷.
    let doc = resident("310104", (1994, 11, 2), 217);
    let mut rare = account(
        b,
        "王\u{20BB7}",
        Some(STORY_RARE_PHONE),
        None,
        (doc.0, &doc.1),
        800,
    );
    rare.degrees = vec![degree(
        "本科",
        "复旦大学",
        2016,
        false,
        DegreeStatus::Registered,
    )];
    rare.orders = vec![order("degree_record", now - Duration::days(3), "active")];
    b.accounts.push(rare);

    // 5a. Self-study graduate waiting for the exam institution's sync.
    let doc = resident("440106", (1996, 6, 18), 52);
    let mut self_study = account(b, "刘洋", None, None, (doc.0, &doc.1), 1500);
    self_study.degrees = vec![
        degree(
            "专科",
            "广东轻工职业技术学院",
            2017,
            false,
            DegreeStatus::Registered,
        ),
        degree(
            "本科",
            "广东省高等教育自学考试委员会",
            this_year,
            true,
            DegreeStatus::PendingSync,
        ),
    ];
    b.accounts.push(self_study);

    // 5b. A 1998 graduate: paper application for certification.
    let doc = resident("420106", (1976, 9, 23), 384);
    let mut paper = account(
        b,
        "孙丽",
        None,
        Some("sunli1976@126.com"),
        (doc.0, &doc.1),
        300,
    );
    paper.degrees = vec![degree(
        "本科",
        "武汉大学",
        1998,
        false,
        DegreeStatus::PaperApplication,
    )];
    b.accounts.push(paper);

    // 6. Frozen for suspected account trading, with a burst of orders.
    let doc = resident("510107", (1999, 1, 30), 611);
    let mut frozen = account(b, "周杰", None, None, (doc.0, &doc.1), 400);
    frozen.state = AccountState::Frozen;
    frozen.frozen_reason = Some("疑似出租、出借账号".to_string());
    frozen.degrees = vec![degree(
        "本科",
        "四川大学",
        2021,
        false,
        DegreeStatus::Registered,
    )];
    frozen.orders = (0..12)
        .map(|i| {
            order(
                "degree_record",
                now - Duration::hours(150 - i * 7),
                "expired",
            )
        })
        .collect();
    b.accounts.push(frozen);

    // 7. Unactivated: the activation e-mail went out 2 days ago.
    let doc = resident("330106", (2003, 4, 17), 428);
    let mut unactivated = account(
        b,
        "吴静",
        None,
        Some("wujing0417@163.com"),
        (doc.0, &doc.1),
        2,
    );
    unactivated.registered_at = now - Duration::days(2) - Duration::minutes(6);
    unactivated.state = AccountState::Unactivated;
    unactivated.verification = Verification::None;
    unactivated.activation_sent_at = Some(now - Duration::days(2));
    b.accounts.push(unactivated);

    // 8. Asks to rebind the phone: the old number is gone.
    let doc = resident("510104", (1988, 8, 8), 73);
    let mut rebind = account(b, "杨帆", None, None, (doc.0, &doc.1), 2600);
    rebind.degrees = vec![degree(
        "硕士",
        "电子科技大学",
        2013,
        false,
        DegreeStatus::Registered,
    )];
    b.accounts.push(rebind);

    // Tickets, in the order of STORIES.
    let s = STORIES;
    let agent = "demo-agent";
    let created = locked_at + Duration::minutes(25);
    b.tickets.push(ticket(
        "账号被锁，今天下午要交学历证明",
        "来电人张伟称上午登录时连续输错密码，账号已被锁定。已核对姓名和身份证后四位，用户希望提前解锁。",
        Category::AccountLocked,
        Channel::Phone,
        Status::Open,
        Priority::High,
        s.locked_account,
        created,
        &[
            (TicketEventKind::Call, agent, "通话 4分12秒，结案码：需回访", 2),
            (
                TicketEventKind::InternalNote,
                agent,
                "锁定记录：一小时内连续5次密码错误。身份已核实，待主管评估提前解锁。",
                7,
            ),
        ],
    ));
    let created = now - Duration::days(1) - Duration::hours(3);
    b.tickets.push(ticket(
        "注册提示身份信息已被占用",
        "我用身份证注册时提示该证件号已被注册。我以前在开放大学读过书，可能是学校帮我建过账号，但我不知道登录名，自己又注册了一个。",
        Category::IdentityConflict,
        Channel::Email,
        Status::Open,
        Priority::Normal,
        s.conflict_self_account,
        created,
        &[(
            TicketEventKind::InternalNote,
            agent,
            "同一证件号下有两个账号：一个自行注册，一个学校批量导入。",
            45,
        )],
    ));
    let created = now - Duration::days(2) + Duration::minutes(20);
    b.tickets.push(ticket(
        "港澳通行证注册人工审核进度",
        "我是香港居民，去年在中山大学读完硕士。用港澳通行证注册后选择了人工审核，照片已经上传，想知道什么时候能审核完。",
        Category::HmtManualReview,
        Channel::Web,
        Status::PendingReview,
        Priority::Normal,
        s.hmt_account,
        created,
        &[(TicketEventKind::Review, agent, "已提交人工审核（实名认证）", 5)],
    ));
    let created = now - Duration::days(5);
    b.tickets.push(ticket(
        "账号被冻结，提示疑似出借",
        "来电人称账号被冻结。承认曾把账号密码交给中介“代查学历”，中介在多地登录并批量下载报告。",
        Category::AccountTrading,
        Channel::Phone,
        Status::Open,
        Priority::High,
        s.frozen_account,
        created,
        &[
            (
                TicketEventKind::Call,
                agent,
                "通话 7分30秒，结案码：已记录",
                8,
            ),
            (
                TicketEventKind::Account,
                "demo-lead",
                "账号已冻结：疑似出租、出借账号",
                40,
            ),
        ],
    ));
    let created = now - Duration::days(1) - Duration::hours(1);
    b.tickets.push(ticket(
        "原手机号已停用，申请换绑",
        "来电人杨帆称原手机号已销号，找回密码收不到验证码。已通过邮箱收到身份证扫描件和手持证件照。",
        Category::PhoneChange,
        Channel::Phone,
        Status::PendingReview,
        Priority::Normal,
        s.rebind_account,
        created,
        &[
            (TicketEventKind::Call, agent, "通话 5分48秒，结案码：转人工审核", 3),
            (TicketEventKind::Review, agent, "已提交人工审核（更换手机号）", 30),
        ],
    ));
    let created = now - Duration::days(4);
    b.tickets.push(ticket(
        "自考本科毕业证网上查不到",
        "今年上半年拿到了自考本科毕业证，学信网上一直查不到，单位催着要学历证明。",
        Category::DegreeMissing,
        Channel::Email,
        Status::Open,
        Priority::Normal,
        s.self_study_account,
        created,
        &[(
            TicketEventKind::InternalNote,
            agent,
            "查询结果：自考学历，考试机构尚未完成数据同步。",
            90,
        )],
    ));
    let created = now - Duration::days(6);
    b.tickets.push(ticket(
        "1998年毕业的本科学历查不到",
        "我1998年从武汉大学本科毕业，网上查不到学历，出国需要学历证明。",
        Category::DegreeMissing,
        Channel::Phone,
        Status::PendingCustomer,
        Priority::Low,
        s.paper_degree_account,
        created,
        &[
            (TicketEventKind::Call, agent, "通话 3分05秒，结案码：已解答", 1),
            (
                TicketEventKind::PublicReply,
                agent,
                "您好，2001年以前获得的学历证书未纳入电子注册，可以申请学历认证，办理方式已发送到您的邮箱。",
                20,
            ),
        ],
    ));
    let created = now - Duration::days(1);
    b.tickets.push(ticket(
        "激活邮件一直收不到",
        "前天注册完说会发激活邮件，可是收件箱和垃圾箱都没有。",
        Category::Other,
        Channel::Web,
        Status::New,
        Priority::Normal,
        s.unactivated_account,
        created,
        &[],
    ));

    // Reviews, in the order of STORIES.
    let submitted = now - Duration::days(2) + Duration::minutes(25);
    let review = b.review(
        ReviewKind::RealName,
        s.hmt_account,
        Some(s.hmt_ticket),
        submitted,
    );
    b.reviews.push(review);
    let submitted = now - Duration::days(1) - Duration::minutes(30);
    let mut review = b.review(
        ReviewKind::PhoneRebind,
        s.rebind_account,
        Some(s.rebind_ticket),
        submitted,
    );
    review.note = "原手机号已销号；身份证扫描件与手持证件照已通过邮箱收到".to_string();
    b.reviews.push(review);
}
