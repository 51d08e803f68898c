//! What a reviewer types into the reviews pane's search: a review id (`#123`, `id:123`), an
//! account id (`acc:123`), or a document number in any spelling, validated as in the
//! account lookup so a wrong check digit is refused before anything is asked.

use chrono::NaiveDate;

use super::identity::IdError;
use super::lookup_query::{recognize, why_incomplete, Problem, QueryKind};

/// One review search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewSearch {
    /// The review with this id.
    Id(i64),
    /// The reviews of this account.
    Account(i64),
    /// The reviews of this document number (normalised).
    Document(String),
}

/// Why a search cannot be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchProblem {
    /// `#` or `acc:` without a positive number after it.
    BadId,
    /// A document number that is wrong (check digit, date, length…).
    Document(IdError),
    /// Neither an id nor a document number (a phone, a name, an e-mail…).
    NotASearch,
}

fn number(s: &str) -> Result<i64, SearchProblem> {
    s.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or(SearchProblem::BadId)
}

/// Read `text` as a review search.
pub fn parse(text: &str, today: NaiveDate) -> Result<ReviewSearch, SearchProblem> {
    let t = text.trim();
    let lower = t.to_lowercase();
    for prefix in ["#", "＃", "id:", "id："] {
        if let Some(rest) = lower.strip_prefix(prefix) {
            return number(rest).map(ReviewSearch::Id);
        }
    }
    for prefix in ["acc:", "acc：", "account:", "account："] {
        if let Some(rest) = lower.strip_prefix(prefix) {
            return number(rest).map(ReviewSearch::Account);
        }
    }
    let r = recognize(t, today);
    match (r.kind, r.ready, r.problem) {
        (_, _, Some(Problem::Document(e))) => Err(SearchProblem::Document(e)),
        (Some(QueryKind::Document(_)), Some(n), None) => Ok(ReviewSearch::Document(n)),
        (Some(k @ QueryKind::Document(_)), None, None) => match why_incomplete(Some(k), t, today) {
            Some(Problem::Document(e)) => Err(SearchProblem::Document(e)),
            _ => Err(SearchProblem::NotASearch),
        },
        _ => Err(SearchProblem::NotASearch),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 2).unwrap_or_default()
    }

    #[test]
    fn ids_accounts_and_documents_in_any_spelling() {
        let p = |s| parse(s, today());
        assert_eq!(p("#45"), Ok(ReviewSearch::Id(45)));
        assert_eq!(p(" id:7 "), Ok(ReviewSearch::Id(7)));
        assert_eq!(p("＃12"), Ok(ReviewSearch::Id(12)));
        assert_eq!(p("acc:310"), Ok(ReviewSearch::Account(310)));
        assert_eq!(
            p("H12345678"),
            Ok(ReviewSearch::Document("H12345678".into()))
        );
        assert_eq!(
            p("ｈ1234 5678"),
            Ok(ReviewSearch::Document("H12345678".into()))
        );
        assert_eq!(
            p("11010519491231002x"),
            Ok(ReviewSearch::Document("11010519491231002X".into()))
        );
    }

    #[test]
    fn mistakes_are_named_before_anything_is_asked() {
        let p = |s| parse(s, today());
        assert_eq!(p("#"), Err(SearchProblem::BadId));
        assert_eq!(p("#-3"), Err(SearchProblem::BadId));
        assert_eq!(p("acc:abc"), Err(SearchProblem::BadId));
        assert!(matches!(
            p("110105194912310021"),
            Err(SearchProblem::Document(_))
        ));
        assert_eq!(p("王小明"), Err(SearchProblem::NotASearch));
        assert_eq!(p("13800138000"), Err(SearchProblem::NotASearch));
        assert_eq!(p(""), Err(SearchProblem::NotASearch));
    }
}
