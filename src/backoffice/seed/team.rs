//! What the supervisor's pane shows in the demo: two open tickets and a review the lead
//! assigned, and one ticket an agent handed to the supervisors with a note. Picked from
//! the generated data (never the stories), with a generator of its own, so everything
//! else stays as it was.

use chrono::Duration;

use super::prng::Rng;
use super::{stories, Builder, DemoAssignment, DemoEscalation, DemoEvent, SEED};
use crate::api::{Status, TicketEventKind};

/// The demo's supervisor, who assigns.
const LEAD: &str = "demo-lead";
/// Tickets assigned to the agent the desk signs in as, with the lead's reason.
const TICKET_ASSIGNMENTS: [(&str, &str); 2] = [
    ("demo-agent", "熟悉此类问题，请跟进到结案"),
    ("demo-agent", "客户第二次来电，请优先处理"),
];
/// The reviewer a pending review is assigned to (the opener, demo-agent, may not be).
const REVIEW_ASSIGNEE: &str = "demo-reviewer2";
/// The agent who escalates, and the note.
const ESCALATION: (&str, &str) = (
    "demo-agent",
    "来电人情绪激动，要求主管回电；已核实身份，账号疑似被他人冒用",
);

impl Builder {
    /// Assign two open tickets and a pending review, and escalate one open ticket; none
    /// of them held under a claim (`first_review`: the first generated review).
    pub(super) fn make_a_team(&mut self, first_review: usize) {
        let now = self.now;
        let mut rng = Rng::new(SEED ^ 0x7ea);
        let free: Vec<usize> = (stories::STORY_TICKETS..self.tickets.len())
            .filter(|i| {
                let t = &self.tickets[*i];
                t.status == Status::Open && t.claim.is_none()
            })
            .collect();
        let mut picks = Vec::new();
        while picks.len() < TICKET_ASSIGNMENTS.len() + 1 && picks.len() < free.len() {
            let i = free[rng.below(free.len() as u64) as usize];
            if !picks.contains(&i) {
                picks.push(i);
            }
        }
        for (k, &i) in picks.iter().enumerate() {
            let t = &mut self.tickets[i];
            let last = t.events.last().map_or(t.created_at, |e| e.at);
            let at = (last + Duration::minutes(rng.range(5, 90))).min(now - Duration::minutes(3));
            let at = at.max(last);
            match TICKET_ASSIGNMENTS.get(k) {
                Some((to, reason)) => {
                    t.events.push(DemoEvent {
                        kind: TicketEventKind::Assignment,
                        author: LEAD.into(),
                        body: format!("{to} · {reason}"),
                        at,
                    });
                    t.assigned = Some(DemoAssignment {
                        to: to.to_string(),
                        at,
                    });
                }
                None => {
                    let (by, note) = ESCALATION;
                    t.events.push(DemoEvent {
                        kind: TicketEventKind::Escalation,
                        author: by.into(),
                        body: note.into(),
                        at,
                    });
                    t.escalation = Some(DemoEscalation {
                        by: by.into(),
                        at,
                        note: note.into(),
                    });
                }
            }
        }
        if let Some(r) = self.reviews[first_review..]
            .iter_mut()
            .find(|r| r.claim.is_none() && r.first_approval.is_none())
        {
            let at = (r.submitted_at + Duration::hours(1)).min(now - Duration::minutes(10));
            r.assigned = Some(DemoAssignment {
                to: REVIEW_ASSIGNEE.into(),
                at: at.max(r.submitted_at),
            });
        }
    }
}
