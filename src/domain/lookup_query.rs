//! What an operator types into the account lookup: a mobile number, an identity document
//! (resident ID, permits, passport, military officer's card), an e-mail address or a login,
//! recognised while it is typed, with what is wrong or missing as typed values (the TUI
//! puts them into the operator's language).

use chrono::NaiveDate;

use super::identity::{self, DocumentKind, IdError};
use super::phone::{self, PhoneError};

/// What the typed text is taken for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryKind {
    /// A mainland mobile number.
    Phone,
    /// An identity document number of this kind.
    Document(DocumentKind),
    /// An e-mail address.
    Email,
    /// A login name.
    Login,
}

/// Why the input cannot be searched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A mobile number that cannot become valid by typing more.
    Phone(PhoneError),
    /// A document number that is wrong (check digit, date, length, prefix…).
    Document(IdError),
    /// A name: lookups are exact, never by name (and never a wildcard).
    NameSearch,
}

/// How many characters a complete number of the kind being typed has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FullLength {
    /// A mobile number: 11 digits.
    Mobile,
    /// A resident ID: 18 characters.
    ResidentId,
    /// An HK/Macau travel permit: 9 or 11 characters.
    HkMacauPermit,
}

impl FullLength {
    /// The length as shown ("11", "18", "9/11").
    pub fn text(self) -> &'static str {
        match self {
            FullLength::Mobile => "11",
            FullLength::ResidentId => "18",
            FullLength::HkMacauPermit => "9/11",
        }
    }
}

/// How far the typing is, for input that is not complete yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// `typed` characters of a number of `of`.
    Typed {
        /// Characters (or digits) typed so far.
        typed: usize,
        /// The full length.
        of: FullLength,
    },
    /// An e-mail address still missing its domain (or part of it).
    EmailIncomplete,
    /// Eight digits: a complete Taiwan permit, or the start of a resident ID.
    TaiwanOrId,
}

/// Something to look at that does not block the search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// A remark of the document validation, in both languages.
    Document {
        /// English.
        en: String,
        /// Chinese.
        zh: String,
    },
    /// Chinese characters with digits: taken for a military officer's card number.
    MilitaryOfficer,
}

/// The input as recognised while it is typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Recognized {
    /// What it looks like so far.
    pub kind: Option<QueryKind>,
    /// The normalized value, when it is complete and valid.
    pub ready: Option<String>,
    /// Search at once, without waiting for Enter (complete mobile or 18-character ID).
    pub eager: bool,
    /// Why it cannot be searched.
    pub problem: Option<Problem>,
    /// How far the typing is.
    pub progress: Option<Progress>,
    /// Things to look at that do not block the search.
    pub warnings: Vec<Warning>,
}

impl Recognized {
    fn ready(&mut self, kind: QueryKind, value: String, eager: bool) {
        self.kind = Some(kind);
        self.ready = Some(value);
        self.eager = eager;
    }
}

fn is_passport(n: &str) -> bool {
    let letters = n.chars().take_while(|c| c.is_ascii_uppercase()).count();
    let rest = &n[letters..];
    (1..=2).contains(&letters)
        && (6..=9).contains(&rest.len())
        && rest.chars().all(|c| c.is_ascii_digit())
}

fn email_ok(lower: &str) -> bool {
    match lower.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.ends_with('.')
                && !lower.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// Recognise what `text` is, validate it, and say what is wrong or missing.
pub fn recognize(text: &str, today: NaiveDate) -> Recognized {
    let t = text.trim();
    let mut r = Recognized::default();
    if t.is_empty() {
        return r;
    }
    if t.contains('@') {
        r.kind = Some(QueryKind::Email);
        let lower = t.to_lowercase();
        if email_ok(&lower) {
            r.ready(QueryKind::Email, lower, false);
        } else {
            r.progress = Some(Progress::EmailIncomplete);
        }
        return r;
    }
    if let Ok(p) = phone::normalize_mobile(t) {
        r.ready(QueryKind::Phone, p, true);
        return r;
    }
    let n = identity::normalize(t);
    let first = t.chars().map(identity::half_width).next().unwrap_or(' ');
    let digits = n.chars().filter(char::is_ascii_digit).count();
    // Typed like a phone number: +86, (86), or 1[3-9] with fewer than 11 digits.
    let phone_like = matches!(first, '+' | '(' | '（')
        || (n.chars().all(|c| c.is_ascii_digit())
            && n.starts_with('1')
            && n.len() < 11
            && n.chars().nth(1).is_none_or(|d| ('3'..='9').contains(&d)));
    if phone_like {
        r.kind = Some(QueryKind::Phone);
        let typed = |n: usize| Progress::Typed {
            typed: n,
            of: FullLength::Mobile,
        };
        match phone::normalize_mobile(t) {
            // "+8" is on its way to "+86".
            Err(PhoneError::ForeignCountryCode) if digits < 2 => r.progress = Some(typed(0)),
            Err(e @ (PhoneError::BadChar { .. } | PhoneError::ForeignCountryCode)) => {
                r.problem = Some(Problem::Phone(e));
            }
            Err(PhoneError::Length { got }) if got > 11 => {
                r.problem = Some(Problem::Phone(PhoneError::Length { got }));
            }
            _ => r.progress = Some(typed(digits.min(11))),
        }
        return r;
    }
    let id_like = n.chars().next().is_some_and(|c| c.is_ascii_digit())
        && n.chars().all(|c| c.is_ascii_digit() || c == 'X');
    if id_like {
        let len = n.chars().count();
        let kind = identity::detect(&n).unwrap_or(DocumentKind::ResidentId);
        r.kind = Some(QueryKind::Document(kind));
        match len {
            18 | 15 => match identity::validate(kind, &n, today) {
                Ok(v) => {
                    r.warnings = v
                        .warnings
                        .into_iter()
                        .zip(v.warnings_zh)
                        .map(|(en, zh)| Warning::Document { en, zh })
                        .collect();
                    r.ready(QueryKind::Document(v.kind), v.normalized, len == 18);
                }
                Err(e) => r.problem = Some(Problem::Document(e)),
            },
            8 if kind == DocumentKind::TaiwanPermit => {
                r.ready(QueryKind::Document(kind), n.clone(), false);
                r.progress = Some(Progress::TaiwanOrId);
            }
            l if l > 18 => {
                if let Err(e) = identity::validate(DocumentKind::ResidentId, &n, today) {
                    r.problem = Some(Problem::Document(e));
                }
            }
            _ => {
                r.kind = Some(QueryKind::Document(DocumentKind::ResidentId));
                r.progress = Some(Progress::Typed {
                    typed: len,
                    of: FullLength::ResidentId,
                });
            }
        }
        return r;
    }
    if matches!(n.chars().next(), Some('H' | 'M')) && n[1..].chars().all(|c| c.is_ascii_digit()) {
        let kind = DocumentKind::HkMacauPermit;
        r.kind = Some(QueryKind::Document(kind));
        match identity::validate(kind, &n, today) {
            Ok(v) => r.ready(QueryKind::Document(kind), v.normalized, false),
            Err(e) if n.len() > 11 => r.problem = Some(Problem::Document(e)),
            Err(_) => {
                r.progress = Some(Progress::Typed {
                    typed: n.len(),
                    of: FullLength::HkMacauPermit,
                })
            }
        }
        return r;
    }
    if is_passport(&n) {
        r.ready(QueryKind::Document(DocumentKind::Passport), n, false);
        return r;
    }
    let cjk = !t.is_ascii();
    if cjk && digits == 0 {
        r.problem = Some(Problem::NameSearch);
        return r;
    }
    if cjk {
        r.ready(QueryKind::Document(DocumentKind::MilitaryOfficer), n, false);
        r.warnings.push(Warning::MilitaryOfficer);
        return r;
    }
    r.ready(QueryKind::Login, t.to_string(), false);
    r
}

/// Why `text`, recognised as `kind` but not complete, cannot be searched yet (for Enter);
/// `None` when it is merely incomplete.
pub fn why_incomplete(kind: Option<QueryKind>, text: &str, today: NaiveDate) -> Option<Problem> {
    match kind {
        Some(QueryKind::Phone) => phone::normalize_mobile(text).err().map(Problem::Phone),
        Some(QueryKind::Document(k)) => identity::validate(k, text, today)
            .err()
            .map(Problem::Document),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()
    }

    fn r(text: &str) -> Recognized {
        recognize(text, today())
    }

    #[test]
    fn a_complete_mobile_is_searched_at_once() {
        let got = r("138 0013 8000");
        assert_eq!(got.kind, Some(QueryKind::Phone));
        assert_eq!(got.ready.as_deref(), Some("13800138000"));
        assert!(got.eager);
        assert_eq!(got.problem, None);
    }

    #[test]
    fn a_mobile_being_typed_counts_its_digits() {
        let got = r("1380");
        assert_eq!(got.kind, Some(QueryKind::Phone));
        assert_eq!(got.ready, None);
        assert_eq!(
            got.progress,
            Some(Progress::Typed {
                typed: 4,
                of: FullLength::Mobile
            })
        );
    }

    #[test]
    fn a_foreign_number_is_a_problem_but_plus_eight_is_on_its_way() {
        assert_eq!(
            r("+44 7700").problem,
            Some(Problem::Phone(PhoneError::ForeignCountryCode))
        );
        let on_its_way = r("+8");
        assert_eq!(on_its_way.problem, None);
        assert_eq!(
            on_its_way.progress,
            Some(Progress::Typed {
                typed: 0,
                of: FullLength::Mobile
            })
        );
    }

    #[test]
    fn a_wrong_check_digit_says_what_was_expected() {
        // 11010519491231002X is valid; change the check character.
        let got = r("110105194912310021");
        assert_eq!(
            got.kind,
            Some(QueryKind::Document(DocumentKind::ResidentId))
        );
        assert_eq!(
            got.problem,
            Some(Problem::Document(IdError::CheckDigit {
                found: '1',
                expected: 'X'
            }))
        );
        assert_eq!(got.ready, None);
    }

    #[test]
    fn a_valid_resident_id_is_ready_and_eager() {
        let got = r("11010519491231002x");
        assert_eq!(got.ready.as_deref(), Some("11010519491231002X"));
        assert!(got.eager);
    }

    #[test]
    fn a_short_id_counts_towards_eighteen() {
        assert_eq!(
            r("110105").progress,
            Some(Progress::Typed {
                typed: 6,
                of: FullLength::ResidentId
            })
        );
    }

    #[test]
    fn emails_passports_logins_and_names() {
        let mail = r("Li.Wei@Example.CN");
        assert_eq!(mail.ready.as_deref(), Some("li.wei@example.cn"));
        assert_eq!(r("li@example").progress, Some(Progress::EmailIncomplete));
        let passport = r("E12345678");
        assert_eq!(
            passport.kind,
            Some(QueryKind::Document(DocumentKind::Passport))
        );
        assert_eq!(r("liwei_88").kind, Some(QueryKind::Login));
        assert_eq!(r("王小明").problem, Some(Problem::NameSearch));
        let military = r("南字第123456号");
        assert_eq!(military.warnings, vec![Warning::MilitaryOfficer]);
    }

    #[test]
    fn nothing_typed_is_nothing_recognised() {
        assert_eq!(r("   "), Recognized::default());
    }

    #[test]
    fn enter_on_an_incomplete_number_says_why() {
        assert_eq!(
            why_incomplete(Some(QueryKind::Phone), "1380", today()),
            Some(Problem::Phone(PhoneError::Length { got: 4 }))
        );
        assert_eq!(why_incomplete(Some(QueryKind::Email), "a@", today()), None);
    }
}
