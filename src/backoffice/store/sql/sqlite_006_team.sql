-- The supervisor's pane (#16). A ticket or review assigned by a supervisor stays with its
-- assignee until resolved, decided or reassigned (the claim lease beside it is the
-- "working on it now" signal); `claimed_at` is when the current holder took the claim
-- (renewals keep it), so the board can say how long an item has been held.
ALTER TABLE tickets ADD COLUMN assigned_to TEXT
-- split
ALTER TABLE tickets ADD COLUMN assigned_at TEXT
-- split
ALTER TABLE tickets ADD COLUMN claimed_at TEXT
-- split
-- An agent handed the ticket to the supervisors; cleared when a supervisor assigns it,
-- or it is resolved or closed.
ALTER TABLE tickets ADD COLUMN escalated_by TEXT
-- split
ALTER TABLE tickets ADD COLUMN escalated_at TEXT
-- split
ALTER TABLE tickets ADD COLUMN escalation_note TEXT
-- split
ALTER TABLE reviews ADD COLUMN assigned_to TEXT
-- split
ALTER TABLE reviews ADD COLUMN assigned_at TEXT
-- split
ALTER TABLE reviews ADD COLUMN claimed_at TEXT
-- split
-- Last request or event-stream heartbeat of the operator, on any server (written at most
-- every 30 s per operator and server).
ALTER TABLE operators ADD COLUMN last_seen_at TEXT
-- split
-- The length of a logged call (NULL for other events), so the board sums today's calls
-- without parsing text.
ALTER TABLE ticket_events ADD COLUMN duration_secs INTEGER
-- split
-- Security alerts (audit rows) a supervisor acknowledged.
CREATE TABLE alert_acks (
    seq INTEGER PRIMARY KEY,
    acked_by TEXT NOT NULL,
    acked_at TEXT NOT NULL
)
-- split
-- The board reads live claims, open assignments and escalations through these instead
-- of the whole table; today's calls by kind and time; the SLA watch counts by status
-- and due date from the index alone; alerts and audit filters by action.
CREATE INDEX tickets_assigned ON tickets(assigned_to, id)
-- split
CREATE INDEX tickets_claim_live ON tickets(claim_expires_at)
-- split
CREATE INDEX tickets_escalated ON tickets(escalated_at)
-- split
CREATE INDEX tickets_status_due ON tickets(status, due_on, category)
-- split
CREATE INDEX reviews_assigned ON reviews(assigned_to, id)
-- split
CREATE INDEX reviews_claim_live ON reviews(claim_expires_at)
-- split
CREATE INDEX review_decisions_review ON review_decisions(review_id, id)
-- split
CREATE INDEX ticket_events_kind_at ON ticket_events(kind, at)
-- split
CREATE INDEX audit_action ON audit(action, seq)
