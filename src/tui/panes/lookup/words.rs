//! The recognised input and its typed problems in the operator's language.

use chrono::NaiveDate;

use super::state::Recognition;
use crate::config::Language;
use crate::domain::identity::DocumentKind;
use crate::domain::lookup_query::{self, Problem, Progress, QueryKind, Warning};
use crate::domain::phone::PhoneError;
use crate::tui::locale::{id_error, Catalog};

/// Catalog text of a query kind.
pub fn kind_label(c: &Catalog, k: QueryKind) -> String {
    match k {
        QueryKind::Phone => c.ts("lookup.kind.phone"),
        QueryKind::Email => c.ts("lookup.kind.email"),
        QueryKind::Login => c.ts("lookup.kind.login"),
        QueryKind::Document(d) => doc_label(c, d),
    }
}

/// A document kind in the operator's language.
pub fn doc_label(c: &Catalog, d: DocumentKind) -> String {
    crate::tui::locale::label(c, "doc_kind", &d)
}

/// A phone-number error under the catalog text `key` (which takes the reason as `why`).
pub fn phone_error(c: &Catalog, e: &PhoneError, key: &str) -> String {
    c.tf(key, &[("why", &crate::tui::locale::phone_problem(c, e))])
}

/// Why the input cannot be searched.
pub fn problem(c: &Catalog, p: &Problem) -> String {
    match p {
        Problem::Phone(e) => phone_error(c, e, "lookup.bad_phone"),
        Problem::Document(e) => id_error(c, e),
        Problem::NameSearch => c.ts("lookup.no_name_search"),
    }
}

fn progress(c: &Catalog, p: Progress) -> String {
    match p {
        Progress::Typed { typed, of } => c.tf(
            "lookup.progress",
            &[("n", &typed.to_string()), ("of", of.text())],
        ),
        Progress::EmailIncomplete => c.ts("lookup.email_incomplete"),
        Progress::TaiwanOrId => c.ts("lookup.taiwan_or_id"),
    }
}

fn warning(c: &Catalog, w: Warning) -> String {
    match w {
        Warning::Document { en, zh } => match c.lang() {
            Language::ZhCn => zh,
            Language::En => en,
        },
        Warning::MilitaryOfficer => c.ts("lookup.military_hint"),
    }
}

/// Recognise `text` and say what it is, or what is wrong or missing, in `c`'s language.
pub fn recognize(text: &str, today: NaiveDate, c: &Catalog) -> Recognition {
    let r = lookup_query::recognize(text, today);
    Recognition {
        kind: r.kind,
        ready: r.ready,
        eager: r.eager,
        problem: r.problem.as_ref().map(|p| problem(c, p)),
        progress: r.progress.map(|p| progress(c, p)),
        warnings: r.warnings.into_iter().map(|w| warning(c, w)).collect(),
    }
}

/// Why an input that is still incomplete cannot be searched (for Enter).
pub fn incomplete_reason(
    kind: Option<QueryKind>,
    text: &str,
    today: NaiveDate,
    c: &Catalog,
) -> String {
    match lookup_query::why_incomplete(kind, text, today) {
        Some(p) => problem(c, &p),
        None => c.ts("lookup.incomplete"),
    }
}
