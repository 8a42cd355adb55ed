-- The default layout of a host application's own tables, as PostgresDataSource reads them with its default
-- options. Samples and tests create it with PostgresSampleSchema.CreateAsync; it is NOT part of the SDK's
-- migrations: a real host keeps its own tables and maps them with PostgresDataSourceOptions.
-- Unqualified names: the tables go to the first schema of search_path (PostgresSampleSchema sets it).
-- No foreign keys, so that bulk loads can come in any order; a host may well have them.

CREATE TABLE IF NOT EXISTS users (
    id         text        PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS posts (
    id         text        PRIMARY KEY,            -- FindPostsAsync: id = ANY(@ids) uses this index
    author_id  text        NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    tags       text[]      NOT NULL DEFAULT '{}',
    text       text        NULL
);
-- ReadPostsAsync(createdSince): created_at >= @since
CREATE INDEX IF NOT EXISTS posts_created_at ON posts (created_at);

-- One row per thing a user did with a post. kind is free text: view, click, like, comment, share, bookmark,
-- hide, report (case-insensitive), or whatever PostgresDataSourceOptions.KindNames maps; others are skipped.
CREATE TABLE IF NOT EXISTS engagements (
    user_id    text        NOT NULL,
    post_id    text        NOT NULL,
    kind       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    weight     real        NULL                    -- optional multiplier of the kind's weight; NULL means 1
);
-- ReadEngagementsAsync(since): created_at > @since, the incremental read from a watermark
CREATE INDEX IF NOT EXISTS engagements_created_at ON engagements (created_at);

CREATE TABLE IF NOT EXISTS follows (
    follower_id text        NOT NULL,
    followee_id text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (follower_id, followee_id)
);
