-- +goose Up

-- One row per import of a source. Rows are never deleted or renumbered;
-- only the active flag moves, inside the importing transaction.
CREATE TABLE versions (
    source         text        NOT NULL,
    number         integer     NOT NULL CHECK (number > 0),
    content_hash   text        NOT NULL,
    format         text        NOT NULL,
    files          text[]      NOT NULL,
    entries        integer     NOT NULL CHECK (entries >= 0),
    published      text        NOT NULL DEFAULT '',
    published_note text        NOT NULL DEFAULT '',
    imported_at    timestamptz NOT NULL,
    active         boolean     NOT NULL DEFAULT false,
    PRIMARY KEY (source, number)
);

-- At most one active version per source.
CREATE UNIQUE INDEX versions_one_active ON versions (source) WHERE active;

-- Entry bodies, content-addressed: re-importing an unchanged entry adds no
-- body. The hash is the SHA-256 of body, which is the entry's JSON, Raw
-- included, kept byte for byte (bytea, not jsonb).
CREATE TABLE entry_blobs (
    hash bytea PRIMARY KEY,
    body bytea NOT NULL
);

-- The entries of each version. content_hash is Entry.ContentHash (it leaves
-- out Raw and SourceRef) and drives change detection; blob_hash finds the
-- body. Ids compare bytewise (COLLATE "C"), which is Go's string order.
CREATE TABLE version_entries (
    source       text    NOT NULL,
    version      integer NOT NULL,
    entry_id     text    COLLATE "C" NOT NULL,
    content_hash text    NOT NULL,
    blob_hash    bytea   NOT NULL REFERENCES entry_blobs (hash),
    list         text    NOT NULL,
    name         text    NOT NULL,
    PRIMARY KEY (source, version, entry_id),
    FOREIGN KEY (source, version) REFERENCES versions (source, number)
);

-- +goose Down
DROP TABLE version_entries;
DROP TABLE entry_blobs;
DROP TABLE versions;
