//! A timeline event's text in the operator's language. The back office writes the body of
//! a change, claim or review event as a fixed machine form (`status: open → resolved`,
//! `claimed`, `taken from demo-agent`, `review 7 opened (real_name)`,
//! `review 7: approved (documents_match) by demo-reviewer`; see
//! `src/backoffice/store/tickets/write.rs` and `src/backoffice/store/reviews/write.rs`):
//! those forms are read back here and said with catalog labels. Anything else (notes,
//! replies, call summaries, seeded history) is people's text and is shown as written.

use crate::api::{Category, Priority, Status, TicketEventKind};
use crate::tui::locale::Catalog;

/// The body of an event as the operator reads it.
pub fn event_body(c: &Catalog, kind: TicketEventKind, body: &str) -> String {
    let known = match kind {
        TicketEventKind::Change => change(c, body),
        TicketEventKind::Claim => claim(c, body),
        TicketEventKind::Review => review(c, body),
        _ => None,
    };
    known.unwrap_or_else(|| body.to_string())
}

/// Who wrote an event: an operator's id as it is; the back office's `customer` and
/// `system` by their catalog names.
pub fn author(c: &Catalog, who: &str) -> String {
    match who {
        "customer" | "system" => c.ts(&format!("event.author.{who}")),
        other => crate::sanitize::clean(other),
    }
}

/// The catalog label of a wire value of type `T` under `group`, if `wire` is one.
fn wire_label<T: serde::de::DeserializeOwned + serde::Serialize>(
    c: &Catalog,
    group: &str,
    wire: &str,
) -> Option<String> {
    let v: T = serde_json::from_value(serde_json::Value::String(wire.to_string())).ok()?;
    Some(crate::tui::locale::label(c, group, &v))
}

/// `status: a → b; priority: a → b; category: a → b; account: 1001`, every part known.
fn change(c: &Catalog, body: &str) -> Option<String> {
    let parts: Option<Vec<String>> = body
        .split("; ")
        .map(|part| {
            let (field, rest) = part.split_once(": ")?;
            if field == "account" {
                let id: i64 = rest.parse().ok()?;
                return Some(c.tf("event.text.account", &[("id", &id.to_string())]));
            }
            let (from, to) = rest.split_once(" → ")?;
            let (from, to) = match field {
                "status" => (
                    wire_label::<Status>(c, "status", from)?,
                    wire_label::<Status>(c, "status", to)?,
                ),
                "priority" => (
                    wire_label::<Priority>(c, "priority", from)?,
                    wire_label::<Priority>(c, "priority", to)?,
                ),
                "category" => (
                    wire_label::<Category>(c, "category", from)?,
                    wire_label::<Category>(c, "category", to)?,
                ),
                _ => return None,
            };
            Some(c.tf(
                "event.text.changed",
                &[
                    ("field", c.t(&format!("event.field.{field}"))),
                    ("from", &from),
                    ("to", &to),
                ],
            ))
        })
        .collect();
    Some(parts?.join(c.t("event.text.sep")))
}

/// `claimed` or `taken from <operator>`.
fn claim(c: &Catalog, body: &str) -> Option<String> {
    if body == "claimed" {
        return Some(c.ts("event.text.claimed"));
    }
    let prev = body.strip_prefix("taken from ")?;
    Some(c.tf("event.text.taken_from", &[("who", prev)]))
}

/// `review 7 opened (real_name)` or `review 7: approved (documents_match) by someone`.
fn review(c: &Catalog, body: &str) -> Option<String> {
    use crate::api::{ReviewKind, ReviewState};
    let rest = body.strip_prefix("review ")?;
    if let Some((id, kind)) = rest.split_once(" opened (") {
        let id: i64 = id.parse().ok()?;
        let kind = wire_label::<ReviewKind>(c, "lookup.review_kind", kind.strip_suffix(')')?)?;
        return Some(c.tf(
            "event.text.review_opened",
            &[("id", &id.to_string()), ("kind", &kind)],
        ));
    }
    let (id, rest) = rest.split_once(": ")?;
    let id: i64 = id.parse().ok()?;
    let (state, rest) = rest.split_once(" (")?;
    let (code, who) = rest.split_once(") by ")?;
    let state = wire_label::<ReviewState>(c, "lookup.review_state", state)?;
    let reason_key = format!("reason_code.{code}");
    let reason = c.t(&reason_key);
    if reason == reason_key {
        return None;
    }
    Some(c.tf(
        "event.text.review_decided",
        &[
            ("id", &id.to_string()),
            ("state", &state),
            ("reason", reason),
            ("who", who),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;

    #[test]
    fn machine_written_bodies_read_in_the_operators_language() {
        let zh = Catalog::new(Language::ZhCn);
        let en = Catalog::new(Language::En);
        let change = "status: open → resolved; priority: normal → urgent";
        assert_eq!(
            event_body(&zh, TicketEventKind::Change, change),
            "状态：处理中 → 已解决；优先级：普通 → 紧急"
        );
        assert_eq!(
            event_body(&en, TicketEventKind::Change, change),
            "status: open → resolved; priority: normal → URGENT"
        );
        assert_eq!(
            event_body(
                &zh,
                TicketEventKind::Change,
                "category: other → phone_change"
            ),
            "类别：其他 → 更换手机号"
        );
        assert_eq!(event_body(&zh, TicketEventKind::Claim, "claimed"), "已认领");
        assert_eq!(
            event_body(&zh, TicketEventKind::Claim, "taken from demo-agent"),
            "从 demo-agent 处接手"
        );
        assert_eq!(
            event_body(&zh, TicketEventKind::Review, "review 7 opened (real_name)"),
            "已提交审核 #7（实名）"
        );
        assert_eq!(
            event_body(
                &zh,
                TicketEventKind::Review,
                "review 7: approved (documents_match) by demo-reviewer"
            ),
            "审核 #7：已通过（证件、照片与档案一致），demo-reviewer"
        );
    }

    #[test]
    fn the_customer_and_the_system_are_named_in_the_operators_language() {
        let zh = Catalog::new(Language::ZhCn);
        assert_eq!(author(&zh, "customer"), "用户");
        assert_eq!(author(&zh, "system"), "系统");
        assert_eq!(author(&zh, "demo-agent"), "demo-agent");
    }

    #[test]
    fn people_s_text_and_unknown_forms_are_shown_as_written() {
        let zh = Catalog::new(Language::ZhCn);
        for (kind, body) in [
            (TicketEventKind::InternalNote, "status: open → resolved"),
            (TicketEventKind::Change, "状态：处理中 → 已解决"),
            (TicketEventKind::Change, "status: open → nowhere"),
            (TicketEventKind::Claim, "claimed it myself"),
            (TicketEventKind::Review, "已提交人工审核（实名认证）"),
        ] {
            assert_eq!(event_body(&zh, kind, body), body, "{kind:?}");
        }
    }
}
