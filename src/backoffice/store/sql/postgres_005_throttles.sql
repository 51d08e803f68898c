-- Per-operator counters every server shares: failed sign-ins (kind 'sign_in') and lookups
-- that found nothing (kind 'lookup_miss'). `count` failures since `since`; refused until
-- `until`.
CREATE TABLE throttles (
    operator TEXT COLLATE "C" NOT NULL,
    kind TEXT COLLATE "C" NOT NULL,
    count BIGINT NOT NULL,
    since TEXT COLLATE "C" NOT NULL,
    until TEXT COLLATE "C",
    PRIMARY KEY (operator, kind)
)
