-- +goose Up

-- Entry bodies without their raw source record (the body's top-level "raw"
-- member removed), by the same hash: what start-up reads to screen. Raw
-- records are three bytes in five of the shipped lists' bodies (44 of
-- 72 MB), and reading them only to skip them made up a fifth of loading
-- the screener.
-- The trigger keeps the table whole: every body stored gets its lean copy,
-- whichever statement stores it.
CREATE TABLE entry_lean_blobs (
    hash BLOB PRIMARY KEY REFERENCES entry_blobs (hash) ON DELETE CASCADE,
    body BLOB NOT NULL
) STRICT;

INSERT INTO entry_lean_blobs (hash, body)
    SELECT hash, CAST(json_remove(body, '$.raw') AS BLOB) FROM entry_blobs;

-- +goose StatementBegin
CREATE TRIGGER entry_blobs_lean AFTER INSERT ON entry_blobs
BEGIN
    INSERT INTO entry_lean_blobs (hash, body)
        VALUES (NEW.hash, CAST(json_remove(NEW.body, '$.raw') AS BLOB));
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER entry_blobs_lean;
DROP TABLE entry_lean_blobs;
