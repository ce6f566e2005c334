-- +goose Up

-- API keys: never the secret, only its SHA-256 and first characters.
-- Names stay taken after revocation so the audit log's "key:NAME" names
-- one holder for ever.
CREATE TABLE api_keys (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE CHECK (name <> ''),
    role       TEXT    NOT NULL CHECK (role IN ('screener', 'analyst', 'approver', 'admin')),
    prefix     TEXT    NOT NULL,
    hash       TEXT    NOT NULL UNIQUE,
    created_at TEXT    NOT NULL, -- UTC, fixed-width RFC 3339 with microseconds
    created_by TEXT    NOT NULL,
    revoked_at TEXT,
    revoked_by TEXT    NOT NULL DEFAULT ''
) STRICT;

-- +goose Down
DROP TABLE api_keys;
