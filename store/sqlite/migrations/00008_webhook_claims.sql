-- +goose Up

-- One worker at a time delivers a receiver's events, the one holding its
-- claim, so that two servers on one database do not both POST each event.
-- claimed_by names the worker ('' for none); claimed_until is when the
-- claim lapses unless renewed (UTC, fixed-width RFC 3339; '' for none).
ALTER TABLE webhooks ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE webhooks ADD COLUMN claimed_until TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE webhooks DROP COLUMN claimed_until;
ALTER TABLE webhooks DROP COLUMN claimed_by;
