//! The effect runner: executes effects on tokio with the client and sends the answers
//! back as actions. List requests are "newest wins": a new one aborts the one in flight.

pub mod live;

use std::path::PathBuf;

use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;

use crate::api::AccountQuery;
use crate::client::Client;
use crate::tui::action::{Action, Effect};
use crate::tui::drafts::store::DraftStore;
use crate::tui::drafts::DraftEffect;
use crate::tui::panes::write::Write;
use crate::tui::session;

/// Runs effects.
pub struct Runner {
    client: Client,
    tx: UnboundedSender<Action>,
    queue_task: Option<JoinHandle<()>>,
    lookup_tasks: crate::tui::panes::lookup::requests::Tasks,
    token_file: Option<PathBuf>,
    /// The reviews pane's part (image picker, newest list request).
    pub reviews: crate::tui::panes::reviews::requests::ReviewsRunner,
    /// The team pane's part (newest board read).
    team: crate::tui::panes::team::requests::TeamRunner,
    /// Where drafts are kept (none: drafts live only in memory).
    pub drafts: Option<DraftStore>,
    /// A draft write failed and the operator was told; not repeated per keystroke.
    drafts_failing: bool,
    /// The live-update subscription.
    live: live::LiveTask,
}

impl Runner {
    /// A runner over `client`; answers go to `tx`. `token_file`: where to keep the token.
    pub fn new(client: Client, tx: UnboundedSender<Action>, token_file: Option<PathBuf>) -> Self {
        Runner {
            client,
            tx,
            queue_task: None,
            lookup_tasks: Default::default(),
            token_file,
            reviews: Default::default(),
            team: Default::default(),
            drafts: None,
            drafts_failing: false,
            live: Default::default(),
        }
    }

    /// Start one effect.
    pub fn run(&mut self, effect: Effect) {
        let client = self.client.clone();
        let tx = self.tx.clone();
        match effect {
            Effect::SignIn { operator, password } => {
                tokio::spawn(async move {
                    let r = client.sign_in(&operator, &password).await;
                    let _ = tx.send(Action::SignedIn(r));
                });
            }
            Effect::LoadQueue { req, query } => {
                if let Some(old) = self.queue_task.take() {
                    old.abort();
                }
                self.queue_task = Some(tokio::spawn(async move {
                    let result = client.tickets(&query).await;
                    tracing::debug!(req, ok = result.is_ok(), "queue page answered");
                    let _ = tx.send(Action::QueueLoaded { req, result });
                }));
            }
            Effect::ReadAhead { req, query } => {
                // Its own task: a newer queue read must not cancel it (nor it one); an
                // answer nobody waits for any more is dropped by its request id.
                tokio::spawn(async move {
                    let result = client.tickets(&query).await;
                    let _ = tx.send(Action::QueueLoaded { req, result });
                });
            }
            Effect::LoadTicket { req, id } => {
                tokio::spawn(async move {
                    let result = client.ticket(id).await;
                    let _ = tx.send(Action::TicketLoaded { req, result });
                });
            }
            Effect::Write { write, version } => {
                tokio::spawn(async move {
                    let id = write.ticket;
                    let key = &write.key;
                    let result = match &write.write {
                        Write::Patch(p) => client.patch_ticket(id, version, p).await,
                        Write::Note(n) => client.add_note(id, n, key).await,
                        Write::Claim { steal } => client.claim_ticket(id, *steal, key).await,
                        Write::Release => client.release_ticket(id, key).await,
                        Write::Call(c) => client.log_call(id, c, key).await,
                    };
                    let _ = tx.send(Action::Written { write, result });
                });
            }
            Effect::LogCall {
                ticket,
                new_ticket,
                call,
            } => {
                tokio::spawn(async move {
                    let result = async {
                        let id = match (ticket, new_ticket) {
                            (Some(id), _) => id,
                            (None, Some((t, key))) => client.create_ticket(&t, &key).await?.id,
                            (None, None) => call.ticket,
                        };
                        if let Write::Call(record) = &call.write {
                            client.log_call(id, record, &call.key).await?;
                        }
                        Ok(id)
                    }
                    .await;
                    let _ = tx.send(Action::CallLogged(result));
                });
            }
            Effect::LookupCaller { req, phone } => {
                tokio::spawn(async move {
                    let q = AccountQuery {
                        phone: Some(phone),
                        ..AccountQuery::default()
                    };
                    let result = client.accounts(&q).await;
                    let _ = tx.send(Action::CallerFound { req, result });
                });
            }
            Effect::RevealCaller {
                ticket,
                call,
                reason,
            } => {
                tokio::spawn(async move {
                    let req = crate::api::CallRevealRequest { reason };
                    let key = crate::client::IdempotencyKey::new();
                    let result = client
                        .reveal_call_phone(ticket, call, &req, &key)
                        .await
                        .map(|r| r.caller_phone);
                    let _ = tx.send(Action::CallerRevealed { ticket, result });
                });
            }
            Effect::LoadCallerAccount { req, id } => {
                tokio::spawn(async move {
                    let result = Box::new(client.account(id).await);
                    let _ = tx.send(Action::CallerAccount { req, result });
                });
            }
            Effect::Lookup(r) => {
                let send = move |a| {
                    let _ = tx.send(Action::Lookup(a));
                };
                crate::tui::panes::lookup::requests::run(r, client, send, &mut self.lookup_tasks);
            }
            Effect::Reviews(e) => self
                .reviews
                .run(client, tx, |a| Action::Reviews(Box::new(a)), e),
            Effect::Team(e) => self.team.run(client, tx, |a| Action::Team(Box::new(a)), e),
            Effect::Drafts(e) => self.drafts(e),
            Effect::Probe => {
                tokio::spawn(async move {
                    let _ = tx.send(Action::Probed(client.me().await));
                });
            }
            Effect::LiveStart => self.live.start(client, tx),
            Effect::KeepToken(token) => {
                if let Some(path) = &self.token_file {
                    match token {
                        Some(t) => {
                            if let Err(e) = session::save(path, &t) {
                                tracing::warn!(error = %e, "cannot keep the session token");
                            }
                        }
                        None => session::remove(path),
                    }
                }
            }
        }
    }

    /// Draft files are small and local: written right here, before the next key is read,
    /// so a kill at any moment finds the text up to the last keystroke on disk.
    fn drafts(&mut self, effect: DraftEffect) {
        let Some(store) = self.drafts.as_mut() else {
            return;
        };
        let result = match effect {
            DraftEffect::Load { operator } => match store.open(&operator) {
                Ok((drafts, refused)) => {
                    let _ = self.tx.send(Action::DraftsLoaded(drafts));
                    if let Some(e) = refused.first() {
                        let _ = self.tx.send(Action::DraftRefused(e.to_string()));
                    }
                    Ok(())
                }
                Err(e) => Err(e),
            },
            DraftEffect::Save(d) => store.save(&d),
            DraftEffect::Drop(id) => store.drop_draft(id),
        };
        match result {
            Ok(()) => self.drafts_failing = false,
            Err(e) => {
                tracing::warn!(error = %e, "draft file");
                if !std::mem::replace(&mut self.drafts_failing, true) {
                    let _ = self.tx.send(Action::DraftFailed(e.to_string()));
                }
            }
        }
    }
}
