//! The open ticket's update: reads, keys, the note editor and the answers to writes.
//! Pure: writes go out as requests and come back as answers.

use super::msg::TicketRequest;
use super::state::{Compose, DetailState, Stale};
use crate::api::{
    Category, Priority, Status, TicketDetail, TicketPatch, TicketSummary, Visibility,
};
use crate::client::{ClientError, IdempotencyKey};
use crate::config::{Binding, KeyChord, Scope};
use crate::sanitize::clean;
use crate::tui::choice::{Confirm, PickFor, Picker};
use crate::tui::context::Ctx;
use crate::tui::drafts::{DraftBody, DraftId};
use crate::tui::editor::TextArea;
use crate::tui::keymap::in_text;
use crate::tui::keymap::KeyText;
use crate::tui::locale::{changed_field, label, wire_name, Catalog};
use crate::tui::panes::write::{PendingWrite, Write};
use crate::tui::panes::{Cmd, Link};
use crate::tui::replies;

type Cmds = Vec<Cmd<TicketRequest>>;

/// The editor's send and discard keys, as messages name them.
const EDITOR_KEYS: &[KeyText] = &[
    ("send", Scope::Editor, &[Binding::Send]),
    ("discard", Scope::Editor, &[Binding::Discard]),
];

/// Open the ticket of a queue row: shown at once from the row, read in full meanwhile.
pub fn open(detail: &mut Option<DetailState>, cx: &mut Ctx<'_>, row: TicketSummary) -> Cmds {
    let d = detail.insert(DetailState {
        ticket: TicketDetail {
            summary: row,
            body: String::new(),
            events: Vec::new(),
            follow_up_at: None,
            calls: Vec::new(),
        },
        scroll: 0,
        editor: None,
        parked: None,
        in_flight: None,
        pending_read: Default::default(),
        stale: None,
        revealed_caller: None,
    });
    offer_draft(d, cx);
    load(d, cx)
}

/// Read the open ticket again.
pub fn load(d: &mut DetailState, cx: &mut Ctx<'_>) -> Cmds {
    let req = d.pending_read.issue(cx);
    vec![Cmd::Run(TicketRequest::Load {
        req,
        id: d.ticket.summary.id,
    })]
}

/// The open ticket has a saved draft and no editor: open the editor with it.
pub fn offer_draft(d: &mut DetailState, cx: &mut Ctx<'_>) {
    if d.editor.is_some() || d.parked.is_some() {
        return;
    }
    let Some(draft) = cx.drafts.saved.get(&DraftId::Ticket(d.ticket.summary.id)) else {
        return;
    };
    let DraftBody::Note { visibility, text } = &draft.body else {
        return;
    };
    let mut area = TextArea::new();
    area.insert_text(text);
    d.editor = Some(Compose {
        visibility: *visibility,
        text: area,
        key: IdempotencyKey::from_string(draft.key.clone()),
    });
    let notice = draft.restored_notice(
        &cx.cat(),
        &cx.keymap.keys_label_in(Scope::Editor, Binding::Discard),
    );
    cx.notice(notice);
}

/// A read of the ticket answered.
pub fn loaded(
    detail: Option<&mut DetailState>,
    cx: &mut Ctx<'_>,
    req: u64,
    result: Result<TicketDetail, ClientError>,
) -> Cmds {
    let c = cx.cat();
    let Some(d) = detail.filter(|d| d.pending_read.is(req)) else {
        *cx.dirty = false;
        return vec![];
    };
    d.pending_read.settle(req);
    let t = match result {
        Ok(t) => t,
        Err(e) => return vec![cx.failed(e)],
    };
    let mut cmds = Vec::new();
    if let Some(st) = d.stale.as_mut() {
        if !st.reread {
            st.changes = describe_changes(&c, &d.ticket, &t);
            st.reread = true;
            cmds.push(Cmd::Go(Link::Confirm(Confirm::Retry)));
        }
    }
    // Keep the row in the queue in step with what was just read.
    cmds.push(Cmd::Go(Link::TicketRead(Box::new(t.summary.clone()))));
    d.ticket = t;
    cmds
}

/// What changed between two reads of a ticket, for the stale-write question.
pub fn describe_changes(c: &Catalog, old: &TicketDetail, new: &TicketDetail) -> Vec<String> {
    let (a, b) = (&old.summary, &new.summary);
    let mut out = Vec::new();
    let mut field =
        |key: &str, from: String, to: String| out.extend(changed_field(c, key, from, to));
    field(
        "queue.col.status",
        label(c, "status", &a.status),
        label(c, "status", &b.status),
    );
    field(
        "queue.col.priority",
        label(c, "priority", &a.priority),
        label(c, "priority", &b.priority),
    );
    field(
        "queue.col.category",
        label(c, "category", &a.category),
        label(c, "category", &b.category),
    );
    let none = c.t("queue.unassigned").to_string();
    field(
        "queue.col.assignee",
        a.assignee
            .as_deref()
            .map(clean)
            .unwrap_or_else(|| none.clone()),
        b.assignee.as_deref().map(clean).unwrap_or(none),
    );
    for e in new
        .events
        .iter()
        .filter(|e| !old.events.iter().any(|o| o.id == e.id))
    {
        out.push(c.tf(
            "stale.event",
            &[
                ("author", &clean(&e.author)),
                ("kind", c.t(&format!("event.{}", wire_name(&e.kind)))),
            ],
        ));
    }
    if out.is_empty() {
        out.push(c.t("stale.nothing_visible").to_string());
    }
    out
}

/// A write answered.
pub fn written(
    detail: Option<&mut DetailState>,
    cx: &mut Ctx<'_>,
    w: PendingWrite,
    result: Result<(), ClientError>,
) -> Cmds {
    let c = cx.cat();
    let Some(d) = detail.filter(|d| d.ticket.summary.id == w.ticket) else {
        // The ticket was closed meanwhile; still report the outcome.
        return match result {
            Ok(()) => vec![],
            Err(e) => vec![cx.failed(e)],
        };
    };
    d.in_flight = None;
    match result {
        Ok(()) => {
            let mut cmds = Vec::new();
            if matches!(w.write, Write::Note(_)) {
                // Only now is the note safe: drop the text, its key and its draft.
                d.editor = None;
                cmds.extend(cx.drafts.forget(DraftId::Ticket(w.ticket)).map(Cmd::Draft));
            }
            cx.notice(c.t(notice_key(&w.write)));
            *cx.error = None;
            cmds.extend(load(d, cx));
            cmds.push(Cmd::Go(Link::QueueChanged));
            cmds
        }
        Err(e)
            if matches!(w.write, Write::Note(_)) && e.code() == Some("idempotency_key_reused") =>
        {
            // An earlier version of this text went through before it was edited (a lost
            // answer, then a restart): show the timeline, and let this one go as a new note.
            if let Some(ed) = d.editor.as_mut() {
                ed.key = IdempotencyKey::new();
            }
            let text = cx
                .keymap
                .text_with_keys(&c, "error.note_key_reused", EDITOR_KEYS, &[]);
            cx.error(text);
            load(d, cx)
        }
        Err(e) if e.is_stale() => {
            d.stale = Some(Stale {
                retry: w.clone(),
                changes: Vec::new(),
                reread: false,
            });
            cx.error(c.t("stale.title"));
            load(d, cx)
        }
        Err(e) => vec![cx.failed(e)],
    }
}

fn notice_key(w: &Write) -> &'static str {
    match w {
        Write::Patch(_) => "notice.changed",
        Write::Note(n) if n.visibility == Visibility::Public => "notice.replied",
        Write::Note(_) => "notice.noted",
        Write::Claim { steal: true } => "notice.stolen",
        Write::Claim { .. } => "notice.claimed",
        Write::Release => "notice.released",
        Write::Call(_) => "notice.call_logged",
    }
}

/// Send `write` on the open ticket's version, remembering it as in flight.
fn send(d: &mut DetailState, write: PendingWrite) -> Cmds {
    d.in_flight = Some(write.clone());
    vec![Cmd::Run(TicketRequest::Write {
        write,
        version: d.ticket.summary.version,
    })]
}

/// A new write on the open ticket, with a fresh key.
fn fresh(d: &DetailState, write: Write) -> PendingWrite {
    PendingWrite {
        ticket: d.ticket.summary.id,
        write,
        key: IdempotencyKey::new(),
    }
}

/// A key on the open ticket (no editor).
pub fn key(detail: &mut Option<DetailState>, cx: &mut Ctx<'_>, b: Option<Binding>) -> Cmds {
    let c = cx.cat();
    let supervisor = cx.is_supervisor();
    let me = cx.operator.map(|o| o.id.clone());
    let Some(d) = detail.as_mut() else {
        return vec![];
    };
    let t = d.ticket.summary.clone();
    if d.in_flight.is_some()
        && matches!(
            b,
            Some(
                Binding::Claim
                    | Binding::Release
                    | Binding::Steal
                    | Binding::SetStatus
                    | Binding::SetPriority
                    | Binding::SetCategory
            )
        )
    {
        cx.error(c.t("error.busy"));
        return vec![];
    }
    match b {
        Some(Binding::Back) => *detail = None,
        Some(Binding::Down) => d.scroll = d.scroll.saturating_add(1),
        Some(Binding::Up) => d.scroll = d.scroll.saturating_sub(1),
        Some(Binding::PageDown) => d.scroll = d.scroll.saturating_add(10),
        Some(Binding::PageUp) => d.scroll = d.scroll.saturating_sub(10),
        Some(Binding::Refresh) => return load(d, cx),
        Some(Binding::Claim) => {
            if t.assignee.is_some() && t.assignee != me {
                cx.error(c.tf(
                    "error.claimed_by",
                    &[("who", &clean(t.assignee.as_deref().unwrap_or("")))],
                ));
                return vec![];
            }
            let w = fresh(d, Write::Claim { steal: false });
            return send(d, w);
        }
        Some(Binding::Release) => {
            let w = fresh(d, Write::Release);
            return send(d, w);
        }
        Some(Binding::Steal) => {
            if !supervisor {
                cx.error(c.t("error.steal_supervisor"));
                return vec![];
            }
            return vec![Cmd::Go(Link::Confirm(Confirm::Steal(t.id)))];
        }
        Some(Binding::SetStatus) => {
            let opts: Vec<Status> = Status::ALL
                .iter()
                .copied()
                .filter(|s| t.status.can_move_to(*s))
                .collect();
            return vec![pick(&c, PickFor::Status, "status", &opts)];
        }
        Some(Binding::OpenAccount) => return crate::tui::panes::open_account(cx, &t),
        Some(Binding::Reveal) => return reveal_caller(d, cx),
        Some(Binding::SetPriority) => {
            return vec![pick(&c, PickFor::Priority, "priority", &Priority::ALL)];
        }
        Some(Binding::SetCategory) => {
            return vec![pick(&c, PickFor::Category, "category", &Category::ALL)];
        }
        Some(Binding::Open) | Some(Binding::Note) | Some(Binding::Reply) if d.parked.is_some() => {
            // The text left with Esc comes back before anything new is started.
            d.editor = d.parked.take();
        }
        Some(Binding::Note) | Some(Binding::Reply) => {
            let visibility = if b == Some(Binding::Reply) {
                Visibility::Public
            } else {
                Visibility::Internal
            };
            d.editor = Some(Compose {
                visibility,
                text: TextArea::new(),
                key: IdempotencyKey::new(),
            });
        }
        _ => *cx.dirty = false,
    }
    vec![]
}

/// Ask the desk to offer a list of wire values, labelled in the operator's language.
fn pick<T: serde::Serialize>(
    c: &Catalog,
    purpose: PickFor,
    group: &str,
    opts: &[T],
) -> Cmd<TicketRequest> {
    Cmd::Go(Link::Pick(Picker {
        purpose,
        labels: opts.iter().map(|v| label(c, group, v)).collect(),
        values: opts.iter().map(wire_name).collect(),
        selected: 0,
        scroll: 0,
    }))
}

/// A key typed into the note editor.
pub fn editor_key(d: &mut DetailState, cx: &mut Ctx<'_>, k: KeyChord, b: Option<Binding>) -> Cmds {
    let c = cx.cat();
    let Some(e) = d.editor.as_mut() else {
        return vec![];
    };
    if d.in_flight
        .as_ref()
        .is_some_and(|w| matches!(w.write, Write::Note(_)))
    {
        // The text being sent is the text shown: what lands is what the operator sees.
        cx.error(c.t("error.sending"));
        return vec![];
    }
    let b = in_text(b, &k);
    if b == Some(Binding::Send) {
        if e.text.is_blank() {
            cx.error(c.t("error.empty_note"));
            return vec![];
        }
        if d.in_flight.is_some() {
            cx.error(c.t("error.busy"));
            return vec![];
        }
        let write = PendingWrite {
            ticket: d.ticket.summary.id,
            write: Write::Note(crate::api::NoteRequest {
                body: e.text.text(),
                visibility: e.visibility,
            }),
            // The same key as any earlier attempt of this note: a repeat is not a duplicate.
            key: e.key.clone(),
        };
        return send(d, write);
    }
    if b == Some(Binding::CannedReply) {
        let list = replies::for_category(cx.lang, d.ticket.summary.category);
        return vec![Cmd::Go(Link::Pick(Picker {
            purpose: PickFor::Reply,
            labels: list.iter().map(|r| r.title.clone()).collect(),
            values: list.iter().map(|r| r.body.clone()).collect(),
            selected: 0,
            scroll: 0,
        }))];
    }
    if b == Some(Binding::Close) {
        // Leaving keeps the text: its draft stays saved and the ticket says it waits.
        if !e.text.is_blank() {
            let key = cx.keymap.keys_label_in(Scope::Ticket, Binding::Open);
            cx.notice(c.tf("notice.draft_kept", &[("key", &key)]));
            d.parked = d.editor.take();
        } else {
            d.editor = None;
        }
        return vec![];
    }
    if b == Some(Binding::Discard) {
        let id = d.ticket.summary.id;
        d.editor = None;
        return cx
            .drafts
            .forget(DraftId::Ticket(id))
            .map(Cmd::Draft)
            .into_iter()
            .collect();
    }
    // The editor's box spans the screen, less its borders.
    e.text.handle(&k, usize::from(cx.size.0.saturating_sub(2)));
    vec![]
}

/// Text pasted into the note editor, if it is open.
pub fn paste(d: &mut DetailState, text: &str) -> bool {
    match d.editor.as_mut() {
        Some(e) => {
            e.text.insert_text(text);
            true
        }
        None => false,
    }
}

/// The operator said yes.
pub fn confirmed(d: &mut DetailState, cx: &mut Ctx<'_>, c: Confirm) -> Cmds {
    match c {
        Confirm::Steal(id) => {
            let write = PendingWrite {
                ticket: id,
                write: Write::Claim { steal: true },
                key: IdempotencyKey::new(),
            };
            send(d, write)
        }
        // The desk's own questions, answered by the root.
        Confirm::QuitDuringCall | Confirm::ResumeCall => vec![],
        Confirm::Retry => {
            let Some(stale) = d.stale.take() else {
                return vec![];
            };
            *cx.error = None;
            // A stale write is a new attempt on the new version: a new key, since the
            // server already answered the old one definitively (412).
            let write = PendingWrite {
                key: IdempotencyKey::new(),
                ..stale.retry
            };
            send(d, write)
        }
    }
}

/// The operator said no.
pub fn declined(d: &mut DetailState, cx: &mut Ctx<'_>, c: Confirm) {
    if c == Confirm::Retry {
        d.stale = None;
        *cx.error = None;
    }
}

/// Catalog keys of the reasons offered for showing a caller's number.
pub const CALLER_REVEAL_REASONS: [&str; 2] = [
    "detail.reveal_reason.call_back",
    "detail.reveal_reason.confirm",
];

/// How long a revealed caller's number stays on screen.
pub const CALLER_REVEAL_SECS: i64 = 30;

/// `v`: the caller's number of the newest call that kept one, in full, for a reason.
fn reveal_caller(d: &DetailState, cx: &mut Ctx<'_>) -> Cmds {
    let c = cx.cat();
    if !d.ticket.calls.iter().any(|k| k.caller_phone.is_some()) {
        cx.error(c.t("detail.no_caller_number"));
        return vec![];
    }
    let labels: Vec<String> = CALLER_REVEAL_REASONS.iter().map(|k| c.ts(k)).collect();
    vec![Cmd::Go(Link::Pick(Picker {
        purpose: PickFor::CallerReveal,
        values: labels.clone(),
        labels,
        selected: 0,
        scroll: 0,
    }))]
}

/// The caller's number arrived (or not).
pub fn caller_revealed(
    d: Option<&mut DetailState>,
    cx: &mut Ctx<'_>,
    ticket: i64,
    result: Result<Option<String>, ClientError>,
) -> Cmds {
    match result {
        Ok(Some(n)) => {
            if let Some(d) = d.filter(|d| d.ticket.summary.id == ticket) {
                let until = cx.now + chrono::Duration::seconds(CALLER_REVEAL_SECS);
                d.revealed_caller = Some((n, until));
            }
            vec![]
        }
        Ok(None) => {
            cx.error(cx.cat().t("detail.no_caller_number"));
            vec![]
        }
        Err(e) => vec![cx.failed(e)],
    }
}

/// An item was picked for the open ticket: a change, or a canned reply to insert.
pub fn picked(d: &mut DetailState, purpose: PickFor, value: String) -> Cmds {
    let as_json = serde_json::Value::String(value.clone());
    let patch = match purpose {
        PickFor::Reply => {
            if let Some(e) = d.editor.as_mut() {
                e.text.insert_text(&value);
            }
            return vec![];
        }
        PickFor::Status => TicketPatch {
            status: serde_json::from_value::<Status>(as_json).ok(),
            ..TicketPatch::default()
        },
        PickFor::Priority => TicketPatch {
            priority: serde_json::from_value::<Priority>(as_json).ok(),
            ..TicketPatch::default()
        },
        PickFor::Category => TicketPatch {
            category: serde_json::from_value::<Category>(as_json).ok(),
            ..TicketPatch::default()
        },
        PickFor::CallTarget => return vec![],
        PickFor::CallerReveal => {
            let newest = d
                .ticket
                .calls
                .iter()
                .rev()
                .find(|k| k.caller_phone.is_some());
            return match newest {
                Some(k) => vec![Cmd::Run(TicketRequest::RevealCaller {
                    ticket: d.ticket.summary.id,
                    call: k.id,
                    reason: value,
                })],
                None => vec![],
            };
        }
    };
    let w = fresh(d, Write::Patch(patch));
    send(d, w)
}
