//! Mainland China mobile numbers: normalizing what callers say or type.

use super::identity::half_width;

/// Why a mobile number was rejected; Display is English, `message_zh` Chinese.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    /// Nothing was entered.
    #[error("the mobile number is empty")]
    Empty,
    /// A character that has no place in a phone number.
    #[error("character '{ch}' is not allowed in a mobile number")]
    BadChar {
        /// The offending character.
        ch: char,
    },
    /// A `+` followed by a country code other than 86.
    #[error("only mainland China numbers (+86) are accepted")]
    ForeignCountryCode,
    /// Not 11 digits after removing the country code.
    #[error("a mobile number has 11 digits, got {got}")]
    Length {
        /// Digits found.
        got: usize,
    },
    /// The first digit is not 1.
    #[error("a mobile number starts with 1")]
    FirstDigit,
    /// The second digit is not 3 to 9.
    #[error("the second digit of a mobile number is 3 to 9, got {found}")]
    SecondDigit {
        /// The second digit given.
        found: char,
    },
}

impl PhoneError {
    /// The same facts in Chinese, for the bilingual UI.
    pub fn message_zh(&self) -> String {
        match self {
            PhoneError::Empty => "手机号码为空".to_string(),
            PhoneError::BadChar { ch } => format!("手机号码中不能有字符“{ch}”"),
            PhoneError::ForeignCountryCode => "仅接受中国大陆手机号码（+86）".to_string(),
            PhoneError::Length { got } => format!("手机号码应为 11 位数字，实际为 {got} 位"),
            PhoneError::FirstDigit => "手机号码应以 1 开头".to_string(),
            PhoneError::SecondDigit { found } => {
                format!("手机号码第二位应为 3 至 9，实际为 {found}")
            }
        }
    }
}

/// Whether `c` is dropped as punctuation (spaces, dashes, parentheses, dots).
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '(' | ')' | '.' | '\u{2010}'..='\u{2014}' | '\u{2212}'
        )
}

/// Normalize a mainland mobile number to 11 digits (drops +86/0086/86, spaces, dashes).
pub fn normalize_mobile(input: &str) -> Result<String, PhoneError> {
    let s: String = input
        .chars()
        .map(half_width)
        .filter(|c| !is_separator(*c))
        .collect();
    if s.is_empty() {
        return Err(PhoneError::Empty);
    }
    let digits = match s.strip_prefix('+') {
        Some(rest) => rest
            .strip_prefix("86")
            .ok_or(PhoneError::ForeignCountryCode)?,
        None => s.as_str(),
    };
    if let Some(ch) = digits.chars().find(|c| !c.is_ascii_digit()) {
        return Err(PhoneError::BadChar { ch });
    }
    let digits = match digits.len() {
        15 => digits.strip_prefix("0086").unwrap_or(digits),
        13 => digits.strip_prefix("86").unwrap_or(digits),
        _ => digits,
    };
    if digits.len() != 11 {
        return Err(PhoneError::Length { got: digits.len() });
    }
    // `digits` is 11 ASCII digits here, so indexing bytes is safe.
    let b = digits.as_bytes();
    if b[0] != b'1' {
        return Err(PhoneError::FirstDigit);
    }
    if !(b'3'..=b'9').contains(&b[1]) {
        return Err(PhoneError::SecondDigit {
            found: char::from(b[1]),
        });
    }
    Ok(digits.to_string())
}

/// Whether `input` reads as a mainland mobile number (for guessing a lookup's kind).
pub fn looks_like_phone(input: &str) -> bool {
    normalize_mobile(input).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_spellings() {
        for (input, want) in [
            ("+86 138-0013-8000", "13800138000"),
            ("0086 13800138000", "13800138000"),
            ("86 139 0013 9000", "13900139000"),
            ("（+86）13800138000", "13800138000"),
            ("(86)13800138000", "13800138000"),
            ("１３８００１３８０００", "13800138000"),
            ("+8613800138000", "13800138000"),
            ("138 0013 8000", "13800138000"),
        ] {
            assert_eq!(
                normalize_mobile(input).as_deref(),
                Ok(want),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn rejected_with_reason() {
        let e = normalize_mobile("1380013800").unwrap_err();
        assert_eq!(e.to_string(), "a mobile number has 11 digits, got 10");
        assert_eq!(e.message_zh(), "手机号码应为 11 位数字，实际为 10 位");
        assert_eq!(
            normalize_mobile("138OO138000").unwrap_err(),
            PhoneError::BadChar { ch: 'O' }
        );
        let e = normalize_mobile("23800138000").unwrap_err();
        assert_eq!(e.to_string(), "a mobile number starts with 1");
        assert_eq!(
            normalize_mobile("12800138000").unwrap_err(),
            PhoneError::SecondDigit { found: '2' }
        );
        assert_eq!(
            normalize_mobile("+1 415 555 0100").unwrap_err(),
            PhoneError::ForeignCountryCode
        );
        assert_eq!(normalize_mobile(" - ").unwrap_err(), PhoneError::Empty);
        assert_eq!(
            normalize_mobile("861380013800").unwrap_err(),
            PhoneError::Length { got: 12 }
        );
    }

    #[test]
    fn looks_like_phone_is_strict_enough() {
        assert!(looks_like_phone("+86 138-0013-8000"));
        assert!(!looks_like_phone("11010519491231002X"));
        assert!(!looks_like_phone("12345678"));
        assert!(!looks_like_phone("zhang@example.com"));
    }
}
