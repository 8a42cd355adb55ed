-- Recommender SDK tables, version 2: which version each variant serves, run ids, change notifications.
-- {schema} is replaced by the quoted schema name. Idempotent, like every script: running 0001 and 0002 again on a
-- schema at version 2 changes nothing.

-- Which version each variant serves ("default" is the main model). A table of its own, so that one version may
-- serve several variants at once (a winning A/B variant promoted to default before the test ends).
-- The foreign key on (id, status) with status fixed to 'ready' lets only a ready version serve, and stops a serving
-- version from being deleted or changing status; the store retires a version only once no variant serves it.
CREATE UNIQUE INDEX IF NOT EXISTS model_versions_id_status ON {schema}.model_versions (id, status);

CREATE TABLE IF NOT EXISTS {schema}.active_models (
    variant          text        PRIMARY KEY CONSTRAINT active_models_variant_check CHECK (variant <> ''),
    model_version_id bigint      NOT NULL,
    model_status     text        NOT NULL DEFAULT 'ready' CONSTRAINT active_models_ready_check CHECK (model_status = 'ready'),
    activated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT active_models_model_fkey FOREIGN KEY (model_version_id, model_status)
        REFERENCES {schema}.model_versions (id, status)
);
CREATE INDEX IF NOT EXISTS active_models_model_version_id ON {schema}.active_models (model_version_id);

-- Version 1 marked the active model in model_versions (is_active, ab_variant): carry those over, then leave the
-- columns unused (always false / NULL) so that script 0001 stays re-runnable.
INSERT INTO {schema}.active_models (variant, model_version_id)
SELECT COALESCE(NULLIF(ab_variant, ''), 'default'), id FROM {schema}.model_versions WHERE is_active AND status = 'ready'
ON CONFLICT (variant) DO NOTHING;
UPDATE {schema}.model_versions SET is_active = false WHERE is_active;
DROP INDEX IF EXISTS {schema}.model_versions_one_active_per_variant;
COMMENT ON COLUMN {schema}.model_versions.is_active IS 'Unused since migration 2: active_models says which version each variant serves.';
COMMENT ON COLUMN {schema}.model_versions.ab_variant IS 'Unused since migration 2: active_models says which version each variant serves.';

-- Training runs are identified by the caller's run id (TrainingRunInfo.RunId) and upserted.
ALTER TABLE {schema}.training_runs ADD COLUMN IF NOT EXISTS run_id text;
UPDATE {schema}.training_runs SET run_id = id::text WHERE run_id IS NULL;
ALTER TABLE {schema}.training_runs ALTER COLUMN run_id SET NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS training_runs_run_id ON {schema}.training_runs (run_id);
UPDATE {schema}.training_runs SET outcome = 'activated' WHERE outcome = 'succeeded';

-- Change notifications: every statement that changes active_models, feature_flags or system_config, whoever runs
-- it (the SDK, an admin in psql), sends NOTIFY on the channel named like the schema, with the payload 'models',
-- 'flags' or 'config', delivered when the transaction commits. Every instance LISTENs and refreshes.
CREATE OR REPLACE FUNCTION {schema}.notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify(TG_TABLE_SCHEMA, TG_ARGV[0]);
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS active_models_notify ON {schema}.active_models;
CREATE TRIGGER active_models_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {schema}.active_models
    FOR EACH STATEMENT EXECUTE FUNCTION {schema}.notify_change('models');

DROP TRIGGER IF EXISTS feature_flags_notify ON {schema}.feature_flags;
CREATE TRIGGER feature_flags_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {schema}.feature_flags
    FOR EACH STATEMENT EXECUTE FUNCTION {schema}.notify_change('flags');

DROP TRIGGER IF EXISTS system_config_notify ON {schema}.system_config;
CREATE TRIGGER system_config_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {schema}.system_config
    FOR EACH STATEMENT EXECUTE FUNCTION {schema}.notify_change('config');
