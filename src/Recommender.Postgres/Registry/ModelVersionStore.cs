using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using Recommender.Training;

namespace Recommender.Postgres.Registry;

/// <summary>
/// Low-level access to <c>model_versions</c>, <c>active_models</c> and the artefact chunks: create, read, list,
/// change status, activate per variant, deactivate and delete. The artefact streams in and out in chunks
/// (<see cref="SaveAsync"/>, <see cref="WriteArtefactAsync"/>, <see cref="OpenArtefactAsync"/>).
/// <see cref="PostgresModelStore"/> builds the public <see cref="IModelStore"/> on it.
/// </summary>
internal sealed partial class ModelVersionStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly SdkTables _tables;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _columns;

    public ModelVersionStore(NpgsqlDataSource dataSource, PostgresRecommenderOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _tables = new SdkTables(options);
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _columns =
            "m.id, m.version, m.created_at, m.trained_at, m.status, " +
            $"(SELECT a.variant FROM {_tables.ActiveModels} a WHERE a.model_version_id = m.id ORDER BY a.variant <> 'default', a.variant COLLATE \"C\" LIMIT 1), " +
            "m.parameters::text, m.metrics::text, m.data_watermark, m.checksum, m.size_bytes";
    }

    internal SdkTables Tables => _tables;

    /// <summary>Adds a model in status <see cref="ModelStatus.Training"/>.</summary>
    /// <exception cref="PostgresException">The version exists already (unique violation, 23505).</exception>
    public async Task<ModelVersionRecord> CreateAsync(NewModelVersion model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        Guard.NotNullOrEmpty(model.Version, nameof(model));
        using var command = _dataSource.CreateCommand(
            $"""
            INSERT INTO {_tables.ModelVersions} AS m (version, created_at, trained_at, status, parameters, metrics, data_watermark)
            VALUES (@version, @created, @trained, 'training', @parameters, @metrics, @watermark)
            RETURNING {_columns}
            """);
        AddNewModelParameters(command, model);
        return (await ReadOneAsync(command, cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<ModelVersionRecord?> GetAsync(string version, CancellationToken cancellationToken = default)
    {
        using var command = _dataSource.CreateCommand($"SELECT {_columns} FROM {_tables.ModelVersions} m WHERE m.version = @version");
        command.Parameters.AddWithValue("version", version);
        return await ReadOneAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The model a variant serves, or null when it serves none.</summary>
    public async Task<ModelVersionRecord?> GetActiveAsync(string variant = ModelVariants.Default, CancellationToken cancellationToken = default)
    {
        using var command = _dataSource.CreateCommand(
            $"SELECT {_columns} FROM {_tables.ModelVersions} m JOIN {_tables.ActiveModels} v ON v.model_version_id = m.id WHERE v.variant = @variant");
        command.Parameters.AddWithValue("variant", variant);
        return await ReadOneAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Which version each variant serves.</summary>
    public async Task<Dictionary<string, string>> GetActiveMapAsync(CancellationToken cancellationToken = default)
    {
        using var command = _dataSource.CreateCommand(
            $"SELECT a.variant, m.version FROM {_tables.ActiveModels} a JOIN {_tables.ModelVersions} m ON m.id = a.model_version_id");
        return await ReadActiveMapAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every model, newest first (creation time, then version in ordinal order).</summary>
    public async Task<IReadOnlyList<ModelVersionRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        using var command = _dataSource.CreateCommand(
            $"SELECT {_columns} FROM {_tables.ModelVersions} m ORDER BY m.created_at DESC, m.version COLLATE \"C\" DESC");
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

    /// <summary>Sets the status. False when the version is unknown.</summary>
    /// <exception cref="PostgresException">The version serves a variant and the status is not ready (foreign key, 23503).</exception>
    public async Task<bool> SetStatusAsync(string version, ModelStatus status, CancellationToken cancellationToken = default)
    {
        using var command = _dataSource.CreateCommand($"UPDATE {_tables.ModelVersions} SET status = @status WHERE version = @version");
        command.Parameters.AddWithValue("version", version);
        command.Parameters.AddWithValue("status", ModelStatusText.ToText(status));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>
    /// Makes a ready or retired model the one a variant serves, in one transaction: the model becomes ready, the
    /// variant's previous model is retired unless another variant still serves it. Activations are serialised by a
    /// lock on <c>active_models</c> that readers do not wait for. The trigger on <c>active_models</c> sends NOTIFY
    /// when the transaction commits.
    /// </summary>
    /// <returns>Which version each variant serves afterwards.</returns>
    /// <exception cref="KeyNotFoundException">The version is unknown.</exception>
    /// <exception cref="InvalidOperationException">The version is neither ready nor retired.</exception>
    public async Task<Dictionary<string, string>> ActivateAsync(string version, string variant = ModelVariants.Default, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrEmpty(variant, nameof(variant));
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);

        long id;
        using (var find = new NpgsqlCommand(
            $"""
            LOCK TABLE {_tables.ActiveModels} IN SHARE ROW EXCLUSIVE MODE;
            SELECT id, status FROM {_tables.ModelVersions} WHERE version = @version FOR UPDATE;
            """,
            connection,
            transaction))
        {
            find.Parameters.AddWithValue("version", version);
            string status;
            var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new KeyNotFoundException($"No model version '{version}'.");
                }

                (id, status) = (reader.GetInt64(0), reader.GetString(1));
            }

            if (status is not ("ready" or "retired"))
            {
                throw new InvalidOperationException($"Model version '{version}' is {ModelStatusText.Parse(status)} and cannot be activated.");
            }
        }

        using (var activate = new NpgsqlCommand(
            $"UPDATE {_tables.ModelVersions} SET status = 'ready' WHERE id = @id AND status <> 'ready'", connection, transaction))
        {
            activate.Parameters.AddWithValue("id", id);
            await activate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        using (var swap = new NpgsqlCommand(
            $"""
            WITH previous AS (SELECT model_version_id AS id FROM {_tables.ActiveModels} WHERE variant = @variant),
            upsert AS (
                INSERT INTO {_tables.ActiveModels} (variant, model_version_id, activated_at) VALUES (@variant, @id, @now)
                ON CONFLICT (variant) DO UPDATE SET model_version_id = EXCLUDED.model_version_id, activated_at = EXCLUDED.activated_at
                RETURNING 1)
            SELECT (SELECT id FROM previous), (SELECT count(*) FROM upsert);
            """,
            connection,
            transaction))
        {
            swap.Parameters.AddWithValue("variant", variant);
            swap.Parameters.AddWithValue("id", id);
            swap.Parameters.AddWithValue("now", _time.GetUtcNow());
            var previous = await swap.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long?;
            if (previous is { } old && old != id)
            {
                await RetireIfUnservedAsync(connection, transaction, old, cancellationToken).ConfigureAwait(false);
            }
        }

        var active = await ReadActiveMapAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        Log.ModelActivated(_logger, version, variant);
        return active;
    }

    /// <summary>Stops a variant serving any model (its model is retired unless another variant serves it).</summary>
    /// <returns>Which version each variant serves afterwards, or null when the variant served nothing.</returns>
    public async Task<Dictionary<string, string>?> DeactivateAsync(string variant, CancellationToken cancellationToken = default)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);
        long? previous;
        using (var delete = new NpgsqlCommand(
            $"""
            LOCK TABLE {_tables.ActiveModels} IN SHARE ROW EXCLUSIVE MODE;
            DELETE FROM {_tables.ActiveModels} WHERE variant = @variant RETURNING model_version_id;
            """,
            connection,
            transaction))
        {
            delete.Parameters.AddWithValue("variant", variant);
            previous = await delete.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long?;
        }

        if (previous is not { } old)
        {
            return null;
        }

        await RetireIfUnservedAsync(connection, transaction, old, cancellationToken).ConfigureAwait(false);
        var active = await ReadActiveMapAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        Log.VariantDeactivated(_logger, variant);
        return active;
    }

    /// <summary>Deletes a model and its artefact unless a variant serves it. False when the version is unknown.</summary>
    /// <exception cref="InvalidOperationException">A variant serves the version.</exception>
    public async Task<bool> DeleteAsync(string version, CancellationToken cancellationToken = default)
    {
        using var command = _dataSource.CreateCommand(
            $"""
            WITH target AS (SELECT id, EXISTS (SELECT 1 FROM {_tables.ActiveModels} a WHERE a.model_version_id = m.id) AS serving
                            FROM {_tables.ModelVersions} m WHERE version = @version),
            deleted AS (DELETE FROM {_tables.ModelVersions} WHERE id IN (SELECT id FROM target WHERE NOT serving) RETURNING 1)
            SELECT (SELECT serving FROM target), (SELECT count(*) FROM deleted)
            """);
        command.Parameters.AddWithValue("version", version);
        bool? serving;
        long deleted;
        try
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                serving = reader.IsDBNull(0) ? null : reader.GetBoolean(0);
                deleted = reader.GetInt64(1);
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            serving = true; // activated between the check and the delete
            deleted = 0;
        }

        if (serving == true && deleted == 0)
        {
            throw new InvalidOperationException($"Model version '{version}' is active and cannot be deleted.");
        }

        return deleted == 1;
    }

    private async Task RetireIfUnservedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, CancellationToken cancellationToken)
    {
        using var retire = new NpgsqlCommand(
            $"""
            UPDATE {_tables.ModelVersions} m SET status = 'retired'
            WHERE m.id = @id AND m.status = 'ready' AND NOT EXISTS (SELECT 1 FROM {_tables.ActiveModels} a WHERE a.model_version_id = m.id)
            """,
            connection,
            transaction);
        retire.Parameters.AddWithValue("id", id);
        await retire.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private Task<Dictionary<string, string>> ReadActiveMapAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(
            $"SELECT a.variant, m.version FROM {_tables.ActiveModels} a JOIN {_tables.ModelVersions} m ON m.id = a.model_version_id",
            connection,
            transaction);
        return ReadActiveMapAndDisposeAsync(command, cancellationToken);
    }

    private static async Task<Dictionary<string, string>> ReadActiveMapAndDisposeAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        using (command)
        {
            return await ReadActiveMapAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<Dictionary<string, string>> ReadActiveMapAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                map[reader.GetString(0)] = reader.GetString(1);
            }
        }

        return map;
    }

    private void AddNewModelParameters(NpgsqlCommand command, NewModelVersion model)
    {
        command.Parameters.AddWithValue("version", model.Version);
        command.Parameters.Add(Timestamp("created", model.CreatedAt ?? _time.GetUtcNow()));
        command.Parameters.Add(Timestamp("trained", model.TrainedAt));
        command.Parameters.Add(new NpgsqlParameter("parameters", NpgsqlDbType.Jsonb) { Value = model.ParametersJson });
        command.Parameters.Add(new NpgsqlParameter("metrics", NpgsqlDbType.Jsonb) { Value = model.MetricsJson });
        command.Parameters.Add(Timestamp("watermark", model.DataWatermark));
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
        ActiveVariant = r.IsDBNull(5) ? null : r.GetString(5),
        ParametersJson = r.GetString(6),
        MetricsJson = r.GetString(7),
        DataWatermark = r.IsDBNull(8) ? null : r.GetFieldValue<DateTimeOffset>(8),
        Checksum = r.IsDBNull(9) ? null : r.GetString(9),
        SizeBytes = r.IsDBNull(10) ? null : r.GetInt64(10),
    };

    internal static NpgsqlParameter Text(string name, string? value)
        => new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    internal static NpgsqlParameter Timestamp(string name, DateTimeOffset? value)
        => new(name, NpgsqlDbType.TimestampTz) { Value = value is { } v ? v.ToUniversalTime() : DBNull.Value };
}
