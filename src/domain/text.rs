//! Free text typed by operators: reasons must say something visible, and look-alike
//! characters are folded so that two ids that read the same compare equal.

use unicode_normalization::UnicodeNormalization;

/// Whether `c` draws nothing: format characters (Unicode category Cf: zero-width
/// spaces and joiners, bidi controls, the BOM, tag characters), controls, spaces, and
/// the fillers that are letters by category but show as blank.
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c,
            '\u{00ad}'
            | '\u{034f}'
            | '\u{0600}'..='\u{0605}'
            | '\u{061c}'
            | '\u{06dd}'
            | '\u{070f}'
            | '\u{0890}'..='\u{0891}'
            | '\u{08e2}'
            | '\u{115f}'..='\u{1160}'
            | '\u{17b4}'..='\u{17b5}'
            | '\u{180b}'..='\u{180f}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{2800}'
            | '\u{3164}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}'
            | '\u{ffa0}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{110bd}'
            | '\u{110cd}'
            | '\u{13430}'..='\u{1343f}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0000}'..='\u{e0fff}')
}

/// How many characters of `s` draw something.
pub fn visible_chars(s: &str) -> usize {
    s.chars().filter(|c| !is_invisible(*c)).count()
}

/// Characters that read as a hyphen-minus.
fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'
            ..='\u{2015}'
                | '\u{2212}'
                | '\u{2043}'
                | '\u{fe58}'
                | '\u{fe63}'
                | '\u{ff0d}'
                | '\u{02d7}'
    )
}

/// The skeleton of an identifier: NFKC (full-width and compatibility forms become
/// ASCII), lower case, invisible characters dropped, every dash and the separators `.`
/// and `_` read as `-`, and the digits that pass for letters (`0` for `o`, `1` for `l`)
/// read as those letters. Two ids with one skeleton are confusable.
pub fn skeleton(s: &str) -> String {
    s.nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| !is_invisible(*c))
        .map(|c| match c {
            c if is_dash(c) => '-',
            '.' | '_' => '-',
            '0' => 'o',
            '1' | 'i' | '\u{0131}' => 'l',
            // Cyrillic and Greek letters that print like Latin ones.
            'а' => 'a',
            'е' => 'e',
            'о' | 'ο' => 'o',
            'р' | 'ρ' => 'p',
            'с' => 'c',
            'х' | 'χ' => 'x',
            'у' => 'y',
            'ѕ' => 's',
            c => c,
        })
        .collect()
}

/// Fewest visible characters a reason must hold.
pub const REASON_MIN_VISIBLE: usize = 2;
/// Most characters a reason may hold.
pub const REASON_MAX_CHARS: usize = 500;

/// Why a reason was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReasonError {
    /// Empty, or nothing visible (only spaces or zero-width characters).
    #[error(
        "say why: a reason needs at least {REASON_MIN_VISIBLE} visible characters and is audited"
    )]
    Missing,
    /// Longer than [`REASON_MAX_CHARS`].
    #[error("a reason holds at most {REASON_MAX_CHARS} characters")]
    TooLong,
}

/// The one check of a free-text reason (reveal, unlock, freeze, steal, assign …): trimmed,
/// at least [`REASON_MIN_VISIBLE`] characters that draw something once format and space
/// characters are removed, at most [`REASON_MAX_CHARS`].
pub fn reason(r: &str) -> Result<String, ReasonError> {
    let r = r.trim_matches(is_invisible);
    if visible_chars(r) < REASON_MIN_VISIBLE {
        return Err(ReasonError::Missing);
    }
    if r.chars().count() > REASON_MAX_CHARS {
        return Err(ReasonError::TooLong);
    }
    Ok(r.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_width_and_spaces_are_not_visible() {
        assert_eq!(visible_chars("\u{200b}\u{200b}\u{200b}"), 0);
        assert_eq!(visible_chars(" \u{3000}\u{feff}a\u{2060}"), 1);
        assert_eq!(visible_chars("核实身份"), 4);
        assert_eq!(visible_chars("𠀀x"), 2);
    }

    #[test]
    fn look_alikes_share_a_skeleton() {
        let base = skeleton("demo-agent");
        for other in [
            "DEMO-AGENT",
            "demo\u{2010}agent",
            "demo-agent\u{200b}",
            "ｄｅｍｏ-agent",
            "demo_agent",
            "dem0-agent",
            "demо-agent",
        ] {
            assert_eq!(skeleton(other), base, "{other:?}");
        }
        assert_ne!(skeleton("demo-agents"), base);
    }

    #[test]
    fn a_reason_needs_two_visible_characters() {
        assert_eq!(
            reason("\u{200b}\u{200b}\u{200b}"),
            Err(ReasonError::Missing)
        );
        assert_eq!(reason(" x\u{200b} "), Err(ReasonError::Missing));
        assert_eq!(reason("\u{feff}核实\u{200b}"), Ok("核实".to_string()));
        assert_eq!(reason(&"a".repeat(501)), Err(ReasonError::TooLong));
    }
}
