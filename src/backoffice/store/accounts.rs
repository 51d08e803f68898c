//! Accounts: masked lookups, the account card, and audited actions.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::{audit, check_version, OpError, OpResult, Row, StoreResult, Tx, Value};
use crate::api::{
    AccountDetail, AccountState, AccountSummary, Degree, LockInfo, Order, RevealField,
};
use crate::domain::account::{effective_state, lock_lifts_at};
use crate::domain::mask;

const COLUMNS: &str = "id, login, name, phone, email, document_kind, document_number, state, \
    verification, registration_channel, registered_at, locked_at, frozen_reason, \
    activation_sent_at, version";

/// An account row as stored (full values: never sent out as is).
#[derive(Debug, Clone)]
pub struct AccountRow {
    /// Id.
    pub id: i64,
    /// Login name.
    pub login: String,
    /// Real name.
    pub name: String,
    /// Mobile.
    pub phone: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Document kind (wire name).
    pub document_kind: String,
    /// Document number.
    pub document_number: String,
    /// Stored state (a lapsed lock is still `locked` here).
    pub state: AccountState,
    /// Verification (wire name).
    pub verification: String,
    /// Registration channel (wire name).
    pub registration_channel: String,
    /// Registered.
    pub registered_at: DateTime<Utc>,
    /// Locked.
    pub locked_at: Option<DateTime<Utc>>,
    /// Why frozen.
    pub frozen_reason: Option<String>,
    /// Activation e-mail sent.
    pub activation_sent_at: Option<DateTime<Utc>>,
    /// Version.
    pub version: i64,
}

fn row(r: &Row) -> StoreResult<AccountRow> {
    Ok(AccountRow {
        id: r.i64(0)?,
        login: r.str(1)?,
        name: r.str(2)?,
        phone: r.opt_str(3)?,
        email: r.opt_str(4)?,
        document_kind: r.str(5)?,
        document_number: r.str(6)?,
        state: r.enum_(7)?,
        verification: r.str(8)?,
        registration_channel: r.str(9)?,
        registered_at: r.time(10)?,
        locked_at: r.opt_time(11)?,
        frozen_reason: r.opt_str(12)?,
        activation_sent_at: r.opt_time(13)?,
        version: r.i64(14)?,
    })
}

impl AccountRow {
    /// State right now: a lock whose 24 hours are over has lifted.
    pub fn current_state(&self, now: DateTime<Utc>) -> AccountState {
        effective_state(self.state, self.locked_at.map(lock_lifts_at), now)
    }

    /// The masked view.
    pub fn summary(&self, now: DateTime<Utc>) -> StoreResult<AccountSummary> {
        Ok(AccountSummary {
            id: self.id,
            login: mask::mask_login(&self.login),
            name: mask::mask_name(&self.name),
            phone: self.phone.as_deref().map(mask::mask_phone),
            email: self.email.as_deref().map(mask::mask_email),
            document_kind: super::parse_enum(&self.document_kind)?,
            document_number: mask::mask_id_number(&self.document_number),
            state: self.current_state(now),
            verification: super::parse_enum(&self.verification)?,
            registration_channel: super::parse_enum(&self.registration_channel)?,
            registered_at: self.registered_at,
            version: self.version,
        })
    }

    /// What the audit trail keeps of the account's state (no personal data).
    fn audit_state(&self, now: DateTime<Utc>) -> serde_json::Value {
        json!({
            "state": super::enum_str(&self.current_state(now)),
            "verification": self.verification,
            "version": self.version,
        })
    }
}

/// Fetch one account.
pub fn get(tx: &mut dyn Tx, id: i64) -> StoreResult<Option<AccountRow>> {
    tx.query_opt(
        &format!("SELECT {COLUMNS} FROM accounts WHERE id = ?"),
        &[id.into()],
    )?
    .as_ref()
    .map(row)
    .transpose()
}

/// Fetch one account or fail with 404.
pub fn require(tx: &mut dyn Tx, id: i64) -> OpResult<AccountRow> {
    get(tx, id)?.ok_or_else(|| OpError::NotFound(format!("account {id}")))
}

/// Exact-match lookup on one column (already normalised by the caller).
pub fn find(tx: &mut dyn Tx, column: LookupColumn, value: &str) -> StoreResult<Vec<AccountRow>> {
    let col = match column {
        LookupColumn::Phone => "phone",
        LookupColumn::DocumentNumber => "document_number",
        LookupColumn::Login => "login",
        LookupColumn::Email => "email",
    };
    let rows = tx.query(
        &format!("SELECT {COLUMNS} FROM accounts WHERE {col} = ? ORDER BY registered_at LIMIT 50"),
        &[value.into()],
    )?;
    rows.iter().map(row).collect()
}

/// Columns an exact lookup may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LookupColumn {
    /// Mobile number (11 digits).
    Phone,
    /// Identity document number (normalised).
    DocumentNumber,
    /// Login name.
    Login,
    /// E-mail (lower case).
    Email,
}

/// The full account card.
pub fn detail(tx: &mut dyn Tx, id: i64, now: DateTime<Utc>) -> OpResult<AccountDetail> {
    let acc = require(tx, id)?;
    let summary = acc.summary(now)?;
    let lock = if summary.state == AccountState::Locked {
        let attempts = tx
            .query(
                "SELECT at FROM failed_logins WHERE account_id = ? ORDER BY at DESC LIMIT 20",
                &[id.into()],
            )?
            .iter()
            .map(|r| r.time(0))
            .collect::<StoreResult<Vec<_>>>()?;
        acc.locked_at.map(|locked_at| LockInfo {
            locked_at,
            until: lock_lifts_at(locked_at),
            failed_attempts: attempts.len() as u32,
            attempts,
        })
    } else {
        None
    };
    let same_identity = tx
        .query(
            &format!("SELECT {COLUMNS} FROM accounts WHERE document_number = ? AND id <> ? ORDER BY registered_at"),
            &[acc.document_number.clone().into(), id.into()],
        )?
        .iter()
        .map(|r| row(r).and_then(|a| a.summary(now)))
        .collect::<StoreResult<Vec<_>>>()?;
    let degrees = tx
        .query(
            "SELECT level, school, year, self_study, status FROM degrees WHERE account_id = ? ORDER BY year DESC",
            &[id.into()],
        )?
        .iter()
        .map(|r| {
            Ok(Degree {
                level: r.str(0)?,
                school: r.str(1)?,
                year: i32::try_from(r.i64(2)?).unwrap_or_default(),
                self_study: r.bool(3)?,
                status: r.enum_(4)?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    let orders = tx
        .query(
            "SELECT id, kind, amount_fen, created_at, link_state FROM orders WHERE account_id = ? ORDER BY created_at DESC",
            &[id.into()],
        )?
        .iter()
        .map(|r| {
            Ok(Order {
                id: r.i64(0)?,
                kind: r.str(1)?,
                amount_fen: r.i64(2)?,
                created_at: r.time(3)?,
                link_state: r.str(4)?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    let tickets = super::tickets::for_account(tx, id, now)?;
    let reviews = super::reviews::for_account(tx, id, now)?;
    Ok(AccountDetail {
        summary,
        lock,
        frozen_reason: acc.frozen_reason.clone(),
        activation_sent_at: if acc.state == AccountState::Unactivated {
            acc.activation_sent_at
        } else {
            None
        },
        same_identity,
        degrees,
        orders,
        tickets,
        reviews,
    })
}

/// Reveal one field in full; audited with the reason.
pub fn reveal(
    tx: &mut dyn Tx,
    operator: &str,
    id: i64,
    field: RevealField,
    reason: &str,
) -> OpResult<Option<String>> {
    let value = field_value(tx, id, field)?;
    audit::append(
        tx,
        &audit::Record {
            operator,
            action: "account.reveal",
            target: format!("account:{id}"),
            reason: Some(reason),
            before: None,
            after: Some(json!({ "field": super::enum_str(&field) })),
        },
    )?;
    super::team::reveal_spike(tx, operator, chrono::Utc::now())?;
    Ok(value)
}

/// One field of an account in full, read without an audit row: only for answering the
/// replay of a reveal that was audited already.
pub fn field_value(tx: &mut dyn Tx, id: i64, field: RevealField) -> OpResult<Option<String>> {
    let acc = require(tx, id)?;
    Ok(match field {
        RevealField::Name => Some(acc.name),
        RevealField::Phone => acc.phone,
        RevealField::DocumentNumber => Some(acc.document_number),
        RevealField::Email => acc.email,
    })
}

fn bump(tx: &mut dyn Tx, sql: &str, params: &[Value]) -> StoreResult<()> {
    tx.execute(sql, params)?;
    Ok(())
}

fn audited_change(
    tx: &mut dyn Tx,
    operator: &str,
    action: &str,
    before: &AccountRow,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> OpResult<AccountRow> {
    let after = require(tx, before.id)?;
    audit::append(
        tx,
        &audit::Record {
            operator,
            action,
            target: format!("account:{}", before.id),
            reason,
            before: Some(before.audit_state(now)),
            after: Some(after.audit_state(now)),
        },
    )?;
    Ok(after)
}

/// Unlock a locked account early; clears its failed logins.
pub fn unlock(
    tx: &mut dyn Tx,
    operator: &str,
    id: i64,
    version: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> OpResult<AccountRow> {
    let acc = require(tx, id)?;
    check_version(acc.version, version)?;
    if acc.current_state(now) != AccountState::Locked {
        return Err(OpError::conflict(
            "not_locked",
            format!(
                "account {id} is not locked (it is {})",
                super::enum_str(&acc.current_state(now))
            ),
        ));
    }
    tx.execute(
        "DELETE FROM failed_logins WHERE account_id = ?",
        &[id.into()],
    )?;
    bump(
        tx,
        "UPDATE accounts SET state = 'active', locked_at = NULL, version = version + 1 WHERE id = ?",
        &[id.into()],
    )?;
    audited_change(tx, operator, "account.unlock", &acc, Some(reason), now)
}

/// Freeze an account (e.g. suspected account trading).
pub fn freeze(
    tx: &mut dyn Tx,
    operator: &str,
    id: i64,
    version: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> OpResult<AccountRow> {
    let acc = require(tx, id)?;
    check_version(acc.version, version)?;
    if acc.state == AccountState::Frozen {
        return Err(OpError::conflict(
            "already_frozen",
            format!("account {id} is already frozen"),
        ));
    }
    bump(
        tx,
        // The state it had is kept, so lifting the freeze gives back exactly that.
        "UPDATE accounts SET state = 'frozen', frozen_from = ?, frozen_reason = ?, version = version + 1 WHERE id = ?",
        &[super::enum_str(&acc.current_state(now)).into(), reason.into(), id.into()],
    )?;
    audited_change(tx, operator, "account.freeze", &acc, Some(reason), now)
}

/// Lift a freeze.
pub fn unfreeze(
    tx: &mut dyn Tx,
    operator: &str,
    id: i64,
    version: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> OpResult<AccountRow> {
    let acc = require(tx, id)?;
    check_version(acc.version, version)?;
    if acc.state != AccountState::Frozen {
        return Err(OpError::conflict(
            "not_frozen",
            format!("account {id} is not frozen"),
        ));
    }
    bump(
        tx,
        // Frozen before this column existed (or by the seed): such accounts were active.
        "UPDATE accounts SET state = COALESCE(frozen_from, 'active'), frozen_from = NULL, frozen_reason = NULL, version = version + 1 WHERE id = ?",
        &[id.into()],
    )?;
    audited_change(tx, operator, "account.unfreeze", &acc, Some(reason), now)
}

/// Send the activation e-mail again (recorded; the mailer is outside this system).
pub fn resend_activation(
    tx: &mut dyn Tx,
    operator: &str,
    id: i64,
    now: DateTime<Utc>,
) -> OpResult<AccountRow> {
    let acc = require(tx, id)?;
    if acc.state != AccountState::Unactivated {
        return Err(OpError::conflict(
            "already_activated",
            format!("account {id} is already activated"),
        ));
    }
    bump(
        tx,
        "UPDATE accounts SET activation_sent_at = ?, version = version + 1 WHERE id = ?",
        &[now.into(), id.into()],
    )?;
    audited_change(tx, operator, "account.resend_activation", &acc, None, now)
}
