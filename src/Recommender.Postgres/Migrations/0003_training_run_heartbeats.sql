-- Recommender SDK tables, version 3: training-run heartbeats and leases.
-- {schema} is replaced by the quoted schema name. Idempotent, like every script.

-- A running pipeline re-records its run every Training:HeartbeatInterval; heartbeat_at is stamped with the database's
-- clock (one clock for every instance). A run still 'running' whose heartbeat is older than its lease is marked
-- 'abandoned' by the next instance that looks (its process was killed or lost the database). Rows written before
-- this migration have no lease and are never judged.
ALTER TABLE {schema}.training_runs ADD COLUMN IF NOT EXISTS heartbeat_at timestamptz NULL;
ALTER TABLE {schema}.training_runs ADD COLUMN IF NOT EXISTS lease interval NULL;
CREATE INDEX IF NOT EXISTS training_runs_running ON {schema}.training_runs (heartbeat_at) WHERE outcome = 'running';
COMMENT ON COLUMN {schema}.training_runs.heartbeat_at IS 'When the run was last recorded (database clock); the running pipeline records it every Training:HeartbeatInterval.';
COMMENT ON COLUMN {schema}.training_runs.lease IS 'How long the run may go without a heartbeat while running before it is marked abandoned; NULL: never.';
