//! Runs the pane's requests with the client; searches and card reads are "newest wins"
//! (a new one aborts the one in flight).

use std::io::Write as _;

use base64::Engine as _;
use tokio::task::JoinHandle;

use super::msg::{Answer, CopyTarget, OpKind, Request};
use crate::client::Client;

/// Tasks in flight that a newer request replaces.
#[derive(Debug, Default)]
pub struct Tasks {
    search: Option<JoinHandle<()>>,
    card: Option<JoinHandle<()>>,
}

fn replace(slot: &mut Option<JoinHandle<()>>, task: JoinHandle<()>) {
    if let Some(old) = slot.replace(task) {
        old.abort();
    }
}

/// The OSC 52 sequence that puts `target`'s id on the operator's clipboard.
pub fn osc52(target: CopyTarget) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(target.text());
    format!("\x1b]52;c;{b64}\x07")
}

/// Start one request; its answer goes to `send` (the root wraps it for the desk).
pub fn run(r: Request, client: Client, send: impl Fn(Answer) + Send + 'static, tasks: &mut Tasks) {
    match r {
        Request::Search { req, kind, value } => {
            let q = Request::query(kind, &value);
            replace(
                &mut tasks.search,
                tokio::spawn(async move {
                    let result = client.accounts(&q).await;
                    send(Answer::Found { req, result });
                }),
            );
        }
        Request::LoadCard { req, id } => {
            replace(
                &mut tasks.card,
                tokio::spawn(async move {
                    let result = client.account(id).await.map(Box::new);
                    send(Answer::Card { req, result });
                }),
            );
        }
        Request::Run(op) => {
            tokio::spawn(async move {
                let id = op.account;
                let key = &op.key;
                if let Some(req) = op.kind.reveal() {
                    let result = client.reveal(id, &req, key).await;
                    send(Answer::Revealed { op, result });
                    return;
                }
                let result = match &op.kind {
                    OpKind::Act {
                        action,
                        version,
                        reason,
                    } => client
                        .account_action(id, *action, *version, reason, key)
                        .await
                        .map(|()| None),
                    OpKind::ResendActivation => {
                        client.resend_activation(id, key).await.map(|()| None)
                    }
                    OpKind::Review { .. } => match op.kind.new_review(id) {
                        Some(r) => client.create_review(&r, key).await.map(|c| Some(c.id)),
                        None => Ok(None),
                    },
                    OpKind::Ticket { .. } => match op.kind.new_ticket(id) {
                        Some(t) => client.create_ticket(&t, key).await.map(|c| Some(c.id)),
                        None => Ok(None),
                    },
                    OpKind::Reveal { .. } => Ok(None),
                };
                send(Answer::Done { op, result });
            });
        }
        Request::Copy(target) => {
            // Written between frames (the runner runs on the UI task); ids only.
            let mut out = std::io::stdout().lock();
            if let Err(e) = out
                .write_all(osc52(target).as_bytes())
                .and_then(|()| out.flush())
            {
                tracing::warn!(error = %e, "cannot write the clipboard sequence");
            }
        }
    }
}
