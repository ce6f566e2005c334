-- +goose Up
CREATE TABLE api_keys (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    role        TEXT NOT NULL,
    prefix      TEXT NOT NULL,
    hash        TEXT NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL,
    created_by  TEXT NOT NULL,
    revoked_at  TIMESTAMPTZ,
    revoked_by  TEXT NOT NULL DEFAULT ''
);
-- +goose Down
DROP TABLE api_keys;
