//! The small shared context a pane's update works with, beside its own state: language,
//! clock, operator, key map, terminal size, the status line, request ids and drafts.
//!
//! A pane never sees the root state nor another pane; what it needs of the desk comes
//! through here, and what it wants of the desk goes back as a [`super::panes::Cmd`].

use chrono::{DateTime, NaiveDate, Utc};

use super::drafts::Drafts;
use super::keymap::Keymap;
use super::locale::{error_text, Catalog};
use super::panes::Cmd;
use crate::api::{OperatorInfo, Role};
use crate::client::ClientError;
use crate::config::Language;

/// What every pane may read, and the few shared things it may change.
#[derive(Debug)]
pub struct Ctx<'a> {
    /// UI language.
    pub lang: Language,
    /// Clock (set by ticks, so that updates stay pure).
    pub now: DateTime<Utc>,
    /// Today in the operator's time zone.
    pub today: NaiveDate,
    /// Who is signed in.
    pub operator: Option<&'a OperatorInfo>,
    /// Keys in force.
    pub keymap: &'a Keymap,
    /// Terminal size.
    pub size: (u16, u16),
    /// Last error shown in the status line.
    pub error: &'a mut Option<String>,
    /// Last notice shown in the status line.
    pub notice: &'a mut Option<String>,
    /// Something visible changed since the last frame (handlers clear it when nothing did).
    pub dirty: &'a mut bool,
    /// The desk's request counter.
    pub requests: &'a mut u64,
    /// Unsent text saved locally.
    pub drafts: &'a mut Drafts,
}

impl Ctx<'_> {
    /// The catalog of the operator's language.
    pub fn cat(&self) -> Catalog {
        Catalog::new(self.lang)
    }

    /// A new request id.
    pub fn request_id(&mut self) -> u64 {
        *self.requests += 1;
        *self.requests
    }

    /// The signed-in operator's id (empty before sign-in).
    pub fn me(&self) -> &str {
        self.operator.map(|o| o.id.as_str()).unwrap_or("")
    }

    /// Whether the operator has `role`.
    pub fn has(&self, role: Role) -> bool {
        self.operator.is_some_and(|o| o.has(role))
    }

    /// Whether the operator is a supervisor.
    pub fn is_supervisor(&self) -> bool {
        self.has(Role::Supervisor)
    }

    /// Show an error in the status line.
    pub fn error(&mut self, text: impl Into<String>) {
        *self.error = Some(text.into());
    }

    /// Say in the status line why a request failed, and hand the failure to the root (which
    /// signs out on 401 and probes the back office when it is unreachable).
    pub fn failed<R>(&mut self, e: ClientError) -> Cmd<R> {
        let text = error_text(&self.cat(), &e);
        self.error(text);
        Cmd::Failed(e)
    }

    /// Show a notice in the status line.
    pub fn notice(&mut self, text: impl Into<String>) {
        *self.notice = Some(text.into());
    }
}

/// The newest request of one kind: answers to older ones are stale and dropped.
///
/// One helper for every "is this answer still wanted?" check, instead of comparing
/// request ids by hand in each answer handler.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Latest(Option<u64>);

impl Latest {
    /// Issue a new request id; it supersedes the one waited for.
    pub fn issue(&mut self, cx: &mut Ctx<'_>) -> u64 {
        let id = cx.request_id();
        self.0 = Some(id);
        id
    }

    /// Wait for `req`, a request issued elsewhere (a page read ahead becomes the one shown).
    pub fn adopt(&mut self, req: u64) {
        self.0 = Some(req);
    }

    /// Whether `req` is the newest request; if so it is answered now and no longer waited for.
    pub fn settle(&mut self, req: u64) -> bool {
        if self.0 == Some(req) {
            self.0 = None;
            true
        } else {
            false
        }
    }

    /// Whether `req` is the one waited for (without settling it).
    pub fn is(&self, req: u64) -> bool {
        self.0 == Some(req)
    }

    /// Whether an answer is awaited.
    pub fn waiting(&self) -> bool {
        self.0.is_some()
    }

    /// The id waited for, if any.
    pub fn id(&self) -> Option<u64> {
        self.0
    }

    /// Stop waiting: any answer still coming is stale.
    pub fn forget(&mut self) {
        self.0 = None;
    }
}

/// Build a [`Ctx`] from the root state's shared fields, leaving the panes free to be
/// borrowed beside it (`let cx = &mut ctx!(s); lookup::update(&mut s.lookup, cx, m)`).
macro_rules! ctx {
    ($s:expr) => {
        $crate::tui::context::Ctx {
            lang: $s.lang,
            now: $s.now,
            today: $s.today,
            operator: $s.operator.as_ref(),
            keymap: &$s.keymap,
            size: $s.size,
            error: &mut $s.error,
            notice: &mut $s.notice,
            dirty: &mut $s.dirty,
            requests: &mut $s.next_request,
            drafts: &mut $s.drafts,
        }
    };
}
pub(crate) use ctx;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_newest_request_is_answered_and_only_once() {
        let mut s = crate::tui::fixtures::state(Language::En, false);
        let mut l = Latest::default();
        let cx = &mut ctx!(s);
        let first = l.issue(cx);
        let second = l.issue(cx);
        assert_ne!(first, second);
        assert!(!l.settle(first), "an older request is stale");
        assert!(l.waiting());
        assert!(l.settle(second));
        assert!(!l.settle(second), "an answer is taken once");
        assert!(!l.waiting());
    }
}

/// What every pane's view may read: the catalog, the theme, the clock, the key map, who
/// is signed in and the terminal size.
#[derive(Debug, Clone, Copy)]
pub struct ViewCx<'a> {
    /// Strings of the operator's language.
    pub c: &'a Catalog,
    /// Colours.
    pub theme: &'a super::theme::Theme,
    /// Clock.
    pub now: DateTime<Utc>,
    /// Today in the operator's time zone.
    pub today: NaiveDate,
    /// Keys in force.
    pub keymap: &'a Keymap,
    /// Who is signed in.
    pub operator: Option<&'a OperatorInfo>,
    /// Terminal size.
    pub size: (u16, u16),
}

impl ViewCx<'_> {
    /// The signed-in operator's id ("" before sign-in).
    pub fn me(&self) -> &str {
        self.operator.map(|o| o.id.as_str()).unwrap_or("")
    }
}
