//! The supervisor's endpoints (`/team`, assignment, escalation, SLA watch, audit, alerts).

use reqwest::Method;

use super::error::ClientError;
use super::key::IdempotencyKey;
use super::transport::{decode, Extra};
use super::Client;
use crate::api::{
    Alert, AlertQuery, AssignRequest, AuditEntry, AuditQuery, EscalateRequest, Escalations, Page,
    ReviewSummary, SlaWatch, TeamMember, TeamMemberDetail, TeamPageQuery, TicketSummary,
};

const NO_BODY: Option<&()> = None;

fn keyed(key: &IdempotencyKey) -> Extra<'_> {
    Extra {
        if_match: None,
        key: Some(key),
        raw: None,
    }
}

/// An operator id as one path segment (ids are plain ASCII today; a `/` must not make it
/// another route).
fn segment(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

impl Client {
    /// `GET /team`: every operator with what they hold (supervisors).
    pub async fn team(&self) -> Result<Page<TeamMember>, ClientError> {
        self.get("/team", None).await
    }

    /// `GET /team/{operator}`: one operator and a page of the items they hold.
    pub async fn team_member(
        &self,
        operator: &str,
        q: &TeamPageQuery,
    ) -> Result<TeamMemberDetail, ClientError> {
        let path = format!("/team/{}", segment(operator));
        self.get(&path, Some(q)).await
    }

    /// `POST /tickets/{id}/assign`: a supervisor hands the ticket to an operator.
    pub async fn assign_ticket(
        &self,
        id: i64,
        body: &AssignRequest,
        key: &IdempotencyKey,
    ) -> Result<TicketSummary, ClientError> {
        let path = format!("/tickets/{id}/assign");
        let a = self
            .send(Method::POST, &path, None, Some(body), keyed(key))
            .await?;
        decode(&a)
    }

    /// `POST /reviews/{id}/assign`: a supervisor hands the review to a reviewer.
    pub async fn assign_review(
        &self,
        id: i64,
        body: &AssignRequest,
        key: &IdempotencyKey,
    ) -> Result<ReviewSummary, ClientError> {
        let path = format!("/reviews/{id}/assign");
        let a = self
            .send(Method::POST, &path, None, Some(body), keyed(key))
            .await?;
        decode(&a)
    }

    /// `POST /tickets/{id}/escalate`: an agent hands the ticket to the supervisors.
    pub async fn escalate_ticket(
        &self,
        id: i64,
        body: &EscalateRequest,
        key: &IdempotencyKey,
    ) -> Result<TicketSummary, ClientError> {
        let path = format!("/tickets/{id}/escalate");
        let a = self
            .send(Method::POST, &path, None, Some(body), keyed(key))
            .await?;
        decode(&a)
    }

    /// `GET /escalations`: a page of escalated tickets and reviews with their notes.
    pub async fn escalations(&self, q: &TeamPageQuery) -> Result<Escalations, ClientError> {
        self.get("/escalations", Some(q)).await
    }

    /// `GET /sla`: what is late and what will be late today (a page of each list).
    pub async fn sla_watch(&self, q: &TeamPageQuery) -> Result<SlaWatch, ClientError> {
        self.get("/sla", Some(q)).await
    }

    /// `GET /audit` (one page).
    pub async fn audit(&self, q: &AuditQuery) -> Result<Page<AuditEntry>, ClientError> {
        self.get("/audit", Some(q)).await
    }

    /// `GET /alerts` (one page).
    pub async fn alerts(&self, q: &AlertQuery) -> Result<Page<Alert>, ClientError> {
        self.get("/alerts", Some(q)).await
    }

    /// `POST /alerts/{seq}/ack`: acknowledge a security alert.
    pub async fn ack_alert(&self, seq: i64, key: &IdempotencyKey) -> Result<Alert, ClientError> {
        let path = format!("/alerts/{seq}/ack");
        let a = self
            .send(Method::POST, &path, None, NO_BODY, keyed(key))
            .await?;
        decode(&a)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_operator_id_stays_one_path_segment() {
        assert_eq!(super::segment("demo-agent"), "demo-agent");
        assert_eq!(super::segment("a/b c"), "a%2Fb%20c");
    }
}
