-- +goose Up

-- One worker at a time works a monitoring run: the one holding its claim.
-- claimed_by names the worker ('' for none); claimed_until is when the
-- claim lapses unless renewed (UTC, fixed-width RFC 3339 with
-- microseconds; '' for none). A worker renews its claim with every
-- checkpoint; another may take the run over once the claim has lapsed, so
-- a worker that died does not hold its run for ever.
ALTER TABLE monitor_runs ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE monitor_runs ADD COLUMN claimed_until TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE monitor_runs DROP COLUMN claimed_until;
ALTER TABLE monitor_runs DROP COLUMN claimed_by;
