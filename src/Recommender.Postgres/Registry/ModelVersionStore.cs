using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace Recommender.Postgres.Registry;

/// <summary>
/// Low-level access to <c>model_versions</c> and its artefact chunks: create, read, list, change status, activate
/// (at most one active model per A/B variant) and delete. The artefact streams in and out in chunks
/// (<see cref="WriteArtefactAsync"/>, <see cref="OpenArtefactAsync"/>). Internal: the Core model-store abstraction
/// will be built on it.
/// </summary>
internal sealed partial class ModelVersionStore
{
    private const string Columns =
        "id, version, created_at, trained_at, status, is_active, ab_variant, parameters::text, metrics::text, data_watermark, checksum, size_bytes";

    private readonly NpgsqlDataSource _dataSource;
    private readonly SdkTables _tables;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ModelVersionStore(NpgsqlDataSource dataSource, PostgresRecommenderOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _tables = new SdkTables(options);
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Adds a model in status <see cref="ModelStatus.Training"/>.</summary>
    /// <exception cref="PostgresException">The version exists already (unique violation, 23505).</exception>
    public async Task<ModelVersionRecord> CreateAsync(NewModelVersion model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        Guard.NotNullOrEmpty(model.Version, nameof(model));
        using var command = _dataSource.CreateCommand(
            $"""
            INSERT INTO {_tables.ModelVersions} (version, created_at, status, ab_variant, parameters, data_watermark)
            VALUES (@version, @now, 'training', @variant, @parameters, @watermark)
            RETURNING {Columns}
            """);
        command.Parameters.AddWithValue("version", model.Version);
        command.Parameters.AddWithValue("now", _time.GetUtcNow());
        command.Parameters.Add(Text("variant", model.AbVariant));
        command.Parameters.Add(new NpgsqlParameter("parameters", NpgsqlDbType.Jsonb) { Value = model.ParametersJson });
        command.Parameters.Add(Timestamp("watermark", model.DataWatermark));
        return (await ReadOneAsync(command, cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<ModelVersionRecord?> GetAsync(string version, CancellationToken cancellationToken = default)
    {
        using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM {_tables.ModelVersions} WHERE version = @version");
        command.Parameters.AddWithValue("version", version);
        return await ReadOneAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The active model of a variant (null: the default variant), or null when none is active.</summary>
    public async Task<ModelVersionRecord?> GetActiveAsync(string? variant = null, CancellationToken cancellationToken = default)
    {
        using var command = _dataSource.CreateCommand(
            $"SELECT {Columns} FROM {_tables.ModelVersions} WHERE is_active AND COALESCE(ab_variant, '') = COALESCE(@variant, '')");
        command.Parameters.Add(Text("variant", variant));
        return await ReadOneAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every model, newest first.</summary>
    public async Task<IReadOnlyList<ModelVersionRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM {_tables.ModelVersions} ORDER BY id DESC");
        var list = new List<ModelVersionRecord>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add(Map(reader));
            }
        }

        return list;
    }

    /// <summary>Marks a model trained: status ready, its metrics and training time. False when the version is unknown.</summary>
    public async Task<bool> MarkReadyAsync(string version, string metricsJson, CancellationToken cancellationToken = default)
    {
        using var command = _dataSource.CreateCommand(
            $"UPDATE {_tables.ModelVersions} SET status = 'ready', metrics = @metrics, trained_at = @now WHERE version = @version");
        command.Parameters.AddWithValue("version", version);
        command.Parameters.Add(new NpgsqlParameter("metrics", NpgsqlDbType.Jsonb) { Value = metricsJson });
        command.Parameters.AddWithValue("now", _time.GetUtcNow());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>Sets the status; any status but ready also deactivates the model. False when the version is unknown.</summary>
    public async Task<bool> SetStatusAsync(string version, ModelStatus status, CancellationToken cancellationToken = default)
    {
        using var command = _dataSource.CreateCommand(
            $"UPDATE {_tables.ModelVersions} SET status = @status, is_active = is_active AND @status = 'ready' WHERE version = @version");
        command.Parameters.AddWithValue("version", version);
        command.Parameters.AddWithValue("status", ModelStatusText.ToText(status));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>
    /// Makes a ready model the active one of its variant, deactivating the previous one in the same transaction.
    /// Activations are serialised by a table lock that readers do not wait for.
    /// </summary>
    /// <exception cref="InvalidOperationException">The version is unknown or not ready.</exception>
    public async Task ActivateAsync(string version, CancellationToken cancellationToken = default)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);
        using var command = new NpgsqlCommand(
            $"""
            LOCK TABLE {_tables.ModelVersions} IN SHARE ROW EXCLUSIVE MODE;
            UPDATE {_tables.ModelVersions} AS old SET is_active = false
            FROM {_tables.ModelVersions} AS new
            WHERE new.version = @version AND new.status = 'ready' AND old.is_active AND old.id <> new.id
              AND COALESCE(old.ab_variant, '') = COALESCE(new.ab_variant, '');
            UPDATE {_tables.ModelVersions} SET is_active = true WHERE version = @version AND status = 'ready'
            RETURNING COALESCE(ab_variant, '');
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("version", version);
        var variant = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string
            ?? throw new InvalidOperationException($"Model '{version}' cannot be activated: it does not exist or is not ready.");
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        Log.ModelActivated(_logger, version, variant.Length == 0 ? "(default)" : variant);
    }

    /// <summary>Deletes a model and its artefact. False when the version is unknown.</summary>
    public async Task<bool> DeleteAsync(string version, CancellationToken cancellationToken = default)
    {
        using var command = _dataSource.CreateCommand($"DELETE FROM {_tables.ModelVersions} WHERE version = @version");
        command.Parameters.AddWithValue("version", version);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static async Task<ModelVersionRecord?> ReadOneAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Map(reader) : null;
        }
    }

    private static ModelVersionRecord Map(NpgsqlDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Version = r.GetString(1),
        CreatedAt = r.GetFieldValue<DateTimeOffset>(2),
        TrainedAt = r.IsDBNull(3) ? null : r.GetFieldValue<DateTimeOffset>(3),
        Status = ModelStatusText.Parse(r.GetString(4)),
        IsActive = r.GetBoolean(5),
        AbVariant = r.IsDBNull(6) ? null : r.GetString(6),
        ParametersJson = r.GetString(7),
        MetricsJson = r.GetString(8),
        DataWatermark = r.IsDBNull(9) ? null : r.GetFieldValue<DateTimeOffset>(9),
        Checksum = r.IsDBNull(10) ? null : r.GetString(10),
        SizeBytes = r.IsDBNull(11) ? null : r.GetInt64(11),
    };

    internal static NpgsqlParameter Text(string name, string? value)
        => new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    internal static NpgsqlParameter Timestamp(string name, DateTimeOffset? value)
        => new(name, NpgsqlDbType.TimestampTz) { Value = value is { } v ? v.ToUniversalTime() : DBNull.Value };
}
