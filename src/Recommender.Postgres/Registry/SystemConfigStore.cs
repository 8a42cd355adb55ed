using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Recommender.Postgres.Registry;

/// <summary>One row of <c>system_config</c>; the value is JSON text as PostgreSQL normalises jsonb.</summary>
internal sealed record SystemConfigRecord(string Key, string ValueJson, DateTimeOffset UpdatedAt);

/// <summary>
/// Low-level access to <c>system_config</c> (key to jsonb value): set, get, list, delete. The configuration
/// provider (<see cref="PostgresConfigurationSource"/>) and <see cref="PostgresSystemConfig"/> are built on it.
/// </summary>
internal sealed class SystemConfigStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly SdkTables _tables;
    private readonly TimeProvider _time;

    public SystemConfigStore(NpgsqlDataSource dataSource, PostgresRecommenderOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _tables = new SdkTables(options);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Creates or replaces a value.</summary>
    /// <exception cref="ArgumentException">The key is empty or the value is not JSON.</exception>
    public async Task<SystemConfigRecord> SetAsync(string key, string valueJson, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrEmpty(key, nameof(key));
        ArgumentNullException.ThrowIfNull(valueJson);
        try
        {
            using var parsed = JsonDocument.Parse(valueJson);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"The value of '{key}' is not valid JSON: {ex.Message}", nameof(valueJson), ex);
        }

        using var command = _dataSource.CreateCommand(
            $"""
            INSERT INTO {_tables.SystemConfig} (key, value, updated_at) VALUES (@key, @value, @now)
            ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at
            RETURNING key, value::text, updated_at
            """);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.Add(new NpgsqlParameter("value", NpgsqlDbType.Jsonb) { Value = valueJson });
        command.Parameters.AddWithValue("now", _time.GetUtcNow());
        return (await ReadAsync(command, cancellationToken).ConfigureAwait(false))[0];
    }

    public async Task<SystemConfigRecord?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        using var command = _dataSource.CreateCommand($"SELECT key, value::text, updated_at FROM {_tables.SystemConfig} WHERE key = @key");
        command.Parameters.AddWithValue("key", key);
        var rows = await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Every value, by key.</summary>
    public async Task<IReadOnlyList<SystemConfigRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        using var command = _dataSource.CreateCommand($"SELECT key, value::text, updated_at FROM {_tables.SystemConfig} ORDER BY key COLLATE \"C\"");
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every value, by key, synchronously (for <c>IConfigurationProvider.Load</c>).</summary>
    public IReadOnlyList<SystemConfigRecord> List()
    {
        using var command = _dataSource.CreateCommand($"SELECT key, value::text, updated_at FROM {_tables.SystemConfig} ORDER BY key COLLATE \"C\"");
        var list = new List<SystemConfigRecord>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            list.Add(new SystemConfigRecord(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return list;
    }

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        using var command = _dataSource.CreateCommand($"DELETE FROM {_tables.SystemConfig} WHERE key = @key");
        command.Parameters.AddWithValue("key", key);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static async Task<List<SystemConfigRecord>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var list = new List<SystemConfigRecord>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add(new SystemConfigRecord(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
            }
        }

        return list;
    }
}
