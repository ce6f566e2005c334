-- +goose Up

-- The audit log, a hash chain (see clearance.AuditRecord). Appends lock the
-- audit_head row (SELECT ... FOR UPDATE), so that writers in any number of
-- processes take turns and the chain never forks. The triggers below
-- refuse updates, and deletes of records the anchor has not passed, so that
-- only a purge removes records, and only the oldest.
CREATE TABLE audit_records (
    seq        bigint      PRIMARY KEY CHECK (seq > 0),
    at         timestamptz NOT NULL,
    actor      text        NOT NULL,
    request_id text        NOT NULL,
    action     text        NOT NULL,
    subject    text        NOT NULL,
    retention  text        NOT NULL,
    payload    text        NOT NULL, -- JSON object, byte for byte as hashed (not jsonb, which reorders)
    prev_hash  text        NOT NULL,
    hash       text        NOT NULL
);

CREATE INDEX audit_records_at ON audit_records (at);
CREATE INDEX audit_records_action ON audit_records (action, seq);

-- The chain head: the last record and the anchor (the last record purged).
CREATE TABLE audit_head (
    id          integer     PRIMARY KEY CHECK (id = 1),
    seq         bigint      NOT NULL,
    hash        text        NOT NULL,
    at          timestamptz,
    anchor_seq  bigint      NOT NULL,
    anchor_hash text        NOT NULL
);

INSERT INTO audit_head (id, seq, hash, anchor_seq, anchor_hash) VALUES (1, 0, '', 0, '');

-- Legal holds: while released_at is null, no record made in [covers_from,
-- covers_to] is purged (null bounds are open).
CREATE TABLE audit_holds (
    id          bigserial   PRIMARY KEY,
    reason      text        NOT NULL,
    covers_from timestamptz,
    covers_to   timestamptz,
    placed_by   text        NOT NULL,
    placed_at   timestamptz NOT NULL,
    released_by text        NOT NULL DEFAULT '',
    released_at timestamptz
);

-- +goose StatementBegin
CREATE FUNCTION audit_records_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'audit records are append-only';
    END IF;
    IF OLD.seq > (SELECT anchor_seq FROM audit_head WHERE id = 1) THEN
        RAISE EXCEPTION 'audit records are deleted only by a purge';
    END IF;
    RETURN OLD;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER audit_records_guard BEFORE UPDATE OR DELETE ON audit_records
    FOR EACH ROW EXECUTE FUNCTION audit_records_guard();

-- +goose Down
DROP TABLE audit_holds;
DROP TABLE audit_head;
DROP TABLE audit_records;
DROP FUNCTION audit_records_guard();
