//! Operators: ids, names, roles and password hashes.

use chrono::Utc;

use super::{StoreError, StoreResult, Tx};
use crate::api::{OperatorInfo, Role};
use crate::domain::operator_id;

/// An operator row, with the password hash.
#[derive(Debug, Clone)]
pub struct OperatorRow {
    /// Public part.
    pub info: OperatorInfo,
    /// argon2 PHC string.
    pub password_hash: String,
    /// Disabled operators cannot sign in.
    pub disabled: bool,
}

/// Encode roles for storage.
pub fn roles_to_str(roles: &[Role]) -> String {
    roles
        .iter()
        .map(super::enum_str)
        .collect::<Vec<_>>()
        .join(",")
}

/// Decode stored roles.
pub fn roles_from_str(s: &str) -> StoreResult<Vec<Role>> {
    s.split(',')
        .filter(|r| !r.is_empty())
        .map(super::parse_enum)
        .collect()
}

/// Find an operator by id.
pub fn get(tx: &mut dyn Tx, id: &str) -> StoreResult<Option<OperatorRow>> {
    let row = tx.query_opt(
        "SELECT id, name, roles, password_hash, disabled FROM operators WHERE id = ?",
        &[id.into()],
    )?;
    row.map(|r| {
        Ok(OperatorRow {
            info: OperatorInfo {
                id: r.str(0)?,
                name: r.str(1)?,
                roles: roles_from_str(&r.str(2)?)?,
            },
            password_hash: r.str(3)?,
            disabled: r.bool(4)?,
        })
    })
    .transpose()
}

/// An enabled operator to hand work to: `422 unknown_operator` when there is no such
/// operator or they are disabled.
pub fn enabled(tx: &mut dyn Tx, id: &str) -> Result<OperatorInfo, super::OpError> {
    match get(tx, id)? {
        Some(op) if !op.disabled => Ok(op.info),
        Some(_) => Err(super::OpError::unprocessable(
            "unknown_operator",
            format!("{id} is disabled; pick an active operator"),
        )),
        None => Err(super::OpError::unprocessable(
            "unknown_operator",
            format!("there is no operator {id:?}"),
        )),
    }
}

/// Every operator.
pub fn list(tx: &mut dyn Tx) -> StoreResult<Vec<OperatorRow>> {
    let ids = tx.query("SELECT id FROM operators ORDER BY id", &[])?;
    let mut out = Vec::new();
    for r in ids {
        if let Some(op) = get(tx, &r.str(0)?)? {
            out.push(op);
        }
    }
    Ok(out)
}

/// Add an operator; fails when the id is not a valid one (see
/// [`crate::domain::operator_id`]), exists, or reads the same as one that exists.
pub fn insert(tx: &mut dyn Tx, info: &OperatorInfo, password_hash: &str) -> StoreResult<()> {
    if get(tx, &info.id)?.is_some() {
        return Err(StoreError::Db(format!(
            "operator {:?} already exists",
            info.id
        )));
    }
    let existing = tx
        .query("SELECT id FROM operators", &[])?
        .iter()
        .map(|r| r.str(0))
        .collect::<StoreResult<Vec<_>>>()?;
    operator_id::validate_new(&info.id, existing.iter().map(String::as_str))
        .map_err(|e| StoreError::Db(e.to_string()))?;
    tx.execute(
        "INSERT INTO operators (id, name, roles, password_hash, disabled, created_at) VALUES (?, ?, ?, ?, 0, ?)",
        &[
            info.id.clone().into(),
            info.name.clone().into(),
            roles_to_str(&info.roles).into(),
            password_hash.into(),
            Utc::now().into(),
        ],
    )?;
    Ok(())
}

/// Disable an operator and end their sessions; false when no such operator.
pub fn disable(tx: &mut dyn Tx, id: &str) -> StoreResult<bool> {
    let n = tx.execute(
        "UPDATE operators SET disabled = 1, version = version + 1 WHERE id = ?",
        &[id.into()],
    )?;
    tx.execute("DELETE FROM sessions WHERE operator_id = ?", &[id.into()])?;
    Ok(n > 0)
}

/// Replace an operator's roles; false when no such operator.
pub fn set_roles(tx: &mut dyn Tx, id: &str, roles: &[Role]) -> StoreResult<bool> {
    let n = tx.execute(
        "UPDATE operators SET roles = ?, version = version + 1 WHERE id = ?",
        &[roles_to_str(roles).into(), id.into()],
    )?;
    Ok(n > 0)
}
