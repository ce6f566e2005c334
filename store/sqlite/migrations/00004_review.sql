-- +goose Up

-- The counterparty registry. body is the clearance.Counterparty as JSON,
-- without the times kept in columns; hash is Counterparty.Hash, and
-- screened_hash the hash it had when last screened in full.
CREATE TABLE counterparties (
    id            TEXT NOT NULL PRIMARY KEY,
    body          TEXT NOT NULL CHECK (json_valid(body)),
    hash          TEXT NOT NULL,
    created_at    TEXT NOT NULL, -- UTC, fixed-width RFC 3339 with microseconds
    updated_at    TEXT NOT NULL,
    screened_hash TEXT NOT NULL DEFAULT '',
    screened_at   TEXT NOT NULL DEFAULT ''
) STRICT, WITHOUT ROWID;

-- Review cases. body is the clearance.Case as JSON without its actions;
-- the columns repeat what lookups need. A case is about a counterparty or
-- an order's party, never both.
CREATE TABLE cases (
    id              INTEGER PRIMARY KEY,
    state           TEXT    NOT NULL CHECK (state IN ('open', 'escalated', 'cleared', 'confirmed')),
    counterparty_id TEXT    NOT NULL DEFAULT '',
    order_id        TEXT    NOT NULL DEFAULT '',
    party_index     INTEGER NOT NULL DEFAULT 0 CHECK (party_index >= 0),
    dataset         TEXT    NOT NULL,
    entry_id        TEXT    NOT NULL,
    assignee        TEXT    NOT NULL DEFAULT '',
    opened_at       TEXT    NOT NULL,
    body            TEXT    NOT NULL CHECK (json_valid(body)),
    CHECK ((counterparty_id = '') <> (order_id = ''))
) STRICT;

-- At most one active case per subject and entry.
CREATE UNIQUE INDEX cases_one_active ON cases (counterparty_id, order_id, party_index, dataset, entry_id)
    WHERE state IN ('open', 'escalated');
CREATE INDEX cases_by_key ON cases (counterparty_id, order_id, party_index, dataset, entry_id, id);
CREATE INDEX cases_by_state ON cases (state, id);

-- Each case's history, appended to and never changed.
CREATE TABLE case_actions (
    case_id INTEGER NOT NULL REFERENCES cases (id),
    seq     INTEGER NOT NULL CHECK (seq >= 0),
    body    TEXT    NOT NULL CHECK (json_valid(body)),
    PRIMARY KEY (case_id, seq)
) STRICT, WITHOUT ROWID;

-- +goose StatementBegin
CREATE TRIGGER case_actions_append_only BEFORE UPDATE ON case_actions
BEGIN
    SELECT RAISE(ABORT, 'case actions are append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_actions_never_deleted BEFORE DELETE ON case_actions
BEGIN
    SELECT RAISE(ABORT, 'case actions are append-only');
END;
-- +goose StatementEnd

-- The event log: body is the clearance.Event as JSON without its id.
CREATE TABLE events (
    id   INTEGER PRIMARY KEY,
    type TEXT    NOT NULL,
    at   TEXT    NOT NULL,
    body TEXT    NOT NULL CHECK (json_valid(body))
) STRICT;

CREATE INDEX events_at ON events (at);

-- +goose StatementBegin
CREATE TRIGGER events_append_only BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER events_never_deleted BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;
-- +goose StatementEnd

-- Webhook receivers: the last event each is finished with.
CREATE TABLE webhooks (
    url           TEXT    NOT NULL PRIMARY KEY,
    cursor        INTEGER NOT NULL CHECK (cursor >= 0),
    registered_at TEXT    NOT NULL
) STRICT;

-- Every delivery attempt.
CREATE TABLE webhook_deliveries (
    id          INTEGER PRIMARY KEY,
    url         TEXT    NOT NULL REFERENCES webhooks (url),
    event_id    INTEGER NOT NULL REFERENCES events (id),
    attempt     INTEGER NOT NULL CHECK (attempt > 0),
    at          TEXT    NOT NULL,
    status      INTEGER NOT NULL,
    error       TEXT    NOT NULL,
    duration_ns INTEGER NOT NULL,
    done        INTEGER NOT NULL CHECK (done IN (0, 1))
) STRICT;

CREATE INDEX webhook_deliveries_by_event ON webhook_deliveries (event_id, id);

-- The version of each source that monitoring last finished. A database that
-- had lists before this migration counts them as monitored: there was no
-- registry to re-screen.
CREATE TABLE monitor_marks (
    source  TEXT    NOT NULL PRIMARY KEY,
    version INTEGER NOT NULL CHECK (version >= 0)
) STRICT;

INSERT INTO monitor_marks (source, version) SELECT source, number FROM versions WHERE active = 1;

-- Monitoring runs; at most one unfinished (finished_at empty).
CREATE TABLE monitor_runs (
    id          INTEGER PRIMARY KEY,
    spans       TEXT    NOT NULL CHECK (json_valid(spans)),
    started_at  TEXT    NOT NULL,
    finished_at TEXT    NOT NULL DEFAULT '',
    cursor      TEXT    NOT NULL DEFAULT '',
    orders_done INTEGER NOT NULL DEFAULT 0 CHECK (orders_done IN (0, 1)),
    stats       TEXT    NOT NULL CHECK (json_valid(stats))
) STRICT;

CREATE UNIQUE INDEX monitor_runs_one_unfinished ON monitor_runs (finished_at) WHERE finished_at = '';

-- Orders that shipped: no longer open, so monitoring leaves them alone.
CREATE TABLE order_shipments (
    order_id   TEXT NOT NULL PRIMARY KEY REFERENCES orders (id),
    shipped_by TEXT NOT NULL,
    shipped_at TEXT NOT NULL
) STRICT;

-- Matching options by hash, for replaying a recorded screening.
CREATE TABLE match_options (
    hash      TEXT NOT NULL PRIMARY KEY,
    algorithm TEXT NOT NULL,
    body      TEXT NOT NULL CHECK (json_valid(body)),
    saved_at  TEXT NOT NULL
) STRICT;

-- +goose Down
DROP TABLE match_options;
DROP TABLE order_shipments;
DROP TABLE monitor_runs;
DROP TABLE monitor_marks;
DROP TABLE webhook_deliveries;
DROP TABLE webhooks;
DROP TABLE events;
DROP TABLE case_actions;
DROP TABLE cases;
DROP TABLE counterparties;
