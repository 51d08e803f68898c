//! An incremental parser of `text/event-stream` (the WHATWG server-sent events format):
//! bytes go in as they arrive, in chunks cut anywhere; whole events come out.
//!
//! Small enough to own rather than add a crate for: lines end in LF, CRLF or CR (a CR
//! at the end of one chunk and an LF at the start of the next are one line end), lines
//! starting with `:` are comments (keep-alives), `data:` lines join with LF, an `id:`
//! is remembered across events (for `Last-Event-ID` on reconnect) even when no event
//! follows it.

use thiserror::Error;

/// Longest line accepted; a longer one means the peer is not an event stream.
pub const MAX_LINE: usize = 1 << 20;

/// One dispatched event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// The `event:` name (`message` when none was given).
    pub event: String,
    /// The `data:` lines joined with LF.
    pub data: String,
    /// The last event id in force when this event was dispatched.
    pub id: Option<String>,
}

/// The stream broke the format.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SseError {
    /// A line longer than [`MAX_LINE`] bytes.
    #[error("an event-stream line is longer than {MAX_LINE} bytes")]
    LineTooLong,
}

/// Parser state between chunks.
#[derive(Debug, Default, Clone)]
pub struct Parser {
    /// The unfinished line.
    line: Vec<u8>,
    /// The previous chunk ended in CR: an LF starting this one ends nothing new.
    after_cr: bool,
    /// Nothing seen yet (a leading byte-order mark is skipped).
    started: bool,
    event: String,
    data: String,
    has_data: bool,
    last_id: Option<String>,
    retry_ms: Option<u64>,
}

impl Parser {
    /// A parser at the start of a stream.
    pub fn new() -> Parser {
        Parser::default()
    }

    /// A parser that resumes with a known last event id (kept until the stream sets one).
    pub fn resuming(last_id: Option<String>) -> Parser {
        Parser {
            last_id,
            ..Parser::default()
        }
    }

    /// The last event id seen (what to send as `Last-Event-ID` when reconnecting).
    pub fn last_id(&self) -> Option<&str> {
        self.last_id.as_deref()
    }

    /// The reconnection delay the server asked for with `retry:`, in milliseconds.
    pub fn retry_ms(&self) -> Option<u64> {
        self.retry_ms
    }

    /// Feed the next chunk; returns the events it completed, in order.
    pub fn push(&mut self, mut chunk: &[u8]) -> Result<Vec<Frame>, SseError> {
        let out = Vec::new();
        if !self.started && !chunk.is_empty() {
            self.line.extend_from_slice(chunk);
            if self.line.len() < 3 && b"\xEF\xBB\xBF".starts_with(&self.line) {
                // Could still be the start of a byte-order mark: wait for more.
                return Ok(out);
            }
            self.started = true;
            let mut buffered = std::mem::take(&mut self.line);
            if buffered.starts_with(b"\xEF\xBB\xBF") {
                buffered.drain(..3);
            }
            return self.push_started(&buffered, out);
        }
        if self.after_cr && chunk.first() == Some(&b'\n') {
            chunk = &chunk[1..];
        }
        self.after_cr = false;
        self.push_started(chunk, out)
    }

    fn push_started(&mut self, chunk: &[u8], mut out: Vec<Frame>) -> Result<Vec<Frame>, SseError> {
        let mut rest = chunk;
        while let Some(i) = rest.iter().position(|b| *b == b'\n' || *b == b'\r') {
            self.line.extend_from_slice(&rest[..i]);
            let cr = rest[i] == b'\r';
            rest = &rest[i + 1..];
            if cr {
                match rest.first() {
                    Some(b'\n') => rest = &rest[1..],
                    // The LF of this CRLF may be the first byte of the next chunk.
                    None => self.after_cr = true,
                    Some(_) => {}
                }
            }
            let line = std::mem::take(&mut self.line);
            if let Some(frame) = self.line_done(&line) {
                out.push(frame);
            }
        }
        if self.line.len() + rest.len() > MAX_LINE {
            return Err(SseError::LineTooLong);
        }
        self.line.extend_from_slice(rest);
        Ok(out)
    }

    fn line_done(&mut self, line: &[u8]) -> Option<Frame> {
        if line.is_empty() {
            return self.dispatch();
        }
        if line[0] == b':' {
            return None;
        }
        let line = String::from_utf8_lossy(line);
        let (field, value) = match line.split_once(':') {
            Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
            None => (line.as_ref(), ""),
        };
        match field {
            "event" => self.event = value.to_string(),
            "data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.has_data = true;
            }
            "id" if !value.contains('\0') => {
                self.last_id = Some(value.to_string()).filter(|v| !v.is_empty());
            }
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                self.retry_ms = value.parse().ok();
            }
            _ => {}
        }
        None
    }

    fn dispatch(&mut self) -> Option<Frame> {
        let event = std::mem::take(&mut self.event);
        let data = std::mem::take(&mut self.data);
        if !std::mem::take(&mut self.has_data) {
            return None;
        }
        Some(Frame {
            event: if event.is_empty() {
                "message".to_string()
            } else {
                event
            },
            data,
            id: self.last_id.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(event: &str, data: &str, id: Option<&str>) -> Frame {
        Frame {
            event: event.into(),
            data: data.into(),
            id: id.map(str::to_string),
        }
    }

    /// Feed `chunks` one by one; collect every event.
    fn feed(p: &mut Parser, chunks: &[&[u8]]) -> Vec<Frame> {
        chunks
            .iter()
            .flat_map(|c| p.push(c).expect("valid stream"))
            .collect()
    }

    const STREAM: &[u8] =
        b"event: ready\ndata: {}\n\n:\n\nevent: ticket\nid: 7\ndata: {\"seq\":7}\n\n";

    #[test]
    fn whole_stream_in_one_chunk() {
        let mut p = Parser::new();
        let got = feed(&mut p, &[STREAM]);
        assert_eq!(
            got,
            vec![
                frame("ready", "{}", None),
                frame("ticket", "{\"seq\":7}", Some("7"))
            ]
        );
        assert_eq!(p.last_id(), Some("7"));
    }

    #[test]
    fn frames_split_at_every_byte_give_the_same_events() {
        let whole = feed(&mut Parser::new(), &[STREAM]);
        let bytes: Vec<&[u8]> = STREAM.chunks(1).collect();
        assert_eq!(feed(&mut Parser::new(), &bytes), whole);
        for cut in 0..STREAM.len() {
            let (a, b) = STREAM.split_at(cut);
            assert_eq!(feed(&mut Parser::new(), &[a, b]), whole, "cut at {cut}");
        }
    }

    #[test]
    fn crlf_and_cr_line_ends_even_when_split_between_chunks() {
        let crlf = b"event: review\r\nid: 3\r\ndata: x\r\n\r\n";
        let want = vec![frame("review", "x", Some("3"))];
        for cut in 0..crlf.len() {
            let (a, b) = crlf.split_at(cut);
            assert_eq!(feed(&mut Parser::new(), &[a, b]), want, "cut at {cut}");
        }
        // A CR ending one chunk and an LF starting the next are one line end, not two
        // (two would dispatch the event early, without its data line).
        let got = feed(
            &mut Parser::new(),
            &[b"event: a\r", b"\ndata: 1\r", b"\n\r", b"\n"],
        );
        assert_eq!(got, vec![frame("a", "1", None)]);
        // Bare CRs end lines too.
        let got = feed(&mut Parser::new(), &[b"data: a\rdata: b\r\r"]);
        assert_eq!(got, vec![frame("message", "a\nb", None)]);
    }

    #[test]
    fn multi_line_data_joins_with_lf_and_keeps_inner_spaces() {
        let got = feed(
            &mut Parser::new(),
            &[b"data: first\ndata:second\ndata:  indented\ndata\n\n"],
        );
        assert_eq!(
            got,
            vec![frame("message", "first\nsecond\n indented\n", None)]
        );
    }

    #[test]
    fn comments_and_keep_alives_dispatch_nothing() {
        let mut p = Parser::new();
        assert!(feed(&mut p, &[b":\n\n", b": keep-alive\n\n", b":ping\r\n\r\n"]).is_empty());
        // A comment inside an event does not end or change it.
        let got = feed(&mut p, &[b"event: ticket\n: note\ndata: d\n\n"]);
        assert_eq!(got, vec![frame("ticket", "d", None)]);
    }

    #[test]
    fn an_id_without_data_is_remembered_but_dispatches_nothing() {
        let mut p = Parser::new();
        assert!(feed(&mut p, &[b"id: 41\n\n"]).is_empty());
        assert_eq!(p.last_id(), Some("41"));
        // The event name of the empty block does not leak into the next event.
        assert!(feed(&mut p, &[b"event: ticket\nid: 42\n\n"]).is_empty());
        let got = feed(&mut p, &[b"data: x\n\n"]);
        assert_eq!(got, vec![frame("message", "x", Some("42"))]);
        // An empty id resets it; an id with NUL is ignored.
        feed(&mut p, &[b"id: 4\x005\n\n"]);
        assert_eq!(p.last_id(), Some("42"));
        feed(&mut p, &[b"id\n\n"]);
        assert_eq!(p.last_id(), None);
    }

    #[test]
    fn resuming_keeps_the_known_id_until_the_stream_sets_one() {
        let mut p = Parser::resuming(Some("9".into()));
        let got = feed(&mut p, &[b"event: ready\ndata: {}\n\n"]);
        assert_eq!(got, vec![frame("ready", "{}", Some("9"))]);
        feed(&mut p, &[b"id: 12\ndata: y\n\n"]);
        assert_eq!(p.last_id(), Some("12"));
    }

    #[test]
    fn unknown_fields_retry_and_a_byte_order_mark() {
        let mut p = Parser::new();
        let got = feed(
            &mut p,
            &[b"\xEF\xBB", b"\xBFretry: 2500\nfoo: bar\ndata: z\n\n"],
        );
        assert_eq!(got, vec![frame("message", "z", None)]);
        assert_eq!(p.retry_ms(), Some(2500));
        // Invalid UTF-8 is replaced, not fatal.
        let got = feed(&mut p, &[b"data: \xFF\n\n"]);
        assert_eq!(got, vec![frame("message", "\u{FFFD}", None)]);
    }

    #[test]
    fn an_endless_line_is_refused() {
        let mut p = Parser::new();
        let big = vec![b'a'; MAX_LINE / 2 + 1];
        assert!(p.push(&big).is_ok());
        assert_eq!(p.push(&big), Err(SseError::LineTooLong));
    }
}
