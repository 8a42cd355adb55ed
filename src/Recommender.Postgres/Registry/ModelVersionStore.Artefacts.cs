using System.Data;
using System.Diagnostics;
using Npgsql;

namespace Recommender.Postgres.Registry;

internal sealed partial class ModelVersionStore
{
    /// <summary>
    /// The size of one artefact chunk: 1 MiB. Small enough that neither side ever holds much of the artefact in
    /// memory, large enough that a 300 MB model is only 300 rows.
    /// </summary>
    internal const int ChunkSize = 1 << 20;

    private string CopyChunksSql => $"COPY {_tables.ArtefactChunks} (model_version_id, chunk_index, data) FROM STDIN (FORMAT BINARY)";

    /// <summary>
    /// Stores a new version atomically: (1) inserts its row as <c>training</c> and takes its save lock (one statement,
    /// committed, so the row is visible while it is written); (2) in one transaction streams the artefact that
    /// <paramref name="writeArtefact"/> writes into chunks, records size and SHA-256, and marks the row <c>ready</c>.
    /// If anything fails, step 2 rolls back and the row is deleted; if even that fails (the database went away),
    /// the row stays <c>training</c> (never loadable nor activatable) until <see cref="RemoveOrphansAsync"/>, run
    /// at the start of every save, finds it without a save lock and deletes it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The version exists already.</exception>
    public async Task<ModelVersionRecord> SaveAsync(NewModelVersion model, Func<Stream, CancellationToken, ValueTask> writeArtefact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(writeArtefact);
        Guard.NotNullOrEmpty(model.Version, nameof(model));
        var started = Stopwatch.GetTimestamp();
        await RemoveOrphansAsync(cancellationToken).ConfigureAwait(false);

        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        long id;
        using (var create = new NpgsqlCommand(
            $"""
            WITH created AS (
                INSERT INTO {_tables.ModelVersions} (version, created_at, trained_at, status, parameters, metrics, data_watermark)
                VALUES (@version, @created, @trained, 'training', @parameters, @metrics, @watermark)
                ON CONFLICT (version) DO NOTHING
                RETURNING id)
            SELECT c.id FROM created c CROSS JOIN LATERAL (SELECT pg_advisory_lock({RegistryLocks.SaveKeySql("c.id")})) AS locked
            """,
            connection))
        {
            AddNewModelParameters(create, model);
            create.Parameters.AddWithValue("schema_key", _tables.Locks.SchemaKey);
            id = await create.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long?
                ?? throw new InvalidOperationException($"Model version '{model.Version}' already exists.");
        }

        ModelVersionRecord saved;
        ArtefactInfo artefact;
        try
        {
            (saved, artefact) = await WriteAndMarkReadyAsync(connection, id, model.Version, writeArtefact, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await AbandonAsync(connection, id, model.Version, ex).ConfigureAwait(false);
            throw;
        }

        await UnlockSaveAsync(connection, id).ConfigureAwait(false);
        Log.ArtefactWritten(_logger, model.Version, artefact.SizeBytes, artefact.Chunks, Stopwatch.GetElapsedTime(started).TotalSeconds);
        return saved;
    }

    /// <summary>
    /// Deletes <c>training</c> rows that no connection holds the save lock of: left over by a saver that crashed or
    /// lost its connection before it could clean up. Rows being written are locked and kept.
    /// </summary>
    /// <returns>How many rows were deleted.</returns>
    public async Task<int> RemoveOrphansAsync(CancellationToken cancellationToken = default)
    {
        using var command = _dataSource.CreateCommand(
            $"""
            DELETE FROM {_tables.ModelVersions} m
            WHERE m.status = 'training'
              AND CASE WHEN m.status = 'training' THEN pg_try_advisory_xact_lock({RegistryLocks.SaveKeySql("m.id")}) ELSE false END
            """);
        command.Parameters.AddWithValue("schema_key", _tables.Locks.SchemaKey);
        var removed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (removed > 0)
        {
            Log.OrphansRemoved(_logger, removed, _tables.Schema);
        }

        return removed;
    }

    /// <summary>
    /// Stores (or replaces) the artefact of an existing version, streaming <paramref name="content"/> to the end in
    /// <see cref="ChunkSize"/> chunks through binary COPY, in one transaction, and records its SHA-256 and length.
    /// Memory: one chunk, whatever the artefact's size. Does not change the status.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The version is unknown.</exception>
    public async Task<ArtefactInfo> WriteArtefactAsync(string version, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var started = Stopwatch.GetTimestamp();
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);

        long id;
        using (var find = new NpgsqlCommand(
            $"SELECT id FROM {_tables.ModelVersions} WHERE version = @version FOR UPDATE", connection, transaction))
        {
            find.Parameters.AddWithValue("version", version);
            id = await find.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long?
                ?? throw new KeyNotFoundException($"Model '{version}' does not exist.");
        }

        using (var clear = new NpgsqlCommand($"DELETE FROM {_tables.ArtefactChunks} WHERE model_version_id = @id", connection, transaction))
        {
            clear.Parameters.AddWithValue("id", id);
            await clear.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var info = await CopyChunksAsync(connection, id, (stream, ct) => new ValueTask(content.CopyToAsync(stream, ChunkSize, ct)), cancellationToken).ConfigureAwait(false);
        using (var record = new NpgsqlCommand(
            $"UPDATE {_tables.ModelVersions} SET checksum = @checksum, size_bytes = @size WHERE id = @id", connection, transaction))
        {
            record.Parameters.AddWithValue("checksum", info.Checksum);
            record.Parameters.AddWithValue("size", info.SizeBytes);
            record.Parameters.AddWithValue("id", id);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        Log.ArtefactWritten(_logger, version, info.SizeBytes, info.Chunks, Stopwatch.GetElapsedTime(started).TotalSeconds);
        return info;
    }

    /// <summary>
    /// Opens a model's artefact for reading, chunk by chunk, from one snapshot (a read-only repeatable-read
    /// transaction held by the stream). The stream checks length and SHA-256 when it reaches the end and throws
    /// <see cref="InvalidDataException"/> on a mismatch. Returns null when the version is unknown or has no artefact.
    /// Dispose the stream to return its connection.
    /// </summary>
    public Task<Stream?> OpenArtefactAsync(string version, CancellationToken cancellationToken = default)
        => OpenArtefactCoreAsync(version, loadableOnly: false, cancellationToken);

    /// <summary>As <see cref="OpenArtefactAsync(string, CancellationToken)"/>, for ready and retired versions only.</summary>
    public Task<Stream?> OpenLoadableArtefactAsync(string version, CancellationToken cancellationToken = default)
        => OpenArtefactCoreAsync(version, loadableOnly: true, cancellationToken);

    private async Task<Stream?> OpenArtefactCoreAsync(string version, bool loadableOnly, CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        NpgsqlTransaction? transaction = null;
        try
        {
            transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
            var status = loadableOnly ? " AND status IN ('ready', 'retired')" : string.Empty;
            using var find = new NpgsqlCommand(
                $"SET TRANSACTION READ ONLY; SELECT id, checksum, size_bytes FROM {_tables.ModelVersions} WHERE version = @version AND checksum IS NOT NULL{status}",
                connection,
                transaction);
            find.Parameters.AddWithValue("version", version);
            long id, size;
            string checksum;
            var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    await transaction.DisposeAsync().ConfigureAwait(false);
                    await connection.DisposeAsync().ConfigureAwait(false);
                    return null;
                }

                (id, checksum, size) = (reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2));
            }

            return new ArtefactReadStream(connection, transaction, _tables.ArtefactChunks, id, size, checksum);
        }
        catch
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
            }

            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    internal static string FormatChecksum(byte[] sha256) => "sha256:" + Convert.ToHexStringLower(sha256);

    private async Task<(ModelVersionRecord Saved, ArtefactInfo Artefact)> WriteAndMarkReadyAsync(
        NpgsqlConnection connection, long id, string version, Func<Stream, CancellationToken, ValueTask> writeArtefact, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);
        var artefact = await CopyChunksAsync(connection, id, writeArtefact, cancellationToken).ConfigureAwait(false);
        ModelVersionRecord? saved;
        using (var ready = new NpgsqlCommand(
            $"""
            UPDATE {_tables.ModelVersions} AS m SET status = 'ready', checksum = @checksum, size_bytes = @size
            WHERE m.id = @id AND m.status = 'training'
            RETURNING {_columns}
            """,
            connection,
            transaction))
        {
            ready.Parameters.AddWithValue("checksum", artefact.Checksum);
            ready.Parameters.AddWithValue("size", artefact.SizeBytes);
            ready.Parameters.AddWithValue("id", id);
            saved = await ReadOneAsync(ready, cancellationToken).ConfigureAwait(false);
        }

        if (saved is null)
        {
            throw new InvalidOperationException($"Model version '{version}' was deleted or changed while it was being saved.");
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (saved, artefact);
    }

    /// <summary>Runs <paramref name="write"/> against a stream that COPYs into the chunks table on <paramref name="connection"/>.</summary>
    private async Task<ArtefactInfo> CopyChunksAsync(NpgsqlConnection connection, long id, Func<Stream, CancellationToken, ValueTask> write, CancellationToken cancellationToken)
    {
        var importer = await connection.BeginBinaryImportAsync(CopyChunksSql, cancellationToken).ConfigureAwait(false);
        var stream = new ArtefactWriteStream(importer, id);
        try
        {
            await write(stream, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            var info = await stream.CompleteAsync(cancellationToken).ConfigureAwait(false);
            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            await importer.DisposeAsync().ConfigureAwait(false);
            return info;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Abort the COPY (or find the connection broken); the failure that got us here is what matters.
            await DisposeQuietlyAsync(importer).ConfigureAwait(false);
            throw;
        }
        finally
        {
            stream.ReleaseBuffer();
        }
    }

    /// <summary>After a failed save: deletes the <c>training</c> row (through another connection, since this one may be
    /// broken) and releases the save lock. Never throws: a row that cannot be deleted now is an orphan for later.</summary>
    private async Task AbandonAsync(NpgsqlConnection connection, long id, string version, Exception failure)
    {
        var removed = false;
        try
        {
            using var delete = _dataSource.CreateCommand($"DELETE FROM {_tables.ModelVersions} WHERE id = @id AND status = 'training'");
            delete.Parameters.AddWithValue("id", id);
            delete.CommandTimeout = 15;
            removed = await delete.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false) == 1;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // The database is unreachable: RemoveOrphansAsync deletes the row on a later save.
        }

        await UnlockSaveAsync(connection, id).ConfigureAwait(false);
        Log.SaveAbandoned(_logger, failure, version, removed);
    }

    private async Task UnlockSaveAsync(NpgsqlConnection connection, long id)
    {
        if (connection.FullState != ConnectionState.Open)
        {
            return; // broken: the server released the lock with the session
        }

        try
        {
            using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            unlock.Parameters.AddWithValue("key", _tables.Locks.SaveKey(id));
            await unlock.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or ObjectDisposedException)
        {
            // Broken on the way: the lock went with the session.
        }
    }

    private static async ValueTask DisposeQuietlyAsync(NpgsqlBinaryImporter importer)
    {
        try
        {
            await importer.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or ObjectDisposedException or IOException or OperationCanceledException)
        {
            // The connection is broken or the COPY was already abandoned.
        }
    }
}
