CREATE TABLE operators (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    roles TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
)
-- split
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    operator_id TEXT NOT NULL REFERENCES operators(id),
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
)
-- split
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    login TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    phone TEXT UNIQUE,
    email TEXT,
    document_kind TEXT NOT NULL,
    document_number TEXT NOT NULL,
    state TEXT NOT NULL,
    verification TEXT NOT NULL,
    registration_channel TEXT NOT NULL,
    registered_at TEXT NOT NULL,
    locked_at TEXT,
    frozen_reason TEXT,
    activation_sent_at TEXT,
    version INTEGER NOT NULL DEFAULT 1
)
-- split
CREATE INDEX accounts_document ON accounts(document_number)
-- split
CREATE INDEX accounts_email ON accounts(email)
-- split
CREATE TABLE failed_logins (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    at TEXT NOT NULL
)
-- split
CREATE INDEX failed_logins_account ON failed_logins(account_id)
-- split
CREATE TABLE degrees (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    level TEXT NOT NULL,
    school TEXT NOT NULL,
    year INTEGER NOT NULL,
    self_study INTEGER NOT NULL,
    status TEXT NOT NULL
)
-- split
CREATE INDEX degrees_account ON degrees(account_id)
-- split
CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    kind TEXT NOT NULL,
    amount_fen INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    link_state TEXT NOT NULL
)
-- split
CREATE INDEX orders_account ON orders(account_id)
-- split
CREATE TABLE tickets (
    id INTEGER PRIMARY KEY,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    category TEXT NOT NULL,
    channel TEXT NOT NULL,
    status TEXT NOT NULL,
    priority TEXT NOT NULL,
    priority_rank INTEGER NOT NULL,
    account_id INTEGER REFERENCES accounts(id),
    assignee TEXT,
    claim_expires_at TEXT,
    due_on TEXT NOT NULL,
    due_approximate INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
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
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    kind TEXT NOT NULL,
    author TEXT NOT NULL,
    body TEXT NOT NULL,
    at TEXT NOT NULL
)
-- split
CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id, id)
-- split
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    ticket_id INTEGER REFERENCES tickets(id),
    new_phone TEXT,
    note TEXT NOT NULL,
    opened_by TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    due_on TEXT NOT NULL,
    due_approximate INTEGER NOT NULL,
    claimed_by TEXT,
    claim_expires_at TEXT,
    first_approver TEXT,
    document_kind TEXT NOT NULL,
    document_number TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
)
-- split
CREATE INDEX reviews_state ON reviews(state, due_on)
-- split
CREATE INDEX reviews_account ON reviews(account_id)
-- split
CREATE TABLE review_images (
    review_id INTEGER NOT NULL REFERENCES reviews(id),
    which TEXT NOT NULL,
    png BLOB NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (review_id, which)
)
-- split
CREATE INDEX review_images_sha ON review_images(sha256)
-- split
CREATE TABLE review_decisions (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id),
    reviewer TEXT NOT NULL,
    decision TEXT NOT NULL,
    reason_code TEXT NOT NULL,
    checklist TEXT NOT NULL,
    comment_to_user TEXT NOT NULL,
    internal_note TEXT NOT NULL,
    at TEXT NOT NULL
)
-- split
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    operator TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    reason TEXT,
    before TEXT,
    after TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
)
-- split
CREATE INDEX audit_target ON audit(target, seq)
-- split
CREATE INDEX audit_operator ON audit(operator, seq)
-- split
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit rows are append-only');
END
-- split
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit rows are append-only');
END
-- split
CREATE TABLE idempotency (
    operator TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    etag TEXT,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (operator, key)
)
-- split
CREATE INDEX idempotency_created ON idempotency(created_at)
