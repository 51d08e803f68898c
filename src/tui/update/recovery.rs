//! A call cut off by a crash, a closed window or Ctrl-C comes back on the next start: the
//! desk asks whether to wrap it up now (with its duration up to when it was last saved)
//! or discard it.

use crate::config::{Binding, Scope};
use crate::tui::action::Effect;
use crate::tui::choice::Confirm;
use crate::tui::drafts::{DraftBody, DraftId};
use crate::tui::keymap::KeyText;
use crate::tui::locale::Catalog;
use crate::tui::panes::call::draft;
use crate::tui::state::{Overlay, State};

/// After the drafts were read: ask about a kept call (unless one runs already).
pub fn offer(s: &mut State) {
    if s.call.is_none() && s.overlay.is_none() && s.drafts.saved.contains_key(&DraftId::Call) {
        s.overlay = Some(Overlay::Confirm(Confirm::ResumeCall));
    }
}

/// Yes: the kept call is back, hung up, its wrap-up form open.
pub fn resume(s: &mut State) -> Vec<Effect> {
    let Some(saved) = s.drafts.saved.get(&DraftId::Call) else {
        return vec![];
    };
    if let DraftBody::Call(d) = &saved.body {
        s.call = Some(draft::restore(d, saved));
        // The notice names the send key in force, not the default.
        let send: KeyText = ("send", Scope::Editor, &[Binding::Send]);
        s.notice =
            Some(
                s.keymap
                    .text_with_keys(&Catalog::new(s.lang), "call.resumed", &[send], &[]),
            );
    }
    vec![]
}

/// No: the kept call is dropped on purpose.
pub fn discard(s: &mut State) -> Vec<Effect> {
    s.notice = Some(Catalog::new(s.lang).t("call.discarded").to_string());
    super::drafts::forget(s, DraftId::Call)
        .into_iter()
        .collect()
}
