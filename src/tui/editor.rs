//! A small multi-line text editor (notes and replies) and single-line input helpers.
//!
//! Lines are `tui_input::Input`s, so word motions and deletions behave as in the filter
//! bar; Enter splits a line, Backspace at the start joins it to the previous one.

use tui_input::{Input, InputRequest};

use crate::config::{Key, KeyChord};

/// Multi-line text with a cursor.
#[derive(Debug, Clone, Default)]
pub struct TextArea {
    lines: Vec<Input>,
    row: usize,
}

impl TextArea {
    /// Empty editor.
    pub fn new() -> Self {
        TextArea {
            lines: vec![Input::default()],
            row: 0,
        }
    }

    /// The text, lines joined by `\n`.
    pub fn text(&self) -> String {
        self.lines
            .iter()
            .map(|l| l.value())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Whether only whitespace was typed.
    pub fn is_blank(&self) -> bool {
        self.lines.iter().all(|l| l.value().trim().is_empty())
    }

    /// The lines.
    pub fn lines(&self) -> Vec<&str> {
        self.lines.iter().map(|l| l.value()).collect()
    }

    /// Cursor as (row, column in cells).
    pub fn cursor(&self) -> (usize, usize) {
        let col = self.lines.get(self.row).map_or(0, |l| l.visual_cursor());
        (self.row, col)
    }

    /// Insert text (e.g. a canned reply) at the cursor.
    pub fn insert_text(&mut self, text: &str) {
        for c in text.chars() {
            match c {
                '\n' => self.newline(),
                '\r' => {}
                c => {
                    self.current().handle(InputRequest::InsertChar(c));
                }
            }
        }
    }

    fn current(&mut self) -> &mut Input {
        if self.lines.is_empty() {
            self.lines.push(Input::default());
            self.row = 0;
        }
        let row = self.row.min(self.lines.len() - 1);
        &mut self.lines[row]
    }

    fn newline(&mut self) {
        let line = self.current().clone();
        let cursor = line.cursor();
        let head: String = line.value().chars().take(cursor).collect();
        let tail: String = line.value().chars().skip(cursor).collect();
        self.lines[self.row] = Input::new(head);
        self.row += 1;
        self.lines.insert(self.row, Input::new(tail).with_cursor(0));
    }

    /// Handle an editing key; returns false when the key is not an editing key.
    pub fn handle(&mut self, k: &KeyChord) -> bool {
        let req = match (k.key, k.ctrl, k.alt) {
            (Key::Char(c), false, false) => InputRequest::InsertChar(c),
            (Key::Enter, false, false) => {
                self.newline();
                return true;
            }
            (Key::Backspace, false, false) => {
                if self.current().cursor() == 0 && self.row > 0 {
                    let line = self.lines.remove(self.row);
                    self.row -= 1;
                    let prev = self.lines[self.row].value().to_string();
                    let at = prev.chars().count();
                    self.lines[self.row] =
                        Input::new(format!("{prev}{}", line.value())).with_cursor(at);
                    return true;
                }
                InputRequest::DeletePrevChar
            }
            (Key::Backspace, false, true) | (Key::Char('w'), true, false) => {
                InputRequest::DeletePrevWord
            }
            (Key::Delete, false, false) => InputRequest::DeleteNextChar,
            (Key::Left, false, false) => InputRequest::GoToPrevChar,
            (Key::Right, false, false) => InputRequest::GoToNextChar,
            (Key::Home, false, false) | (Key::Char('a'), true, false) => InputRequest::GoToStart,
            (Key::End, false, false) | (Key::Char('e'), true, false) => InputRequest::GoToEnd,
            (Key::Up, false, false) | (Key::Down, false, false) => {
                let col = self.current().cursor();
                let next = if k.key == Key::Up {
                    self.row.checked_sub(1)
                } else {
                    Some(self.row + 1).filter(|r| *r < self.lines.len())
                };
                if let Some(r) = next {
                    self.row = r;
                    let len = self.lines[r].value().chars().count();
                    self.lines[r].handle(InputRequest::SetCursor(col.min(len)));
                }
                return true;
            }
            _ => return false,
        };
        self.current().handle(req);
        true
    }
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
            assert!(t.handle(&k));
        }
    }

    #[test]
    fn lines_split_and_join() {
        let mut t = TextArea::new();
        typed(&mut t, "已核实身份\n已解锁");
        assert_eq!(t.text(), "已核实身份\n已解锁");
        assert_eq!(t.cursor(), (1, 6));
        for _ in 0..3 {
            t.handle(&KeyChord::plain(Key::Left));
        }
        t.handle(&KeyChord::plain(Key::Backspace));
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
        assert!(!t.handle(&KeyChord::ctrl('s')));
        assert!(!t.handle(&KeyChord::plain(Key::Esc)));
        assert!(t.is_blank());
    }
}
