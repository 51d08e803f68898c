-- Per-operator counters every server shares: failed sign-ins (kind 'sign_in') and lookups
-- that found nothing (kind 'lookup_miss'). `count` failures since `since`; refused until
-- `until`.
CREATE TABLE throttles (
    operator TEXT NOT NULL,
    kind TEXT NOT NULL,
    count INTEGER NOT NULL,
    since TEXT NOT NULL,
    until TEXT,
    PRIMARY KEY (operator, kind)
)
