-- +goose Up

-- One row per import of a source. Rows are never deleted or renumbered;
-- only the active flag moves, inside the importing transaction.
CREATE TABLE versions (
    source         TEXT    NOT NULL,
    number         INTEGER NOT NULL CHECK (number > 0),
    content_hash   TEXT    NOT NULL,
    format         TEXT    NOT NULL,
    files          TEXT    NOT NULL CHECK (json_valid(files)), -- JSON array of file names
    entries        INTEGER NOT NULL CHECK (entries >= 0),
    published      TEXT    NOT NULL DEFAULT '',
    published_note TEXT    NOT NULL DEFAULT '',
    imported_at    TEXT    NOT NULL, -- UTC, fixed-width RFC 3339 with microseconds
    active         INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
    PRIMARY KEY (source, number)
) STRICT;

-- At most one active version per source.
CREATE UNIQUE INDEX versions_one_active ON versions (source) WHERE active = 1;

-- Entry bodies, content-addressed: re-importing an unchanged entry adds no
-- body. The hash is the SHA-256 of body, which is the entry's JSON, Raw
-- included.
CREATE TABLE entry_blobs (
    hash BLOB PRIMARY KEY,
    body BLOB NOT NULL
) STRICT;

-- The entries of each version. content_hash is Entry.ContentHash (it leaves
-- out Raw and SourceRef) and drives change detection; blob_hash finds the
-- body. Ids compare bytewise (BINARY), which is Go's string order.
CREATE TABLE version_entries (
    source       TEXT    NOT NULL,
    version      INTEGER NOT NULL,
    entry_id     TEXT    NOT NULL,
    content_hash TEXT    NOT NULL,
    blob_hash    BLOB    NOT NULL REFERENCES entry_blobs (hash),
    list         TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    PRIMARY KEY (source, version, entry_id),
    FOREIGN KEY (source, version) REFERENCES versions (source, number)
) STRICT, WITHOUT ROWID;

-- +goose Down
DROP TABLE version_entries;
DROP TABLE entry_blobs;
DROP TABLE versions;
