//! Loads the generated demo data into an empty store.

use super::{enum_str, operators, reviews, tickets, StoreResult, Tx};
use crate::api::OperatorInfo;
use crate::backoffice::seed::DemoData;
use crate::domain::sla::{review_due, ticket_due};

/// Whether the store holds no accounts yet.
pub fn is_empty(tx: &mut dyn Tx) -> StoreResult<bool> {
    Ok(tx.query_i64("SELECT COUNT(*) FROM accounts", &[])? == 0)
}

/// Insert everything in `data`; every demo operator gets `password_hash`.
pub fn load(tx: &mut dyn Tx, data: &DemoData, password_hash: &str) -> StoreResult<()> {
    for op in &data.operators {
        if operators::get(tx, &op.id)?.is_none() {
            operators::insert(
                tx,
                &OperatorInfo {
                    id: op.id.clone(),
                    name: op.name.clone(),
                    roles: op.roles.clone(),
                },
                password_hash,
            )?;
        }
    }
    let mut account_ids = Vec::with_capacity(data.accounts.len());
    for a in &data.accounts {
        let id = tx.query_i64(
            "INSERT INTO accounts (login, name, phone, email, document_kind, document_number, state, verification,
                registration_channel, registered_at, locked_at, frozen_reason, activation_sent_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            &[
                a.login.clone().into(),
                a.name.clone().into(),
                a.phone.clone().into(),
                a.email.clone().into(),
                enum_str(&a.document_kind).into(),
                a.document_number.clone().into(),
                enum_str(&a.state).into(),
                enum_str(&a.verification).into(),
                enum_str(&a.registration_channel).into(),
                a.registered_at.into(),
                a.locked_at.into(),
                a.frozen_reason.clone().into(),
                a.activation_sent_at.into(),
            ],
        )?;
        for at in &a.failed_logins {
            tx.execute(
                "INSERT INTO failed_logins (account_id, at) VALUES (?, ?)",
                &[id.into(), (*at).into()],
            )?;
        }
        for d in &a.degrees {
            tx.execute(
                "INSERT INTO degrees (account_id, level, school, year, self_study, status) VALUES (?, ?, ?, ?, ?, ?)",
                &[id.into(), d.level.clone().into(), d.school.clone().into(), d.year.into(), d.self_study.into(), enum_str(&d.status).into()],
            )?;
        }
        for o in &a.orders {
            tx.execute(
                "INSERT INTO orders (account_id, kind, amount_fen, created_at, link_state) VALUES (?, ?, ?, ?, ?)",
                &[id.into(), o.kind.clone().into(), o.amount_fen.into(), o.created_at.into(), o.link_state.clone().into()],
            )?;
        }
        account_ids.push(id);
    }
    let mut ticket_ids = Vec::with_capacity(data.tickets.len());
    for t in &data.tickets {
        let due = ticket_due(t.created_at, t.priority);
        let updated = t
            .events
            .iter()
            .map(|e| e.at)
            .max()
            .unwrap_or(t.created_at)
            .max(t.created_at);
        let id = tx.query_i64(
            "INSERT INTO tickets (subject, body, category, channel, status, priority, priority_rank, account_id,
                due_on, due_approximate, created_at, updated_at, sla_paused_at, assignee, claim_expires_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            &[
                t.subject.clone().into(),
                t.body.clone().into(),
                enum_str(&t.category).into(),
                enum_str(&t.channel).into(),
                enum_str(&t.status).into(),
                enum_str(&t.priority).into(),
                tickets::priority_rank(t.priority).into(),
                t.account.and_then(|i| account_ids.get(i).copied()).into(),
                due.date.format("%Y-%m-%d").to_string().into(),
                due.approximate.into(),
                t.created_at.into(),
                updated.into(),
                // A waiting ticket's clock stopped when it last moved.
                crate::domain::sla::pauses_sla(t.status)
                    .then_some(updated)
                    .into(),
                t.claim.as_ref().map(|c| c.by.clone()).into(),
                t.claim.as_ref().map(|c| c.until).into(),
            ],
        )?;
        tickets::add_event(
            tx,
            id,
            crate::api::TicketEventKind::Created,
            "customer",
            "",
            t.created_at,
        )?;
        for e in &t.events {
            tickets::add_event(tx, id, e.kind, &e.author, &e.body, e.at)?;
        }
        if let Some(a) = &t.assigned {
            tx.execute(
                "UPDATE tickets SET assigned_to = ?, assigned_at = ? WHERE id = ?",
                &[a.to.clone().into(), a.at.into(), id.into()],
            )?;
        }
        if let Some(e) = &t.escalation {
            tx.execute(
                "UPDATE tickets SET escalated_by = ?, escalated_at = ?, escalation_note = ? WHERE id = ?",
                &[e.by.clone().into(), e.at.into(), e.note.clone().into(), id.into()],
            )?;
        }
        ticket_ids.push(id);
    }
    for r in &data.reviews {
        let Some(&account) = account_ids.get(r.account) else {
            continue;
        };
        let due = review_due(r.submitted_at);
        let id = tx.query_i64(
            "INSERT INTO reviews (kind, state, account_id, ticket_id, new_phone, note, opened_by, submitted_at,
                due_on, due_approximate, document_kind, document_number, claimed_by, claim_expires_at,
                first_approver)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            &[
                enum_str(&r.kind).into(),
                match (&r.first_approval, &r.claim) {
                    (Some(_), _) => "awaiting_second_approval",
                    (None, Some(_)) => "claimed",
                    (None, None) => "pending",
                }
                .into(),
                account.into(),
                r.ticket.and_then(|i| ticket_ids.get(i).copied()).into(),
                r.new_phone.clone().into(),
                r.note.clone().into(),
                r.opened_by.clone().into(),
                r.submitted_at.into(),
                due.date.format("%Y-%m-%d").to_string().into(),
                due.approximate.into(),
                enum_str(&r.document_kind).into(),
                r.document_number.clone().into(),
                r.claim.as_ref().map(|c| c.by.clone()).into(),
                r.claim.as_ref().map(|c| c.until).into(),
                r.first_approval.as_ref().map(|a| a.reviewer.clone()).into(),
            ],
        )?;
        if let Some(a) = &r.first_approval {
            first_approval(tx, id, r.kind, a)?;
        }
        if let Some(a) = &r.assigned {
            tx.execute(
                "UPDATE reviews SET assigned_to = ?, assigned_at = ? WHERE id = ?",
                &[a.to.clone().into(), a.at.into(), id.into()],
            )?;
        }
        reviews::put_image(tx, id, "document", &r.document_image)?;
        reviews::put_image(tx, id, "selfie", &r.selfie_image)?;
    }
    super::audit::append(
        tx,
        &super::audit::Record {
            operator: "system",
            action: "store.seed_demo",
            target: "store".into(),
            reason: None,
            before: None,
            after: Some(serde_json::json!({
                "accounts": data.accounts.len(),
                "tickets": data.tickets.len(),
                "reviews": data.reviews.len(),
            })),
        },
    )?;
    Ok(())
}

/// The decision record of a demo review's first approval (every check ticked).
fn first_approval(
    tx: &mut dyn Tx,
    review: i64,
    kind: crate::api::ReviewKind,
    a: &crate::backoffice::seed::DemoApproval,
) -> StoreResult<()> {
    let checklist: Vec<&str> = kind.checklist().to_vec();
    tx.execute(
        "INSERT INTO review_decisions (review_id, reviewer, decision, reason_code, checklist, comment_to_user, internal_note, at)
         VALUES (?, ?, 'approve', 'documents_match', ?, ?, ?, ?)",
        &[
            review.into(),
            a.reviewer.clone().into(),
            serde_json::to_string(&checklist).unwrap_or_else(|_| "[]".into()).into(),
            "证件与人像一致，待第二位审核员复核。".into(),
            "新号码已电话核实，机主与申请人一致。".into(),
            a.at.into(),
        ],
    )?;
    Ok(())
}
