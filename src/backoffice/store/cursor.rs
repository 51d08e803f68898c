//! Opaque list cursors: what a keyset page ended on, as URL-safe base64 of JSON. Every
//! keyset-paged list (`GET /tickets`, the escalations, the SLA watch's lists, one
//! operator's items) writes and reads its cursor here, so a client can only hand back
//! what a server gave out and a bad one is always the same 400.

use base64::Engine as _;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{OpError, OpResult, Value};

/// Where a page ended: the sort value and the id of its last row (ids break ties).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    /// The sort column's value of the last row.
    pub v: CursorValue,
    /// The last row's id.
    pub id: i64,
}

impl Cursor {
    /// A position after a row sorted by a text value (dates and times are stored as text).
    pub fn text(v: impl Into<String>, id: i64) -> Cursor {
        Cursor {
            v: CursorValue::Text(v.into()),
            id,
        }
    }
}

/// A sort value as the cursor carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CursorValue {
    /// An integer column (ranks, ids).
    Int(i64),
    /// A text column (subjects, dates, times).
    Text(String),
}

impl From<CursorValue> for Value {
    fn from(v: CursorValue) -> Value {
        match v {
            CursorValue::Int(i) => Value::Int(i),
            CursorValue::Text(s) => Value::Text(s),
        }
    }
}

/// One list's position in a response that pages several lists with one cursor (the
/// escalations' tickets and reviews, the SLA watch's three lists): from the start, after
/// a row, or read to its end.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// The last row given (none: from the start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<Cursor>,
    /// Every row of the list has been given.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub done: bool,
}

impl Position {
    /// The position after a page: after its last row when more rows follow (`more`: the
    /// read asked for one row past the page and got it), else at the end.
    pub fn next(more: bool, last: Option<Cursor>) -> Position {
        match last {
            Some(c) if more => Position {
                after: Some(c),
                done: false,
            },
            _ => Position {
                after: None,
                done: true,
            },
        }
    }
}

/// The `WHERE` bound of an ascending keyset page on `(expr, id)` after `after` (empty
/// from the start), its parameters pushed on `params`. The plain bound comes first, a
/// range both databases read from an index, then the exact row value (as `GET /tickets`
/// pages; see `tickets::read::list`).
pub fn after(expr: &str, id: &str, after: &Option<Cursor>, params: &mut Vec<Value>) -> String {
    match after {
        None => String::new(),
        Some(c) => {
            params.push(c.v.clone().into());
            params.push(c.v.clone().into());
            params.push(c.id.into());
            format!(" AND {expr} >= ? AND ({expr}, {id}) > (?, ?)")
        }
    }
}

/// A cursor as handed to the client.
pub fn encode<T: Serialize>(c: &T) -> String {
    // Serialising plain structs of strings and integers cannot fail.
    let json = serde_json::to_vec(c).unwrap_or_default();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
}

/// A cursor handed back, or the 400 `bad_cursor` every list gives for one it did not
/// give out.
pub fn decode<T: DeserializeOwned>(s: &str) -> OpResult<T> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(|| {
            OpError::invalid(
                "bad_cursor",
                "cursor is not one this server gave out; start again without it",
            )
        })
}

/// A cursor from a query parameter: none when absent or empty.
pub fn decode_opt<T: DeserializeOwned>(s: Option<&str>) -> OpResult<Option<T>> {
    s.filter(|c| !c.is_empty()).map(decode).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_goes_round_and_a_made_up_one_is_refused() {
        let c = Cursor::text("2026-03-10", 7);
        let back: Cursor = decode(&encode(&c)).unwrap();
        assert_eq!(back, c);
        let n = Cursor {
            v: CursorValue::Int(3),
            id: 9,
        };
        assert_eq!(decode::<Cursor>(&encode(&n)).unwrap(), n);
        for bad in ["not base64!", "e30", "bnVsbA"] {
            assert!(decode::<Cursor>(bad).is_err(), "{bad}");
        }
        assert_eq!(decode_opt::<Cursor>(Some("")).unwrap(), None);
    }

    #[test]
    fn a_list_ends_when_no_row_follows_its_page() {
        let c = Cursor::text("a", 1);
        let more = Position::next(true, Some(c.clone()));
        assert_eq!(more.after, Some(c.clone()));
        assert!(!more.done);
        assert!(Position::next(false, Some(c)).done);
        assert!(Position::next(true, None).done);
        let json = encode(&Position::default());
        assert_eq!(decode::<Position>(&json).unwrap(), Position::default());
    }
}
