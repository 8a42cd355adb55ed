using Npgsql;

namespace Recommender.Postgres.Registry;

/// <summary>One row of <c>training_runs</c>.</summary>
internal sealed record TrainingRunRecord(long Id, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string Outcome, string? Error, string? ModelVersion);

/// <summary>The outcomes written to <c>training_runs.outcome</c> (free text in the table, so that new ones need no migration).</summary>
internal static class TrainingOutcomes
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public const string Skipped = "skipped";
}

/// <summary>
/// Low-level access to <c>training_runs</c>: start, finish, get, list the most recent. Internal: the Core training
/// pipeline will record its runs through an abstraction built on it.
/// </summary>
internal sealed class TrainingRunStore
{
    /// <summary>Error texts are cut to this many characters.</summary>
    internal const int MaxErrorLength = 8_000;

    private const string Columns = "id, started_at, finished_at, outcome, error, model_version";

    private readonly NpgsqlDataSource _dataSource;
    private readonly SdkTables _tables;
    private readonly TimeProvider _time;

    public TrainingRunStore(NpgsqlDataSource dataSource, PostgresRecommenderOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _tables = new SdkTables(options);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Records the start of a run (outcome <c>running</c>).</summary>
    public async Task<TrainingRunRecord> StartAsync(CancellationToken cancellationToken = default)
    {
        using var command = _dataSource.CreateCommand(
            $"INSERT INTO {_tables.TrainingRuns} (started_at, outcome) VALUES (@now, @outcome) RETURNING {Columns}");
        command.Parameters.AddWithValue("now", _time.GetUtcNow());
        command.Parameters.AddWithValue("outcome", TrainingOutcomes.Running);
        return (await ReadAsync(command, cancellationToken).ConfigureAwait(false))[0];
    }

    /// <summary>Records the end of a run. False when the id is unknown.</summary>
    /// <param name="id">The run.</param>
    /// <param name="outcome">One of <see cref="TrainingOutcomes"/> (or any other word).</param>
    /// <param name="error">What went wrong, or null; cut to <see cref="MaxErrorLength"/> characters.</param>
    /// <param name="modelVersion">The model it produced, or null.</param>
    /// <param name="cancellationToken">Stops the update.</param>
    public async Task<bool> FinishAsync(long id, string outcome, string? error = null, string? modelVersion = null, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrEmpty(outcome, nameof(outcome));
        if (error is { Length: > MaxErrorLength })
        {
            error = error[..MaxErrorLength];
        }

        using var command = _dataSource.CreateCommand(
            $"UPDATE {_tables.TrainingRuns} SET finished_at = @now, outcome = @outcome, error = @error, model_version = @model WHERE id = @id");
        command.Parameters.AddWithValue("now", _time.GetUtcNow());
        command.Parameters.AddWithValue("outcome", outcome);
        command.Parameters.Add(ModelVersionStore.Text("error", error));
        command.Parameters.Add(ModelVersionStore.Text("model", modelVersion));
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<TrainingRunRecord?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM {_tables.TrainingRuns} WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        var rows = await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>The most recent runs, newest first.</summary>
    public async Task<IReadOnlyList<TrainingRunRecord>> ListRecentAsync(int limit = 20, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM {_tables.TrainingRuns} ORDER BY started_at DESC, id DESC LIMIT @limit");
        command.Parameters.AddWithValue("limit", limit);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<TrainingRunRecord>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var list = new List<TrainingRunRecord>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add(new TrainingRunRecord(
                    reader.GetInt64(0),
                    reader.GetFieldValue<DateTimeOffset>(1),
                    reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
                    reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5)));
            }
        }

        return list;
    }
}
