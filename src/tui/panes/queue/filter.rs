//! The queue filter: the `/` bar syntax, saved views, and the query sent to the server.

use crate::api::{Category, Channel, Status, TicketQuery};
use crate::config::SavedView;
use crate::tui::locale::{wire_name, Catalog};

/// What the queue shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueueFilter {
    /// Statuses (empty: all).
    pub status: Vec<Status>,
    /// Categories (empty: all).
    pub category: Vec<Category>,
    /// Channels (empty: all).
    pub channel: Vec<Channel>,
    /// `me`, `none` or an operator id.
    pub assignee: Option<String>,
    /// Only overdue.
    pub overdue: bool,
    /// Free text.
    pub q: Option<String>,
    /// One ticket by its number (`#123` or `id:123`).
    pub id: Option<i64>,
}

/// Why the filter text was refused (already in the operator's language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterError(pub String);

fn join<T: serde::Serialize>(v: &[T]) -> Option<String> {
    (!v.is_empty()).then(|| v.iter().map(wire_name).collect::<Vec<_>>().join(","))
}

impl QueueFilter {
    /// What the queue shows at start: tickets that still need work.
    pub fn open_work() -> QueueFilter {
        QueueFilter {
            status: Status::ALL.into_iter().filter(|s| s.is_open()).collect(),
            ..QueueFilter::default()
        }
    }

    /// From a saved view.
    pub fn from_view(v: &SavedView) -> QueueFilter {
        QueueFilter {
            status: v.status.clone(),
            category: v.category.clone(),
            channel: v.channel.clone(),
            assignee: v.assignee.clone(),
            overdue: v.overdue,
            q: v.q.clone(),
            id: None,
        }
    }

    /// The query of one page.
    pub fn query(&self, sort: &str, desc: bool, cursor: Option<String>, limit: u32) -> TicketQuery {
        TicketQuery {
            status: join(&self.status),
            category: join(&self.category),
            assignee: self.assignee.clone(),
            channel: join(&self.channel),
            q: self.q.clone(),
            id: self.id,
            sort: Some(if desc {
                format!("-{sort}")
            } else {
                sort.to_string()
            }),
            overdue: self.overdue.then_some(true),
            limit: Some(limit),
            cursor,
        }
    }

    /// The filter as the footer says it: catalog labels, not the wire names the bar takes.
    pub fn describe(&self, c: &Catalog) -> String {
        let sep = c.t("queue.filter_desc.sep");
        let labels = |group: &str, v: Vec<String>| -> String {
            v.iter()
                .map(|w| c.ts(&format!("{group}.{w}")))
                .collect::<Vec<_>>()
                .join(sep)
        };
        let mut parts = Vec::new();
        if !self.status.is_empty() {
            let v = labels("status", self.status.iter().map(wire_name).collect());
            parts.push(c.tf("queue.filter_desc.status", &[("values", &v)]));
        }
        if !self.category.is_empty() {
            let v = labels("category", self.category.iter().map(wire_name).collect());
            parts.push(c.tf("queue.filter_desc.category", &[("values", &v)]));
        }
        if !self.channel.is_empty() {
            let v = labels("channel", self.channel.iter().map(wire_name).collect());
            parts.push(c.tf("queue.filter_desc.channel", &[("values", &v)]));
        }
        if let Some(a) = &self.assignee {
            let who = match a.as_str() {
                "me" => c.ts("queue.filter_desc.me"),
                "none" => c.ts("queue.filter_desc.none"),
                other => crate::sanitize::clean(other),
            };
            parts.push(c.tf("queue.filter_desc.assignee", &[("who", &who)]));
        }
        if self.overdue {
            parts.push(c.ts("queue.filter_desc.overdue"));
        }
        if let Some(id) = self.id {
            parts.push(c.tf("queue.filter_desc.id", &[("id", &id.to_string())]));
        }
        if let Some(q) = &self.q {
            let text = crate::sanitize::clean(q);
            parts.push(c.tf("queue.filter_desc.text", &[("text", &text)]));
        }
        parts.join(" ")
    }

    /// The filter as bar text (the inverse of [`parse`]).
    pub fn to_text(&self) -> String {
        let mut parts = Vec::new();
        if let Some(s) = join(&self.status) {
            parts.push(format!("status:{s}"));
        }
        if let Some(s) = join(&self.category) {
            parts.push(format!("category:{s}"));
        }
        if let Some(s) = join(&self.channel) {
            parts.push(format!("channel:{s}"));
        }
        if let Some(a) = &self.assignee {
            parts.push(format!("assignee:{a}"));
        }
        if self.overdue {
            parts.push("overdue".into());
        }
        if let Some(id) = self.id {
            parts.push(format!("#{id}"));
        }
        if let Some(q) = &self.q {
            parts.push(q.clone());
        }
        parts.join(" ")
    }
}

fn values<T: serde::de::DeserializeOwned + serde::Serialize>(
    field: &str,
    list: &str,
    allowed: &[T],
    cat: &Catalog,
) -> Result<Vec<T>, FilterError> {
    list.split(',')
        .filter(|s| !s.is_empty())
        .map(|s| {
            serde_json::from_value::<T>(serde_json::Value::String(s.to_string())).map_err(|_| {
                let allowed = allowed.iter().map(wire_name).collect::<Vec<_>>().join(", ");
                FilterError(cat.tf(
                    "filter.bad_value",
                    &[("field", field), ("value", s), ("allowed", &allowed)],
                ))
            })
        })
        .collect()
}

/// A ticket number: digits only, at least one.
fn ticket_number(text: &str) -> Option<i64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Parse the bar: `status:new,open category:… channel:phone assignee:me overdue #123 words…`.
pub fn parse(text: &str, cat: &Catalog) -> Result<QueueFilter, FilterError> {
    let mut f = QueueFilter::default();
    let mut words = Vec::new();
    for token in text.split_whitespace() {
        match token.split_once(':') {
            Some((field @ ("status" | "category" | "channel" | "assignee"), "")) => {
                return Err(FilterError(
                    cat.tf("filter.empty_value", &[("field", field)]),
                ))
            }
            Some(("status", v)) => f.status = values("status", v, &Status::ALL, cat)?,
            Some(("category", v)) => f.category = values("category", v, &Category::ALL, cat)?,
            Some(("channel", v)) => {
                f.channel = values(
                    "channel",
                    v,
                    &[Channel::Phone, Channel::Email, Channel::Web],
                    cat,
                )?
            }
            Some(("assignee", v)) => f.assignee = Some(v.to_string()),
            Some(("id", v)) => match ticket_number(v) {
                Some(id) => f.id = Some(id),
                None => return Err(FilterError(cat.tf("filter.bad_id", &[("value", v)]))),
            },
            _ if token.strip_prefix('#').and_then(ticket_number).is_some() => {
                f.id = token[1..].parse().ok();
            }
            _ if token == "overdue" => f.overdue = true,
            _ => words.push(token),
        }
    }
    if !words.is_empty() {
        f.q = Some(words.join(" "));
    }
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;

    #[test]
    fn the_footer_says_the_filter_with_catalog_labels() {
        use crate::config::Language;
        let zh = Catalog::new(Language::ZhCn);
        let f = QueueFilter {
            status: vec![Status::Open, Status::PendingReview],
            assignee: Some("me".into()),
            overdue: true,
            ..QueueFilter::default()
        };
        assert_eq!(f.describe(&zh), "状态 处理中、待审核 认领 我 已逾期");
        let en = Catalog::new(Language::En);
        assert_eq!(
            f.describe(&en),
            "status open,wait review claim mine overdue"
        );
    }

    #[test]
    fn bar_text_parses_to_a_server_query() {
        let cat = Catalog::new(Language::En);
        let f = parse("status:new,open channel:phone assignee:me 锁定 账号", &cat).unwrap();
        let q = f.query("due", true, None, 50);
        assert_eq!(q.status.as_deref(), Some("new,open"));
        assert_eq!(q.channel.as_deref(), Some("phone"));
        assert_eq!(q.assignee.as_deref(), Some("me"));
        assert_eq!(q.q.as_deref(), Some("锁定 账号"));
        assert_eq!(q.sort.as_deref(), Some("-due"));
        assert_eq!(q.overdue, None);
        assert_eq!(parse(&f.to_text(), &cat).unwrap(), f);
    }

    #[test]
    fn a_ticket_number_is_searched_by_id() {
        let cat = Catalog::new(Language::En);
        for text in ["#123", "id:123"] {
            let f = parse(text, &cat).unwrap();
            assert_eq!(f.id, Some(123), "{text}");
            assert_eq!(f.q, None, "{text}");
            assert_eq!(f.query("due", true, None, 50).id, Some(123));
            assert_eq!(parse(&f.to_text(), &cat).unwrap(), f);
        }
        // A `#` not followed by a number is a word to search for.
        assert_eq!(parse("#abc", &cat).unwrap().q.as_deref(), Some("#abc"));
        let e = parse("id:12x", &Catalog::new(Language::ZhCn)).unwrap_err();
        assert!(e.0.contains("12x"), "{}", e.0);
    }

    #[test]
    fn bad_values_say_what_is_allowed_in_the_operators_language() {
        let zh = Catalog::new(Language::ZhCn);
        let e = parse("status:opne", &zh).unwrap_err();
        assert!(
            e.0.contains("opne") && e.0.contains("pending_customer"),
            "{}",
            e.0
        );
        assert!(
            e.0.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{}",
            e.0
        );
        let en = Catalog::new(Language::En);
        assert!(parse("assignee:", &en).is_err());
    }
}
