//! Runs the pane's requests with the client; searches and card reads are "newest wins"
//! (a new one aborts the one in flight).

use std::io::Write as _;

use base64::Engine as _;
use tokio::task::JoinHandle;

use super::attach::{THUMB_COLS, THUMB_ROWS};
use super::files;
use super::msg::{Answer, AttachAnswer, AttachError, Attached, CopyTarget, OpKind, Request};
use crate::api::ImageSlot;
use crate::client::{Client, IdempotencyKey, ReviewImage};
use crate::tui::images::{thumbnail, EncodedImage};

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
        Request::Complete { req, typed } => {
            tokio::spawn(async move {
                let listed = typed.clone();
                let entries = tokio::task::spawn_blocking(move || files::list_dir(&listed))
                    .await
                    .unwrap_or_default();
                send(Answer::Attach(AttachAnswer::Completed {
                    req,
                    typed,
                    entries,
                }));
            });
        }
        Request::Attach {
            req,
            review,
            slot,
            path,
            key,
        } => {
            tokio::spawn(async move {
                let result = attach(&client, review, slot, path, &key).await;
                send(Answer::Attach(AttachAnswer::Attached { req, slot, result }));
            });
        }
        Request::Preview { req, review, slot } => {
            tokio::spawn(async move {
                let result = match client.review_image(review, ReviewImage::of(slot)).await {
                    Ok(png) => thumb(png).await.map(Some),
                    Err(e) if e.status() == Some(404) => Ok(None),
                    Err(e) => Err(e.to_string()),
                };
                send(Answer::Attach(AttachAnswer::Previewed {
                    req,
                    slot,
                    result,
                }));
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

/// A stored PNG as the form's thumbnail, encoded on the blocking pool.
async fn thumb(png: Vec<u8>) -> Result<EncodedImage, String> {
    tokio::task::spawn_blocking(move || thumbnail(&png, THUMB_COLS, THUMB_ROWS))
        .await
        .unwrap_or_else(|e| Err(e.to_string()))
}

/// Check and read the file, upload it, and read back what was stored as a thumbnail.
async fn attach(
    client: &Client,
    review: i64,
    slot: ImageSlot,
    path: String,
    key: &IdempotencyKey,
) -> Result<Attached, AttachError> {
    let (content_type, bytes) = tokio::task::spawn_blocking(move || files::read_evidence(&path))
        .await
        .map_err(|e| AttachError::Unreadable(e.to_string()))??;
    let which = ReviewImage::of(slot);
    client
        .upload_review_image(review, which, content_type, &bytes, key)
        .await
        .map_err(AttachError::Api)?;
    // The thumbnail shows what the back office stored; without it the upload still stands.
    let thumb = match client.review_image(review, which).await {
        Ok(png) => thumb(png).await.ok(),
        Err(e) => {
            tracing::warn!(review, error = %e, "cannot read back the attached image");
            None
        }
    };
    Ok(Attached {
        bytes: bytes.len() as u64,
        thumb,
    })
}
