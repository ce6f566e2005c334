-- +goose Up

-- The licence gate's tables, as in the SQLite store's migration 00002.
-- Bodies are JSON kept byte for byte as the store wrote them (text, not
-- jsonb, which reorders); the casts in the CHECKs refuse anything else.

-- Licences as issued. body is the clearance.Licence and never changes;
-- what moves is the use of each line, in licence_lines.
CREATE TABLE licences (
    number      text        PRIMARY KEY,
    authority   text        NOT NULL,
    destination text        NOT NULL,
    valid_from  text        NOT NULL, -- YYYY-MM-DD, as in the body
    valid_to    text        NOT NULL,
    body        text        NOT NULL CHECK (body::jsonb IS NOT NULL),
    added_at    timestamptz NOT NULL
);

-- One row per licence item. Amounts are in thousandths of a unit and in
-- cents; a NULL limit is no limit. A draw raises the used columns in one
-- UPDATE guarded in its WHERE clause, which locks the row until the
-- submission commits: a concurrent draw on the line waits, then rechecks
-- the guard against the new use. The CHECKs are the last line against an
-- overdraft.
CREATE TABLE licence_lines (
    licence        text    NOT NULL REFERENCES licences (number),
    line           integer NOT NULL CHECK (line >= 0),
    eccn           text    NOT NULL,
    quantity_limit bigint  CHECK (quantity_limit > 0),
    value_limit    bigint  CHECK (value_limit > 0),
    quantity_used  bigint  NOT NULL DEFAULT 0
        CHECK (quantity_used >= 0 AND (quantity_limit IS NULL OR quantity_used <= quantity_limit)),
    value_used     bigint  NOT NULL DEFAULT 0
        CHECK (value_used >= 0 AND (value_limit IS NULL OR value_used <= value_limit)),
    PRIMARY KEY (licence, line)
);

-- Submitted orders, each id once. body is the clearance.Order. seq orders
-- submissions made in the same microsecond.
CREATE TABLE orders (
    id           text        PRIMARY KEY,
    seq          bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
    order_date   text        NOT NULL,
    body         text        NOT NULL CHECK (body::jsonb IS NOT NULL),
    submitted_at timestamptz NOT NULL
);

-- Decisions on orders, numbered per order: submission records number 1; a
-- later review would add the next. body is the clearance.Decision.
CREATE TABLE decisions (
    order_id   text        NOT NULL REFERENCES orders (id),
    number     integer     NOT NULL CHECK (number > 0),
    outcome    text        NOT NULL CHECK (outcome IN ('clear', 'released', 'hold', 'blocked')),
    body       text        NOT NULL CHECK (body::jsonb IS NOT NULL),
    decided_at timestamptz NOT NULL,
    PRIMARY KEY (order_id, number)
);

-- What each item of a released order drew from a licence line; seq keeps
-- the draws in the order they were made.
CREATE TABLE licence_draws (
    order_id text    NOT NULL REFERENCES orders (id),
    item     integer NOT NULL CHECK (item >= 0),
    seq      bigint  GENERATED ALWAYS AS IDENTITY UNIQUE,
    licence  text    NOT NULL,
    line     integer NOT NULL,
    quantity bigint  NOT NULL CHECK (quantity >= 0),
    value    bigint  NOT NULL CHECK (value >= 0),
    PRIMARY KEY (order_id, item),
    FOREIGN KEY (licence, line) REFERENCES licence_lines (licence, line)
);

CREATE INDEX licence_draws_by_licence ON licence_draws (licence, line);

-- Signed UVL statements on file (15 CFR 744.15(b)), kept for the record.
CREATE TABLE uvl_statements (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    party       text        NOT NULL,
    signed      text        NOT NULL,
    order_id    text        NOT NULL DEFAULT '',
    body        text        NOT NULL CHECK (body::jsonb IS NOT NULL),
    recorded_at timestamptz NOT NULL
);

-- +goose Down
DROP TABLE uvl_statements;
DROP TABLE licence_draws;
DROP TABLE decisions;
DROP TABLE orders;
DROP TABLE licence_lines;
DROP TABLE licences;
