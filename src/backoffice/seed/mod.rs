//! Deterministic demo data: operators, end-user accounts, tickets and manual reviews.
//!
//! Plain data, no I/O: the store inserts what [`generate`] returns. Everything comes from a
//! fixed-seed PRNG and times are offsets from `now`, so two calls with the same `now` give
//! identical data. The fixed stories of [`STORIES`] come first in every vector.

mod ids;
mod images;
mod names;
mod prng;
mod stories;
mod texts;

#[cfg(test)]
mod tests;

use std::collections::HashSet;

use chrono::{DateTime, Datelike, Duration, Utc};

use crate::api::{
    AccountState, Category, Channel, Degree, DegreeStatus, DocumentKind, Priority,
    RegistrationChannel, ReviewKind, Role, Status, TicketEventKind, Verification,
};

pub use images::{DOCUMENT_HEIGHT, DOCUMENT_WIDTH, SELFIE_HEIGHT, SELFIE_WIDTH};
pub use stories::{
    Stories, STORIES, STORY_CONFLICT_ID, STORY_HMT_PERMIT, STORY_LOCKED_PHONE, STORY_RARE_PHONE,
};

use prng::Rng;

/// Password of every demo operator.
pub const DEMO_PASSWORD: &str = "kefu-demo";
/// How many accounts [`generate`] makes, stories included.
pub const ACCOUNT_COUNT: usize = 5200;
/// How many tickets [`generate`] makes, stories included.
pub const TICKET_COUNT: usize = 1200;
/// How many manual reviews [`generate`] makes, stories included.
pub const REVIEW_COUNT: usize = 150;
/// Price of every report order, in fen (2 CNY).
pub const REPORT_PRICE_FEN: i64 = 200;
/// The operator who opens every demo review (so the reviewers may decide them).
pub const REVIEW_OPENER: &str = "demo-agent";

/// The fixed seed: "kefu-dem" in ASCII.
const SEED: u64 = 0x6b65_6675_2d64_656d;
/// Tickets are spread over this many days before `now`.
const TICKET_DAYS: i64 = 30;

/// Everything the demo database holds.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoData {
    /// Operators of the desk.
    pub operators: Vec<DemoOperator>,
    /// End-user accounts, stories first.
    pub accounts: Vec<DemoAccount>,
    /// Tickets, stories first.
    pub tickets: Vec<DemoTicket>,
    /// Pending manual reviews, stories first.
    pub reviews: Vec<DemoReview>,
}

/// A demo operator; the password is [`DEMO_PASSWORD`].
#[derive(Debug, Clone, PartialEq)]
pub struct DemoOperator {
    /// Login id, e.g. `demo-agent`.
    pub id: String,
    /// Display name in Chinese.
    pub name: String,
    /// Roles held.
    pub roles: Vec<Role>,
}

/// An end-user account with its full, unmasked data.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoAccount {
    /// Login name: the mobile number or an e-mail address.
    pub login: String,
    /// Real name in full (the store masks it).
    pub name: String,
    /// Bound mobile number, 11 digits.
    pub phone: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Identity document kind.
    pub document_kind: DocumentKind,
    /// Identity document number in full, valid for its kind.
    pub document_number: String,
    /// Stored state.
    pub state: AccountState,
    /// Real-name verification.
    pub verification: Verification,
    /// Self-registered or school batch import.
    pub registration_channel: RegistrationChannel,
    /// Registered.
    pub registered_at: DateTime<Utc>,
    /// Consecutive failed logins, oldest first (5 for locked accounts, the last at the lock).
    pub failed_logins: Vec<DateTime<Utc>>,
    /// When the account locked (locked accounts only).
    pub locked_at: Option<DateTime<Utc>>,
    /// Why it is frozen (frozen accounts only).
    pub frozen_reason: Option<String>,
    /// When the activation e-mail was last sent (unactivated accounts only).
    pub activation_sent_at: Option<DateTime<Utc>>,
    /// Degree records.
    pub degrees: Vec<Degree>,
    /// Report orders, oldest first.
    pub orders: Vec<DemoOrder>,
}

/// A report order.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoOrder {
    /// `degree_record`, `enrollment_report` or `overseas_certification`.
    pub kind: String,
    /// Price in fen (200 = 2 CNY).
    pub amount_fen: i64,
    /// Ordered.
    pub created_at: DateTime<Utc>,
    /// Verification link: `active`, `expired` or `none`.
    pub link_state: String,
}

/// A ticket with its timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoTicket {
    /// One-line subject.
    pub subject: String,
    /// The customer's first message or the call summary.
    pub body: String,
    /// What it is about.
    pub category: Category,
    /// Where it came from.
    pub channel: Channel,
    /// Where it stands.
    pub status: Status,
    /// How urgent.
    pub priority: Priority,
    /// Index into [`DemoData::accounts`].
    pub account: Option<usize>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Timeline after creation, oldest first.
    pub events: Vec<DemoEvent>,
}

/// One entry on a ticket's timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoEvent {
    /// What happened.
    pub kind: TicketEventKind,
    /// Operator id, or `system`.
    pub author: String,
    /// Text of the note or summary of the change.
    pub body: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// A pending manual review with its synthetic images.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoReview {
    /// What it decides.
    pub kind: ReviewKind,
    /// Index into [`DemoData::accounts`].
    pub account: usize,
    /// Index into [`DemoData::tickets`].
    pub ticket: Option<usize>,
    /// For phone rebinds: the new number (bound to no account).
    pub new_phone: Option<String>,
    /// What the agent received.
    pub note: String,
    /// Operator who opened it (always [`REVIEW_OPENER`]).
    pub opened_by: String,
    /// Submitted.
    pub submitted_at: DateTime<Utc>,
    /// Document kind submitted.
    pub document_kind: DocumentKind,
    /// Document number in full.
    pub document_number: String,
    /// Drawn document photo, PNG, [`DOCUMENT_WIDTH`]×[`DOCUMENT_HEIGHT`].
    pub document_image: Vec<u8>,
    /// Drawn cartoon selfie, PNG, [`SELFIE_WIDTH`]×[`SELFIE_HEIGHT`].
    pub selfie_image: Vec<u8>,
}

/// The demo data for a database seeded at `now`; deterministic given `now`.
pub fn generate(now: DateTime<Utc>) -> DemoData {
    let mut b = Builder::new(now);
    stories::add(&mut b);
    b.add_accounts();
    b.add_tickets();
    b.add_reviews();
    DemoData {
        operators: operators(),
        accounts: b.accounts,
        tickets: b.tickets,
        reviews: b.reviews,
    }
}

fn operators() -> Vec<DemoOperator> {
    let op = |id: &str, name: &str, roles: &[Role]| DemoOperator {
        id: id.to_string(),
        name: name.to_string(),
        roles: roles.to_vec(),
    };
    vec![
        op("demo-agent", "客服小林", &[Role::Agent]),
        op("demo-reviewer", "审核员陈静", &[Role::Reviewer]),
        op("demo-reviewer2", "审核员马骏", &[Role::Reviewer]),
        op(
            "demo-lead",
            "主管周蕾",
            &[Role::Supervisor, Role::Reviewer, Role::Agent],
        ),
    ]
}

/// Real universities (本科 and above).
const UNIVERSITIES: &[&str] = &[
    "北京大学",
    "清华大学",
    "复旦大学",
    "上海交通大学",
    "浙江大学",
    "南京大学",
    "中国科学技术大学",
    "武汉大学",
    "华中科技大学",
    "中山大学",
    "四川大学",
    "西安交通大学",
    "哈尔滨工业大学",
    "山东大学",
    "吉林大学",
    "厦门大学",
    "同济大学",
    "南开大学",
    "天津大学",
    "东南大学",
    "北京师范大学",
    "华东师范大学",
    "中国人民大学",
    "北京航空航天大学",
    "重庆大学",
    "湖南大学",
    "中南大学",
    "大连理工大学",
    "兰州大学",
    "东北大学",
    "华南理工大学",
    "电子科技大学",
    "西北工业大学",
    "郑州大学",
    "苏州大学",
    "暨南大学",
    "南昌大学",
    "云南大学",
    "广西大学",
    "贵州大学",
    "新疆大学",
    "河北大学",
    "山西大学",
    "深圳大学",
    "首都师范大学",
    "上海大学",
    "北京工业大学",
    "江南大学",
    "宁波大学",
    "福州大学",
];

/// Real vocational colleges (专科).
const COLLEGES: &[&str] = &[
    "深圳职业技术学院",
    "北京电子科技职业学院",
    "金华职业技术学院",
    "无锡职业技术学院",
    "浙江金融职业学院",
    "广东轻工职业技术学院",
    "天津职业大学",
    "山东商业职业技术学院",
    "成都航空职业技术学院",
    "湖南铁道职业技术学院",
    "重庆电子工程职业学院",
    "长沙民政职业技术学院",
];

/// Self-study exam (自考) institutions.
const SELF_STUDY_BOARDS: &[&str] = &[
    "北京市高等教育自学考试委员会",
    "上海市高等教育自学考试委员会",
    "广东省高等教育自学考试委员会",
    "江苏省高等教育自学考试委员会",
    "浙江省高等教育自学考试委员会",
    "四川省高等教育自学考试委员会",
    "湖北省高等教育自学考试委员会",
    "山东省高等教育自学考试委员会",
    "河南省高等教育自学考试委员会",
];

/// E-mail domains in common use.
const MAIL_DOMAINS: &[&str] = &[
    "qq.com",
    "163.com",
    "126.com",
    "sina.com",
    "foxmail.com",
    "outlook.com",
    "gmail.com",
    "139.com",
    "sohu.com",
];

/// Reasons a supervisor gave for freezing.
const FROZEN_REASONS: &[&str] = &[
    "疑似出租、出借账号",
    "短时间内异地登录并批量查询他人学历，疑似账号买卖",
    "经举报核实存在冒用他人身份注册",
    "疑似通过中介代办，账号密码已外泄",
];

/// Notes an agent writes when opening a real_name review.
const REAL_NAME_NOTES: &[&str] = &[
    "人脸识别多次失败，用户上传了证件照片和本人近照",
    "港澳台用户注册时选择人工审核，证件照片已上传",
    "用户光线与美颜问题已排除，仍无法通过刷脸，转人工",
    "军官证注册，按规定人工核验",
];

/// Notes an agent writes when opening a phone_rebind review.
const PHONE_REBIND_NOTES: &[&str] = &[
    "原手机号已停用，身份证扫描件已通过邮箱收到",
    "用户来电申请换绑，手持证件照已上传，新号码为本人实名",
    "原号码被运营商回收，用户提交了身份证正反面照片",
];

/// Notes an agent writes when opening an identity_claim review.
const IDENTITY_CLAIM_NOTES: &[&str] = &[
    "证件号已被其他账号占用，用户提交了账号问题申请表和身份证复印件",
    "学校批量导入账号与用户自注册冲突，申请认领",
    "用户称从未注册过，怀疑被他人误用证件号，附申请表",
];

/// A person behind an account: name, birth date and document.
struct Person {
    name: names::Name,
    birth: (i32, u32, u32),
    document_kind: DocumentKind,
    document_number: String,
}

/// Accumulates the data and the uniqueness sets while generating.
struct Builder {
    rng: Rng,
    now: DateTime<Utc>,
    phones: HashSet<String>,
    emails: HashSet<String>,
    documents: HashSet<String>,
    accounts: Vec<DemoAccount>,
    tickets: Vec<DemoTicket>,
    reviews: Vec<DemoReview>,
}

impl Builder {
    fn new(now: DateTime<Utc>) -> Builder {
        Builder {
            rng: Rng::new(SEED),
            now,
            phones: HashSet::new(),
            emails: HashSet::new(),
            documents: HashSet::new(),
            accounts: Vec::with_capacity(ACCOUNT_COUNT),
            tickets: Vec::with_capacity(TICKET_COUNT),
            reviews: Vec::with_capacity(REVIEW_COUNT),
        }
    }

    /// `now` minus a random number of seconds in `lo..=hi`.
    fn ago(&mut self, lo: i64, hi: i64) -> DateTime<Utc> {
        self.now - Duration::seconds(self.rng.range(lo, hi))
    }

    /// A mobile number no account or review uses yet.
    fn fresh_phone(&mut self) -> String {
        loop {
            let phone = ids::mobile(&mut self.rng);
            if self.phones.insert(phone.clone()) {
                return phone;
            }
        }
    }

    /// An e-mail address no account uses yet.
    fn fresh_email(&mut self, surname_pinyin: &str) -> String {
        loop {
            let email = if self.rng.chance(350) {
                format!("{}@qq.com", self.rng.range(10_000, 3_999_999_999))
            } else {
                let domain = self.rng.pick(MAIL_DOMAINS);
                let tail = self.rng.range(1, 9999);
                format!("{surname_pinyin}{tail}@{domain}")
            };
            if self.emails.insert(email.clone()) {
                return email;
            }
        }
    }

    /// A random person with a document of a random kind, unique in the data.
    fn person(&mut self) -> Person {
        let rare = self.rng.chance(6);
        let name = names::name(&mut self.rng, rare);
        // Most users are recent graduates or students; older ones are a tail back to 1960.
        let birth = if self.rng.chance(780) {
            ids::birth_date(&mut self.rng, 1982, 2004)
        } else {
            ids::birth_date(&mut self.rng, 1960, 2006)
        };
        let kinds = [
            (DocumentKind::ResidentId, 962),
            (DocumentKind::HkMacauPermit, 10),
            (DocumentKind::TaiwanPermit, 6),
            (DocumentKind::HmtResidencePermit, 8),
            (DocumentKind::MilitaryOfficer, 7),
            (DocumentKind::Passport, 7),
        ];
        let document_kind = kinds[self.rng.weighted_by(&kinds, |k| k.1)].0;
        let document_number = loop {
            let rng = &mut self.rng;
            let number = match document_kind {
                DocumentKind::ResidentId => ids::resident_id(rng, birth),
                DocumentKind::HmtResidencePermit => ids::residence_permit(rng, birth),
                DocumentKind::HkMacauPermit => ids::hk_macau_permit(rng),
                DocumentKind::TaiwanPermit => ids::taiwan_permit(rng),
                DocumentKind::Passport => ids::passport(rng),
                DocumentKind::MilitaryOfficer => ids::officer_id(rng),
            };
            if self.documents.insert(number.clone()) {
                break number;
            }
        };
        Person {
            name,
            birth,
            document_kind,
            document_number,
        }
    }

    fn add_accounts(&mut self) {
        while self.accounts.len() < ACCOUNT_COUNT {
            let account = self.random_account();
            self.accounts.push(account);
        }
    }

    fn random_account(&mut self) -> DemoAccount {
        let now = self.now;
        let person = self.person();
        let import = self.rng.chance(80);
        // Registered at 16 or later, at most ~12 years ago.
        let adult_days = i64::from(now.year() - person.birth.0 - 16) * 365;
        let max_days = adult_days.clamp(2, 4400);
        let mut registered_at = self.ago(86_400, max_days * 86_400);

        let phone = if import && self.rng.chance(400) {
            None
        } else {
            Some(self.fresh_phone())
        };
        let login_is_phone = phone.is_some() && self.rng.chance(560);
        let email = if !login_is_phone || self.rng.chance(300) {
            Some(self.fresh_email(person.name.surname_pinyin))
        } else {
            None
        };
        let login = match (&phone, &email) {
            (Some(p), _) if login_is_phone => p.clone(),
            (_, Some(e)) => e.clone(),
            (Some(p), None) => p.clone(),
            (None, None) => String::new(),
        };

        let hand_checked = person.document_kind != DocumentKind::ResidentId;
        let mut account = DemoAccount {
            login,
            name: person.name.full,
            phone,
            email,
            document_kind: person.document_kind,
            document_number: person.document_number,
            state: AccountState::Active,
            verification: Verification::FacePassed,
            registration_channel: if import {
                RegistrationChannel::SchoolImport
            } else {
                RegistrationChannel::SelfService
            },
            registered_at,
            failed_logins: Vec::new(),
            locked_at: None,
            frozen_reason: None,
            activation_sent_at: None,
            degrees: Vec::new(),
            orders: Vec::new(),
        };

        let verifications = if hand_checked {
            [
                (Verification::ManualPassed, 760),
                (Verification::ManualPending, 130),
                (Verification::Rejected, 50),
                (Verification::None, 60),
                (Verification::FacePassed, 0),
            ]
        } else if import {
            [
                (Verification::None, 450),
                (Verification::FacePassed, 520),
                (Verification::ManualPassed, 30),
                (Verification::ManualPending, 0),
                (Verification::Rejected, 0),
            ]
        } else {
            [
                (Verification::FacePassed, 900),
                (Verification::ManualPassed, 35),
                (Verification::None, 25),
                (Verification::ManualPending, 22),
                (Verification::Rejected, 18),
            ]
        };
        account.verification = verifications[self.rng.weighted_by(&verifications, |v| v.1)].0;

        let states = [
            AccountState::Active,
            AccountState::Unactivated,
            AccountState::Locked,
            AccountState::Frozen,
        ];
        account.state = states[self.rng.weighted(&[905, 50, 32, 13])];
        match account.state {
            AccountState::Active => {
                // A few have some failed logins that did not reach the lock.
                if self.rng.chance(30) {
                    let n = self.rng.range(1, 4) as usize;
                    let last = self.ago(600, 2 * 86_400);
                    account.failed_logins = self.failures_before(last, n);
                }
            }
            AccountState::Unactivated => {
                registered_at = self.ago(3_600, 20 * 86_400);
                account.registered_at = registered_at;
                let since = (now - registered_at).num_seconds();
                account.activation_sent_at =
                    Some(registered_at + Duration::seconds(self.rng.range(30, since)));
                if account.verification == Verification::FacePassed && self.rng.chance(400) {
                    account.verification = Verification::None;
                }
            }
            AccountState::Locked => {
                // Some locks have lapsed already (more than 24 hours ago).
                let locked_at = self.ago(300, 36 * 3_600).max(registered_at);
                account.failed_logins = self.failures_before(locked_at, 5);
                account.locked_at = Some(locked_at);
            }
            AccountState::Frozen => {
                account.frozen_reason = Some(self.rng.pick(FROZEN_REASONS).to_string());
            }
        }
        account.degrees = self.degrees(person.birth);
        account.orders = self.orders(registered_at, !account.degrees.is_empty());
        account
    }

    /// `n` failed logins within the hour before `last`, the last one at `last`, oldest first.
    fn failures_before(&mut self, last: DateTime<Utc>, n: usize) -> Vec<DateTime<Utc>> {
        let mut offsets: Vec<i64> = (1..n).map(|_| self.rng.range(20, 3_500)).collect();
        offsets.push(0);
        offsets.sort_unstable_by(|a, b| b.cmp(a));
        offsets
            .into_iter()
            .map(|s| last - Duration::seconds(s))
            .collect()
    }

    /// Degrees plausible for someone born in `birth`.
    fn degrees(&mut self, birth: (i32, u32, u32)) -> Vec<Degree> {
        let this_year = self.now.year();
        let b = birth.0;
        let path = self.rng.weighted(&[24, 46, 14, 4, 6, 6]);
        let mut plan: Vec<(&str, i32, bool)> = match path {
            0 => vec![("专科", b + 21, false)],
            1 => vec![("本科", b + 22, false)],
            2 => vec![("本科", b + 22, false), ("硕士", b + 25, false)],
            3 => vec![
                ("本科", b + 22, false),
                ("硕士", b + 25, false),
                ("博士", b + 29, false),
            ],
            // 专升本 through the self-study exams.
            4 => vec![("专科", b + 21, false), ("本科", b + 24, true)],
            _ => vec![("本科", b + 24, true)],
        };
        let shift = self.rng.range(0, 2) as i32;
        plan.retain(|(_, year, _)| year + shift <= this_year);
        plan.into_iter()
            .map(|(level, year, self_study)| {
                let year = year + shift;
                let school = if self_study {
                    self.rng.pick(SELF_STUDY_BOARDS)
                } else if level == "专科" {
                    self.rng.pick(COLLEGES)
                } else {
                    self.rng.pick(UNIVERSITIES)
                };
                let status = if year < 2001 {
                    DegreeStatus::PaperApplication
                } else if self_study && year >= this_year - 1 && self.rng.chance(400) {
                    DegreeStatus::PendingSync
                } else {
                    DegreeStatus::Registered
                };
                Degree {
                    level: level.to_string(),
                    school: school.to_string(),
                    year,
                    self_study,
                    status,
                }
            })
            .collect()
    }

    /// Report orders placed after `registered_at`.
    fn orders(&mut self, registered_at: DateTime<Utc>, graduated: bool) -> Vec<DemoOrder> {
        let count = self.rng.weighted(&[55, 25, 12, 8]);
        let span = (self.now - registered_at).num_seconds().min(400 * 86_400);
        let mut orders: Vec<DemoOrder> = (0..count)
            .map(|_| {
                let kind = match self.rng.below(100) {
                    0..=64 if graduated => "degree_record",
                    65..=84 if graduated => "overseas_certification",
                    _ => "enrollment_report",
                };
                let created_at = self.ago(60, span.max(61));
                let age_days = (self.now - created_at).num_days();
                let link_state = match (age_days < 30, self.rng.chance(120)) {
                    (_, true) => "none",
                    (true, false) => "active",
                    (false, false) => "expired",
                };
                DemoOrder {
                    kind: kind.to_string(),
                    amount_fen: REPORT_PRICE_FEN,
                    created_at,
                    link_state: link_state.to_string(),
                }
            })
            .collect();
        orders.sort_by_key(|o| o.created_at);
        orders
    }

    fn add_tickets(&mut self) {
        let first = stories::STORY_ACCOUNTS;
        let pool = |f: &dyn Fn(&DemoAccount) -> bool| -> Vec<usize> {
            (first..self.accounts.len())
                .filter(|i| f(&self.accounts[*i]))
                .collect()
        };
        let locked = pool(&|a| a.state == AccountState::Locked);
        let frozen = pool(&|a| a.state == AccountState::Frozen);
        let unactivated = pool(&|a| a.state == AccountState::Unactivated);
        let hmt = pool(&|a| {
            matches!(
                a.document_kind,
                DocumentKind::HkMacauPermit
                    | DocumentKind::TaiwanPermit
                    | DocumentKind::HmtResidencePermit
            )
        });
        let military = pool(&|a| a.document_kind == DocumentKind::MilitaryOfficer);
        let face = pool(&|a| {
            a.document_kind == DocumentKind::ResidentId
                && matches!(
                    a.verification,
                    Verification::None | Verification::ManualPending | Verification::Rejected
                )
        });
        let generic_start = self.tickets.len();
        while self.tickets.len() < TICKET_COUNT {
            let n = self.tickets.len() - generic_start;
            // The first generic tickets walk every value once, so each one is present.
            let category = if n < Category::ALL.len() {
                Category::ALL[n]
            } else {
                Category::ALL[self
                    .rng
                    .weighted(&[14, 12, 8, 12, 5, 12, 5, 3, 12, 6, 3, 8])]
            };
            let pool: &[usize] = match category {
                Category::AccountLocked => &locked,
                Category::AccountTrading => &frozen,
                Category::HmtManualReview => &hmt,
                Category::MilitaryRegistration => &military,
                Category::FaceCheckFailed => &face,
                Category::Other if self.rng.chance(400) => &unactivated,
                _ => &[],
            };
            let linked = self.rng.chance(if category == Category::Other {
                600
            } else {
                900
            });
            let account = match (linked, pool.is_empty()) {
                (false, _) => None,
                (true, false) => Some(self.rng.pick(pool)),
                (true, true) => {
                    Some(self.rng.range(first as i64, ACCOUNT_COUNT as i64 - 1) as usize)
                }
            };
            let ticket = self.random_ticket(n, category, account);
            self.tickets.push(ticket);
        }
    }

    fn random_ticket(
        &mut self,
        n: usize,
        category: Category,
        account: Option<usize>,
    ) -> DemoTicket {
        let now = self.now;
        let mut created_at = self.ago(60, TICKET_DAYS * 86_400 - 60);
        if let Some(registered) = account.map(|i| self.accounts[i].registered_at) {
            if registered > created_at {
                created_at = registered + (now - registered) / 2;
            }
        }
        let channel = if n < 3 {
            [Channel::Phone, Channel::Email, Channel::Web][n]
        } else {
            [Channel::Phone, Channel::Email, Channel::Web][self.rng.weighted(&[45, 35, 20])]
        };
        let age_hours = (now - created_at).num_hours();
        let reviewable = matches!(
            category,
            Category::PhoneChange
                | Category::IdentityConflict
                | Category::FaceCheckFailed
                | Category::HmtManualReview
                | Category::MilitaryRegistration
        );
        let review_weight = if reviewable { 3 } else { 1 };
        let weights = if age_hours < 48 {
            [35, 35, 10, 10 * review_weight, 8, 2]
        } else if age_hours < 240 {
            [4, 25, 20, 15 * review_weight, 25, 11]
        } else {
            [1, 8, 8, 5 * review_weight, 38, 40]
        };
        let status = if n < Status::ALL.len() {
            Status::ALL[n]
        } else {
            Status::ALL[self.rng.weighted(&weights)]
        };
        let priorities = [
            Priority::Low,
            Priority::Normal,
            Priority::High,
            Priority::Urgent,
        ];
        let priority = if n < priorities.len() {
            priorities[n]
        } else if matches!(category, Category::AccountLocked | Category::AccountTrading) {
            priorities[self.rng.weighted(&[5, 45, 40, 10])]
        } else {
            priorities[self.rng.weighted(&[15, 62, 19, 4])]
        };

        let t = texts::texts(category);
        let degree = account.and_then(|i| self.accounts[i].degrees.first().cloned());
        let (school, year, level) = match degree {
            Some(d) => (d.school, d.year, d.level),
            None => (
                self.rng.pick(UNIVERSITIES).to_string(),
                self.rng.range(1995, i64::from(now.year() - 1)) as i32,
                "本科".to_string(),
            ),
        };
        let fill = |s: &str| {
            s.replace("{school}", &school)
                .replace("{year}", &year.to_string())
                .replace("{level}", &level)
        };
        let subject = fill(self.rng.pick(t.subjects));
        let body = fill(self.rng.pick(t.bodies));
        let events = self.timeline(created_at, channel, status, t);
        DemoTicket {
            subject,
            body,
            category,
            channel,
            status,
            priority,
            account,
            created_at,
            events,
        }
    }

    /// Events that fit a ticket of `status`, spread between `created_at` and now.
    fn timeline(
        &mut self,
        created_at: DateTime<Utc>,
        channel: Channel,
        status: Status,
        t: &texts::Texts,
    ) -> Vec<DemoEvent> {
        let mut plan: Vec<(TicketEventKind, String)> = Vec::new();
        let author = if self.rng.chance(750) {
            "demo-agent"
        } else {
            "demo-lead"
        };
        if channel == Channel::Phone && status != Status::New {
            let secs = self.rng.range(45, 900);
            let wrap = self.rng.pick(&["已解答", "需回访", "转人工审核", "已记录"]);
            plan.push((
                TicketEventKind::Call,
                format!("通话 {}分{:02}秒，结案码：{wrap}", secs / 60, secs % 60),
            ));
        }
        match status {
            Status::New => {}
            Status::Open => {
                if self.rng.chance(700) {
                    plan.push((
                        TicketEventKind::InternalNote,
                        self.rng.pick(t.notes).to_string(),
                    ));
                }
            }
            Status::PendingCustomer => {
                plan.push((
                    TicketEventKind::PublicReply,
                    self.rng.pick(t.replies).to_string(),
                ));
                plan.push((
                    TicketEventKind::Change,
                    "状态：处理中 → 等待用户".to_string(),
                ));
            }
            Status::PendingReview => {
                plan.push((
                    TicketEventKind::InternalNote,
                    self.rng.pick(t.notes).to_string(),
                ));
                plan.push((
                    TicketEventKind::Review,
                    "已提交人工审核，等待审核员处理".to_string(),
                ));
            }
            Status::Resolved | Status::Closed => {
                if self.rng.chance(500) {
                    plan.push((
                        TicketEventKind::InternalNote,
                        self.rng.pick(t.notes).to_string(),
                    ));
                }
                plan.push((
                    TicketEventKind::PublicReply,
                    self.rng.pick(t.replies).to_string(),
                ));
                plan.push((TicketEventKind::Change, "状态：处理中 → 已解决".to_string()));
                if status == Status::Closed {
                    plan.push((TicketEventKind::Change, "状态：已解决 → 已关闭".to_string()));
                }
            }
        }
        // Events at increasing times, each within the span left before now.
        let mut at = created_at;
        let count = plan.len() as i64;
        plan.into_iter()
            .enumerate()
            .map(|(i, (kind, body))| {
                let left = (self.now - at).num_seconds().max(0);
                let share = left / (count - i as i64 + 1);
                at += Duration::seconds(self.rng.range(share / 4, share.max(1)).max(1).min(left));
                let author = match kind {
                    TicketEventKind::Review | TicketEventKind::Call => "demo-agent",
                    TicketEventKind::Change if body.ends_with("已关闭") => "system",
                    _ => author,
                };
                DemoEvent {
                    kind,
                    author: author.to_string(),
                    body,
                    at,
                }
            })
            .collect()
    }

    fn add_reviews(&mut self) {
        let mut used: HashSet<usize> = self.reviews.iter().filter_map(|r| r.ticket).collect();
        while self.reviews.len() < REVIEW_COUNT {
            let kind = [
                ReviewKind::RealName,
                ReviewKind::PhoneRebind,
                ReviewKind::IdentityClaim,
            ][self.rng.weighted(&[60, 25, 15])];
            let fits = |c: Category| match kind {
                ReviewKind::RealName => matches!(
                    c,
                    Category::FaceCheckFailed
                        | Category::HmtManualReview
                        | Category::MilitaryRegistration
                ),
                ReviewKind::PhoneRebind => c == Category::PhoneChange,
                ReviewKind::IdentityClaim => c == Category::IdentityConflict,
            };
            let linked = (stories::STORY_TICKETS..self.tickets.len()).find_map(|i| {
                let t = &self.tickets[i];
                let account = t.account?;
                let fit = t.status == Status::PendingReview
                    && fits(t.category)
                    && !used.contains(&i)
                    && (kind != ReviewKind::PhoneRebind || self.accounts[account].phone.is_some());
                fit.then_some((i, account))
            });
            let ticket = linked.map(|(i, _)| i);
            let (account, submitted_at) = match linked {
                Some((i, account)) => {
                    used.insert(i);
                    let review_event = self.tickets[i]
                        .events
                        .iter()
                        .find(|e| e.kind == TicketEventKind::Review)
                        .map_or(self.now, |e| e.at);
                    (account, review_event)
                }
                None => {
                    let account = loop {
                        let i = self
                            .rng
                            .range(stories::STORY_ACCOUNTS as i64, ACCOUNT_COUNT as i64 - 1)
                            as usize;
                        if kind != ReviewKind::PhoneRebind || self.accounts[i].phone.is_some() {
                            break i;
                        }
                    };
                    let at = self
                        .ago(3_600, 8 * 86_400)
                        .max(self.accounts[account].registered_at);
                    (account, at)
                }
            };
            let review = self.review(kind, account, ticket, submitted_at);
            self.reviews.push(review);
        }
    }

    /// A pending review of `kind` for `account`, with drawn images.
    fn review(
        &mut self,
        kind: ReviewKind,
        account: usize,
        ticket: Option<usize>,
        submitted_at: DateTime<Utc>,
    ) -> DemoReview {
        if kind == ReviewKind::RealName {
            self.accounts[account].verification = Verification::ManualPending;
        }
        let new_phone = (kind == ReviewKind::PhoneRebind).then(|| self.fresh_phone());
        let notes = match kind {
            ReviewKind::RealName => REAL_NAME_NOTES,
            ReviewKind::PhoneRebind => PHONE_REBIND_NOTES,
            ReviewKind::IdentityClaim => IDENTITY_CLAIM_NOTES,
        };
        let note = self.rng.pick(notes).to_string();
        let a = &self.accounts[account];
        let (document_kind, document_number) = (a.document_kind, a.document_number.clone());
        let (document_image, selfie_image) = self.images(document_kind);
        DemoReview {
            kind,
            account,
            ticket,
            new_phone,
            note,
            opened_by: REVIEW_OPENER.to_string(),
            submitted_at,
            document_kind,
            document_number,
            document_image,
            selfie_image,
        }
    }

    /// A drawn document and selfie; now and then the selfie shows somebody else.
    fn images(&mut self, kind: DocumentKind) -> (Vec<u8>, Vec<u8>) {
        let family = match kind {
            DocumentKind::ResidentId => 0,
            DocumentKind::HkMacauPermit => 1,
            DocumentKind::TaiwanPermit => 2,
            DocumentKind::HmtResidencePermit => 3,
            DocumentKind::Passport => 4,
            DocumentKind::MilitaryOfficer => 5,
        };
        let mut rng = self.rng.fork(self.reviews.len() as u64);
        let face = images::Face::random(&mut rng);
        let document = images::document_png(&mut rng, family, &face);
        let selfie_face = if rng.chance(80) {
            images::Face::random(&mut rng)
        } else {
            face
        };
        let selfie = images::selfie_png(&mut rng, &selfie_face);
        (document, selfie)
    }
}

/// More accounts and tickets like the demo's, generated in batches beyond it (the scale
/// data of `kefu gen-data`); deterministic given `now`, the salt and what is reserved.
pub struct Stream {
    b: Builder,
}

impl Stream {
    /// A stream; `salt` varies the data (e.g. the number of accounts already stored).
    pub fn new(now: DateTime<Utc>, salt: u64) -> Stream {
        let mut b = Builder::new(now);
        b.rng = Rng::new(SEED ^ 0x7363_616c_6500_0000 ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        Stream { b }
    }

    /// Mark a phone, e-mail or document number as taken, so no generated account uses it.
    pub fn reserve(&mut self, phone: Option<&str>, email: Option<&str>, document: Option<&str>) {
        if let Some(p) = phone {
            self.b.phones.insert(p.to_string());
        }
        if let Some(e) = email {
            self.b.emails.insert(e.to_string());
        }
        if let Some(d) = document {
            self.b.documents.insert(d.to_string());
        }
    }

    /// `accounts` new accounts and `tickets` new tickets; a ticket's `account` indexes the
    /// accounts of the same batch (tickets of a batch without accounts are unlinked).
    pub fn batch(
        &mut self,
        accounts: usize,
        tickets: usize,
    ) -> (Vec<DemoAccount>, Vec<DemoTicket>) {
        let b = &mut self.b;
        b.accounts.clear();
        b.tickets.clear();
        for _ in 0..accounts {
            let a = b.random_account();
            b.accounts.push(a);
        }
        for _ in 0..tickets {
            let category =
                Category::ALL[b.rng.weighted(&[14, 12, 8, 12, 5, 12, 5, 3, 12, 6, 3, 8])];
            let linked = !b.accounts.is_empty()
                && b.rng.chance(if category == Category::Other {
                    600
                } else {
                    900
                });
            let account = linked.then(|| b.rng.below(b.accounts.len() as u64) as usize);
            // Past the first few, so no value is forced by its position.
            let t = b.random_ticket(1_000, category, account);
            b.tickets.push(t);
        }
        (
            std::mem::take(&mut b.accounts),
            std::mem::take(&mut b.tickets),
        )
    }
}
