-- +goose Up

-- Each import of an ownership file, for provenance.
CREATE TABLE ownership_imports (
    id          INTEGER PRIMARY KEY,
    file        TEXT    NOT NULL,
    hash        TEXT    NOT NULL,
    imported_at TEXT    NOT NULL, -- UTC, fixed-width RFC 3339 with microseconds
    edges       INTEGER NOT NULL CHECK (edges >= 0),
    added       INTEGER NOT NULL CHECK (added >= 0 AND added <= edges)
) STRICT;

-- Ownership edges: one statement of an owner's stake in an entity, as of
-- a date, from a source, identified by those four as written. The stake is
-- in millionths of the whole; NULL is a stake of unknown size, which must
-- never read back as none.
CREATE TABLE ownership_edges (
    id        INTEGER PRIMARY KEY,
    owner     TEXT    NOT NULL CHECK (owner <> ''),
    owned     TEXT    NOT NULL CHECK (owned <> ''),
    stake     INTEGER CHECK (stake BETWEEN 0 AND 1000000),
    as_of     TEXT    NOT NULL,
    source    TEXT    NOT NULL CHECK (source <> ''),
    import_id INTEGER NOT NULL REFERENCES ownership_imports (id),
    UNIQUE (owner, owned, as_of, source)
) STRICT;

-- +goose Down
DROP TABLE ownership_edges;
DROP TABLE ownership_imports;
