-- Recommender SDK tables, version 1.
-- {schema} is replaced by the quoted schema name (PostgresRecommenderOptions.Schema). The script is idempotent
-- (IF NOT EXISTS everywhere) and runs inside the migrator's transaction, under its advisory lock.

-- Model registry: one row per trained (or training) model.
CREATE TABLE IF NOT EXISTS {schema}.model_versions (
    id             bigserial   PRIMARY KEY,
    version        text        NOT NULL UNIQUE,
    created_at     timestamptz NOT NULL DEFAULT now(),
    trained_at     timestamptz NULL,
    status         text        NOT NULL DEFAULT 'training'
                   CONSTRAINT model_versions_status_check CHECK (status IN ('training', 'ready', 'failed', 'retired')),
    is_active      boolean     NOT NULL DEFAULT false,
    ab_variant     text        NULL,
    parameters     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    metrics        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    data_watermark timestamptz NULL,
    checksum       text        NULL,
    size_bytes     bigint      NULL CONSTRAINT model_versions_size_check CHECK (size_bytes >= 0),
    -- Only a ready model can serve.
    CONSTRAINT model_versions_active_ready_check CHECK (NOT is_active OR status = 'ready')
);

-- At most one active model per A/B variant; the default variant (NULL) counts as one variant.
CREATE UNIQUE INDEX IF NOT EXISTS model_versions_one_active_per_variant
    ON {schema}.model_versions ((COALESCE(ab_variant, ''))) WHERE is_active;

-- Model artefacts, in chunks of at most 1 MiB so that a model of hundreds of MB streams in and out without
-- ever being one value in memory (see docs/postgres.md, "Why chunked bytea").
CREATE TABLE IF NOT EXISTS {schema}.model_artefact_chunks (
    model_version_id bigint  NOT NULL REFERENCES {schema}.model_versions (id) ON DELETE CASCADE,
    chunk_index      integer NOT NULL CONSTRAINT model_artefact_chunks_index_check CHECK (chunk_index >= 0),
    data             bytea   NOT NULL,
    PRIMARY KEY (model_version_id, chunk_index)
);
-- Factors are floats: compression costs CPU and saves nothing, so store the chunks out of line, uncompressed.
ALTER TABLE {schema}.model_artefact_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

CREATE TABLE IF NOT EXISTS {schema}.feature_flags (
    name               text        PRIMARY KEY,
    enabled            boolean     NOT NULL DEFAULT false,
    rollout_percentage integer     NOT NULL DEFAULT 100
                       CONSTRAINT feature_flags_rollout_check CHECK (rollout_percentage BETWEEN 0 AND 100),
    updated_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS {schema}.system_config (
    key        text        PRIMARY KEY,
    value      jsonb       NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS {schema}.training_runs (
    id            bigserial   PRIMARY KEY,
    started_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz NULL,
    outcome       text        NOT NULL DEFAULT 'running',
    error         text        NULL,
    model_version text        NULL
);
CREATE INDEX IF NOT EXISTS training_runs_started_at ON {schema}.training_runs (started_at DESC);
