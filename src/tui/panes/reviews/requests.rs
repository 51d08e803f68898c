//! Runs the reviews pane's effects on tokio; images are decoded and encoded on the blocking
//! pool, never on the UI task. Decisions are sent once: the client never retries a 412.

use std::sync::Arc;
use std::time::Duration;

use ratatui_image::picker::Picker;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;

use super::msg::{ReviewsAction, ReviewsEffect};
use crate::client::Client;

/// State the runner keeps for the pane.
#[derive(Default)]
pub struct ReviewsRunner {
    /// The picker for images (none: images off or unavailable).
    pub picker: Option<Picker>,
    /// Largest encoded image in bytes (`ui.image_max_kib`; none: no limit).
    pub max_bytes: Option<usize>,
    list_task: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for ReviewsRunner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReviewsRunner").finish_non_exhaustive()
    }
}

/// Where the pane's answers go: the desk's channel and how an answer is wrapped for it
/// (the pane does not know the desk's action type).
struct Reply<A> {
    tx: UnboundedSender<A>,
    wrap: fn(ReviewsAction) -> A,
}

impl<A> Clone for Reply<A> {
    fn clone(&self) -> Self {
        Reply {
            tx: self.tx.clone(),
            wrap: self.wrap,
        }
    }
}

fn send<A>(tx: &Reply<A>, a: ReviewsAction) {
    // The desk has quit when nobody listens: the answer is not wanted any more.
    let _ = tx.tx.send((tx.wrap)(a));
}

impl ReviewsRunner {
    /// Start one effect; its answer goes to `tx`, wrapped by `wrap`.
    pub fn run<A: Send + 'static>(
        &mut self,
        client: Client,
        tx: UnboundedSender<A>,
        wrap: fn(ReviewsAction) -> A,
        e: ReviewsEffect,
    ) {
        let tx = Reply { tx, wrap };
        match e {
            ReviewsEffect::List { req, query } => {
                if let Some(old) = self.list_task.take() {
                    old.abort();
                }
                self.list_task = Some(tokio::spawn(async move {
                    let result = client.reviews(&query).await;
                    send(&tx, ReviewsAction::Listed { req, result });
                }));
            }
            ReviewsEffect::Count { req, query } => {
                tokio::spawn(async move {
                    let result = client.review_counts(&query).await.map(|c| {
                        c.counts
                            .into_iter()
                            .map(|n| (n.state, n.total))
                            .collect::<Vec<_>>()
                    });
                    send(&tx, ReviewsAction::Counted { req, result });
                });
            }
            ReviewsEffect::Load { req, id } => {
                tokio::spawn(async move {
                    let result = client.review(id).await;
                    send(&tx, ReviewsAction::Loaded { req, result });
                });
            }
            ReviewsEffect::FetchImage { id, which } => {
                tokio::spawn(async move {
                    let result = client.review_image(id, which).await.map(Arc::new);
                    send(&tx, ReviewsAction::ImageFetched { id, which, result });
                });
            }
            ReviewsEffect::EncodeImage {
                id,
                which,
                bytes,
                size,
            } => {
                let max_bytes = self.max_bytes;
                let Some(picker) = self.picker.clone() else {
                    send(
                        &tx,
                        ReviewsAction::ImageEncoded {
                            id,
                            which,
                            size,
                            result: Err("images are off".to_string()),
                        },
                    );
                    return;
                };
                tokio::spawn(async move {
                    let result = tokio::task::spawn_blocking(move || {
                        crate::tui::images::encode_within(
                            &picker, &bytes, size.0, size.1, max_bytes,
                        )
                    })
                    .await
                    .unwrap_or_else(|e| Err(e.to_string()));
                    send(
                        &tx,
                        ReviewsAction::ImageEncoded {
                            id,
                            which,
                            size,
                            result,
                        },
                    );
                });
            }
            ReviewsEffect::Claim { id, key } => {
                tokio::spawn(async move {
                    let result = match client.claim_review(id, &key).await {
                        Ok(()) => client.review(id).await,
                        Err(e) => Err(e),
                    };
                    send(&tx, ReviewsAction::Claimed { id, key, result });
                });
            }
            ReviewsEffect::Steal { id, key, reason } => {
                tokio::spawn(async move {
                    let result = match client.steal_review(id, &reason, &key).await {
                        Ok(()) => client.review(id).await,
                        Err(e) => Err(e),
                    };
                    send(&tx, ReviewsAction::Claimed { id, key, result });
                });
            }
            ReviewsEffect::Release { id, key } => {
                tokio::spawn(async move {
                    let result = client.release_review(id, &key).await;
                    send(&tx, ReviewsAction::Released { id, result });
                });
            }
            ReviewsEffect::RenewAfter { id, gen, secs } => {
                tokio::spawn(async move {
                    tokio::time::sleep(Duration::from_secs(secs)).await;
                    send(&tx, ReviewsAction::RenewDue { id, gen });
                });
            }
            ReviewsEffect::Decide {
                id,
                version,
                request,
                key,
            } => {
                tokio::spawn(async move {
                    let result = client.decide_review(id, version, &request, &key).await;
                    send(
                        &tx,
                        ReviewsAction::Decided {
                            id,
                            request,
                            key,
                            result,
                        },
                    );
                });
            }
            ReviewsEffect::Reveal { id, request, key } => {
                tokio::spawn(async move {
                    let result = client.reveal_review(id, &request, &key).await;
                    send(&tx, ReviewsAction::Revealed { id, key, result });
                });
            }
            ReviewsEffect::LoadAccount { req, id } => {
                tokio::spawn(async move {
                    let result = client.account(id).await;
                    send(&tx, ReviewsAction::AccountLoaded { req, result });
                });
            }
        }
    }
}
