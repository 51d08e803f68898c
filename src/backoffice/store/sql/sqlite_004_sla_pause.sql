-- The SLA clock stands still while a ticket is pending_customer or pending_review:
-- when the current pause began, and the working seconds of every earlier pause (the
-- deadline moves on by them; see src/domain/sla.rs).
ALTER TABLE tickets ADD COLUMN sla_paused_at TEXT
-- split
ALTER TABLE tickets ADD COLUMN sla_paused_secs INTEGER NOT NULL DEFAULT 0
-- split
UPDATE tickets SET sla_paused_at = updated_at WHERE status IN ('pending_customer', 'pending_review')
