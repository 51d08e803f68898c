-- PostgreSQL dialect of sqlite_001_init.sql: same tables, columns and meanings.
-- Integers are BIGINT (read back as i64), images BYTEA, and text compares byte-wise
-- (COLLATE "C") like SQLite's BINARY, whatever the database's default collation.
-- Times stay sortable RFC 3339 UTC text, written by the store.
CREATE TABLE operators (
    id TEXT COLLATE "C" PRIMARY KEY,
    name TEXT COLLATE "C" NOT NULL,
    roles TEXT COLLATE "C" NOT NULL,
    password_hash TEXT COLLATE "C" NOT NULL,
    disabled BIGINT NOT NULL DEFAULT 0,
    created_at TEXT COLLATE "C" NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
)
-- split
CREATE TABLE sessions (
    token_hash TEXT COLLATE "C" PRIMARY KEY,
    operator_id TEXT COLLATE "C" NOT NULL REFERENCES operators(id),
    created_at TEXT COLLATE "C" NOT NULL,
    last_seen_at TEXT COLLATE "C" NOT NULL,
    expires_at TEXT COLLATE "C" NOT NULL
)
-- split
CREATE TABLE accounts (
    id BIGSERIAL PRIMARY KEY,
    login TEXT COLLATE "C" NOT NULL UNIQUE,
    name TEXT COLLATE "C" NOT NULL,
    phone TEXT COLLATE "C" UNIQUE,
    email TEXT COLLATE "C",
    document_kind TEXT COLLATE "C" NOT NULL,
    document_number TEXT COLLATE "C" NOT NULL,
    state TEXT COLLATE "C" NOT NULL,
    verification TEXT COLLATE "C" NOT NULL,
    registration_channel TEXT COLLATE "C" NOT NULL,
    registered_at TEXT COLLATE "C" NOT NULL,
    locked_at TEXT COLLATE "C",
    frozen_reason TEXT COLLATE "C",
    activation_sent_at TEXT COLLATE "C",
    version BIGINT NOT NULL DEFAULT 1
)
-- split
CREATE INDEX accounts_document ON accounts(document_number)
-- split
CREATE INDEX accounts_email ON accounts(email)
-- split
CREATE TABLE failed_logins (
    id BIGSERIAL PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    at TEXT COLLATE "C" NOT NULL
)
-- split
CREATE INDEX failed_logins_account ON failed_logins(account_id)
-- split
CREATE TABLE degrees (
    id BIGSERIAL PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    level TEXT COLLATE "C" NOT NULL,
    school TEXT COLLATE "C" NOT NULL,
    year BIGINT NOT NULL,
    self_study BIGINT NOT NULL,
    status TEXT COLLATE "C" NOT NULL
)
-- split
CREATE INDEX degrees_account ON degrees(account_id)
-- split
CREATE TABLE orders (
    id BIGSERIAL PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    kind TEXT COLLATE "C" NOT NULL,
    amount_fen BIGINT NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL,
    link_state TEXT COLLATE "C" NOT NULL
)
-- split
CREATE INDEX orders_account ON orders(account_id)
-- split
CREATE TABLE tickets (
    id BIGSERIAL PRIMARY KEY,
    subject TEXT COLLATE "C" NOT NULL,
    body TEXT COLLATE "C" NOT NULL,
    category TEXT COLLATE "C" NOT NULL,
    channel TEXT COLLATE "C" NOT NULL,
    status TEXT COLLATE "C" NOT NULL,
    priority TEXT COLLATE "C" NOT NULL,
    priority_rank BIGINT NOT NULL,
    account_id BIGINT REFERENCES accounts(id),
    assignee TEXT COLLATE "C",
    claim_expires_at TEXT COLLATE "C",
    due_on TEXT COLLATE "C" NOT NULL,
    due_approximate BIGINT NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL,
    updated_at TEXT COLLATE "C" NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
)
-- split
CREATE INDEX tickets_status ON tickets(status, id)
-- split
CREATE INDEX tickets_assignee ON tickets(assignee, id)
-- split
CREATE INDEX tickets_due ON tickets(due_on, id)
-- split
CREATE INDEX tickets_updated ON tickets(updated_at, id)
-- split
CREATE INDEX tickets_account ON tickets(account_id)
-- split
CREATE TABLE ticket_events (
    id BIGSERIAL PRIMARY KEY,
    ticket_id BIGINT NOT NULL REFERENCES tickets(id),
    kind TEXT COLLATE "C" NOT NULL,
    author TEXT COLLATE "C" NOT NULL,
    body TEXT COLLATE "C" NOT NULL,
    at TEXT COLLATE "C" NOT NULL
)
-- split
CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id, id)
-- split
CREATE TABLE reviews (
    id BIGSERIAL PRIMARY KEY,
    kind TEXT COLLATE "C" NOT NULL,
    state TEXT COLLATE "C" NOT NULL,
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    ticket_id BIGINT REFERENCES tickets(id),
    new_phone TEXT COLLATE "C",
    note TEXT COLLATE "C" NOT NULL,
    opened_by TEXT COLLATE "C" NOT NULL,
    submitted_at TEXT COLLATE "C" NOT NULL,
    due_on TEXT COLLATE "C" NOT NULL,
    due_approximate BIGINT NOT NULL,
    claimed_by TEXT COLLATE "C",
    claim_expires_at TEXT COLLATE "C",
    first_approver TEXT COLLATE "C",
    document_kind TEXT COLLATE "C" NOT NULL,
    document_number TEXT COLLATE "C" NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
)
-- split
CREATE INDEX reviews_state ON reviews(state, due_on)
-- split
CREATE INDEX reviews_account ON reviews(account_id)
-- split
CREATE TABLE review_images (
    review_id BIGINT NOT NULL REFERENCES reviews(id),
    which TEXT COLLATE "C" NOT NULL,
    png BYTEA NOT NULL,
    sha256 TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (review_id, which)
)
-- split
CREATE INDEX review_images_sha ON review_images(sha256)
-- split
CREATE TABLE review_decisions (
    id BIGSERIAL PRIMARY KEY,
    review_id BIGINT NOT NULL REFERENCES reviews(id),
    reviewer TEXT COLLATE "C" NOT NULL,
    decision TEXT COLLATE "C" NOT NULL,
    reason_code TEXT COLLATE "C" NOT NULL,
    checklist TEXT COLLATE "C" NOT NULL,
    comment_to_user TEXT COLLATE "C" NOT NULL,
    internal_note TEXT COLLATE "C" NOT NULL,
    at TEXT COLLATE "C" NOT NULL
)
-- split
CREATE TABLE audit (
    seq BIGINT PRIMARY KEY,
    at TEXT COLLATE "C" NOT NULL,
    operator TEXT COLLATE "C" NOT NULL,
    action TEXT COLLATE "C" NOT NULL,
    target TEXT COLLATE "C" NOT NULL,
    reason TEXT COLLATE "C",
    before TEXT COLLATE "C",
    after TEXT COLLATE "C",
    prev_hash TEXT COLLATE "C" NOT NULL,
    hash TEXT COLLATE "C" NOT NULL
)
-- split
CREATE INDEX audit_target ON audit(target, seq)
-- split
CREATE INDEX audit_operator ON audit(operator, seq)
-- split
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit rows are append-only';
END
$$
-- split
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_append_only()
-- split
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_append_only()
-- split
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()
-- split
CREATE FUNCTION audit_announce() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Delivered at commit to every server listening on this schema's channel.
    PERFORM pg_notify('kefu_' || TG_TABLE_SCHEMA, NEW.seq::text);
    RETURN NULL;
END
$$
-- split
CREATE TRIGGER audit_announce AFTER INSERT ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_announce()
-- split
CREATE TABLE idempotency (
    operator TEXT COLLATE "C" NOT NULL,
    key TEXT COLLATE "C" NOT NULL,
    request_hash TEXT COLLATE "C" NOT NULL,
    status BIGINT NOT NULL,
    etag TEXT COLLATE "C",
    body TEXT COLLATE "C" NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (operator, key)
)
-- split
CREATE INDEX idempotency_created ON idempotency(created_at)
