-- +goose Up

-- Licences as issued. body is the clearance.Licence as JSON and never
-- changes; what moves is the use of each line, in licence_lines.
CREATE TABLE licences (
    number      TEXT NOT NULL PRIMARY KEY,
    authority   TEXT NOT NULL,
    destination TEXT NOT NULL,
    valid_from  TEXT NOT NULL,
    valid_to    TEXT NOT NULL,
    body        TEXT NOT NULL CHECK (json_valid(body)),
    added_at    TEXT NOT NULL -- UTC, fixed-width RFC 3339 with microseconds
) STRICT;

-- One row per licence item. Amounts are in thousandths of a unit and in
-- cents; a NULL limit is no limit. Draws update the used columns under a
-- guard in the WHERE clause; the CHECKs are the last line against an
-- overdraft.
CREATE TABLE licence_lines (
    licence        TEXT    NOT NULL REFERENCES licences (number),
    line           INTEGER NOT NULL CHECK (line >= 0),
    eccn           TEXT    NOT NULL,
    quantity_limit INTEGER CHECK (quantity_limit > 0),
    value_limit    INTEGER CHECK (value_limit > 0),
    quantity_used  INTEGER NOT NULL DEFAULT 0
        CHECK (quantity_used >= 0 AND (quantity_limit IS NULL OR quantity_used <= quantity_limit)),
    value_used     INTEGER NOT NULL DEFAULT 0
        CHECK (value_used >= 0 AND (value_limit IS NULL OR value_used <= value_limit)),
    PRIMARY KEY (licence, line)
) STRICT, WITHOUT ROWID;

-- Submitted orders, each id once. body is the clearance.Order as JSON.
CREATE TABLE orders (
    id           TEXT NOT NULL PRIMARY KEY,
    order_date   TEXT NOT NULL,
    body         TEXT NOT NULL CHECK (json_valid(body)),
    submitted_at TEXT NOT NULL
) STRICT;

-- Decisions on orders, numbered per order: submission records number 1; a
-- later review would add the next. body is the clearance.Decision as JSON.
CREATE TABLE decisions (
    order_id   TEXT    NOT NULL REFERENCES orders (id),
    number     INTEGER NOT NULL CHECK (number > 0),
    outcome    TEXT    NOT NULL CHECK (outcome IN ('clear', 'released', 'hold', 'blocked')),
    body       TEXT    NOT NULL CHECK (json_valid(body)),
    decided_at TEXT    NOT NULL,
    PRIMARY KEY (order_id, number)
) STRICT;

-- What each item of a released order drew from a licence line.
CREATE TABLE licence_draws (
    order_id TEXT    NOT NULL REFERENCES orders (id),
    item     INTEGER NOT NULL CHECK (item >= 0),
    licence  TEXT    NOT NULL,
    line     INTEGER NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity >= 0),
    value    INTEGER NOT NULL CHECK (value >= 0),
    PRIMARY KEY (order_id, item),
    FOREIGN KEY (licence, line) REFERENCES licence_lines (licence, line)
) STRICT;

CREATE INDEX licence_draws_by_licence ON licence_draws (licence, line);

-- Signed UVL statements on file (15 CFR 744.15(b)), kept for the record.
CREATE TABLE uvl_statements (
    id          INTEGER PRIMARY KEY,
    party       TEXT NOT NULL,
    signed      TEXT NOT NULL,
    order_id    TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL CHECK (json_valid(body)),
    recorded_at TEXT NOT NULL
) STRICT;

-- +goose Down
DROP TABLE uvl_statements;
DROP INDEX licence_draws_by_licence;
DROP TABLE licence_draws;
DROP TABLE decisions;
DROP TABLE orders;
DROP TABLE licence_lines;
DROP TABLE licences;
