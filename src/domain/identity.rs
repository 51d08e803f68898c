//! Identity documents: normalizing, parsing and validating the numbers callers give.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Weights of the ISO 7064 MOD 11-2 check over the first 17 digits.
const CHECK_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// Check character by weighted sum mod 11.
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
/// Region codes of the HK, Macau and Taiwan residence permits.
const PERMIT_REGIONS: [&str; 3] = ["810000", "820000", "830000"];
/// Two-digit province codes in use (incl. 71 Taiwan and the 81/82/83 permit codes).
const PROVINCES: [&str; 35] = [
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71",
    "81", "82", "83",
];

/// A kind of identity document accepted at registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Resident identity card (居民身份证), 18 characters (legacy: 15 digits).
    ResidentId,
    /// Residence permit for HK/Macau/Taiwan residents (港澳台居民居住证), 18 characters.
    HmtResidencePermit,
    /// HK/Macau travel permit (港澳居民来往内地通行证): H or M + 8 digits (+ 2).
    HkMacauPermit,
    /// Taiwan travel permit (台湾居民来往大陆通行证): 8 digits.
    TaiwanPermit,
    /// Passport: checked loosely.
    Passport,
    /// Military officer ID (军官证): free text, always reviewed by hand.
    MilitaryOfficer,
}

impl DocumentKind {
    /// Every kind, in display order.
    pub const ALL: [DocumentKind; 6] = [
        DocumentKind::ResidentId,
        DocumentKind::HmtResidencePermit,
        DocumentKind::HkMacauPermit,
        DocumentKind::TaiwanPermit,
        DocumentKind::Passport,
        DocumentKind::MilitaryOfficer,
    ];

    /// English label.
    pub fn label(self) -> &'static str {
        match self {
            DocumentKind::ResidentId => "resident identity card",
            DocumentKind::HmtResidencePermit => "HK/Macau/Taiwan residence permit",
            DocumentKind::HkMacauPermit => "HK/Macau travel permit",
            DocumentKind::TaiwanPermit => "Taiwan travel permit",
            DocumentKind::Passport => "passport",
            DocumentKind::MilitaryOfficer => "military officer ID",
        }
    }

    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            DocumentKind::ResidentId => "居民身份证",
            DocumentKind::HmtResidencePermit => "港澳台居民居住证",
            DocumentKind::HkMacauPermit => "港澳居民来往内地通行证",
            DocumentKind::TaiwanPermit => "台湾居民来往大陆通行证",
            DocumentKind::Passport => "护照",
            DocumentKind::MilitaryOfficer => "军官证",
        }
    }
}

/// How many characters a document number must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LengthRule {
    /// Exactly this many.
    Exactly(usize),
    /// One of two lengths.
    OneOf(usize, usize),
}

impl LengthRule {
    /// Chinese wording, e.g. `9 或 11`.
    fn zh(self) -> String {
        match self {
            LengthRule::Exactly(n) => n.to_string(),
            LengthRule::OneOf(a, b) => format!("{a} 或 {b}"),
        }
    }
}

impl fmt::Display for LengthRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LengthRule::Exactly(n) => write!(f, "{n}"),
            LengthRule::OneOf(a, b) => write!(f, "{a} or {b}"),
        }
    }
}

/// Why a document number was rejected; Display is English, `message_zh` Chinese.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// Nothing was entered.
    #[error("the document number is empty")]
    Empty,
    /// Wrong number of characters (after normalizing).
    #[error("{expected} characters expected, got {got}")]
    Length {
        /// Allowed length(s).
        expected: LengthRule,
        /// Actual length in characters.
        got: usize,
    },
    /// A character where a digit belongs (position counts from 1).
    #[error("character '{ch}' at position {position} is not a digit")]
    NotDigit {
        /// The offending character.
        ch: char,
        /// 1-based position in the normalized number.
        position: usize,
    },
    /// The last character of an 18-character number is neither a digit nor X.
    #[error("character '{ch}' at position 18 is not a digit or X")]
    BadCheckChar {
        /// The offending character.
        ch: char,
    },
    /// The birth date (YYYYMMDD) is not a calendar date.
    #[error("birth date {date} does not exist")]
    DateDoesNotExist {
        /// The eight digits as written.
        date: String,
    },
    /// The birth date lies after today.
    #[error("birth date {date} is in the future")]
    DateInFuture {
        /// The eight digits as written.
        date: String,
    },
    /// The birth date lies before 1900.
    #[error("birth date {date} is before 1900")]
    DateTooEarly {
        /// The eight digits as written.
        date: String,
    },
    /// The check digit does not match the first 17 digits.
    #[error("check digit is {found}, expected {expected}")]
    CheckDigit {
        /// The check character given.
        found: char,
        /// The check character computed.
        expected: char,
    },
    /// A residence permit whose region is not 810000/820000/830000.
    #[error(
        "region {region} is not a residence permit region (810000 Hong Kong, 820000 Macau, 830000 Taiwan)"
    )]
    NotPermitRegion {
        /// The six-digit region code given.
        region: String,
    },
    /// An HK/Macau travel permit that does not start with H or M.
    #[error("an HK/Macau travel permit starts with H or M, got '{found}'")]
    PermitPrefix {
        /// The first character given.
        found: char,
    },
}

impl IdError {
    /// The same facts in Chinese, for the bilingual UI.
    pub fn message_zh(&self) -> String {
        match self {
            IdError::Empty => "证件号码为空".to_string(),
            IdError::Length { expected, got } => {
                format!("应为 {} 位，实际为 {got} 位", expected.zh())
            }
            IdError::NotDigit { ch, position } => {
                format!("第 {position} 位字符“{ch}”不是数字")
            }
            IdError::BadCheckChar { ch } => format!("第 18 位字符“{ch}”不是数字或 X"),
            IdError::DateDoesNotExist { date } => format!("出生日期 {date} 不存在"),
            IdError::DateInFuture { date } => format!("出生日期 {date} 晚于今天"),
            IdError::DateTooEarly { date } => format!("出生日期 {date} 早于 1900 年"),
            IdError::CheckDigit { found, expected } => {
                format!("校验位为 {found}，应为 {expected}")
            }
            IdError::NotPermitRegion { region } => format!(
                "地区码 {region} 不是港澳台居民居住证的地区码（810000 香港、820000 澳门、830000 台湾）"
            ),
            IdError::PermitPrefix { found } => {
                format!("港澳居民来往内地通行证应以 H 或 M 开头，实际为“{found}”")
            }
        }
    }
}

/// Full-width ASCII (U+FF01–U+FF5E) to half-width; other characters unchanged.
pub fn half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Whether `c` is a dash or hyphen people type inside numbers.
fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}'
    )
}

/// Full-width to half-width, drop spaces (incl. U+3000) and dashes, ASCII upper-case.
pub fn normalize(input: &str) -> String {
    input
        .chars()
        .map(half_width)
        .filter(|c| !c.is_whitespace() && !is_dash(*c))
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A parsed 18-character resident identity number (or residence permit number).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ResidentId {
    /// The 18 characters, normalized (upper-case X).
    pub number: String,
    /// The six-digit region code.
    pub region: String,
    /// Date of birth.
    pub birth_date: NaiveDate,
    /// The three-digit sequence code (positions 15–17).
    pub sequence: String,
    /// Whether the sequence code is odd (male).
    pub male: bool,
    /// Whether the input was a legacy 15-digit number upgraded to 18.
    pub from_legacy_15: bool,
}

impl ResidentId {
    /// Resident ID, or residence permit when the region is 810000/820000/830000.
    pub fn document_kind(&self) -> DocumentKind {
        if PERMIT_REGIONS.contains(&self.region.as_str()) {
            DocumentKind::HmtResidencePermit
        } else {
            DocumentKind::ResidentId
        }
    }
}

/// Resident ID, or residence permit when the region is 810000/820000/830000.
pub fn document_kind_of(id: &ResidentId) -> DocumentKind {
    id.document_kind()
}

/// The ISO 7064 MOD 11-2 check character of 17 ASCII digits; `None` for anything else.
pub fn check_digit(first17: &str) -> Option<char> {
    (first17.len() == 17 && first17.bytes().all(|b| b.is_ascii_digit()))
        .then(|| check_char(first17.as_bytes()))
}

/// Check character for 17 ASCII digits (callers guarantee the digits).
fn check_char(first17: &[u8]) -> char {
    let sum: u32 = first17
        .iter()
        .zip(CHECK_WEIGHTS)
        .map(|(b, w)| u32::from(b.wrapping_sub(b'0')) * w)
        .sum();
    CHECK_CHARS[(sum % 11) as usize]
}

/// Ensure every character of `chars` is an ASCII digit, reporting 1-based positions.
fn all_digits(chars: &[char], offset: usize) -> Result<(), IdError> {
    match chars.iter().position(|c| !c.is_ascii_digit()) {
        Some(i) => Err(IdError::NotDigit {
            ch: chars[i],
            position: offset + i + 1,
        }),
        None => Ok(()),
    }
}

/// Parse the YYYYMMDD birth date, without the today/1900 bounds.
fn birth_date(yyyymmdd: &str) -> Result<NaiveDate, IdError> {
    let err = || IdError::DateDoesNotExist {
        date: yyyymmdd.to_string(),
    };
    let y: i32 = yyyymmdd
        .get(0..4)
        .and_then(|s| s.parse().ok())
        .ok_or_else(err)?;
    let m: u32 = yyyymmdd
        .get(4..6)
        .and_then(|s| s.parse().ok())
        .ok_or_else(err)?;
    let d: u32 = yyyymmdd
        .get(6..8)
        .and_then(|s| s.parse().ok())
        .ok_or_else(err)?;
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(err)
}

/// Parse a resident identity number (18 characters, or legacy 15 digits) as of `today`.
pub fn parse_resident_id(input: &str, today: NaiveDate) -> Result<ResidentId, IdError> {
    let norm = normalize(input);
    let chars: Vec<char> = norm.chars().collect();
    let (number, legacy) = match chars.len() {
        0 => return Err(IdError::Empty),
        15 => {
            all_digits(&chars, 0)?;
            (upgrade_digits(&norm), true)
        }
        18 => {
            all_digits(&chars[..17], 0)?;
            let last = chars[17];
            if !last.is_ascii_digit() && last != 'X' {
                return Err(IdError::BadCheckChar { ch: last });
            }
            (norm, false)
        }
        n => {
            return Err(IdError::Length {
                expected: LengthRule::Exactly(18),
                got: n,
            })
        }
    };
    // From here on `number` is 17 ASCII digits plus a digit or X, so byte slicing is safe.
    let date_str = &number[6..14];
    let birth = birth_date(date_str)?;
    if birth.year() < 1900 {
        return Err(IdError::DateTooEarly {
            date: date_str.to_string(),
        });
    }
    if birth > today {
        return Err(IdError::DateInFuture {
            date: date_str.to_string(),
        });
    }
    let expected = check_char(&number.as_bytes()[..17]);
    let found = number[17..].chars().next().unwrap_or(' ');
    if found != expected {
        return Err(IdError::CheckDigit { found, expected });
    }
    let sequence = number[14..17].to_string();
    let male = number.as_bytes()[16].wrapping_sub(b'0') % 2 == 1;
    Ok(ResidentId {
        region: number[..6].to_string(),
        birth_date: birth,
        sequence,
        male,
        from_legacy_15: legacy,
        number,
    })
}

/// 15 ASCII digits to 18 characters: insert "19" before the year and append the check.
fn upgrade_digits(digits15: &str) -> String {
    let mut s = String::with_capacity(18);
    s.push_str(&digits15[..6]);
    s.push_str("19");
    s.push_str(&digits15[6..]);
    let check = check_char(s.as_bytes());
    s.push(check);
    s
}

/// Convert a legacy 15-digit resident identity number to its 18-character form.
pub fn upgrade_15_to_18(input: &str) -> Result<String, IdError> {
    let norm = normalize(input);
    let chars: Vec<char> = norm.chars().collect();
    if chars.is_empty() {
        return Err(IdError::Empty);
    }
    if chars.len() != 15 {
        return Err(IdError::Length {
            expected: LengthRule::Exactly(15),
            got: chars.len(),
        });
    }
    all_digits(&chars, 0)?;
    let upgraded = upgrade_digits(&norm);
    birth_date(&upgraded[6..14])?;
    Ok(upgraded)
}

/// A document number that passed validation, with anything a person should look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Validated {
    /// The kind it was validated as.
    pub kind: DocumentKind,
    /// The normalized number.
    pub normalized: String,
    /// Non-blocking problems, in English.
    pub warnings: Vec<String>,
    /// The same warnings in Chinese, in the same order.
    pub warnings_zh: Vec<String>,
    /// Whether a person must check the document by hand.
    pub manual_review_required: bool,
}

impl Validated {
    /// A result without warnings.
    fn clean(kind: DocumentKind, normalized: String) -> Validated {
        Validated {
            kind,
            normalized,
            warnings: Vec::new(),
            warnings_zh: Vec::new(),
            manual_review_required: false,
        }
    }

    /// Add a warning in both languages.
    fn warn(&mut self, en: String, zh: String) {
        self.warnings.push(en);
        self.warnings_zh.push(zh);
    }
}

/// Validate `input` as a document of `kind` as of `today`.
pub fn validate(kind: DocumentKind, input: &str, today: NaiveDate) -> Result<Validated, IdError> {
    let norm = normalize(input);
    if norm.is_empty() {
        return Err(IdError::Empty);
    }
    let chars: Vec<char> = norm.chars().collect();
    match kind {
        DocumentKind::ResidentId => {
            let id = parse_resident_id(&norm, today)?;
            let mut v = Validated::clean(kind, id.number.clone());
            if id.from_legacy_15 {
                v.warn(
                    format!("legacy 15-digit number, upgraded to {}", id.number),
                    format!("旧版 15 位号码，已升级为 {}", id.number),
                );
            }
            if id.document_kind() == DocumentKind::HmtResidencePermit {
                v.warn(
                    format!("region {} belongs to a residence permit", id.region),
                    format!("地区码 {} 属于港澳台居民居住证", id.region),
                );
            } else if !PROVINCES.contains(&&id.region[..2]) {
                v.warn(
                    format!("region {} is not a known province code", id.region),
                    format!("地区码 {} 不是已知的省级代码", id.region),
                );
            }
            Ok(v)
        }
        DocumentKind::HmtResidencePermit => {
            if chars.len() != 18 {
                return Err(IdError::Length {
                    expected: LengthRule::Exactly(18),
                    got: chars.len(),
                });
            }
            let id = parse_resident_id(&norm, today)?;
            if id.document_kind() != DocumentKind::HmtResidencePermit {
                return Err(IdError::NotPermitRegion { region: id.region });
            }
            Ok(Validated::clean(kind, id.number))
        }
        DocumentKind::HkMacauPermit => {
            let first = chars[0];
            if first != 'H' && first != 'M' {
                return Err(IdError::PermitPrefix { found: first });
            }
            all_digits(&chars[1..], 1)?;
            if chars.len() != 9 && chars.len() != 11 {
                return Err(IdError::Length {
                    expected: LengthRule::OneOf(9, 11),
                    got: chars.len(),
                });
            }
            Ok(Validated::clean(kind, norm))
        }
        DocumentKind::TaiwanPermit => {
            all_digits(&chars, 0)?;
            if chars.len() != 8 {
                return Err(IdError::Length {
                    expected: LengthRule::Exactly(8),
                    got: chars.len(),
                });
            }
            Ok(Validated::clean(kind, norm))
        }
        DocumentKind::Passport => {
            let mut v = Validated::clean(kind, norm.clone());
            if let Some(c) = chars.iter().find(|c| !c.is_ascii_alphanumeric()) {
                v.warn(
                    format!("character '{c}' is unusual in a passport number"),
                    format!("护照号码中出现不常见的字符“{c}”"),
                );
            }
            if !(5..=17).contains(&chars.len()) {
                v.warn(
                    format!(
                        "a passport number usually has 5 to 17 characters, got {}",
                        chars.len()
                    ),
                    format!("护照号码通常为 5 至 17 位，实际为 {} 位", chars.len()),
                );
            }
            Ok(v)
        }
        DocumentKind::MilitaryOfficer => {
            let mut v = Validated::clean(kind, norm);
            v.manual_review_required = true;
            Ok(v)
        }
    }
}

/// A document number typed by an operator, in the form it is stored in: normalised (full
/// width, spaces, case), and for resident IDs and residence permits checked (check digit,
/// date), so every spelling finds the same record.
pub fn lookup_form(input: &str, today: NaiveDate) -> Result<String, IdError> {
    let n = normalize(input);
    match detect(&n) {
        Some(DocumentKind::ResidentId | DocumentKind::HmtResidencePermit) => {
            Ok(parse_resident_id(&n, today)?.number)
        }
        _ => Ok(n),
    }
}
/// Guess the document kind from the shape of `input`; `None` when nothing fits.
pub fn detect(input: &str) -> Option<DocumentKind> {
    let norm = normalize(input);
    let b = norm.as_bytes();
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    match b.len() {
        18 if digits(&b[..17]) && (b[17].is_ascii_digit() || b[17] == b'X') => {
            if matches!(&b[..2], b"81" | b"82" | b"83") {
                Some(DocumentKind::HmtResidencePermit)
            } else {
                Some(DocumentKind::ResidentId)
            }
        }
        15 if digits(b) => Some(DocumentKind::ResidentId),
        9 | 11 if matches!(b[0], b'H' | b'M') && digits(&b[1..]) => {
            Some(DocumentKind::HkMacauPermit)
        }
        8 if digits(b) => Some(DocumentKind::TaiwanPermit),
        _ => None,
    }
}

/// Whether two HK/Macau travel permit numbers belong to the same person (first 9 characters).
pub fn same_hk_macau_permit(a: &str, b: &str) -> bool {
    let a: Vec<char> = normalize(a).chars().take(9).collect();
    let b: Vec<char> = normalize(b).chars().take(9).collect();
    a.len() == 9 && a == b
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
    }

    #[test]
    fn published_examples_are_valid() {
        let id = parse_resident_id("11010519491231002X", today()).unwrap();
        assert_eq!(id.region, "110105");
        assert_eq!(
            id.birth_date,
            NaiveDate::from_ymd_opt(1949, 12, 31).unwrap()
        );
        assert_eq!(id.sequence, "002");
        assert!(!id.male);
        assert_eq!(id.document_kind(), DocumentKind::ResidentId);

        for n in ["810000199408230021", "830000199201300022"] {
            let id = parse_resident_id(n, today()).unwrap();
            assert_eq!(document_kind_of(&id), DocumentKind::HmtResidencePermit);
            let v = validate(DocumentKind::HmtResidencePermit, n, today()).unwrap();
            assert_eq!(v.normalized, n);
            assert!(v.warnings.is_empty());
        }
    }

    #[test]
    fn wrong_check_digit_says_which() {
        let e = parse_resident_id("110105194912310023", today()).unwrap_err();
        assert_eq!(e.to_string(), "check digit is 3, expected X");
        assert_eq!(e.message_zh(), "校验位为 3，应为 X");
        let e = parse_resident_id("810000199408230022", today()).unwrap_err();
        assert_eq!(e.to_string(), "check digit is 2, expected 1");
    }

    #[test]
    fn lengths_and_characters() {
        let e = parse_resident_id("11010519491231002", today()).unwrap_err();
        assert_eq!(e.to_string(), "18 characters expected, got 17");
        assert_eq!(e.message_zh(), "应为 18 位，实际为 17 位");
        let e = parse_resident_id("1101A519491231002X", today()).unwrap_err();
        assert_eq!(e.to_string(), "character 'A' at position 5 is not a digit");
        let e = parse_resident_id("11010519491231002A", today()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "character 'A' at position 18 is not a digit or X"
        );
        assert_eq!(
            parse_resident_id("  ", today()).unwrap_err(),
            IdError::Empty
        );
    }

    #[test]
    fn impossible_future_and_early_dates() {
        // Check digits below are correct, so only the date can be at fault.
        let e = parse_resident_id("110105194902310026", today()).unwrap_err();
        assert_eq!(e.to_string(), "birth date 19490231 does not exist");
        assert_eq!(e.message_zh(), "出生日期 19490231 不存在");
        let e = parse_resident_id("110105209901010012", today()).unwrap_err();
        assert_eq!(e.to_string(), "birth date 20990101 is in the future");
        let e = parse_resident_id("110105189912310015", today()).unwrap_err();
        assert_eq!(e.to_string(), "birth date 18991231 is before 1900");
        let e = parse_resident_id("110105200013010013", today()).unwrap_err();
        assert!(matches!(e, IdError::DateDoesNotExist { .. }));
    }

    #[test]
    fn full_width_lower_case_and_spaces() {
        let want = "11010519491231002X";
        for input in [
            "１１０１０５１９４９１２３１００２ｘ",
            "11010519491231002x",
            "110105 19491231 002X",
            "110105\u{3000}1949-1231-002x",
        ] {
            let id = parse_resident_id(input, today()).unwrap();
            assert_eq!(id.number, want, "input {input:?}");
        }
        assert_eq!(normalize("ａｂ－１ 2"), "AB12");
    }

    #[test]
    fn fifteen_digits_upgrade() {
        assert_eq!(
            upgrade_15_to_18("110105491231002").unwrap(),
            "11010519491231002X"
        );
        let id = parse_resident_id("110105491231002", today()).unwrap();
        assert_eq!(id.number, "11010519491231002X");
        assert!(id.from_legacy_15);
        assert_eq!(
            upgrade_15_to_18("11010549123100").unwrap_err().to_string(),
            "15 characters expected, got 14"
        );
        assert!(matches!(
            upgrade_15_to_18("110105490231002"),
            Err(IdError::DateDoesNotExist { .. })
        ));
        let v = validate(DocumentKind::ResidentId, "110105491231002", today()).unwrap();
        assert_eq!(v.normalized, "11010519491231002X");
        assert_eq!(v.warnings.len(), 1);
    }

    #[test]
    fn residence_permit_needs_permit_region() {
        let e = validate(
            DocumentKind::HmtResidencePermit,
            "11010519491231002X",
            today(),
        );
        assert_eq!(
            e.unwrap_err(),
            IdError::NotPermitRegion {
                region: "110105".into()
            }
        );
        let v = validate(DocumentKind::ResidentId, "810000199408230021", today()).unwrap();
        assert_eq!(v.warnings.len(), 1);
        assert_eq!(v.warnings_zh.len(), 1);
    }

    #[test]
    fn travel_permits() {
        let ok = |k, s| validate(k, s, today()).map(|v| v.normalized);
        assert_eq!(
            ok(DocumentKind::HkMacauPermit, "h1234567801").unwrap(),
            "H1234567801"
        );
        assert_eq!(
            ok(DocumentKind::HkMacauPermit, "M12345678").unwrap(),
            "M12345678"
        );
        assert_eq!(
            ok(DocumentKind::HkMacauPermit, "X12345678").unwrap_err(),
            IdError::PermitPrefix { found: 'X' }
        );
        assert_eq!(
            ok(DocumentKind::HkMacauPermit, "H123456789")
                .unwrap_err()
                .to_string(),
            "9 or 11 characters expected, got 10"
        );
        assert_eq!(
            ok(DocumentKind::TaiwanPermit, "1234 5678").unwrap(),
            "12345678"
        );
        assert!(ok(DocumentKind::TaiwanPermit, "1234567").is_err());
        assert!(same_hk_macau_permit("H1234567801", "h12345678 02"));
        assert!(!same_hk_macau_permit("H1234567801", "M1234567801"));
        assert!(!same_hk_macau_permit("H123", "H123"));
    }

    #[test]
    fn passport_and_military_are_lenient() {
        let v = validate(DocumentKind::Passport, "e1234", today()).unwrap();
        assert!(v.warnings.is_empty());
        let v = validate(DocumentKind::Passport, "E1/2", today()).unwrap();
        assert_eq!(v.warnings.len(), 2);
        let v = validate(DocumentKind::MilitaryOfficer, "军字第 123456 号", today()).unwrap();
        assert!(v.manual_review_required);
        assert_eq!(v.normalized, "军字第123456号");
        for k in DocumentKind::ALL {
            assert_eq!(
                validate(k, " \u{3000}", today()).unwrap_err(),
                IdError::Empty
            );
        }
    }

    #[test]
    fn detect_by_shape() {
        assert_eq!(detect("11010519491231002x"), Some(DocumentKind::ResidentId));
        assert_eq!(
            detect("830000199201300022"),
            Some(DocumentKind::HmtResidencePermit)
        );
        assert_eq!(detect("110105491231002"), Some(DocumentKind::ResidentId));
        assert_eq!(detect("M12345678"), Some(DocumentKind::HkMacauPermit));
        assert_eq!(detect("H1234567801"), Some(DocumentKind::HkMacauPermit));
        assert_eq!(detect("12345678"), Some(DocumentKind::TaiwanPermit));
        assert_eq!(detect("13800138000"), None);
        assert_eq!(detect("张三"), None);
        assert_eq!(detect(""), None);
    }
}
