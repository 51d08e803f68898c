-- Phone calls logged on a ticket: the caller's number (kept for calling back; answered
-- masked, revealed with a reason and audited) and the call-back time asked for. The
-- ticket keeps the newest call-back as its follow-up.
CREATE TABLE ticket_calls (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    event_id INTEGER NOT NULL REFERENCES ticket_events(id),
    caller_phone TEXT,
    callback_at TEXT,
    at TEXT NOT NULL
)
-- split
CREATE INDEX ticket_calls_ticket ON ticket_calls(ticket_id, id)
-- split
ALTER TABLE tickets ADD COLUMN follow_up_at TEXT
