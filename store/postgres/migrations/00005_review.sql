-- +goose Up

-- The review and monitoring tables, as in the SQLite store's migration
-- 00004, which the same statements (store/internal/storekit) read and
-- write. JSON is kept as text, byte for byte as the store wrote it, not as
-- jsonb, which reorders keys and respaces: a counterparty is "unchanged"
-- when its body is the same bytes, and events go out to webhooks as
-- recorded. The casts in the CHECKs refuse anything but JSON. Ids compare
-- bytewise (COLLATE "C"), which is Go's string order.

-- The counterparty registry. body is the clearance.Counterparty without
-- the times kept in columns; hash is Counterparty.Hash, and screened_hash
-- the hash it had when last screened in full.
CREATE TABLE counterparties (
    id            text        COLLATE "C" PRIMARY KEY,
    body          text        NOT NULL CHECK (body::jsonb IS NOT NULL),
    hash          text        NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    screened_hash text        NOT NULL DEFAULT '',
    screened_at   timestamptz
);

-- Monitoring pages through the counterparties not screened as they stand.
CREATE INDEX counterparties_unscreened ON counterparties (id) WHERE screened_hash <> hash;

-- Review cases. body is the clearance.Case without its ID and actions; the
-- columns repeat what lookups need. A case is about a counterparty or an
-- order's party, never both.
CREATE TABLE cases (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    state           text        NOT NULL CHECK (state IN ('open', 'escalated', 'cleared', 'confirmed')),
    counterparty_id text        NOT NULL DEFAULT '',
    order_id        text        NOT NULL DEFAULT '',
    party_index     integer     NOT NULL DEFAULT 0 CHECK (party_index >= 0),
    dataset         text        NOT NULL,
    entry_id        text        NOT NULL,
    assignee        text        NOT NULL DEFAULT '',
    opened_at       timestamptz NOT NULL,
    body            text        NOT NULL CHECK (body::jsonb IS NOT NULL),
    CHECK ((counterparty_id = '') <> (order_id = ''))
);

-- At most one active case per subject and entry.
CREATE UNIQUE INDEX cases_one_active ON cases (counterparty_id, order_id, party_index, dataset, entry_id)
    WHERE state IN ('open', 'escalated');
CREATE INDEX cases_by_key ON cases (counterparty_id, order_id, party_index, dataset, entry_id, id);
CREATE INDEX cases_by_state ON cases (state, id);

-- Each case's history, appended to and never changed.
CREATE TABLE case_actions (
    case_id bigint  NOT NULL REFERENCES cases (id),
    seq     integer NOT NULL CHECK (seq >= 0),
    body    text    NOT NULL CHECK (body::jsonb IS NOT NULL),
    PRIMARY KEY (case_id, seq)
);

-- +goose StatementBegin
CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% are append-only', TG_TABLE_NAME;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER case_actions_append_only BEFORE UPDATE OR DELETE ON case_actions
    FOR EACH ROW EXECUTE FUNCTION append_only();

-- The event log: body is the clearance.Event without its id. Writers take
-- an advisory lock before they append, so events commit in id order.
CREATE TABLE events (
    id   bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    type text        NOT NULL,
    at   timestamptz NOT NULL,
    body text        NOT NULL CHECK (body::jsonb IS NOT NULL)
);

CREATE INDEX events_at ON events (at);
CREATE INDEX events_by_type ON events (type, id);

CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION append_only();

-- Webhook receivers: the last event each is finished with.
CREATE TABLE webhooks (
    url           text        PRIMARY KEY,
    cursor        bigint      NOT NULL CHECK (cursor >= 0),
    registered_at timestamptz NOT NULL
);

-- Every delivery attempt.
CREATE TABLE webhook_deliveries (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    url         text        NOT NULL REFERENCES webhooks (url),
    event_id    bigint      NOT NULL REFERENCES events (id),
    attempt     integer     NOT NULL CHECK (attempt > 0),
    at          timestamptz NOT NULL,
    status      integer     NOT NULL,
    error       text        NOT NULL,
    duration_ns bigint      NOT NULL,
    done        boolean     NOT NULL
);

CREATE INDEX webhook_deliveries_by_event ON webhook_deliveries (event_id, id);

-- The version of each source that monitoring last finished. A database that
-- had lists before this migration counts them as monitored: there was no
-- registry to re-screen.
CREATE TABLE monitor_marks (
    source  text    PRIMARY KEY,
    version integer NOT NULL CHECK (version >= 0)
);

INSERT INTO monitor_marks (source, version) SELECT source, number FROM versions WHERE active;

-- Monitoring runs; at most one unfinished (finished_at null).
CREATE TABLE monitor_runs (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    spans       text        NOT NULL CHECK (spans::jsonb IS NOT NULL),
    started_at  timestamptz NOT NULL,
    finished_at timestamptz,
    cursor      text        NOT NULL DEFAULT '',
    orders_done boolean     NOT NULL DEFAULT false,
    stats       text        NOT NULL CHECK (stats::jsonb IS NOT NULL)
);

CREATE UNIQUE INDEX monitor_runs_one_unfinished ON monitor_runs ((finished_at IS NULL)) WHERE finished_at IS NULL;

-- Orders that shipped: no longer open, so monitoring leaves them alone.
CREATE TABLE order_shipments (
    order_id   text        PRIMARY KEY REFERENCES orders (id),
    shipped_by text        NOT NULL,
    shipped_at timestamptz NOT NULL
);

-- Matching options by hash, for replaying a recorded screening.
CREATE TABLE match_options (
    hash      text        PRIMARY KEY,
    algorithm text        NOT NULL,
    body      text        NOT NULL CHECK (body::jsonb IS NOT NULL),
    saved_at  timestamptz NOT NULL
);

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
DROP FUNCTION append_only();
