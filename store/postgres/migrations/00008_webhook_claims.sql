-- +goose Up

-- One worker at a time delivers a receiver's events, the one holding its
-- claim, so that two servers on one database do not both POST each event.
-- claimed_by names the worker ('' for none); claimed_until is when the
-- claim lapses unless renewed (NULL for none). A claim is a conditional
-- update of the receiver's row: of two workers claiming at once, the
-- second waits for the first's commit, finds the claim taken and changes
-- nothing.
ALTER TABLE webhooks
    ADD COLUMN claimed_by    text NOT NULL DEFAULT '',
    ADD COLUMN claimed_until timestamptz;

-- +goose Down
ALTER TABLE webhooks DROP COLUMN claimed_until, DROP COLUMN claimed_by;
