//! An audit row's before and after, made readable: the JSON flattened to `field.sub`
//! paths and only the fields that differ, each as `field: before → after` (a null is no
//! value; `audit_text` names fields and values). Every value is sanitized here (audit
//! JSON is untrusted text).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::sanitize::clean;

/// One changed field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Dotted path (`status`, `lock.until`, `roles[1]`).
    pub path: String,
    /// The value before (none: the field was added).
    pub before: Option<String>,
    /// The value after (none: the field was removed).
    pub after: Option<String>,
}

/// The fields that differ between `before` and `after`, in path order.
pub fn diff(before: Option<&Value>, after: Option<&Value>) -> Vec<Change> {
    let mut a = BTreeMap::new();
    let mut b = BTreeMap::new();
    if let Some(v) = before {
        flatten("", v, &mut a);
    }
    if let Some(v) = after {
        flatten("", v, &mut b);
    }
    let mut paths: Vec<&String> = a.keys().chain(b.keys()).collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .filter(|p| a.get(*p) != b.get(*p))
        .map(|p| Change {
            path: clean(p),
            before: a.get(p).cloned(),
            after: b.get(p).cloned(),
        })
        .collect()
}

fn flatten(prefix: &str, v: &Value, out: &mut BTreeMap<String, String>) {
    match v {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&p, v, out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (i, v) in items.iter().enumerate() {
                flatten(&format!("{prefix}[{i}]"), v, out);
            }
        }
        // A null is no value: shown like an absent field, "(none)", not as `null`.
        Value::Null => {}
        _ => {
            let text = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let key = if prefix.is_empty() { "value" } else { prefix };
            out.insert(key.to_string(), clean(&text));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_changed_fields_are_listed_with_nested_paths() {
        let before =
            json!({"status": "open", "assigned_to": null, "lock": {"until": "t1"}, "v": 3});
        let after = json!({"status": "open", "assigned_to": "demo-agent", "lock": {"until": "t2"}, "note": "x\u{1b}[2J"});
        let d = diff(Some(&before), Some(&after));
        let paths: Vec<&str> = d.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["assigned_to", "lock.until", "note", "v"]);
        assert_eq!(d[0].before, None, "null reads as absent");
        assert_eq!(d[0].after.as_deref(), Some("demo-agent"));
        assert_eq!(d[2].before, None);
        assert!(!d[2].after.as_deref().unwrap_or("").contains('\u{1b}'));
        assert_eq!(d[3].after, None);
    }

    #[test]
    fn a_row_with_only_an_after_lists_every_field() {
        let d = diff(
            None,
            Some(&json!({"reason": "离职交接", "roles": ["agent"]})),
        );
        assert_eq!(d.len(), 2);
        assert_eq!(d[1].path, "roles[0]");
    }
}
