//! Where a phone call is logged, as a pure rule: the caller's account decides (its open ticket,
//! or a new ticket for it); the ticket that was open when the call started counts only
//! while no account is known or when it is that account's; the agent's explicit choice
//! wins until another account is found.

use serde::{Deserialize, Serialize};

use crate::domain::ticket::Category;

/// A ticket the call may go on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketRef {
    /// Ticket id.
    pub id: i64,
    /// Subject (the list to choose from shows it).
    pub subject: String,
    /// Category (a caller with two open cases picks by it).
    pub category: Category,
    /// Account the ticket belongs to.
    pub account_id: Option<i64>,
    /// Customer's name on the ticket.
    pub customer: Option<String>,
}

/// The caller's account as found during the call, with its open tickets (newest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallerAccount {
    /// Account id.
    pub id: i64,
    /// Name (masked as the back office sends it).
    pub name: String,
    /// Tickets not resolved or closed, newest first.
    pub open: Vec<TicketRef>,
}

/// What the agent chose by hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Choice {
    /// This ticket.
    Ticket(TicketRef),
    /// A new ticket (for the account, when one is known).
    NewTicket,
}

/// Where the call will be logged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// On this ticket.
    Ticket(TicketRef),
    /// On a new ticket for this account.
    NewFor {
        /// Account id.
        account: i64,
        /// Its name.
        name: String,
    },
    /// On a new ticket with no account (caller unknown).
    New,
}

impl Target {
    /// The ticket id, when it goes on an existing one.
    pub fn ticket(&self) -> Option<i64> {
        match self {
            Target::Ticket(t) => Some(t.id),
            _ => None,
        }
    }

    /// The account a new ticket is opened for.
    pub fn account(&self) -> Option<i64> {
        match self {
            Target::NewFor { account, .. } => Some(*account),
            _ => None,
        }
    }
}

/// What the call knows: the ticket open at its start and the caller's account.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    /// The ticket that was open when the call started.
    pub opened: Option<&'a TicketRef>,
    /// The caller's account, once found.
    pub account: Option<&'a CallerAccount>,
}

/// The places the agent can choose from, in the order the list shows them: the account's
/// open tickets, a new ticket (for it), then the ticket that was open when it started.
pub fn options(f: Facts<'_>) -> Vec<Target> {
    let mut v: Vec<Target> = Vec::new();
    match f.account {
        Some(a) => {
            v.extend(a.open.iter().cloned().map(Target::Ticket));
            v.push(Target::NewFor {
                account: a.id,
                name: a.name.clone(),
            });
        }
        None => v.push(Target::New),
    }
    if let Some(o) = f.opened {
        if !v.iter().any(|t| t.ticket() == Some(o.id)) {
            v.push(Target::Ticket(o.clone()));
        }
    }
    v
}

/// Where the call goes now: the agent's choice, else the caller's account's open ticket
/// (the one that was open if it is theirs, else their newest), else a new ticket for
/// them; with no account known, the ticket that was open, else a new ticket.
pub fn target(f: Facts<'_>, choice: Option<&Choice>) -> Target {
    match choice {
        Some(Choice::Ticket(t)) => return Target::Ticket(t.clone()),
        Some(Choice::NewTicket) => {
            return match f.account {
                Some(a) => Target::NewFor {
                    account: a.id,
                    name: a.name.clone(),
                },
                None => Target::New,
            }
        }
        None => {}
    }
    match (f.account, f.opened) {
        (Some(a), opened) => {
            let theirs = opened.filter(|o| a.open.iter().any(|t| t.id == o.id));
            match theirs.or(a.open.first()) {
                Some(t) => Target::Ticket(t.clone()),
                None => Target::NewFor {
                    account: a.id,
                    name: a.name.clone(),
                },
            }
        }
        (None, Some(o)) => Target::Ticket(o.clone()),
        (None, None) => Target::New,
    }
}

/// A choice for one of the [`options`].
pub fn choice_for(t: &Target) -> Choice {
    match t {
        Target::Ticket(t) => Choice::Ticket(t.clone()),
        Target::NewFor { .. } | Target::New => Choice::NewTicket,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(id: i64, account: Option<i64>, customer: &str) -> TicketRef {
        TicketRef {
            id,
            subject: format!("subject {id}"),
            category: Category::Other,
            account_id: account,
            customer: Some(customer.into()),
        }
    }

    fn zhang(open: Vec<TicketRef>) -> CallerAccount {
        CallerAccount {
            id: 7,
            name: "张伟".into(),
            open,
        }
    }

    #[test]
    fn the_ticket_open_at_the_start_is_not_the_target_once_another_account_is_found() {
        let opened = t(272, Some(3), "李娜");
        let a = zhang(vec![t(12, Some(7), "张伟")]);
        let f = Facts {
            opened: Some(&opened),
            account: Some(&a),
        };
        assert_eq!(target(f, None).ticket(), Some(12));
        let none = zhang(vec![]);
        let f = Facts {
            opened: Some(&opened),
            account: Some(&none),
        };
        assert_eq!(
            target(f, None),
            Target::NewFor {
                account: 7,
                name: "张伟".into()
            }
        );
    }

    #[test]
    fn with_no_account_the_open_ticket_or_a_new_one() {
        let opened = t(272, Some(3), "李娜");
        let f = Facts {
            opened: Some(&opened),
            account: None,
        };
        assert_eq!(target(f, None).ticket(), Some(272));
        let f = Facts {
            opened: None,
            account: None,
        };
        assert_eq!(target(f, None), Target::New);
    }

    #[test]
    fn the_open_ticket_stays_when_it_is_the_callers() {
        let opened = t(15, Some(7), "张伟");
        let a = zhang(vec![t(20, Some(7), "张伟"), t(15, Some(7), "张伟")]);
        let f = Facts {
            opened: Some(&opened),
            account: Some(&a),
        };
        assert_eq!(target(f, None).ticket(), Some(15));
        let none_open = Facts {
            opened: None,
            account: Some(&a),
        };
        // Their newest open ticket otherwise.
        assert_eq!(target(none_open, None).ticket(), Some(20));
    }

    #[test]
    fn the_agents_choice_wins_and_options_list_every_place() {
        let opened = t(272, Some(3), "李娜");
        let a = zhang(vec![t(20, Some(7), "张伟"), t(15, Some(7), "张伟")]);
        let f = Facts {
            opened: Some(&opened),
            account: Some(&a),
        };
        let opts = options(f);
        assert_eq!(opts.len(), 4, "{opts:?}");
        assert_eq!(opts[0].ticket(), Some(20));
        assert_eq!(opts[1].ticket(), Some(15));
        assert_eq!(opts[2].account(), Some(7));
        assert_eq!(opts[3].ticket(), Some(272));
        assert_eq!(target(f, Some(&choice_for(&opts[1]))).ticket(), Some(15));
        assert_eq!(target(f, Some(&choice_for(&opts[2]))).account(), Some(7));
        assert_eq!(target(f, Some(&choice_for(&opts[3]))).ticket(), Some(272));
    }

    #[test]
    fn options_without_an_account_do_not_repeat_the_open_ticket() {
        let opened = t(272, Some(3), "李娜");
        let f = Facts {
            opened: Some(&opened),
            account: None,
        };
        let opts = options(f);
        assert_eq!(opts, vec![Target::New, Target::Ticket(opened.clone())]);
    }
}
