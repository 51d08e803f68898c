//! A demo that looks like a real working day: most tickets still being worked are within
//! their SLA (about one in ten is late, a handful fall due today), some are held by the
//! demo operators, a few reviews are claimed and one awaits its second approval.
//!
//! Uses generators of its own (from the fixed seed), so the rest of the data, drawn from
//! the builder's generator, stays as it was.

use chrono::{DateTime, Duration, Utc};

use super::prng::Rng;
use super::{stories, Builder, DemoApproval, DemoClaim, DemoEvent, SEED};
use crate::api::{Priority, ReviewKind, Status, TicketEventKind};
use crate::domain::review::CLAIM_LEASE_MINUTES as REVIEW_LEASE_MINUTES;
use crate::domain::sla::{china_date, ticket_due};
use crate::domain::ticket::CLAIM_LEASE_MINUTES;

/// Of the new and open tickets that would be past their due date, how many (per mille)
/// stay late; the others were opened recently enough to be within their SLA.
const LATE_PER_MILLE: u64 = 250;
/// Of the new and open tickets that would fall due today, how many (per mille) do.
const DUE_TODAY_PER_MILLE: u64 = 250;
/// Who holds the demo's live ticket claims (the desk signs in as demo-agent).
const TICKET_HOLDERS: [&str; 8] = [
    "demo-agent",
    "demo-agent",
    "demo-lead",
    "demo-agent",
    "demo-agent",
    "demo-lead",
    "demo-agent",
    "demo-agent",
];
/// Who holds the demo's live review claims.
const REVIEW_HOLDERS: [&str; 3] = ["demo-reviewer", "demo-reviewer2", "demo-lead"];
/// The reviewer who gave the waiting rebind its first approval (demo-reviewer2 may give
/// the second).
pub const FIRST_APPROVER: &str = "demo-reviewer";

impl Builder {
    /// When ticket `n` (new or open, of `priority`) was opened: `created_at` if it is
    /// within its SLA, or stays late or due today, else a time in the last 40 hours that
    /// is within it.
    pub(super) fn within_sla(
        &self,
        n: usize,
        created_at: DateTime<Utc>,
        priority: Priority,
        registered: Option<DateTime<Utc>>,
    ) -> DateTime<Utc> {
        let today = china_date(self.now);
        let mut rng = Rng::new(SEED ^ 0x5_1a00 ^ (n as u64).wrapping_mul(0x9E37_79B9));
        let due = ticket_due(created_at, priority).date;
        let keep = match due.cmp(&today) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Equal => rng.chance(DUE_TODAY_PER_MILLE),
            std::cmp::Ordering::Less => rng.chance(LATE_PER_MILLE),
        };
        if keep {
            return created_at;
        }
        for _ in 0..16 {
            let at = self.now - Duration::seconds(rng.range(60, 40 * 3600));
            if registered.is_some_and(|r| at < r) {
                continue;
            }
            // Few of them fall due today: a handful breach today, not a wall.
            let due = ticket_due(at, priority).date;
            if due > today || (due == today && rng.chance(DUE_TODAY_PER_MILLE)) {
                return at;
            }
        }
        created_at
    }

    /// Live claims on some open tickets and reviews, and one rebind awaiting its second
    /// approval; the stories are left as they are (`first_review`: the first generated
    /// review).
    pub(super) fn make_a_day(&mut self, first_review: usize) {
        let now = self.now;
        let today = china_date(now);
        let mut rng = Rng::new(SEED ^ 0xda7);
        let candidates: Vec<usize> = (stories::STORY_TICKETS..self.tickets.len())
            .filter(|i| {
                let t = &self.tickets[*i];
                t.status == Status::Open && ticket_due(t.created_at, t.priority).date >= today
            })
            .collect();
        let step = (candidates.len() / TICKET_HOLDERS.len()).max(1);
        for (k, holder) in TICKET_HOLDERS.iter().enumerate() {
            let Some(&i) = candidates.get(k * step + rng.below(step as u64) as usize) else {
                break;
            };
            let until = now + Duration::minutes(rng.range(4, CLAIM_LEASE_MINUTES - 2));
            let t = &mut self.tickets[i];
            let last = t.events.last().map_or(t.created_at, |e| e.at);
            let at = (until - Duration::minutes(CLAIM_LEASE_MINUTES))
                .max(last)
                .min(now);
            t.events.push(DemoEvent {
                kind: TicketEventKind::Claim,
                author: holder.to_string(),
                body: "claimed".into(),
                at,
            });
            t.claim = Some(DemoClaim {
                by: holder.to_string(),
                until,
            });
        }

        // A rebind with its first approval, then a few claimed reviews of other kinds.
        if let Some(r) = self.reviews[first_review..]
            .iter_mut()
            .find(|r| r.kind == ReviewKind::PhoneRebind)
        {
            let at = (r.submitted_at + Duration::hours(2)).min(now - Duration::minutes(20));
            r.first_approval = Some(DemoApproval {
                reviewer: FIRST_APPROVER.into(),
                at: at.max(r.submitted_at),
            });
        }
        let mut held = 0;
        for r in self.reviews[first_review..].iter_mut().rev() {
            if held == REVIEW_HOLDERS.len() {
                break;
            }
            if r.kind == ReviewKind::PhoneRebind || r.first_approval.is_some() {
                continue;
            }
            r.claim = Some(DemoClaim {
                by: REVIEW_HOLDERS[held].into(),
                until: now + Duration::minutes(rng.range(4, REVIEW_LEASE_MINUTES - 2)),
            });
            held += 1;
        }
    }
}
