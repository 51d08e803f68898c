//! Generated tickets: category, channel, status and priority, texts and a timeline.

use chrono::{DateTime, Datelike, Duration, Utc};

use super::tables::UNIVERSITIES;
use super::{
    stories, texts, Builder, DemoAccount, DemoEvent, DemoTicket, ACCOUNT_COUNT, TICKET_COUNT,
    TICKET_DAYS,
};
use crate::api::{
    AccountState, Category, Channel, DocumentKind, Priority, Status, TicketEventKind, Verification,
};

impl Builder {
    /// Random tickets until there are [`TICKET_COUNT`], linked to fitting accounts.
    pub(super) fn add_tickets(&mut self) {
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

    /// The `n`th generated ticket (the first few walk every value) about `account`.
    pub(super) fn random_ticket(
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

        // A real day: what is still being worked is mostly within its SLA.
        if matches!(status, Status::New | Status::Open) {
            let registered = account.map(|i| self.accounts[i].registered_at);
            created_at = self.within_sla(n, created_at, priority, registered);
        }
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
            claim: None,
            assigned: None,
            escalation: None,
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
}
