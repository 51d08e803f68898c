//! Operator ids: what an id may be made of, the names the server writes as actors
//! itself, and ids that read the same as an existing one.

use super::text::skeleton;

/// Shortest id.
pub const MIN_LEN: usize = 2;
/// Longest id.
pub const MAX_LEN: usize = 32;

/// Actors the back office writes into the audit trail itself: no operator may take them.
pub const RESERVED: &[&str] = &[
    "system",
    "cli",
    "kefu",
    "server",
    "root",
    "admin",
    "anonymous",
    "unknown",
    "seed",
];

/// Why an id was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OperatorIdError {
    /// Wrong length.
    #[error("an operator id has {MIN_LEN} to {MAX_LEN} characters")]
    Length,
    /// A character outside the allowed set.
    #[error(
        "an operator id uses only lower-case ASCII letters, digits, '.', '_' and '-' (found {0:?})"
    )]
    Character(char),
    /// Must start with a letter or digit.
    #[error("an operator id starts with a letter or a digit")]
    Start,
    /// A name the server writes itself.
    #[error("{0:?} is reserved: the audit trail uses it for the server itself")]
    Reserved(String),
    /// Reads the same as an operator that exists.
    #[error("{new:?} reads the same as the existing operator {existing:?}; choose another id")]
    Confusable {
        /// The id asked for.
        new: String,
        /// The operator it would be mistaken for.
        existing: String,
    },
}

/// Check the syntax of a new id and that it is not reserved.
pub fn validate(id: &str) -> Result<(), OperatorIdError> {
    let len = id.chars().count();
    if !(MIN_LEN..=MAX_LEN).contains(&len) {
        return Err(OperatorIdError::Length);
    }
    if let Some(c) = id
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')))
    {
        return Err(OperatorIdError::Character(c));
    }
    if !id.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Err(OperatorIdError::Start);
    }
    let sk = skeleton(id);
    if let Some(r) = RESERVED.iter().find(|r| skeleton(r) == sk) {
        return Err(OperatorIdError::Reserved((*r).to_string()));
    }
    Ok(())
}

/// Check a new id against the existing ones: valid, and not a look-alike of any of them
/// (case, compatibility forms, dashes, zero-width characters, `0`/`o`, `1`/`l`).
pub fn validate_new<'a>(
    id: &str,
    existing: impl IntoIterator<Item = &'a str>,
) -> Result<(), OperatorIdError> {
    validate(id)?;
    let sk = skeleton(id);
    match existing.into_iter().find(|e| skeleton(e) == sk) {
        Some(e) => Err(OperatorIdError::Confusable {
            new: id.to_string(),
            existing: e.to_string(),
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_look_alikes_of_an_existing_id_are_refused() {
        let existing = ["demo-agent"];
        for id in [
            "DEMO-AGENT",
            "demo\u{2010}agent",
            "demo-agent\u{200b}",
            "ｄｅｍｏ-agent",
            "demo\u{1b}agent",
        ] {
            assert!(
                matches!(
                    validate_new(id, existing),
                    Err(OperatorIdError::Character(_))
                ),
                "{id:?}"
            );
        }
        for id in ["demo_agent", "demo.agent", "dem0-agent"] {
            assert!(
                matches!(
                    validate_new(id, existing),
                    Err(OperatorIdError::Confusable { .. })
                ),
                "{id:?}"
            );
        }
        assert_eq!(validate_new("demo-agent2", existing), Ok(()));
    }

    #[test]
    fn reserved_names_and_bad_shapes_are_refused() {
        for id in ["system", "cli", "SYSTEM"] {
            assert!(validate(id).is_err(), "{id}");
        }
        assert_eq!(
            validate("c1i"),
            Err(OperatorIdError::Reserved("cli".into()))
        );
        assert_eq!(validate("a"), Err(OperatorIdError::Length));
        assert_eq!(validate(&"a".repeat(33)), Err(OperatorIdError::Length));
        assert_eq!(validate("-ab"), Err(OperatorIdError::Start));
        assert_eq!(validate("li.wei_2"), Ok(()));
    }
}
