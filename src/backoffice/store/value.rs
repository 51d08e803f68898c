//! Values passed to and read from the store, independent of the backend.

use chrono::{DateTime, Utc};

use super::{parse_enum, parse_ts, StoreError, StoreResult};

/// A parameter or a column value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// SQL NULL.
    Null,
    /// A 64-bit integer (booleans are 0/1).
    Int(i64),
    /// Text.
    Text(String),
    /// Bytes.
    Blob(Vec<u8>),
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}
impl From<u32> for Value {
    fn from(v: u32) -> Self {
        Value::Int(i64::from(v))
    }
}
impl From<i32> for Value {
    fn from(v: i32) -> Self {
        Value::Int(i64::from(v))
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Int(i64::from(v))
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_string())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}
impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Text(v.clone())
    }
}
impl From<Vec<u8>> for Value {
    fn from(v: Vec<u8>) -> Self {
        Value::Blob(v)
    }
}
impl From<DateTime<Utc>> for Value {
    fn from(v: DateTime<Utc>) -> Self {
        Value::Text(super::ts(v))
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// A row of a result.
#[derive(Debug, Clone)]
pub struct Row(pub Vec<Value>);

impl Row {
    fn get(&self, i: usize) -> StoreResult<&Value> {
        self.0.get(i).ok_or_else(|| StoreError::Data {
            column: i.to_string(),
            detail: "no such column".into(),
        })
    }

    fn wrong(i: usize, want: &str, got: &Value) -> StoreError {
        StoreError::Data {
            column: i.to_string(),
            detail: format!("expected {want}, got {got:?}"),
        }
    }

    /// An integer column.
    pub fn i64(&self, i: usize) -> StoreResult<i64> {
        match self.get(i)? {
            Value::Int(v) => Ok(*v),
            other => Err(Self::wrong(i, "integer", other)),
        }
    }

    /// A nullable integer column.
    pub fn opt_i64(&self, i: usize) -> StoreResult<Option<i64>> {
        match self.get(i)? {
            Value::Null => Ok(None),
            Value::Int(v) => Ok(Some(*v)),
            other => Err(Self::wrong(i, "integer or null", other)),
        }
    }

    /// A 0/1 column.
    pub fn bool(&self, i: usize) -> StoreResult<bool> {
        Ok(self.i64(i)? != 0)
    }

    /// A text column.
    pub fn str(&self, i: usize) -> StoreResult<String> {
        match self.get(i)? {
            Value::Text(v) => Ok(v.clone()),
            other => Err(Self::wrong(i, "text", other)),
        }
    }

    /// A nullable text column.
    pub fn opt_str(&self, i: usize) -> StoreResult<Option<String>> {
        match self.get(i)? {
            Value::Null => Ok(None),
            Value::Text(v) => Ok(Some(v.clone())),
            other => Err(Self::wrong(i, "text or null", other)),
        }
    }

    /// A bytes column.
    pub fn blob(&self, i: usize) -> StoreResult<Vec<u8>> {
        match self.get(i)? {
            Value::Blob(v) => Ok(v.clone()),
            Value::Text(v) => Ok(v.clone().into_bytes()),
            other => Err(Self::wrong(i, "bytes", other)),
        }
    }

    /// A timestamp column.
    pub fn time(&self, i: usize) -> StoreResult<DateTime<Utc>> {
        parse_ts(&self.str(i)?)
    }

    /// A nullable timestamp column.
    pub fn opt_time(&self, i: usize) -> StoreResult<Option<DateTime<Utc>>> {
        self.opt_str(i)?.map(|s| parse_ts(&s)).transpose()
    }

    /// A wire-enum column.
    pub fn enum_<T: serde::de::DeserializeOwned>(&self, i: usize) -> StoreResult<T> {
        parse_enum(&self.str(i)?)
    }

    /// A date column (`YYYY-MM-DD`).
    pub fn date(&self, i: usize) -> StoreResult<chrono::NaiveDate> {
        let s = self.str(i)?;
        chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|e| StoreError::Data {
            column: i.to_string(),
            detail: format!("{s:?}: {e}"),
        })
    }
}
