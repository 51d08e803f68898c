//! A small multi-line text editor (notes and replies) and single-line input helpers.
//!
//! The text is kept as lines; the cursor sits between grapheme clusters (a flag or an
//! emoji family is one step). Drawn, each line is soft-wrapped by display width
//! ([`TextArea::layout`]); Up and Down move by drawn rows, so a long line is walked through.

use tui_input::{Input, InputRequest};

use crate::config::{Key, KeyChord};
use crate::sanitize::{clusters, width, wrap};

/// Multi-line text with a cursor.
#[derive(Debug, Clone)]
pub struct TextArea {
    lines: Vec<String>,
    row: usize,
    /// Byte offset of the cursor in its line, on a cluster boundary.
    col: usize,
}

impl Default for TextArea {
    fn default() -> Self {
        TextArea::new()
    }
}

/// The text as drawn in a box of some width: its rows and where the cursor is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drawn {
    /// The rows, lines soft-wrapped by display width.
    pub rows: Vec<String>,
    /// Cursor as (row, column in cells) among `rows`.
    pub cursor: (usize, usize),
}

impl TextArea {
    /// Empty editor.
    pub fn new() -> Self {
        TextArea {
            lines: vec![String::new()],
            row: 0,
            col: 0,
        }
    }

    /// The text, lines joined by `\n`.
    pub fn text(&self) -> String {
        self.lines.join("\n")
    }

    /// Whether only whitespace was typed.
    pub fn is_blank(&self) -> bool {
        self.lines.iter().all(|l| l.trim().is_empty())
    }

    /// The lines.
    pub fn lines(&self) -> Vec<&str> {
        self.lines.iter().map(String::as_str).collect()
    }

    /// Cursor as (line, column in cells within the line).
    pub fn cursor(&self) -> (usize, usize) {
        (self.row, width(&self.lines[self.row][..self.col]))
    }

    /// The text soft-wrapped to `cols` cells, with the cursor's place among the rows.
    pub fn layout(&self, cols: usize) -> Drawn {
        let (mut rows, places) = self.places(cols);
        let cursor = places
            .iter()
            .find(|p| (p.0, p.1) == (self.row, self.col))
            .map_or((0, 0), |p| (p.2, p.3));
        if cursor.0 >= rows.len() {
            rows.push(String::new());
        }
        Drawn { rows, cursor }
    }

    /// The drawn rows and every cursor place: (line, byte offset, drawn row, column).
    #[allow(clippy::type_complexity)]
    fn places(&self, cols: usize) -> (Vec<String>, Vec<(usize, usize, usize, usize)>) {
        let cols = cols.max(1);
        let mut rows: Vec<String> = Vec::new();
        let mut places = Vec::new();
        let last_line = self.lines.len() - 1;
        for (i, line) in self.lines.iter().enumerate() {
            let pieces = wrap(line, cols);
            let n = pieces.len();
            let mut start = 0;
            for (j, piece) in pieces.into_iter().enumerate() {
                let r = rows.len();
                let mut at = start;
                let mut x = 0;
                for (g, w) in clusters(&piece) {
                    places.push((i, at, r, x));
                    at += g.len();
                    x += w;
                }
                // The end of a row is the start of the next, except on a line's last row;
                // there a full row puts the cursor on a row of its own after the text
                // (or on the last cell when another line follows).
                if j + 1 == n {
                    let end = if x < cols {
                        (r, x)
                    } else if i == last_line {
                        (r + 1, 0)
                    } else {
                        (r, cols - 1)
                    };
                    places.push((i, at, end.0, end.1));
                }
                start = at;
                rows.push(piece);
            }
        }
        (rows, places)
    }

    /// Insert text (e.g. a canned reply) at the cursor.
    pub fn insert_text(&mut self, text: &str) {
        for c in text.chars() {
            match c {
                '\n' => self.newline(),
                '\r' => {}
                c => self.insert_char(c),
            }
        }
    }

    fn insert_char(&mut self, c: char) {
        self.lines[self.row].insert(self.col, c);
        self.col += c.len_utf8();
    }

    fn newline(&mut self) {
        let tail = self.lines[self.row].split_off(self.col);
        self.row += 1;
        self.lines.insert(self.row, tail);
        self.col = 0;
    }

    /// Byte offsets of the cluster boundaries of the current line (0 and its length included).
    fn bounds(&self) -> Vec<usize> {
        let line = &self.lines[self.row];
        let mut out = vec![0];
        let mut at = 0;
        for (g, _) in clusters(line) {
            at += g.len();
            out.push(at);
        }
        out
    }

    fn prev_boundary(&self) -> Option<usize> {
        self.bounds().into_iter().rev().find(|b| *b < self.col)
    }

    fn next_boundary(&self) -> Option<usize> {
        self.bounds().into_iter().find(|b| *b > self.col)
    }

    fn left(&mut self) {
        match self.prev_boundary() {
            Some(b) => self.col = b,
            None if self.row > 0 => {
                self.row -= 1;
                self.col = self.lines[self.row].len();
            }
            None => {}
        }
    }

    fn right(&mut self) {
        match self.next_boundary() {
            Some(b) => self.col = b,
            None if self.row + 1 < self.lines.len() => {
                self.row += 1;
                self.col = 0;
            }
            None => {}
        }
    }

    fn backspace(&mut self) {
        match self.prev_boundary() {
            Some(b) => {
                self.lines[self.row].replace_range(b..self.col, "");
                self.col = b;
            }
            None if self.row > 0 => {
                let line = self.lines.remove(self.row);
                self.row -= 1;
                self.col = self.lines[self.row].len();
                self.lines[self.row].push_str(&line);
            }
            None => {}
        }
    }

    fn delete(&mut self) {
        match self.next_boundary() {
            Some(b) => self.lines[self.row].replace_range(self.col..b, ""),
            None if self.row + 1 < self.lines.len() => {
                let next = self.lines.remove(self.row + 1);
                self.lines[self.row].push_str(&next);
            }
            None => {}
        }
    }

    /// Delete back to the start of the word before the cursor (spaces first).
    fn delete_word(&mut self) {
        let line = &self.lines[self.row];
        let head = &line[..self.col];
        let trimmed = head.trim_end();
        let start = trimmed
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        if start == self.col {
            self.backspace();
            return;
        }
        self.lines[self.row].replace_range(start..self.col, "");
        self.col = start;
    }

    /// Move one drawn row up or down in a box `cols` wide, keeping the column.
    fn vertical(&mut self, down: bool, cols: usize) {
        let (_, places) = self.places(cols);
        let Some(&(_, _, r, c)) = places.iter().find(|p| (p.0, p.1) == (self.row, self.col)) else {
            return;
        };
        let target = match (down, r.checked_sub(1)) {
            (true, _) => r + 1,
            (false, Some(t)) => t,
            (false, None) => return,
        };
        // The last place on the target row at or before the column (or its first place).
        let on_row: Vec<_> = places.iter().filter(|p| p.2 == target).collect();
        let pick = on_row
            .iter()
            .rev()
            .find(|p| p.3 <= c)
            .or_else(|| on_row.first());
        if let Some(p) = pick {
            (self.row, self.col) = (p.0, p.1);
        }
    }

    /// Handle an editing key in a box `cols` cells wide; false when it is not an editing key.
    pub fn handle(&mut self, k: &KeyChord, cols: usize) -> bool {
        match (k.key, k.ctrl, k.alt) {
            (Key::Char(c), false, false) => self.insert_char(c),
            (Key::Enter, false, false) => self.newline(),
            (Key::Backspace, false, false) => self.backspace(),
            (Key::Backspace, false, true) | (Key::Char('w'), true, false) => self.delete_word(),
            (Key::Delete, false, false) => self.delete(),
            (Key::Left, false, false) => self.left(),
            (Key::Right, false, false) => self.right(),
            (Key::Home, false, false) | (Key::Char('a'), true, false) => self.col = 0,
            (Key::End, false, false) | (Key::Char('e'), true, false) => {
                self.col = self.lines[self.row].len()
            }
            (Key::Up, false, false) => self.vertical(false, cols),
            (Key::Down, false, false) => self.vertical(true, cols),
            _ => return false,
        }
        true
    }
}

/// What a one-line input shows in `cols` cells: the sanitized part of its text around the
/// cursor (the end while typing at the end; a long value scrolls instead of being cut) and
/// the cursor's column in it.
pub fn input_view(input: &Input, cols: usize) -> (String, usize) {
    let (shown, at, _) = crate::sanitize::window(input.value(), input.cursor(), cols, 0);
    (crate::sanitize::clean(&shown), at)
}

/// Apply an editing key to a single-line input; false when it is not an editing key.
pub fn handle_input(input: &mut Input, k: &KeyChord) -> bool {
    let req = match (k.key, k.ctrl, k.alt) {
        (Key::Char(c), false, false) => InputRequest::InsertChar(c),
        (Key::Backspace, false, false) => InputRequest::DeletePrevChar,
        (Key::Backspace, false, true) | (Key::Char('w'), true, false) => {
            InputRequest::DeletePrevWord
        }
        (Key::Char('u'), true, false) => InputRequest::DeleteLine,
        (Key::Delete, false, false) => InputRequest::DeleteNextChar,
        (Key::Left, false, false) => InputRequest::GoToPrevChar,
        (Key::Right, false, false) => InputRequest::GoToNextChar,
        (Key::Home, false, false) | (Key::Char('a'), true, false) => InputRequest::GoToStart,
        (Key::End, false, false) | (Key::Char('e'), true, false) => InputRequest::GoToEnd,
        _ => return false,
    };
    input.handle(req);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(t: &mut TextArea, s: &str) {
        for c in s.chars() {
            let k = if c == '\n' {
                KeyChord::plain(Key::Enter)
            } else {
                KeyChord::ch(c)
            };
            assert!(t.handle(&k, 20));
        }
    }

    fn press(t: &mut TextArea, key: Key, cols: usize) {
        assert!(t.handle(&KeyChord::plain(key), cols));
    }

    #[test]
    fn lines_split_and_join() {
        let mut t = TextArea::new();
        typed(&mut t, "已核实身份\n已解锁");
        assert_eq!(t.text(), "已核实身份\n已解锁");
        assert_eq!(t.cursor(), (1, 6));
        for _ in 0..3 {
            press(&mut t, Key::Left, 20);
        }
        press(&mut t, Key::Backspace, 20);
        assert_eq!(t.text(), "已核实身份已解锁");
        assert!(!t.is_blank());
    }

    #[test]
    fn canned_text_is_inserted_at_the_cursor() {
        let mut t = TextArea::new();
        typed(&mut t, "您好，");
        t.insert_text("第一行\n第二行");
        assert_eq!(t.lines(), vec!["您好，第一行", "第二行"]);
    }

    #[test]
    fn control_keys_are_not_text() {
        let mut t = TextArea::new();
        assert!(!t.handle(&KeyChord::ctrl('s'), 20));
        assert!(!t.handle(&KeyChord::plain(Key::Esc), 20));
        assert!(t.is_blank());
    }

    #[test]
    fn a_long_line_wraps_by_width_and_the_cursor_follows() {
        let mut t = TextArea::new();
        t.insert_text("ab王𠮷cd🇨🇳e");
        // 10 cells of text in a 4-cell box: "ab王", "𠮷cd", "🇨🇳e", the cursor after "e".
        let d = t.layout(4);
        assert_eq!(d.rows, vec!["ab王", "𠮷cd", "🇨🇳e"]);
        assert_eq!(d.cursor, (2, 3));
        // Left steps over the flag as one.
        press(&mut t, Key::Left, 4);
        press(&mut t, Key::Left, 4);
        assert_eq!(t.layout(4).cursor, (2, 0));
        press(&mut t, Key::Up, 4);
        assert_eq!(t.layout(4).cursor, (1, 0));
        press(&mut t, Key::Up, 4);
        assert_eq!(t.layout(4).cursor, (0, 0));
        press(&mut t, Key::Down, 4);
        press(&mut t, Key::Down, 4);
        press(&mut t, Key::Right, 4);
        assert_eq!(t.layout(4).cursor, (2, 2));
        press(&mut t, Key::Backspace, 4);
        assert_eq!(t.text(), "ab王𠮷cde");
    }

    #[test]
    fn a_full_row_puts_the_cursor_on_the_next_row() {
        let mut t = TextArea::new();
        t.insert_text("abcd");
        assert_eq!(t.layout(4).cursor, (1, 0));
        assert_eq!(t.layout(4).rows, vec!["abcd", ""]);
        t.insert_text("\nx");
        assert_eq!(t.layout(4).rows, vec!["abcd", "x"]);
    }

    #[test]
    fn an_emoji_family_is_one_step() {
        let mut t = TextArea::new();
        t.insert_text("a👨\u{200d}👩\u{200d}👧\u{200d}👦👍🏽");
        assert_eq!(t.cursor(), (0, 5));
        press(&mut t, Key::Backspace, 20);
        assert_eq!(t.cursor(), (0, 3));
        press(&mut t, Key::Left, 20);
        assert_eq!(t.cursor(), (0, 1));
        press(&mut t, Key::Delete, 20);
        assert_eq!(t.text(), "a");
    }
}
