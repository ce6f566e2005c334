-- +goose Up

-- One worker at a time works a monitoring run: the one holding its claim.
-- claimed_by names the worker ('' for none); claimed_until is when the
-- claim lapses unless renewed (NULL for none). A worker renews its claim
-- with every checkpoint; another may take the run over once the claim has
-- lapsed, so a worker that died does not hold its run for ever. Claims
-- are conditional updates of the run's row: of two instances claiming at
-- once, the second waits for the first's commit, finds the claim taken and
-- changes nothing.
ALTER TABLE monitor_runs
    ADD COLUMN claimed_by    text NOT NULL DEFAULT '',
    ADD COLUMN claimed_until timestamptz;

-- +goose Down
ALTER TABLE monitor_runs DROP COLUMN claimed_until, DROP COLUMN claimed_by;
