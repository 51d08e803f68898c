//! UI strings from the catalogs in `assets/locales/`, chosen by language.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::client::ClientError;
use crate::config::Language;

const ZH_CN: &str = include_str!("../../assets/locales/zh-CN.toml");
const EN: &str = include_str!("../../assets/locales/en.toml");

/// One language's strings, by dotted key.
#[derive(Debug, Clone)]
pub struct Catalog {
    lang: Language,
    strings: &'static BTreeMap<String, String>,
}

impl Catalog {
    /// The embedded catalog of `lang`.
    pub fn new(lang: Language) -> Catalog {
        // Parsed once per language: every frame asks for a catalog.
        static ZH: OnceLock<BTreeMap<String, String>> = OnceLock::new();
        static EN_STRINGS: OnceLock<BTreeMap<String, String>> = OnceLock::new();
        let (cell, text) = match lang {
            Language::ZhCn => (&ZH, ZH_CN),
            Language::En => (&EN_STRINGS, EN),
        };
        #[cfg(any(test, feature = "test-support"))]
        if pseudo::on() {
            return Catalog {
                lang,
                strings: pseudo::catalog(lang, text),
            };
        }
        // The embedded catalogs are checked by tests; a broken one degrades to showing keys.
        let strings = cell.get_or_init(|| parse(text).unwrap_or_default());
        Catalog { lang, strings }
    }

    /// The language.
    pub fn lang(&self) -> Language {
        self.lang
    }

    /// The string for `key`, or the key itself when missing (visible, never a crash).
    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.strings.get(key).map(String::as_str).unwrap_or(key)
    }

    /// The string for `key` when the catalog has one (for text that falls back to the
    /// wire word, e.g. an audit action this desk does not know yet).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.strings.get(key).map(String::as_str)
    }

    /// The string for a computed key, owned.
    pub fn ts(&self, key: &str) -> String {
        self.t(key).to_string()
    }

    /// The string for `key` with `{name}` placeholders filled.
    pub fn tf(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = self.t(key).to_string();
        for (name, value) in args {
            #[cfg(any(test, feature = "test-support"))]
            if pseudo::on() {
                // What fills a hole is not catalog text: it stands outside the marks.
                let value = format!("{}{value}{}", pseudo::CLOSE, pseudo::OPEN);
                s = s.replace(&format!("{{{name}}}"), &value);
                continue;
            }
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    /// All keys (for tests).
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.strings.keys().map(String::as_str)
    }
}

/// A pseudo-locale for tests: every catalog value wrapped in [`pseudo::OPEN`] and
/// [`pseudo::CLOSE`], so a test can tell on screen what came from a catalog and what did
/// not (tests/tui_catalog_coverage.rs). Switched on per thread; the desk never does.
#[cfg(any(test, feature = "test-support"))]
pub mod pseudo {
    use std::cell::Cell;
    use std::collections::BTreeMap;
    use std::sync::OnceLock;

    use crate::config::Language;

    /// Opens a catalog value on screen.
    pub const OPEN: char = '⟦';
    /// Closes a catalog value on screen.
    pub const CLOSE: char = '⟧';

    thread_local! {
        static ON: Cell<bool> = const { Cell::new(false) };
    }

    /// Whether this thread's catalogs are marked.
    pub fn on() -> bool {
        ON.with(Cell::get)
    }

    /// Mark (or stop marking) every catalog value asked for on this thread.
    pub fn set(on: bool) {
        ON.with(|c| c.set(on));
    }

    /// The marked catalog of `lang`.
    pub(super) fn catalog(lang: Language, text: &str) -> &'static BTreeMap<String, String> {
        static ZH: OnceLock<BTreeMap<String, String>> = OnceLock::new();
        static EN: OnceLock<BTreeMap<String, String>> = OnceLock::new();
        let cell = match lang {
            Language::ZhCn => &ZH,
            Language::En => &EN,
        };
        cell.get_or_init(|| {
            super::parse(text)
                .unwrap_or_default()
                .into_iter()
                .map(|(k, v)| (k, format!("{OPEN}{v}{CLOSE}")))
                .collect()
        })
    }
}

/// Flatten a TOML catalog into dotted keys.
pub fn parse(text: &str) -> Result<BTreeMap<String, String>, toml::de::Error> {
    let table: toml::Table = toml::from_str(text)?;
    let mut out = BTreeMap::new();
    flatten("", &table, &mut out);
    Ok(out)
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut BTreeMap<String, String>) {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::Table(t) => flatten(&key, t, out),
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            other => {
                out.insert(key, other.to_string());
            }
        }
    }
}

/// The catalog label of a wire enum value, e.g. `status.pending_review`.
pub fn wire_name<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// Translated label of a wire enum value.
pub fn label<T: serde::Serialize>(c: &Catalog, group: &str, v: &T) -> String {
    c.t(&format!("{group}.{}", wire_name(v))).to_string()
}

/// A saved view's name: the default views have catalog names (`view.mine`); a view the
/// operator named in the config reads as named.
pub fn view_name(c: &Catalog, name: &str) -> String {
    let key = format!("view.{name}");
    match c.t(&key) {
        k if k == key => crate::sanitize::clean(name),
        k => k.to_string(),
    }
}

/// "Status: open → resolved" for a stale-write question, or nothing when it did not change.
pub fn changed_field(c: &Catalog, key: &str, from: String, to: String) -> Option<String> {
    (from != to).then(|| {
        c.tf(
            "stale.field",
            &[("field", c.t(key)), ("from", &from), ("to", &to)],
        )
    })
}

/// A wrong document number in the operator's language, under `lookup.bad_id`.
pub fn id_error(c: &Catalog, e: &crate::domain::identity::IdError) -> String {
    c.tf("lookup.bad_id", &[("why", &id_problem(c, e))])
}

/// What is wrong with a document number, from the catalog (`id_error.*`).
pub fn id_problem(c: &Catalog, e: &crate::domain::identity::IdError) -> String {
    use crate::domain::identity::{IdError as E, LengthRule};
    let s = |v: &dyn ToString| v.to_string();
    match e {
        E::Empty => c.ts("id_error.empty"),
        E::Length { expected, got } => {
            let expected = match expected {
                LengthRule::Exactly(n) => n.to_string(),
                LengthRule::OneOf(a, b) => c.tf("id_error.one_of", &[("a", &s(a)), ("b", &s(b))]),
            };
            c.tf(
                "id_error.length",
                &[("expected", &expected), ("got", &s(got))],
            )
        }
        E::NotDigit { ch, position } => c.tf(
            "id_error.not_digit",
            &[("ch", &s(ch)), ("position", &s(position))],
        ),
        E::BadCheckChar { ch } => c.tf("id_error.bad_check_char", &[("ch", &s(ch))]),
        E::DateDoesNotExist { date } => c.tf("id_error.date_missing", &[("date", date)]),
        E::DateInFuture { date } => c.tf("id_error.date_future", &[("date", date)]),
        E::DateTooEarly { date } => c.tf("id_error.date_early", &[("date", date)]),
        E::CheckDigit { found, expected } => c.tf(
            "id_error.check_digit",
            &[("found", &s(found)), ("expected", &s(expected))],
        ),
        E::NotPermitRegion { region } => c.tf("id_error.not_permit_region", &[("region", region)]),
        E::PermitPrefix { found } => c.tf("id_error.permit_prefix", &[("found", &s(found))]),
    }
}

/// What is wrong with a mobile number, from the catalog (`phone_error.*`).
pub fn phone_problem(c: &Catalog, e: &crate::domain::phone::PhoneError) -> String {
    use crate::domain::phone::PhoneError as E;
    match e {
        E::Empty => c.ts("phone_error.empty"),
        E::BadChar { ch } => c.tf("phone_error.bad_char", &[("ch", &ch.to_string())]),
        E::ForeignCountryCode => c.ts("phone_error.foreign"),
        E::Length { got } => c.tf("phone_error.length", &[("got", &got.to_string())]),
        E::FirstDigit => c.ts("phone_error.first_digit"),
        E::SecondDigit { found } => {
            c.tf("phone_error.second_digit", &[("found", &found.to_string())])
        }
    }
}

/// An error in the operator's language.
pub fn error_text(c: &Catalog, e: &ClientError) -> String {
    match e {
        ClientError::Api {
            status,
            code,
            message,
        } => {
            // A refusal the desk knows by its code says what to do; others by their status.
            let by_code = format!("error.code.{code}");
            // The server's message may fill in the text (who holds a claim, until when).
            let known = c.tf(&by_code, &[("message", &crate::sanitize::clean(message))]);
            if known != by_code {
                return known;
            }
            let key = format!("error.http_{status}");
            let base = c.t(&key);
            if base == key {
                c.tf(
                    "error.api",
                    &[("message", &crate::sanitize::clean(message))],
                )
            } else {
                format!("{base} ({})", crate::sanitize::clean(code))
            }
        }
        ClientError::Unreachable { url, .. } => c.tf(
            "error.unreachable",
            &[("url", &crate::sanitize::clean(url))],
        ),
        ClientError::Timeout { secs } => c.tf("error.timeout", &[("secs", &secs.to_string())]),
        ClientError::Decode(_) => c.t("error.decode").to_string(),
        ClientError::Setup(m) => crate::sanitize::clean(m),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn a_refusal_known_by_its_code_says_what_to_do_in_both_languages() {
        let refusal = |code: &str| ClientError::Api {
            status: 409,
            code: code.to_string(),
            message: "server text".to_string(),
        };
        for code in [
            "account_frozen",
            "same_phone",
            "phone_in_use",
            "review_already_open",
            "lookup_misses",
            "sign_in_delay",
            "reason_required",
        ] {
            for lang in [Language::En, Language::ZhCn] {
                let c = Catalog::new(lang);
                let text = error_text(&c, &refusal(code));
                assert_eq!(text, c.t(&format!("error.code.{code}")), "{lang:?} {code}");
                assert!(!text.starts_with("error."), "{lang:?} {code}: {text}");
            }
        }
        // A code the desk does not know falls back to its status.
        let c = Catalog::new(Language::En);
        let text = error_text(&c, &refusal("bad_cursor"));
        assert!(text.starts_with(c.t("error.http_409")), "{text}");
        // A claim held by another names the holder the server named.
        for lang in [Language::En, Language::ZhCn] {
            let c = Catalog::new(lang);
            let text = error_text(&c, &refusal("claimed_by_other"));
            assert!(text.contains("server text"), "{lang:?}: {text}");
            assert!(!text.starts_with("error."), "{lang:?}: {text}");
        }
    }

    #[test]
    fn both_catalogs_parse_and_have_the_same_keys() {
        let zh: BTreeSet<String> = parse(ZH_CN).unwrap().into_keys().collect();
        let en: BTreeSet<String> = parse(EN).unwrap().into_keys().collect();
        let only_zh: Vec<_> = zh.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&zh).collect();
        assert!(
            only_zh.is_empty() && only_en.is_empty(),
            "only in zh-CN: {only_zh:?}; only in en: {only_en:?}"
        );
        assert!(zh.len() > 50);
    }

    #[test]
    fn placeholders_are_the_same_in_both_languages() {
        let zh = parse(ZH_CN).unwrap();
        let en = parse(EN).unwrap();
        let holes = |s: &str| {
            let mut v: Vec<String> = s
                .split('{')
                .skip(1)
                .filter_map(|p| p.split('}').next().map(str::to_string))
                .collect();
            v.sort();
            v
        };
        for (k, v) in &zh {
            assert_eq!(holes(v), holes(&en[k]), "{k}");
        }
    }

    #[test]
    fn every_wire_value_has_a_label() {
        use crate::api::{Category, Channel, Priority, Status, TicketEventKind};
        for lang in [Language::ZhCn, Language::En] {
            let c = Catalog::new(lang);
            let mut keys: Vec<String> = Vec::new();
            keys.extend(
                Status::ALL
                    .iter()
                    .map(|v| format!("status.{}", wire_name(v))),
            );
            keys.extend(
                Category::ALL
                    .iter()
                    .map(|v| format!("category.{}", wire_name(v))),
            );
            for ch in [Channel::Phone, Channel::Email, Channel::Web] {
                keys.push(format!("channel.{}", wire_name(&ch)));
            }
            for p in [
                Priority::Low,
                Priority::Normal,
                Priority::High,
                Priority::Urgent,
            ] {
                keys.push(format!("priority.{}", wire_name(&p)));
            }
            use TicketEventKind as K;
            for k in [
                K::Created,
                K::InternalNote,
                K::PublicReply,
                K::Call,
                K::Change,
                K::Claim,
                K::Review,
                K::Account,
                K::Assignment,
                K::Escalation,
            ] {
                keys.push(format!("event.{}", wire_name(&k)));
            }
            for k in keys {
                assert_ne!(c.t(&k), k, "{lang:?} misses {k}");
            }
        }
    }
}
