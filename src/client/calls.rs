//! The endpoints of the contract, one method each.

use reqwest::Method;
use serde::Deserialize;

use super::error::ClientError;
use super::key::IdempotencyKey;
use super::transport::{decode, Extra};
use super::Client;
use crate::api::{
    AccountDetail, AccountQuery, AccountSummary, CallRecord, ClaimRequest, DecisionRequest,
    ImageSlot, NewReview, NewTicket, NoteRequest, OperatorInfo, Page, ReasonRequest, RevealRequest,
    RevealResponse, ReviewCountQuery, ReviewCounts, ReviewDetail, ReviewQuery, ReviewSummary,
    SessionRequest, SessionResponse, TicketDetail, TicketPatch, TicketQuery, TicketSummary,
};

/// The id of a resource just created (the rest of the answer is not relied on).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct Created {
    /// Id of the new resource.
    pub id: i64,
}

/// Which image of a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewImage {
    /// The photo of the identity document.
    Document,
    /// The applicant's selfie.
    Selfie,
}

impl ReviewImage {
    /// Its slot on the wire.
    pub fn slot(self) -> ImageSlot {
        match self {
            ReviewImage::Document => ImageSlot::Document,
            ReviewImage::Selfie => ImageSlot::Selfie,
        }
    }

    /// The image of `slot`.
    pub fn of(slot: ImageSlot) -> ReviewImage {
        match slot {
            ImageSlot::Document => ReviewImage::Document,
            ImageSlot::Selfie => ReviewImage::Selfie,
        }
    }
}

const NO_BODY: Option<&()> = None;

fn keyed(key: &IdempotencyKey) -> Extra<'_> {
    Extra {
        if_match: None,
        key: Some(key),
        raw: None,
    }
}

impl Client {
    /// `POST /session`: sign in and keep the token.
    pub async fn sign_in(
        &self,
        operator: &str,
        password: &str,
    ) -> Result<SessionResponse, ClientError> {
        let body = SessionRequest {
            operator: operator.to_string(),
            password: password.to_string(),
        };
        let a = self
            .send(
                Method::POST,
                "/session",
                None,
                Some(&body),
                Extra::default(),
            )
            .await?;
        let s: SessionResponse = decode(&a)?;
        self.set_token(Some(s.token.clone()));
        Ok(s)
    }

    /// `DELETE /session`: end the session and forget the token.
    pub async fn sign_out(&self) -> Result<(), ClientError> {
        let r = self
            .send(Method::DELETE, "/session", None, NO_BODY, Extra::default())
            .await;
        self.set_token(None);
        r.map(|_| ())
    }

    /// `GET /me`.
    pub async fn me(&self) -> Result<OperatorInfo, ClientError> {
        self.get("/me", None).await
    }

    /// `GET /tickets` (one page).
    pub async fn tickets(&self, q: &TicketQuery) -> Result<Page<TicketSummary>, ClientError> {
        self.get("/tickets", Some(q)).await
    }

    /// `GET /tickets/{id}` with its timeline.
    pub async fn ticket(&self, id: i64) -> Result<TicketDetail, ClientError> {
        let a = self
            .send(
                Method::GET,
                &format!("/tickets/{id}"),
                None,
                NO_BODY,
                Extra::default(),
            )
            .await?;
        let mut t: TicketDetail = decode(&a)?;
        if let Some(v) = a.etag_version {
            t.summary.version = v;
        }
        Ok(t)
    }

    /// `POST /tickets`.
    pub async fn create_ticket(
        &self,
        t: &NewTicket,
        key: &IdempotencyKey,
    ) -> Result<Created, ClientError> {
        let a = self
            .send(Method::POST, "/tickets", None, Some(t), keyed(key))
            .await?;
        decode(&a)
    }

    /// `PATCH /tickets/{id}` based on `version` (412 when it moved meanwhile).
    pub async fn patch_ticket(
        &self,
        id: i64,
        version: i64,
        patch: &TicketPatch,
    ) -> Result<(), ClientError> {
        let extra = Extra {
            if_match: Some(version),
            key: None,
            raw: None,
        };
        self.send(
            Method::PATCH,
            &format!("/tickets/{id}"),
            None,
            Some(patch),
            extra,
        )
        .await
        .map(|_| ())
    }

    /// `POST /tickets/{id}/claim` (`steal` for supervisors).
    pub async fn claim_ticket(
        &self,
        id: i64,
        steal: bool,
        key: &IdempotencyKey,
    ) -> Result<(), ClientError> {
        let body = ClaimRequest { steal };
        self.send(
            Method::POST,
            &format!("/tickets/{id}/claim"),
            None,
            Some(&body),
            keyed(key),
        )
        .await
        .map(|_| ())
    }

    /// `POST /tickets/{id}/release`.
    pub async fn release_ticket(&self, id: i64, key: &IdempotencyKey) -> Result<(), ClientError> {
        self.send(
            Method::POST,
            &format!("/tickets/{id}/release"),
            None,
            NO_BODY,
            keyed(key),
        )
        .await
        .map(|_| ())
    }

    /// `POST /tickets/{id}/notes`: an internal note or a public reply.
    pub async fn add_note(
        &self,
        id: i64,
        note: &NoteRequest,
        key: &IdempotencyKey,
    ) -> Result<(), ClientError> {
        self.send(
            Method::POST,
            &format!("/tickets/{id}/notes"),
            None,
            Some(note),
            keyed(key),
        )
        .await
        .map(|_| ())
    }

    /// `POST /tickets/{id}/calls`: log a phone call.
    pub async fn log_call(
        &self,
        id: i64,
        call: &CallRecord,
        key: &IdempotencyKey,
    ) -> Result<(), ClientError> {
        self.send(
            Method::POST,
            &format!("/tickets/{id}/calls"),
            None,
            Some(call),
            keyed(key),
        )
        .await
        .map(|_| ())
    }

    /// `POST /tickets/{id}/calls/{call}/reveal`: the caller's number of a logged call in
    /// full, with a reason (audited, rate-limited).
    pub async fn reveal_call_phone(
        &self,
        id: i64,
        call: i64,
        req: &crate::api::CallRevealRequest,
        key: &IdempotencyKey,
    ) -> Result<crate::api::CallRevealResponse, ClientError> {
        let a = self
            .send(
                Method::POST,
                &format!("/tickets/{id}/calls/{call}/reveal"),
                None,
                Some(req),
                keyed(key),
            )
            .await?;
        decode(&a)
    }

    /// `GET /accounts` (exact match on one field).
    pub async fn accounts(&self, q: &AccountQuery) -> Result<Page<AccountSummary>, ClientError> {
        self.get("/accounts", Some(q)).await
    }

    /// `GET /accounts/{id}`.
    pub async fn account(&self, id: i64) -> Result<AccountDetail, ClientError> {
        self.get(&format!("/accounts/{id}"), None).await
    }

    /// `POST /accounts/{id}/reveal`: one field in full, with a reason (audited).
    pub async fn reveal(
        &self,
        id: i64,
        req: &RevealRequest,
        key: &IdempotencyKey,
    ) -> Result<RevealResponse, ClientError> {
        let a = self
            .send(
                Method::POST,
                &format!("/accounts/{id}/reveal"),
                None,
                Some(req),
                keyed(key),
            )
            .await?;
        decode(&a)
    }

    /// `POST /accounts/{id}/{action}` for unlock, freeze, unfreeze (with a reason), based
    /// on `version` (sent as `If-Match`; 412 when the account changed meanwhile).
    pub async fn account_action(
        &self,
        id: i64,
        action: AccountAction,
        version: i64,
        reason: &str,
        key: &IdempotencyKey,
    ) -> Result<(), ClientError> {
        let body = ReasonRequest {
            reason: reason.to_string(),
        };
        let extra = Extra {
            if_match: Some(version),
            key: Some(key),
            raw: None,
        };
        self.send(
            Method::POST,
            &format!("/accounts/{id}/{}", action.path()),
            None,
            Some(&body),
            extra,
        )
        .await
        .map(|_| ())
    }

    /// `POST /accounts/{id}/resend-activation`.
    pub async fn resend_activation(
        &self,
        id: i64,
        key: &IdempotencyKey,
    ) -> Result<(), ClientError> {
        self.send(
            Method::POST,
            &format!("/accounts/{id}/resend-activation"),
            None,
            NO_BODY,
            keyed(key),
        )
        .await
        .map(|_| ())
    }

    /// `GET /reviews`.
    pub async fn reviews(&self, q: &ReviewQuery) -> Result<Page<ReviewSummary>, ClientError> {
        self.get("/reviews", Some(q)).await
    }

    /// `GET /reviews/counts`: reviews per state, every state in workflow order.
    pub async fn review_counts(&self, q: &ReviewCountQuery) -> Result<ReviewCounts, ClientError> {
        self.get("/reviews/counts", Some(q)).await
    }

    /// `POST /reviews`.
    pub async fn create_review(
        &self,
        r: &NewReview,
        key: &IdempotencyKey,
    ) -> Result<Created, ClientError> {
        let a = self
            .send(Method::POST, "/reviews", None, Some(r), keyed(key))
            .await?;
        decode(&a)
    }

    /// `GET /reviews/{id}`.
    pub async fn review(&self, id: i64) -> Result<ReviewDetail, ClientError> {
        let a = self
            .send(
                Method::GET,
                &format!("/reviews/{id}"),
                None,
                NO_BODY,
                Extra::default(),
            )
            .await?;
        let mut r: ReviewDetail = decode(&a)?;
        if let Some(v) = a.etag_version {
            r.summary.version = v;
        }
        Ok(r)
    }

    /// `GET /reviews/{id}/images/{document|selfie}`: PNG bytes.
    pub async fn review_image(&self, id: i64, which: ReviewImage) -> Result<Vec<u8>, ClientError> {
        let name = which.slot().as_str();
        let a = self
            .send(
                Method::GET,
                &format!("/reviews/{id}/images/{name}"),
                None,
                NO_BODY,
                Extra::default(),
            )
            .await?;
        Ok(a.bytes)
    }

    /// `PUT /reviews/{id}/images/{document|selfie}`: attach an image (PNG or JPEG bytes,
    /// `content_type` saying which); the review as it is now.
    pub async fn upload_review_image(
        &self,
        id: i64,
        which: ReviewImage,
        content_type: &str,
        bytes: &[u8],
        key: &IdempotencyKey,
    ) -> Result<ReviewDetail, ClientError> {
        let extra = Extra {
            raw: Some((content_type, bytes)),
            ..keyed(key)
        };
        let a = self
            .send(
                Method::PUT,
                &format!("/reviews/{id}/images/{}", which.slot().as_str()),
                None,
                NO_BODY,
                extra,
            )
            .await?;
        decode(&a)
    }

    /// `POST /reviews/{id}/claim`.
    pub async fn claim_review(&self, id: i64, key: &IdempotencyKey) -> Result<(), ClientError> {
        self.send(
            Method::POST,
            &format!("/reviews/{id}/claim"),
            None,
            NO_BODY,
            keyed(key),
        )
        .await
        .map(|_| ())
    }

    /// `POST /reviews/{id}/reveal`: a number the review shows masked, in full, with a reason
    /// (audited; the claim holder or a supervisor).
    pub async fn reveal_review(
        &self,
        id: i64,
        req: &crate::api::ReviewRevealRequest,
        key: &IdempotencyKey,
    ) -> Result<crate::api::ReviewRevealResponse, ClientError> {
        let a = self
            .send(
                Method::POST,
                &format!("/reviews/{id}/reveal"),
                None,
                Some(req),
                keyed(key),
            )
            .await?;
        decode(&a)
    }

    /// `POST /reviews/{id}/claim {"steal": true, reason}`: a supervisor takes the claim over.
    pub async fn steal_review(
        &self,
        id: i64,
        reason: &str,
        key: &IdempotencyKey,
    ) -> Result<(), ClientError> {
        let body = crate::api::ReviewClaimRequest {
            steal: true,
            reason: Some(reason.to_string()),
        };
        self.send(
            Method::POST,
            &format!("/reviews/{id}/claim"),
            None,
            Some(&body),
            keyed(key),
        )
        .await
        .map(|_| ())
    }

    /// `POST /reviews/{id}/release`: give back one's claim.
    pub async fn release_review(&self, id: i64, key: &IdempotencyKey) -> Result<(), ClientError> {
        self.send(
            Method::POST,
            &format!("/reviews/{id}/release"),
            None,
            NO_BODY,
            keyed(key),
        )
        .await
        .map(|_| ())
    }

    /// `POST /reviews/{id}/decision` based on `version`.
    pub async fn decide_review(
        &self,
        id: i64,
        version: i64,
        d: &DecisionRequest,
        key: &IdempotencyKey,
    ) -> Result<(), ClientError> {
        let extra = Extra {
            if_match: Some(version),
            key: Some(key),
            raw: None,
        };
        self.send(
            Method::POST,
            &format!("/reviews/{id}/decision"),
            None,
            Some(d),
            extra,
        )
        .await
        .map(|_| ())
    }
}

/// Account actions that take a reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountAction {
    /// Lift a lock early.
    Unlock,
    /// Freeze (e.g. account trading).
    Freeze,
    /// Lift a freeze.
    Unfreeze,
}

impl AccountAction {
    fn path(self) -> &'static str {
        match self {
            AccountAction::Unlock => "unlock",
            AccountAction::Freeze => "freeze",
            AccountAction::Unfreeze => "unfreeze",
        }
    }
}
