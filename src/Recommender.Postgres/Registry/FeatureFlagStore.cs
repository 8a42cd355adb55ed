using Npgsql;

namespace Recommender.Postgres.Registry;

/// <summary>One row of <c>feature_flags</c>.</summary>
internal sealed record FeatureFlagRecord(string Name, bool Enabled, int RolloutPercentage, DateTimeOffset UpdatedAt);

/// <summary>
/// Low-level access to <c>feature_flags</c>: upsert, get, list, delete. Internal: the Core flag-provider
/// abstraction will be built on it.
/// </summary>
internal sealed class FeatureFlagStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly SdkTables _tables;
    private readonly TimeProvider _time;

    public FeatureFlagStore(NpgsqlDataSource dataSource, PostgresRecommenderOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _tables = new SdkTables(options);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Creates or replaces a flag.</summary>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The rollout is outside 0..100.</exception>
    public async Task<FeatureFlagRecord> UpsertAsync(string name, bool enabled, int rolloutPercentage = 100, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrEmpty(name, nameof(name));
        ArgumentOutOfRangeException.ThrowIfLessThan(rolloutPercentage, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rolloutPercentage, 100);
        using var command = _dataSource.CreateCommand(
            $"""
            INSERT INTO {_tables.FeatureFlags} (name, enabled, rollout_percentage, updated_at)
            VALUES (@name, @enabled, @rollout, @now)
            ON CONFLICT (name) DO UPDATE
            SET enabled = EXCLUDED.enabled, rollout_percentage = EXCLUDED.rollout_percentage, updated_at = EXCLUDED.updated_at
            RETURNING name, enabled, rollout_percentage, updated_at
            """);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("enabled", enabled);
        command.Parameters.AddWithValue("rollout", rolloutPercentage);
        command.Parameters.AddWithValue("now", _time.GetUtcNow());
        return (await ReadAsync(command, cancellationToken).ConfigureAwait(false))[0];
    }

    public async Task<FeatureFlagRecord?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        using var command = _dataSource.CreateCommand(
            $"SELECT name, enabled, rollout_percentage, updated_at FROM {_tables.FeatureFlags} WHERE name = @name");
        command.Parameters.AddWithValue("name", name);
        var rows = await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Every flag, by name.</summary>
    public async Task<IReadOnlyList<FeatureFlagRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        using var command = _dataSource.CreateCommand(
            $"SELECT name, enabled, rollout_percentage, updated_at FROM {_tables.FeatureFlags} ORDER BY name");
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        using var command = _dataSource.CreateCommand($"DELETE FROM {_tables.FeatureFlags} WHERE name = @name");
        command.Parameters.AddWithValue("name", name);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static async Task<List<FeatureFlagRecord>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var list = new List<FeatureFlagRecord>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add(new FeatureFlagRecord(reader.GetString(0), reader.GetBoolean(1), reader.GetInt32(2), reader.GetFieldValue<DateTimeOffset>(3)));
            }
        }

        return list;
    }
}
