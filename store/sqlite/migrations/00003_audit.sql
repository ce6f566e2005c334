-- +goose Up

-- The audit log, a hash chain (see clearance.AuditRecord). Rows are
-- appended under the database's write lock; the triggers below refuse
-- updates, and deletes of records the anchor has not passed, so that only
-- a purge removes records, and only the oldest.
CREATE TABLE audit_records (
    seq        INTEGER PRIMARY KEY CHECK (seq > 0),
    at         TEXT    NOT NULL, -- UTC, fixed-width RFC 3339 with microseconds
    actor      TEXT    NOT NULL,
    request_id TEXT    NOT NULL,
    action     TEXT    NOT NULL,
    subject    TEXT    NOT NULL,
    retention  TEXT    NOT NULL,
    payload    TEXT    NOT NULL, -- JSON object, byte for byte as hashed
    prev_hash  TEXT    NOT NULL,
    hash       TEXT    NOT NULL
) STRICT;

CREATE INDEX audit_records_at ON audit_records (at);
CREATE INDEX audit_records_action ON audit_records (action, seq);

-- The chain head: the last record and the anchor (the last record purged).
CREATE TABLE audit_head (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    seq         INTEGER NOT NULL,
    hash        TEXT    NOT NULL,
    at          TEXT    NOT NULL,
    anchor_seq  INTEGER NOT NULL,
    anchor_hash TEXT    NOT NULL
) STRICT;

INSERT INTO audit_head (id, seq, hash, at, anchor_seq, anchor_hash) VALUES (1, 0, '', '', 0, '');

-- Legal holds: while released_at is empty, no record made in [covers_from,
-- covers_to] is purged (empty bounds are open).
CREATE TABLE audit_holds (
    id          INTEGER PRIMARY KEY,
    reason      TEXT NOT NULL,
    covers_from TEXT NOT NULL DEFAULT '',
    covers_to   TEXT NOT NULL DEFAULT '',
    placed_by   TEXT NOT NULL,
    placed_at   TEXT NOT NULL,
    released_by TEXT NOT NULL DEFAULT '',
    released_at TEXT NOT NULL DEFAULT ''
) STRICT;

-- +goose StatementBegin
CREATE TRIGGER audit_records_append_only BEFORE UPDATE ON audit_records
BEGIN
    SELECT RAISE(ABORT, 'audit records are append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER audit_records_purge_only BEFORE DELETE ON audit_records
WHEN OLD.seq > (SELECT anchor_seq FROM audit_head WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'audit records are deleted only by a purge');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE audit_holds;
DROP TABLE audit_head;
DROP TABLE audit_records;
