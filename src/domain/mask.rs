//! Masking personal data for display, by character (never by byte or UTF-16 unit).

use super::identity;
use super::phone;

/// Keep `head` leading and `tail` trailing characters, one `*` for each one hidden.
fn keep_ends(chars: &[char], head: usize, tail: usize) -> String {
    let n = chars.len();
    if head + tail >= n {
        return "*".repeat(n);
    }
    let mut out: String = chars[..head].iter().collect();
    out.push_str(&"*".repeat(n - head - tail));
    out.extend(&chars[n - tail..]);
    out
}

/// Mask a string of `n` characters so that at most 40% of them show.
fn mask_generic(chars: &[char]) -> String {
    let (head, tail) = match chars.len() {
        0..=2 => (0, 0),
        3..=4 => (1, 0),
        5..=7 => (1, 1),
        8..=17 => (1, 2),
        _ => (3, 4),
    };
    keep_ends(chars, head, tail)
}

/// Mask a document number: 18 characters become `110***********1234`; shorter ones show less.
pub fn mask_id_number(s: &str) -> String {
    let chars: Vec<char> = identity::normalize(s).chars().collect();
    mask_generic(&chars)
}

/// Mask a phone number: `138****5678`; other shapes are masked like document numbers.
pub fn mask_phone(s: &str) -> String {
    match phone::normalize_mobile(s) {
        Ok(m) => {
            let chars: Vec<char> = m.chars().collect();
            keep_ends(&chars, 3, 4)
        }
        Err(_) => {
            let chars: Vec<char> = identity::normalize(s).chars().collect();
            mask_generic(&chars)
        }
    }
}

/// Whether `c` joins the previous character (combining mark, variation selector, ZWJ).
fn is_attached(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{200D}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{E0100}'..='\u{E01EF}'
    )
}

/// Mask a person's name: `张*`, `欧**`, `𠮷*`; one character becomes `*`; Latin `Z***`.
pub fn mask_name(s: &str) -> String {
    let s = s.trim();
    // Characters as a person counts them: a variation selector belongs to its base.
    let mut units: Vec<String> = Vec::new();
    for c in s.chars() {
        match units.last_mut() {
            Some(last) if is_attached(c) => last.push(c),
            _ => units.push(c.to_string()),
        }
    }
    match units.as_slice() {
        [] => String::new(),
        [_] => "*".to_string(),
        [first, ..] if first.starts_with(|c: char| c.is_ascii_alphabetic()) => {
            format!("{first}***")
        }
        [first, rest @ ..] => format!("{first}{}", "*".repeat(rest.len())),
    }
}

/// Mask an e-mail address: `z***@example.com`; no `@` means masked like a document number.
pub fn mask_email(s: &str) -> String {
    let s = s.trim();
    match s.rsplit_once('@') {
        Some((local, domain)) => match local.chars().next() {
            Some(first) => format!("{first}***@{domain}"),
            None => format!("***@{domain}"),
        },
        None => {
            let chars: Vec<char> = s.chars().collect();
            mask_generic(&chars)
        }
    }
}

/// Mask a login name: phone-shaped as a phone, e-mail-shaped as an e-mail, else `ab***`.
pub fn mask_login(s: &str) -> String {
    let s = s.trim();
    if phone::looks_like_phone(s) {
        return mask_phone(s);
    }
    if s.contains('@') {
        return mask_email(s);
    }
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= 2 {
        return "***".to_string();
    }
    let head: String = chars[..2].iter().collect();
    format!("{head}***")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_numbers() {
        assert_eq!(mask_id_number("110105199001011234"), "110***********1234");
        assert_eq!(mask_id_number("11010519491231002x"), "110***********002X");
        assert_eq!(mask_id_number("H12345678"), "H******78");
        assert_eq!(mask_id_number("12345678"), "1*****78");
        assert_eq!(mask_id_number("ab"), "**");
        assert_eq!(mask_id_number(""), "");
    }

    #[test]
    fn never_more_than_forty_percent() {
        for n in 1..=40 {
            let s: String = "7".repeat(n);
            let masked = mask_id_number(&s);
            assert_eq!(masked.chars().count(), n);
            let shown = masked.chars().filter(|c| *c != '*').count();
            assert!(shown * 10 <= n * 4, "{n} chars: {shown} shown");
        }
    }

    #[test]
    fn phones() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone("+86 138-1234-5678"), "138****5678");
        assert_eq!(mask_phone("12345"), "1***5");
    }

    #[test]
    fn names_by_character() {
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("欧阳娜娜"), "欧***");
        assert_eq!(mask_name("欧阳修"), "欧**");
        assert_eq!(mask_name("王"), "*");
        assert_eq!(mask_name("𠮷田"), "𠮷*");
        assert_eq!(mask_name("田𠮷"), "田*");
        // A variation selector is part of its character, not a character of its own.
        assert_eq!(mask_name("葛\u{E0100}优"), "葛\u{E0100}*");
        assert_eq!(mask_name("李\u{E0100}"), "*");
        assert_eq!(mask_name("Zhang San"), "Z***");
        assert_eq!(mask_name(""), "");
    }

    #[test]
    fn emails_and_logins() {
        assert_eq!(mask_email("zhang@example.com"), "z***@example.com");
        assert_eq!(mask_email("@example.com"), "***@example.com");
        assert_eq!(mask_email("𠮷@example.cn"), "𠮷***@example.cn");
        assert_eq!(mask_login("13812345678"), "138****5678");
        assert_eq!(mask_login("li.si@example.com"), "l***@example.com");
        assert_eq!(mask_login("wangwu2024"), "wa***");
        assert_eq!(mask_login("ab"), "***");
    }
}
