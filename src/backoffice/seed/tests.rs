use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use chrono::{Duration, TimeZone};

use super::*;
use crate::api::DegreeStatus;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 16, 9, 30, 0)
        .single()
        .expect("valid time")
}

/// Generated once and shared: the data is large and the tests only read it.
fn data() -> &'static DemoData {
    static DATA: OnceLock<DemoData> = OnceLock::new();
    DATA.get_or_init(|| generate(now()))
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    let decoder = png::Decoder::new(bytes);
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("a PNG frame");
    (info.width, info.height)
}

#[test]
fn generation_is_deterministic() {
    let started = std::time::Instant::now();
    let again = generate(now());
    eprintln!("generate took {:?}", started.elapsed());
    assert!(again == *data());
    // Only relative times move with `now`.
    let later = generate(now() + Duration::days(1));
    assert_eq!(later.accounts[0].name, again.accounts[0].name);
    assert_eq!(
        later.tickets[7].created_at - again.tickets[7].created_at,
        Duration::days(1)
    );
}

#[test]
fn counts_match_the_issue() {
    let d = data();
    assert!(d.accounts.len() >= 5000);
    assert_eq!(d.tickets.len(), 1200);
    assert_eq!(d.reviews.len(), 150);
    let ids: Vec<&str> = d.operators.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(
        ids,
        ["demo-agent", "demo-reviewer", "demo-reviewer2", "demo-lead"]
    );
    let lead = &d.operators[3];
    for role in [Role::Agent, Role::Reviewer, Role::Supervisor] {
        assert!(lead.roles.contains(&role));
    }
}

#[test]
fn every_category_status_channel_and_priority_is_present() {
    let d = data();
    let present = |f: &dyn Fn(&DemoTicket) -> bool| d.tickets.iter().any(f);
    for c in Category::ALL {
        assert!(present(&|t| t.category == c), "{c:?}");
    }
    for s in Status::ALL {
        assert!(present(&|t| t.status == s), "{s:?}");
    }
    for ch in [Channel::Phone, Channel::Email, Channel::Web] {
        assert!(present(&|t| t.channel == ch), "{ch:?}");
    }
    for p in [
        Priority::Low,
        Priority::Normal,
        Priority::High,
        Priority::Urgent,
    ] {
        assert!(present(&|t| t.priority == p), "{p:?}");
    }
    for k in [
        ReviewKind::RealName,
        ReviewKind::PhoneRebind,
        ReviewKind::IdentityClaim,
    ] {
        assert!(d.reviews.iter().any(|r| r.kind == k), "{k:?}");
    }
    let real_name = d.reviews.iter().filter(|r| r.kind == ReviewKind::RealName);
    assert!(real_name.count() > 75, "mostly real_name");
    for k in [
        DocumentKind::ResidentId,
        DocumentKind::HmtResidencePermit,
        DocumentKind::HkMacauPermit,
        DocumentKind::TaiwanPermit,
        DocumentKind::Passport,
        DocumentKind::MilitaryOfficer,
    ] {
        assert!(d.accounts.iter().any(|a| a.document_kind == k), "{k:?}");
    }
}

#[test]
fn account_states_are_a_realistic_mix() {
    let d = data();
    let mut states: HashMap<AccountState, usize> = HashMap::new();
    let mut checks: HashMap<Verification, usize> = HashMap::new();
    for a in &d.accounts {
        *states.entry(a.state).or_default() += 1;
        *checks.entry(a.verification).or_default() += 1;
        match a.state {
            AccountState::Locked => {
                assert_eq!(a.failed_logins.len(), 5);
                assert_eq!(a.failed_logins.last().copied(), a.locked_at);
            }
            AccountState::Frozen => assert!(a.frozen_reason.is_some()),
            AccountState::Unactivated => {
                let sent = a.activation_sent_at.expect("activation sent");
                assert!(sent >= a.registered_at && sent <= now());
            }
            AccountState::Active => assert!(a.failed_logins.len() < 5),
        }
        assert!(a.registered_at <= now());
        assert!(a.orders.iter().all(|o| o.amount_fen == 200));
        assert!(
            a.login == a.phone.clone().unwrap_or_default() || Some(&a.login) == a.email.as_ref()
        );
    }
    let n = d.accounts.len();
    assert!(states[&AccountState::Active] * 100 > n * 85);
    assert!(checks[&Verification::FacePassed] * 100 > n * 75);
    for s in [
        AccountState::Unactivated,
        AccountState::Locked,
        AccountState::Frozen,
    ] {
        assert!(states[&s] >= 20, "{s:?}");
    }
    for v in [
        Verification::None,
        Verification::ManualPending,
        Verification::ManualPassed,
        Verification::Rejected,
    ] {
        assert!(checks[&v] >= 20, "{v:?}");
    }
}

#[test]
fn every_resident_id_has_a_valid_check_digit() {
    let d = data();
    let mut checked = 0;
    for a in &d.accounts {
        match a.document_kind {
            DocumentKind::ResidentId => {
                assert!(
                    ids::resident_id_is_valid(&a.document_number),
                    "{}",
                    a.document_number
                );
                let year: i32 = a.document_number[6..10].parse().unwrap_or(0);
                assert!((1940..=2006).contains(&year));
                checked += 1;
            }
            DocumentKind::HmtResidencePermit => {
                assert!(ids::resident_id_is_valid(&a.document_number));
                assert!(["810000", "820000", "830000"].contains(&&a.document_number[..6]));
            }
            DocumentKind::HkMacauPermit => {
                let n = &a.document_number;
                assert!(n.len() == 9 && (n.starts_with('H') || n.starts_with('M')));
                assert!(n[1..].bytes().all(|b| b.is_ascii_digit()));
            }
            DocumentKind::TaiwanPermit => {
                assert!(a.document_number.len() == 8);
                assert!(a.document_number.bytes().all(|b| b.is_ascii_digit()));
            }
            DocumentKind::Passport | DocumentKind::MilitaryOfficer => {
                assert!(!a.document_number.is_empty())
            }
        }
    }
    assert!(checked > 4500);
}

#[test]
fn phones_and_documents_are_unique_but_for_the_deliberate_conflict() {
    let d = data();
    let mut phones = HashSet::new();
    for a in &d.accounts {
        if let Some(p) = &a.phone {
            assert!(
                p.len() == 11 && p.bytes().all(|b| b.is_ascii_digit()),
                "{p}"
            );
            assert!(["13", "15", "18", "19"].contains(&&p[..2]), "{p}");
            assert!(phones.insert(p.as_str()), "phone {p} twice");
        }
    }
    for r in &d.reviews {
        if let Some(p) = &r.new_phone {
            assert!(!phones.contains(p.as_str()), "new phone {p} already bound");
        }
    }
    let mut documents: HashMap<&str, usize> = HashMap::new();
    for a in &d.accounts {
        *documents.entry(a.document_number.as_str()).or_default() += 1;
    }
    for (doc, n) in documents {
        let expected = if doc == STORY_CONFLICT_ID { 2 } else { 1 };
        assert_eq!(n, expected, "{doc}");
    }
    let logins: HashSet<&str> = d.accounts.iter().map(|a| a.login.as_str()).collect();
    assert_eq!(logins.len(), d.accounts.len());
    let count = |p: &str| {
        d.accounts
            .iter()
            .filter(|a| a.phone.as_deref() == Some(p))
            .count()
    };
    assert_eq!(count(STORY_LOCKED_PHONE), 1);
    assert_eq!(count(STORY_RARE_PHONE), 1);
}

#[test]
fn story_locked_account() {
    let d = data();
    let a = &d.accounts[STORIES.locked_account];
    assert_eq!(
        (a.name.as_str(), a.login.as_str()),
        ("张伟", STORY_LOCKED_PHONE)
    );
    assert_eq!(a.phone.as_deref(), Some(STORY_LOCKED_PHONE));
    assert_eq!(a.state, AccountState::Locked);
    let locked_at = a.locked_at.expect("locked");
    assert_eq!(locked_at, now() - Duration::hours(3));
    assert_eq!(a.failed_logins.len(), 5);
    for t in &a.failed_logins {
        assert!(*t <= locked_at && *t >= locked_at - Duration::hours(1));
    }
    let t = &d.tickets[STORIES.locked_ticket];
    assert_eq!(t.account, Some(STORIES.locked_account));
    assert_eq!(
        (t.category, t.channel, t.status),
        (Category::AccountLocked, Channel::Phone, Status::Open)
    );
}

#[test]
fn story_identity_conflict() {
    let d = data();
    let own = &d.accounts[STORIES.conflict_self_account];
    let imported = &d.accounts[STORIES.conflict_import_account];
    for a in [own, imported] {
        assert_eq!(a.document_number, STORY_CONFLICT_ID);
        assert_eq!(a.document_kind, DocumentKind::ResidentId);
    }
    assert_ne!(own.login, imported.login);
    assert_eq!(own.registration_channel, RegistrationChannel::SelfService);
    assert_eq!(
        imported.registration_channel,
        RegistrationChannel::SchoolImport
    );
    let t = &d.tickets[STORIES.conflict_ticket];
    assert_eq!(
        (t.category, t.status),
        (Category::IdentityConflict, Status::Open)
    );
    assert_eq!(t.account, Some(STORIES.conflict_self_account));
}

#[test]
fn story_hmt_manual_review() {
    let d = data();
    let a = &d.accounts[STORIES.hmt_account];
    assert_eq!(a.document_kind, DocumentKind::HkMacauPermit);
    assert_eq!(a.document_number, STORY_HMT_PERMIT);
    assert_eq!(a.verification, Verification::ManualPending);
    let r = &d.reviews[STORIES.hmt_review];
    assert_eq!(r.kind, ReviewKind::RealName);
    assert_eq!(
        (r.account, r.ticket),
        (STORIES.hmt_account, Some(STORIES.hmt_ticket))
    );
    assert_eq!(r.document_number, STORY_HMT_PERMIT);
    assert!(!r.document_image.is_empty() && !r.selfie_image.is_empty());
    let t = &d.tickets[STORIES.hmt_ticket];
    assert_eq!(t.category, Category::HmtManualReview);
    assert_eq!(t.account, Some(STORIES.hmt_account));
}

#[test]
fn story_rare_name_and_names_outside_the_bmp() {
    let d = data();
    let a = &d.accounts[STORIES.rare_name_account];
    assert_eq!(a.login, STORY_RARE_PHONE);
    assert_eq!(a.name, "王𠮷");
    let outside = |s: &str| s.chars().any(|c| u32::from(c) > 0xFFFF);
    assert!(outside(&a.name));
    let generated = d.accounts[stories::STORY_ACCOUNTS..]
        .iter()
        .filter(|a| outside(&a.name))
        .count();
    assert!(
        generated >= 3,
        "only {generated} generated names outside the BMP"
    );
    assert!(d.accounts.iter().any(|a| a.name.chars().count() == 4));
    assert!(d
        .accounts
        .iter()
        .any(|a| a.name.starts_with("欧阳") || a.name.starts_with("司马")));
}

#[test]
fn story_degrees_pending_sync_and_paper_application() {
    let d = data();
    let a = &d.accounts[STORIES.self_study_account];
    assert!(a
        .degrees
        .iter()
        .any(|g| g.self_study && g.status == DegreeStatus::PendingSync));
    let a = &d.accounts[STORIES.paper_degree_account];
    assert!(a
        .degrees
        .iter()
        .any(|g| g.year == 1998 && g.status == DegreeStatus::PaperApplication));
    for a in &d.accounts {
        for g in &a.degrees {
            assert_eq!(
                g.year < 2001,
                g.status == DegreeStatus::PaperApplication,
                "{g:?}"
            );
            assert!(g.status != DegreeStatus::PendingSync || g.self_study);
            assert!(["专科", "本科", "硕士", "博士"].contains(&g.level.as_str()));
        }
    }
    assert!(d
        .accounts
        .iter()
        .flat_map(|a| &a.degrees)
        .any(|g| g.school == "北京市高等教育自学考试委员会"));
}

#[test]
fn story_frozen_unactivated_and_rebind() {
    let d = data();
    let a = &d.accounts[STORIES.frozen_account];
    assert_eq!(a.state, AccountState::Frozen);
    assert_eq!(a.frozen_reason.as_deref(), Some("疑似出租、出借账号"));
    let t = &d.tickets[STORIES.frozen_ticket];
    assert_eq!(
        (t.category, t.account),
        (Category::AccountTrading, Some(STORIES.frozen_account))
    );

    let a = &d.accounts[STORIES.unactivated_account];
    assert_eq!(a.state, AccountState::Unactivated);
    assert_eq!(a.activation_sent_at, Some(now() - Duration::days(2)));

    let r = &d.reviews[STORIES.rebind_review];
    assert_eq!(r.kind, ReviewKind::PhoneRebind);
    assert_eq!(r.opened_by, "demo-agent");
    assert_eq!(
        (r.account, r.ticket),
        (STORIES.rebind_account, Some(STORIES.rebind_ticket))
    );
    assert!(r.new_phone.is_some());
    assert_ne!(r.new_phone, d.accounts[STORIES.rebind_account].phone);
    let t = &d.tickets[STORIES.rebind_ticket];
    assert_eq!(
        (t.category, t.account),
        (Category::PhoneChange, Some(STORIES.rebind_account))
    );
}

#[test]
fn tickets_and_reviews_are_consistent() {
    let d = data();
    let oldest = now() - Duration::days(31);
    let linked = d.tickets.iter().filter(|t| t.account.is_some()).count();
    assert!(
        linked * 100 > d.tickets.len() * 70,
        "most tickets are linked"
    );
    for t in &d.tickets {
        assert!(
            t.created_at >= oldest && t.created_at <= now(),
            "{:?}",
            t.created_at
        );
        assert!(!t.subject.is_empty() && !t.body.is_empty());
        assert!(
            !t.subject.contains('{') && !t.body.contains('{'),
            "{}",
            t.body
        );
        if let Some(i) = t.account {
            assert!(i < d.accounts.len());
            assert!(d.accounts[i].registered_at <= t.created_at);
        }
        let mut last = t.created_at;
        for e in &t.events {
            assert!(e.at >= last && e.at <= now());
            last = e.at;
        }
    }
    assert!(d
        .tickets
        .iter()
        .any(|t| t.events.iter().any(|e| e.kind == TicketEventKind::Call)));
    assert!(d.tickets.iter().any(|t| t
        .events
        .iter()
        .any(|e| e.kind == TicketEventKind::PublicReply)));
    let mut tickets = HashSet::new();
    for r in &d.reviews {
        assert_eq!(r.opened_by, REVIEW_OPENER);
        let a = &d.accounts[r.account];
        assert_eq!(
            (r.document_kind, &r.document_number),
            (a.document_kind, &a.document_number)
        );
        assert_eq!(r.new_phone.is_some(), r.kind == ReviewKind::PhoneRebind);
        if r.kind == ReviewKind::PhoneRebind {
            assert_ne!(
                a.state,
                AccountState::Frozen,
                "a rebind is refused on a frozen account"
            );
        }
        assert!(r.submitted_at <= now());
        if let Some(t) = r.ticket {
            assert!(tickets.insert(t), "ticket {t} linked to two reviews");
            assert_eq!(d.tickets[t].account, Some(r.account));
        }
        if r.kind == ReviewKind::RealName {
            assert_eq!(a.verification, Verification::ManualPending);
        }
    }
}

#[test]
fn images_are_pngs_of_the_expected_size_and_vary() {
    let d = data();
    let mut distinct = HashSet::new();
    for r in &d.reviews {
        assert_eq!(
            png_size(&r.document_image),
            (DOCUMENT_WIDTH, DOCUMENT_HEIGHT)
        );
        assert_eq!(png_size(&r.selfie_image), (SELFIE_WIDTH, SELFIE_HEIGHT));
        distinct.insert(&r.selfie_image);
    }
    assert!(distinct.len() > 100, "selfies vary");
}

#[test]
fn the_demo_looks_like_a_working_day() {
    use crate::domain::sla::{china_date, pauses_sla, ticket_due};
    let d = data();
    let today = china_date(now());
    let open: Vec<&DemoTicket> = d.tickets.iter().filter(|t| t.status.is_open()).collect();
    let running = || open.iter().filter(|t| !pauses_sla(t.status));
    let due = |t: &DemoTicket| ticket_due(t.created_at, t.priority).date;
    let overdue = running().filter(|t| due(t) < today).count();
    assert!(
        overdue * 100 <= open.len() * 15 && overdue * 100 >= open.len() * 3,
        "{overdue} of {} open tickets overdue",
        open.len()
    );
    let due_today = running().filter(|t| due(t) == today).count();
    assert!(
        (3..=25).contains(&due_today),
        "{due_today} due today ({overdue} overdue of {} open)",
        open.len()
    );

    let claimed: Vec<&DemoTicket> = d.tickets.iter().filter(|t| t.claim.is_some()).collect();
    assert!(claimed.len() >= 5, "{} claimed tickets", claimed.len());
    for t in &claimed {
        let c = t.claim.as_ref().expect("filtered on the claim");
        assert!(
            c.until > now() && c.until <= now() + Duration::minutes(30),
            "{c:?}"
        );
        assert!(
            ["demo-agent", "demo-lead"].contains(&c.by.as_str()),
            "{c:?}"
        );
        assert_eq!(t.status, Status::Open);
        assert_eq!(
            t.events.last().map(|e| e.kind),
            Some(TicketEventKind::Claim)
        );
    }
    assert!(claimed
        .iter()
        .any(|t| t.claim.as_ref().is_some_and(|c| c.by == "demo-agent")));

    let stories = &d.reviews[..2];
    assert!(stories
        .iter()
        .all(|r| r.claim.is_none() && r.first_approval.is_none()));
    let claimed = d.reviews.iter().filter(|r| r.claim.is_some()).count();
    assert!((2..=5).contains(&claimed), "{claimed} claimed reviews");
    let awaiting: Vec<&DemoReview> = d
        .reviews
        .iter()
        .filter(|r| r.first_approval.is_some())
        .collect();
    assert_eq!(awaiting.len(), 1);
    assert_eq!(awaiting[0].kind, ReviewKind::PhoneRebind);
    assert!(awaiting[0].claim.is_none(), "free for the second reviewer");
    let first = awaiting[0].first_approval.as_ref().expect("filtered on it");
    assert_eq!(first.reviewer, FIRST_APPROVER);
    assert!(first.at >= awaiting[0].submitted_at && first.at <= now());
}

#[test]
fn the_supervisor_has_assignments_and_an_escalation_to_look_at() {
    let d = data();
    let story = super::stories::STORY_TICKETS;
    let assigned: Vec<(usize, &DemoTicket)> = d
        .tickets
        .iter()
        .enumerate()
        .filter(|(_, t)| t.assigned.is_some())
        .collect();
    assert_eq!(assigned.len(), 2);
    let escalated: Vec<(usize, &DemoTicket)> = d
        .tickets
        .iter()
        .enumerate()
        .filter(|(_, t)| t.escalation.is_some())
        .collect();
    assert_eq!(escalated.len(), 1);
    for (i, t) in assigned.iter().chain(&escalated) {
        assert!(*i >= story, "the stories stay as they are");
        assert_eq!(t.status, crate::api::Status::Open);
        assert!(t.claim.is_none());
        let kinds: Vec<_> = t.events.iter().map(|e| e.kind).collect();
        assert!(
            kinds.contains(&TicketEventKind::Assignment)
                || kinds.contains(&TicketEventKind::Escalation),
            "{kinds:?}"
        );
    }
    assert!(assigned
        .iter()
        .all(|(_, t)| t.assigned.as_ref().is_some_and(|a| a.to == "demo-agent")));
    let reviews: Vec<&DemoReview> = d.reviews.iter().filter(|r| r.assigned.is_some()).collect();
    assert_eq!(reviews.len(), 1);
    assert!(reviews[0].claim.is_none() && reviews[0].first_approval.is_none());
    assert_ne!(reviews[0].opened_by, "demo-reviewer2", "four eyes");
}
