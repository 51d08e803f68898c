-- Phone calls logged on a ticket: the caller's number (kept for calling back; answered
-- masked, revealed with a reason and audited) and the call-back time asked for. The
-- ticket keeps the newest call-back as its follow-up.
CREATE TABLE ticket_calls (
    id BIGSERIAL PRIMARY KEY,
    ticket_id BIGINT NOT NULL REFERENCES tickets(id),
    event_id BIGINT NOT NULL REFERENCES ticket_events(id),
    caller_phone TEXT COLLATE "C",
    callback_at TEXT COLLATE "C",
    at TEXT COLLATE "C" NOT NULL
)
-- split
CREATE INDEX ticket_calls_ticket ON ticket_calls(ticket_id, id)
-- split
ALTER TABLE tickets ADD COLUMN follow_up_at TEXT COLLATE "C"
