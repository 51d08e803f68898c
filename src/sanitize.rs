//! Make untrusted text safe for a terminal cell, and fit text to a display width.
//!
//! Everything that came from the API passes through here: a ticket subject could carry
//! ESC sequences that repaint the screen, or bidi overrides that make a number read
//! backwards, and a long note must not push the table out of line.

use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;
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
    let chars: Vec<char> = s.nfc().take(MAX_CHARS + 1).collect();
    for (n, &c) in chars.iter().enumerate() {
        if n >= MAX_CHARS {
            out.push('…');
            break;
        }
        match c {
            // A joiner inside an emoji sequence (👨‍👩‍👧) keeps it one picture; elsewhere it
            // is an invisible character like the other format characters.
            '\u{200d}'
                if out.chars().next_back().is_some_and(emoji_part)
                    && chars.get(n + 1).copied().is_some_and(pictographic) =>
            {
                out.push(c)
            }
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

/// Emoji pictures (roughly Extended_Pictographic: the emoji and symbol blocks).
fn pictographic(c: char) -> bool {
    matches!(c, '\u{2600}'..='\u{27bf}' | '\u{2b00}'..='\u{2bff}' | '\u{1f000}'..='\u{1faff}')
}

/// What may end the emoji before a joiner: a picture, its presentation selector or a
/// skin tone (inside the picture range).
fn emoji_part(c: char) -> bool {
    pictographic(c) || c == '\u{fe0f}'
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

/// Display width of `s` in terminal cells: the sum of its grapheme clusters' widths, as
/// ratatui's buffer places them (a flag, a ZWJ family or a skin-toned thumb is one cluster).
pub fn width(s: &str) -> usize {
    clusters(s).map(|(_, w)| w).sum()
}

/// The grapheme clusters of `s` with the cells each takes (what ratatui puts in one cell;
/// zero-width ones ride on the cluster before them).
pub fn clusters(s: &str) -> impl Iterator<Item = (&str, usize)> + '_ {
    s.graphemes(true).map(|g| (g, cluster_width(g)))
}

/// Cells one grapheme cluster takes (ratatui's `CellWidth` rule: one byte is one cell).
fn cluster_width(g: &str) -> usize {
    if g.len() == 1 {
        usize::from(!g.as_bytes()[0].is_ascii_control())
    } else {
        UnicodeWidthStr::width(g)
    }
}

/// Cut `s` to at most `max` cells, ending with `…` when cut; clusters are never split
/// (half a flag would be drawn as a stray letter of another width).
pub fn fit(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for (g, w) in clusters(s) {
        if used + w > max - 1 {
            break;
        }
        out.push_str(g);
        used += w;
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

/// Break `s` into rows of at most `max` cells, between clusters (CJK has no spaces to
/// break at); a cluster wider than `max` gets a row of its own. Nothing is lost: the rows
/// joined give `s` back. An empty `s` is one empty row.
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut used = 0;
    for (g, w) in clusters(s) {
        if used + w > max && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
            used = 0;
        }
        cur.push_str(g);
        used += w;
    }
    out.push(cur);
    out
}

/// The part of a one-line input `cols` cells wide that keeps the cursor (`cursor`
/// characters in) visible: the text shown, the cursor's column in it and the first column
/// shown. `scroll`: the first column shown last time, kept while the cursor stays in view.
pub fn window(s: &str, cursor: usize, cols: usize, scroll: usize) -> (String, usize, usize) {
    let head: String = s.chars().take(cursor).collect();
    let at = width(&head);
    let cells: Vec<(&str, usize)> = clusters(s).collect();
    let cols = cols.max(1);
    // One cell at the end for the cursor after the last cluster.
    let mut first = scroll.min(at);
    if at + 1 > first + cols {
        first = at + 1 - cols;
    }
    let mut out = String::new();
    let mut x = 0;
    for (g, w) in cells {
        if x >= first && x + w <= first + cols {
            out.push_str(g);
        } else if x < first && x + w > first {
            // A wide cluster cut by the left edge: its visible half is a blank.
            out.extend(std::iter::repeat_n(' ', x + w - first));
        }
        x += w;
    }
    (out, at - first, first)
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
        assert_eq!(clean("a\u{200d}b😀\u{200d}c\u{200d}😀"), "ab😀c😀");
        let family = "👨\u{200d}👩\u{200d}👧\u{200d}👦";
        assert_eq!(clean(family), family, "an emoji sequence keeps its joiners");
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
    fn clusters_are_never_split() {
        let s = "旗🇨🇳家👨\u{200d}👩\u{200d}👧\u{200d}👦赞👍🏽";
        assert_eq!(width("🇨🇳"), 2);
        assert_eq!(width("👨\u{200d}👩\u{200d}👧\u{200d}👦"), 2);
        assert_eq!(width("👍🏽"), 2);
        assert_eq!(width(s), 12);
        assert_eq!(fit(s, 4), "旗…");
        assert_eq!(fit(s, 5), "旗🇨🇳…");
        assert_eq!(pad(s, 8), "旗🇨🇳家… ");
        assert_eq!(
            wrap(s, 5),
            vec!["旗🇨🇳", "家👨\u{200d}👩\u{200d}👧\u{200d}👦", "赞👍🏽"]
        );
        assert_eq!(wrap("", 5), vec![String::new()]);
    }

    #[test]
    fn a_one_line_window_follows_the_cursor() {
        let s = "abcdefghij";
        assert_eq!(window(s, 0, 4, 0), ("abcd".into(), 0, 0));
        assert_eq!(window(s, 10, 4, 0), ("hij".into(), 3, 7));
        assert_eq!(window(s, 8, 4, 7), ("hij".into(), 1, 7));
        assert_eq!(window(s, 2, 4, 7), ("cdef".into(), 0, 2));
        // A wide character cut by the left edge shows as a blank.
        assert_eq!(window("王王王", 3, 4, 0), (" 王".into(), 3, 3));
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
