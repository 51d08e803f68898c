//! The audit trail and the alerts in the supervisor's words: an action (`ticket.assign`)
//! as "assigned a ticket", a target (`ticket:102`) as "ticket #102", an alert's details
//! phrased for its kind with its numbers, and a before/after field with its label and its
//! values as the rest of the desk names them. What this desk does not know yet (a newer
//! back office's action, target kind, field or detail) falls back to the wire text,
//! sanitized: never hidden, never a raw control character.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::audit_diff::Change;
use crate::sanitize::clean;
use crate::tui::locale::Catalog;

/// The operator an anonymous event (a failed sign-in) is recorded under.
const ANONYMOUS: &str = "anonymous";

/// The catalog key of a dotted wire word under `group` (`ticket.assign` →
/// `audit.action.ticket_assign`).
fn key(group: &str, word: &str) -> String {
    format!("{group}.{}", word.replace('.', "_"))
}

/// An audit action in the operator's words.
pub fn action(c: &Catalog, action: &str) -> String {
    match c.get(&key("audit.action", action)) {
        Some(text) => text.to_string(),
        None => clean(action),
    }
}

/// An audit or alert target (`ticket:102`, `operator:demo-agent`, `lookup:phone`) in
/// the operator's words.
pub fn target(c: &Catalog, target: &str) -> String {
    let (kind, rest) = target.split_once(':').unwrap_or((target, ""));
    let k = format!("audit.target.{kind}");
    if c.get(&k).is_none() {
        return clean(target);
    }
    let what = match kind {
        "lookup" => c
            .get(&format!("audit.lookup.{rest}"))
            .map_or_else(|| clean(rest), str::to_string),
        _ => clean(rest),
    };
    c.tf(&k, &[("id", &what)])
}

/// Who did it: an operator id, or the catalog's word for nobody signed in.
pub fn operator(c: &Catalog, operator: &str) -> String {
    if operator == ANONYMOUS {
        c.ts("audit.anonymous")
    } else {
        clean(operator)
    }
}

/// A time from an audit row's JSON in Beijing time (`2026-03-10 10:30`), if it is one.
fn time(s: &str) -> Option<String> {
    let t: DateTime<Utc> = DateTime::parse_from_rfc3339(s).ok()?.with_timezone(&Utc);
    Some(
        crate::tui::cells::china_time(t)
            .format("%Y-%m-%d %H:%M")
            .to_string(),
    )
}

/// A number of an alert's details, as text.
fn number(detail: &Value, field: &str) -> Option<String> {
    detail.get(field)?.as_i64().map(|n| n.to_string())
}

/// An alert's details phrased for its kind with its numbers; the fields as `name=value`
/// (sanitized) for a kind this desk does not know or details it cannot read.
pub fn alert_detail(c: &Catalog, action: &str, detail: Option<&Value>) -> String {
    let Some(d) = detail else {
        return String::new();
    };
    let minutes = |secs: Option<String>| -> Option<String> {
        secs.and_then(|s| s.parse::<i64>().ok())
            .map(|s| (s / 60).max(1).to_string())
    };
    let phrased = match action {
        "security.lookup_misses" => {
            let (misses, mins) = (number(d, "misses"), minutes(number(d, "window_s")));
            let until = d
                .get("blocked_until")
                .and_then(Value::as_str)
                .and_then(time);
            match (misses, mins, until) {
                (Some(n), Some(m), Some(u)) => Some(c.tf(
                    "audit.alert.lookup_misses_until",
                    &[("n", &n), ("minutes", &m), ("until", &u)],
                )),
                (Some(n), Some(m), None) => {
                    Some(c.tf("audit.alert.lookup_misses", &[("n", &n), ("minutes", &m)]))
                }
                _ => None,
            }
        }
        "security.reveal_spike" => match (number(d, "reveals"), number(d, "window_minutes")) {
            (Some(n), Some(m)) => {
                Some(c.tf("audit.alert.reveal_spike", &[("n", &n), ("minutes", &m)]))
            }
            _ => None,
        },
        "operator.sign_in_failed" => {
            number(d, "failures").map(|n| c.tf("audit.alert.sign_in_failed", &[("n", &n)]))
        }
        _ => None,
    };
    phrased.unwrap_or_else(|| {
        super::audit_diff::diff(None, Some(d))
            .into_iter()
            .map(|ch| format!("{}={}", ch.path, ch.after.unwrap_or_default()))
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// The catalog group that names the values of a field, by the target's kind.
fn value_group(kind: &str, field: &str) -> Option<&'static str> {
    Some(match (kind, field) {
        (_, "status") => "status",
        (_, "priority") => "priority",
        (_, "category") => "category",
        (_, "channel") => "channel",
        (_, "visibility") => "audit.visibility",
        ("account", "state") => "lookup.state",
        ("review", "state") => "reviews.state",
        (_, "verification") => "lookup.verification",
        (_, "decision") => "reviews.decision",
        (_, "reason_code") => "reason_code",
        (_, "field") => "audit.lookup",
        _ => return None,
    })
}

/// One value of a changed field in the operator's words.
fn value(c: &Catalog, kind: &str, field: &str, raw: &str) -> String {
    if let Some(group) = value_group(kind, field) {
        if let Some(text) = c.get(&format!("{group}.{raw}")) {
            return text.to_string();
        }
    }
    match raw {
        "true" => return c.ts("audit.value.yes"),
        "false" => return c.ts("audit.value.no"),
        _ => {}
    }
    time(raw).unwrap_or_else(|| raw.to_string())
}

/// A changed field as shown: its label, and its values before and after (none: absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// The field's name in the operator's words (the path when unknown).
    pub label: String,
    /// Before.
    pub before: Option<String>,
    /// After.
    pub after: Option<String>,
}

/// The changes of an audit row on `target` as shown. The row's `version` is left out: it
/// moves with every write and says nothing a supervisor reads the trail for.
pub fn changes(c: &Catalog, target: &str, changes: Vec<Change>) -> Vec<Shown> {
    let kind = target.split_once(':').map_or(target, |(k, _)| k);
    changes
        .into_iter()
        .filter(|ch| ch.path != "version")
        .map(|ch| {
            // The last segment names the value (`lock.until` is a time, `status` a status).
            let field = ch.path.rsplit('.').next().unwrap_or(&ch.path).to_string();
            // A field may read differently by what the row is about (an account's state,
            // a review's state).
            let label = c
                .get(&key("audit.field", &format!("{kind}_{}", ch.path)))
                .or_else(|| c.get(&key("audit.field", &ch.path)))
                .map_or_else(|| ch.path.clone(), str::to_string);
            Shown {
                label,
                before: ch.before.map(|v| value(c, kind, &field, &v)),
                after: ch.after.map(|v| value(c, kind, &field, &v)),
            }
        })
        .collect()
}

/// An alert's kind in the operator's words (the wire word when unknown).
pub fn alert_name(c: &Catalog, action: &str) -> String {
    let key = format!("team.alert.{}", action.replace('.', "_"));
    match c.get(&key) {
        Some(text) => text.to_string(),
        None => clean(action),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;
    use serde_json::json;

    #[test]
    fn actions_and_targets_read_in_each_language_and_unknown_ones_fall_back() {
        let zh = Catalog::new(Language::ZhCn);
        let en = Catalog::new(Language::En);
        assert_eq!(action(&zh, "ticket.assign"), "指派工单");
        assert_eq!(action(&en, "ticket.assign"), "assigned a ticket");
        assert_eq!(
            action(&en, "ticket.brand_new\u{1b}[2J"),
            "ticket.brand_new␛[2J"
        );
        assert_eq!(target(&zh, "ticket:102"), "工单 #102");
        assert_eq!(target(&en, "ticket:102"), "ticket #102");
        assert_eq!(target(&en, "operator:demo-agent"), "operator demo-agent");
        assert_eq!(target(&zh, "lookup:phone"), "按手机号查询");
        assert_eq!(target(&en, "store"), "the data store");
        assert_eq!(target(&en, "thing:9"), "thing:9");
        assert_eq!(operator(&zh, "anonymous"), "（未登录）");
    }

    #[test]
    fn alert_details_are_phrased_per_kind_with_their_numbers() {
        let zh = Catalog::new(Language::ZhCn);
        let en = Catalog::new(Language::En);
        let misses =
            json!({"misses": 20, "window_s": 600, "blocked_until": "2026-03-10T02:30:00Z"});
        assert_eq!(
            alert_detail(&en, "security.lookup_misses", Some(&misses)),
            "20 lookups found nothing within 10 min; stopped until 2026-03-10 10:30"
        );
        assert_eq!(
            alert_detail(&zh, "security.lookup_misses", Some(&misses)),
            "10 分钟内 20 次查无结果，查询暂停至 2026-03-10 10:30"
        );
        let spike = json!({"reveals": 11, "since": "2026-03-10T02:00:00Z", "window_minutes": 10});
        assert_eq!(
            alert_detail(&en, "security.reveal_spike", Some(&spike)),
            "11 reveals within 10 min"
        );
        let failed = json!({"failures": 5, "delay_ms": 1600});
        assert_eq!(
            alert_detail(&zh, "operator.sign_in_failed", Some(&failed)),
            "连续 5 次登录失败"
        );
        // Unknown kinds and unreadable details: the fields, sanitized.
        let odd = json!({"count": 3, "note": "x\u{1b}[2J"});
        assert_eq!(
            alert_detail(&en, "security.odd_hours", Some(&odd)),
            "count=3, note=x␛[2J"
        );
        assert_eq!(
            alert_detail(
                &en,
                "security.reveal_spike",
                Some(&json!({"reveals": "many"}))
            ),
            "reveals=many"
        );
    }

    #[test]
    fn a_change_reads_with_labels_and_named_values() {
        let en = Catalog::new(Language::En);
        let zh = Catalog::new(Language::ZhCn);
        let before = json!({"state": "locked", "verification": "face_passed", "version": 5});
        let after = json!({"state": "active", "verification": "manual_passed", "version": 6});
        let d = super::super::audit_diff::diff(Some(&before), Some(&after));
        let shown = changes(&zh, "account:1010", d);
        assert_eq!(shown.len(), 2, "{shown:?}");
        assert_eq!(shown[0].label, "账号状态");
        assert_eq!(shown[0].before.as_deref(), Some("已锁定"));
        assert_eq!(shown[0].after.as_deref(), Some("正常"));
        let before = json!({"assigned_to": null, "status": "open", "escalated": true});
        let after = json!({"assigned_to": "demo-agent", "status": "resolved", "escalated": false});
        let d = super::super::audit_diff::diff(Some(&before), Some(&after));
        let shown = changes(&en, "ticket:102", d);
        let flat: Vec<(String, Option<String>, Option<String>)> = shown
            .into_iter()
            .map(|s| (s.label, s.before, s.after))
            .collect();
        assert_eq!(
            flat,
            [
                ("assigned to".into(), None, Some("demo-agent".into())),
                ("escalated".into(), Some("yes".into()), Some("no".into())),
                (
                    "status".into(),
                    Some("open".into()),
                    Some("resolved".into())
                ),
            ]
        );
    }
}
