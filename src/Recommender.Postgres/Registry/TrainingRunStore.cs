using Npgsql;
using Recommender.Training;

namespace Recommender.Postgres.Registry;

/// <summary>
/// Low-level access to <c>training_runs</c>: add or update a run by its id (stamping its heartbeat with the
/// database's clock), get one, list the most recent, mark stale running runs abandoned.
/// <see cref="PostgresModelStore"/> exposes it as <see cref="IModelStore.RecordRunAsync"/>,
/// <see cref="IModelStore.ListRunsAsync"/> and <see cref="IModelStore.AbandonStaleRunsAsync"/>.
/// </summary>
internal sealed class TrainingRunStore
{
    /// <summary>Error texts are cut to this many characters.</summary>
    internal const int MaxErrorLength = 8_000;

    private const string Columns = "run_id, started_at, finished_at, outcome, error, model_version, heartbeat_at, lease";

    private readonly NpgsqlDataSource _dataSource;
    private readonly SdkTables _tables;

    public TrainingRunStore(NpgsqlDataSource dataSource, PostgresRecommenderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _tables = new SdkTables(options);
    }

    /// <summary>Adds the run, or replaces every field of the run with the same id. The error is cut to
    /// <see cref="MaxErrorLength"/> characters.</summary>
    public async Task UpsertAsync(TrainingRunInfo run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        Guard.NotNullOrEmpty(run.RunId, "TrainingRunInfo.RunId");
        var error = run.Error is { Length: > MaxErrorLength } e ? e[..MaxErrorLength] : run.Error;
        using var command = _dataSource.CreateCommand(
            $"""
            INSERT INTO {_tables.TrainingRuns} (run_id, started_at, finished_at, outcome, error, model_version, heartbeat_at, lease)
            VALUES (@run_id, @started, @finished, @outcome, @error, @model, now(), @lease)
            ON CONFLICT (run_id) DO UPDATE SET started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at,
                outcome = EXCLUDED.outcome, error = EXCLUDED.error, model_version = EXCLUDED.model_version,
                heartbeat_at = EXCLUDED.heartbeat_at, lease = EXCLUDED.lease
            """);
        command.Parameters.AddWithValue("run_id", run.RunId);
        command.Parameters.Add(ModelVersionStore.Timestamp("started", run.StartedAt));
        command.Parameters.Add(ModelVersionStore.Timestamp("finished", run.FinishedAt));
        command.Parameters.AddWithValue("outcome", TrainingOutcomeText.ToText(run.Outcome));
        command.Parameters.Add(ModelVersionStore.Text("error", error));
        command.Parameters.Add(ModelVersionStore.Text("model", run.ModelVersion));
        command.Parameters.Add(new NpgsqlParameter<TimeSpan?>("lease", NpgsqlTypes.NpgsqlDbType.Interval) { TypedValue = run.Lease });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Marks every run still 'running' whose heartbeat is older than its lease, on the database's clock, as
    /// 'abandoned' (finished now, with an error saying so), in one statement: two instances looking at once mark each
    /// run once. Returns how many were marked.
    /// </summary>
    public async Task<int> AbandonStaleAsync(CancellationToken cancellationToken = default)
    {
        using var command = _dataSource.CreateCommand(
            $"""
            UPDATE {_tables.TrainingRuns}
            SET outcome = 'abandoned', finished_at = now(),
                error = 'Abandoned: no heartbeat since ' || to_char(heartbeat_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || 'Z for longer than the '
                    || trim(trailing '.' from trim(trailing '0' from round(extract(epoch FROM lease), 1)::text)) || ' s lease; the process running it stopped before it finished.'
            WHERE outcome = 'running' AND lease IS NOT NULL AND heartbeat_at IS NOT NULL AND heartbeat_at < now() - lease
            """);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<TrainingRunInfo?> GetAsync(string runId, CancellationToken cancellationToken = default)
    {
        using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM {_tables.TrainingRuns} WHERE run_id = @run_id");
        command.Parameters.AddWithValue("run_id", runId);
        var rows = await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>The most recent runs, newest first (start time, then insertion order).</summary>
    public async Task<IReadOnlyList<TrainingRunInfo>> ListRecentAsync(int limit = 20, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (limit == 0)
        {
            return [];
        }

        using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM {_tables.TrainingRuns} ORDER BY started_at DESC, id DESC LIMIT @limit");
        command.Parameters.AddWithValue("limit", limit);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<TrainingRunInfo>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var list = new List<TrainingRunInfo>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add(new TrainingRunInfo
                {
                    RunId = reader.GetString(0),
                    StartedAt = reader.GetFieldValue<DateTimeOffset>(1),
                    FinishedAt = reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
                    Outcome = TrainingOutcomeText.Parse(reader.GetString(3)),
                    Error = reader.IsDBNull(4) ? null : reader.GetString(4),
                    ModelVersion = reader.IsDBNull(5) ? null : reader.GetString(5),
                    HeartbeatAt = reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                    Lease = reader.IsDBNull(7) ? null : reader.GetFieldValue<TimeSpan>(7),
                });
            }
        }

        return list;
    }
}

/// <summary>Maps <see cref="TrainingOutcome"/> to the lower-case text stored in <c>training_runs.outcome</c>.</summary>
internal static class TrainingOutcomeText
{
    public static string ToText(TrainingOutcome outcome) => outcome switch
    {
        TrainingOutcome.Running => "running",
        TrainingOutcome.Activated => "activated",
        TrainingOutcome.Rejected => "rejected",
        TrainingOutcome.Failed => "failed",
        TrainingOutcome.Cancelled => "cancelled",
        TrainingOutcome.Skipped => "skipped",
        TrainingOutcome.Abandoned => "abandoned",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Undefined training outcome."),
    };

    public static TrainingOutcome Parse(string text) => text switch
    {
        "running" => TrainingOutcome.Running,
        "activated" => TrainingOutcome.Activated,
        "rejected" => TrainingOutcome.Rejected,
        "failed" => TrainingOutcome.Failed,
        "cancelled" => TrainingOutcome.Cancelled,
        "skipped" => TrainingOutcome.Skipped,
        "abandoned" => TrainingOutcome.Abandoned,
        _ => throw new InvalidOperationException($"Unknown training outcome '{text}' in training_runs (written by a newer version of Recommender?)."),
    };
}
