-- +goose Up

-- The ownership tables, as in the SQLite store's migration 00005.

-- Each import of an ownership file, for provenance.
CREATE TABLE ownership_imports (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    file        text        NOT NULL,
    hash        text        NOT NULL,
    imported_at timestamptz NOT NULL,
    edges       integer     NOT NULL CHECK (edges >= 0),
    added       integer     NOT NULL CHECK (added >= 0 AND added <= edges)
);

-- Ownership edges: one statement of an owner's stake in an entity, as of
-- a date, from a source, identified by those four as written. The stake is
-- in millionths of the whole; NULL is a stake of unknown size, which must
-- never read back as none. id keeps the order recorded.
CREATE TABLE ownership_edges (
    id        bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner     text    NOT NULL CHECK (owner <> ''),
    owned     text    NOT NULL CHECK (owned <> ''),
    stake     integer CHECK (stake BETWEEN 0 AND 1000000),
    as_of     text    NOT NULL,
    source    text    NOT NULL CHECK (source <> ''),
    import_id bigint  NOT NULL REFERENCES ownership_imports (id),
    UNIQUE (owner, owned, as_of, source)
);

-- +goose Down
DROP TABLE ownership_edges;
DROP TABLE ownership_imports;
