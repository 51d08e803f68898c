//! Runs the team pane's effects on tokio. The board read is "newest wins"; writes carry
//! their idempotency key, so the client's retries never assign twice.

use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;

use super::msg::{Opened, TeamAction, TeamEffect};
use super::update::alert_query;
use crate::api::ItemKind;
use crate::client::Client;

/// State the runner keeps for the pane.
#[derive(Debug, Default)]
pub struct TeamRunner {
    board_task: Option<JoinHandle<()>>,
}

impl TeamRunner {
    /// Start one effect; its answer goes to `tx`, wrapped by `wrap`.
    pub fn run<A: Send + 'static>(
        &mut self,
        client: Client,
        tx: UnboundedSender<A>,
        wrap: fn(TeamAction) -> A,
        e: TeamEffect,
    ) {
        let send = move |a: TeamAction| {
            // The desk has quit when nobody listens: the answer is not wanted any more.
            let _ = tx.send(wrap(a));
        };
        match e {
            TeamEffect::Board { req } => {
                if let Some(old) = self.board_task.take() {
                    old.abort();
                }
                self.board_task = Some(tokio::spawn(async move {
                    let result = client.team().await;
                    send(TeamAction::Board { req, result });
                }));
            }
            TeamEffect::Member {
                req,
                operator,
                query,
            } => {
                tokio::spawn(async move {
                    let result = client.team_member(&operator, &query).await;
                    send(TeamAction::Member { req, result });
                });
            }
            TeamEffect::Sla { req, query } => {
                tokio::spawn(async move {
                    let result = client.sla_watch(&query).await;
                    send(TeamAction::Sla { req, result });
                });
            }
            TeamEffect::Escalations { req, query } => {
                tokio::spawn(async move {
                    let result = client.escalations(&query).await;
                    send(TeamAction::Escalations { req, result });
                });
            }
            TeamEffect::Audit { req, query } => {
                tokio::spawn(async move {
                    let result = client.audit(&query).await;
                    send(TeamAction::Audit { req, result });
                });
            }
            TeamEffect::Alerts { req } => {
                tokio::spawn(async move {
                    let result = client.alerts(&alert_query()).await;
                    send(TeamAction::Alerts { req, result });
                });
            }
            TeamEffect::Ack { seq, key } => {
                tokio::spawn(async move {
                    let result = client.ack_alert(seq, &key).await;
                    send(TeamAction::Acked { seq, result });
                });
            }
            TeamEffect::Open { req, kind, id } => {
                tokio::spawn(async move {
                    let result = match kind {
                        ItemKind::Ticket => client
                            .ticket(id)
                            .await
                            .map(|t| Opened::Ticket(Box::new(t.summary))),
                        ItemKind::Review => client
                            .review(id)
                            .await
                            .map(|r| Opened::Review(Box::new(r.summary))),
                    };
                    send(TeamAction::Opened { req, result });
                });
            }
            TeamEffect::Assign {
                kind,
                id,
                body,
                key,
            } => {
                tokio::spawn(async move {
                    let result = match kind {
                        ItemKind::Ticket => client.assign_ticket(id, &body, &key).await.map(|_| ()),
                        ItemKind::Review => client.assign_review(id, &body, &key).await.map(|_| ()),
                    };
                    send(TeamAction::Assigned {
                        kind,
                        id,
                        operator: body.operator,
                        result,
                    });
                });
            }
            TeamEffect::Escalate { id, body, key } => {
                tokio::spawn(async move {
                    let result = client.escalate_ticket(id, &body, &key).await.map(|_| ());
                    send(TeamAction::Escalated { id, result });
                });
            }
        }
    }
}
