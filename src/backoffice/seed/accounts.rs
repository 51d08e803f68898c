//! Generated accounts: the person behind each, state, verification, degrees and orders.

use chrono::{DateTime, Datelike, Duration, Utc};

use super::tables::{COLLEGES, FROZEN_REASONS, SELF_STUDY_BOARDS, UNIVERSITIES};
use super::{ids, names, Builder, DemoAccount, DemoOrder, ACCOUNT_COUNT, REPORT_PRICE_FEN};
use crate::api::{
    AccountState, Degree, DegreeStatus, DocumentKind, RegistrationChannel, Verification,
};

/// A person behind an account: name, birth date and document.
struct Person {
    name: names::Name,
    birth: (i32, u32, u32),
    document_kind: DocumentKind,
    document_number: String,
}

impl Builder {
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

    /// Random accounts until there are [`ACCOUNT_COUNT`].
    pub(super) fn add_accounts(&mut self) {
        while self.accounts.len() < ACCOUNT_COUNT {
            let account = self.random_account();
            self.accounts.push(account);
        }
    }

    /// One random account, unique in its phone, e-mail and document.
    pub(super) fn random_account(&mut self) -> DemoAccount {
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
}
