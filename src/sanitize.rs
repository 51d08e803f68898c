//! Make untrusted text safe for a terminal cell, and fit text to a display width.
//!
//! Everything that came from the API passes through here: a ticket subject could carry
//! ESC sequences that repaint the screen, or bidi overrides that make a number read
//! backwards, and a long note must not push the table out of line.

use unicode_normalization::UnicodeNormalization;
use unicode_width::UnicodeWidthStr;

/// Longest text kept from one API string, in characters.
pub const MAX_CHARS: usize = 4000;

/// Sanitize one line: controls shown visibly (␛ ␍ ␊ …), bidi/format characters removed,
/// NFC, capped at [`MAX_CHARS`] with an ellipsis.
pub fn clean(s: &str) -> String {
    clean_inner(s, false)
}

/// Sanitize text that may have several lines; returns the lines.
pub fn clean_lines(s: &str) -> Vec<String> {
    clean_inner(s, true)
        .split('\n')
        .map(str::to_string)
        .collect()
}

/// Sanitize every string in a JSON answer in place (newlines kept; each view decides
/// whether a field is one line or several). Idempotent, so cleaning again when drawing
/// changes nothing.
pub fn clean_json(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::String(s) => {
            let cleaned = clean_inner(s, true);
            if cleaned != *s {
                *s = cleaned;
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(clean_json),
        serde_json::Value::Object(map) => map.values_mut().for_each(clean_json),
        _ => {}
    }
}

fn clean_inner(s: &str, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(s.len().min(MAX_CHARS * 4));
    for (n, c) in s.nfc().enumerate() {
        if n >= MAX_CHARS {
            out.push('…');
            break;
        }
        match c {
            '\n' if keep_newlines => out.push('\n'),
            '\t' => out.push(' '),
            // C0 controls and DEL: the Control Pictures block has a glyph for each.
            '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('�')),
            '\u{7f}' => out.push('␡'),
            // C1 controls (incl. CSI 0x9b) have no pictures; show a replacement character.
            '\u{80}'..='\u{9f}' => out.push('�'),
            c if is_format(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// The characters of a paste that a one-line input keeps: no controls (a newline would
/// end the line), no bidi or other invisible format characters (the input is drawn as is).
pub fn one_line_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().filter(|c| !c.is_control() && !is_format(*c))
}

/// Bidi controls and other invisible format characters (Unicode category Cf and kin).
fn is_format(c: char) -> bool {
    matches!(c,
        '\u{00ad}' | '\u{061c}' | '\u{180e}'
        | '\u{200b}'..='\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2060}'..='\u{206f}'
        | '\u{feff}'
        | '\u{fff9}'..='\u{fffb}'
        | '\u{e0000}'..='\u{e007f}')
}

/// Display width of `s` in terminal cells.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cut `s` to at most `max` cells, ending with `…` when cut (wide characters never split).
pub fn fit(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    for c in s.chars() {
        // Measure the whole prefix, not char by char: a variation selector can widen the
        // character before it (❤ + U+FE0F takes two cells).
        out.push(c);
        if width(&out) > max - 1 {
            out.pop();
            break;
        }
    }
    out.push('…');
    out
}

/// `fit` and then pad with spaces to exactly `cols` cells.
pub fn pad(s: &str, cols: usize) -> String {
    let mut out = fit(s, cols);
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', cols.saturating_sub(w)));
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn fit_counts_emoji_presentation_sequences_as_wide() {
        let fitted = super::fit("❤\u{fe0f}❤\u{fe0f}x", 3);
        assert!(super::width(&fitted) <= 3, "{fitted:?}");
        assert!(fitted.ends_with('…'));
    }

    use super::*;

    #[test]
    fn answers_are_cleaned_at_the_boundary_and_cleaning_again_changes_nothing() {
        let mut v = serde_json::json!({
            "id": 7,
            "subject": "\u{1b}]0;PWNED\u{7}hi\u{202e}",
            "events": [{"body": "line 1\nline 2\u{0}"}],
            "next_cursor": "eyJpZCI6N30",
        });
        clean_json(&mut v);
        assert_eq!(v["subject"], "␛]0;PWNED␇hi");
        assert_eq!(v["events"][0]["body"], "line 1\nline 2␀");
        assert_eq!(
            v["next_cursor"], "eyJpZCI6N30",
            "opaque tokens pass untouched"
        );
        assert_eq!(v["id"], 7);
        let once = v.clone();
        clean_json(&mut v);
        assert_eq!(v, once);
        assert_eq!(clean(v["subject"].as_str().unwrap()), "␛]0;PWNED␇hi");
    }

    #[test]
    fn escape_sequences_are_shown_not_executed() {
        assert_eq!(clean("a\u{1b}[2Jb"), "a␛[2Jb");
        assert_eq!(clean("x\ry"), "x␍y");
        assert_eq!(clean("bell\u{7}"), "bell␇");
        assert_eq!(clean("c1\u{9b}31m"), "c1�31m");
        assert_eq!(clean("del\u{7f}"), "del␡");
        assert_eq!(clean("two\nlines"), "two␊lines");
    }

    #[test]
    fn bidi_and_format_characters_are_removed() {
        assert_eq!(clean("138\u{202e}8765\u{202c}"), "1388765");
        assert_eq!(clean("a\u{200b}b\u{feff}c\u{2066}d"), "abcd");
    }

    #[test]
    fn text_is_nfc_and_capped() {
        assert_eq!(clean("e\u{301}"), "\u{e9}");
        let long = "字".repeat(MAX_CHARS + 10);
        let c = clean(&long);
        assert_eq!(c.chars().count(), MAX_CHARS + 1);
        assert!(c.ends_with('…'));
    }

    #[test]
    fn rare_characters_survive() {
        assert_eq!(clean("王𠮷"), "王𠮷");
        assert_eq!(width("王𠮷"), 4);
    }

    #[test]
    fn multi_line_keeps_newlines_only() {
        assert_eq!(
            clean_lines("a\r\nb"),
            vec!["a␍".to_string(), "b".to_string()]
        );
    }

    #[test]
    fn fitting_respects_wide_characters() {
        assert_eq!(fit("王𠮷同学", 5), "王𠮷…");
        assert_eq!(width(&fit("王𠮷同学", 4)), 3);
        assert_eq!(pad("王𠮷", 6), "王𠮷  ");
        assert_eq!(pad("abcdef", 4), "abc…");
        assert_eq!(fit("abc", 0), "");
    }
}
